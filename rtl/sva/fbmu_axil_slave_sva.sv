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

  // A response, once valid, stays valid with the same payload until the master takes it.
  AxiBHeldUntilReady: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_bvalid_o && !s_axi_bready_i |=> s_axi_bvalid_o && $stable(s_axi_bresp_o));
  AxiRHeldUntilReady: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_rvalid_o && !s_axi_rready_i |=>
      s_axi_rvalid_o && $stable(s_axi_rresp_o) && $stable(s_axi_rdata_o));
  // AXI4-Lite has no exclusive access: never EXOKAY.
  AxiBRespNotExokay: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_bvalid_o |-> s_axi_bresp_o != 2'b01);
  AxiRRespNotExokay: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_rvalid_o |-> s_axi_rresp_o != 2'b01);
  // One response per request: a B only answers a write whose address and data were both taken,
  // an R only a read whose address was taken; the slave holds at most its queue depth.
  AxiBOnlyForATakenWrite: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_bvalid_o |-> aw_open_q != '0 && w_open_q != '0);
  AxiROnlyForATakenRead: assert property (@(posedge clk_i) disable iff (!rst_ni)
    s_axi_rvalid_o |-> ar_open_q != '0);
  AxiOpenWritesBounded: assert property (@(posedge clk_i) disable iff (!rst_ni)
    aw_open_q <= 3'd3 && w_open_q <= 3'd3);
  AxiOpenReadsBounded: assert property (@(posedge clk_i) disable iff (!rst_ni)
    ar_open_q <= 3'd2);
  // Every access done on the register file is answered from the next cycle.
  AxiWriteAnsweredNextCycle: assert property (@(posedge clk_i) disable iff (!rst_ni)
    wr_req_o |=> s_axi_bvalid_o);
  AxiReadAnsweredNextCycle: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rd_req_o |=> s_axi_rvalid_o);

endmodule : fbmu_axil_slave_sva
