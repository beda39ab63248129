// Platform port controller: SET_ARENA_SIZE, FENCE_CLEAR and INJECT_FAULT (spec section 10).
//
// A request is taken when no command runs (a CMD write in the same cycle wins), waits until the
// lease table is settled, runs (zeroing through the teardown engine), then pulses plat_ack_o for
// one cycle with the result. It owns the arena size. FENCE_CLEAR re-zeroes each fenced frame once,
// lowest record first; a frame that still does not read back zero stays fenced (skipped for the rest
// of the request) and the request gives E_FENCED.
//
// Values derived from the arena size are registers next to it (lg_q), loaded from the new size in
// the same cycle: the size changes only on SET_ARENA_SIZE, so ALLOC's capacity checks start at a
// register instead of recomputing a shift and a compare from lg_q every cycle (the longest path).
module fbmu_plat_ctrl #(
  parameter int MemBytes     = 131072,  // arena memory bytes (MEM_BYTES)
  parameter int Slots        = 16,      // lease records (LEASE_SLOTS)
  parameter int FrameW       = 11,      // frame index width
  parameter int LgW          = 5,       // width of log2(arena size)
  parameter int DefaultArena = 4096     // arena size after reset (DEFAULT_ARENA)
) (
  input  logic                          clk_i,          // clock
  input  logic                          rst_ni,         // asynchronous reset, active low
  // Platform port
  input  logic                          plat_req_i,     // request, held until plat_ack_o
  input  logic [1:0]                    plat_op_i,      // fbmu_reg_pkg::Plat*
  input  logic [31:0]                   plat_arg_i,     // argument
  output logic                          plat_ack_o,     // one-cycle pulse: request done
  output logic [fbmu_pkg::CodeW-1:0]    plat_result_o,  // result code, valid with plat_ack_o
  // Arbitration with the command engine and reset scrub
  input  logic                          cmd_busy_i,     // a command runs
  input  logic                          cmd_start_i,    // a command starts this cycle
  input  logic                          scrub_i,        // reset scrub or staging clear running
  input  logic                          quiet_i,        // no expiry to mark, no teardown pending/running
  // Lease table
  input  logic                          any_active_i,   // some lease is ACTIVE
  input  logic                          fence_valid_i,  // some frame is fenced
  input  logic [$clog2(Slots)-1:0]      fence_slot_i,   // the lowest record holding one
  input  logic [FrameW-1:0]             fence_frame_i,  // its frame
  output logic                          fclr_o,         // that record's frame is clear again
  output logic [$clog2(Slots)-1:0]      fclr_slot_o,    // the record
  // Zeroing through the teardown engine
  output logic                          pz_start_o,     // zero a word range
  output logic [$clog2(MemBytes/8)-1:0] pz_base_o,      // first word
  output logic [$clog2(MemBytes/8):0]   pz_count_o,     // number of words
  input  logic                          pz_done_i,      // range zeroed ...
  input  logic                          pz_fail_i,      // ... and some word did not read back zero
  output logic [Slots-1:0]              fence_skip_o,   // records FENCE_CLEAR tried and left fenced
  // Fault injection (arena memory test port)
  output logic                          flt_set_o,      // INJECT_FAULT: add a stuck-at-1 cell
  output logic [$clog2(MemBytes)+2:0]   flt_bit_o,      // its bit address (byte * 8 + bit)
  output logic                          flt_clear_o,    // INJECT_FAULT(FaultClearAll): remove all
  input  logic                          flt_full_i,     // the fault table is full
  // State
  output logic [LgW-1:0]                arena_lg_o,     // log2 of the arena size
  output logic [31:0]                   arena_size_o,   // the arena size in bytes (1 << arena_lg_o)
  output logic [Slots:0]                lease_frames_o, // lease frames 1..Slots the arena size has
  output logic                          busy_o,         // a request is being handled
  output logic                          hold_o          // memory and records in use: no teardown
);

  localparam int MemWords = MemBytes / 8;
  localparam int WordAw   = $clog2(MemWords);
  localparam int CntW     = WordAw + 1;
  localparam int SlotW    = $clog2(Slots);
  // INJECT_FAULT argument that removes every fault (docs/registers.md, FBMU_FAULT_CLEAR_ALL in C)
  localparam logic [31:0] FaultClearAll = 32'hFFFF_FFFF;
  localparam int OccW = Slots + 1;  // frames 0..Slots

  typedef enum logic [2:0] {
    PlIdle,       // wait for a request
    PlDrain,      // wait until the lease table is settled
    PlExec,       // checks, start the work
    PlSizeWait,   // SET_ARENA_SIZE: zeroing all memory
    PlFenceStep,  // FENCE_CLEAR: next fenced frame
    PlFenceWait,  // FENCE_CLEAR: zeroing one frame
    PlAck         // plat_ack_o
  } plat_state_e;

  plat_state_e      state_q, state_d;
  logic [LgW-1:0]             lg_q, lg_d;          // current arena size
  logic [LgW-1:0]             new_lg_q, new_lg_d;  // SET_ARENA_SIZE target
  logic [31:0]                size_q, size_d;      // 1 << lg_q
  logic [OccW-1:0]            lim_q, lim_d;        // lease frames at lg_q
  logic [fbmu_pkg::CodeW-1:0] result_q, result_d;
  logic [SlotW-1:0]           slot_q, slot_d;
  logic [Slots-1:0]           skip_q, skip_d;      // FENCE_CLEAR: frames that failed again

  logic             size_ok;
  logic [LgW-1:0]   arg_lg;

  // SET_ARENA_SIZE argument: a power of two in 64 .. MemBytes / 2
  always_comb begin
    arg_lg = '0;
    for (int b = 0; b < 32; b++) begin
      if (plat_arg_i[b]) arg_lg = LgW'(b);
    end
    size_ok = (plat_arg_i != 32'd0) && ((plat_arg_i & (plat_arg_i - 32'd1)) == 32'd0) &&
              (plat_arg_i >= 32'd64) && (plat_arg_i <= 32'(MemBytes / 2));
  end

  // The lease frames 1 .. frames - 1 that exist at arena size 2^lg, as a bitmap of frames 0..Slots.
  // ~(OccW'(1)), not ~OccW'(1): Yosys 0.23 applies a unary operator before a size cast, which made
  // frame 0 (the bootstrap arena) a candidate in its netlist (found by make formal).
  function automatic logic [OccW-1:0] lease_frames_of(input logic [LgW-1:0] lg);
    logic [31:0] frames;
    frames = 32'(MemBytes) >> lg;
    lease_frames_of = ((frames >= OccW) ? '1 : ((OccW'(1) << frames) - OccW'(1))) & ~(OccW'(1));
  endfunction

  always_comb begin
    state_d     = state_q;
    lg_d        = lg_q;
    size_d      = size_q;
    lim_d       = lim_q;
    new_lg_d    = new_lg_q;
    result_d    = result_q;
    slot_d      = slot_q;
    skip_d      = skip_q;
    fclr_o      = 1'b0;
    pz_start_o  = 1'b0;
    pz_base_o   = '0;
    pz_count_o  = CntW'(MemWords);
    flt_set_o   = 1'b0;
    flt_clear_o = 1'b0;

    case (state_q)
      PlIdle: begin
        if (plat_req_i && !cmd_busy_i && !cmd_start_i && !scrub_i) state_d = PlDrain;
      end

      PlDrain: begin
        if (quiet_i) state_d = PlExec;
      end

      PlExec: begin
        state_d  = PlAck;
        result_d = fbmu_reg_pkg::ResOk;
        case (plat_op_i)
          fbmu_reg_pkg::PlatSetArenaSize: begin
            if (!size_ok) begin
              result_d = fbmu_reg_pkg::ResEInvalidArgument;
            end else if (any_active_i || !quiet_i || fence_valid_i) begin
              result_d = fbmu_reg_pkg::ResEUnsupported;
            end else begin
              pz_start_o = 1'b1;  // whole memory, bootstrap arena included
              new_lg_d   = arg_lg;
              state_d    = PlSizeWait;
            end
          end
          fbmu_reg_pkg::PlatFenceClear: begin
            skip_d  = '0;
            state_d = PlFenceStep;
          end
          fbmu_reg_pkg::PlatInjectFault: begin
            if (plat_arg_i == FaultClearAll) begin
              flt_clear_o = 1'b1;
            end else if (64'(plat_arg_i) >= 64'(MemBytes) * 64'd8) begin
              result_d = fbmu_reg_pkg::ResEInvalidArgument;
            end else if (flt_full_i) begin
              result_d = fbmu_reg_pkg::ResECapacityExceeded;
            end else begin
              flt_set_o = 1'b1;
            end
          end
          default: result_d = fbmu_reg_pkg::ResEUnsupported;
        endcase
      end

      PlSizeWait: begin
        if (pz_done_i) begin
          lg_d    = new_lg_q;
          size_d  = 32'd1 << new_lg_q;
          lim_d   = lease_frames_of(new_lg_q);
          state_d = PlAck;
        end
      end

      PlFenceStep: begin
        if (fence_valid_i) begin
          pz_start_o = 1'b1;
          pz_base_o  = WordAw'(fence_frame_i) << (32'(lg_q) - 3);
          pz_count_o = CntW'(1) << (32'(lg_q) - 3);
          slot_d     = fence_slot_i;
          state_d    = PlFenceWait;
        end else begin
          state_d = PlAck;
        end
      end

      PlFenceWait: begin
        if (pz_done_i) begin
          if (pz_fail_i) begin
            skip_d[slot_q] = 1'b1;  // still faulty: stays fenced
            result_d       = fbmu_reg_pkg::ResEFenced;
          end else begin
            fclr_o = 1'b1;
          end
          state_d = PlFenceStep;
        end
      end

      PlAck: begin
        state_d = PlIdle;
      end

      default: state_d = PlIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= PlIdle;
      lg_q     <= LgW'($clog2(DefaultArena));
      size_q   <= 32'(DefaultArena);
      lim_q    <= lease_frames_of(LgW'($clog2(DefaultArena)));
      new_lg_q <= '0;
      result_q <= '0;
      slot_q   <= '0;
      skip_q   <= '0;
    end else begin
      state_q  <= state_d;
      lg_q     <= lg_d;
      size_q   <= size_d;
      lim_q    <= lim_d;
      new_lg_q <= new_lg_d;
      result_q <= result_d;
      slot_q   <= slot_d;
      skip_q   <= skip_d;
    end
  end

  assign flt_bit_o     = plat_arg_i[$clog2(MemBytes)+2:0];
  assign fclr_slot_o   = slot_q;
  assign fence_skip_o  = (state_q == PlFenceStep || state_q == PlFenceWait) ? skip_q : '0;
  assign plat_ack_o    = (state_q == PlAck);
  assign plat_result_o = result_q;
  assign arena_lg_o    = lg_q;
  assign arena_size_o  = size_q;
  assign lease_frames_o = lim_q;
  assign busy_o        = (state_q != PlIdle);
  assign hold_o        = (state_q == PlExec) || (state_q == PlSizeWait) ||
                         (state_q == PlFenceStep) || (state_q == PlFenceWait);

endmodule : fbmu_plat_ctrl
