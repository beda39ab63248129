// Assertions on the lease records (bound to fbmu_lease_table by fbmu_sva_bind.sv): ids unique and
// never 0, no two records holding one frame, lookups only find used records.
//
// Ids and frames are written only by ALLOC, so both invariants are checked when ALLOC writes a
// record, against every other used record: the same guarantee as an all-pairs compare each cycle
// at the cost of LEASE_SLOTS compares per ALLOC (nothing in the other cycles). The records are read
// in place, by an upward reference into the bound table (fbmu_lease_table.id_mem), not through
// ports: an unpacked-array port would be copied whole on every clock edge.
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
  input logic [Slots-1:0]            act_q,          // ACTIVE
  input logic [Slots-1:0]            tdp_q,          // teardown not finished
  input logic [Slots-1:0]            fen_q,          // frame still fenced
  input logic [Slots:0]              lease_frames_i, // lease frames 1..Slots at the arena size
  input logic                        rec_ok,         // ALLOC's record choice from this cycle's
  input logic [$clog2(Slots)-1:0]    rec_slot,       //   registers
  input logic [$clog2(Slots)-1:0]    rq_pos,         //   (its recycle queue position)
  input logic                        frame_ok,       // ... and its frame choice
  input logic [FrameW-1:0]           frame_now,
  input logic                        rec_ok_o,       // the registered choices ALLOC uses
  input logic [$clog2(Slots)-1:0]    rq_pos_q,
  input logic                        frame_ok_o,
  input logic                        lookup_done_o,  // id search over
  input logic                        hit_o,          // it found a record
  input logic [$clog2(Slots)-1:0]    hit_slot_o,
  input logic [fbmu_pkg::StateW-1:0] hit_state_o,
  input logic                        td_done_i,      // a teardown finished
  input logic [$clog2(Slots)-1:0]    td_done_slot_i
);

  localparam int NumW = $clog2(Slots) + 1;

  // Record r holds a frame: live, waiting for teardown, or fenced. A function, evaluated only when
  // ALLOC writes.
  function automatic logic holds(input logic [$clog2(Slots)-1:0] r);
    return act_q[r] || tdp_q[r] || fen_q[r];
  endfunction

  always_ff @(posedge clk_i) begin
    if (rst_ni && alloc_we_i) begin
      // ALLOC never overwrites a record that still holds its frame.
      RecAllocTakesAFreeRecord: assert (!holds(alloc_slot_i));
      RecIdNeverZero: assert (alloc_id_i != '0)
        else $error("ALLOC writes lease id 0 into record %0d", alloc_slot_i);
      RecFrameIsALeaseFrame: assert (alloc_frame_i != '0 && 32'(alloc_frame_i) <= Slots &&
                                     lease_frames_i[$clog2(Slots + 1)'(alloc_frame_i)])
        else $error("ALLOC gives frame %0d, not a lease frame of the arena size", alloc_frame_i);
      // The registered choices are those of this cycle's registers: nothing they are computed
      // from changed in the cycle before ALLOC.
      RecAllocChoiceIsCurrent: assert (rec_ok_o == rec_ok && alloc_slot_i == rec_slot &&
                                       rq_pos_q == rq_pos && frame_ok_o == frame_ok &&
                                       alloc_frame_i == frame_now)
        else $error("ALLOC uses record %0d frame %0d; the registers now give %0d and %0d",
                    alloc_slot_i, alloc_frame_i, rec_slot, frame_now);
      for (int i = 0; i < Slots; i++) begin
        if (NumW'(i) < fill_q && i != 32'(alloc_slot_i)) begin
          RecIdsUnique: assert (fbmu_lease_table.id_mem[i] != alloc_id_i)
            else $error("ALLOC writes id %h into record %0d; record %0d holds it", alloc_id_i,
                        alloc_slot_i, i);
          RecFramesNotShared: assert (!holds($clog2(Slots)'(i)) ||
                                      fbmu_lease_table.frame_mem[i] != alloc_frame_i)
            else $error("ALLOC gives frame %0d to record %0d; record %0d holds it",
                        alloc_frame_i, alloc_slot_i, i);
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // A lookup finds only a used record, and never an empty one.
      if (lookup_done_o && hit_o) begin
        RecHitIsAUsedRecord: assert (NumW'(hit_slot_o) < fill_q &&
                                     hit_state_o != fbmu_pkg::RecEmpty);
      end
      // A teardown finishes only for a record that waits for one.
      if (td_done_i) begin
        RecTeardownOnlyWhenPending: assert (tdp_q[td_done_slot_i]);
      end
    end
  end

endmodule : fbmu_lease_table_sva
