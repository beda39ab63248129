// Finds the lowest free lease frame (1 .. frames-1) given the frames the lease records occupy.
//
// The lowest free frame is either frame 1 or the frame right after an occupied one, so only
// Slots + 1 candidates are checked, whatever the number of frames.
module fbmu_frame_pick #(
  parameter int Slots  = 16,  // lease records
  parameter int FrameW = 11   // frame index width
) (
  input  logic [Slots-1:0]        occ_i,     // record occupies its frame (leased, zeroing, fenced)
  input  logic [Slots*FrameW-1:0] frame_i,   // frame of each record
  input  logic [FrameW:0]         frames_i,  // number of frames at the current arena size
  output logic                    found_o,   // a free lease frame exists
  output logic [FrameW-1:0]       frame_o    // the lowest free lease frame
);

  localparam int CandW = FrameW + 1;

  logic [FrameW:0] cand, best;
  logic            ok;

  always_comb begin
    found_o = 1'b0;
    best    = '0;
    for (int c = 0; c <= Slots; c++) begin
      if (c == 0) begin
        cand = CandW'(1);
        ok   = 1'b1;
      end else begin
        cand = {1'b0, frame_i[(c-1)*FrameW +: FrameW]} + CandW'(1);
        ok   = occ_i[c-1];
      end
      if (cand >= frames_i) ok = 1'b0;
      for (int j = 0; j < Slots; j++) begin
        if (occ_i[j] && {1'b0, frame_i[j*FrameW +: FrameW]} == cand) ok = 1'b0;
      end
      if (ok && (!found_o || cand < best)) begin
        found_o = 1'b1;
        best    = cand;
      end
    end
  end

  assign frame_o = best[FrameW-1:0];

endmodule : fbmu_frame_pick
