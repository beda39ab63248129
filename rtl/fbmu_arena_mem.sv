// Arena memory: rows of RowWords 64-bit words (4 x 64 = 256 bits, 32 bytes), stored as RowWords
// word-interleaved banks (word w lives in bank w % RowWords, row w / RowWords), with one write port
// and one read port (1R1W) shared by all banks and one cycle read latency; plus a small table of
// stuck-at-1 cell faults set through a test port (spec section 8).
//
// Two users, never in the same cycle (the copy engine and the teardown engine take turns):
// - the word port (copy engine): one 64-bit word with byte enables; the memory picks its bank
//   (lane) from the low address bits, and on a read returns that lane the cycle after;
// - the row port (zero engine): writes zero to a whole row and, on the read port in the same cycle,
//   reads a whole row (the one written the cycle before), so zeroing and its read-back run at 32
//   bytes per cycle.
//
// Each bank is a plain unpacked array of 64-bit words (fast in Verilator, one RAM per bank in
// synthesis). As in a RAM primitive, the writes are done in the clocked block and the contents are
// not reset: the teardown engine scrubs every row after reset. A stuck cell reads 1 and stores 1
// whatever is written to it (a write stores data | stuck bits), so the zero engine's read-back
// finds it. The fault table is test logic: reset clears it, and FltClear removes every fault.
module fbmu_arena_mem #(
  parameter int Words  = 16384,  // number of 64-bit words (MEM_BYTES / 8)
  parameter int Faults = 4       // stuck cells the fault table holds (FAULT_SLOTS)
) (
  input  logic                         clk_i,        // clock
  input  logic                         rst_ni,       // asynchronous reset, active low (fault table)
  // Word port (copy engine)
  input  logic                         req_i,        // access a word this cycle
  input  logic                         we_i,         // 1: write, 0: read
  input  logic [$clog2(Words)-1:0]     addr_i,       // word address
  input  logic [fbmu_pkg::WordW-1:0]   wdata_i,      // write data
  input  logic [fbmu_pkg::WordW/8-1:0] be_i,         // byte enables of the write
  output logic [fbmu_pkg::WordW-1:0]   rdata_o,      // read data, valid the cycle after a read request
  // Row port (zero engine)
  input  logic                         zw_i,         // write zero to a whole row
  input  logic [$clog2(Words)-fbmu_pkg::RowLaneW-1:0] zw_row_i,     // at this row
  input  logic                         zr_i,         // read a whole row
  input  logic [$clog2(Words)-fbmu_pkg::RowLaneW-1:0] zr_row_i,     // at this row
  output logic [fbmu_pkg::RowW-1:0]    zr_rdata_o,   // row read data, the cycle after zr_i
  // Fault injection (test port)
  input  logic                         flt_set_i,    // add a stuck-at-1 cell (ignored when full)
  input  logic [$clog2(Words)+5:0]     flt_bit_i,    // its bit address: word * 64 + bit
  input  logic                         flt_clear_i,  // remove every fault
  output logic                         flt_full_o    // the table holds Faults cells
);

  localparam int Aw    = $clog2(Words);
  localparam int Lanes = fbmu_pkg::RowWords;
  localparam int LaneW = fbmu_pkg::RowLaneW;
  localparam int RowAw = Aw - LaneW;
  localparam int Rows  = Words / Lanes;
  localparam int RowW  = fbmu_pkg::RowW;
  localparam int BitAw = Aw + 6;
  localparam int FltW  = (Faults > 1) ? $clog2(Faults) : 1;

  // ---- Port selection: the word port when it asks, else the row port.
  logic             wr_word, rd_word;  // the word port writes / reads this cycle
  logic             rd_any;            // some port reads this cycle
  logic [RowAw-1:0] wrow, rrow;        // row written / read this cycle
  logic [LaneW-1:0] lane;              // the word port's lane
  logic [LaneW-1:0] lane_q;            // lane of the last word read

  assign wr_word = req_i && we_i;
  assign rd_word = req_i && !we_i;
  assign rd_any  = rd_word || zr_i;
  assign lane    = addr_i[LaneW-1:0];
  assign wrow    = wr_word ? addr_i[Aw-1:LaneW] : zw_row_i;
  assign rrow    = rd_word ? addr_i[Aw-1:LaneW] : zr_row_i;

  // ---- Fault table
  // Flip-flops. The valid bits reset and clear at once; an entry's bit address is written only when
  // a fault is added and is read only behind its valid bit, so it needs no reset.
  logic [Faults-1:0]       flt_valid_q;
  logic [Faults*BitAw-1:0] flt_bit_q;     // entry f: bits [f*BitAw +: BitAw]
  logic [FltW-1:0]         flt_free;      // lowest empty entry
  logic                    flt_has_free;
  logic                    flt_take;      // the fault being added goes into entry flt_free

  fbmu_lowest_set #(
    .N (Faults)
  ) u_free_pick (
    .vec_i   (~flt_valid_q),
    .found_o (flt_has_free),
    .idx_o   (flt_free)
  );

  assign flt_take = flt_set_i && flt_has_free;

  // A clear in the same cycle as an add wins.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) flt_valid_q <= '0;
    else if (flt_clear_i) flt_valid_q <= '0;
    else if (flt_take) flt_valid_q[flt_free] <= 1'b1;
  end

  for (genvar f = 0; f < Faults; f++) begin : gen_entry
    always_ff @(posedge clk_i) begin
      if (flt_take && flt_free == FltW'(f)) flt_bit_q[f*BitAw +: BitAw] <= flt_bit_i;
    end
  end

  // Stuck bits of one lane (64-bit word) of a row: each valid entry on that word sets its bit.
  // A function of the row and lane only, reading the table where it is: called only on the cycles
  // that access the memory (as continuous logic, four 256-bit shifted masks dominated the
  // simulation of an idle unit), and without copies of the table as arguments on every cycle.
  function automatic logic [fbmu_pkg::WordW-1:0] stuck_of(input logic [RowAw-1:0] row,
                                                          input logic [LaneW-1:0] ln);
    logic [BitAw-1:0] fb;
    stuck_of = '0;
    for (int f = 0; f < Faults; f++) begin
      fb = flt_bit_q[f*BitAw +: BitAw];
      if (flt_valid_q[f] && fb[BitAw-1:6] == {row, ln}) stuck_of[fb[5:0]] = 1'b1;
    end
  endfunction

  assign flt_full_o = !flt_has_free;

  // ---- RAM: one bank per lane
  logic [RowW-1:0] rdata_row;  // the row read last (every bank's read register)

  for (genvar l = 0; l < Lanes; l++) begin : gen_bank
    localparam int Lo = l * fbmu_pkg::WordW;
    logic [fbmu_pkg::WordW-1:0]   mem_q [Rows];
    logic [fbmu_pkg::WordW-1:0]   rdata_q;
    logic                         we;
    logic [fbmu_pkg::WordW/8-1:0] be;

    // The word port writes its own lane only; a zero row write writes every lane.
    assign we = wr_word ? (lane == LaneW'(l)) : zw_i;
    assign be = wr_word ? be_i : '1;

    always_ff @(posedge clk_i) begin
      if (we) begin
        logic [fbmu_pkg::WordW-1:0] wdata;
        wdata = (wr_word ? wdata_i : '0) | stuck_of(wrow, LaneW'(l));
        for (int b = 0; b < 8; b++) begin
          if (be[b]) mem_q[wrow][8*b +: 8] <= wdata[8*b +: 8];
        end
      end
      if (rd_any) rdata_q <= mem_q[rrow] | stuck_of(rrow, LaneW'(l));
    end

    assign rdata_row[Lo +: fbmu_pkg::WordW] = rdata_q;
  end

  always_ff @(posedge clk_i) begin
    if (rd_word) lane_q <= lane;
  end

  assign rdata_o    = rdata_row[32'(lane_q) * fbmu_pkg::WordW +: fbmu_pkg::WordW];
  assign zr_rdata_o = rdata_row;

endmodule : fbmu_arena_mem
