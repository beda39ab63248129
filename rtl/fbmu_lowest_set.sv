// Priority encoder: index of the lowest set bit of a vector.
//
// The lowest set bit is isolated first (vec & -vec, one carry chain), then each index bit is the OR
// of the one-hot bits whose position has that bit set, so no chain of N compares is built.
module fbmu_lowest_set #(
  parameter int N = 16  // vector width, >= 2
) (
  input  logic [N-1:0]         vec_i,    // candidates
  output logic                 found_o,  // at least one bit is set
  output logic [$clog2(N)-1:0] idx_o     // index of the lowest set bit (0 when none)
);

  localparam int IdxW = $clog2(N);

  logic [N-1:0] onehot;
  assign onehot  = vec_i & (~vec_i + N'(1));
  assign found_o = |vec_i;

  for (genvar b = 0; b < IdxW; b++) begin : gen_idx_bit
    logic [N-1:0] sel;  // positions whose index has bit b set (constant)
    for (genvar i = 0; i < N; i++) begin : gen_sel
      assign sel[i] = ((i >> b) & 1) != 0;
    end
    assign idx_o[b] = |(onehot & sel);
  end

endmodule : fbmu_lowest_set
