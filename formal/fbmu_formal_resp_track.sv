// Formal helper: follows one request, chosen by the solver, through an in-order response queue and
// counts its age, so a harness can bound the time to its response.
module fbmu_formal_resp_track (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       req_i,     // a request enters the queue
  input  logic       pick_i,    // follow this one (when none is followed)
  input  logic       resp_i,    // the oldest response is taken
  input  logic [2:0] open_i,    // responses in the queue at the start of the cycle
  output logic       trk_o,     // a request is followed
  output logic [2:0] ahead_o,   // responses still ahead of it
  output logic [2:0] ahead0_o,  // responses ahead of it when it entered
  output logic [3:0] age_o      // cycles since it entered
);
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      trk_o    <= 1'b0;
      ahead_o  <= '0;
      ahead0_o <= '0;
      age_o    <= '0;
    end else if (trk_o) begin
      age_o <= age_o + 4'd1;
      if (resp_i) begin
        if (ahead_o == '0) trk_o <= 1'b0;
        else ahead_o <= ahead_o - 3'd1;
      end
    end else if (req_i && pick_i) begin
      trk_o    <= 1'b1;
      age_o    <= 4'd0;
      ahead_o  <= open_i - 3'(resp_i);
      ahead0_o <= open_i - 3'(resp_i);
    end
  end
endmodule : fbmu_formal_resp_track
