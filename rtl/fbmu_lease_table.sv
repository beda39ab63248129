// Lease records: storage, expiry marking, and the lookups the engines need (id, ALLOC, teardown).
//
// Every cycle each record's expiry is compared with the RTC. ACTIVE records that have reached it
// are marked EXPIRED in the same cycle, with the RTC value seen and end sequence numbers given in
// record order; they then wait in the teardown queue (td_pend) until the teardown engine is done.
module fbmu_lease_table #(
  parameter int Slots  = 16,  // lease records (LEASE_SLOTS), 2..64
  parameter int FrameW = 11,  // frame index width ($clog2(MEM_BYTES / 64))
  parameter int LgW    = 5,   // width of log2(arena size)
  parameter int ByteAw = 17   // $clog2(MEM_BYTES)
) (
  input  logic                     clk_i,          // clock
  input  logic                     rst_ni,         // asynchronous reset, active low
  input  logic [63:0]              rtc_i,          // RTC seconds
  input  logic [LgW-1:0]           arena_lg_i,     // log2 of the current arena size
  // Lookup by id (command engine)
  input  logic [127:0]             lookup_id_i,    // id to look up (ARG_ID)
  output logic                     hit_o,          // a record holds that id
  output logic [$clog2(Slots)-1:0] hit_slot_o,     // its index
  output logic [2:0]               hit_state_o,    // its state (fbmu_pkg::Rec*)
  output logic                     hit_expired_o,  // rtc >= its expiry
  output logic [FrameW-1:0]        hit_frame_o,    // its frame
  output logic [LgW-1:0]           hit_lg_o,       // log2 of the arena size it was granted with
  output logic [63:0]              hit_exp_o,      // its expiry
  // ALLOC choices
  output logic                     rec_ok_o,       // an empty or recyclable record exists
  output logic [$clog2(Slots)-1:0] rec_slot_o,     // lowest empty, else the oldest recyclable
  output logic                     frame_ok_o,     // a free lease frame exists
  output logic [FrameW-1:0]        frame_o,        // the lowest free lease frame
  // Teardown queue: the pending record that ended first
  output logic                     td_valid_o,     // a record waits for teardown
  output logic [$clog2(Slots)-1:0] td_slot_o,      // its index
  output logic [2:0]               td_state_o,     // RecExpired or RecRevoked
  output logic [127:0]             td_id_o,        // its id
  output logic [FrameW-1:0]        td_frame_o,     // its frame
  output logic [63:0]              td_time_o,      // RTC second at which it ended
  output logic [Slots-1:0]         td_pend_o,      // per record: teardown not finished
  // Fenced frames
  output logic                     fence_valid_o,  // some FENCED record's frame is still fenced
  output logic [$clog2(Slots)-1:0] fence_slot_o,   // the lowest such record
  output logic [FrameW-1:0]        fence_frame_o,  // its frame
  // Summary
  output logic                     any_active_o,   // some record is ACTIVE
  output logic                     quiet_o,        // no expiry left to mark, no teardown pending
  // Updates from the command engine
  input  logic                     alloc_we_i,     // ALLOC: new ACTIVE record
  input  logic [$clog2(Slots)-1:0] alloc_slot_i,
  input  logic [127:0]             alloc_id_i,
  input  logic [FrameW-1:0]        alloc_frame_i,
  input  logic [LgW-1:0]           alloc_lg_i,
  input  logic [63:0]              alloc_exp_i,
  input  logic                     renew_we_i,     // RENEW: new expiry
  input  logic [$clog2(Slots)-1:0] renew_slot_i,
  input  logic [63:0]              renew_exp_i,
  input  logic                     revoke_we_i,    // FREE: ACTIVE -> REVOKED, queued for teardown
  input  logic [$clog2(Slots)-1:0] revoke_slot_i,
  // Updates from the teardown engine and the platform controller
  input  logic                     td_done_i,      // teardown of a record finished
  input  logic [$clog2(Slots)-1:0] td_done_slot_i,
  input  logic                     td_fenced_i,    // ... and its zeroing failed: FENCED
  input  logic                     fclr_i,         // FENCE_CLEAR re-zeroed this record's frame
  input  logic [$clog2(Slots)-1:0] fclr_slot_i
);

  localparam int SlotW = $clog2(Slots);
  localparam int SeqW  = fbmu_pkg::SeqW;
  localparam int CntW  = FrameW + 1;  // frame count width

  // Record storage (flat vectors: Yosys 0.23 has no packed multi-dimensional arrays)
  logic [Slots*3-1:0]      state_q, state_d;   // fbmu_pkg::Rec*
  logic [Slots*128-1:0]    id_q, id_d;         // lease id
  logic [Slots*FrameW-1:0] frame_q, frame_d;   // frame
  logic [Slots*LgW-1:0]    lg_q, lg_d;         // log2 of the granted arena size
  logic [Slots*64-1:0]     exp_q, exp_d;       // expires_at
  logic [Slots*64-1:0]     etime_q, etime_d;   // RTC second at which the lease ended
  logic [Slots*SeqW-1:0]   eseq_q, eseq_d;     // end sequence number
  logic [Slots-1:0]        tdp_q, tdp_d;       // ended, teardown not finished
  logic [Slots-1:0]        fen_q, fen_d;       // FENCED and the frame is still fenced
  logic [SeqW-1:0]         seq_q, seq_d;       // next end sequence number

  // Per-record conditions
  logic [Slots-1:0] expired;     // rtc >= expires_at (the access check, every cycle)
  logic [Slots-1:0] is_active, is_empty, recyclable, occupied, fenced_frame, to_mark;

  for (genvar i = 0; i < Slots; i++) begin : gen_rec
`ifdef FBMU_BUG_EXPIRY_GT
    assign expired[i]    = rtc_i > exp_q[i*64 +: 64];  // deliberately broken variant: one second late
`else
    assign expired[i]    = rtc_i >= exp_q[i*64 +: 64];
`endif
    assign is_active[i]    = state_q[i*3 +: 3] == fbmu_pkg::RecActive;
    assign is_empty[i]     = state_q[i*3 +: 3] == fbmu_pkg::RecEmpty;
    assign fenced_frame[i] = (state_q[i*3 +: 3] == fbmu_pkg::RecFenced) && fen_q[i];
    assign recyclable[i]   = !is_empty[i] && !is_active[i] && !tdp_q[i] && !fen_q[i];
    assign occupied[i]     = is_active[i] || tdp_q[i] || fenced_frame[i];
    assign to_mark[i]      = is_active[i] && expired[i];
  end

  // Next state: expiry marking first, then the explicit updates (never on the same record).
  logic [SeqW-1:0] seq_next;

  always_comb begin
    state_d  = state_q;
    id_d     = id_q;
    frame_d  = frame_q;
    lg_d     = lg_q;
    exp_d    = exp_q;
    etime_d  = etime_q;
    eseq_d   = eseq_q;
    tdp_d    = tdp_q;
    fen_d    = fen_q;
    seq_next = seq_q;

    for (int i = 0; i < Slots; i++) begin
      if (to_mark[i]) begin
        state_d[i*3 +: 3]     = fbmu_pkg::RecExpired;
        etime_d[i*64 +: 64]   = rtc_i;
        eseq_d[i*SeqW +: SeqW] = seq_next;
        tdp_d[i]              = 1'b1;
        seq_next              = seq_next + SeqW'(1);
      end
    end

    if (revoke_we_i) begin
      state_d[32'(revoke_slot_i)*3 +: 3]        = fbmu_pkg::RecRevoked;
      etime_d[32'(revoke_slot_i)*64 +: 64]      = rtc_i;
      eseq_d[32'(revoke_slot_i)*SeqW +: SeqW]   = seq_next;
      tdp_d[revoke_slot_i]                      = 1'b1;
      seq_next                                  = seq_next + SeqW'(1);
    end

    if (alloc_we_i) begin
      state_d[32'(alloc_slot_i)*3 +: 3]           = fbmu_pkg::RecActive;
      id_d[32'(alloc_slot_i)*128 +: 128]          = alloc_id_i;
      frame_d[32'(alloc_slot_i)*FrameW +: FrameW] = alloc_frame_i;
      lg_d[32'(alloc_slot_i)*LgW +: LgW]          = alloc_lg_i;
      exp_d[32'(alloc_slot_i)*64 +: 64]           = alloc_exp_i;
      tdp_d[alloc_slot_i]                         = 1'b0;
      fen_d[alloc_slot_i]                         = 1'b0;
    end

    if (renew_we_i) begin
      exp_d[32'(renew_slot_i)*64 +: 64] = renew_exp_i;
    end

    if (td_done_i) begin
      tdp_d[td_done_slot_i] = 1'b0;
      if (td_fenced_i) begin
        state_d[32'(td_done_slot_i)*3 +: 3] = fbmu_pkg::RecFenced;
        fen_d[td_done_slot_i]               = 1'b1;
      end
    end

    if (fclr_i) begin
      fen_d[fclr_slot_i] = 1'b0;
    end

    seq_d = seq_next;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= '0;
      id_q    <= '0;
      frame_q <= '0;
      lg_q    <= '0;
      exp_q   <= '0;
      etime_q <= '0;
      eseq_q  <= '0;
      tdp_q   <= '0;
      fen_q   <= '0;
      seq_q   <= '0;
    end else begin
      state_q <= state_d;
      id_q    <= id_d;
      frame_q <= frame_d;
      lg_q    <= lg_d;
      exp_q   <= exp_d;
      etime_q <= etime_d;
      eseq_q  <= eseq_d;
      tdp_q   <= tdp_d;
      fen_q   <= fen_d;
      seq_q   <= seq_d;
    end
  end

  // Lookup by id (ids are unique, so at most one record matches; an empty record never does).
  always_comb begin
    hit_o      = 1'b0;
    hit_slot_o = '0;
    for (int i = 0; i < Slots; i++) begin
      if (!is_empty[i] && id_q[i*128 +: 128] == lookup_id_i) begin
        hit_o      = 1'b1;
        hit_slot_o = SlotW'(i);
      end
    end
  end

  assign hit_state_o   = state_q[32'(hit_slot_o)*3 +: 3];
  assign hit_expired_o = expired[hit_slot_o];
  assign hit_frame_o   = frame_q[32'(hit_slot_o)*FrameW +: FrameW];
  assign hit_lg_o      = lg_q[32'(hit_slot_o)*LgW +: LgW];
  assign hit_exp_o     = exp_q[32'(hit_slot_o)*64 +: 64];

  // ALLOC record choice: lowest empty record, else the recyclable one that ended first.
  logic                 empty_found, old_found, fence_found;
  logic [SlotW-1:0]     empty_slot, old_slot, fence_slot;

  always_comb begin
    empty_found = 1'b0;
    empty_slot  = '0;
    fence_found = 1'b0;
    fence_slot  = '0;
    for (int i = Slots - 1; i >= 0; i--) begin
      if (is_empty[i]) begin
        empty_found = 1'b1;
        empty_slot  = SlotW'(i);
      end
      if (fenced_frame[i]) begin
        fence_found = 1'b1;
        fence_slot  = SlotW'(i);
      end
    end
  end

  fbmu_oldest_pick #(
    .N    (Slots),
    .SeqW (SeqW)
  ) u_recycle_pick (
    .valid_i (recyclable),
    .seq_i   (eseq_q),
    .found_o (old_found),
    .idx_o   (old_slot)
  );

  assign rec_ok_o   = empty_found || old_found;
  assign rec_slot_o = empty_found ? empty_slot : old_slot;

  // Lowest free lease frame
  logic [FrameW:0] frames;
  assign frames = CntW'(1) << (ByteAw - 32'(arena_lg_i));

  fbmu_frame_pick #(
    .Slots  (Slots),
    .FrameW (FrameW)
  ) u_frame_pick (
    .occ_i    (occupied),
    .frame_i  (frame_q),
    .frames_i (frames),
    .found_o  (frame_ok_o),
    .frame_o  (frame_o)
  );

  // Teardown queue: in the order the leases ended
  fbmu_oldest_pick #(
    .N    (Slots),
    .SeqW (SeqW)
  ) u_td_pick (
    .valid_i (tdp_q),
    .seq_i   (eseq_q),
    .found_o (td_valid_o),
    .idx_o   (td_slot_o)
  );

  assign td_state_o = state_q[32'(td_slot_o)*3 +: 3];
  assign td_id_o    = id_q[32'(td_slot_o)*128 +: 128];
  assign td_frame_o = frame_q[32'(td_slot_o)*FrameW +: FrameW];
  assign td_time_o  = etime_q[32'(td_slot_o)*64 +: 64];
  assign td_pend_o  = tdp_q;

  assign fence_valid_o = fence_found;
  assign fence_slot_o  = fence_slot;
  assign fence_frame_o = frame_q[32'(fence_slot)*FrameW +: FrameW];

  assign any_active_o = |is_active;
  assign quiet_o      = !(|to_mark) && !(|tdp_q);

endmodule : fbmu_lease_table
