// AXI4-Lite slave front end: turns bus transactions into single-cycle register accesses, one read
// and one write per cycle, back to back.
//
// Write: AW and W are taken independently (either order or together). A write is done in the
// cycle both are there, straight from the bus when they arrive together; an early one waits in a
// one-entry holding register. B is valid from the next cycle and held until BREADY.
// Read: done in the cycle AR is taken; R is valid from the next cycle and held until RREADY.
//
// Every ready is a flop output (no combinational path from any VALID or READY to a READY). Each
// response channel has a two-entry queue (a skid buffer): a ready computed from last cycle's state
// must still be honoured when the master stops taking responses this cycle, so the transaction
// accepted that cycle needs a second place for its response. With the master taking every
// response, at most one entry is in use and a transaction is taken every cycle. Responses leave in
// order; every accepted transaction gets exactly one.
//
// Read data: the register file holds a read's data from the next cycle until its next read
// (rd_data_i). The oldest queued read is presented from rd_data_i while it is the newest read; the
// cycle a younger read is issued behind it, its data is copied into r0_data_q.
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

  // Write holding registers: AW or W taken before its partner.
  logic             aw_held_q, aw_held_d;
  logic [AddrW-1:0] aw_addr_q, aw_addr_d;
  logic             w_held_q, w_held_d;
  logic [31:0]      w_data_q, w_data_d;
  logic [3:0]       w_strb_q, w_strb_d;
  // B queue: entry 0 is presented, entry 1 is the skid place.
  logic             b0_valid_q, b0_valid_d, b1_valid_q, b1_valid_d;
  logic [1:0]       b0_resp_q, b0_resp_d, b1_resp_q, b1_resp_d;
  // R queue: entry 0 is presented, entry 1 is the skid place (always the newest read).
  logic             r0_valid_q, r0_valid_d, r1_valid_q, r1_valid_d;
  logic [1:0]       r0_resp_q, r0_resp_d, r1_resp_q, r1_resp_d;
  logic [31:0]      r0_data_q, r0_data_d;  // entry 0's data once a younger read is issued

  logic aw_hs, w_hs, ar_hs, b_pop, r_pop;

  // Readies from state only. AW/W: the holding register is free (a write whose B queue is full
  // waits there). AR: the skid place is free.
  assign s_axi_awready_o = !aw_held_q;
  assign s_axi_wready_o  = !w_held_q;
  assign s_axi_arready_o = !r1_valid_q;

  // Requests to the register file: from inputs and state only. A write needs its address, its
  // data and a free place in the B queue (fewer than two entries at the start of the cycle).
  always_comb begin
    aw_hs     = s_axi_awvalid_i && s_axi_awready_o;
    w_hs      = s_axi_wvalid_i && s_axi_wready_o;
    ar_hs     = s_axi_arvalid_i && s_axi_arready_o;
    b_pop     = b0_valid_q && s_axi_bready_i;
    r_pop     = r0_valid_q && s_axi_rready_i;
    wr_addr_o = aw_held_q ? aw_addr_q : s_axi_awaddr_i;
    wr_data_o = w_held_q ? w_data_q : s_axi_wdata_i;
    wr_strb_o = w_held_q ? w_strb_q : s_axi_wstrb_i;
    wr_req_o  = (aw_held_q || aw_hs) && (w_held_q || w_hs) && !b1_valid_q;
    rd_req_o  = ar_hs;
    rd_addr_o = s_axi_araddr_i;
  end

  // Write channel next state.
  always_comb begin
    aw_held_d  = (aw_held_q || aw_hs) && !wr_req_o;
    aw_addr_d  = aw_hs ? s_axi_awaddr_i : aw_addr_q;
    w_held_d   = (w_held_q || w_hs) && !wr_req_o;
    w_data_d   = w_hs ? s_axi_wdata_i : w_data_q;
    w_strb_d   = w_hs ? s_axi_wstrb_i : w_strb_q;
    b0_valid_d = b0_valid_q;
    b0_resp_d  = b0_resp_q;
    b1_valid_d = b1_valid_q;
    b1_resp_d  = b1_resp_q;
    if (b_pop) begin
      b0_valid_d = b1_valid_q;
      b0_resp_d  = b1_resp_q;
      b1_valid_d = 1'b0;
    end
    // wr_req_o implies entry 1 was free, so after the pop above one of the two is free.
    if (wr_req_o) begin
      if (!b0_valid_d) begin
        b0_valid_d = 1'b1;
        b0_resp_d  = wr_resp_i;
      end else begin
        b1_valid_d = 1'b1;
        b1_resp_d  = wr_resp_i;
      end
    end
  end

  // Read channel next state. ar_hs implies entry 1 was free.
  always_comb begin
    r0_valid_d = r0_valid_q;
    r0_resp_d  = r0_resp_q;
    r0_data_d  = r0_data_q;
    r1_valid_d = r1_valid_q;
    r1_resp_d  = r1_resp_q;
    // Entry 0 stays while a younger read replaces its data on rd_data_i: keep a copy.
    if (ar_hs && r0_valid_q && !r_pop) r0_data_d = rd_data_i;
    if (r_pop) begin
      r0_valid_d = r1_valid_q;
      r0_resp_d  = r1_resp_q;
      r1_valid_d = 1'b0;
    end
    if (ar_hs) begin
      if (!r0_valid_d) begin
        r0_valid_d = 1'b1;
        r0_resp_d  = rd_resp_i;
      end else begin
        r1_valid_d = 1'b1;
        r1_resp_d  = rd_resp_i;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_held_q  <= 1'b0;
      w_held_q   <= 1'b0;
      b0_valid_q <= 1'b0;
      b1_valid_q <= 1'b0;
      r0_valid_q <= 1'b0;
      r1_valid_q <= 1'b0;
      b0_resp_q  <= fbmu_pkg::RespOkay;
      b1_resp_q  <= fbmu_pkg::RespOkay;
      r0_resp_q  <= fbmu_pkg::RespOkay;
      r1_resp_q  <= fbmu_pkg::RespOkay;
    end else begin
      aw_held_q  <= aw_held_d;
      w_held_q   <= w_held_d;
      b0_valid_q <= b0_valid_d;
      b1_valid_q <= b1_valid_d;
      r0_valid_q <= r0_valid_d;
      r1_valid_q <= r1_valid_d;
      b0_resp_q  <= b0_resp_d;
      b1_resp_q  <= b1_resp_d;
      r0_resp_q  <= r0_resp_d;
      r1_resp_q  <= r1_resp_d;
    end
  end

  // Payload registers, qualified by the valid flags above: no reset needed. (The response codes
  // are reset with the flags: BRESP/RRESP are ports, and a port must not show X after reset.)
  always_ff @(posedge clk_i) begin
    aw_addr_q <= aw_addr_d;
    w_data_q  <= w_data_d;
    w_strb_q  <= w_strb_d;
    r0_data_q <= r0_data_d;
  end

  assign s_axi_bvalid_o = b0_valid_q;
  assign s_axi_bresp_o  = b0_resp_q;
  assign s_axi_rvalid_o = r0_valid_q;
  assign s_axi_rresp_o  = r0_resp_q;
  // While entry 1 is valid, entry 0 is not the newest read and reads its copy.
  assign s_axi_rdata_o  = r1_valid_q ? r0_data_q : rd_data_i;

endmodule : fbmu_axil_slave
