// AXI4-Lite protocol checker (testbench only): watches one point of the bus and checks the rules
// of both parties with immediate assertions (built with Verilator --assert).
//
// Master rules: AWVALID, WVALID and ARVALID stay high until their handshake, and AWADDR, WDATA,
// WSTRB and ARADDR stay stable while they wait. Slave rules: BVALID and RVALID stay high until
// their handshake, BRESP, RDATA and RRESP stay stable while they wait, and every response answers
// a request (a write whose AW and W were both accepted, a read whose AR was): no response without
// a request, so never two for one.
//
// A broken rule does not stop the simulation: it counts in `errors` and the first one's name stays
// in `first_rule` (the testbench hands both to C, sv_dpi_bus_check in fbmu_tb.sv); the first few
// are printed.
// skip_master_i / skip_slave_i: that party's hold and stability rules are not checked on this edge
// nor on the next (the testbench's hung-bus gate breaks them on purpose); the request and response
// counts run on.
module axil_protocol_checker #(
  parameter int    AddrWidth = 13,      // AXI byte address width
  parameter string Side      = "bus"    // where it watches, in messages
) (
  input logic                 clk_i,          // bus clock
  input logic                 rst_ni,         // reset, active low: nothing is checked in it
  input logic                 skip_master_i,  // do not check the master's hold/stability rules
  input logic                 skip_slave_i,   // do not check the slave's hold/stability rules
  input logic [AddrWidth-1:0] awaddr_i,       // write address
  input logic                 awvalid_i,      // write address valid
  input logic                 awready_i,      // write address ready
  input logic [31:0]          wdata_i,        // write data
  input logic [3:0]           wstrb_i,        // write strobes
  input logic                 wvalid_i,       // write data valid
  input logic                 wready_i,       // write data ready
  input logic [1:0]           bresp_i,        // write response
  input logic                 bvalid_i,       // write response valid
  input logic                 bready_i,       // write response ready
  input logic [AddrWidth-1:0] araddr_i,       // read address
  input logic                 arvalid_i,      // read address valid
  input logic                 arready_i,      // read address ready
  input logic [31:0]          rdata_i,        // read data
  input logic [1:0]           rresp_i,        // read response
  input logic                 rvalid_i,       // read data valid
  input logic                 rready_i        // read data ready
);

  int unsigned errors = 0;  // rules broken so far
  string       first_rule = "";  // name of the first one

  // The rules, in the order they are checked on an edge. A failing check only sets its bit; the
  // names are looked up once an edge has broken one: a string per check would be built and freed
  // on every edge (Verilator declares the strings of all inlined calls up front).
  localparam int unsigned AwvalidHeld = 0;
  localparam int unsigned AwaddrStable = 1;
  localparam int unsigned WvalidHeld = 2;
  localparam int unsigned WdataStable = 3;
  localparam int unsigned ArvalidHeld = 4;
  localparam int unsigned AraddrStable = 5;
  localparam int unsigned BvalidHeld = 6;
  localparam int unsigned BrespStable = 7;
  localparam int unsigned RvalidHeld = 8;
  localparam int unsigned RdataStable = 9;
  localparam int unsigned BHasRequest = 10;
  localparam int unsigned RHasRequest = 11;
  localparam int unsigned NumRules = 12;

  // Their names, as C and the messages give them.
  localparam string RuleNames[NumRules] = '{
    "awvalid_held",
    "awaddr_stable",
    "wvalid_held",
    "wdata_stable",
    "arvalid_held",
    "araddr_stable",
    "bvalid_held",
    "bresp_stable",
    "rvalid_held",
    "rdata_stable",
    "b_has_request",
    "r_has_request"
  };

  // Counts the rules broken on this edge, in check order; prints the first few.
  function automatic void report(input logic [NumRules-1:0] broken);
    for (int unsigned r = 0; r < NumRules; r++) begin
      if (broken[r]) begin
        if (errors == 0) first_rule = RuleNames[r];
        if (errors < 8)
          $display("axil_protocol_checker (%s): AXI4-Lite rule %s broken", Side, RuleNames[r]);
        errors++;
      end
    end
  endfunction

  // The previous edge: what waited, with its payload.
  logic                 live_q = 1'b0;  // out of reset on the previous edge too
  logic                 skip_m_q = 1'b0, skip_s_q = 1'b0;
  logic                 aw_wait_q = 1'b0, w_wait_q = 1'b0, ar_wait_q = 1'b0;
  logic                 b_wait_q = 1'b0, r_wait_q = 1'b0;
  logic [AddrWidth-1:0] awaddr_q, araddr_q;
  logic [31:0]          wdata_q, rdata_q;
  logic [3:0]           wstrb_q;
  logic [1:0]           bresp_q, rresp_q;
  // Requests minus responses: AW and W accepted (a write needs both), AR accepted.
  int                   aw_open_q = 0, w_open_q = 0, ar_open_q = 0;

  always_ff @(posedge clk_i) begin
    logic check_m, check_s;
    logic [NumRules-1:0] broken;
    live_q   <= rst_ni;
    skip_m_q <= skip_master_i;
    skip_s_q <= skip_slave_i;
    // An edge out of reset with nothing valid and nothing waiting from the edge before has no rule
    // to check and changes nothing below (each wait flag stays clear, each count stays, and a
    // payload is captured again on the edge it starts to wait), so the idle bus costs nothing here.
    if (!rst_ni || awvalid_i || wvalid_i || arvalid_i || bvalid_i || rvalid_i || aw_wait_q ||
        w_wait_q || ar_wait_q || b_wait_q || r_wait_q) begin
      broken = '0;
      check_m = live_q && rst_ni && !skip_master_i && !skip_m_q;
      check_s = live_q && rst_ni && !skip_slave_i && !skip_s_q;
      if (check_m) begin
        if (aw_wait_q) begin
          awvalid_held: assert (awvalid_i) else broken[AwvalidHeld] = 1'b1;
          awaddr_stable: assert (awaddr_i == awaddr_q) else broken[AwaddrStable] = 1'b1;
        end
        if (w_wait_q) begin
          wvalid_held: assert (wvalid_i) else broken[WvalidHeld] = 1'b1;
          wdata_stable: assert (wdata_i == wdata_q && wstrb_i == wstrb_q)
            else broken[WdataStable] = 1'b1;
        end
        if (ar_wait_q) begin
          arvalid_held: assert (arvalid_i) else broken[ArvalidHeld] = 1'b1;
          araddr_stable: assert (araddr_i == araddr_q) else broken[AraddrStable] = 1'b1;
        end
      end
      if (check_s) begin
        if (b_wait_q) begin
          bvalid_held: assert (bvalid_i) else broken[BvalidHeld] = 1'b1;
          bresp_stable: assert (bresp_i == bresp_q) else broken[BrespStable] = 1'b1;
        end
        if (r_wait_q) begin
          rvalid_held: assert (rvalid_i) else broken[RvalidHeld] = 1'b1;
          rdata_stable: assert (rdata_i == rdata_q && rresp_i == rresp_q)
            else broken[RdataStable] = 1'b1;
        end
      end
      if (rst_ni) begin
        b_has_request: assert (!bvalid_i || (aw_open_q > 0 && w_open_q > 0))
          else broken[BHasRequest] = 1'b1;
        r_has_request: assert (!rvalid_i || ar_open_q > 0) else broken[RHasRequest] = 1'b1;
      end
      if (broken != '0) report(broken);
      aw_wait_q <= awvalid_i && !awready_i;
      w_wait_q  <= wvalid_i && !wready_i;
      ar_wait_q <= arvalid_i && !arready_i;
      b_wait_q  <= bvalid_i && !bready_i;
      r_wait_q  <= rvalid_i && !rready_i;
      awaddr_q  <= awaddr_i;
      araddr_q  <= araddr_i;
      wdata_q   <= wdata_i;
      wstrb_q   <= wstrb_i;
      bresp_q   <= bresp_i;
      rdata_q   <= rdata_i;
      rresp_q   <= rresp_i;
      if (!rst_ni) begin
        aw_open_q <= 0;
        w_open_q  <= 0;
        ar_open_q <= 0;
      end else begin
        aw_open_q <= aw_open_q + int'(awvalid_i && awready_i) - int'(bvalid_i && bready_i);
        w_open_q  <= w_open_q + int'(wvalid_i && wready_i) - int'(bvalid_i && bready_i);
        ar_open_q <= ar_open_q + int'(arvalid_i && arready_i) - int'(rvalid_i && rready_i);
      end
    end
  end

endmodule
