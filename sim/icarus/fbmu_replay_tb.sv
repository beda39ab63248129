// Bus-trace replay of fbmu_top under Icarus Verilog (plain SystemVerilog, iverilog -g2012): reads a
// trace the Verilated harness recorded (FBMU_BUS_TRACE, sim/bus_trace.h) and drives the same
// stimulus, cycle for cycle: the unit's other inputs change before the same rising edges, and each
// AXI4-Lite request raises its valids after the same edge, as the DPI master did (valids held
// until ready, BREADY/RREADY high from the first edge after reset). Checks that every response
// (code, and data of a read) equals the recorded one and that no output of the unit is X or Z on
// any rising edge after a reset. Each simulation of the trace is a session; the unit is not
// rebuilt between sessions, only reset, as the hardware would be.
//
// +trace=<file> names the trace. Ends with "replayed: ..." and "mismatches: ..." lines and PASS,
// or FAIL with $fatal; the first few mismatches are printed in full. Time is bounded by the
// trace: every session ends at the cycle its E record names.
`timescale 1ns / 1ps
module fbmu_replay_tb;
  parameter int MemBytes     = 131072;  // must equal the trace's S records (the Verilated build)
  parameter int LeaseSlots   = 16;
  parameter int EventDepth   = 16;      // as sim/fbmu_tb.sv
  parameter int DefaultArena = 4096;
  localparam int ShowMismatches = 10;   // printed in full; all are counted
  localparam int MaxOutstanding = 64;   // requests in flight per channel
  localparam int DrainCycles    = 2;    // edges run after a session's end for its last response

  // ---- Unit and its inputs ----------------------------------------------------------------------
  logic        clk = 1'b0;
  logic        rst_n = 1'b1;
  logic        por_n = 1'b0;  // power-on reset: low until the first edge of each session
  logic [63:0] rtc_secs = '0;
  logic        rtc_tgl = 1'b0;
  logic        online = 1'b1;
  logic [63:0] id_seed = '0;
  logic        plat_req = 1'b0;
  logic [1:0]  plat_op = '0;
  logic [31:0] plat_arg = '0;
  logic        stall = 1'b0;  // the testbench's stall gate (sim/fbmu_tb.sv): no handshake passes
  logic        stall_q = 1'b0;

  // Master side (what the DPI master drove)
  logic [12:0] awaddr = '0, araddr = '0;
  logic [31:0] wdata = '0;
  logic [3:0]  wstrb = '0;
  logic        awvalid = 1'b0, wvalid = 1'b0, arvalid = 1'b0, bready = 1'b0, rready = 1'b0;
  // Unit side
  logic        awready, wready, bvalid, arready, rvalid;
  logic [1:0]  bresp, rresp;
  logic [31:0] rdata;
  logic        plat_ack, irq, idle;
  logic [fbmu_pkg::CodeW-1:0] plat_result;
  wire         resp_stall = stall && stall_q;

  fbmu_top #(
    .MemBytes    (MemBytes),
    .LeaseSlots  (LeaseSlots),
    .EventDepth  (EventDepth),
    .DefaultArena(DefaultArena)
  ) dut (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    .por_ni         (por_n),
    .s_axi_awaddr_i (awaddr),
    .s_axi_awvalid_i(awvalid & ~stall),
    .s_axi_awready_o(awready),
    .s_axi_wdata_i  (wdata),
    .s_axi_wstrb_i  (wstrb),
    .s_axi_wvalid_i (wvalid & ~stall),
    .s_axi_wready_o (wready),
    .s_axi_bresp_o  (bresp),
    .s_axi_bvalid_o (bvalid),
    .s_axi_bready_i (bready & ~resp_stall),
    .s_axi_araddr_i (araddr),
    .s_axi_arvalid_i(arvalid & ~stall),
    .s_axi_arready_o(arready),
    .s_axi_rdata_o  (rdata),
    .s_axi_rresp_o  (rresp),
    .s_axi_rvalid_o (rvalid),
    .s_axi_rready_i (rready & ~resp_stall),
    .rtc_secs_i     (rtc_secs),
    .rtc_tgl_i      (rtc_tgl),
    .online_i       (online),
    .id_seed_i      (id_seed),
    .plat_req_i     (plat_req),
    .plat_op_i      (plat_op),
    .plat_arg_i     (plat_arg),
    .plat_ack_o     (plat_ack),
    .plat_result_o  (plat_result),
    .irq_o          (irq),
    .idle_o         (idle)
  );

  // Every output port, checked through a wire (Icarus 11's $isunknown on a wide inline
  // concatenation reported X with every bit known; sim/icarus/fbmu_icarus_tb.sv).
  wire [51:0] outs = {awready, wready, bresp, bvalid, arready, rdata, rresp, rvalid,
                      plat_ack, plat_result, irq, idle};

  // ---- Expected responses, oldest first per channel (ring buffers) ------------------------------
  logic [31:0] exp_w_addr[MaxOutstanding], exp_r_addr[MaxOutstanding];
  logic [31:0] exp_r_data[MaxOutstanding];
  logic [2:0]  exp_w_resp[MaxOutstanding], exp_r_resp[MaxOutstanding];
  int          exp_w_line[MaxOutstanding], exp_r_line[MaxOutstanding];
  int          w_head = 0, w_count = 0, r_head = 0, r_count = 0;

  // Requests the trace hands the master on the coming edge
  bit          take_w = 1'b0, take_r = 1'b0;
  logic [31:0] take_addr_w, take_addr_r, take_wdata;
  logic [3:0]  take_strb;

  // ---- Figures ------------------------------------------------------------------------------------
  longint      total_cycles = 0, xz_cycles = 0;
  int          sessions = 0, writes = 0, reads = 0, compared = 0, mismatches = 0, errors = 0;
  int          unanswered = 0;  // requests the Verilated run got no response to before its end
  int          line_no = 0, session_cycle = 0;
  bit          was_reset = 1'b0;  // a reset was seen in this run: outputs must be known after it

  function automatic void mismatch(input string what);
    mismatches++;
    if (mismatches <= ShowMismatches)
      $display("MISMATCH session %0d cycle %0d: %s", sessions, session_cycle, what);
  endfunction

  function automatic void trace_error(input string what);
    errors++;
    $display("ERROR trace line %0d (session %0d, cycle %0d): %s", line_no, sessions,
             session_cycle, what);
  endfunction

  // One clock cycle. Responses and ready handshakes use the values the unit drove before the edge,
  // as the DPI master's flops sampled them; the master's new outputs follow the edge.
  task automatic tick;
    logic s_awready, s_wready, s_bvalid, s_arready, s_rvalid;
    logic [1:0]  s_bresp, s_rresp;
    logic [31:0] s_rdata;
    bit          w_free, r_free;
    s_awready = awready & ~stall;
    s_wready  = wready & ~stall;
    s_arready = arready & ~stall;
    s_bvalid  = bvalid & ~resp_stall;
    s_rvalid  = rvalid & ~resp_stall;
    s_bresp   = bresp;
    s_rresp   = rresp;
    s_rdata   = rdata;
    #5 clk = 1'b1;
    #1;
    por_n = 1'b1;
    stall_q = stall;
    if (!rst_n) begin
      awvalid = 1'b0; wvalid = 1'b0; arvalid = 1'b0; bready = 1'b0; rready = 1'b0;
      w_count = 0; r_count = 0;
      if (take_w || take_r) trace_error("request taken during reset");
    end else begin
      if (s_bvalid && bready) begin
        if (w_count == 0) mismatch("B response with no write outstanding");
        else begin
          compared++;
          if (exp_w_resp[w_head] != 3'd4 && {1'b0, s_bresp} !== exp_w_resp[w_head])
            mismatch($sformatf("write 0x%04h (trace line %0d): BRESP %0d, Verilator %0d",
                               exp_w_addr[w_head], exp_w_line[w_head], s_bresp,
                               exp_w_resp[w_head]));
          w_head = (w_head + 1) % MaxOutstanding;
          w_count--;
        end
      end
      if (s_rvalid && rready) begin
        if (r_count == 0) mismatch("R response with no read outstanding");
        else begin
          compared++;
          if (exp_r_resp[r_head] != 3'd4 &&
              ({1'b0, s_rresp} !== exp_r_resp[r_head] || s_rdata !== exp_r_data[r_head]))
            mismatch($sformatf("read 0x%04h (trace line %0d): RRESP %0d RDATA 0x%08h, Verilator %0d 0x%08h",
                               exp_r_addr[r_head], exp_r_line[r_head], s_rresp, s_rdata,
                               exp_r_resp[r_head], exp_r_data[r_head]));
          r_head = (r_head + 1) % MaxOutstanding;
          r_count--;
        end
      end
      w_free = !(awvalid && !s_awready) && !(wvalid && !s_wready);
      r_free = !(arvalid && !s_arready);
      bready = 1'b1;
      rready = 1'b1;
      if (s_awready) awvalid = 1'b0;
      if (s_wready) wvalid = 1'b0;
      if (s_arready) arvalid = 1'b0;
      if (take_w) begin
        if (!w_free) mismatch("write channel still busy at the edge the DPI master took a write");
        awaddr = take_addr_w[12:0]; wdata = take_wdata; wstrb = take_strb;
        awvalid = 1'b1; wvalid = 1'b1;
      end
      if (take_r) begin
        if (!r_free) mismatch("read channel still busy at the edge the DPI master took a read");
        araddr = take_addr_r[12:0];
        arvalid = 1'b1;
      end
    end
    take_w = 1'b0;
    take_r = 1'b0;
    #4 clk = 1'b0;
    session_cycle++;
    total_cycles++;
    if (!rst_n) was_reset = 1'b1;
    else if (was_reset && $isunknown(outs)) begin
      xz_cycles++;
      if (xz_cycles <= ShowMismatches)
        $display("X/Z session %0d cycle %0d: outputs %b", sessions, session_cycle, outs);
    end
  endtask

  task automatic run_to(input int cycle);
    if (cycle < session_cycle) trace_error($sformatf("cycle %0d goes back in time", cycle));
    while (session_cycle < cycle) tick();
  endtask

  // Queue the expected response of a request the master takes on this edge.
  task automatic expect_write(input logic [31:0] addr, input logic [2:0] resp);
    int k;
    if (w_count == MaxOutstanding) begin
      trace_error("too many writes outstanding");
    end else begin
      k = (w_head + w_count) % MaxOutstanding;
      exp_w_addr[k] = addr; exp_w_resp[k] = resp; exp_w_line[k] = line_no;
      w_count++;
    end
  endtask

  task automatic expect_read(input logic [31:0] addr, input logic [31:0] data,
                             input logic [2:0] resp);
    int k;
    if (r_count == MaxOutstanding) begin
      trace_error("too many reads outstanding");
    end else begin
      k = (r_head + r_count) % MaxOutstanding;
      exp_r_addr[k] = addr; exp_r_data[k] = data; exp_r_resp[k] = resp; exp_r_line[k] = line_no;
      r_count++;
    end
  endtask

  initial begin : replay
    string       path;
    logic [8*256-1:0] rest;  // rest of a line (Icarus 11: $fgets reads into a reg, not a string)
    int          fd, n, cycle;
    logic [63:0] a, b, c, d, e, f, g, h, i, j;
    logic [7:0]  kind;
    if (!$value$plusargs("trace=%s", path)) $fatal(1, "FAIL: no +trace=<file>");
    fd = $fopen(path, "r");
    if (fd == 0) $fatal(1, "FAIL: cannot open the trace %s", path);
    // One record per line: its letter, then its fields (sim/bus_trace.h).
    while ($fscanf(fd, " %c", kind) == 1) begin
      line_no++;
      case (kind)
        "S": begin
          n = $fscanf(fd, "%h %h", a, b);
          if (n != 2) trace_error("bad S record");
          else if (a != MemBytes || b != LeaseSlots)
            $fatal(1, "FAIL: trace of a %0d-byte, %0d-slot unit; this bench is %0d, %0d", a, b,
                   MemBytes, LeaseSlots);
          sessions++;
          session_cycle = 0;
          por_n = 1'b0;  // a new simulation is a new power-on, as in sim/fbmu_tb.sv
          w_count = 0; r_count = 0;
          awvalid = 1'b0; wvalid = 1'b0; arvalid = 1'b0;
        end
        "P": begin
          n = $fscanf(fd, "%h %h %h %h %h %h %h %h %h %h", a, b, c, d, e, f, g, h, i, j);
          if (n != 10) trace_error("bad P record");
          else begin
            run_to(int'(a));
            rst_n = b[0]; rtc_secs = c; rtc_tgl = d[0]; online = e[0]; id_seed = f;
            plat_req = g[0]; plat_op = h[1:0]; plat_arg = i[31:0]; stall = j[0];
          end
        end
        "W": begin
          n = $fscanf(fd, "%h %h %h %h %h", a, b, c, d, e);
          if (n != 5) trace_error("bad W record");
          else begin
            run_to(int'(a));
            if (take_w) trace_error("two writes taken on one edge");
            take_w = 1'b1; take_addr_w = b[31:0]; take_wdata = c[31:0]; take_strb = d[3:0];
            expect_write(b[31:0], e[2:0]);
            writes++;
          end
        end
        "R": begin
          n = $fscanf(fd, "%h %h %h %h", a, b, c, d);
          if (n != 4) trace_error("bad R record");
          else begin
            run_to(int'(a));
            if (take_r) trace_error("two reads taken on one edge");
            take_r = 1'b1; take_addr_r = b[31:0];
            expect_read(b[31:0], c[31:0], d[2:0]);
            reads++;
          end
        end
        "E": begin
          n = $fscanf(fd, "%h", a);
          if (n != 1) trace_error("bad E record");
          else begin
            cycle = int'(a);
            run_to(cycle);
            // The harness takes a session's last response while the slave presents it (ready
            // high), an edge before the handshake: run the edges that complete what is presented.
            for (int k = 0; k < DrainCycles && w_count + r_count != 0; k++) tick();
            // Responses the Verilated run had by its end must have come here too.
            while (w_count > 0 && exp_w_resp[w_head] == 3'd4) begin
              w_head = (w_head + 1) % MaxOutstanding; w_count--; unanswered++;
            end
            while (r_count > 0 && exp_r_resp[r_head] == 3'd4) begin
              r_head = (r_head + 1) % MaxOutstanding; r_count--; unanswered++;
            end
            if (w_count + r_count != 0)
              mismatch($sformatf("%0d responses missing at the end of the session",
                                 w_count + r_count));
          end
        end
        "T": trace_error("the master was throttled (fbmu_bridge_throttle): not replayable");
        "#": n = $fgets(rest, fd);
        default: begin
          trace_error($sformatf("unknown record '%c'", kind));
          n = $fgets(rest, fd);
        end
      endcase
    end
    $fclose(fd);
    $display("replayed: %0d transactions (%0d writes, %0d reads) in %0d simulations, %0d cycles",
             writes + reads, writes, reads, sessions, total_cycles);
    $display("mismatches: %0d of %0d responses; X/Z on outputs: %0d cycles; trace errors: %0d",
             mismatches, compared, xz_cycles, errors);
    if (writes + reads == 0 || compared + unanswered != writes + reads || mismatches != 0 || xz_cycles != 0 ||
        errors != 0 || !was_reset)
      $fatal(1, "FAIL: fbmu_replay_tb");
    $display("PASS: fbmu_replay_tb");
    $finish;
  end

endmodule
