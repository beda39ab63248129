// Assertions on the AXI4-Lite slave (bound to fbmu_axil_slave by fbmu_sva_bind.sv): the slave-side
// rules of AXI4-Lite, one response per request, and the response one cycle after the access.
module fbmu_axil_slave_sva (
  input logic       clk_i,            // clock
  input logic       rst_ni,           // asynchronous reset, active low
  input logic       s_axi_awvalid_i,  // the slave's bus ports
  input logic       s_axi_awready_o,
  input logic       s_axi_wvalid_i,
  input logic       s_axi_wready_o,
  input logic [1:0] s_axi_bresp_o,
  input logic       s_axi_bvalid_o,
  input logic       s_axi_bready_i,
  input logic       s_axi_arvalid_i,
  input logic       s_axi_arready_o,
  input logic [31:0] s_axi_rdata_o,
  input logic [1:0] s_axi_rresp_o,
  input logic       s_axi_rvalid_o,
  input logic       s_axi_rready_i,
  input logic       wr_req_o,         // a register write is done this cycle
  input logic       rd_req_o          // a register read is done this cycle
);

  // Requests taken and not yet answered, per channel, counted from the bus handshakes only.
  logic [2:0] aw_open_q, w_open_q, ar_open_q;
  logic       aw_hs, w_hs, ar_hs, b_hs, r_hs;

  assign aw_hs = s_axi_awvalid_i && s_axi_awready_o;
  assign w_hs  = s_axi_wvalid_i && s_axi_wready_o;
  assign ar_hs = s_axi_arvalid_i && s_axi_arready_o;
  assign b_hs  = s_axi_bvalid_o && s_axi_bready_i;
  assign r_hs  = s_axi_rvalid_o && s_axi_rready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_open_q <= '0;
      w_open_q  <= '0;
      ar_open_q <= '0;
    end else begin
      aw_open_q <= aw_open_q + 3'(aw_hs) - 3'(b_hs);
      w_open_q  <= w_open_q + 3'(w_hs) - 3'(b_hs);
      ar_open_q <= ar_open_q + 3'(ar_hs) - 3'(r_hs);
    end
  end

  // The previous edge, for the rules that look one cycle back (`|=>`, `$stable`): a response that
  // waited, with its payload, and a register access done. Cleared in reset, so no rule reaches
  // back across one (as `disable iff (!rst_ni)` would have it).
  logic        b_wait_q, r_wait_q, wr_done_q, rd_done_q;
  logic [1:0]  bresp_q, rresp_q;
  logic [31:0] rdata_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      b_wait_q  <= 1'b0;
      r_wait_q  <= 1'b0;
      wr_done_q <= 1'b0;
      rd_done_q <= 1'b0;
    end else begin
      b_wait_q  <= s_axi_bvalid_o && !s_axi_bready_i;
      r_wait_q  <= s_axi_rvalid_o && !s_axi_rready_i;
      wr_done_q <= wr_req_o;
      rd_done_q <= rd_req_o;
    end
  end

  always_ff @(posedge clk_i) begin
    bresp_q <= s_axi_bresp_o;
    rresp_q <= s_axi_rresp_o;
    rdata_q <= s_axi_rdata_o;
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // A response, once valid, stays valid with the same payload until the master takes it.
      if (b_wait_q) begin
        AxiBHeldUntilReady: assert (s_axi_bvalid_o && s_axi_bresp_o == bresp_q);
      end
      if (r_wait_q) begin
        AxiRHeldUntilReady: assert (s_axi_rvalid_o && s_axi_rresp_o == rresp_q &&
                                    s_axi_rdata_o == rdata_q);
      end
      // AXI4-Lite has no exclusive access: never EXOKAY. One response per request: a B only
      // answers a write whose address and data were both taken, an R only a read whose address
      // was taken.
      if (s_axi_bvalid_o) begin
        AxiBRespNotExokay: assert (s_axi_bresp_o != 2'b01);
        AxiBOnlyForATakenWrite: assert (aw_open_q != '0 && w_open_q != '0);
      end
      if (s_axi_rvalid_o) begin
        AxiRRespNotExokay: assert (s_axi_rresp_o != 2'b01);
        AxiROnlyForATakenRead: assert (ar_open_q != '0);
      end
      // The slave holds at most its queue depth.
      AxiOpenWritesBounded: assert (aw_open_q <= 3'd3 && w_open_q <= 3'd3);
      AxiOpenReadsBounded: assert (ar_open_q <= 3'd2);
      // Every access done on the register file is answered from the next cycle.
      if (wr_done_q) begin
        AxiWriteAnsweredNextCycle: assert (s_axi_bvalid_o);
      end
      if (rd_done_q) begin
        AxiReadAnsweredNextCycle: assert (s_axi_rvalid_o);
      end
    end
  end

endmodule : fbmu_axil_slave_sva
