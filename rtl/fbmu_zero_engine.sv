// Zeroing engine: writes zero to a range of 64-bit arena words and reads each one back.
//
// Per word one write cycle, then one read cycle; the read data (one cycle later) must be zero. A
// word that reads back non-zero (a stuck cell) sets fail_o, which holds from the end of the run
// until the next start. Two cycles per word (8 bytes).
module fbmu_zero_engine #(
  parameter int WordAw = 14  // arena word address width
) (
  input  logic                       clk_i,       // clock
  input  logic                       rst_ni,      // asynchronous reset, active low
  input  logic                       start_i,     // start zeroing (ignored while busy)
  input  logic [WordAw-1:0]          base_i,      // first word
  input  logic [WordAw:0]            count_i,     // number of words
  output logic                       busy_o,      // words left to write or check
  output logic                       fail_o,      // some word of the last run read back non-zero
  output logic                       mem_req_o,   // access the arena this cycle
  output logic                       mem_we_o,    // 1: write a zero word, 0: read it back
  output logic [WordAw-1:0]          mem_addr_o,  // at this word address
  input  logic [fbmu_pkg::WordW-1:0] mem_rdata_i  // read data, the cycle after a read
);

  localparam int CntW = WordAw + 1;

  logic [WordAw-1:0] addr_q, addr_d;
  logic [WordAw:0]   left_q, left_d;
  logic              rd_q, rd_d;    // this cycle reads the word written last cycle
  logic              chk_q, chk_d;  // mem_rdata_i holds a word read back: check it
  logic              fail_q, fail_d;

  always_comb begin
    addr_d = addr_q;
    left_d = left_q;
    rd_d   = 1'b0;
    chk_d  = 1'b0;
    fail_d = fail_q;
    if (chk_q && mem_rdata_i != '0) fail_d = 1'b1;
    if (left_q != '0) begin
      if (!rd_q) begin
        rd_d = 1'b1;
      end else begin
        chk_d  = 1'b1;
        addr_d = addr_q + WordAw'(1);
        left_d = left_q - CntW'(1);
      end
    end else if (start_i && !chk_q) begin
      addr_d = base_i;
      left_d = count_i;
      fail_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      addr_q <= '0;
      left_q <= '0;
      rd_q   <= 1'b0;
      chk_q  <= 1'b0;
      fail_q <= 1'b0;
    end else begin
      addr_q <= addr_d;
      left_q <= left_d;
      rd_q   <= rd_d;
      chk_q  <= chk_d;
      fail_q <= fail_d;
    end
  end

  assign busy_o     = (left_q != '0) || chk_q;
  assign fail_o     = fail_q;
  assign mem_req_o  = (left_q != '0);
  assign mem_we_o   = !rd_q;
  assign mem_addr_o = addr_q;

endmodule : fbmu_zero_engine
