// Picks, among flagged lease records, the one with the smallest end sequence number.
module fbmu_oldest_pick #(
  parameter int N    = 16,  // records
  parameter int SeqW = 32   // end sequence number width
) (
  input  logic [N-1:0]         valid_i,  // records that take part
  input  logic [N*SeqW-1:0]    seq_i,    // end sequence number of each record
  output logic                 found_o,  // at least one record takes part
  output logic [$clog2(N)-1:0] idx_o     // the oldest one (lowest index on a tie)
);

  localparam int IdxW = $clog2(N);

  logic [SeqW-1:0] best;

  always_comb begin
    found_o = 1'b0;
    idx_o   = '0;
    best    = '0;
    for (int i = 0; i < N; i++) begin
      if (valid_i[i] && (!found_o || seq_i[i*SeqW +: SeqW] < best)) begin
        found_o = 1'b1;
        idx_o   = IdxW'(i);
        best    = seq_i[i*SeqW +: SeqW];
      end
    end
  end

endmodule : fbmu_oldest_pick
