// Assertions on lease teardown (bound to fbmu_teardown by fbmu_sva_bind.sv): a frame is given back
// only after every row of it was written with zero, in order, one row a cycle, and nothing outside
// it; each zero row is read back (the verified zeroing of spec section 8) the cycle after it was
// written; the teardown takes at most arena_size/32 + 64 cycles.
module fbmu_teardown_sva #(
  parameter int MemBytes = 131072,  // arena memory bytes
  parameter int Slots    = 16,      // lease records
  parameter int FrameW   = 11,      // frame index width
  parameter int LgW      = 5        // width of log2(arena size)
) (
  input logic                          clk_i,        // clock
  input logic                          rst_ni,       // asynchronous reset, active low
  input logic                          busy_o,       // teardown engine not idle
  input logic                          hold_i,       // no lease teardown may start
  input logic                          pz_start_i,   // platform zeroing request (wins)
  input logic                          td_valid_i,   // a record waits for teardown
  input logic [$clog2(Slots)-1:0]      td_slot_i,
  input logic [FrameW-1:0]             td_frame_i,
  input logic [LgW-1:0]                arena_lg_i,
  input logic                          td_done_o,    // teardown finished
  input logic [$clog2(Slots)-1:0]      td_done_slot_o,
  input logic                          td_fenced_o,  // ... by fencing, without zeroing
  input logic                          mem_we_o,     // write zero to a row
  input logic [$clog2(MemBytes/32)-1:0] mem_waddr_o,
  input logic                          mem_re_o,     // read a row back
  input logic [$clog2(MemBytes/32)-1:0] mem_raddr_o
);

  localparam int RowAw = $clog2(MemBytes / 32);
  localparam int CycW  = 32;

  // The lease teardown in progress: its record, frame rows, how many were zeroed in order, and
  // the cycles since it started.
  logic              run_q;
  logic [$clog2(Slots)-1:0] slot_q;
  logic [RowAw-1:0]  base_q;
  logic [RowAw:0]    rows_q, zeroed_q;
  logic              wrote_q;   // last cycle wrote a zero row ...
  logic [RowAw-1:0]  wrow_q;    // ... this one
  logic [CycW-1:0]   cycles_q;
  logic              start;

  assign start = !busy_o && !pz_start_i && td_valid_i && !hold_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q    <= 1'b0;
      slot_q   <= '0;
      base_q   <= '0;
      rows_q   <= '0;
      zeroed_q <= '0;
      cycles_q <= '0;
    end else if (start) begin
      run_q    <= 1'b1;
      slot_q   <= td_slot_i;
      base_q   <= RowAw'(td_frame_i) << (32'(arena_lg_i) - 5);
      rows_q   <= (RowAw + 1)'(1) << (32'(arena_lg_i) - 5);
      zeroed_q <= '0;
      cycles_q <= '0;
    end else begin
      if (run_q && mem_we_o) zeroed_q <= zeroed_q + 1'b1;
      if (run_q) cycles_q <= cycles_q + 1'b1;
      if (td_done_o) run_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wrote_q <= 1'b0;
      wrow_q  <= '0;
    end else begin
      wrote_q <= mem_we_o;
      wrow_q  <= mem_waddr_o;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni && run_q && mem_we_o) begin
      ZeroWritesStayInTheFrame: assert (zeroed_q < rows_q &&
                                        mem_waddr_o == base_q + RowAw'(zeroed_q))
        else $error("teardown of record %0d writes row %0d; frame rows %0d .. %0d", slot_q,
                    mem_waddr_o, base_q, 32'(base_q) + 32'(rows_q) - 1);
    end
    if (rst_ni && run_q && wrote_q) begin
      ReadBackOfTheRowJustZeroed: assert (mem_re_o && mem_raddr_o == wrow_q)
        else $error("teardown of record %0d does not read back row %0d the cycle after zeroing it",
                    slot_q, wrow_q);
    end
    if (rst_ni && mem_re_o) begin
      ReadBackOnlyOfARowJustZeroed: assert (wrote_q && mem_raddr_o == wrow_q)
        else $error("zero engine reads back row %0d; the row written last cycle: %0d (written: %0d)",
                    mem_raddr_o, wrow_q, wrote_q);
    end
    if (rst_ni && run_q && !td_done_o) begin
      TeardownWithinItsBound: assert (cycles_q < 32'(rows_q) + 64)
        else $error("teardown of record %0d runs %0d cycles; bound arena_size/32 + 64 = %0d",
                    slot_q, cycles_q, 32'(rows_q) + 64);
    end
    if (rst_ni && td_done_o) begin
      TeardownFinishesTheOneStarted: assert (run_q && td_done_slot_o == slot_q)
        else $error("teardown of record %0d finishes, none was started for it", td_done_slot_o);
      FrameFreedOnlyAfterZeroed: assert (td_fenced_o || zeroed_q == rows_q)
        else $error("record %0d gives its frame back after zeroing %0d of its %0d rows",
                    td_done_slot_o, zeroed_q, rows_q);
    end
  end

endmodule : fbmu_teardown_sva
