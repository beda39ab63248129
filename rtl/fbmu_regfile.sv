// Register file: decodes the register map of regs/fbmu_regs.toml, holds ARG/CMD/IRQ_ENABLE, STATUS.
//
// Writes: DECERR for unmapped addresses, SLVERR for ro registers and for CMD, ARG_* and STAGING
// while busy (except the STAGING writes a streamed write takes: at or above its floor); WSTRB is
// honoured for rw registers and STAGING, and a CMD write starts a command only when it strobes the
// OPCODE byte (docs/spec.md, byte strobes). Reads: data from the next cycle, 0
// with DECERR when unmapped. The low two address bits are ignored. Offsets, the address width,
// each register's access and the field helpers come from fbmu_reg_pkg (generated).
module fbmu_regfile #(
  parameter int MemBytes   = 131072,  // arena memory bytes (CAP_MEM_BYTES)
  parameter int LeaseSlots = 16,      // lease records (CAP_SLOTS.LEASE_SLOTS)
  parameter int EventDepth = 16,      // event FIFO entries (CAP_SLOTS.EVENT_DEPTH)
  parameter int LgW        = 5,       // width of log2(arena size)
  parameter int StageBytes = 4096     // STAGING window bytes (fbmu_reg_pkg::WinStagingSize)
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Register access (from fbmu_axil_slave)
  input  logic           wr_req_i,       // write this cycle
  input  fbmu_reg_pkg::addr_t wr_addr_i, // byte address
  input  logic [31:0]    wr_data_i,      // data
  input  logic [3:0]     wr_strb_i,      // byte strobes
  output logic [1:0]     wr_resp_o,      // response (same cycle)
  input  logic           rd_req_i,       // read this cycle
  input  fbmu_reg_pkg::addr_t rd_addr_i, // byte address
  output logic [1:0]     rd_resp_o,      // response (same cycle)
  output logic [31:0]    rd_data_o,      // data, from the next cycle until the next read
  // Unit state
  input  logic           busy_i,         // command, platform request or scrub running
  input  logic           online_i,       // platform has the unit online
  input  logic [63:0]    rtc_i,          // RTC seconds
  input  logic [LgW-1:0] arena_lg_i,     // log2 of the arena size
  input  logic           session_i,      // HELLO session open
  input  logic           xfer_i,         // a READ's copy into STAGING runs (STATUS.XFER)
  input  logic           stream_i,       // a streamed write takes STAGING writes ...
  input  logic [$clog2(StageBytes/8)-1:0] stream_floor_i, // ... at 64-bit word index >= this
  input  logic [7:0]     result_i,       // result of the last command
  input  logic [127:0]   res_id_i,       // RES_ID
  input  logic [63:0]    res_size_i,     // RES_SIZE
  input  logic [63:0]    res_time_i,     // RES_TIME
  input  logic [7:0]     res_status_i,   // RES_STATUS
  input  logic [31:0]    res_len_i,      // RES_LEN
  input  logic [15:0]    ev_pending_i,   // events pending
  input  logic [15:0]    ev_dropped_i,   // events dropped
  input  logic [63:0]    epoch_i,        // RESET_EPOCH: warm resets since power-on
  // Command and arguments
  output logic           cmd_start_o,    // CMD accepted: start a command
  output logic [7:0]     cmd_op_o,       // its opcode
  output logic [127:0]   arg_id_o,       // ARG_ID_3..0
  output logic [63:0]    arg_a_o,        // ARG_A
  output logic [63:0]    arg_b_o,        // ARG_B
  output logic [31:0]    arg_len_o,      // ARG_LEN
  output logic           irq_o,          // IRQ_ENABLE.EVT && events pending
  // STAGING window (bus side)
  output logic           stg_we_o,       // write a staging word
  output logic [$clog2(StageBytes/8)-1:0] stg_waddr_o,    // word address
  output logic [$clog2(StageBytes/4)-1:0] stg_wword_o,    // 32-bit word index of the write
  output logic [63:0]    stg_wdata_o,    // data (the 32-bit word in both halves)
  output logic [7:0]     stg_be_o,       // byte enables
  output logic           stg_re_o,       // read a staging word
  output logic [$clog2(StageBytes/8)-1:0] stg_raddr_o,    // word address
  input  logic [63:0]    stg_rdata_i     // read data (one cycle latency, held)
);

  localparam int NumArgs = 9;  // ARG_ID_0..3, ARG_A_LO/HI, ARG_B_LO/HI, ARG_LEN
  localparam int AW = fbmu_reg_pkg::AddrWidth;

  logic [NumArgs*32-1:0] arg_q, arg_d;
  logic [fbmu_reg_pkg::CmdOpcodeWidth-1:0] cmd_q, cmd_d;  // CMD.OPCODE as last written
  logic                  irq_en_q, irq_en_d;
  logic [31:0]           rdata_q, rdata_d;
  logic                  rstg_q, rstg_d;      // the last read was a STAGING read
  logic                  rhalf_q, rhalf_d;    // ... of the upper half of the word

  // Address decode -------------------------------------------------------------------------------

  // Index of an ARG register, or -1.
  function automatic int arg_index(input fbmu_reg_pkg::addr_t a);
    case (a)
      fbmu_reg_pkg::RegArgId0: arg_index = 0;
      fbmu_reg_pkg::RegArgId1: arg_index = 1;
      fbmu_reg_pkg::RegArgId2: arg_index = 2;
      fbmu_reg_pkg::RegArgId3: arg_index = 3;
      fbmu_reg_pkg::RegArgALo: arg_index = 4;
      fbmu_reg_pkg::RegArgAHi: arg_index = 5;
      fbmu_reg_pkg::RegArgBLo: arg_index = 6;
      fbmu_reg_pkg::RegArgBHi: arg_index = 7;
      fbmu_reg_pkg::RegArgLen: arg_index = 8;
      default:                 arg_index = -1;
    endcase
  endfunction

  // Inside the STAGING window.
  function automatic logic in_staging(input fbmu_reg_pkg::addr_t a);
    in_staging = (a >= fbmu_reg_pkg::WinStaging) &&
                 (32'(a) - 32'(fbmu_reg_pkg::WinStaging) < 32'(fbmu_reg_pkg::WinStagingSize));
  endfunction

  // rw register write with byte strobes.
  function automatic logic [31:0] merge(input logic [31:0] old, input logic [31:0] data,
                                        input logic [3:0] strb);
    logic [31:0] mask;
    for (int b = 0; b < 4; b++) mask[8*b +: 8] = {8{strb[b]}};
    merge = (old & ~mask) | (data & mask);
  endfunction

  fbmu_reg_pkg::addr_t wa, ra;      // word-aligned addresses
  fbmu_reg_pkg::addr_t wofs, rofs;  // offsets inside the STAGING window
  logic        rd_upper;     // a STAGING read of the upper half of a 64-bit word
  int          widx;         // ARG register index of the write address, or -1
  logic        wr_stg;       // the write address is in the STAGING window
  logic        stg_ok;       // a STAGING write is taken: unit idle, or a stream takes it
  logic        wr_cmd;       // the write address is CMD
  logic        cmd_op_strb;  // the write strobes the byte of CMD.OPCODE
  logic [31:0] cmd_word;     // CMD write merged with WSTRB; only the OPCODE field is kept
  logic        irq_wr_en;    // the write strobes the byte of IRQ_ENABLE.EVT
  logic        irq_wr_val;   // ... with this value

  assign wa   = {wr_addr_i[AW-1:2], 2'b00};
  assign ra   = {rd_addr_i[AW-1:2], 2'b00};
  assign wofs = wa - fbmu_reg_pkg::WinStaging;
  assign rofs = ra - fbmu_reg_pkg::WinStaging;
  assign rd_upper = rofs[2];

  // Writes ----------------------------------------------------------------------------------------

  // Decode and the strobes that other modules consume are continuous assignments, so they change
  // only when their inputs do (no intermediate values from a default-then-override block).
  assign widx        = arg_index(wa);
  assign wr_stg      = in_staging(wa);
  assign wr_cmd      = (wa == fbmu_reg_pkg::RegCmd);
  assign cmd_word    = merge(fbmu_reg_pkg::cmd_opcode_set('0, cmd_q), wr_data_i, wr_strb_i);
  assign cmd_op_o    = fbmu_reg_pkg::cmd_opcode_get(cmd_word);
  assign cmd_op_strb = wr_strb_i[fbmu_reg_pkg::CmdOpcodeLsb / 8];
  assign cmd_start_o = wr_req_i && wr_cmd && cmd_op_strb && !busy_i;
  assign stg_ok      = !busy_i || (stream_i && stg_waddr_o >= stream_floor_i);
  assign stg_we_o    = wr_req_i && wr_stg && stg_ok;
  assign irq_wr_en   = wr_strb_i[fbmu_reg_pkg::IrqEnableEvtLsb / 8];
  assign irq_wr_val  = fbmu_reg_pkg::irq_enable_evt_get(wr_data_i);

  always_comb begin
    arg_d     = arg_q;
    cmd_d     = cmd_start_o ? cmd_op_o : cmd_q;
    irq_en_d  = irq_en_q;
    wr_resp_o = fbmu_pkg::RespDecErr;

    if (wr_req_i) begin
      if (wr_stg) begin
        wr_resp_o = stg_ok ? fbmu_pkg::RespOkay : fbmu_pkg::RespSlvErr;
      end else if (wr_cmd) begin
        wr_resp_o = busy_i ? fbmu_pkg::RespSlvErr : fbmu_pkg::RespOkay;
      end else if (widx >= 0) begin
        if (busy_i) begin
          wr_resp_o = fbmu_pkg::RespSlvErr;
        end else begin
          wr_resp_o            = fbmu_pkg::RespOkay;
          arg_d[widx*32 +: 32] = merge(arg_q[widx*32 +: 32], wr_data_i, wr_strb_i);
        end
      end else if (wa == fbmu_reg_pkg::RegIrqEnable) begin
        wr_resp_o = fbmu_pkg::RespOkay;
        if (irq_wr_en) irq_en_d = irq_wr_val;
      end else if (fbmu_reg_pkg::reg_is_ro(wa)) begin
        wr_resp_o = fbmu_pkg::RespSlvErr;
      end
    end
  end

  assign stg_waddr_o = wofs[$clog2(StageBytes)-1:3];
  assign stg_wword_o = wofs[$clog2(StageBytes)-1:2];
  assign stg_wdata_o = {wr_data_i, wr_data_i};
  assign stg_be_o    = wofs[2] ? {wr_strb_i, 4'b0000} : {4'b0000, wr_strb_i};

  // Reads -----------------------------------------------------------------------------------------

  logic [31:0] status, evt_count, cap_slots, version;

  // 32-bit words of the wide values, so the read mux below reads whole signals.
  logic [31:0] arg_id0, arg_id1, arg_id2, arg_id3, arg_a_lo, arg_a_hi, arg_b_lo, arg_b_hi, arg_len;
  logic [31:0] rtc_lo, rtc_hi, res_id0, res_id1, res_id2, res_id3;
  logic [31:0] res_size_lo, res_size_hi, res_time_lo, res_time_hi, epoch_lo, epoch_hi;

  assign {arg_len, arg_b_hi, arg_b_lo, arg_a_hi, arg_a_lo, arg_id3, arg_id2, arg_id1, arg_id0} = arg_q;
  assign {rtc_hi, rtc_lo}                   = rtc_i;
  assign {res_id3, res_id2, res_id1, res_id0} = res_id_i;
  assign {res_size_hi, res_size_lo}         = res_size_i;
  assign {res_time_hi, res_time_lo}         = res_time_i;
  assign {epoch_hi, epoch_lo}               = epoch_i;

  always_comb begin
    status = '0;
    status = fbmu_reg_pkg::status_busy_set(status, busy_i || cmd_start_o);
    status = fbmu_reg_pkg::status_online_set(status, online_i);
    status = fbmu_reg_pkg::status_session_set(status, session_i);
    status = fbmu_reg_pkg::status_evt_pending_set(status, ev_pending_i != 16'd0);
    status = fbmu_reg_pkg::status_irq_set(status, irq_o);
    status = fbmu_reg_pkg::status_xfer_set(status, xfer_i);
    status = fbmu_reg_pkg::status_result_set(status, result_i);

    evt_count = '0;
    evt_count = fbmu_reg_pkg::evt_count_pending_set(evt_count, ev_pending_i);
    evt_count = fbmu_reg_pkg::evt_count_dropped_set(evt_count, ev_dropped_i);

    cap_slots = '0;
    cap_slots = fbmu_reg_pkg::cap_slots_lease_slots_set(cap_slots, 8'(LeaseSlots));
    cap_slots = fbmu_reg_pkg::cap_slots_event_depth_set(cap_slots, 8'(EventDepth));

    version = '0;
    version = fbmu_reg_pkg::version_major_set(version, fbmu_reg_pkg::VersionMajor);
    version = fbmu_reg_pkg::version_minor_set(version, fbmu_reg_pkg::VersionMinor);
  end

  // What a bus read of register addr answers ({mapped, value}; STAGING is read elsewhere). A function,
  // so the testbench's register backdoor (sv_dpi_reg_peek, sim/fbmu_tb.sv) reads the same mux.
  function automatic logic [32:0] reg_value(input fbmu_reg_pkg::addr_t addr);
    logic [31:0] value;
    logic        mapped;
    value  = '0;
    mapped = 1'b1;
    case (addr)
      fbmu_reg_pkg::RegId:          value = fbmu_reg_pkg::IdValue;
      fbmu_reg_pkg::RegVersion:     value = version;
      fbmu_reg_pkg::RegCapMemBytes: value = 32'(MemBytes);
      fbmu_reg_pkg::RegCapSlots:    value = cap_slots;
      fbmu_reg_pkg::RegCapMaxIo:    value = 32'(fbmu_reg_pkg::WinStagingSize);
      fbmu_reg_pkg::RegArenaSize:   value = 32'd1 << arena_lg_i;
      fbmu_reg_pkg::RegRtcLo:       value = rtc_lo;
      fbmu_reg_pkg::RegRtcHi:       value = rtc_hi;
      fbmu_reg_pkg::RegCmd:         value = fbmu_reg_pkg::cmd_opcode_set('0, cmd_q);
      fbmu_reg_pkg::RegStatus:      value = status;
      fbmu_reg_pkg::RegArgId0:      value = arg_id0;
      fbmu_reg_pkg::RegArgId1:      value = arg_id1;
      fbmu_reg_pkg::RegArgId2:      value = arg_id2;
      fbmu_reg_pkg::RegArgId3:      value = arg_id3;
      fbmu_reg_pkg::RegArgALo:      value = arg_a_lo;
      fbmu_reg_pkg::RegArgAHi:      value = arg_a_hi;
      fbmu_reg_pkg::RegArgBLo:      value = arg_b_lo;
      fbmu_reg_pkg::RegArgBHi:      value = arg_b_hi;
      fbmu_reg_pkg::RegArgLen:      value = arg_len;
      fbmu_reg_pkg::RegResId0:      value = res_id0;
      fbmu_reg_pkg::RegResId1:      value = res_id1;
      fbmu_reg_pkg::RegResId2:      value = res_id2;
      fbmu_reg_pkg::RegResId3:      value = res_id3;
      fbmu_reg_pkg::RegResSizeLo:   value = res_size_lo;
      fbmu_reg_pkg::RegResSizeHi:   value = res_size_hi;
      fbmu_reg_pkg::RegResTimeLo:   value = res_time_lo;
      fbmu_reg_pkg::RegResTimeHi:   value = res_time_hi;
      fbmu_reg_pkg::RegResStatus:   value = 32'(res_status_i);
      fbmu_reg_pkg::RegResLen:      value = res_len_i;
      fbmu_reg_pkg::RegResetEpochLo: value = epoch_lo;
      fbmu_reg_pkg::RegResetEpochHi: value = epoch_hi;
      fbmu_reg_pkg::RegEvtCount:    value = evt_count;
      fbmu_reg_pkg::RegIrqEnable:   value = fbmu_reg_pkg::irq_enable_evt_set('0, irq_en_q);
      default:                      mapped = 1'b0;
    endcase
    reg_value = {mapped, value};
  endfunction

  logic rd_mapped;  // the register read is mapped (else DECERR)
  always_comb begin
    rd_mapped = 1'b1;
    rdata_d   = rdata_q;
    rstg_d    = rstg_q;
    rhalf_d   = rhalf_q;
    rd_resp_o = fbmu_pkg::RespOkay;
    stg_re_o  = 1'b0;

    if (rd_req_i) begin
      rstg_d  = 1'b0;
      rhalf_d = rd_upper;
      rdata_d = '0;
      if (in_staging(ra)) begin
        rstg_d   = 1'b1;
        stg_re_o = 1'b1;
      end else begin
        {rd_mapped, rdata_d} = reg_value(ra);
        if (!rd_mapped) rd_resp_o = fbmu_pkg::RespDecErr;
      end
    end
  end

  assign stg_raddr_o = rofs[$clog2(StageBytes)-1:3];
  // Unused bits: the low two address bits are ignored (WSTRB carries byte lanes), the staging
  // offset's top bit is known zero inside the window, CMD keeps only its OPCODE field.
  logic unused_bits;
  assign unused_bits = ^{wr_addr_i[1:0], rd_addr_i[1:0], wofs[AW-1:$clog2(StageBytes)], wofs[1:0],
                         rofs[AW-1:$clog2(StageBytes)], rofs[1:0], cmd_word};

  assign rd_data_o   = !rstg_q ? rdata_q : (rhalf_q ? stg_rdata_i[63:32] : stg_rdata_i[31:0]);

  // Arguments and interrupt -----------------------------------------------------------------------

  assign arg_id_o  = {arg_id3, arg_id2, arg_id1, arg_id0};
  assign arg_a_o   = {arg_a_hi, arg_a_lo};
  assign arg_b_o   = {arg_b_hi, arg_b_lo};
  assign arg_len_o = arg_len;
  assign irq_o     = irq_en_q && (ev_pending_i != 16'd0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      arg_q    <= '0;
      cmd_q    <= '0;
      irq_en_q <= fbmu_reg_pkg::irq_enable_evt_get(fbmu_reg_pkg::RegIrqEnableReset);
      rdata_q  <= '0;
      rstg_q   <= 1'b0;
      rhalf_q  <= 1'b0;
    end else begin
      arg_q    <= arg_d;
      cmd_q    <= cmd_d;
      irq_en_q <= irq_en_d;
      rdata_q  <= rdata_d;
      rstg_q   <= rstg_d;
      rhalf_q  <= rhalf_d;
    end
  end

endmodule : fbmu_regfile
