// Arena memory: single-port RAM of 64-bit words with byte enables and one cycle read latency, and
// a small table of stuck-at-1 cell faults set through a test port (spec section 8).
//
// Plain unpacked array so Verilator keeps it fast. As in a RAM primitive, the write is done in the
// clocked block (there is no _d/_q pair for a memory array) and the contents are not reset: the
// teardown engine scrubs every word after reset. A stuck cell reads 1 and stores 1 whatever is
// written to it (a write stores data | stuck bits), so the zero engine's read-back finds it. The
// fault table is test logic: reset clears it, and FltClear removes every fault.
module fbmu_arena_mem #(
  parameter int Words  = 16384,  // number of 64-bit words (MEM_BYTES / 8)
  parameter int Faults = 4       // stuck cells the fault table holds (FAULT_SLOTS)
) (
  input  logic                         clk_i,        // clock
  input  logic                         rst_ni,       // asynchronous reset, active low (fault table)
  input  logic                         req_i,        // access this cycle
  input  logic                         we_i,         // 1: write, 0: read
  input  logic [$clog2(Words)-1:0]     addr_i,       // word address
  input  logic [fbmu_pkg::WordW-1:0]   wdata_i,      // write data
  input  logic [fbmu_pkg::WordW/8-1:0] be_i,         // byte enables of the write
  output logic [fbmu_pkg::WordW-1:0]   rdata_o,      // read data, valid the cycle after a read request
  // Fault injection (test port)
  input  logic                         flt_set_i,    // add a stuck-at-1 cell (ignored when full)
  input  logic [$clog2(Words)+5:0]     flt_bit_i,    // its bit address: word * 64 + bit
  input  logic                         flt_clear_i,  // remove every fault
  output logic                         flt_full_o    // the table holds Faults cells
);

  localparam int BitAw = $clog2(Words) + 6;
  localparam int FltW  = (Faults > 1) ? $clog2(Faults) : 1;

  logic [fbmu_pkg::WordW-1:0] mem_q [Words];
  logic [fbmu_pkg::WordW-1:0] rdata_q;

  // ---- Fault table
  // One entry per generate block, written through continuous logic only: Icarus 11 livelocks on
  // an always_comb that writes a slice of a vector at a computed index.
  logic [Faults-1:0]       flt_valid_q;
  logic [Faults*BitAw-1:0] flt_bit_q;     // entry f: bits [f*BitAw +: BitAw]
  logic [FltW-1:0]         flt_free;      // lowest empty entry
  logic                    flt_has_free;
  logic [fbmu_pkg::WordW-1:0] stuck;      // stuck bits of the addressed word

  fbmu_lowest_set #(
    .N (Faults)
  ) u_free_pick (
    .vec_i   (~flt_valid_q),
    .found_o (flt_has_free),
    .idx_o   (flt_free)
  );

  for (genvar f = 0; f < Faults; f++) begin : gen_entry
    logic take;  // this entry takes the fault being added
    logic valid_d;
    logic [BitAw-1:0] bit_d;
    assign take    = flt_set_i && flt_has_free && (flt_free == FltW'(f));
    assign valid_d = !flt_clear_i && (flt_valid_q[f] || take);
    assign bit_d   = take ? flt_bit_i : flt_bit_q[f*BitAw +: BitAw];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        flt_valid_q[f]              <= 1'b0;
        flt_bit_q[f*BitAw +: BitAw] <= '0;
      end else begin
        flt_valid_q[f]              <= valid_d;
        flt_bit_q[f*BitAw +: BitAw] <= bit_d;
      end
    end
  end

  // Stuck bits of the addressed word: each valid entry on that word sets its bit.
  logic [Faults*fbmu_pkg::WordW-1:0] flt_mask;  // entry f: bits [f*WordW +: WordW]
  for (genvar f = 0; f < Faults; f++) begin : gen_fault
    logic [BitAw-1:0] fb;
    assign fb = flt_bit_q[f*BitAw +: BitAw];
    assign flt_mask[f*fbmu_pkg::WordW +: fbmu_pkg::WordW] =
        (flt_valid_q[f] && fb[BitAw-1:6] == addr_i) ? (fbmu_pkg::WordW'(1) << fb[5:0]) : '0;
  end

  always_comb begin
    stuck = '0;
    for (int f = 0; f < Faults; f++) stuck = stuck | flt_mask[f*fbmu_pkg::WordW +: fbmu_pkg::WordW];
  end

  assign flt_full_o = !flt_has_free;

  // ---- RAM
  always_ff @(posedge clk_i) begin
    if (req_i) begin
      if (we_i) begin
        for (int b = 0; b < 8; b++) begin
          if (be_i[b]) mem_q[addr_i][8*b +: 8] <= wdata_i[8*b +: 8] | stuck[8*b +: 8];
        end
      end else begin
        rdata_q <= mem_q[addr_i] | stuck;
      end
    end
  end

  assign rdata_o = rdata_q;

endmodule : fbmu_arena_mem
