// Clock-domain crossing of the platform's RTC and online flag into the core clock (spec section 3).
//
// The RTC comes from a slow RTC domain as 64 bits that cannot be sampled safely on their own: bits
// change at different times, so one sample may be torn. The RTC domain therefore changes
// rtc_secs_i first and then toggles rtc_tgl_i; it holds rtc_secs_i stable until it next changes the
// time (at least one RTC period, many core cycles). Only the toggle is synchronised (two flops);
// once it has arrived, rtc_secs_i has been stable for at least two core cycles and is captured
// whole into rtc_q (a mux/toggle synchroniser). A change or glitch on rtc_secs_i without a toggle is
// never captured. online_i is a single level and gets a plain two-flop synchroniser.
//
// A command sees one time: while hold_i is high (from the cycle the CMD write is accepted until
// the command completes) rtc_o keeps its value and a time that arrives meanwhile waits in seen_q;
// rtc_o takes it on the first edge with hold_i low. So no lease can expire half way through a
// command, and the golden model, whose commands are instantaneous, predicts every outcome.
//
// Latency: a toggle driven before rising edge n is in tgl_sync_q after edge n+1 and rtc_o holds the
// new value after edge n+2 (three edges) when not held. Right after reset the pins are captured once, unguarded
// (no lease exists then, and the scrub holds off every command), so rtc_o starts at the RTC.
module fbmu_rtc_cdc (
  input  logic        clk_i,        // core clock
  input  logic        rst_ni,       // asynchronous reset, active low
  // RTC domain
  input  logic [63:0] rtc_secs_i,   // RTC seconds, stable while rtc_tgl_i has not toggled since
  input  logic        rtc_tgl_i,    // toggles once after every change of rtc_secs_i
  input  logic        online_i,     // platform online flag (any domain)
  // Core domain
  input  logic        hold_i,       // a command runs: keep rtc_o, take a new time when it drops
  output logic [63:0] rtc_o,        // RTC seconds as the core sees them
  output logic        rtc_upd_o,    // one-cycle pulse: rtc_o has just changed
  output logic        online_o      // online_i, synchronised
);

  logic        tgl_meta_q;          // first synchroniser flop (may go metastable; feeds only the next)
  logic        tgl_sync_q;          // synchronised toggle
  logic        tgl_seen_q, tgl_seen_d;  // toggle level last captured
  logic        init_q;              // first cycle after reset: capture the pins once
  logic [63:0] seen_q, seen_d;      // the time captured last
  logic [63:0] rtc_q, rtc_d;        // the time the core uses
  logic        upd_q, upd_d;
  logic        online_meta_q, online_sync_q;
  logic        capture;

  always_comb begin
    capture    = init_q || (tgl_sync_q != tgl_seen_q);
    tgl_seen_d = tgl_sync_q;
    seen_d     = capture ? rtc_secs_i : seen_q;
    rtc_d      = hold_i ? rtc_q : seen_d;
    upd_d      = (rtc_d != rtc_q);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tgl_meta_q    <= 1'b0;
      tgl_sync_q    <= 1'b0;
      tgl_seen_q    <= 1'b0;
      init_q        <= 1'b1;
      seen_q        <= '0;
      rtc_q         <= '0;
      upd_q         <= 1'b0;
      online_meta_q <= 1'b0;
      online_sync_q <= 1'b0;
    end else begin
      tgl_meta_q    <= rtc_tgl_i;
      tgl_sync_q    <= tgl_meta_q;
      tgl_seen_q    <= tgl_seen_d;
      init_q        <= 1'b0;
      seen_q        <= seen_d;
      rtc_q         <= rtc_d;
      upd_q         <= upd_d;
      online_meta_q <= online_i;
      online_sync_q <= online_meta_q;
    end
  end

  assign rtc_o     = rtc_q;
  assign rtc_upd_o = upd_q;
  assign online_o  = online_sync_q;

endmodule : fbmu_rtc_cdc
