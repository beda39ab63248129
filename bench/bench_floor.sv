// The smallest clocked design: one 32-bit counter with an asynchronous reset, the reset style of
// the FBMU. fbmu-bench-floor clocks it the way the FBMU harness clocks the unit, so its cycles/s
// are the simulator's floor on this machine: the cost of one cycle with next to no logic.
module fbmu_bench_floor (
  input  logic        clk_i,   // clock
  input  logic        rst_ni,  // asynchronous reset, active low
  output logic [31:0] count_o  // cycles since reset
);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) count_o <= '0;
    else count_o <= count_o + 32'd1;
  end

endmodule : fbmu_bench_floor
