// STAGING window: 4 KiB buffer of 64-bit words, one write port and two read ports, with a valid
// bit per word so that it is cleared in one cycle.
//
// Read port A serves the bus, read port B the copy engine. The single write port is shared: the bus
// writes only while the unit is idle and the copy engine only while a command runs, so the two
// never collide (the top muxes them). A word whose valid bit is clear reads as zero, and the first
// write to such a word writes zero to every byte it does not enable, so no byte of an earlier
// command survives a clear. Reset and clear_i clear every valid bit: the data words themselves are
// never reset or walked, so clearing costs no cycle. The data is a plain RAM (one write port, two
// registered read ports); the valid bits are flip-flops, as a one-cycle clear needs.
module fbmu_staging_ram #(
  parameter int Bytes = 4096  // buffer size in bytes (multiple of 8)
) (
  input  logic                           clk_i,        // clock
  input  logic                           rst_ni,       // asynchronous reset, active low
  // Clear
  input  logic                           clear_i,      // every word reads zero from the next cycle
  // Write port
  input  logic                           we_i,         // write this cycle (after a clear_i in it)
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
  output logic [fbmu_pkg::WordW-1:0]     b_rdata_o     // data of the last read (held until the next)
);

  localparam int Words = Bytes / 8;
  localparam int Bw    = fbmu_pkg::WordW / 8;

  logic [fbmu_pkg::WordW-1:0] mem_q [Words];
  logic [fbmu_pkg::WordW-1:0] a_rdata_q, b_rdata_q;
  logic                       a_vld_q, b_vld_q;   // the word of the last read was valid
  logic [Words-1:0]           vld_q;              // per word: written since the last clear

  // A write to a word that is not valid (or is cleared in the same cycle) fills the bytes it does
  // not enable with zero.
  logic                       fill;
  logic [Bw-1:0]              wbe;
  logic [fbmu_pkg::WordW-1:0] wdata;

  assign fill = clear_i || !vld_q[waddr_i];
  always_comb begin
    for (int b = 0; b < Bw; b++) begin
      wbe[b]           = be_i[b] || fill;
      wdata[8*b +: 8]  = be_i[b] ? wdata_i[8*b +: 8] : 8'h00;
    end
  end

  // The valid bits are written like a RAM's column, one bit per write, with a clear of all: no
  // whole-vector next state is formed every cycle. A write in the cycle of a clear survives it.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      vld_q   <= '0;
      a_vld_q <= 1'b0;
      b_vld_q <= 1'b0;
    end else begin
      if (clear_i) vld_q <= '0;
      if (we_i) vld_q[waddr_i] <= 1'b1;
      if (a_re_i) a_vld_q <= vld_q[a_addr_i];
      if (b_re_i) b_vld_q <= vld_q[b_addr_i];
    end
  end

  // Memory array (RAM style: written in the clocked block, not reset).
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int b = 0; b < Bw; b++) begin
        if (wbe[b]) mem_q[waddr_i][8*b +: 8] <= wdata[8*b +: 8];
      end
    end
    if (a_re_i) a_rdata_q <= mem_q[a_addr_i];
    if (b_re_i) b_rdata_q <= mem_q[b_addr_i];
  end

  assign a_rdata_o = a_vld_q ? a_rdata_q : '0;
  assign b_rdata_o = b_vld_q ? b_rdata_q : '0;

endmodule : fbmu_staging_ram
