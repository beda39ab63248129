// Arena memory: single-port RAM of 64-bit words with byte enables and one cycle read latency.
//
// Plain unpacked array so Verilator keeps it fast. As in a RAM primitive, the write is done in the
// clocked block (there is no _d/_q pair for a memory array) and the contents are not reset: the
// teardown engine scrubs every word after reset.
module fbmu_arena_mem #(
  parameter int Words = 16384  // number of 64-bit words (MEM_BYTES / 8)
) (
  input  logic                         clk_i,    // clock
  input  logic                         req_i,    // access this cycle
  input  logic                         we_i,     // 1: write, 0: read
  input  logic [$clog2(Words)-1:0]     addr_i,   // word address
  input  logic [fbmu_pkg::WordW-1:0]   wdata_i,  // write data
  input  logic [fbmu_pkg::WordW/8-1:0] be_i,     // byte enables of the write
  output logic [fbmu_pkg::WordW-1:0]   rdata_o   // read data, valid the cycle after a read request
);

  logic [fbmu_pkg::WordW-1:0] mem_q [Words];
  logic [fbmu_pkg::WordW-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (req_i) begin
      if (we_i) begin
        for (int b = 0; b < 8; b++) begin
          if (be_i[b]) mem_q[addr_i][8*b +: 8] <= wdata_i[8*b +: 8];
        end
      end else begin
        rdata_q <= mem_q[addr_i];
      end
    end
  end

  assign rdata_o = rdata_q;

endmodule : fbmu_arena_mem
