// Integrated clock gate (ICG): gclk_o = clk_i while the enable is latched high.
//
// The enable is latched while clk_i is low (a transparent-low latch), so it is stable while
// clk_i is high and gclk_o has no glitch whatever en_i does during the high phase: an edge of
// gclk_o is always an edge of clk_i. test_en_i forces the clock on (scan shift, or a block that
// must see every edge). With FBMU_NO_CLOCK_GATING defined the gate is a wire: the reference
// build that shows gating changes no behaviour.
module fbmu_clock_gate (
  input  logic clk_i,      // free-running clock
  input  logic en_i,       // the block may change at the next rising edge
  input  logic test_en_i,  // force the clock on
  output logic gclk_o      // gated clock
);

`ifdef FBMU_NO_CLOCK_GATING
  logic unused_en;
  assign unused_en = en_i ^ test_en_i;
  assign gclk_o    = clk_i;
`else
  logic en_latched;

  always_latch begin
    if (!clk_i) en_latched = en_i || test_en_i;
  end

  assign gclk_o = clk_i && en_latched;
`endif

endmodule : fbmu_clock_gate
