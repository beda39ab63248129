// STAGING window: 4 KiB buffer of 64-bit words, one write port and two read ports, self-clearing.
//
// Read port A serves the bus, read port B the copy engine. The single write port is shared: the bus
// writes only while the unit is idle and the copy engine only while a command runs, so the two
// never collide (the top muxes them). After reset the buffer clears itself, one word per cycle.
module fbmu_staging_ram #(
  parameter int Bytes = 4096  // buffer size in bytes (multiple of 8)
) (
  input  logic                           clk_i,        // clock
  input  logic                           rst_ni,       // asynchronous reset, active low
  // Write port
  input  logic                           we_i,         // write this cycle
  input  logic [$clog2(Bytes/8)-1:0]     waddr_i,      // word address
  input  logic [fbmu_pkg::WordW-1:0]     wdata_i,      // write data
  input  logic [fbmu_pkg::WordW/8-1:0]   be_i,         // byte enables
  // Read port A (bus)
  input  logic                           a_re_i,       // read this cycle
  input  logic [$clog2(Bytes/8)-1:0]     a_addr_i,     // word address
  output logic [fbmu_pkg::WordW-1:0]     a_rdata_o,    // data of the last read (held until the next)
  // Read port B (copy engine)
  input  logic                           b_re_i,       // read this cycle
  input  logic [$clog2(Bytes/8)-1:0]     b_addr_i,     // word address
  output logic [fbmu_pkg::WordW-1:0]     b_rdata_o,    // data of the last read (held until the next)
  // Status
  output logic                           clearing_o    // the reset clear is still running
);

  localparam int Words = Bytes / 8;
  localparam int Aw    = $clog2(Words);

  logic [fbmu_pkg::WordW-1:0] mem_q [Words];
  logic [fbmu_pkg::WordW-1:0] a_rdata_q, b_rdata_q;

  // Reset clear: a counter walks every word once after reset.
  logic          clr_q, clr_d;
  logic [Aw-1:0] clr_addr_q, clr_addr_d;

  always_comb begin
    clr_d      = clr_q;
    clr_addr_d = clr_addr_q;
    if (clr_q) begin
      clr_addr_d = clr_addr_q + Aw'(1);
      if (clr_addr_q == Aw'(Words - 1)) clr_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      clr_q      <= 1'b1;
      clr_addr_q <= '0;
    end else begin
      clr_q      <= clr_d;
      clr_addr_q <= clr_addr_d;
    end
  end

  // Memory array (RAM style: written in the clocked block, not reset).
  always_ff @(posedge clk_i) begin
    if (clr_q) begin
      mem_q[clr_addr_q] <= '0;
    end else if (we_i) begin
      for (int b = 0; b < 8; b++) begin
        if (be_i[b]) mem_q[waddr_i][8*b +: 8] <= wdata_i[8*b +: 8];
      end
    end
    if (a_re_i) a_rdata_q <= mem_q[a_addr_i];
    if (b_re_i) b_rdata_q <= mem_q[b_addr_i];
  end

  assign a_rdata_o  = a_rdata_q;
  assign b_rdata_o  = b_rdata_q;
  assign clearing_o = clr_q;

endmodule : fbmu_staging_ram
