// AXI4-Lite master driven from C through DPI-C: one transaction at a time (testbench only).
//
// Two clock cycles per transaction, back to back, against the unit's slave (which accepts on one
// edge and presents the response from that edge on):
//   edge 1  the master takes the request C posted (c_dpi_bridge_poll) and raises its valids;
//   edge 2  the slave accepts AW+W or AR and presents B or R. BREADY/RREADY are high in that state
//           and stay high, so the handshake completes on the next rising edge for certain: C
//           collects the response after this clock already, through the exported, read-only
//           sv_dpi_bridge_peek, and posts its next request;
//   edge 3  the B or R handshake completes; the master reports the response (c_dpi_bridge_respond,
//           which C ignores when it collected it already, else it is how C gets it) and, on the
//           same edge, takes the next request.
// Each valid is held until its handshake (AXI rule), also after the C side gave up on the request;
// no valid or ready depends on an input of this master. (The testbench's stall gate lets a response
// presented before a stall was set complete, fbmu_tb.sv: C has taken it already.)
//
// No DPI call on a cycle with nothing to do: the master polls C on the edge a transaction ends and,
// while idle, only when awake. A poll that finds nothing puts it to sleep; C wakes it through the
// exported sv_dpi_bridge_wake when it posts a request to a sleeping master (once per burst of
// back-to-back transactions, not per transaction: each call of an export that writes a variable
// costs a re-evaluation of all logic fed by export-written variables, about one clock's worth; the
// peek writes none and costs nothing of the kind).
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
  // Take the pending request, if any: returns 1 and fills the fields, else 0.
  import "DPI-C" function bit c_dpi_bridge_poll(input chandle ctx, output bit write,
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

  // ---- Transaction state ------------------------------------------------------------------------
  typedef enum logic [1:0] {
    StIdle,
    StWrite,
    StRead
  } state_e;

  state_e                 state_q;
  logic                   awvalid_q, wvalid_q, arvalid_q;
  logic [AddrWidth-1:0]   addr_q;
  logic [31:0]            wdata_q;
  logic [3:0]             wstrb_q;
  bit   [31:0]            tag_q;  // tag of the transaction taken last

  assign m_axi_awaddr_o  = addr_q;
  assign m_axi_awvalid_o = awvalid_q;
  assign m_axi_wdata_o   = wdata_q;
  assign m_axi_wstrb_o   = wstrb_q;
  assign m_axi_wvalid_o  = wvalid_q;
  assign m_axi_bready_o  = (state_q == StWrite);
  assign m_axi_araddr_o  = addr_q;
  assign m_axi_arvalid_o = arvalid_q;
  assign m_axi_rready_o  = (state_q == StRead);
  assign busy_o          = (state_q != StIdle);

  // The B or R handshake completes on this rising edge (the ready is high in that state).
  logic done;
  assign done = (state_q == StWrite && m_axi_bvalid_i) || (state_q == StRead && m_axi_rvalid_i);

  // Read-only, for C between clock edges: the response the slave presents to the transaction in
  // flight (its handshake completes on the next rising edge). 1 with its tag, AXI response and read
  // data; 0 while there is none.
  function automatic bit sv_dpi_bridge_peek(output int unsigned tag, output byte unsigned resp,
                                            output int unsigned rdata);
    tag   = tag_q;
    resp  = {6'b0, (state_q == StWrite) ? m_axi_bresp_i : m_axi_rresp_i};
    rdata = (state_q == StRead) ? m_axi_rdata_i : 32'b0;
    return done;
  endfunction

  // The DPI calls have side effects on the C mailbox, so they sit in the clocked block (as in the
  // OpenTitan DPI models) rather than in next-state logic. tag_q and wake_ack_q are not reset.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      awvalid_q <= 1'b0;
      wvalid_q  <= 1'b0;
      arvalid_q <= 1'b0;
      addr_q    <= '0;
      wdata_q   <= '0;
      wstrb_q   <= '0;
    end else begin : step
      bit          req_write;
      // DPI widths: only the low AddrWidth address bits and 4 strobe bits are driven.
      /* verilator lint_off UNUSEDSIGNAL */
      int unsigned req_addr, req_wdata, req_tag;
      byte unsigned req_strb;
      /* verilator lint_on UNUSEDSIGNAL */
      unique case (state_q)
        StWrite: begin
          if (m_axi_awready_i) awvalid_q <= 1'b0;
          if (m_axi_wready_i) wvalid_q <= 1'b0;
          if (m_axi_bvalid_i) begin
            c_dpi_bridge_respond(ctx, tag_q, {6'b0, m_axi_bresp_i}, 32'b0);
            state_q <= StIdle;
          end
        end
        StRead: begin
          if (m_axi_arready_i) arvalid_q <= 1'b0;
          if (m_axi_rvalid_i) begin
            c_dpi_bridge_respond(ctx, tag_q, {6'b0, m_axi_rresp_i}, m_axi_rdata_i);
            state_q <= StIdle;
          end
        end
        default: state_q <= StIdle;
      endcase
      // Take the next request on the edge the transaction ends, or while idle and awake.
      if (done || (state_q == StIdle && wake_req != wake_ack_q)) begin
        if (c_dpi_bridge_poll(ctx, req_write, req_addr, req_wdata, req_strb, req_tag)) begin
          addr_q  <= req_addr[AddrWidth-1:0];
          wdata_q <= req_wdata;
          wstrb_q <= req_strb[3:0];
          tag_q   <= req_tag;
          if (req_write) begin
            state_q   <= StWrite;
            awvalid_q <= 1'b1;
            wvalid_q  <= 1'b1;
          end else begin
            state_q   <= StRead;
            arvalid_q <= 1'b1;
          end
        end else begin
          wake_ack_q <= wake_req;  // nothing posted: sleep until C wakes the master
        end
      end
    end
  end

endmodule
