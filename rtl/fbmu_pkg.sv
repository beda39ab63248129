// FBMU RTL-internal constants shared between modules (bus-visible codes live in fbmu_reg_pkg).
//
// Lease record states are plain 3-bit constants rather than a package enum type: Icarus 11 crashes
// on variables declared with a package-scoped enum type and Yosys 0.23 cannot cast to one.
package fbmu_pkg;

  // Widths of the unit's quantities; the RTL uses these names instead of literal widths.
  localparam int IdW    = 128;  // lease id (section 5)
  localparam int TimeW  = 64;   // RTC seconds, expiries, lease durations (section 3)
  localparam int ArgW   = 64;   // 64-bit command arguments and results: ARG_A, ARG_B, RES_SIZE
  localparam int WordW  = 64;   // arena and STAGING data word (WordW / 8 byte enables)
  localparam int RowWords = 4;                  // arena row: words zeroed (and read back) a cycle
  localparam int RowLaneW = $clog2(RowWords);   // word address bits that pick a row's lane
  localparam int RowW     = RowWords * WordW;   // arena row width (256 bits, 32 bytes)
  localparam int SeedW  = 64;   // lease-id key seed, splitmix64 word, Feistel half (IdW / 2)
  localparam int StateW = 3;    // lease record state (Rec* below)
  localparam int CodeW  = 8;    // opcodes, result codes, lease status and event kind codes

  // Lease record states (section 4 of docs/spec.md).
  localparam logic [StateW-1:0] RecEmpty   = 3'd0;  // never used since reset, or recycled
  localparam logic [StateW-1:0] RecActive  = 3'd1;  // live (the expiry compare may already fail it)
  localparam logic [StateW-1:0] RecExpired = 3'd2;  // ended by expiry
  localparam logic [StateW-1:0] RecRevoked = 3'd3;  // ended by FREE
  localparam logic [StateW-1:0] RecFenced  = 3'd4;  // teardown failed; terminal

  // AXI4-Lite response codes.
  localparam logic [1:0]    RespOkay   = 2'b00;
  localparam logic [1:0]    RespSlvErr = 2'b10;
  localparam logic [1:0]    RespDecErr = 2'b11;

endpackage : fbmu_pkg
