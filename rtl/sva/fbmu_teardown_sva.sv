// Assertions on lease teardown (bound to fbmu_teardown by fbmu_sva_bind.sv): a frame is given back
// only after every word of it was written with zero, in order, and nothing outside it; each zero
// write is read back (the verified zeroing of spec section 8) at the word just written.
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
  input logic                          mem_req_o,    // zero-word access
  input logic                          mem_we_o,     // 1: write zero, 0: read it back
  input logic [$clog2(MemBytes/8)-1:0] mem_addr_o
);

  localparam int WordAw = $clog2(MemBytes / 8);

  // The lease teardown in progress: its record, frame words and how many were zeroed in order.
  logic              run_q;
  logic [$clog2(Slots)-1:0] slot_q;
  logic [WordAw-1:0] base_q;
  logic [WordAw:0]   words_q, zeroed_q;
  logic              start;

  assign start = !busy_o && !pz_start_i && td_valid_i && !hold_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q    <= 1'b0;
      slot_q   <= '0;
      base_q   <= '0;
      words_q  <= '0;
      zeroed_q <= '0;
    end else if (start) begin
      run_q    <= 1'b1;
      slot_q   <= td_slot_i;
      base_q   <= WordAw'(td_frame_i) << (32'(arena_lg_i) - 3);
      words_q  <= (WordAw + 1)'(1) << (32'(arena_lg_i) - 3);
      zeroed_q <= '0;
    end else begin
      if (run_q && mem_req_o && mem_we_o) zeroed_q <= zeroed_q + 1'b1;
      if (td_done_o) run_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni && run_q && mem_req_o && mem_we_o) begin
      ZeroWritesStayInTheFrame: assert (zeroed_q < words_q &&
                                        mem_addr_o == base_q + WordAw'(zeroed_q))
        else $error("teardown of record %0d writes word %0d; frame words %0d .. %0d", slot_q,
                    mem_addr_o, base_q, 32'(base_q) + 32'(words_q) - 1);
    end
    if (rst_ni && run_q && mem_req_o && !mem_we_o) begin
      ReadBackOfTheWordJustZeroed: assert (zeroed_q != '0 &&
                                           mem_addr_o == base_q + WordAw'(zeroed_q - 1'b1))
        else $error("teardown of record %0d reads word %0d back; it zeroed %0d words from %0d",
                    slot_q, mem_addr_o, zeroed_q, base_q);
    end
    if (rst_ni && td_done_o) begin
      TeardownFinishesTheOneStarted: assert (run_q && td_done_slot_o == slot_q)
        else $error("teardown of record %0d finishes, none was started for it", td_done_slot_o);
      FrameFreedOnlyAfterZeroed: assert (td_fenced_o || zeroed_q == words_q)
        else $error("record %0d gives its frame back after zeroing %0d of its %0d words",
                    td_done_slot_o, zeroed_q, words_q);
    end
  end

endmodule : fbmu_teardown_sva
