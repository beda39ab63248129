// Zeroing engine: writes zero to a range of arena rows (fbmu_pkg::RowWords words, 32 bytes each)
// and reads each one back.
//
// One row per cycle on the arena's write port; on its read port, in the same cycle, the row
// written the cycle before (pipelined read-back); its data (one cycle later) must be zero. A row
// that reads back non-zero (a stuck cell) sets fail_o, which holds from the end of the run until
// the next start. N rows take N + 2 cycles: 32 bytes per cycle. The range is given in words and
// must be whole rows (frames are at least 64 bytes and aligned to their size, spec section 8).
module fbmu_zero_engine #(
  parameter int WordAw = 14  // arena word address width
) (
  input  logic                       clk_i,        // clock
  input  logic                       rst_ni,       // asynchronous reset, active low
  input  logic                       start_i,      // start zeroing (ignored while busy)
  input  logic [WordAw-1:0]          base_i,       // first word (a row's first word)
  input  logic [WordAw:0]            count_i,      // number of words (whole rows)
  output logic                       busy_o,       // rows left to write or check
  output logic                       fail_o,       // some row of the last run read back non-zero
  output logic                       mem_we_o,     // write zero to a row this cycle
  output logic [WordAw-fbmu_pkg::RowLaneW-1:0] mem_waddr_o,  // at this row
  output logic                       mem_re_o,     // read a row back this cycle
  output logic [WordAw-fbmu_pkg::RowLaneW-1:0] mem_raddr_o,  // at this row (the one written last cycle)
  input  logic [fbmu_pkg::RowW-1:0]  mem_rdata_i   // row read data, the cycle after a read
);

  localparam int LaneW = fbmu_pkg::RowLaneW;
  localparam int RowAw = WordAw - LaneW;
  localparam int CntW  = RowAw + 1;

  logic [RowAw-1:0] addr_q, addr_d;    // next row to write
  logic [RowAw:0]   left_q, left_d;    // rows left to write
  logic [RowAw-1:0] rd_row_q, rd_row_d;
  logic             rd_q, rd_d;        // this cycle reads rd_row_q back (written last cycle)
  logic             chk_q, chk_d;      // mem_rdata_i holds a row read back: check it
  logic             fail_q, fail_d;
  logic [RowAw-1:0] base_row;          // the range in rows (selected outside the always_comb:
  logic [RowAw:0]   count_rows;        // Icarus 11 does not take constant selects in it)

  assign base_row   = base_i[WordAw-1:LaneW];
  assign count_rows = count_i[WordAw:LaneW];

  always_comb begin
    addr_d   = addr_q;
    left_d   = left_q;
    rd_row_d = rd_row_q;
    rd_d     = 1'b0;
    chk_d    = rd_q;
    fail_d   = fail_q;
    if (chk_q && mem_rdata_i != '0) fail_d = 1'b1;
    if (left_q != '0) begin
      rd_d     = 1'b1;
      rd_row_d = addr_q;
      addr_d   = addr_q + RowAw'(1);
      left_d   = left_q - CntW'(1);
    end else if (start_i && !rd_q && !chk_q) begin
      addr_d = base_row;
      left_d = count_rows;
      fail_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      addr_q   <= '0;
      left_q   <= '0;
      rd_row_q <= '0;
      rd_q     <= 1'b0;
      chk_q    <= 1'b0;
      fail_q   <= 1'b0;
    end else begin
      addr_q   <= addr_d;
      left_q   <= left_d;
      rd_row_q <= rd_row_d;
      rd_q     <= rd_d;
      chk_q    <= chk_d;
      fail_q   <= fail_d;
    end
  end

  assign busy_o      = (left_q != '0) || rd_q || chk_q;
  assign fail_o      = fail_q;
  assign mem_we_o    = (left_q != '0);
  assign mem_waddr_o = addr_q;
  assign mem_re_o    = rd_q;
  assign mem_raddr_o = rd_row_q;

  // The word offset within a row: zero for every range the teardown engine asks for.
  logic unused_lane;
  assign unused_lane = ^{base_i[LaneW-1:0], count_i[LaneW-1:0]};

endmodule : fbmu_zero_engine
