// Lease records: storage, expiry marking, and the lookups the engines need (id, ALLOC, teardown).
//
// Record fields live in small RAMs written one record at a time (ids, expiries, frames, sizes,
// states; none is reset: `fill_q` says which records have ever been used, and records are taken
// in index order, so records fill_q.. are empty). Nothing is recomputed over the whole table each
// cycle:
// - Expiry: one comparator checks the RTC against the earliest ACTIVE expiry; when it is reached a
//   scan compares one record per cycle with the RTC and marks ACTIVE records that reached it
//   EXPIRED, in record order. The table is not quiet until then, and commands wait for quiet, so
//   they see what the model sees. The access check compares only the looked-up record's expiry.
// - Id lookup: a search over the used records, one per cycle, started by the command.
// - End order: ended records wait in a FIFO (slot and end second) for teardown, which therefore runs
//   in end order; teardowns finish in that order, so the records they finish join the recycle
//   queue in end order too. The queue collapses when ALLOC takes a record from it: no sequence
//   number, so nothing wraps however many leases end.
// - Lowest free frame: a bitmap of the frames 1..Slots held by a record, and a priority encoder.
module fbmu_lease_table #(
  parameter int Slots  = 16,  // lease records (LEASE_SLOTS), 2..64
  parameter int FrameW = 11,  // frame index width ($clog2(MEM_BYTES / 64))
  parameter int LgW    = 5    // width of log2(arena size)
) (
  input  logic                        clk_i,           // clock
  input  logic                        rst_ni,          // asynchronous reset, active low
  input  logic [fbmu_pkg::TimeW-1:0]  rtc_i,           // RTC seconds (core clock domain)
  input  logic [Slots:0]              lease_frames_i,  // lease frames 1..Slots the arena size has
  // Lookup by id (command engine)
  input  logic                        lookup_start_i,  // a command was written: search for lookup_id_i
  input  logic [fbmu_pkg::IdW-1:0]    lookup_id_i,     // id to look up (ARG_ID, stable while busy)
  output logic                        lookup_done_o,   // the search is over: hit_* are valid
  output logic                        hit_o,           // a record holds that id
  output logic [$clog2(Slots)-1:0]    hit_slot_o,      // its index
  output logic [fbmu_pkg::StateW-1:0] hit_state_o,     // its state (fbmu_pkg::Rec*)
  output logic                        hit_expired_o,   // rtc >= its expiry
  output logic [FrameW-1:0]           hit_frame_o,     // its frame
  output logic [LgW-1:0]              hit_lg_o,        // log2 of the arena size it was granted with
  output logic [fbmu_pkg::TimeW-1:0]  hit_exp_o,       // its expiry
  // ALLOC choices
  output logic                        rec_ok_o,        // an empty or recyclable record exists
  output logic [$clog2(Slots)-1:0]    rec_slot_o,      // lowest empty, else the oldest recyclable
  output logic                        frame_ok_o,      // a free lease frame exists
  output logic [FrameW-1:0]           frame_o,         // the lowest free lease frame
  // Teardown queue: the pending record that ended first
  output logic                        td_valid_o,      // a record waits for teardown
  output logic [$clog2(Slots)-1:0]    td_slot_o,       // its index
  output logic [fbmu_pkg::StateW-1:0] td_state_o,      // RecExpired or RecRevoked
  output logic [fbmu_pkg::IdW-1:0]    td_id_o,         // its id
  output logic [FrameW-1:0]           td_frame_o,      // its frame
  output logic [fbmu_pkg::TimeW-1:0]  td_time_o,       // RTC second at which it ended
  output logic [Slots-1:0]            td_pend_o,       // per record: teardown not finished
  // Fenced frames
  output logic                        fence_valid_o,   // some FENCED record's frame is still fenced
  output logic [$clog2(Slots)-1:0]    fence_slot_o,    // the lowest such record
  output logic [FrameW-1:0]           fence_frame_o,   // its frame
  input  logic [Slots-1:0]            fence_skip_i,    // records the fence pick passes over
  // Summary
  output logic                        any_active_o,    // some record is ACTIVE
  output logic                        quiet_o,         // no lease due to be marked, no teardown pending
  output logic                        exact_o,         // the earliest-expiry register is exact
  // Updates from the command engine (at most one per cycle)
  input  logic                        alloc_we_i,      // ALLOC: new record (ACTIVE, or ended at once)
  input  logic [$clog2(Slots)-1:0]    alloc_slot_i,    // = rec_slot_o
  input  logic [fbmu_pkg::IdW-1:0]    alloc_id_i,
  input  logic [FrameW-1:0]           alloc_frame_i,   // = frame_o
  input  logic [LgW-1:0]              alloc_lg_i,
  input  logic [fbmu_pkg::TimeW-1:0]  alloc_exp_i,
  input  logic                        renew_we_i,      // RENEW: new expiry
  input  logic [$clog2(Slots)-1:0]    renew_slot_i,
  input  logic [fbmu_pkg::TimeW-1:0]  renew_exp_i,
  input  logic                        revoke_we_i,     // FREE: ACTIVE -> REVOKED, queued for teardown
  input  logic [$clog2(Slots)-1:0]    revoke_slot_i,
  // Updates from the teardown engine and the platform controller
  input  logic                        td_done_i,       // teardown of the queue head finished
  input  logic [$clog2(Slots)-1:0]    td_done_slot_i,  // = td_slot_o
  input  logic                        td_fenced_i,     // ... and its zeroing failed: FENCED
  input  logic                        fclr_i,          // FENCE_CLEAR re-zeroed this record's frame
  input  logic [$clog2(Slots)-1:0]    fclr_slot_i
);

  localparam int SlotW = $clog2(Slots);
  localparam int NumW  = SlotW + 1;   // record counts 0..Slots
  localparam int OccW  = Slots + 1;   // frames 0..Slots (see the frame bitmap below)
  localparam int OccIw = $clog2(OccW);

  // ---------------------------------------------------------------------------------------------
  // Record storage: one write port per field (state has a second one for the teardown engine).

  logic [fbmu_pkg::IdW-1:0]    id_mem    [Slots];  // lease id
  logic [fbmu_pkg::TimeW-1:0]  exp_mem   [Slots];  // expires_at
  logic [FrameW-1:0]           frame_mem [Slots];  // frame
  logic [LgW-1:0]              lg_mem    [Slots];  // log2 of the granted arena size
  logic [fbmu_pkg::StateW-1:0] state_mem [Slots];  // fbmu_pkg::Rec* (records fill_q.. are RecEmpty)

  // Bookkeeping registers
  logic [NumW-1:0]   fill_q, fill_d;        // records used since reset (taken in index order)
  logic [Slots-1:0]  act_q, act_d;          // ACTIVE
  logic [Slots-1:0]  tdp_q, tdp_d;          // ended, teardown not finished
  logic [Slots-1:0]  fen_q, fen_d;          // FENCED and the frame is still fenced
  logic [OccW-1:0]   occ_q, occ_d;          // frame held by a record (active, tearing down, fenced)

  // ---------------------------------------------------------------------------------------------
  // Id search: one used record per cycle from record 0, until the id matches.

  logic              srch_busy_q, srch_busy_d;
  logic [SlotW-1:0]  srch_ptr_q, srch_ptr_d;
  logic              hit_q, hit_d;
  logic [SlotW-1:0]  hit_slot_q, hit_slot_d;

  always_comb begin
    srch_busy_d = srch_busy_q;
    srch_ptr_d  = srch_ptr_q;
    hit_d       = hit_q;
    hit_slot_d  = hit_slot_q;
    if (lookup_start_i) begin
      srch_busy_d = (fill_q != '0);
      srch_ptr_d  = '0;
      hit_d       = 1'b0;
      hit_slot_d  = '0;
    end else if (srch_busy_q) begin
      if (id_mem[srch_ptr_q] == lookup_id_i) begin
        hit_d       = 1'b1;
        hit_slot_d  = srch_ptr_q;
        srch_busy_d = 1'b0;
      end else if (NumW'(srch_ptr_q) + NumW'(1) >= fill_q) begin
        srch_busy_d = 1'b0;
      end else begin
        srch_ptr_d = srch_ptr_q + SlotW'(1);
      end
    end
  end

  assign lookup_done_o = !srch_busy_q;
  assign hit_o         = hit_q;
  assign hit_slot_o    = hit_slot_q;
  assign hit_state_o   = hit_q ? state_mem[hit_slot_q] : fbmu_pkg::RecEmpty;
  assign hit_frame_o   = frame_mem[hit_slot_q];
  assign hit_lg_o      = lg_mem[hit_slot_q];
  assign hit_exp_o     = exp_mem[hit_slot_q];
  assign hit_expired_o = (rtc_i >= hit_exp_o);

  // ---------------------------------------------------------------------------------------------
  // Expiry. min_q is a lower bound of the ACTIVE records' expiries, exact after a scan pass, so one
  // comparator with the RTC says whether any lease may have expired ("due"). While due, the unit is
  // not quiet and a pass compares one used record per cycle, in record order, with the RTC value
  // latched at its start: it marks ACTIVE records that reached it EXPIRED and takes the minimum of
  // the others. ALLOC folds its expiry into the bound; RENEW and FREE of the lease holding it leave
  // it a lower bound and start a pass (not due: that lease was live) that makes it exact again;
  // those commands complete only when it is (exact_o), so an RTC step after them that ends no
  // lease never makes the unit busy.

  logic                       scan_busy_q, scan_busy_d;
  logic                       stale_q, stale_d;         // min_q may be below the true minimum
  logic                       scan_mark_q, scan_mark_d; // this pass started because a lease was due
  logic [SlotW-1:0]           scan_ptr_q, scan_ptr_d;
  logic [fbmu_pkg::TimeW-1:0] scan_rtc_q, scan_rtc_d;   // RTC value this pass compares with
  logic [fbmu_pkg::TimeW-1:0] acc_q, acc_d;             // minimum expiry of the records the pass keeps
  logic [fbmu_pkg::TimeW-1:0] min_q, min_d;
  logic                       due;                      // some ACTIVE lease may have reached its expiry
  logic                       scan_stall;               // the command engine updates a record this cycle
  logic                       mark;                     // the scanned record expires now
  logic [fbmu_pkg::TimeW-1:0] scan_exp;

  logic [fbmu_pkg::TimeW-1:0] cmd_exp;                  // expiry of the record RENEW or FREE changes

  assign cmd_exp    = exp_mem[renew_we_i ? renew_slot_i : revoke_slot_i];
  assign due        = (act_q != '0) && (rtc_i >= min_q);
  assign scan_stall = alloc_we_i || renew_we_i || revoke_we_i;
  assign scan_exp   = exp_mem[scan_ptr_q];
  assign mark       = scan_busy_q && !scan_stall && act_q[scan_ptr_q] &&
                      (scan_rtc_q >= scan_exp);

  always_comb begin
    scan_busy_d = scan_busy_q;
    scan_ptr_d  = scan_ptr_q;
    scan_rtc_d  = scan_rtc_q;
    scan_mark_d = scan_mark_q;
    acc_d       = acc_q;
    min_d       = min_q;
    // RENEW or FREE of a lease holding the earliest expiry leaves min_q below the true minimum.
    stale_d     = stale_q || ((renew_we_i || revoke_we_i) && (cmd_exp == min_q));
    if (alloc_we_i && !alloc_end) begin
      if (alloc_exp_i < min_q) min_d = alloc_exp_i;
      if (alloc_exp_i < acc_q) acc_d = alloc_exp_i;
    end
    if (scan_busy_q && !scan_stall) begin
      if (act_q[scan_ptr_q] && !mark && scan_exp < acc_d) acc_d = scan_exp;
      if (NumW'(scan_ptr_q) + NumW'(1) >= fill_q) begin
        scan_busy_d = 1'b0;
        scan_mark_d = 1'b0;
        min_d       = acc_d;
      end else begin
        scan_ptr_d = scan_ptr_q + SlotW'(1);
      end
    end
    if (!scan_busy_d && (due || stale_d) && (fill_q != '0)) begin
      scan_busy_d = 1'b1;
      scan_mark_d = due;
      stale_d     = 1'b0;
      scan_ptr_d  = '0;
      scan_rtc_d  = rtc_i;
      acc_d       = '1;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Lease ends (at most one per cycle: the scan stalls while the command engine writes) and the
  // teardown FIFO of (record, end second), in end order.

  logic                       alloc_end;   // ALLOC whose saturated expiry is already reached (rtc = 2^64-1)
  logic                       end_push;
  logic [SlotW-1:0]           end_slot;
  logic [fbmu_pkg::TimeW-1:0] end_time;

  assign alloc_end = alloc_we_i && (alloc_exp_i <= rtc_i);
  assign end_push  = mark || revoke_we_i || alloc_end;
  assign end_slot  = mark ? scan_ptr_q : (revoke_we_i ? revoke_slot_i : alloc_slot_i);
  assign end_time  = mark ? scan_rtc_q : rtc_i;

  logic [SlotW-1:0]           tdq_slot_mem [Slots];
  logic [fbmu_pkg::TimeW-1:0] tdq_time_mem [Slots];
  logic [SlotW-1:0]           tdq_wr_q, tdq_wr_d, tdq_rd_q, tdq_rd_d;
  logic [NumW-1:0]            tdq_n_q, tdq_n_d;

  always_comb begin
    tdq_wr_d = tdq_wr_q;
    tdq_rd_d = tdq_rd_q;
    tdq_n_d  = tdq_n_q;
    if (end_push) begin
      tdq_wr_d = (NumW'(tdq_wr_q) == NumW'(Slots - 1)) ? '0 : tdq_wr_q + SlotW'(1);
      tdq_n_d  = tdq_n_d + NumW'(1);
    end
    if (td_done_i) begin
      tdq_rd_d = (NumW'(tdq_rd_q) == NumW'(Slots - 1)) ? '0 : tdq_rd_q + SlotW'(1);
      tdq_n_d  = tdq_n_d - NumW'(1);
    end
  end

  always_ff @(posedge clk_i) begin
    if (end_push) begin
      tdq_slot_mem[tdq_wr_q] <= end_slot;
      tdq_time_mem[tdq_wr_q] <= end_time;
    end
  end

  assign td_valid_o = (tdq_n_q != '0);
  assign td_slot_o  = tdq_slot_mem[tdq_rd_q];
  assign td_time_o  = tdq_time_mem[tdq_rd_q];
  assign td_state_o = state_mem[td_slot_o];
  assign td_id_o    = id_mem[td_slot_o];
  assign td_frame_o = frame_mem[td_slot_o];
  assign td_pend_o  = tdp_q;

  // ---------------------------------------------------------------------------------------------
  // Recycle queue: ended records whose teardown finished, oldest end first. `rq_blk` marks those
  // whose frame is still fenced (not recyclable until FENCE_CLEAR). Position 0 is the oldest.

  logic [Slots*SlotW-1:0] rq_q, rq_d;        // record index per position
  logic [NumW-1:0]        rq_n_q, rq_n_d;    // positions in use: 0 .. rq_n_q-1
  logic [Slots-1:0]       rq_blk_q, rq_blk_d;
  logic [Slots-1:0]       rq_valid;
  logic                   rq_found;
  logic [SlotW-1:0]       rq_pos;            // oldest recyclable position (rq_pos_q: registered)
  logic                   recycle;           // ALLOC takes the record at rq_pos_q
  logic [Slots-1:0]       keep;              // positions below rq_pos_q

  // (1 << n) - 1; for n = Slots the shift gives 0 and the subtraction all ones.
  assign rq_valid = (Slots'(1) << rq_n_q) - Slots'(1);

  fbmu_lowest_set #(
    .N (Slots)
  ) u_rq_pick (
    .vec_i   (rq_valid & ~rq_blk_q),
    .found_o (rq_found),
    .idx_o   (rq_pos)
  );

  assign recycle = alloc_we_i && (fill_q == NumW'(Slots));
  assign keep    = (Slots'(1) << rq_pos_q) - Slots'(1);

  always_comb begin
    rq_d     = rq_q;
    rq_n_d   = rq_n_q;
    rq_blk_d = rq_blk_q;
    if (recycle) begin  // close the gap at rq_pos
      for (int p = 0; p < Slots - 1; p++) begin
        if (p >= 32'(rq_pos_q)) rq_d[p*SlotW +: SlotW] = rq_q[(p+1)*SlotW +: SlotW];
      end
      rq_blk_d = (rq_blk_q & keep) | ((rq_blk_q >> 1) & ~keep);
      rq_n_d   = rq_n_q - NumW'(1);
    end
    if (td_done_i && (rq_n_d != NumW'(Slots))) begin  // join at the young end
      rq_d[32'(rq_n_d)*SlotW +: SlotW] = td_done_slot_i;
      rq_blk_d = (rq_blk_d & ~(Slots'(1) << rq_n_d)) | (Slots'(td_fenced_i) << rq_n_d);
      rq_n_d                           = rq_n_d + NumW'(1);
    end
    if (fclr_i) begin
      for (int p = 0; p < Slots; p++) begin
        if (rq_q[p*SlotW +: SlotW] == fclr_slot_i) rq_blk_d[p] = 1'b0;
      end
    end
  end

  // ---------------------------------------------------------------------------------------------
  // ALLOC record choice: the lowest empty record, else the oldest recyclable one.

  // The choice (and the frame below) is registered: computed each cycle from the bookkeeping
  // registers, used by ALLOC a cycle later or more. Those registers change only on ALLOC, at the end
  // of a teardown and on FENCE_CLEAR (the frame choice also when the arena size changes), and none
  // of these happens in the cycle before ALLOC decides: its command waited for a quiet table (no
  // teardown queued or running) and a platform request never overlaps a command. So the registered
  // choice is the current one (fbmu_lease_table_sva checks it at each ALLOC), and ALLOC's decision
  // and record writes no longer start at the recycle queue's priority encoder.
  logic             rec_ok, frame_ok;       // the choices from this cycle's registers
  logic [SlotW-1:0] rec_slot;
  logic [FrameW-1:0] frame_now;
  logic             rec_ok_q, frame_ok_q;   // ... registered
  logic [SlotW-1:0] rec_slot_q, rq_pos_q;
  logic [FrameW-1:0] frame_q;

  assign rec_ok     = (fill_q != NumW'(Slots)) || rq_found;
  assign rec_slot   = (fill_q != NumW'(Slots)) ? fill_q[SlotW-1:0] :
                                                 rq_q[32'(rq_pos)*SlotW +: SlotW];
  assign rec_ok_o   = rec_ok_q;
  assign rec_slot_o = rec_slot_q;

  // ---------------------------------------------------------------------------------------------
  // Lowest free lease frame. Only records hold frames, and when ALLOC runs at most Slots-1 of them
  // do (one record is free), so the lowest free frame is at most Slots: a bitmap of frames 1..Slots
  // and a priority encoder, limited to the frames that exist at the current arena size (a bitmap the
  // platform controller registers with the size, so no path starts at the size's log2).

  logic [OccIw-1:0] free_idx;

  fbmu_lowest_set #(
    .N (OccW)
  ) u_frame_pick (
    .vec_i   (~occ_q & lease_frames_i),
    .found_o (frame_ok),
    .idx_o   (free_idx)
  );

  assign frame_now  = FrameW'(free_idx);
  assign frame_ok_o = frame_ok_q;
  assign frame_o    = frame_q;

  // ---------------------------------------------------------------------------------------------
  // Fenced frames: the lowest record whose frame is still fenced.

  fbmu_lowest_set #(
    .N (Slots)
  ) u_fence_pick (
    .vec_i   (fen_q & ~fence_skip_i),
    .found_o (fence_valid_o),
    .idx_o   (fence_slot_o)
  );

  assign fence_frame_o = frame_mem[fence_slot_o];

  // ---------------------------------------------------------------------------------------------
  // Record writes

  logic                        st_we;      // command or scan port
  logic [SlotW-1:0]            st_addr;
  logic [fbmu_pkg::StateW-1:0] st_wdata;
  logic                        exp_we;
  logic [SlotW-1:0]            exp_addr;
  logic [fbmu_pkg::TimeW-1:0]  exp_wdata;

  always_comb begin
    st_we    = 1'b1;
    st_addr  = alloc_slot_i;
    st_wdata = fbmu_pkg::RecActive;
    if (alloc_we_i) begin
      st_wdata = alloc_end ? fbmu_pkg::RecExpired : fbmu_pkg::RecActive;
    end else if (revoke_we_i) begin
      st_addr  = revoke_slot_i;
      st_wdata = fbmu_pkg::RecRevoked;
    end else if (mark) begin
      st_addr  = scan_ptr_q;
      st_wdata = fbmu_pkg::RecExpired;
    end else begin
      st_we = 1'b0;
    end
    exp_we    = alloc_we_i || renew_we_i;
    exp_addr  = alloc_we_i ? alloc_slot_i : renew_slot_i;
    exp_wdata = alloc_we_i ? alloc_exp_i : renew_exp_i;
  end

  always_ff @(posedge clk_i) begin
    if (alloc_we_i) begin
      id_mem[alloc_slot_i]    <= alloc_id_i;
      frame_mem[alloc_slot_i] <= alloc_frame_i;
      lg_mem[alloc_slot_i]    <= alloc_lg_i;
    end
    if (exp_we) exp_mem[exp_addr] <= exp_wdata;
  end

  always_ff @(posedge clk_i) begin
    if (st_we) state_mem[st_addr] <= st_wdata;
    if (td_done_i && td_fenced_i) state_mem[td_done_slot_i] <= fbmu_pkg::RecFenced;
  end

  // Bookkeeping next state (bitmaps of one bit per record or frame)
  always_comb begin
    fill_d = fill_q;
    act_d  = act_q;
    tdp_d  = tdp_q;
    fen_d  = fen_q;
    occ_d  = occ_q;
    if (alloc_we_i) begin
      if (!recycle) fill_d = fill_q + NumW'(1);
      act_d[alloc_slot_i] = !alloc_end;
      if (32'(alloc_frame_i) < OccW) occ_d[OccIw'(alloc_frame_i)] = 1'b1;
    end
    if (end_push) begin
      act_d[end_slot] = 1'b0;
      tdp_d[end_slot] = 1'b1;
    end
    if (td_done_i) begin
      tdp_d[td_done_slot_i] = 1'b0;
      if (td_fenced_i) fen_d[td_done_slot_i] = 1'b1;
      else if (32'(frame_mem[td_done_slot_i]) < OccW) occ_d[OccIw'(frame_mem[td_done_slot_i])] = 1'b0;
    end
    if (fclr_i) begin
      fen_d[fclr_slot_i] = 1'b0;
      if (32'(frame_mem[fclr_slot_i]) < OccW) occ_d[OccIw'(frame_mem[fclr_slot_i])] = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fill_q      <= '0;
      act_q       <= '0;
      tdp_q       <= '0;
      fen_q       <= '0;
      occ_q       <= '0;
      srch_busy_q <= 1'b0;
      srch_ptr_q  <= '0;
      hit_q       <= 1'b0;
      hit_slot_q  <= '0;
      scan_busy_q <= 1'b0;
      stale_q     <= 1'b0;
      scan_mark_q <= 1'b0;
      scan_ptr_q  <= '0;
      scan_rtc_q  <= '0;
      acc_q       <= '1;
      min_q       <= '1;
      tdq_wr_q    <= '0;
      tdq_rd_q    <= '0;
      tdq_n_q     <= '0;
      rq_q        <= '0;
      rq_n_q      <= '0;
      rq_blk_q    <= '0;
      rec_ok_q    <= 1'b0;
      rec_slot_q  <= '0;
      rq_pos_q    <= '0;
      frame_ok_q  <= 1'b0;
      frame_q     <= '0;
    end else begin
      fill_q      <= fill_d;
      act_q       <= act_d;
      tdp_q       <= tdp_d;
      fen_q       <= fen_d;
      occ_q       <= occ_d;
      srch_busy_q <= srch_busy_d;
      srch_ptr_q  <= srch_ptr_d;
      hit_q       <= hit_d;
      hit_slot_q  <= hit_slot_d;
      scan_busy_q <= scan_busy_d;
      stale_q     <= stale_d;
      scan_mark_q <= scan_mark_d;
      scan_ptr_q  <= scan_ptr_d;
      scan_rtc_q  <= scan_rtc_d;
      acc_q       <= acc_d;
      min_q       <= min_d;
      tdq_wr_q    <= tdq_wr_d;
      tdq_rd_q    <= tdq_rd_d;
      tdq_n_q     <= tdq_n_d;
      rq_q        <= rq_d;
      rq_n_q      <= rq_n_d;
      rq_blk_q    <= rq_blk_d;
      rec_ok_q    <= rec_ok;
      rec_slot_q  <= rec_slot;
      rq_pos_q    <= rq_pos;
      frame_ok_q  <= frame_ok;
      frame_q     <= frame_now;
    end
  end

  assign any_active_o = |act_q;
  // Not quiet from the cycle a lease may be due until the pass it starts has marked every record
  // (even if the last ACTIVE lease is marked early or the RTC steps back meanwhile).
  assign quiet_o      = !due && !scan_mark_q && (tdq_n_q == '0);
  assign exact_o      = !stale_q && !scan_busy_q;

endmodule : fbmu_lease_table
