// Assertions across the engines (bound to fbmu_top by fbmu_sva_bind.sv): while a copy runs, no
// teardown touches the arena or finishes, and no record is written or frame cleared, so the lease
// whose bytes move keeps its frame until the copy is done; each memory port has one user a cycle.
// Immediate assertions on the rising edge, out of reset (rtl/sva/README.md: the same check as the
// concurrent `disable iff (!rst_ni) a |-> b`, without a sampled copy of every signal per eval).
module fbmu_top_sva (
  input logic clk_i,       // clock
  input logic rst_ni,      // asynchronous reset, active low
  input logic copy_start,  // a copy starts
  input logic copy_busy,   // a copy runs
  input logic cp_mem_req,  // copy engine arena access
  input logic td_mem_we,   // teardown engine zero row write
  input logic td_mem_re,   // teardown engine row read-back
  input logic td_done,     // a teardown finishes (frame freed or fenced)
  input logic alloc_we,    // ALLOC writes a record
  input logic fclr,        // FENCE_CLEAR frees a fenced frame
  input logic cp_stg_we,   // copy engine STAGING write
  input logic bus_stg_we   // bus STAGING write
);

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (copy_start || copy_busy) begin
        NoZeroWriteDuringCopy: assert (!td_mem_we && !td_mem_re);
        FrameKeptDuringCopy: assert (!td_done && !alloc_we && !fclr);
      end
      ArenaPortOneUser: assert (!(cp_mem_req && (td_mem_we || td_mem_re)));
      StagingWritePortOneUser: assert (!(cp_stg_we && bus_stg_we));
    end
  end

endmodule : fbmu_top_sva
