// Zeroing engine: writes zero to a range of 64-bit arena words, one word (8 bytes) per cycle.
module fbmu_zero_engine #(
  parameter int WordAw = 14  // arena word address width
) (
  input  logic              clk_i,       // clock
  input  logic              rst_ni,      // asynchronous reset, active low
  input  logic              start_i,     // start zeroing (ignored while busy)
  input  logic [WordAw-1:0] base_i,      // first word
  input  logic [WordAw:0]   count_i,     // number of words
  output logic              busy_o,      // words left to write
  output logic              mem_req_o,   // write a zero word this cycle
  output logic [WordAw-1:0] mem_addr_o   // at this word address
);

  localparam int CntW = WordAw + 1;

  logic [WordAw-1:0] addr_q, addr_d;
  logic [WordAw:0]   left_q, left_d;

  always_comb begin
    addr_d = addr_q;
    left_d = left_q;
    if (left_q != '0) begin
      addr_d = addr_q + WordAw'(1);
      left_d = left_q - CntW'(1);
    end else if (start_i) begin
      addr_d = base_i;
      left_d = count_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      addr_q <= '0;
      left_q <= '0;
    end else begin
      addr_q <= addr_d;
      left_q <= left_d;
    end
  end

  assign busy_o     = (left_q != '0);
  assign mem_req_o  = busy_o;
  assign mem_addr_o = addr_q;

endmodule : fbmu_zero_engine
