// AXI4-Lite master driven from C through DPI-C, pipelined (testbench only).
//
// C posts a batch of requests (one transaction, or a block of consecutive words, all reads or all
// writes; sim/bus_bridge.h). The master takes a request (c_dpi_bridge_poll) on every rising edge
// where its channel is free: the write channel once AW and W of the previous write are both
// accepted, the read channel once AR is. So against a slave that accepts one transaction per
// cycle a block moves one word per cycle. Responses are taken in order per channel; the master
// remembers the tag of each outstanding request in a queue per channel and reports each response
// with its tag (c_dpi_bridge_respond). BREADY and RREADY are registered.
//
// A single transaction takes two cycles, back to back:
//   edge 1  the master takes the request and raises its valids;
//   edge 2  the slave accepts and presents B or R with the master's ready high, so the handshake
//           completes on the next rising edge for certain: C collects the response after this
//           clock already, through the exported, read-only sv_dpi_bridge_peek, and posts its next
//           request;
//   edge 3  the handshake completes (reported again, C drops it as collected) and the master takes
//           the next request.
// Each valid is held until its handshake (AXI rule), also after C gave up on the request. (The
// testbench's stall gate lets a response presented before a stall was set complete, fbmu_tb.sv: C
// has taken it already.)
//
// No DPI call on a cycle with nothing to do: the master polls only while awake. A poll that finds
// nothing posted and nothing awaited puts it to sleep; C wakes it through the exported
// sv_dpi_bridge_wake when it posts to a sleeping master (once per burst of back-to-back
// transactions: each call of an export that writes a variable costs a re-evaluation of all logic
// fed by export-written variables, about one clock's worth; the peek writes none).
//
// Random bus shapes (sv_dpi_bridge_throttle with a non-zero seed; the lockstep and the conformance
// suite run this way by default): a pseudo-random sequence seeded from the run's seed drops
// BREADY/RREADY, delays taking requests (and so raising their valids), raises AW and W of a write
// on the same edge or either one first with a random gap, and, while a write is outstanding, issues
// a read of a register whose read has no side effect (ID, VERSION, STATUS, EVT_COUNT). Such a
// shadow read is never reported to C. Seed 0: in order at full speed.
//
// Shape counters (read-only export sv_dpi_bridge_shapes) count each bus shape the master saw, for
// functional coverage: how AW and W of each write were accepted (together, AW first, W first),
// responses that waited for BREADY/RREADY, reads accepted while a write was outstanding, writes
// with partial strobes.
//
// Rule breaking (test hook, sv_dpi_bridge_break): 1 withdraws AWVALID/WVALID/ARVALID while the
// slave is not ready, 2 changes AWADDR/WDATA/ARADDR while waiting; the protocol checkers
// (axil_protocol_checker.sv) must then fire. 0: the master keeps the AXI rules.
//
// The C state lives in a context chandle that the harness sets once per model instance through the
// exported sv_dpi_bridge_set_ctx (svSetScope on this instance first); until then the master stays
// idle. Setting it also hands this instance's scope to C (c_dpi_bridge_bind), for wake and peek.
module axil_dpi_master #(
  parameter int AddrWidth = 13  // AXI byte address width
) (
  input  logic                 clk_i,            // bus clock
  input  logic                 rst_ni,           // asynchronous reset, active low
  // AXI4-Lite master (no PROT signals)
  output logic [AddrWidth-1:0] m_axi_awaddr_o,   // write address
  output logic                 m_axi_awvalid_o,  // write address valid
  input  logic                 m_axi_awready_i,  // write address ready
  output logic [31:0]          m_axi_wdata_o,    // write data
  output logic [3:0]           m_axi_wstrb_o,    // write byte strobes
  output logic                 m_axi_wvalid_o,   // write data valid
  input  logic                 m_axi_wready_i,   // write data ready
  input  logic [1:0]           m_axi_bresp_i,    // write response
  input  logic                 m_axi_bvalid_i,   // write response valid
  output logic                 m_axi_bready_o,   // write response ready
  output logic [AddrWidth-1:0] m_axi_araddr_o,   // read address
  output logic                 m_axi_arvalid_o,  // read address valid
  input  logic                 m_axi_arready_i,  // read address ready
  input  logic [31:0]          m_axi_rdata_i,    // read data
  input  logic [1:0]           m_axi_rresp_i,    // read response
  input  logic                 m_axi_rvalid_i,   // read data valid
  output logic                 m_axi_rready_o,   // read data ready
  // Observation
  output logic                 busy_o            // a transaction is in flight
);

  // ---- DPI ------------------------------------------------------------------------------------
  // Tell the C bridge which scope this instance is (svGetScope), once, when the context is set.
  import "DPI-C" context function void c_dpi_bridge_bind(input chandle ctx);
  // Take the next posted request that fits a free channel (free_w, free_r): 1 and the fields; 0
  // when C has nothing posted or awaited (the master sleeps); 2 when it has but nothing fits now.
  import "DPI-C" function byte unsigned c_dpi_bridge_poll(input chandle ctx, input bit free_w,
                                                          input bit free_r, output bit write,
                                                          output int unsigned addr,
                                                          output int unsigned wdata,
                                                          output byte unsigned strb,
                                                          output int unsigned tag);
  // Hand back the response of the request with this tag.
  import "DPI-C" function void c_dpi_bridge_respond(input chandle ctx, input int unsigned tag,
                                                    input byte unsigned resp,
                                                    input int unsigned rdata);
  export "DPI-C" function sv_dpi_bridge_set_ctx;
  export "DPI-C" function sv_dpi_bridge_wake;
  export "DPI-C" function sv_dpi_bridge_peek;
  export "DPI-C" function sv_dpi_bridge_throttle;
  export "DPI-C" function sv_dpi_bridge_shapes;
  export "DPI-C" function sv_dpi_bridge_break;

  chandle ctx;  // the C bridge (fbmu_bridge_t *); null until the harness sets it

  function automatic void sv_dpi_bridge_set_ctx(input chandle c);
    ctx = c;
    c_dpi_bridge_bind(c);
  endfunction

  // Wake-ups: C counts them up (written only here); the master is awake while the count differs
  // from the one it last went to sleep at (wake_ack_q).
  int unsigned wake_req;
  int unsigned wake_ack_q;

  function automatic void sv_dpi_bridge_wake(input int unsigned count);
    wake_req = count;
  endfunction

  // Throttle seed from C (0: off); the master restarts its sequence when it changes.
  int unsigned throttle_seed;
  int unsigned throttle_seen_q;
  bit   [31:0] lfsr_q;

  function automatic void sv_dpi_bridge_throttle(input int unsigned seed);
    throttle_seed = seed;
  endfunction

  // Rule to break on purpose (test hook; 0: none).
  int unsigned break_rule;

  function automatic void sv_dpi_bridge_break(input int unsigned rule);
    break_rule = rule;
  endfunction

  // Bus shapes seen since the model was built (not reset).
  longint unsigned n_aw_w_together, n_aw_before_w, n_w_before_aw, n_b_backpressure;
  longint unsigned n_r_backpressure, n_read_during_write, n_partial_strobe;
  logic            aw_acc_q, w_acc_q;  // AW / W of the current write accepted on an earlier edge
  logic            b_waited_q, r_waited_q;  // the presented response waited for its ready

  initial begin
    break_rule          = 0;
    n_aw_w_together     = 0;
    n_aw_before_w       = 0;
    n_w_before_aw       = 0;
    n_b_backpressure    = 0;
    n_r_backpressure    = 0;
    n_read_during_write = 0;
    n_partial_strobe    = 0;
  end

  // Read-only, for C: the counters above.
  function automatic void sv_dpi_bridge_shapes(output longint unsigned aw_before_w,
                                               output longint unsigned w_before_aw,
                                               output longint unsigned aw_w_together,
                                               output longint unsigned b_backpressure,
                                               output longint unsigned r_backpressure,
                                               output longint unsigned read_during_write,
                                               output longint unsigned partial_strobe);
    aw_before_w       = n_aw_before_w;
    w_before_aw       = n_w_before_aw;
    aw_w_together     = n_aw_w_together;
    b_backpressure    = n_b_backpressure;
    r_backpressure    = n_r_backpressure;
    read_during_write = n_read_during_write;
    partial_strobe    = n_partial_strobe;
  endfunction

  // ---- Channel state ----------------------------------------------------------------------------
  logic                 awvalid_q, wvalid_q, arvalid_q;
  logic                 aw_later_q, w_later_q;  // throttled write: raise AW / W on a later edge
  logic                 bready_q, rready_q;
  logic [AddrWidth-1:0] awaddr_q, araddr_q;
  logic [31:0]          wdata_q;
  logic [3:0]           wstrb_q;
  // Tags of the requests taken and not yet answered, oldest first, per channel; for reads also
  // whether it is a shadow read (answered to nobody).
  bit   [31:0]          wtags[$];
  bit   [31:0]          rtags[$];
  bit                   rshadow[$];
  // Their sizes after the last edge, kept alongside: a queue's size() walks the std::deque, and
  // busy_o and the checks below would ask for it on every evaluation.
  int unsigned          wtags_n_q, rtags_n_q;

  assign m_axi_awaddr_o  = awaddr_q;
  assign m_axi_awvalid_o = awvalid_q;
  assign m_axi_wdata_o   = wdata_q;
  assign m_axi_wstrb_o   = wstrb_q;
  assign m_axi_wvalid_o  = wvalid_q;
  assign m_axi_bready_o  = bready_q;
  assign m_axi_araddr_o  = araddr_q;
  assign m_axi_arvalid_o = arvalid_q;
  assign m_axi_rready_o  = rready_q;
  assign busy_o          = (wtags_n_q != 0) || (rtags_n_q != 0);

  // Read-only, for C between clock edges: the response whose handshake completes on the next
  // rising edge on the write (write = 1) or read channel: 1 with its tag, AXI response and read
  // data; 0 while there is none.
  function automatic bit sv_dpi_bridge_peek(input bit write, output int unsigned tag,
                                            output byte unsigned resp, output int unsigned rdata);
    tag   = 0;
    resp  = 0;
    rdata = 0;
    if (write) begin
      if (!(m_axi_bvalid_i && bready_q && wtags_n_q != 0)) return 1'b0;
      tag  = wtags[0];
      resp = {6'b0, m_axi_bresp_i};
    end else begin
      if (!(m_axi_rvalid_i && rready_q && rtags_n_q != 0) || rshadow[0]) return 1'b0;
      tag   = rtags[0];
      resp  = {6'b0, m_axi_rresp_i};
      rdata = m_axi_rdata_i;
    end
    return 1'b1;
  endfunction

  // The DPI calls have side effects on the C mailbox, so they sit in the clocked block (as in the
  // OpenTitan DPI models) rather than in next-state logic. The tags, the wake and throttle state
  // are not reset.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      awvalid_q  <= 1'b0;
      wvalid_q   <= 1'b0;
      arvalid_q  <= 1'b0;
      aw_later_q <= 1'b0;
      w_later_q  <= 1'b0;
      bready_q   <= 1'b0;
      rready_q   <= 1'b0;
      awaddr_q   <= '0;
      araddr_q   <= '0;
      wdata_q    <= '0;
      wstrb_q    <= '0;
      aw_acc_q   <= 1'b0;
      w_acc_q    <= 1'b0;
      b_waited_q <= 1'b0;
      r_waited_q <= 1'b0;
      wtags.delete();
      rtags.delete();
      rshadow.delete();
      wtags_n_q  <= 0;
      rtags_n_q  <= 0;
    end else begin : step
      bit          throttled, take_ok, w_free, r_free, req_write, aw_hs, w_hs, took_read;
      byte unsigned got;
      int unsigned  wn, rn;  // queue sizes as this edge changes them
      // DPI widths: only the low AddrWidth address bits and 4 strobe bits are driven.
      /* verilator lint_off UNUSEDSIGNAL */
      int unsigned req_addr, req_wdata, req_tag;
      byte unsigned req_strb;
      /* verilator lint_on UNUSEDSIGNAL */
      throttled = (throttle_seed != 0);
      wn = wtags_n_q;
      rn = rtags_n_q;
      if (throttle_seed != throttle_seen_q) begin
        throttle_seen_q <= throttle_seed;
        lfsr_q          <= throttle_seed;
      end else if (throttled) begin
        lfsr_q <= {lfsr_q[30:0], lfsr_q[31] ^ lfsr_q[21] ^ lfsr_q[1] ^ lfsr_q[0]};
      end

      // The ready lines and the back-pressure flags follow the sequence on every edge.
      b_waited_q <= m_axi_bvalid_i && !bready_q;
      r_waited_q <= m_axi_rvalid_i && !rready_q;
      bready_q   <= !throttled || lfsr_q[3];
      rready_q   <= !throttled || lfsr_q[5];

      // Asleep, nothing in flight, no valid on either side: nothing below would change (no
      // handshake, response, request or shadow read; the rule breaking acts only while waiting),
      // so an idle bus costs no more than the sequence above.
      if (awvalid_q || wvalid_q || arvalid_q || aw_later_q || w_later_q || m_axi_bvalid_i ||
          m_axi_rvalid_i || wn != 0 || rn != 0 || wake_req != wake_ack_q) begin
        // Shapes: how this edge's handshakes look.
        aw_hs = awvalid_q && m_axi_awready_i;
        w_hs  = wvalid_q && m_axi_wready_i;
        if (aw_hs && w_hs) n_aw_w_together <= n_aw_w_together + 1;
        if (aw_hs && !w_hs && !w_acc_q) n_aw_before_w <= n_aw_before_w + 1;
        if (w_hs && !aw_hs && !aw_acc_q) n_w_before_aw <= n_w_before_aw + 1;
        if (w_hs && wstrb_q != 4'hF) n_partial_strobe <= n_partial_strobe + 1;
        aw_acc_q <= (aw_acc_q || aw_hs) && !(w_acc_q || w_hs);
        w_acc_q  <= (w_acc_q || w_hs) && !(aw_acc_q || aw_hs);
        if (arvalid_q && m_axi_arready_i && wn != 0)
          n_read_during_write <= n_read_during_write + 1;
        if (m_axi_bvalid_i && bready_q && b_waited_q) n_b_backpressure <= n_b_backpressure + 1;
        if (m_axi_rvalid_i && rready_q && r_waited_q) n_r_backpressure <= n_r_backpressure + 1;

        // Responses completing on this edge, in order per channel.
        if (m_axi_bvalid_i && bready_q) begin
          if (wn == 0) begin
            $error("axil_dpi_master: B response with no write outstanding");
          end else begin
            c_dpi_bridge_respond(ctx, wtags.pop_front(), {6'b0, m_axi_bresp_i}, 32'b0);
            wn--;
          end
        end
        if (m_axi_rvalid_i && rready_q) begin
          if (rn == 0) begin
            $error("axil_dpi_master: R response with no read outstanding");
          end else begin
            // A shadow read: nobody waits for it.
            if (rshadow.pop_front()) void'(rtags.pop_front());
            else c_dpi_bridge_respond(ctx, rtags.pop_front(), {6'b0, m_axi_rresp_i}, m_axi_rdata_i);
            rn--;
          end
        end

        // Address and data handshakes.
        if (m_axi_awready_i) awvalid_q <= 1'b0;
        if (m_axi_wready_i) wvalid_q <= 1'b0;
        if (m_axi_arready_i) arvalid_q <= 1'b0;
        if (aw_later_q && lfsr_q[7]) begin
          awvalid_q  <= 1'b1;
          aw_later_q <= 1'b0;
        end
        if (w_later_q && lfsr_q[9]) begin
          wvalid_q  <= 1'b1;
          w_later_q <= 1'b0;
        end

        // Take the next request while awake, into a channel that is free after this edge.
        w_free  = !(awvalid_q && !m_axi_awready_i) && !(wvalid_q && !m_axi_wready_i) &&
                  !aw_later_q && !w_later_q;
        r_free  = !(arvalid_q && !m_axi_arready_i);
        take_ok = !throttled || lfsr_q[11] || lfsr_q[12];
        took_read = 1'b0;
        if (wake_req != wake_ack_q && (w_free || r_free) && take_ok) begin
          got = c_dpi_bridge_poll(ctx, w_free, r_free, req_write, req_addr, req_wdata, req_strb,
                                  req_tag);
          if (got == 8'd1) begin
            if (req_write) begin
              awaddr_q <= req_addr[AddrWidth-1:0];
              wdata_q  <= req_wdata;
              wstrb_q  <= req_strb[3:0];
              wtags.push_back(req_tag);
              wn++;
              // Throttled: one of AW and W (or both) now, the other on a later edge.
              awvalid_q  <= !throttled || lfsr_q[13];
              aw_later_q <= throttled && !lfsr_q[13];
              wvalid_q   <= !throttled || !lfsr_q[13] || lfsr_q[14];
              w_later_q  <= throttled && lfsr_q[13] && !lfsr_q[14];
            end else begin
              araddr_q  <= req_addr[AddrWidth-1:0];
              arvalid_q <= 1'b1;
              rtags.push_back(req_tag);
              rshadow.push_back(1'b0);
              rn++;
              took_read = 1'b1;
            end
          end else if (got == 8'd0) begin
            wake_ack_q <= wake_req;  // nothing posted or awaited: sleep until C wakes the master
          end
        end

        // A shadow read while a write is outstanding (random shapes only).
        if (throttled && r_free && !took_read && wn != 0 && lfsr_q[15] && lfsr_q[16]) begin
          case (lfsr_q[18:17])
            2'd0:    araddr_q <= fbmu_reg_pkg::RegId;
            2'd1:    araddr_q <= fbmu_reg_pkg::RegVersion;
            2'd2:    araddr_q <= fbmu_reg_pkg::RegStatus;
            default: araddr_q <= fbmu_reg_pkg::RegEvtCount;
          endcase
          arvalid_q <= 1'b1;
          rtags.push_back(32'b0);
          rshadow.push_back(1'b1);
          rn++;
        end
        wtags_n_q <= wn;
        rtags_n_q <= rn;

        // Rule breaking on purpose (test hook), after everything above: only while waiting.
        if (break_rule == 1) begin
          if (awvalid_q && !m_axi_awready_i) awvalid_q <= 1'b0;
          if (wvalid_q && !m_axi_wready_i) wvalid_q <= 1'b0;
          if (arvalid_q && !m_axi_arready_i) arvalid_q <= 1'b0;
        end else if (break_rule == 2) begin
          if (awvalid_q && !m_axi_awready_i) awaddr_q <= awaddr_q ^ AddrWidth'(4);
          if (wvalid_q && !m_axi_wready_i) wdata_q <= ~wdata_q;
          if (arvalid_q && !m_axi_arready_i) araddr_q <= araddr_q ^ AddrWidth'(4);
        end
      end
    end
  end

endmodule
