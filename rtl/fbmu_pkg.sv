// FBMU RTL-internal constants shared between modules (bus-visible codes live in fbmu_reg_pkg).
//
// Lease record states are plain 3-bit constants rather than a package enum type: Icarus 11 crashes
// on variables declared with a package-scoped enum type and Yosys 0.23 cannot cast to one.
package fbmu_pkg;

  // Lease record states (section 4 of docs/spec.md).
  localparam logic [2:0]    RecEmpty   = 3'd0;  // never used since reset, or recycled
  localparam logic [2:0]    RecActive  = 3'd1;  // live (the expiry compare may already fail it)
  localparam logic [2:0]    RecExpired = 3'd2;  // ended by expiry
  localparam logic [2:0]    RecRevoked = 3'd3;  // ended by FREE
  localparam logic [2:0]    RecFenced  = 3'd4;  // teardown failed; terminal

  // AXI4-Lite response codes.
  localparam logic [1:0]    RespOkay   = 2'b00;
  localparam logic [1:0]    RespSlvErr = 2'b10;
  localparam logic [1:0]    RespDecErr = 2'b11;

endpackage : fbmu_pkg
