// Teardown event FIFO: kind, lease id and RTC second per entry; counts pending and dropped events.
// The entries are a RAM (one write port, one read port, not reset); only pointers and counts reset.
module fbmu_event_fifo #(
  parameter int Depth = 16  // entries (EVENT_DEPTH), 1 or more
) (
  input  logic                       clk_i,        // clock
  input  logic                       rst_ni,       // asynchronous reset, active low
  // Push side (teardown engine)
  input  logic                       push_i,       // queue an event (dropped and counted when full)
  input  logic [fbmu_pkg::CodeW-1:0] push_kind_i,  // event kind code
  input  logic [fbmu_pkg::IdW-1:0]   push_id_i,    // lease id
  input  logic [fbmu_pkg::TimeW-1:0] push_time_i,  // RTC second at which the lease ended
  // Pop side (command engine)
  input  logic                       pop_i,        // remove the oldest event (ignored when empty)
  output logic [fbmu_pkg::CodeW-1:0] head_kind_o,  // oldest event
  output logic [fbmu_pkg::IdW-1:0]   head_id_o,
  output logic [fbmu_pkg::TimeW-1:0] head_time_o,
  // Occupancy
  output logic [15:0]                pending_o,    // events pending
  output logic [15:0]                dropped_o     // events dropped because the FIFO was full (saturating)
);

  localparam int PtrW  = (Depth > 1) ? $clog2(Depth) : 1;
  localparam int EntW  = fbmu_pkg::CodeW + fbmu_pkg::IdW + fbmu_pkg::TimeW;

  logic [EntW-1:0]       ent_mem [Depth];
  logic [PtrW-1:0]       rd_q, rd_d, wr_q, wr_d;
  logic [15:0]           cnt_q, cnt_d;
  logic [15:0]           drop_q, drop_d;
  logic                  do_pop, do_push;

  function automatic logic [PtrW-1:0] ptr_inc(input logic [PtrW-1:0] p);
    if (32'(p) == Depth - 1) ptr_inc = '0;
    else ptr_inc = p + PtrW'(1);
  endfunction

  always_comb begin
    rd_d    = rd_q;
    wr_d    = wr_q;
    cnt_d   = cnt_q;
    drop_d  = drop_q;
    do_pop  = pop_i && (cnt_q != 16'd0);
    do_push = push_i && ((32'(cnt_q) < Depth) || do_pop);

    if (do_pop) begin
      rd_d = ptr_inc(rd_q);
    end
    if (do_push) begin
      wr_d = ptr_inc(wr_q);
    end else if (push_i && drop_q != 16'hFFFF) begin
      drop_d = drop_q + 16'd1;
    end
    if (do_push && !do_pop) cnt_d = cnt_q + 16'd1;
    if (do_pop && !do_push) cnt_d = cnt_q - 16'd1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q   <= '0;
      wr_q   <= '0;
      cnt_q  <= '0;
      drop_q <= '0;
    end else begin
      rd_q   <= rd_d;
      wr_q   <= wr_d;
      cnt_q  <= cnt_d;
      drop_q <= drop_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (do_push) ent_mem[wr_q] <= {push_kind_i, push_id_i, push_time_i};
  end

  assign {head_kind_o, head_id_o, head_time_o} = ent_mem[rd_q];
  assign pending_o = cnt_q;
  assign dropped_o = drop_q;

endmodule : fbmu_event_fifo
