// FBMU top: AXI4-Lite register slave, lease table, command, copy, teardown and platform engines.
//
// Port list as in docs/spec.md section 10. Hierarchy:
//   u_axil (fbmu_axil_slave) -> u_regs (fbmu_regfile) -> u_cmd (fbmu_cmd_engine) -> u_copy
//   u_table (fbmu_lease_table), u_td (fbmu_teardown), u_plat (fbmu_plat_ctrl), u_idgen, u_evq,
//   u_staging (fbmu_staging_ram), u_arena (fbmu_arena_mem).
// The arena memory (1R1W, word and row ports) serves one engine a cycle: the copy engine and the
// teardown engine never use it in the same cycle, because commands and platform requests wait for
// teardown to settle and hold it off while they run (hold). The STAGING write port is shared the
// same way between the bus (only while not busy) and the copy engine (only while a command runs).
module fbmu_top #(
  parameter int MemBytes     = 131072,  // MEM_BYTES: arena memory, power of two, >= 128
  parameter int LeaseSlots   = 16,      // LEASE_SLOTS: lease records, 2..64
  parameter int EventDepth   = 16,      // EVENT_DEPTH: teardown event FIFO entries
  parameter int DefaultArena = 4096     // DEFAULT_ARENA: arena size after reset
) (
  input  logic                       clk_i,            // clock
  input  logic                       por_ni,           // power-on reset, active low: clears the reset epoch
  input  logic                       rst_ni,           // asynchronous (warm) reset, active low
  // AXI4-Lite slave (no PROT signals)
  input  logic [12:0]                s_axi_awaddr_i,   // write address (byte)
  input  logic                       s_axi_awvalid_i,  // write address valid
  output logic                       s_axi_awready_o,  // write address ready
  input  logic [31:0]                s_axi_wdata_i,    // write data
  input  logic [3:0]                 s_axi_wstrb_i,    // write byte strobes
  input  logic                       s_axi_wvalid_i,   // write data valid
  output logic                       s_axi_wready_o,   // write data ready
  output logic [1:0]                 s_axi_bresp_o,    // write response: OKAY, SLVERR or DECERR
  output logic                       s_axi_bvalid_o,   // write response valid
  input  logic                       s_axi_bready_i,   // write response ready
  input  logic [12:0]                s_axi_araddr_i,   // read address (byte)
  input  logic                       s_axi_arvalid_i,  // read address valid
  output logic                       s_axi_arready_o,  // read address ready
  output logic [31:0]                s_axi_rdata_o,    // read data
  output logic [1:0]                 s_axi_rresp_o,    // read response: OKAY or DECERR
  output logic                       s_axi_rvalid_o,   // read data valid
  input  logic                       s_axi_rready_i,   // read data ready
  // Platform port
  input  logic [fbmu_pkg::TimeW-1:0] rtc_secs_i,       // RTC unix seconds (RTC domain, stable between toggles)
  input  logic                       rtc_tgl_i,        // RTC domain toggles it after each change of rtc_secs_i
  input  logic                       online_i,         // 0: every command gives E_DISCONNECTED (asynchronous)
  input  logic [fbmu_pkg::SeedW-1:0] id_seed_i,        // lease-id key seed, sampled while rst_ni is low
  input  logic                       plat_req_i,       // platform request, held until plat_ack_o
  input  logic [1:0]                 plat_op_i,        // request opcode (fbmu_reg_pkg::Plat*)
  input  logic [31:0]                plat_arg_i,       // request argument
  output logic                       plat_ack_o,       // one-cycle pulse: request done
  output logic [fbmu_pkg::CodeW-1:0] plat_result_o,    // result code of the request, valid with plat_ack_o
  // Events and observation
  output logic                       irq_o,            // IRQ_ENABLE.EVT && events pending
  output logic                       idle_o            // no command, platform request, teardown or scrub in progress
);

  // Derived sizes
  localparam int MemWords   = MemBytes / 8;
  localparam int ByteAw     = $clog2(MemBytes);
  localparam int WordAw     = ByteAw - 3;
  localparam int FrameW     = ByteAw - 6;               // frames of at least 64 bytes
  localparam int LgW        = 5;                        // log2(arena size) <= 30
  localparam int SlotW      = $clog2(LeaseSlots);
  localparam int StageBytes = fbmu_reg_pkg::WinStagingSize;
  localparam int StageAw    = $clog2(StageBytes / 8);
  localparam int LenW       = $clog2(StageBytes) + 1;

  // ---------------------------------------------------------------------------------------------
  // Signals

  // Bus to register file
  logic              wr_req, rd_req;
  logic [12:0]       wr_addr, rd_addr;
  logic [31:0]       wr_data, rd_data;
  logic [3:0]        wr_strb;
  logic [1:0]        wr_resp, rd_resp;

  // Register file outputs
  logic                       cmd_start;
  logic [fbmu_pkg::CodeW-1:0] cmd_op;
  logic [fbmu_pkg::IdW-1:0]   arg_id;
  logic [fbmu_pkg::ArgW-1:0]  arg_a, arg_b;
  logic [31:0]                arg_len;

  // STAGING ports
  logic                         bus_stg_we, bus_stg_re;
  logic [StageAw-1:0]            bus_stg_waddr, bus_stg_raddr;
  logic [fbmu_pkg::WordW-1:0]   bus_stg_wdata, bus_stg_rdata;
  logic [fbmu_pkg::WordW/8-1:0] bus_stg_be;
  logic                         cp_stg_we, cp_stg_re;
  logic [StageAw-1:0]            cp_stg_waddr, cp_stg_raddr;
  logic [fbmu_pkg::WordW-1:0]   cp_stg_wdata, cp_stg_rdata;
  logic [fbmu_pkg::WordW/8-1:0] cp_stg_be;
  logic                         stg_clear;   // the command engine clears STAGING
  logic [StageAw:0]             bus_stg_wword;  // 32-bit word index of a bus STAGING write
  logic                         stream;         // a streamed write takes STAGING writes ...
  logic [StageAw-1:0]           stream_floor;   // ... at 64-bit word index >= this

  // Arena memory port
  logic [fbmu_pkg::WordW-1:0]   mem_rdata;
  logic                         cp_mem_req, cp_mem_we;
  logic [WordAw-1:0]            cp_mem_addr;
  logic [fbmu_pkg::WordW-1:0]   cp_mem_wdata;
  logic [fbmu_pkg::WordW/8-1:0] cp_mem_be;
  logic                         td_mem_we, td_mem_re;
  logic [WordAw-fbmu_pkg::RowLaneW-1:0] td_mem_waddr, td_mem_raddr;
  logic [fbmu_pkg::RowW-1:0]    td_mem_rdata;

  // Lease table
  logic                        hit, hit_expired, rec_ok, frame_ok, td_valid, fence_valid;
  logic [SlotW-1:0]            hit_slot, rec_slot, td_slot, fence_slot;
  logic [fbmu_pkg::StateW-1:0] hit_state, td_state;
  logic [FrameW-1:0]           hit_frame, free_frame, td_frame, fence_frame;
  logic [LgW-1:0]              hit_lg;
  logic [fbmu_pkg::TimeW-1:0]  hit_exp, td_time;
  logic [fbmu_pkg::IdW-1:0]    td_id;
  logic [LeaseSlots-1:0]           td_pend;
  logic                        any_active, table_quiet, table_exact;
  logic                        alloc_we, renew_we, revoke_we, td_done, td_fenced, fclr;
  logic [SlotW-1:0]            alloc_slot, renew_slot, revoke_slot, td_done_slot, fclr_slot;
  logic [fbmu_pkg::IdW-1:0]    alloc_id;
  logic [FrameW-1:0]           alloc_frame;
  logic [LgW-1:0]              alloc_lg;
  logic [fbmu_pkg::TimeW-1:0]  alloc_exp, renew_exp;

  // Engines
  logic                       cmd_busy, cmd_hold, session, xfer;
  logic [fbmu_pkg::CodeW-1:0] result;
  logic [fbmu_pkg::IdW-1:0]   res_id;
  logic [fbmu_pkg::TimeW-1:0] res_size, res_time;
  logic [fbmu_pkg::CodeW-1:0] res_status;
  logic [31:0]                res_len;
  logic                       id_valid, id_next;
  logic [fbmu_pkg::IdW-1:0]   next_id;
  logic                       ev_push, ev_pop;
  logic [fbmu_pkg::CodeW-1:0] ev_push_kind, ev_kind;
  logic [fbmu_pkg::IdW-1:0]   ev_push_id, ev_id;
  logic [fbmu_pkg::TimeW-1:0] ev_push_time, ev_time;
  logic [15:0]                ev_pending, ev_dropped;
  logic                       copy_start, copy_write, copy_busy, copy_head, copy_abort;
  logic [StageAw+1:0]         copy_avail;   // source words a streamed write's copy may read
  logic [ByteAw-1:0]          copy_addr;
  logic [LenW-1:0]            copy_len;
  logic                       td_busy, scrub;
  logic                       pz_start, pz_done, pz_fail;
  logic [WordAw-1:0]          pz_base;
  logic [WordAw:0]            pz_count;
  logic [LeaseSlots-1:0]      fence_skip;
  logic                       flt_set, flt_clear, flt_full;
  logic [ByteAw+2:0]          flt_bit;
  logic [fbmu_pkg::SeedW-1:0] reset_epoch;
  logic [LgW-1:0]             arena_lg;
  logic [31:0]                arena_size;    // 1 << arena_lg, registered with it
  logic [LeaseSlots:0]        lease_frames;  // lease frames 1..LeaseSlots at the arena size
  logic                       plat_busy, plat_hold;

  logic              lookup_done;

  logic              busy;    // STATUS.BUSY
  logic              quiet;   // lease table settled and teardown engine idle

  assign busy  = cmd_busy || plat_busy || scrub;
  assign quiet = table_quiet && !td_busy;

  // ---------------------------------------------------------------------------------------------
  // Platform inputs into the core clock: the RTC through a toggle-strobed capture, online through
  // two flops (spec section 3). Everything below uses rtc / online, never the pins.

  logic [fbmu_pkg::TimeW-1:0] rtc;      // RTC seconds as the core sees them
  logic                       rtc_upd;  // one-cycle pulse: rtc changed
  logic                       online;   // online_i, synchronised

  fbmu_rtc_cdc u_rtc_cdc (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .rtc_secs_i (rtc_secs_i),
    .rtc_tgl_i  (rtc_tgl_i),
    .online_i   (online_i),
    .hold_i     (cmd_start || cmd_busy),  // a command uses the time of its CMD write throughout
    .rtc_o      (rtc),
    .rtc_upd_o  (rtc_upd),
    .online_o   (online)
  );

  // The lease table needs no update pulse: its earliest-expiry compare changes only when rtc or a
  // record changes (rtl/README.md), so the pulse is left for observation.
  logic unused_rtc_upd;
  assign unused_rtc_upd = rtc_upd;

  // ---------------------------------------------------------------------------------------------
  // Bus and registers

  fbmu_axil_slave #(
    .AddrW (13)
  ) u_axil (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .s_axi_awaddr_i  (s_axi_awaddr_i),
    .s_axi_awvalid_i (s_axi_awvalid_i),
    .s_axi_awready_o (s_axi_awready_o),
    .s_axi_wdata_i   (s_axi_wdata_i),
    .s_axi_wstrb_i   (s_axi_wstrb_i),
    .s_axi_wvalid_i  (s_axi_wvalid_i),
    .s_axi_wready_o  (s_axi_wready_o),
    .s_axi_bresp_o   (s_axi_bresp_o),
    .s_axi_bvalid_o  (s_axi_bvalid_o),
    .s_axi_bready_i  (s_axi_bready_i),
    .s_axi_araddr_i  (s_axi_araddr_i),
    .s_axi_arvalid_i (s_axi_arvalid_i),
    .s_axi_arready_o (s_axi_arready_o),
    .s_axi_rdata_o   (s_axi_rdata_o),
    .s_axi_rresp_o   (s_axi_rresp_o),
    .s_axi_rvalid_o  (s_axi_rvalid_o),
    .s_axi_rready_i  (s_axi_rready_i),
    .wr_req_o        (wr_req),
    .wr_addr_o       (wr_addr),
    .wr_data_o       (wr_data),
    .wr_strb_o       (wr_strb),
    .wr_resp_i       (wr_resp),
    .rd_req_o        (rd_req),
    .rd_addr_o       (rd_addr),
    .rd_resp_i       (rd_resp),
    .rd_data_i       (rd_data)
  );

  fbmu_regfile #(
    .MemBytes   (MemBytes),
    .LeaseSlots (LeaseSlots),
    .EventDepth (EventDepth),
    .LgW        (LgW),
    .StageBytes (StageBytes)
  ) u_regs (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .wr_req_i     (wr_req),
    .wr_addr_i    (wr_addr),
    .wr_data_i    (wr_data),
    .wr_strb_i    (wr_strb),
    .wr_resp_o    (wr_resp),
    .rd_req_i     (rd_req),
    .rd_addr_i    (rd_addr),
    .rd_resp_o    (rd_resp),
    .rd_data_o    (rd_data),
    .busy_i       (busy),
    .online_i     (online),
    .rtc_i        (rtc),
    .arena_lg_i   (arena_lg),
    .session_i    (session),
    .xfer_i       (xfer),
    .stream_i     (stream),
    .stream_floor_i (stream_floor),
    .result_i     (result),
    .res_id_i     (res_id),
    .res_size_i   (res_size),
    .res_time_i   (res_time),
    .res_status_i (res_status),
    .res_len_i    (res_len),
    .ev_pending_i (ev_pending),
    .ev_dropped_i (ev_dropped),
    .epoch_i      (reset_epoch),
    .cmd_start_o  (cmd_start),
    .cmd_op_o     (cmd_op),
    .arg_id_o     (arg_id),
    .arg_a_o      (arg_a),
    .arg_b_o      (arg_b),
    .arg_len_o    (arg_len),
    .irq_o        (irq_o),
    .stg_we_o     (bus_stg_we),
    .stg_waddr_o  (bus_stg_waddr),
    .stg_wword_o  (bus_stg_wword),
    .stg_wdata_o  (bus_stg_wdata),
    .stg_be_o     (bus_stg_be),
    .stg_re_o     (bus_stg_re),
    .stg_raddr_o  (bus_stg_raddr),
    .stg_rdata_i  (bus_stg_rdata)
  );

  // ---------------------------------------------------------------------------------------------
  // Memories

  fbmu_staging_ram #(
    .Bytes (StageBytes)
  ) u_staging (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clear_i    (stg_clear),
    .we_i       (cp_stg_we || bus_stg_we),
    .waddr_i    (cp_stg_we ? cp_stg_waddr : bus_stg_waddr),
    .wdata_i    (cp_stg_we ? cp_stg_wdata : bus_stg_wdata),
    .be_i       (cp_stg_we ? cp_stg_be : bus_stg_be),
    .a_re_i     (bus_stg_re),
    .a_addr_i   (bus_stg_raddr),
    .a_rdata_o  (bus_stg_rdata),
    .b_re_i     (cp_stg_re),
    .b_addr_i   (cp_stg_raddr),
    .b_rdata_o  (cp_stg_rdata)
  );

  // Arena: the copy engine on the word port, the teardown engine on the row port (zero rows,
  // read-back); they never run in the same cycle.
  fbmu_arena_mem #(
    .Words (MemWords)
  ) u_arena (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_i       (cp_mem_req),
    .we_i        (cp_mem_we),
    .addr_i      (cp_mem_addr),
    .wdata_i     (cp_mem_wdata),
    .be_i        (cp_mem_be),
    .rdata_o     (mem_rdata),
    .zw_i        (td_mem_we),
    .zw_row_i    (td_mem_waddr),
    .zr_i        (td_mem_re),
    .zr_row_i    (td_mem_raddr),
    .zr_rdata_o  (td_mem_rdata),
    .flt_set_i   (flt_set),
    .flt_bit_i   (flt_bit),
    .flt_clear_i (flt_clear),
    .flt_full_o  (flt_full)
  );

  // ---------------------------------------------------------------------------------------------
  // Lease records, ids, events

  fbmu_lease_table #(
    .Slots  (LeaseSlots),
    .FrameW (FrameW),
    .LgW    (LgW)
  ) u_table (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .rtc_i          (rtc),
    .lease_frames_i (lease_frames),
    .lookup_start_i (cmd_start),
    .lookup_id_i    (arg_id),
    .lookup_done_o  (lookup_done),
    .hit_o          (hit),
    .hit_slot_o     (hit_slot),
    .hit_state_o    (hit_state),
    .hit_expired_o  (hit_expired),
    .hit_frame_o    (hit_frame),
    .hit_lg_o       (hit_lg),
    .hit_exp_o      (hit_exp),
    .rec_ok_o       (rec_ok),
    .rec_slot_o     (rec_slot),
    .frame_ok_o     (frame_ok),
    .frame_o        (free_frame),
    .td_valid_o     (td_valid),
    .td_slot_o      (td_slot),
    .td_state_o     (td_state),
    .td_id_o        (td_id),
    .td_frame_o     (td_frame),
    .td_time_o      (td_time),
    .td_pend_o      (td_pend),
    .fence_valid_o  (fence_valid),
    .fence_slot_o   (fence_slot),
    .fence_frame_o  (fence_frame),
    .fence_skip_i   (fence_skip),
    .any_active_o   (any_active),
    .quiet_o        (table_quiet),
    .exact_o        (table_exact),
    .alloc_we_i     (alloc_we),
    .alloc_slot_i   (alloc_slot),
    .alloc_id_i     (alloc_id),
    .alloc_frame_i  (alloc_frame),
    .alloc_lg_i     (alloc_lg),
    .alloc_exp_i    (alloc_exp),
    .renew_we_i     (renew_we),
    .renew_slot_i   (renew_slot),
    .renew_exp_i    (renew_exp),
    .revoke_we_i    (revoke_we),
    .revoke_slot_i  (revoke_slot),
    .td_done_i      (td_done),
    .td_done_slot_i (td_done_slot),
    .td_fenced_i    (td_fenced),
    .fclr_i         (fclr),
    .fclr_slot_i    (fclr_slot)
  );

  fbmu_id_gen u_idgen (
    .clk_i   (clk_i),
    .por_ni  (por_ni),
    .rst_ni  (rst_ni),
    .seed_i  (id_seed_i),
    .next_i  (id_next),
    .valid_o (id_valid),
    .id_o    (next_id),
    .epoch_o (reset_epoch)
  );

  fbmu_event_fifo #(
    .Depth (EventDepth)
  ) u_evq (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .push_i      (ev_push),
    .push_kind_i (ev_push_kind),
    .push_id_i   (ev_push_id),
    .push_time_i (ev_push_time),
    .pop_i       (ev_pop),
    .head_kind_o (ev_kind),
    .head_id_o   (ev_id),
    .head_time_o (ev_time),
    .pending_o   (ev_pending),
    .dropped_o   (ev_dropped)
  );

  // ---------------------------------------------------------------------------------------------
  // Engines

  fbmu_cmd_engine #(
    .MemBytes (MemBytes),
    .Slots    (LeaseSlots),
    .FrameW   (FrameW),
    .LgW      (LgW),
    .MaxIo    (StageBytes)
  ) u_cmd (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .cmd_start_i   (cmd_start),
    .cmd_op_i      (cmd_op),
    .arg_id_i      (arg_id),
    .arg_a_i       (arg_a),
    .arg_b_i       (arg_b),
    .arg_len_i     (arg_len),
    .rtc_i         (rtc),
    .online_i      (online),
    .arena_lg_i    (arena_lg),
    .arena_size_i  (arena_size),
    .quiet_i       (quiet),
    .exact_i       (table_exact),
    .lookup_done_i (lookup_done),
    .hit_i         (hit),
    .hit_slot_i    (hit_slot),
    .hit_state_i   (hit_state),
    .hit_expired_i (hit_expired),
    .hit_frame_i   (hit_frame),
    .hit_lg_i      (hit_lg),
    .hit_exp_i     (hit_exp),
    .rec_ok_i      (rec_ok),
    .rec_slot_i    (rec_slot),
    .frame_ok_i    (frame_ok),
    .frame_i       (free_frame),
    .td_pend_i     (td_pend),
    .alloc_we_o    (alloc_we),
    .alloc_slot_o  (alloc_slot),
    .alloc_id_o    (alloc_id),
    .alloc_frame_o (alloc_frame),
    .alloc_lg_o    (alloc_lg),
    .alloc_exp_o   (alloc_exp),
    .renew_we_o    (renew_we),
    .renew_slot_o  (renew_slot),
    .renew_exp_o   (renew_exp),
    .revoke_we_o   (revoke_we),
    .revoke_slot_o (revoke_slot),
    .id_valid_i    (id_valid),
    .id_i          (next_id),
    .id_next_o     (id_next),
    .ev_pending_i  (ev_pending),
    .ev_kind_i     (ev_kind),
    .ev_id_i       (ev_id),
    .ev_time_i     (ev_time),
    .ev_pop_o      (ev_pop),
    .copy_start_o  (copy_start),
    .copy_write_o  (copy_write),
    .copy_addr_o   (copy_addr),
    .copy_len_o    (copy_len),
    .copy_busy_i   (copy_busy),
    .copy_head_i   (copy_head),
    .copy_avail_o  (copy_avail),
    .copy_abort_o  (copy_abort),
    .stg_wr_i      (bus_stg_we),
    .stg_wword_i   (bus_stg_wword),
    .stream_o      (stream),
    .stream_floor_o (stream_floor),
    .stg_clear_o   (stg_clear),
    .xfer_o        (xfer),
    .busy_o        (cmd_busy),
    .hold_o        (cmd_hold),
    .session_o     (session),
    .result_o      (result),
    .res_id_o      (res_id),
    .res_size_o    (res_size),
    .res_time_o    (res_time),
    .res_status_o  (res_status),
    .res_len_o     (res_len)
  );

  fbmu_copy_engine #(
    .MemBytes   (MemBytes),
    .StageBytes (StageBytes)
  ) u_copy (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (copy_start),
    .write_i     (copy_write),
    .addr_i      (copy_addr),
    .len_i       (copy_len),
    .busy_o      (copy_busy),
    .head_o      (copy_head),
    .avail_i     (copy_avail),
    .abort_i     (copy_abort),
    .mem_req_o   (cp_mem_req),
    .mem_we_o    (cp_mem_we),
    .mem_addr_o  (cp_mem_addr),
    .mem_wdata_o (cp_mem_wdata),
    .mem_be_o    (cp_mem_be),
    .mem_rdata_i (mem_rdata),
    .stg_re_o    (cp_stg_re),
    .stg_raddr_o (cp_stg_raddr),
    .stg_rdata_i (cp_stg_rdata),
    .stg_we_o    (cp_stg_we),
    .stg_waddr_o (cp_stg_waddr),
    .stg_wdata_o (cp_stg_wdata),
    .stg_be_o    (cp_stg_be)
  );

  fbmu_teardown #(
    .MemBytes (MemBytes),
    .Slots    (LeaseSlots),
    .FrameW   (FrameW),
    .LgW      (LgW)
  ) u_td (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .hold_i         (cmd_hold || plat_hold),
    .arena_lg_i     (arena_lg),
    .td_valid_i     (td_valid),
    .td_slot_i      (td_slot),
    .td_state_i     (td_state),
    .td_id_i        (td_id),
    .td_frame_i     (td_frame),
    .td_time_i      (td_time),
    .td_done_o      (td_done),
    .td_done_slot_o (td_done_slot),
    .td_fenced_o    (td_fenced),
    .ev_push_o      (ev_push),
    .ev_kind_o      (ev_push_kind),
    .ev_id_o        (ev_push_id),
    .ev_time_o      (ev_push_time),
    .pz_start_i     (pz_start),
    .pz_base_i      (pz_base),
    .pz_count_i     (pz_count),
    .pz_done_o      (pz_done),
    .pz_fail_o      (pz_fail),
    .mem_we_o       (td_mem_we),
    .mem_waddr_o    (td_mem_waddr),
    .mem_re_o       (td_mem_re),
    .mem_raddr_o    (td_mem_raddr),
    .mem_rdata_i    (td_mem_rdata),
    .scrub_o        (scrub),
    .busy_o         (td_busy)
  );

  fbmu_plat_ctrl #(
    .MemBytes     (MemBytes),
    .Slots        (LeaseSlots),
    .FrameW       (FrameW),
    .LgW          (LgW),
    .DefaultArena (DefaultArena)
  ) u_plat (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .plat_req_i    (plat_req_i),
    .plat_op_i     (plat_op_i),
    .plat_arg_i    (plat_arg_i),
    .plat_ack_o    (plat_ack_o),
    .plat_result_o (plat_result_o),
    .cmd_busy_i    (cmd_busy),
    .cmd_start_i   (cmd_start),
    .scrub_i       (scrub),
    .quiet_i       (quiet),
    .any_active_i  (any_active),
    .fence_valid_i (fence_valid),
    .fence_slot_i  (fence_slot),
    .fence_frame_i (fence_frame),
    .fclr_o        (fclr),
    .fclr_slot_o   (fclr_slot),
    .pz_start_o    (pz_start),
    .pz_base_o     (pz_base),
    .pz_count_o    (pz_count),
    .pz_done_i     (pz_done),
    .pz_fail_i     (pz_fail),
    .fence_skip_o  (fence_skip),
    .flt_set_o     (flt_set),
    .flt_bit_o     (flt_bit),
    .flt_clear_o   (flt_clear),
    .flt_full_i    (flt_full),
    .arena_lg_o    (arena_lg),
    .arena_size_o  (arena_size),
    .lease_frames_o (lease_frames),
    .busy_o        (plat_busy),
    .hold_o        (plat_hold)
  );

  // Idle: nothing running or waiting, and no ACTIVE lease past its expiry still to be torn down.
  assign idle_o = !busy && !cmd_start && !plat_req_i && !td_busy && table_quiet;

endmodule : fbmu_top
