// Assertions on the streamed write (bound to fbmu_top by fbmu_sva_bind.sv; docs/spec.md section
// 7): the copy reads only STAGING words the bus has completed, the bus writes no word the copy may
// already have read, STAGING takes bus writes while busy only during a stream, and a stream that
// gets no STAGING write ends within STREAM_TIMEOUT cycles.
module fbmu_stream_sva #(
  parameter int StageBytes = 4096  // STAGING window bytes
) (
  input logic                                clk_i,          // clock
  input logic                                rst_ni,         // asynchronous reset, active low
  input logic                                busy,           // STATUS.BUSY
  input logic                                stream,         // a stream takes STAGING writes ...
  input logic [$clog2(StageBytes / 8)-1:0]   stream_floor,   // ... at 64-bit word index >= this
  input logic                                bus_stg_we,     // bus STAGING write
  input logic [$clog2(StageBytes / 8)-1:0]   bus_stg_waddr,  // its 64-bit word
  input logic                                cp_stg_re,      // copy engine STAGING read
  input logic [$clog2(StageBytes / 8)-1:0]   cp_stg_raddr    // its 64-bit word
);

  // Cycles of the running stream since its start or its last STAGING write; the last cycle's
  // stream flag and floor.
  logic [31:0]                            quiet_q;
  logic                                   stream_q;
  logic [$clog2(StageBytes / 8)-1:0]      floor_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      quiet_q  <= '0;
      stream_q <= 1'b0;
      floor_q  <= '0;
    end else begin
      quiet_q  <= (!stream || bus_stg_we) ? '0 : quiet_q + 32'd1;
      stream_q <= stream;
      floor_q  <= stream_floor;
    end
  end

  // Immediate checks on the edge, as in the other checkers (rtl/sva/README.md): stream_q and
  // floor_q read here are the values of the edge before.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (stream && cp_stg_re) begin
        StreamCopyReadsOnlyCompleteWords: assert (cp_stg_raddr < stream_floor);
      end
      if (stream && bus_stg_we) begin
        StreamTakesNoWriteIntoACompleteWord: assert (bus_stg_waddr >= stream_floor);
      end
      if (bus_stg_we) begin
        StagingTakesBusWritesWhileBusyOnlyInAStream: assert (!busy || stream);
      end
      if (stream && stream_q) begin
        StreamFloorNeverFalls: assert (stream_floor >= floor_q);
      end
      StreamEndsWithinTheTimeout: assert (quiet_q <= 32'(fbmu_reg_pkg::StreamTimeout));
    end
  end

endmodule : fbmu_stream_sva
