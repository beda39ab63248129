// Assertions on the copy engine (bound to fbmu_copy_engine by fbmu_sva_bind.sv): it touches the
// arena only while a copy runs, writes no byte outside the transfer it was given, and reads no
// word that holds no transfer byte. Ports only, so the engine's internals may change freely.
module fbmu_copy_engine_sva #(
  parameter int MemBytes   = 131072,  // arena memory bytes
  parameter int StageBytes = 4096     // STAGING buffer bytes
) (
  input logic                          clk_i,        // clock
  input logic                          rst_ni,       // asynchronous reset, active low
  input logic                          start_i,      // start a copy
  input logic                          write_i,      // 1: staging -> arena
  input logic [$clog2(MemBytes)-1:0]   addr_i,       // arena byte address of transfer byte 0
  input logic [$clog2(StageBytes):0]   len_i,        // bytes
  input logic                          busy_o,       // copy running
  input logic                          mem_req_o,    // arena access
  input logic                          mem_we_o,
  input logic [$clog2(MemBytes/8)-1:0] mem_addr_o,
  input logic [7:0]                    mem_be_o
);

  // The running copy: arena bytes lo_q .. hi_q-1, and its direction.
  logic [31:0] lo_q, hi_q;
  logic        wr_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lo_q <= '0;
      hi_q <= '0;
      wr_q <= 1'b0;
    end else if (start_i && !busy_o) begin
      lo_q <= 32'(addr_i);
      hi_q <= 32'(addr_i) + 32'(len_i);
      wr_q <= write_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_ni && mem_req_o) begin
      CopyArenaAccessOnlyWhileBusy: assert (busy_o);
      CopyDirectionKept: assert (mem_we_o == wr_q);
      if (!mem_we_o) begin
        CopyReadsOnlyTransferWords: assert ({32'(mem_addr_o), 3'd7} >= 35'(lo_q) &&
                                            {32'(mem_addr_o), 3'd0} < 35'(hi_q));
      end else begin
        for (int b = 0; b < 8; b++) begin
          if (mem_be_o[b]) begin
            CopyWritesOnlyTransferBytes: assert ({32'(mem_addr_o), 3'(b)} >= 35'(lo_q) &&
                                                 {32'(mem_addr_o), 3'(b)} < 35'(hi_q))
              else $error("copy writes arena byte %0d outside its transfer %0d .. %0d",
                          {32'(mem_addr_o), 3'(b)}, lo_q, hi_q - 1);
          end
        end
      end
    end
  end

endmodule : fbmu_copy_engine_sva
