// Assertions on the command engine (bound to fbmu_cmd_engine by fbmu_sva_bind.sv): fail-closed
// access. A command moves lease bytes, renews or frees only under a record that is ACTIVE (any other
// state value, known or not, refuses) and whose expiry is still ahead of the RTC, while the unit is
// online; and every copy lies inside the frame of the arena it addresses.
//
// The expiry is compared here on its own (rtc < expires_at), not through the lease table's
// hit_expired_i, so a wrong expiry compare in the table is caught too.
module fbmu_cmd_engine_sva #(
  parameter int MemBytes = 131072,  // arena memory bytes
  parameter int FrameW   = 11,      // frame index width
  parameter int LgW      = 5,       // width of log2(arena size)
  parameter int MaxIo    = 4096     // bytes per READ/WRITE
) (
  input logic                          clk_i,         // clock
  input logic                          rst_ni,        // asynchronous reset, active low
  input logic [fbmu_pkg::TimeW-1:0]    rtc_i,         // RTC seconds
  input logic                          online_i,      // unit online
  input logic                          session_q,     // HELLO session open
  input logic [LgW-1:0]                arena_lg_i,    // log2 of the arena size
  input logic                          op_boot,       // READ/WRITE of the bootstrap arena
  input logic                          hit_i,         // the looked-up record
  input logic [fbmu_pkg::StateW-1:0]   hit_state_i,
  input logic [fbmu_pkg::TimeW-1:0]    hit_exp_i,
  input logic [FrameW-1:0]             hit_frame_i,
  input logic                          copy_start_o,  // a copy starts
  input logic [$clog2(MemBytes)-1:0]   copy_addr_o,
  input logic [$clog2(MaxIo):0]        copy_len_o,
  input logic                          renew_we_o,    // RENEW changes the record
  input logic                          revoke_we_o    // FREE revokes it
);

  // Functions, not continuous assignments, so they are evaluated only on a cycle that needs them
  // (a copy starts, a record is renewed or freed), not on every clock edge.
  // The looked-up record is an ACTIVE lease before its expiry.
  function automatic logic live();
    return hit_i && hit_state_i == fbmu_pkg::RecActive && rtc_i < hit_exp_i;
  endfunction
  // The first byte of the addressed arena's frame.
  function automatic logic [63:0] frame_lo();
    return (op_boot ? 64'd0 : 64'(hit_frame_i)) << arena_lg_i;
  endfunction
  // The copy lies inside that frame, which lies inside the memory.
  function automatic logic copy_in_frame();
    logic [63:0] lo, hi;
    lo = frame_lo();
    hi = lo + (64'd1 << arena_lg_i);
    return copy_len_o != '0 && 64'(copy_addr_o) >= lo &&
           64'(copy_addr_o) + 64'(copy_len_o) <= hi && hi <= 64'(MemBytes);
  endfunction

  always_ff @(posedge clk_i) begin
    if (rst_ni && copy_start_o) begin
      if (op_boot) begin
        BootCopyOnlyInASession: assert (session_q && online_i);
      end else begin
        LeaseCopyOnlyWhileLive: assert (live() && online_i);
        LeaseCopyNeverInTheBootFrame: assert (hit_frame_i != '0);
      end
      CopyInsideTheFrame: assert (copy_in_frame());
    end
    if (rst_ni && renew_we_o) begin
      RenewOnlyWhileLive: assert (live() && online_i);
    end
    if (rst_ni && revoke_we_o) begin
      FreeOnlyWhileLive: assert (live() && online_i);
    end
  end

endmodule : fbmu_cmd_engine_sva
