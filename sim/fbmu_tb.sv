// Simulation top: fbmu_top driven by the DPI AXI4-Lite master. Clock and reset are ports; the
// platform inputs (RTC value and its toggle strobe, online, id seed, platform request, bus-stall
// hook) are variables the C++ harness (sim/fbmu_sim.cpp) sets through the exported sv_dpi_drive.
// The harness plays the RTC domain: it changes the value, then toggles the strobe (fbmu_rtc_cdc).
// All logic fed by top-level inputs is re-evaluated by Verilator 5 on every eval(); fed from these
// variables, the unit's large combinational lease and frame logic runs only when they change or a
// clock edge comes.
module fbmu_tb #(
  parameter int MemBytes     = 131072,  // MEM_BYTES
  parameter int LeaseSlots   = 16,      // LEASE_SLOTS
  parameter int EventDepth   = 16,      // EVENT_DEPTH
  parameter int DefaultArena = 4096     // DEFAULT_ARENA
) (
  input  logic                       clk_i,          // clock
  input  logic                       rst_ni,         // reset of the unit and the bus master, active low
  output logic                       plat_ack_o,     // platform request done (one-cycle pulse)
  output logic [fbmu_pkg::CodeW-1:0] plat_result_o,  // result code with plat_ack_o
  output logic                       irq_o,          // interrupt line
  output logic                       idle_o,         // no command, platform request, teardown or scrub running
  output logic                       bridge_busy_o,  // the DPI master holds a transaction
  // The Verilated parameters, so the harness reads them instead of repeating them
  output logic [31:0]                mem_bytes_o,    // MemBytes
  output logic [31:0]                lease_slots_o   // LeaseSlots
);

  // ---- Platform inputs, set from C -------------------------------------------------------------
  // The RTC domain: rtc_secs are the pins, rtc_pub the time it published last. Publishing changes
  // the pins, then toggles rtc_tgl (both before the same edge: the unit captures the value two edges
  // after it has seen the toggle, rtl/fbmu_rtc_cdc.sv).
  logic [fbmu_pkg::TimeW-1:0] rtc_secs = '0;  // rtc_secs_i pins
  logic [fbmu_pkg::TimeW-1:0] rtc_pub  = '0;  // time published last
  logic        rtc_tgl  = 1'b0;  // rtc_tgl_i: toggled once per published time
  logic        online;     // platform has the unit online
  logic [fbmu_pkg::SeedW-1:0] id_seed;    // lease-id key seed, sampled during reset
  logic        plat_req;   // platform request, held until plat_ack_o
  logic [1:0]  plat_op;    // platform request opcode
  logic [31:0] plat_arg;   // platform request argument
  logic        bus_stall;  // test hook, 1: the interconnect completes no handshake (hung bus)
  // Power-on reset of the unit (clears the reset epoch): low from time 0 until the first rising
  // edge, so every later rst_ni pulse of the harness is a warm reset.
  logic        por_n = 1'b0;
  always_ff @(posedge clk_i) por_n <= 1'b1;

  export "DPI-C" function sv_dpi_drive;
  export "DPI-C" function sv_dpi_rtc_pins;

  // All platform inputs at once. An rtc other than the time published last is published (pins,
  // then toggle), so a harness that knows only this call still drives the RTC crossing correctly.
  function automatic void sv_dpi_drive(input longint unsigned rtc, input bit online_v,
                                       input longint unsigned seed, input bit req,
                                       input byte unsigned op, input int unsigned arg,
                                       input bit stall);
    if (rtc != rtc_pub) sv_dpi_rtc_pins(rtc, 1'b1);
    online    = online_v;
    id_seed   = seed;
    plat_req  = req;
    plat_op   = op[1:0];
    plat_arg  = arg;
    bus_stall = stall;
  endfunction

  // The RTC pins alone: publish (tgl = 1: the value becomes the time, the strobe toggles, also for
  // an unchanged value) or, as a test hook, a value the RTC domain never published (tgl = 0: a torn
  // or glitched sample; the unit must ignore it).
  function automatic void sv_dpi_rtc_pins(input longint unsigned pins, input bit tgl);
    rtc_secs = pins;
    if (tgl) begin
      rtc_pub = pins;
      rtc_tgl = !rtc_tgl;
    end
  endfunction

  import fbmu_reg_pkg::AddrWidth;

  assign mem_bytes_o   = 32'(MemBytes);
  assign lease_slots_o = 32'(LeaseSlots);

  // ---- Bus: master side and unit side, joined through the stall gate -----------------------------
  // While bus_stall is set no new transfer gets through: AW, W and AR at once. A B or R response
  // the slave presented before the stall was set (on the edge just before) still completes on the
  // next edge: the master has seen it with its ready high, and C has taken it already
  // (axil_dpi_master.sv), so the hang starts after it, as it would have for a master that completes
  // the response handshake before returning to C.
  logic stall_q;  // bus_stall on the last rising edge
  logic resp_stall;
  always_ff @(posedge clk_i) stall_q <= bus_stall;
  assign resp_stall = bus_stall && stall_q;

  logic [AddrWidth-1:0] awaddr, araddr;
  logic [31:0]          wdata, rdata;
  logic [3:0]           wstrb;
  logic [1:0]           bresp, rresp;
  logic m_awvalid, m_wvalid, m_bready, m_arvalid, m_rready;  // from the master
  logic s_awready, s_wready, s_bvalid, s_arready, s_rvalid;  // from the unit

  axil_dpi_master #(
    .AddrWidth(AddrWidth)
  ) u_bridge (
    .clk_i,
    .rst_ni,
    .m_axi_awaddr_o (awaddr),
    .m_axi_awvalid_o(m_awvalid),
    .m_axi_awready_i(s_awready & ~bus_stall),
    .m_axi_wdata_o  (wdata),
    .m_axi_wstrb_o  (wstrb),
    .m_axi_wvalid_o (m_wvalid),
    .m_axi_wready_i (s_wready & ~bus_stall),
    .m_axi_bresp_i  (bresp),
    .m_axi_bvalid_i (s_bvalid & ~resp_stall),
    .m_axi_bready_o (m_bready),
    .m_axi_araddr_o (araddr),
    .m_axi_arvalid_o(m_arvalid),
    .m_axi_arready_i(s_arready & ~bus_stall),
    .m_axi_rdata_i  (rdata),
    .m_axi_rresp_i  (rresp),
    .m_axi_rvalid_i (s_rvalid & ~resp_stall),
    .m_axi_rready_o (m_rready),
    .busy_o         (bridge_busy_o)
  );

  fbmu_top #(
    .MemBytes    (MemBytes),
    .LeaseSlots  (LeaseSlots),
    .EventDepth  (EventDepth),
    .DefaultArena(DefaultArena)
  ) u_dut (
    .clk_i,
    .por_ni         (por_n),
    .rst_ni,
    .s_axi_awaddr_i (awaddr),
    .s_axi_awvalid_i(m_awvalid & ~bus_stall),
    .s_axi_awready_o(s_awready),
    .s_axi_wdata_i  (wdata),
    .s_axi_wstrb_i  (wstrb),
    .s_axi_wvalid_i (m_wvalid & ~bus_stall),
    .s_axi_wready_o (s_wready),
    .s_axi_bresp_o  (bresp),
    .s_axi_bvalid_o (s_bvalid),
    .s_axi_bready_i (m_bready & ~resp_stall),
    .s_axi_araddr_i (araddr),
    .s_axi_arvalid_i(m_arvalid & ~bus_stall),
    .s_axi_arready_o(s_arready),
    .s_axi_rdata_o  (rdata),
    .s_axi_rresp_o  (rresp),
    .s_axi_rvalid_o (s_rvalid),
    .s_axi_rready_i (m_rready & ~resp_stall),
    .rtc_secs_i     (rtc_secs),
    .rtc_tgl_i      (rtc_tgl),
    .online_i       (online),
    .id_seed_i      (id_seed),
    .plat_req_i     (plat_req),
    .plat_op_i      (plat_op),
    .plat_arg_i     (plat_arg),
    .plat_ack_o,
    .plat_result_o,
    .irq_o,
    .idle_o
  );

  // ---- AXI4-Lite protocol checkers: at the master's port and at the unit's ----------------------
  // The stall gate breaks the hold rules on purpose: at the master's port the responses it hides
  // (slave rules), at the unit's port the requests it hides (master rules); those are not checked
  // while the gate is or just was closed.
  logic gate_closing;
  assign gate_closing = bus_stall || stall_q;

  axil_protocol_checker #(
    .AddrWidth(AddrWidth),
    .Side     ("master port")
  ) u_check_master (
    .clk_i,
    .rst_ni,
    .skip_master_i(1'b0),
    .skip_slave_i (gate_closing),
    .awaddr_i     (awaddr),
    .awvalid_i    (m_awvalid),
    .awready_i    (s_awready & ~bus_stall),
    .wdata_i      (wdata),
    .wstrb_i      (wstrb),
    .wvalid_i     (m_wvalid),
    .wready_i     (s_wready & ~bus_stall),
    .bresp_i      (bresp),
    .bvalid_i     (s_bvalid & ~resp_stall),
    .bready_i     (m_bready),
    .araddr_i     (araddr),
    .arvalid_i    (m_arvalid),
    .arready_i    (s_arready & ~bus_stall),
    .rdata_i      (rdata),
    .rresp_i      (rresp),
    .rvalid_i     (s_rvalid & ~resp_stall),
    .rready_i     (m_rready)
  );

  axil_protocol_checker #(
    .AddrWidth(AddrWidth),
    .Side     ("unit port")
  ) u_check_unit (
    .clk_i,
    .rst_ni,
    .skip_master_i(gate_closing),
    .skip_slave_i (1'b0),
    .awaddr_i     (awaddr),
    .awvalid_i    (m_awvalid & ~bus_stall),
    .awready_i    (s_awready),
    .wdata_i      (wdata),
    .wstrb_i      (wstrb),
    .wvalid_i     (m_wvalid & ~bus_stall),
    .wready_i     (s_wready),
    .bresp_i      (bresp),
    .bvalid_i     (s_bvalid),
    .bready_i     (m_bready & ~resp_stall),
    .araddr_i     (araddr),
    .arvalid_i    (m_arvalid & ~bus_stall),
    .arready_i    (s_arready),
    .rdata_i      (rdata),
    .rresp_i      (rresp),
    .rvalid_i     (s_rvalid),
    .rready_i     (m_rready & ~resp_stall)
  );

  // For C (read-only): rules broken at both ports and the name of the first, "<port>: <rule>".
  export "DPI-C" function sv_dpi_bus_check;

  function automatic int unsigned sv_dpi_bus_check(output string first_rule);
    first_rule = "";
    if (u_check_master.errors != 0) first_rule = {"master port: ", u_check_master.first_rule};
    else if (u_check_unit.errors != 0) first_rule = {"unit port: ", u_check_unit.first_rule};
    return u_check_master.errors + u_check_unit.errors;
  endfunction

  // ---- Backdoor (tests only) --------------------------------------------------------------------
  // One 64-bit word of the arena memory, read straight out of the unit's RAM instance, so tests can
  // see bytes no command reaches any more (ended or fenced leases). Called from C through
  // svSetScope("TOP.fbmu_tb"). The backdoors (and the coverage probe below) are the only places the
  // testbench names the unit's internals.
  export "DPI-C" function sv_dpi_mem_peek;

  // The arena stores word w in bank w % 4 (its lane in the row), row w / 4.
  function automatic longint unsigned sv_dpi_mem_peek(input int word);
    logic [$clog2(MemBytes/32)-1:0] row;
    row = word[$clog2(MemBytes/8)-1:2];
    case (word[1:0])
      2'd0:    return u_dut.u_arena.gen_bank[0].mem_q[row];
      2'd1:    return u_dut.u_arena.gen_bank[1].mem_q[row];
      2'd2:    return u_dut.u_arena.gen_bank[2].mem_q[row];
      default: return u_dut.u_arena.gen_bank[3].mem_q[row];
    endcase
  endfunction

  // One register as a bus read of it would answer now (data and response: 0 OKAY, 3 DECERR for an
  // unmapped address), without a bus transaction or a clock: the lockstep checker's passive look
  // at STATUS and the result registers, through the register file's own read mux (reg_value);
  // Backdoor.RegisterPeekMatchesBusReadsInEveryState compares every register with a bus read. STAGING is not
  // reached this way: 1 (read it over the bus).
  export "DPI-C" function sv_dpi_reg_peek;

  function automatic int sv_dpi_reg_peek(input int unsigned addr, output int unsigned data);
    fbmu_reg_pkg::addr_t a;
    logic mapped;
    a = {addr[AddrWidth-1:2], 2'b00};
    data = '0;
    if (addr >= (1 << AddrWidth)) return 3;
    if (a >= fbmu_reg_pkg::WinStaging) return 1;
    {mapped, data} = u_dut.u_regs.reg_value(a);  // the regfile's own read mux
    return mapped ? 0 : 3;
  endfunction

  // ---- Coverage probe (tests only) ------------------------------------------------------------
  // Cycles in which a lease teardown was due and the teardown engine free to start it, held off
  // only because a platform request held the arena memory (docs/spec.md section 3, "A time step
  // during a platform request"): what a time step inside FENCE_CLEAR's zeroing reaches. Counted
  // since the simulation began (not reset); the lockstep checker's coverage reads it through
  // fbmu_sim_plat_held_teardown_cycles. Like the backdoors, it names the unit's internals.
  longint unsigned plat_held_td_q = 0;
  always_ff @(posedge clk_i) begin
    if (u_dut.td_valid && !u_dut.td_busy && !u_dut.pz_start && u_dut.plat_hold)
      plat_held_td_q <= plat_held_td_q + 1;
  end

  export "DPI-C" function sv_dpi_plat_held_td;

  function automatic longint unsigned sv_dpi_plat_held_td();
    return plat_held_td_q;
  endfunction

endmodule
