// Formal harness of lease access: the command engine, the lease table, the copy engine and the
// teardown engine wired as in fbmu_top, at small parameters (2 records, 256-byte memory, 64- or
// 128-byte arenas, 16-byte transfers). The bus side is free (any command, any arguments, held
// while the command runs, as the register file does), so is the RTC (any step, either way), the
// next lease id and the memory data (so a zeroing read-back may fail and fence a frame). Proved by k-induction:
//   - a lease's bytes move only while its record is ACTIVE and the RTC is before its expiry, with
//     the unit online: never after the lease expired or was revoked (fenced, unknown: the same);
//   - every copy lies inside the frame of the arena it addresses (the lease's own frame, never the
//     bootstrap frame 0, never past the memory), and the copy engine touches no byte outside it;
//   - while a copy runs, no teardown zeroes or frees a frame and no record is written.
// With HoldRtc = 1 the RTC is the one fbmu_rtc_cdc gives the core: any step while no command runs,
// none from the cycle CMD is taken until the command completes (a command sees one time). Then also:
//   - while a command decides (CmdExec, where ALLOC waits for its id) the lease table is quiet: no
//     lease waits for teardown, so no teardown can start there whatever the command engine's hold
//     says (the hold's CmdExec term adds nothing: tools/mutants.toml, cmd_hold_only_in_copy).
//   - and a looked-up record whose expiry the RTC has reached is already EXPIRED, REVOKED or
//     FENCED there, so the check's expiry compare adds nothing to the state it reads
//     (tools/mutants.toml, cmd_expiry_only_by_state).
// Immediate assertions only (Yosys 0.23 reads no clocked SVA). probe_* wires are tied to internal
// signals by formal/fbmu_access.ys after flatten (state encodings: the enums' order in the RTL).
module fbmu_access_formal #(
  parameter int MemBytes   = 256,  // arena memory: 4 frames of 64 bytes
  parameter int Slots      = 2,    // lease records
  parameter int StageBytes = 16,   // bytes per READ/WRITE
  parameter bit HoldRtc    = 1'b0  // 1: the RTC holds while a command runs (fbmu_rtc_cdc)
) (
  input logic                       clk_i,
  input logic                       rst_ni,
  input logic                       cmd_start_i,   // CMD written
  input logic [fbmu_pkg::CodeW-1:0] cmd_op_i,
  input logic [fbmu_pkg::IdW-1:0]   arg_id_i,
  input logic [fbmu_pkg::ArgW-1:0]  arg_a_i,
  input logic [fbmu_pkg::ArgW-1:0]  arg_b_i,
  input logic [31:0]                arg_len_i,
  input logic [fbmu_pkg::TimeW-1:0] rtc_i,
  input logic                       online_i,
  input logic [4:0]                 arena_lg_i,    // log2 of the arena size, fixed per run
  input logic                       id_valid_i,    // lease id generator
  input logic [fbmu_pkg::IdW-1:0]   id_i,
  input logic [15:0]                ev_pending_i,  // event FIFO head
  input logic [fbmu_pkg::CodeW-1:0] ev_kind_i,
  input logic [fbmu_pkg::IdW-1:0]   ev_id_i,
  input logic [fbmu_pkg::TimeW-1:0] ev_time_i,
  input logic [fbmu_pkg::WordW-1:0] mem_rdata_i,   // arena word, row and STAGING read data
  input logic [fbmu_pkg::RowW-1:0]  mem_row_rdata_i,
  input logic [fbmu_pkg::WordW-1:0] stg_rdata_i,
  input logic                       stg_wr_i,      // a bus STAGING write (any, during a stream)
  input logic [$clog2(StageBytes/4)-1:0] stg_wword_i
);

  localparam int ByteAw = $clog2(MemBytes);
  localparam int WordAw = ByteAw - 3;
  localparam int FrameW = ByteAw - 6;
  localparam int LgW    = 5;
  localparam int SlotW  = $clog2(Slots);
  localparam int LenW   = $clog2(StageBytes) + 1;

  // Enum values of the RTL state machines (their declaration order).
  localparam logic [2:0] CmdExec = 3'd2, CmdCopy = 3'd3, CmdFreeWait = 3'd4, CmdSettle = 3'd5,
                         CmdStream = 3'd6;
  localparam logic [2:0] TdScrubStart = 3'd0, TdIdle = 3'd2, TdFinish = 3'd4;

  // ---- The engines, wired as in fbmu_top --------------------------------------------------------
  logic                        lookup_done, hit, hit_expired, rec_ok, frame_ok, td_valid;
  logic [SlotW-1:0]            hit_slot, rec_slot, td_slot, fence_slot;
  logic [fbmu_pkg::StateW-1:0] hit_state, td_state;
  logic [FrameW-1:0]           hit_frame, free_frame, td_frame, fence_frame;
  logic [LgW-1:0]              hit_lg;
  logic [fbmu_pkg::TimeW-1:0]  hit_exp, td_time;
  logic [fbmu_pkg::IdW-1:0]    td_id;
  logic [Slots-1:0]            td_pend;
  logic                        fence_valid, any_active, table_quiet, table_exact;
  logic                        alloc_we, renew_we, revoke_we, td_done, td_fenced;
  logic [SlotW-1:0]            alloc_slot, renew_slot, revoke_slot, td_done_slot;
  logic [fbmu_pkg::IdW-1:0]    alloc_id;
  logic [FrameW-1:0]           alloc_frame;
  logic [LgW-1:0]              alloc_lg;
  logic [fbmu_pkg::TimeW-1:0]  alloc_exp, renew_exp;
  logic                        id_next, ev_pop, ev_push;
  logic [fbmu_pkg::CodeW-1:0]  ev_push_kind;
  logic [fbmu_pkg::IdW-1:0]    ev_push_id;
  logic [fbmu_pkg::TimeW-1:0]  ev_push_time;
  logic                        copy_start, copy_write, copy_busy;
  logic [ByteAw-1:0]           copy_addr;
  logic [LenW-1:0]             copy_len;
  logic                        cmd_busy, cmd_hold, session;
  logic [fbmu_pkg::CodeW-1:0]  result, res_status;
  logic [fbmu_pkg::IdW-1:0]    res_id;
  logic [fbmu_pkg::ArgW-1:0]   res_size;
  logic [fbmu_pkg::TimeW-1:0]  res_time;
  logic [31:0]                 res_len;
  logic                        cp_mem_req, cp_mem_we, td_mem_req, td_mem_we, td_mem_re, copy_head;
  logic                        copy_abort;
  logic [$clog2(StageBytes/8)+1:0] copy_avail;  // source words a streamed write's copy may read
  logic [WordAw-1:0]           cp_mem_addr;
  logic [WordAw-fbmu_pkg::RowLaneW-1:0] td_mem_waddr, td_mem_raddr;
  logic [fbmu_pkg::WordW-1:0]  cp_mem_wdata;
  logic [7:0]                  cp_mem_be;
  logic                        cp_stg_re, cp_stg_we;
  logic [$clog2(StageBytes/8)-1:0] cp_stg_raddr, cp_stg_waddr;
  logic [fbmu_pkg::WordW-1:0]  cp_stg_wdata;
  logic [7:0]                  cp_stg_be;
  logic                        td_busy, scrub, pz_done;
  logic                        quiet;

  assign quiet = table_quiet && !td_busy;

  // What fbmu_plat_ctrl registers with the arena size (fixed here): its size in bytes and the lease
  // frames 1..Slots it has.
  logic [31:0]    arena_size;
  logic [Slots:0] lease_frames;
  assign arena_size = 32'd1 << arena_lg_i;
  always @(*) begin
    for (int f = 0; f <= Slots; f++) begin
      lease_frames[f] = f != 0 && 32'(f) < (32'(MemBytes) >> arena_lg_i);
    end
  end

  fbmu_lease_table #(
    .Slots (Slots), .FrameW (FrameW), .LgW (LgW)
  ) u_table (
    .clk_i (clk_i), .rst_ni (rst_ni), .rtc_i (rtc_i), .lease_frames_i (lease_frames),
    .lookup_start_i (cmd_start_i), .lookup_id_i (arg_id_i), .lookup_done_o (lookup_done),
    .hit_o (hit), .hit_slot_o (hit_slot), .hit_state_o (hit_state), .hit_expired_o (hit_expired),
    .hit_frame_o (hit_frame), .hit_lg_o (hit_lg), .hit_exp_o (hit_exp),
    .rec_ok_o (rec_ok), .rec_slot_o (rec_slot), .frame_ok_o (frame_ok), .frame_o (free_frame),
    .td_valid_o (td_valid), .td_slot_o (td_slot), .td_state_o (td_state), .td_id_o (td_id),
    .td_frame_o (td_frame), .td_time_o (td_time), .td_pend_o (td_pend),
    .fence_valid_o (fence_valid), .fence_slot_o (fence_slot), .fence_frame_o (fence_frame),
    .any_active_o (any_active), .quiet_o (table_quiet), .exact_o (table_exact),
    .alloc_we_i (alloc_we), .alloc_slot_i (alloc_slot), .alloc_id_i (alloc_id),
    .alloc_frame_i (alloc_frame), .alloc_lg_i (alloc_lg), .alloc_exp_i (alloc_exp),
    .renew_we_i (renew_we), .renew_slot_i (renew_slot), .renew_exp_i (renew_exp),
    .revoke_we_i (revoke_we), .revoke_slot_i (revoke_slot),
    .td_done_i (td_done), .td_done_slot_i (td_done_slot), .td_fenced_i (td_fenced),
    .fclr_i (1'b0), .fclr_slot_i ('0), .fence_skip_i ('0)
  );

  fbmu_cmd_engine #(
    .MemBytes (MemBytes), .Slots (Slots), .FrameW (FrameW), .LgW (LgW), .MaxIo (StageBytes)
  ) u_cmd (
    .clk_i (clk_i), .rst_ni (rst_ni), .cmd_start_i (cmd_start_i), .cmd_op_i (cmd_op_i),
    .arg_id_i (arg_id_i), .arg_a_i (arg_a_i), .arg_b_i (arg_b_i), .arg_len_i (arg_len_i),
    .rtc_i (rtc_i), .online_i (online_i), .arena_lg_i (arena_lg_i), .arena_size_i (arena_size),
    .quiet_i (quiet), .exact_i (table_exact), .lookup_done_i (lookup_done), .hit_i (hit),
    .hit_slot_i (hit_slot),
    .hit_state_i (hit_state), .hit_expired_i (hit_expired), .hit_frame_i (hit_frame),
    .hit_lg_i (hit_lg), .hit_exp_i (hit_exp), .rec_ok_i (rec_ok), .rec_slot_i (rec_slot),
    .frame_ok_i (frame_ok), .frame_i (free_frame), .td_pend_i (td_pend),
    .alloc_we_o (alloc_we), .alloc_slot_o (alloc_slot), .alloc_id_o (alloc_id),
    .alloc_frame_o (alloc_frame), .alloc_lg_o (alloc_lg), .alloc_exp_o (alloc_exp),
    .renew_we_o (renew_we), .renew_slot_o (renew_slot), .renew_exp_o (renew_exp),
    .revoke_we_o (revoke_we), .revoke_slot_o (revoke_slot),
    .id_valid_i (id_valid_i), .id_i (id_i), .id_next_o (id_next),
    .ev_pending_i (ev_pending_i), .ev_kind_i (ev_kind_i), .ev_id_i (ev_id_i),
    .ev_time_i (ev_time_i), .ev_pop_o (ev_pop),
    .copy_start_o (copy_start), .copy_write_o (copy_write), .copy_addr_o (copy_addr),
    .copy_len_o (copy_len), .copy_busy_i (copy_busy), .copy_head_i (copy_head),
    .copy_avail_o (copy_avail), .copy_abort_o (copy_abort), .stg_wr_i (stg_wr_i),
    .stg_wword_i (stg_wword_i), .stream_o (), .stream_floor_o (),
    .stg_clear_o (), .xfer_o (),
    .busy_o (cmd_busy), .hold_o (cmd_hold), .session_o (session), .result_o (result),
    .res_id_o (res_id), .res_size_o (res_size), .res_time_o (res_time),
    .res_status_o (res_status), .res_len_o (res_len)
  );

  fbmu_copy_engine #(
    .MemBytes (MemBytes), .StageBytes (StageBytes)
  ) u_copy (
    .clk_i (clk_i), .rst_ni (rst_ni), .start_i (copy_start), .write_i (copy_write),
    .addr_i (copy_addr), .len_i (copy_len), .busy_o (copy_busy),
    .mem_req_o (cp_mem_req), .mem_we_o (cp_mem_we), .mem_addr_o (cp_mem_addr),
    .mem_wdata_o (cp_mem_wdata), .mem_be_o (cp_mem_be), .mem_rdata_i (mem_rdata_i),
    .stg_re_o (cp_stg_re), .stg_raddr_o (cp_stg_raddr), .stg_rdata_i (stg_rdata_i),
    .stg_we_o (cp_stg_we), .stg_waddr_o (cp_stg_waddr), .stg_wdata_o (cp_stg_wdata),
    .stg_be_o (cp_stg_be), .head_o (copy_head), .avail_i (copy_avail), .abort_i (copy_abort)
  );

  fbmu_teardown #(
    .MemBytes (MemBytes), .Slots (Slots), .FrameW (FrameW), .LgW (LgW)
  ) u_td (
    .clk_i (clk_i), .rst_ni (rst_ni), .hold_i (cmd_hold), .arena_lg_i (arena_lg_i),
    .td_valid_i (td_valid), .td_slot_i (td_slot), .td_state_i (td_state), .td_id_i (td_id),
    .td_frame_i (td_frame), .td_time_i (td_time), .td_done_o (td_done),
    .td_done_slot_o (td_done_slot), .td_fenced_o (td_fenced),
    .ev_push_o (ev_push), .ev_kind_o (ev_push_kind), .ev_id_o (ev_push_id),
    .ev_time_o (ev_push_time), .pz_start_i (1'b0), .pz_base_i ('0), .pz_count_i ('0),
    .pz_done_o (pz_done), .pz_fail_o (),
    .mem_we_o (td_mem_we), .mem_waddr_o (td_mem_waddr), .mem_re_o (td_mem_re),
    .mem_raddr_o (td_mem_raddr), .mem_rdata_i (mem_row_rdata_i), .scrub_o (scrub),
    .busy_o (td_busy)
  );

  assign td_mem_req = td_mem_we || td_mem_re;

  // Internal signals (connected by the script after flatten).
  logic [2:0]       probe_cmd_state, probe_td_state;
  logic             probe_boot;  // the running command is READ/WRITE of the bootstrap arena
  logic             probe_z_busy, probe_hit_q;
  logic [SlotW-1:0] probe_hit_slot_q;
  logic [SlotW:0]   probe_fill_q;
  logic [FrameW-1:0] probe_frame0, probe_frame1;
  // The lease table's ALLOC choices: from this cycle's registers and as registered.
  logic             probe_rec_ok, probe_rec_ok_q, probe_frame_ok, probe_frame_ok_q;
  logic [SlotW-1:0] probe_rec_slot, probe_rec_slot_q, probe_rq_pos, probe_rq_pos_q;
  logic [FrameW-1:0] probe_frame_now, probe_frame_q;
  // The lease table's expiry pass: running, started because a lease was due, min_q below the truth
  // (used only with HoldRtc: kept so the script can connect them in every run).
  (* keep *) logic  probe_scan_busy_q, probe_scan_mark_q, probe_stale_q;
  // ... its bound on the ACTIVE expiries (min_q), the pass's minimum so far and position, and the
  // records' ACTIVE bits, states and expiries (used only with HoldRtc, like those above).
  (* keep *) logic [fbmu_pkg::TimeW-1:0] probe_min_q, probe_acc_q, probe_exp0, probe_exp1;
  (* keep *) logic [SlotW-1:0] probe_scan_ptr_q;
  (* keep *) logic [Slots-1:0] probe_act_q;
  (* keep *) logic [fbmu_pkg::StateW-1:0] probe_state0, probe_state1;
  // The copy engine's address registers (loaded when a copy starts; only the cycle count moves).
  logic             probe_cp_wr, probe_cp_kadj;
  logic [WordAw-1:0] probe_cp_abase;
  logic [2:0]       probe_cp_ds;
  logic [LenW-1:0]  probe_cp_len;
  logic [$clog2(StageBytes/8)+1:0] probe_cp_nsrc, probe_cp_ndst, probe_cp_cyc;

  // ---- Environment --------------------------------------------------------------------------------
  // The register file: CMD is taken only while nothing runs; arguments hold while a command runs.
  logic [fbmu_pkg::IdW-1:0]   arg_id_q;
  logic [fbmu_pkg::ArgW-1:0]  arg_a_q, arg_b_q;
  logic [31:0]                arg_len_q;
  logic [4:0]                 lg_q;

  always @(posedge clk_i) begin
    arg_id_q  <= arg_id_i;
    arg_a_q   <= arg_a_i;
    arg_b_q   <= arg_b_i;
    arg_len_q <= arg_len_i;
    lg_q      <= arena_lg_i;
  end

  // The RTC as fbmu_rtc_cdc gives it (HoldRtc): it keeps its value on the cycle after one in which
  // a CMD write is taken or a command runs (fbmu_top: hold_i = cmd_start || cmd_busy).
  logic                       rtc_hold_q;
  logic [fbmu_pkg::TimeW-1:0] rtc_q;

  always @(posedge clk_i) begin
    rtc_hold_q <= cmd_start_i || cmd_busy;
    rtc_q      <= rtc_i;
  end

  always @(*) begin
    assume (rst_ni == !$initstate);
    if (HoldRtc && !$initstate && rtc_hold_q) assume (rtc_i == rtc_q);
    assume (arena_lg_i == 5'd6 || arena_lg_i == 5'd7);
    if (!$initstate) assume (arena_lg_i == lg_q);
    if (cmd_start_i) assume (!cmd_busy && !scrub);
    if (cmd_busy) begin
      assume (arg_id_i == arg_id_q && arg_a_i == arg_a_q && arg_b_i == arg_b_q &&
              arg_len_i == arg_len_q);
    end
  end

  // ---- The copy in progress: its arena bytes, latched when it starts -------------------------------
  logic [31:0] cp_lo_q, cp_hi_q;
  logic        cp_wr_q;
  always @(posedge clk_i) begin
    if (copy_start) begin
      cp_lo_q <= 32'(copy_addr);
      cp_hi_q <= 32'(copy_addr) + 32'(copy_len);
      cp_wr_q <= copy_write;
    end
  end

  // What the copy engine loads for that copy (its start rule, restated).
  logic [2:0]  cp_off;
  logic [31:0] cp_len, cp_words_len, cp_words_off_len;
  assign cp_off           = cp_lo_q[2:0];
  assign cp_len           = cp_hi_q - cp_lo_q;
  assign cp_words_len     = (cp_len + 32'd7) >> 3;
  assign cp_words_off_len = (32'(cp_off) + cp_len + 32'd7) >> 3;

  // ---- Properties -----------------------------------------------------------------------------------
  logic [31:0] frame_lo, frame_hi, frames;
  logic        live;
  assign frames   = 32'(MemBytes) >> arena_lg_i;
  assign frame_lo = 32'(probe_boot ? '0 : hit_frame) << arena_lg_i;
  assign frame_hi = frame_lo + (32'd1 << arena_lg_i);
  assign live     = hit && hit_state == fbmu_pkg::RecActive && rtc_i < hit_exp && online_i;

  // Byte lanes a copy write enables outside its transfer.
  logic [7:0] wr_outside;
  always @(*) begin
    for (int b = 0; b < 8; b++) begin
      wr_outside[b] = cp_mem_be[b] && ({24'(cp_mem_addr), 3'(b)} < 27'(cp_lo_q) ||
                                       {24'(cp_mem_addr), 3'(b)} >= 27'(cp_hi_q));
    end
  end

  always @(*) begin
    if (rst_ni) begin
      // Fail-closed access: a lease's bytes move only under its ACTIVE, unexpired record.
      LeaseCopyOnlyWhileLive: assert (!copy_start || probe_boot || live);
      // The copy lies inside the frame of the arena it addresses.
      LeaseCopyNeverInTheBootFrame: assert (!copy_start || probe_boot || hit_frame != '0);
      CopyInsideTheFrame: assert (!copy_start || (copy_len != '0 &&
                                  32'(copy_addr) >= frame_lo &&
                                  32'(copy_addr) + 32'(copy_len) <= frame_hi &&
                                  frame_hi <= 32'(MemBytes)));
      // The copy engine touches only the bytes of its transfer.
      CopyReadsOnlyTransferWords: assert (!(cp_mem_req && !cp_mem_we) ||
        ({24'(cp_mem_addr), 3'd7} >= 27'(cp_lo_q) && {24'(cp_mem_addr), 3'd0} < 27'(cp_hi_q)));
      CopyWritesOnlyTransferBytes: assert (!(cp_mem_req && cp_mem_we) || wr_outside == '0);
      CopyArenaAccessOnlyWhileBusy: assert (!cp_mem_req || copy_busy);
      // While a copy runs the lease keeps its frame: no zeroing, no teardown end, no new record.
      NoZeroWriteDuringCopy: assert (!(copy_start || copy_busy) || !td_mem_req);
      FrameKeptDuringCopy: assert (!(copy_start || copy_busy) || (!td_done && !alloc_we));
      // Strengthening invariants for the induction.
      InvCopyRegisters: assert (!copy_busy || (
        probe_cp_wr == cp_wr_q && 32'(probe_cp_abase) == (cp_lo_q >> 3) &&
        32'(probe_cp_len) == cp_len && cp_len != '0 && cp_len <= StageBytes &&
        cp_hi_q <= MemBytes &&
        probe_cp_ds == (cp_wr_q ? cp_off : 3'd0) &&
        probe_cp_kadj == cp_wr_q &&
        32'(probe_cp_nsrc) == (cp_wr_q ? cp_words_len : cp_words_off_len) &&
        32'(probe_cp_ndst) == (cp_wr_q ? cp_words_off_len : cp_words_len) &&
        probe_cp_cyc <= probe_cp_nsrc + 1'b1));
      InvCopyUnderCmdCopy: assert (!copy_busy || probe_cmd_state == CmdCopy ||
                                   probe_cmd_state == CmdStream);
      InvTeardownIdleWhileCmdHolds: assert (!(probe_cmd_state == CmdExec ||
                                              probe_cmd_state == CmdCopy ||
                                              probe_cmd_state == CmdStream) ||
                                            probe_td_state == TdIdle);
      InvZeroIdleWhenTeardownIs: assert (!(probe_td_state == TdIdle ||
                                           probe_td_state == TdFinish ||
                                           probe_td_state == TdScrubStart) || !probe_z_busy);
      InvHitIsUsed: assert (!probe_hit_q || 32'(probe_hit_slot_q) < 32'(probe_fill_q));
      InvAllocChoiceCurrent: assert (probe_cmd_state != CmdExec || (
        probe_rec_ok_q == probe_rec_ok && probe_rec_slot_q == probe_rec_slot &&
        probe_rq_pos_q == probe_rq_pos && probe_frame_ok_q == probe_frame_ok &&
        probe_frame_q == probe_frame_now));
      InvFill: assert (32'(probe_fill_q) <= Slots);
      InvFrame0: assert (32'(probe_fill_q) < 1 ||
                         (probe_frame0 != '0 && 32'(probe_frame0) < frames));
      InvFrame1: assert (32'(probe_fill_q) < 2 ||
                         (probe_frame1 != '0 && 32'(probe_frame1) < frames));
    end
  end

  // A command sees one time (HoldRtc). The table is settled when a command decides: it waited for
  // quiet in CmdDrain, and with the RTC held no lease can become due, and no pass can mark one,
  // until the command has completed; so no lease waits for teardown while it decides.
  if (HoldRtc) begin : gen_rtc_held
    always @(*) begin
      if (rst_ni) begin
        NoLeaseEndsWhileCmdDecides: assert (probe_cmd_state != CmdExec || !td_valid);
        // ... and a looked-up record whose expiry has passed is already marked (or ended some
        // other way), so the check's expiry compare adds nothing to its EXPIRED state there.
        ExpiredHitMarkedWhileCmdDecides: assert (probe_cmd_state != CmdExec || !hit ||
                                                 !hit_expired ||
                                                 hit_state == fbmu_pkg::RecExpired ||
                                                 hit_state == fbmu_pkg::RecRevoked ||
                                                 hit_state == fbmu_pkg::RecFenced);
        // Strengthening invariants: the table stays quiet while the command decides, and only a
        // RENEW or FREE, which waits for it to end, has a pass running that no due lease started.
        InvQuietWhileCmdDecides: assert (probe_cmd_state != CmdExec || table_quiet);
        InvStalePassOnlyInItsCmd: assert (probe_cmd_state == CmdFreeWait ||
                                          probe_cmd_state == CmdSettle ||
                                          (!probe_stale_q &&
                                           (!probe_scan_busy_q || probe_scan_mark_q)));
        // Strengthening invariants: a used ACTIVE record has its ACTIVE bit, only used records
        // have one, a used record is ACTIVE or ended (never EMPTY), and min_q is a lower bound of
        // their expiries (so a quiet table, rtc < min_q, has none expired); a pass's minimum
        // bounds the ACTIVE records it has passed.
        InvActiveRecordCounted: assert (
          (32'(probe_fill_q) < 1 || probe_state0 != fbmu_pkg::RecActive || probe_act_q[0]) &&
          (32'(probe_fill_q) < 2 || probe_state1 != fbmu_pkg::RecActive || probe_act_q[1]) &&
          (32'(probe_fill_q) >= 1 || !probe_act_q[0]) &&
          (32'(probe_fill_q) >= 2 || !probe_act_q[1]));
        InvUsedRecordsHaveAState: assert (
          (32'(probe_fill_q) < 1 || (probe_state0 >= fbmu_pkg::RecActive &&
                                     probe_state0 <= fbmu_pkg::RecFenced)) &&
          (32'(probe_fill_q) < 2 || (probe_state1 >= fbmu_pkg::RecActive &&
                                     probe_state1 <= fbmu_pkg::RecFenced)));
        InvMinBoundsActiveExpiries: assert ((!probe_act_q[0] || probe_exp0 >= probe_min_q) &&
                                            (!probe_act_q[1] || probe_exp1 >= probe_min_q));
        InvPassMinBoundsPassedRecords: assert (!probe_scan_busy_q ||
          ((probe_scan_ptr_q < 1 || !probe_act_q[0] || probe_exp0 >= probe_acc_q) &&
           (probe_scan_ptr_q < 2 || !probe_act_q[1] || probe_exp1 >= probe_acc_q)));
      end
    end
  end

endmodule : fbmu_access_formal
