// Teardown engine: reset scrub, lease teardown (zero or fence, then event) and platform zeroing.
//
// After reset it zeroes the whole arena memory. Then it takes ended leases from the lease table's
// teardown queue one at a time (in the order they ended): it zeroes the frame and reads every row
// back (fbmu_zero_engine, 32 B/cycle); a row that does not read back zero (a faulty cell) fences
// the frame. It then reports the outcome to the table and queues the event in the same cycle. It
// also runs the zeroing the platform controller asks for and tells it whether that read back zero.
module fbmu_teardown #(
  parameter int MemBytes = 131072,  // arena memory bytes (MEM_BYTES)
  parameter int Slots    = 16,      // lease records (LEASE_SLOTS)
  parameter int FrameW   = 11,      // frame index width
  parameter int LgW      = 5        // width of log2(arena size)
) (
  input  logic                         clk_i,           // clock
  input  logic                         rst_ni,          // asynchronous reset, active low
  input  logic                         hold_i,          // memory is in use: start no lease teardown
  input  logic [LgW-1:0]               arena_lg_i,      // log2 of the current arena size
  // Teardown queue head (lease table)
  input  logic                         td_valid_i,      // a record waits for teardown
  input  logic [$clog2(Slots)-1:0]     td_slot_i,       // its index
  input  logic [fbmu_pkg::StateW-1:0]  td_state_i,      // RecExpired or RecRevoked
  input  logic [fbmu_pkg::IdW-1:0]     td_id_i,         // its id
  input  logic [FrameW-1:0]            td_frame_i,      // its frame
  input  logic [fbmu_pkg::TimeW-1:0]   td_time_i,       // RTC second at which it ended
  output logic                         td_done_o,       // teardown of td_done_slot_o finished
  output logic [$clog2(Slots)-1:0]     td_done_slot_o,  // the record
  output logic                         td_fenced_o,     // the frame was fenced instead of zeroed
  // Event queue
  output logic                         ev_push_o,       // queue an event
  output logic [fbmu_pkg::CodeW-1:0]   ev_kind_o,       // EventExpired, EventRevoked or EventFenced
  output logic [fbmu_pkg::IdW-1:0]     ev_id_o,         // lease id
  output logic [fbmu_pkg::TimeW-1:0]   ev_time_o,       // RTC second
  // Platform zeroing requests (accepted only while idle)
  input  logic                         pz_start_i,      // zero a word range
  input  logic [$clog2(MemBytes/8)-1:0] pz_base_i,      // first word
  input  logic [$clog2(MemBytes/8):0]  pz_count_i,      // number of words
  output logic                         pz_done_o,       // the requested range was zeroed ...
  output logic                         pz_fail_o,       // ... and some word did not read back zero
  // Arena memory row port (zero rows and their read-back)
  output logic                         mem_we_o,        // write zero to a row
  output logic [$clog2(MemBytes/8)-fbmu_pkg::RowLaneW-1:0] mem_waddr_o,  // at this row
  output logic                         mem_re_o,        // read a row back
  output logic [$clog2(MemBytes/8)-fbmu_pkg::RowLaneW-1:0] mem_raddr_o,  // at this row
  input  logic [fbmu_pkg::RowW-1:0]    mem_rdata_i,     // row read data, the cycle after a read
  // Status
  output logic                         scrub_o,         // the reset scrub is running
  output logic                         busy_o           // anything is running
);

  localparam int MemWords = MemBytes / 8;
  localparam int WordAw   = $clog2(MemWords);
  localparam int CntW     = WordAw + 1;
  localparam int SlotW    = $clog2(Slots);

  typedef enum logic [2:0] {
    TdScrubStart,  // reset value: start zeroing all memory
    TdScrubWait,   // reset scrub running
    TdIdle,        // wait for work
    TdZero,        // zeroing a lease frame
    TdFinish,      // report to the table and queue the event
    TdPlat         // zeroing for the platform controller
  } td_state_e;

  td_state_e         state_q, state_d;
  logic [SlotW-1:0]           slot_q, slot_d;
  logic [fbmu_pkg::CodeW-1:0] kind_q, kind_d;
  logic [fbmu_pkg::IdW-1:0]   id_q, id_d;
  logic [fbmu_pkg::TimeW-1:0] time_q, time_d;
  logic                       fenced_q, fenced_d;

  logic              z_start, z_busy, z_fail;
  logic [WordAw-1:0] z_base;
  logic [CntW-1:0]   z_count;

  always_comb begin
    state_d   = state_q;
    slot_d    = slot_q;
    kind_d    = kind_q;
    id_d      = id_q;
    time_d    = time_q;
    fenced_d  = fenced_q;
    z_start   = 1'b0;
    z_base    = '0;
    z_count   = CntW'(MemWords);
    td_done_o = 1'b0;
    ev_push_o = 1'b0;

    case (state_q)
      TdScrubStart: begin
        z_start = 1'b1;
        state_d = TdScrubWait;
      end
      TdScrubWait: begin
        if (!z_busy) state_d = TdIdle;
      end
      TdIdle: begin
        if (pz_start_i) begin
          z_start = 1'b1;
          z_base  = pz_base_i;
          z_count = pz_count_i;
          state_d = TdPlat;
        end else if (td_valid_i && !hold_i) begin
          slot_d   = td_slot_i;
          kind_d   = (td_state_i == fbmu_pkg::RecRevoked) ? fbmu_reg_pkg::EventRevoked
                                                          : fbmu_reg_pkg::EventExpired;
          id_d     = td_id_i;
          time_d   = td_time_i;
          fenced_d = 1'b0;
          z_start = 1'b1;
          z_base  = WordAw'(td_frame_i) << (32'(arena_lg_i) - 3);
          z_count = CntW'(1) << (32'(arena_lg_i) - 3);
          state_d = TdZero;
        end
      end
      TdZero: begin
        if (!z_busy) begin
          fenced_d = z_fail;  // a word did not read back zero: fence the frame
          state_d  = TdFinish;
        end
      end
      TdFinish: begin
        td_done_o = 1'b1;
        ev_push_o = 1'b1;
        state_d   = TdIdle;
      end
      TdPlat: begin
        if (pz_done_o) state_d = TdIdle;
      end
      default: state_d = TdIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= TdScrubStart;
      slot_q   <= '0;
      kind_q   <= '0;
      fenced_q <= 1'b0;
    end else begin
      state_q  <= state_d;
      slot_q   <= slot_d;
      kind_q   <= kind_d;
      fenced_q <= fenced_d;
    end
  end

  // Event payload of the lease being torn down: loaded before use, so not reset.
  always_ff @(posedge clk_i) begin
    id_q   <= id_d;
    time_q <= time_d;
  end

  fbmu_zero_engine #(
    .WordAw (WordAw)
  ) u_zero (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .start_i    (z_start),
    .base_i     (z_base),
    .count_i    (z_count),
    .busy_o      (z_busy),
    .fail_o      (z_fail),
    .mem_we_o    (mem_we_o),
    .mem_waddr_o (mem_waddr_o),
    .mem_re_o    (mem_re_o),
    .mem_raddr_o (mem_raddr_o),
    .mem_rdata_i (mem_rdata_i)
  );

  // Outside the always_comb: written there as a default 0 then 1, pz_done_o changed twice on each
  // pass, and the event-driven Icarus 11 re-ran fbmu_plat_ctrl's next-state block (which reads it)
  // and this one in turn without end, at the cycle the platform's zeroing finished.
  assign pz_done_o      = (state_q == TdPlat) && !z_busy;
  assign td_done_slot_o = slot_q;
  assign td_fenced_o    = fenced_q;
  assign ev_kind_o      = fenced_q ? fbmu_reg_pkg::EventFenced : kind_q;
  assign ev_id_o        = id_q;
  assign ev_time_o      = time_q;
  assign pz_fail_o      = z_fail;
  assign scrub_o        = (state_q == TdScrubStart) || (state_q == TdScrubWait);
  assign busy_o         = (state_q != TdIdle);

endmodule : fbmu_teardown
