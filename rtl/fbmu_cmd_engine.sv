// Command engine: runs one command written to CMD, from the checks to the result (spec section 6).
//
// A CMD write starts it (BUSY from the next cycle). It first waits until no expiry is left to mark
// and no teardown is pending or running, so every command sees the lease table settled, as in the
// model where teardown is instantaneous; a command that names a lease also waits for the lease
// table's id search (started by the same CMD write, at most LEASE_SLOTS cycles). Then one cycle
// of checks decides the result, or starts the copy engine (READ/WRITE) or waits for the FREE's own
// teardown. A streamed write (WRITE_STREAM, WRITE_LEASE_STREAM) starts its copy after the checks
// and then feeds it as the bus fills STAGING (spec section 7): the stream's mark is the end of the
// highest 32-bit STAGING word written, every 64-bit word below the mark is complete, and the copy
// may read those; STREAM_TIMEOUT cycles without a STAGING write end the stream with E_TIMEOUT.
module fbmu_cmd_engine #(
  parameter int MemBytes = 131072,  // arena memory bytes (MEM_BYTES)
  parameter int Slots    = 16,      // lease records (LEASE_SLOTS)
  parameter int FrameW   = 11,      // frame index width
  parameter int LgW      = 5,       // width of log2(arena size)
  parameter int MaxIo    = 4096     // bytes per READ/WRITE (= STAGING size)
) (
  input  logic                          clk_i,          // clock
  input  logic                          rst_ni,         // asynchronous reset, active low
  // Command and arguments (register file; arguments are stable while busy)
  input  logic                          cmd_start_i,    // CMD written (only while not busy)
  input  logic [fbmu_pkg::CodeW-1:0]    cmd_op_i,       // opcode
  input  logic [fbmu_pkg::IdW-1:0]      arg_id_i,       // ARG_ID
  input  logic [fbmu_pkg::ArgW-1:0]     arg_a_i,        // ARG_A: offset or min_bytes
  input  logic [fbmu_pkg::ArgW-1:0]     arg_b_i,        // ARG_B: lease_secs or secs
  input  logic [31:0]                   arg_len_i,      // ARG_LEN
  // Platform and unit state
  input  logic [fbmu_pkg::TimeW-1:0]    rtc_i,          // RTC seconds
  input  logic                          online_i,       // unit online
  input  logic [LgW-1:0]                arena_lg_i,     // log2 of the current arena size
  input  logic [31:0]                   arena_size_i,   // 1 << arena_lg_i, a register
  input  logic                          quiet_i,        // no expiry to mark, no teardown pending/running
  input  logic                          exact_i,        // the table's earliest expiry is exact again
  // Lease table: lookup of ARG_ID (a search the CMD write starts)
  input  logic                          lookup_done_i,  // the search is over: hit_* are valid
  input  logic                          hit_i,          // a record holds ARG_ID
  input  logic [$clog2(Slots)-1:0]      hit_slot_i,     // its index
  input  logic [fbmu_pkg::StateW-1:0]   hit_state_i,    // its state
  input  logic                          hit_expired_i,  // rtc >= its expiry
  input  logic [FrameW-1:0]             hit_frame_i,    // its frame
  input  logic [LgW-1:0]                hit_lg_i,       // log2 of its granted arena size
  input  logic [fbmu_pkg::TimeW-1:0]    hit_exp_i,      // its expiry
  // Lease table: ALLOC choices and teardown state
  input  logic                          rec_ok_i,       // a record is free or recyclable
  input  logic [$clog2(Slots)-1:0]      rec_slot_i,     // the record ALLOC takes
  input  logic                          frame_ok_i,     // a lease frame is free
  input  logic [FrameW-1:0]             frame_i,        // the lowest free lease frame
  input  logic [Slots-1:0]              td_pend_i,      // per record: teardown not finished
  // Lease table updates
  output logic                          alloc_we_o,     // ALLOC: new record
  output logic [$clog2(Slots)-1:0]      alloc_slot_o,
  output logic [fbmu_pkg::IdW-1:0]      alloc_id_o,
  output logic [FrameW-1:0]             alloc_frame_o,
  output logic [LgW-1:0]                alloc_lg_o,
  output logic [fbmu_pkg::TimeW-1:0]    alloc_exp_o,
  output logic                          renew_we_o,     // RENEW: new expiry
  output logic [$clog2(Slots)-1:0]      renew_slot_o,
  output logic [fbmu_pkg::TimeW-1:0]    renew_exp_o,
  output logic                          revoke_we_o,    // FREE: revoke
  output logic [$clog2(Slots)-1:0]      revoke_slot_o,
  // Lease id generator
  input  logic                          id_valid_i,     // next id ready
  input  logic [fbmu_pkg::IdW-1:0]      id_i,           // next id
  output logic                          id_next_o,      // id issued
  // Event FIFO
  input  logic [15:0]                   ev_pending_i,   // events pending
  input  logic [fbmu_pkg::CodeW-1:0]    ev_kind_i,      // oldest event
  input  logic [fbmu_pkg::IdW-1:0]      ev_id_i,
  input  logic [fbmu_pkg::TimeW-1:0]    ev_time_i,
  output logic                          ev_pop_o,       // pop it
  // Copy engine
  output logic                          copy_start_o,   // start a copy
  output logic                          copy_write_o,   // 1: staging -> arena
  output logic [$clog2(MemBytes)-1:0]   copy_addr_o,    // arena byte address of transfer byte 0
  output logic [$clog2(MaxIo):0]        copy_len_o,     // bytes
  input  logic                          copy_busy_i,    // copy running
  input  logic                          copy_head_i,    // the copy has written destination word 0
  output logic [$clog2(MaxIo/8)+1:0]    copy_avail_o,   // source words the copy may read (all ones: all)
  output logic                          copy_abort_o,   // end the copy (stream timeout)
  // Streamed write: STAGING writes the register file accepted
  input  logic                          stg_wr_i,       // a STAGING write lands this cycle
  input  logic [$clog2(MaxIo/4)-1:0]    stg_wword_i,    // its 32-bit word index
  output logic                          stream_o,       // a stream takes STAGING writes
  output logic [$clog2(MaxIo/8)-1:0]    stream_floor_o, // ... at 64-bit word index >= this
  // STAGING
  output logic                          stg_clear_o,    // clear STAGING (every word reads zero)
  output logic                          xfer_o,         // a READ's copy into STAGING runs
  // Status and results
  output logic                          busy_o,         // a command is running
  output logic                          hold_o,         // memory and records in use: no teardown
  output logic                          session_o,      // HELLO session open
  output logic [fbmu_pkg::CodeW-1:0]    result_o,       // STATUS.RESULT (signed)
  output logic [fbmu_pkg::IdW-1:0]      res_id_o,       // RES_ID
  output logic [fbmu_pkg::ArgW-1:0]     res_size_o,     // RES_SIZE
  output logic [fbmu_pkg::TimeW-1:0]    res_time_o,     // RES_TIME
  output logic [fbmu_pkg::CodeW-1:0]    res_status_o,   // RES_STATUS
  output logic [31:0]                   res_len_o       // RES_LEN
);

  localparam int ByteAw = $clog2(MemBytes);
  localparam int ArgW   = fbmu_pkg::ArgW;
  localparam int SlotW  = $clog2(Slots);
  localparam int LenW   = $clog2(MaxIo) + 1;
  localparam int TmoW   = $clog2(fbmu_reg_pkg::StreamTimeout);

  typedef enum logic [2:0] {
    CmdIdle,      // wait for a CMD write
    CmdDrain,     // wait until the lease table is settled
    CmdExec,      // checks and effect (ALLOC stays here until an id is ready)
    CmdCopy,      // READ/WRITE data movement
    CmdFreeWait,  // FREE: wait for the teardown of the revoked record
    CmdSettle,    // ALLOC on the last RTC second: wait for the new lease's teardown; RENEW:
                  // wait until the lease table's earliest expiry is exact again
    CmdStream     // streamed write: take STAGING writes until the mark reaches the length
  } cmd_state_e;

  cmd_state_e       state_q, state_d;
  logic [fbmu_pkg::CodeW-1:0] op_q, op_d;
  logic [SlotW-1:0]           slot_q, slot_d;
  logic [LenW-1:0]            n_q, n_d;
  logic                       session_q, session_d;
  logic [fbmu_pkg::CodeW-1:0] result_q, result_d;
  logic [fbmu_pkg::IdW-1:0]   res_id_q, res_id_d;
  logic [fbmu_pkg::ArgW-1:0]  res_size_q, res_size_d;
  logic [fbmu_pkg::TimeW-1:0] res_time_q, res_time_d;
  logic [fbmu_pkg::CodeW-1:0] res_status_q, res_status_d;
  logic [31:0]                res_len_q, res_len_d;
  logic [LenW-1:0]            mark_q, mark_d;  // stream: end of the highest STAGING word written
  logic [TmoW-1:0]            tmo_q, tmo_d;    // stream: cycles since the last STAGING write

  // Derived values
  logic [fbmu_pkg::ArgW-1:0]  arena_size;
  logic [fbmu_pkg::TimeW-1:0] alloc_sum;      // now + ARG_B, modulo 2^64
  logic [fbmu_pkg::TimeW-1:0] alloc_exp, renew_exp;
  logic [fbmu_pkg::CodeW-1:0] lease_res;      // lease state check (section 4, order FENCED, REVOKED, EXPIRED)
  logic [fbmu_pkg::CodeW-1:0] lease_status;   // status QUERY reports
  logic                       op_read, op_boot;
  logic                       op_stream;      // WRITE_STREAM or WRITE_LEASE_STREAM
  logic [LenW-1:0]            wend;           // end byte of the STAGING write this cycle
  logic [LenW-4:0]            ready;          // complete 64-bit STAGING words of the stream
  logic [31:0]                landed;         // bytes an abandoned stream has copied
  logic                       op_lookup;      // the command names a lease by ARG_ID
  logic [fbmu_pkg::ArgW-1:0]  rem;            // arena_size - offset
  logic [fbmu_pkg::CodeW-1:0] acc_res;        // range check (section 7)
  logic [LenW-1:0]                acc_n;      // bytes to move
  logic [ByteAw-1:0]                acc_addr; // arena byte address of transfer byte 0
  logic [FrameW-1:0]                acc_frame;

  // Derived values. Those refined in steps are continuous assignments, so each changes only when
  // its inputs do (event-driven simulators such as Icarus then re-run fewer blocks).
  assign arena_size = ArgW'(arena_size_i);
  assign alloc_sum  = rtc_i + arg_b_i;
  assign alloc_exp  = (alloc_sum < rtc_i) ? '1 : alloc_sum;  // the sum wrapped: saturate
  assign renew_exp  = (hit_exp_i > alloc_exp) ? hit_exp_i : alloc_exp;
  assign rem        = arena_size - arg_a_i;

  always_comb begin
    if (!hit_i)                                   lease_res = fbmu_reg_pkg::ResENotFound;
    else if (hit_state_i == fbmu_pkg::RecFenced)  lease_res = fbmu_reg_pkg::ResEFenced;
    else if (hit_state_i == fbmu_pkg::RecRevoked) lease_res = fbmu_reg_pkg::ResERevoked;
    else if (hit_state_i == fbmu_pkg::RecExpired || hit_expired_i) begin
      lease_res = fbmu_reg_pkg::ResELeaseExpired;
    end else if (hit_state_i != fbmu_pkg::RecActive) begin
      lease_res = fbmu_reg_pkg::ResERevoked;  // any other state value: fail closed
    end else                                      lease_res = fbmu_reg_pkg::ResOk;

    case (hit_state_i)
      fbmu_pkg::RecActive:  lease_status = hit_expired_i ? fbmu_reg_pkg::LeaseExpired
                                                         : fbmu_reg_pkg::LeaseActive;
      fbmu_pkg::RecExpired: lease_status = fbmu_reg_pkg::LeaseExpired;
      fbmu_pkg::RecRevoked: lease_status = fbmu_reg_pkg::LeaseRevoked;
      default:              lease_status = fbmu_reg_pkg::LeaseFenced;
    endcase

    op_read   = (op_q == fbmu_reg_pkg::OpRead) || (op_q == fbmu_reg_pkg::OpReadLease);
    op_stream = (op_q == fbmu_reg_pkg::OpWriteStream) || (op_q == fbmu_reg_pkg::OpWriteLeaseStream);
    op_boot   = (op_q == fbmu_reg_pkg::OpRead) || (op_q == fbmu_reg_pkg::OpWrite) ||
                (op_q == fbmu_reg_pkg::OpWriteStream);
    acc_frame = op_boot ? '0 : hit_frame_i;
    op_lookup = (op_q == fbmu_reg_pkg::OpQuery) || (op_q == fbmu_reg_pkg::OpRenew) ||
                (op_q == fbmu_reg_pkg::OpFree) || (op_q == fbmu_reg_pkg::OpReadLease) ||
                (op_q == fbmu_reg_pkg::OpWriteLease) || (op_q == fbmu_reg_pkg::OpWriteLeaseStream);
  end

  // Stream progress. The copy of a write reads STAGING word i in its step i, and step i writes the
  // arena word holding transfer byte 8i + 7 - offset mod 8 and everything before it; so an abandoned
  // stream with r complete words has landed 8r - offset mod 8 bytes (none when r = 0).
  assign wend   = LenW'({stg_wword_i, 2'b00}) + LenW'(4);
  assign ready  = mark_q[LenW-1:3];
  assign landed = (ready == '0) ? 32'd0 : 32'({ready, 3'b000}) - 32'(arg_a_i[2:0]);

  // Arena byte address of transfer byte 0 (the offset is below the arena size once checked).
  assign acc_addr = (ByteAw'(acc_frame) << arena_lg_i) | arg_a_i[ByteAw-1:0];

  // Range check of section 7 and the bytes to move (a READ is cut short at the arena end).
  assign acc_n   = (arg_len_i == 32'd0)                   ? '0 :
                   (op_read && ArgW'(arg_len_i) > rem)      ? rem[LenW-1:0] :
                                                            arg_len_i[LenW-1:0];
  assign acc_res = (arg_len_i == 32'd0)                   ? fbmu_reg_pkg::ResOk :
                   (arg_a_i >= arena_size)                ? fbmu_reg_pkg::ResEOutOfRange :
                   (!op_read && ArgW'(arg_len_i) > rem)     ? fbmu_reg_pkg::ResEOutOfRange :
                                                            fbmu_reg_pkg::ResOk;

  // Sequencer
  always_comb begin
    state_d      = state_q;
    op_d         = op_q;
    slot_d       = slot_q;
    n_d          = n_q;
    session_d    = session_q && online_i;  // going offline closes the session
    result_d     = result_q;
    res_id_d     = res_id_q;
    res_size_d   = res_size_q;
    res_time_d   = res_time_q;
    res_status_d = res_status_q;
    res_len_d    = res_len_q;
    alloc_we_o   = 1'b0;
    renew_we_o   = 1'b0;
    revoke_we_o  = 1'b0;
    id_next_o    = 1'b0;
    ev_pop_o     = 1'b0;
    copy_start_o = 1'b0;
    copy_abort_o = 1'b0;
    mark_d       = mark_q;
    tmo_d        = tmo_q;

    case (state_q)
      CmdIdle: begin
        if (cmd_start_i) begin
          op_d    = cmd_op_i;
          state_d = CmdDrain;
        end
      end

      CmdDrain: begin
        if (quiet_i && (lookup_done_i || !op_lookup)) state_d = CmdExec;
      end

      CmdExec: begin
        state_d = CmdIdle;  // most commands finish here
        if (!online_i) begin
          result_d = fbmu_reg_pkg::ResEDisconnected;
        end else begin
          case (op_q)
            fbmu_reg_pkg::OpHello: begin
              session_d = 1'b1;
              result_d  = fbmu_reg_pkg::ResOk;
            end

            fbmu_reg_pkg::OpGetArenaSize: begin
              res_size_d = arena_size;
              result_d   = fbmu_reg_pkg::ResOk;
            end

            fbmu_reg_pkg::OpAlloc: begin
              if (arg_b_i == '0) begin
                result_d = fbmu_reg_pkg::ResEInvalidArgument;
              end else if (arg_a_i > arena_size || !rec_ok_i || !frame_ok_i) begin
                result_d = fbmu_reg_pkg::ResECapacityExceeded;
              end else if (!id_valid_i) begin
                state_d = CmdExec;  // the next id is still being computed
              end else begin
                alloc_we_o   = 1'b1;
                id_next_o    = 1'b1;
                res_id_d     = id_i;
                res_size_d   = arena_size;
                res_time_d   = alloc_exp;
                res_status_d = fbmu_reg_pkg::LeaseActive;
                result_d     = fbmu_reg_pkg::ResOk;
                // Only at rtc = 2^64-1 does the saturated expiry equal now: the lease ends at once,
                // and the command completes after its teardown, as FREE does.
                if (alloc_exp <= rtc_i) state_d = CmdSettle;
              end
            end

            fbmu_reg_pkg::OpQuery: begin
              if (!hit_i) begin
                result_d = fbmu_reg_pkg::ResENotFound;
              end else begin
                res_id_d     = arg_id_i;
                res_size_d   = ArgW'(1) << hit_lg_i;
                res_time_d   = hit_exp_i;
                res_status_d = lease_status;
                result_d     = fbmu_reg_pkg::ResOk;
              end
            end

            fbmu_reg_pkg::OpRenew: begin
              result_d = lease_res;
              if (lease_res == fbmu_reg_pkg::ResOk) begin
                renew_we_o = 1'b1;
                res_time_d = renew_exp;
                state_d    = CmdSettle;  // until the table's earliest expiry is exact again
              end
            end

            fbmu_reg_pkg::OpFree: begin
              result_d = lease_res;
              if (lease_res == fbmu_reg_pkg::ResOk) begin
                revoke_we_o = 1'b1;
                slot_d      = hit_slot_i;
                state_d     = CmdFreeWait;
              end
            end

            fbmu_reg_pkg::OpRead, fbmu_reg_pkg::OpWrite,
            fbmu_reg_pkg::OpReadLease, fbmu_reg_pkg::OpWriteLease,
            fbmu_reg_pkg::OpWriteStream, fbmu_reg_pkg::OpWriteLeaseStream: begin
              if (op_boot && !session_q) begin
                result_d = fbmu_reg_pkg::ResEDisconnected;
              end else if (arg_len_i > 32'(MaxIo)) begin
                result_d = fbmu_reg_pkg::ResEInvalidArgument;
              end else if (!op_boot && lease_res != fbmu_reg_pkg::ResOk) begin
                result_d = lease_res;
              end else if (acc_res != fbmu_reg_pkg::ResOk) begin
                result_d = acc_res;
              end else if (acc_n == '0) begin
                res_len_d = '0;
                result_d  = fbmu_reg_pkg::ResOk;
              end else if (op_stream) begin
                copy_start_o = 1'b1;        // the copy waits for the words the bus writes
                n_d          = acc_n;
                mark_d       = '0;
                tmo_d        = '0;
                state_d      = CmdStream;
              end else begin
                copy_start_o = 1'b1;
                n_d          = acc_n;
                res_len_d    = 32'(acc_n);  // valid from STATUS.XFER on: the result is OK
                state_d      = CmdCopy;
              end
            end

            fbmu_reg_pkg::OpEventPop: begin
              if (ev_pending_i == 16'd0) begin
                result_d = fbmu_reg_pkg::ResENotFound;
              end else begin
                ev_pop_o     = 1'b1;
                res_id_d     = ev_id_i;
                res_status_d = ev_kind_i;
                res_time_d   = ev_time_i;
                res_len_d    = 32'(ev_pending_i) - 32'd1;
                result_d     = fbmu_reg_pkg::ResOk;
              end
            end

            default: result_d = fbmu_reg_pkg::ResEUnsupported;
          endcase
        end
      end

      CmdCopy: begin
        if (!copy_busy_i) begin
          res_len_d = 32'(n_q);
          result_d  = fbmu_reg_pkg::ResOk;
          state_d   = CmdIdle;
        end
      end

      // Every STAGING write restarts the timeout; the one that reaches the length ends the stream,
      // and the copy then finishes as a WRITE's does. No write for StreamTimeout cycles: the copy
      // stops where it stands and the command ends with E_TIMEOUT and the prefix that landed.
      CmdStream: begin
        if (stg_wr_i) begin
          tmo_d = '0;
          if (wend > mark_q) mark_d = wend;
          if (wend >= n_q) state_d = CmdCopy;
        end else if (32'(tmo_q) == 32'(fbmu_reg_pkg::StreamTimeout - 1)) begin
          copy_abort_o = 1'b1;
          res_len_d    = landed;
          result_d     = fbmu_reg_pkg::ResETimeout;
          state_d      = CmdIdle;
        end else begin
          tmo_d = tmo_q + TmoW'(1);
        end
      end

      CmdFreeWait: begin
        if (!td_pend_i[slot_q] && exact_i) begin
          result_d = fbmu_reg_pkg::ResOk;
          state_d  = CmdIdle;
        end
      end

      CmdSettle: begin
        if (quiet_i && exact_i) state_d = CmdIdle;
      end

      default: state_d = CmdIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= CmdIdle;
      op_q         <= '0;
      slot_q       <= '0;
      n_q          <= '0;
      session_q    <= 1'b0;
      result_q     <= '0;
      res_id_q     <= '0;
      res_size_q   <= '0;
      res_time_q   <= '0;
      res_status_q <= '0;
      res_len_q    <= '0;
      mark_q       <= '0;
      tmo_q        <= '0;
    end else begin
      state_q      <= state_d;
      op_q         <= op_d;
      slot_q       <= slot_d;
      n_q          <= n_d;
      session_q    <= session_d;
      result_q     <= result_d;
      res_id_q     <= res_id_d;
      res_size_q   <= res_size_d;
      res_time_q   <= res_time_d;
      res_status_q <= res_status_d;
      res_len_q    <= res_len_d;
      mark_q       <= mark_d;
      tmo_q        <= tmo_d;
    end
  end

  // STAGING clear (spec section 7): every command but WRITE clears it when it starts (a READ then
  // leaves exactly its bytes, zeros after them); a WRITE, whose input it is, clears it when it
  // completes, whatever its result; a streamed write clears it at both ends.
  function automatic logic is_write(input logic [fbmu_pkg::CodeW-1:0] op);
    is_write = (op == fbmu_reg_pkg::OpWrite) || (op == fbmu_reg_pkg::OpWriteLease);
  endfunction

  assign stg_clear_o = (state_q == CmdIdle) ? (cmd_start_i && !is_write(cmd_op_i))
                                            : ((is_write(op_q) || op_stream) && state_d == CmdIdle);

  // STATUS.XFER: a READ copies into STAGING, which it fills from word 0 at 8 bytes per cycle, one
  // word every cycle (the arena port is the copy's alone while the command holds it), twice as fast
  // as the 32-bit bus can read. Raised once word 0 is written, so a master that waits for it and
  // reads from byte 0 never overtakes the copy.
  // A streamed write shows it while it takes STAGING writes.
  assign xfer_o = ((state_q == CmdCopy) && op_read && copy_head_i) || (state_q == CmdStream);

  // Streamed write: the register file takes STAGING writes at or above the mark's 64-bit word, so
  // a word the copy may already have read never changes; the copy reads the complete words.
  assign stream_o       = (state_q == CmdStream);
  assign stream_floor_o = mark_q[LenW-2:3];
  assign copy_avail_o   = (state_q == CmdStream) ? {1'b0, ready} : '1;

  // Table update payloads
  assign alloc_slot_o  = rec_slot_i;
  assign alloc_id_o    = id_i;
  assign alloc_frame_o = frame_i;
  assign alloc_lg_o    = arena_lg_i;
  assign alloc_exp_o   = alloc_exp;
  assign renew_slot_o  = hit_slot_i;
  assign renew_exp_o   = renew_exp;
  assign revoke_slot_o = hit_slot_i;

  // Copy engine request
  assign copy_write_o = !op_read;
  assign copy_addr_o  = acc_addr;
  assign copy_len_o   = acc_n;

  // Status and results
  assign busy_o       = (state_q != CmdIdle);
  assign hold_o       = (state_q == CmdExec) || (state_q == CmdCopy) || (state_q == CmdStream);
  assign session_o    = session_q;
  assign result_o     = result_q;
  assign res_id_o     = res_id_q;
  assign res_size_o   = res_size_q;
  assign res_time_o   = res_time_q;
  assign res_status_o = res_status_q;
  assign res_len_o    = res_len_q;

endmodule : fbmu_cmd_engine
