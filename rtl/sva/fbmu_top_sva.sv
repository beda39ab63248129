// Assertions across the engines (bound to fbmu_top by fbmu_sva_bind.sv): while a copy runs, no
// teardown touches the arena or finishes, and no record is written or frame cleared, so the lease
// whose bytes move keeps its frame until the copy is done; each memory port has one user a cycle.
// Immediate assertions on the rising edge, out of reset (rtl/sva/README.md: the same check as the
// concurrent `disable iff (!rst_ni) a |-> b`, without a sampled copy of every signal per eval).
// The values the platform controller registers with the arena size equal those derived from it.
module fbmu_top_sva #(
  parameter int MemBytes   = 131072,  // arena memory bytes
  parameter int LeaseSlots = 16       // lease records
) (
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
  input logic bus_stg_we,  // bus STAGING write
  input logic [4:0]            arena_lg,      // log2 of the arena size
  input logic [31:0]           arena_size,    // its registered size in bytes
  input logic [LeaseSlots:0]   lease_frames   // its registered lease frames 1..LeaseSlots
);

  // Lease frames that exist at 2^lg bytes. A function, evaluated only when one of the three changes.
  function automatic logic [LeaseSlots:0] frames_of(input logic [4:0] lg);
    logic [LeaseSlots:0] v;
    for (int f = 0; f <= LeaseSlots; f++) v[f] = f != 0 && 32'(f) < (32'(MemBytes) >> lg);
    return v;
  endfunction

  logic                reset_seen_q; // a reset was applied (before one the registers hold nothing)
  logic                checked_q;    // the registers were checked since reset
  logic [4:0]          lg_q;         // their values then
  logic [31:0]         size_q;
  logic [LeaseSlots:0] frames_q;

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (copy_start || copy_busy) begin
        NoZeroWriteDuringCopy: assert (!td_mem_we && !td_mem_re);
        FrameKeptDuringCopy: assert (!td_done && !alloc_we && !fclr);
      end
      ArenaPortOneUser: assert (!(cp_mem_req && (td_mem_we || td_mem_re)));
      StagingWritePortOneUser: assert (!(cp_stg_we && bus_stg_we));
      if (reset_seen_q && (!checked_q || arena_lg != lg_q || arena_size != size_q ||
                           lease_frames != frames_q)) begin
        ArenaSizeRegistersMatch: assert (arena_size == 32'd1 << arena_lg &&
                                         lease_frames == frames_of(arena_lg))
          else $error("arena size registers %0d, %b at log2 %0d", arena_size, lease_frames,
                      arena_lg);
      end
    end
    reset_seen_q <= reset_seen_q || !rst_ni;
    checked_q    <= rst_ni;
    lg_q         <= arena_lg;
    size_q       <= arena_size;
    frames_q     <= lease_frames;
  end

endmodule : fbmu_top_sva
