// Assertions on the lease records (bound to fbmu_lease_table by fbmu_sva_bind.sv): ids unique and
// never 0, no two records holding one frame, lookups only find used records.
//
// Ids and frames are written only by ALLOC, so both invariants are checked when ALLOC writes a
// record, against every other used record: the same guarantee as an all-pairs compare each cycle
// at the cost of LEASE_SLOTS compares per ALLOC (nothing in the other cycles).
module fbmu_lease_table_sva #(
  parameter int Slots  = 16,  // lease records
  parameter int FrameW = 11   // frame index width
) (
  input logic                        clk_i,          // clock
  input logic                        rst_ni,         // asynchronous reset, active low
  input logic                        alloc_we_i,     // ALLOC writes a record
  input logic [$clog2(Slots)-1:0]    alloc_slot_i,
  input logic [fbmu_pkg::IdW-1:0]    alloc_id_i,
  input logic [FrameW-1:0]           alloc_frame_i,
  input logic [$clog2(Slots):0]      fill_q,         // records used since reset: 0 .. fill_q-1
  input logic [fbmu_pkg::IdW-1:0]    id_mem    [Slots],
  input logic [FrameW-1:0]           frame_mem [Slots],
  input logic [Slots-1:0]            act_q,          // ACTIVE
  input logic [Slots-1:0]            tdp_q,          // teardown not finished
  input logic [Slots-1:0]            fen_q,          // frame still fenced
  input logic [FrameW:0]             frames,         // frames at the current arena size
  input logic                        lookup_done_o,  // id search over
  input logic                        hit_o,          // it found a record
  input logic [$clog2(Slots)-1:0]    hit_slot_o,
  input logic [fbmu_pkg::StateW-1:0] hit_state_o,
  input logic                        td_done_i,      // a teardown finished
  input logic [$clog2(Slots)-1:0]    td_done_slot_i
);

  localparam int NumW = $clog2(Slots) + 1;

  // Records that hold a frame: live, waiting for teardown, or fenced.
  logic [Slots-1:0] holds;
  assign holds = act_q | tdp_q | fen_q;

  always_ff @(posedge clk_i) begin
    if (rst_ni && alloc_we_i) begin
      RecIdNeverZero: assert (alloc_id_i != '0)
        else $error("ALLOC writes lease id 0 into record %0d", alloc_slot_i);
      RecFrameIsALeaseFrame: assert (alloc_frame_i != '0 && (FrameW + 1)'(alloc_frame_i) < frames)
        else $error("ALLOC gives frame %0d, not a lease frame of the arena size", alloc_frame_i);
      for (int i = 0; i < Slots; i++) begin
        if (NumW'(i) < fill_q && i != 32'(alloc_slot_i)) begin
          RecIdsUnique: assert (id_mem[i] != alloc_id_i)
            else $error("ALLOC writes id %h into record %0d; record %0d holds it", alloc_id_i,
                        alloc_slot_i, i);
          RecFramesNotShared: assert (!holds[i] || frame_mem[i] != alloc_frame_i)
            else $error("ALLOC gives frame %0d to record %0d; record %0d holds it",
                        alloc_frame_i, alloc_slot_i, i);
        end
      end
    end
  end

  // ALLOC never overwrites a record that still holds its frame.
  RecAllocTakesAFreeRecord: assert property (@(posedge clk_i) disable iff (!rst_ni)
    alloc_we_i |-> !holds[alloc_slot_i]);
  // A lookup finds only a used record, and never an empty one.
  RecHitIsAUsedRecord: assert property (@(posedge clk_i) disable iff (!rst_ni)
    lookup_done_o && hit_o |->
      NumW'(hit_slot_o) < fill_q && hit_state_o != fbmu_pkg::RecEmpty);
  // A teardown finishes only for a record that waits for one.
  RecTeardownOnlyWhenPending: assert property (@(posedge clk_i) disable iff (!rst_ni)
    td_done_i |-> tdp_q[td_done_slot_i]);

endmodule : fbmu_lease_table_sva
