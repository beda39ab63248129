// AXI4-Lite slave front end: turns bus transactions into single-cycle register accesses.
//
// AW and W are taken independently (either order or together) and held until both are there; the
// write is then done in that cycle and B is valid from the next. A read is done in the cycle AR is
// taken and R is valid from the next. So a master issuing one transaction at a time sees two cycles
// per transaction. One outstanding write and one outstanding read at most; each gets one response.
module fbmu_axil_slave #(
  parameter int AddrW = 13  // byte address width
) (
  input  logic             clk_i,            // clock
  input  logic             rst_ni,           // asynchronous reset, active low
  // AXI4-Lite slave
  input  logic [AddrW-1:0] s_axi_awaddr_i,   // write address
  input  logic             s_axi_awvalid_i,
  output logic             s_axi_awready_o,
  input  logic [31:0]      s_axi_wdata_i,    // write data
  input  logic [3:0]       s_axi_wstrb_i,
  input  logic             s_axi_wvalid_i,
  output logic             s_axi_wready_o,
  output logic [1:0]       s_axi_bresp_o,    // write response
  output logic             s_axi_bvalid_o,
  input  logic             s_axi_bready_i,
  input  logic [AddrW-1:0] s_axi_araddr_i,   // read address
  input  logic             s_axi_arvalid_i,
  output logic             s_axi_arready_o,
  output logic [31:0]      s_axi_rdata_o,    // read data
  output logic [1:0]       s_axi_rresp_o,
  output logic             s_axi_rvalid_o,
  input  logic             s_axi_rready_i,
  // Register write (one cycle)
  output logic             wr_req_o,         // do a write this cycle
  output logic [AddrW-1:0] wr_addr_o,        // byte address
  output logic [31:0]      wr_data_o,        // data
  output logic [3:0]       wr_strb_o,        // byte strobes
  input  logic [1:0]       wr_resp_i,        // response of that write (same cycle)
  // Register read (one cycle)
  output logic             rd_req_o,         // do a read this cycle
  output logic [AddrW-1:0] rd_addr_o,        // byte address
  input  logic [1:0]       rd_resp_i,        // response of that read (same cycle)
  input  logic [31:0]      rd_data_i         // its data, from the next cycle until the next read
);

  logic             aw_held_q, aw_held_d;  // write address taken, waiting for data
  logic [AddrW-1:0] aw_addr_q, aw_addr_d;
  logic             w_held_q, w_held_d;    // write data taken, waiting for the address
  logic [31:0]      w_data_q, w_data_d;
  logic [3:0]       w_strb_q, w_strb_d;
  logic             bvalid_q, bvalid_d;
  logic [1:0]       bresp_q, bresp_d;
  logic             rvalid_q, rvalid_d;
  logic [1:0]       rresp_q, rresp_d;

  logic             aw_hs, w_hs, ar_hs;

  // Ready depends on state only (no combinational path from valid to ready).
  assign s_axi_awready_o = !aw_held_q && !bvalid_q;
  assign s_axi_wready_o  = !w_held_q && !bvalid_q;
  assign s_axi_arready_o = !rvalid_q;

  // Requests to the register file: from inputs and state only.
  always_comb begin
    aw_hs     = s_axi_awvalid_i && s_axi_awready_o;
    w_hs      = s_axi_wvalid_i && s_axi_wready_o;
    ar_hs     = s_axi_arvalid_i && s_axi_arready_o;
    wr_addr_o = aw_held_q ? aw_addr_q : s_axi_awaddr_i;
    wr_data_o = w_held_q ? w_data_q : s_axi_wdata_i;
    wr_strb_o = w_held_q ? w_strb_q : s_axi_wstrb_i;
    wr_req_o  = (aw_held_q || aw_hs) && (w_held_q || w_hs);
    rd_req_o  = ar_hs;
    rd_addr_o = s_axi_araddr_i;
  end

  // Next state, with the register file's responses.
  always_comb begin
    aw_held_d = aw_held_q;
    aw_addr_d = aw_addr_q;
    w_held_d  = w_held_q;
    w_data_d  = w_data_q;
    w_strb_d  = w_strb_q;
    bvalid_d  = bvalid_q;
    bresp_d   = bresp_q;
    rvalid_d  = rvalid_q;
    rresp_d   = rresp_q;

    // Write channel
    if (s_axi_bready_i && bvalid_q) bvalid_d = 1'b0;
    if (wr_req_o) begin
      aw_held_d = 1'b0;
      w_held_d  = 1'b0;
      bvalid_d  = 1'b1;
      bresp_d   = wr_resp_i;
    end else begin
      if (aw_hs) begin
        aw_held_d = 1'b1;
        aw_addr_d = s_axi_awaddr_i;
      end
      if (w_hs) begin
        w_held_d = 1'b1;
        w_data_d = s_axi_wdata_i;
        w_strb_d = s_axi_wstrb_i;
      end
    end

    // Read channel
    if (s_axi_rready_i && rvalid_q) rvalid_d = 1'b0;
    if (ar_hs) begin
      rvalid_d = 1'b1;
      rresp_d  = rd_resp_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_held_q <= 1'b0;
      aw_addr_q <= '0;
      w_held_q  <= 1'b0;
      w_data_q  <= '0;
      w_strb_q  <= '0;
      bvalid_q  <= 1'b0;
      bresp_q   <= '0;
      rvalid_q  <= 1'b0;
      rresp_q   <= '0;
    end else begin
      aw_held_q <= aw_held_d;
      aw_addr_q <= aw_addr_d;
      w_held_q  <= w_held_d;
      w_data_q  <= w_data_d;
      w_strb_q  <= w_strb_d;
      bvalid_q  <= bvalid_d;
      bresp_q   <= bresp_d;
      rvalid_q  <= rvalid_d;
      rresp_q   <= rresp_d;
    end
  end

  assign s_axi_bvalid_o = bvalid_q;
  assign s_axi_bresp_o  = bresp_q;
  assign s_axi_rvalid_o = rvalid_q;
  assign s_axi_rresp_o  = rresp_q;
  assign s_axi_rdata_o  = rd_data_i;

endmodule : fbmu_axil_slave
