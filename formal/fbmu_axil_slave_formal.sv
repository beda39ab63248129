// Formal harness of the AXI4-Lite slave (fbmu_axil_slave): every request is answered within a
// bound, and each answers exactly one request, against any master that takes a response within
// MaxStall cycles of its being offered. Immediate assertions only (Yosys 0.23 reads no clocked SVA);
// the probe_* wires are tied to the slave's internal flops by formal/fbmu_axil_slave.ys after
// flatten, so the RTL carries no formal code.
module fbmu_axil_slave_formal #(
  parameter int AddrW    = 4,  // small address space: the slave only passes addresses through
  parameter int MaxStall = 2   // the master holds BREADY / RREADY low at most this many cycles
) (
  input logic             clk_i,
  input logic             rst_ni,
  input logic [AddrW-1:0] s_axi_awaddr_i,
  input logic             s_axi_awvalid_i,
  input logic [31:0]      s_axi_wdata_i,
  input logic [3:0]       s_axi_wstrb_i,
  input logic             s_axi_wvalid_i,
  input logic             s_axi_bready_i,
  input logic [AddrW-1:0] s_axi_araddr_i,
  input logic             s_axi_arvalid_i,
  input logic             s_axi_rready_i,
  input logic [1:0]       wr_resp_i,   // register file answers: any code
  input logic [1:0]       rd_resp_i,
  input logic [31:0]      rd_data_i,
  input logic             pick_w_i,    // choose this write as the one whose latency is tracked
  input logic             pick_r_i     // choose this read
);

  // Bounds proved below, in cycles (MaxStall = 2): a write done on the register file is answered
  // (B taken) within WrBound cycles, a read within RdBound; a write whose address and data are both
  // held is done within HeldBound cycles; a waiting AR is taken within ArBound cycles.
  localparam int WrBound   = 2 * (MaxStall + 1);
  localparam int RdBound   = 2 * (MaxStall + 1);
  localparam int HeldBound = MaxStall + 2;
  localparam int ArBound   = MaxStall + 2;

  logic             s_axi_awready_o, s_axi_wready_o, s_axi_bvalid_o, s_axi_arready_o;
  logic             s_axi_rvalid_o;
  logic [1:0]       s_axi_bresp_o, s_axi_rresp_o;
  logic [31:0]      s_axi_rdata_o;
  logic             wr_req_o, rd_req_o;
  logic [AddrW-1:0] wr_addr_o, rd_addr_o;
  logic [31:0]      wr_data_o;
  logic [3:0]       wr_strb_o;

  fbmu_axil_slave #(
    .AddrW (AddrW)
  ) u_dut (.*);

  // Internal flops of the slave (connected by the script after flatten).
  logic probe_aw_held_q, probe_w_held_q, probe_b1_valid_q, probe_r1_valid_q;

  // Response handshakes.
  logic b_hs, r_hs;
  assign b_hs = s_axi_bvalid_o && s_axi_bready_i;
  assign r_hs = s_axi_rvalid_o && s_axi_rready_i;

  // ---- Environment --------------------------------------------------------------------------
  // Reset in the first cycle only. The master takes a response within MaxStall cycles.
  logic [3:0] b_stall_q, r_stall_q;   // cycles a response has been offered and not taken
  logic [3:0] held_q, ar_wait_q;      // cycles a write waited held / an AR waited

  always @(*) begin
    assume (rst_ni == !$initstate);
    if (s_axi_bvalid_o && b_stall_q >= 4'(MaxStall)) assume (s_axi_bready_i);
    if (s_axi_rvalid_o && r_stall_q >= 4'(MaxStall)) assume (s_axi_rready_i);
  end

  // ---- Bookkeeping from the bus alone -----------------------------------------------------------
  logic [2:0] w_open_q;   // writes done on the register file and not yet answered
  logic [2:0] r_open_q;   // reads done and not yet answered
  logic [2:0] aw_open_q, wd_open_q;  // AW / W taken and not yet answered
  // The tracked write and read: responses still ahead of it (and when it was done), its age.
  logic       w_trk_q, r_trk_q;
  logic [2:0] w_ahead_q, r_ahead_q, w_ahead0_q, r_ahead0_q;
  logic [3:0] w_age_q, r_age_q;

  fbmu_formal_resp_track u_w_track (
    .clk_i, .rst_ni, .req_i (wr_req_o), .pick_i (pick_w_i), .resp_i (b_hs), .open_i (w_open_q),
    .trk_o (w_trk_q), .ahead_o (w_ahead_q), .ahead0_o (w_ahead0_q), .age_o (w_age_q)
  );
  fbmu_formal_resp_track u_r_track (
    .clk_i, .rst_ni, .req_i (rd_req_o), .pick_i (pick_r_i), .resp_i (r_hs), .open_i (r_open_q),
    .trk_o (r_trk_q), .ahead_o (r_ahead_q), .ahead0_o (r_ahead0_q), .age_o (r_age_q)
  );

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      b_stall_q <= '0; r_stall_q <= '0; held_q <= '0; ar_wait_q <= '0;
      w_open_q <= '0; r_open_q <= '0; aw_open_q <= '0; wd_open_q <= '0;
    end else begin
      b_stall_q <= (s_axi_bvalid_o && !s_axi_bready_i) ? b_stall_q + 4'd1 : 4'd0;
      r_stall_q <= (s_axi_rvalid_o && !s_axi_rready_i) ? r_stall_q + 4'd1 : 4'd0;
      held_q    <= (probe_aw_held_q && probe_w_held_q && !wr_req_o) ? held_q + 4'd1 : 4'd0;
      ar_wait_q <= (s_axi_arvalid_i && !s_axi_arready_o) ? ar_wait_q + 4'd1 : 4'd0;
      w_open_q  <= w_open_q + 3'(wr_req_o) - 3'(b_hs);
      r_open_q  <= r_open_q + 3'(rd_req_o) - 3'(r_hs);
      aw_open_q <= aw_open_q + 3'(s_axi_awvalid_i && s_axi_awready_o) - 3'(b_hs);
      wd_open_q <= wd_open_q + 3'(s_axi_wvalid_i && s_axi_wready_o) - 3'(b_hs);
    end
  end

  // ---- Properties ----------------------------------------------------------------------------
  always @(*) begin
    if (rst_ni) begin
      // Bounded answers.
      AxiWriteAnsweredInBound: assert (!w_trk_q || w_age_q < 4'(WrBound));
      AxiReadAnsweredInBound: assert (!r_trk_q || r_age_q < 4'(RdBound));
      AxiHeldWriteDoneInBound: assert (held_q < 4'(HeldBound));
      AxiAddressTakenInBound: assert (ar_wait_q < 4'(ArBound));
      // One response per request: a response only for a request taken, at most the queue depth.
      AxiBOnlyForATakenWrite: assert (!s_axi_bvalid_o || (aw_open_q != '0 && wd_open_q != '0));
      AxiROnlyForATakenRead: assert (!s_axi_rvalid_o || r_open_q != '0);
      AxiOpenWritesBounded: assert (w_open_q <= 3'd2 && aw_open_q <= 3'd3 && wd_open_q <= 3'd3);
      AxiOpenReadsBounded: assert (r_open_q <= 3'd2);
      AxiNoResponseLost: assert ((w_open_q != '0) == s_axi_bvalid_o &&
                                 (r_open_q != '0) == s_axi_rvalid_o);
      // Strengthening invariants for the induction: the queues match the bookkeeping.
      InvWriteQueue: assert (w_open_q == 3'(s_axi_bvalid_o) + 3'(probe_b1_valid_q) &&
                             (!probe_b1_valid_q || s_axi_bvalid_o));
      InvReadQueue: assert (r_open_q == 3'(s_axi_rvalid_o) + 3'(probe_r1_valid_q) &&
                            (!probe_r1_valid_q || s_axi_rvalid_o));
      InvTaken: assert (aw_open_q == w_open_q + 3'(probe_aw_held_q) &&
                        wd_open_q == w_open_q + 3'(probe_w_held_q));
      // The tracked response's age: (MaxStall + 1) cycles at most per response taken before it,
      // plus the current head's wait.
      InvWriteTracked: assert (!w_trk_q || (w_ahead_q < w_open_q && w_ahead_q <= w_ahead0_q &&
                               w_ahead0_q <= 3'd1 &&
                               w_age_q <= ((w_ahead0_q != w_ahead_q) ? 4'(MaxStall + 1) : 4'd0) +
                                          b_stall_q));
      InvReadTracked: assert (!r_trk_q || (r_ahead_q < r_open_q && r_ahead_q <= r_ahead0_q &&
                              r_ahead0_q <= 3'd1 &&
                              r_age_q <= ((r_ahead0_q != r_ahead_q) ? 4'(MaxStall + 1) : 4'd0) +
                                         r_stall_q));
      // A held write or a waiting AR waits only behind a full queue, whose head the master takes
      // within MaxStall cycles; the queue then has room the next cycle.
      InvHeld: assert (((probe_aw_held_q && probe_w_held_q) || held_q == '0) &&
                       (probe_b1_valid_q ? held_q <= b_stall_q : held_q <= 4'(MaxStall + 1)));
      InvArWait: assert (probe_r1_valid_q ? ar_wait_q <= r_stall_q : ar_wait_q <= 4'(MaxStall + 1));
      InvStall: assert (b_stall_q <= 4'(MaxStall) && r_stall_q <= 4'(MaxStall) &&
                        (s_axi_bvalid_o || b_stall_q == '0) && (s_axi_rvalid_o || r_stall_q == '0));
    end
  end

  // Payload held while a response waits (AXI: VALID stays, payload stable, until READY).
  always @(posedge clk_i) begin
    if (rst_ni && !$initstate && $past(rst_ni)) begin
      if ($past(s_axi_bvalid_o && !s_axi_bready_i)) begin
        AxiBHeldUntilReady: assert (s_axi_bvalid_o && s_axi_bresp_o == $past(s_axi_bresp_o));
      end
      if ($past(s_axi_rvalid_o && !s_axi_rready_i)) begin
        AxiRHeldUntilReady: assert (s_axi_rvalid_o && s_axi_rresp_o == $past(s_axi_rresp_o));
      end
    end
  end

endmodule : fbmu_axil_slave_formal
