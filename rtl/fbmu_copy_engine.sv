// Copy engine: moves bytes between the STAGING buffer and the arena at any byte offset and length.
//
// Source words are read in order, one per cycle; a two-word window and a byte-lane shifter form
// each destination word, written with byte enables, so a copy moves 8 bytes per cycle and never
// touches an arena word that holds no transfer byte. Transfer byte i is STAGING byte i.
//   WRITE (staging -> arena): source offset 0, destination offset addr_i[2:0].
//   READ  (arena -> staging): source offset addr_i[2:0], destination offset 0.
// Timing: start_i in cycle 0, busy_o from cycle 1 for ceil((src offset + len) / 8) + 2 cycles.
// A streamed write (spec section 7) feeds the copy as the bus fills STAGING: avail_i says how many
// source words are complete, and the copy stalls before reading one that is not (then it takes
// longer, one cycle per stall); abort_i ends an abandoned stream's copy where it stands.
module fbmu_copy_engine #(
  parameter int MemBytes   = 131072,  // arena memory bytes (MEM_BYTES)
  parameter int StageBytes = 4096     // STAGING buffer bytes (MAX_IO)
) (
  input  logic                            clk_i,          // clock
  input  logic                            rst_ni,         // asynchronous reset, active low
  // Control
  input  logic                            start_i,        // start a copy (only while idle)
  input  logic                            write_i,        // 1: staging -> arena, 0: arena -> staging
  input  logic [$clog2(MemBytes)-1:0]     addr_i,         // arena byte address of transfer byte 0
  input  logic [$clog2(StageBytes):0]     len_i,          // bytes, 1 .. StageBytes
  output logic                            busy_o,         // copy running
  output logic                            head_o,         // destination word 0 is written
  input  logic [$clog2(StageBytes/8)+1:0] avail_i,        // source words readable (all ones: every word)
  input  logic                            abort_i,        // end the copy now (stream timeout)
  // Arena memory port
  output logic                            mem_req_o,      // access this cycle
  output logic                            mem_we_o,       // 1: write
  output logic [$clog2(MemBytes/8)-1:0]   mem_addr_o,     // word address
  output logic [fbmu_pkg::WordW-1:0]      mem_wdata_o,    // write data
  output logic [fbmu_pkg::WordW/8-1:0]    mem_be_o,       // byte enables
  input  logic [fbmu_pkg::WordW-1:0]      mem_rdata_i,    // read data (one cycle latency)
  // STAGING buffer ports
  output logic                            stg_re_o,       // read this cycle
  output logic [$clog2(StageBytes/8)-1:0] stg_raddr_o,    // read word address
  input  logic [fbmu_pkg::WordW-1:0]      stg_rdata_i,    // read data (one cycle latency)
  output logic                            stg_we_o,       // write this cycle
  output logic [$clog2(StageBytes/8)-1:0] stg_waddr_o,    // write word address
  output logic [fbmu_pkg::WordW-1:0]      stg_wdata_o,    // write data
  output logic [fbmu_pkg::WordW/8-1:0]    stg_be_o        // byte enables
);

  localparam int ByteAw = $clog2(MemBytes);
  localparam int WordAw = ByteAw - 3;
  localparam int LenW   = $clog2(StageBytes) + 1;
  localparam int SAw    = $clog2(StageBytes / 8);
  localparam int CntW   = SAw + 2;     // word counts up to StageBytes/8 + 2
  localparam int PosW   = CntW + 3;    // byte positions in the destination stream

  logic                       act_q, act_d;     // copy running
  logic                       wr_q, wr_d;       // direction: staging -> arena
  logic [WordAw-1:0]          abase_q, abase_d; // first arena word
  logic [2:0]                 ds_q, ds_d;       // byte offset of transfer byte 0 in destination word 0
  logic [2:0]                 sh_q, sh_d;       // window shift in bytes
  logic                       kadj_q, kadj_d;   // destination word of window step i: i (1) or i - 1 (0)
  logic [CntW-1:0]            nsrc_q, nsrc_d;   // source words to read
  logic [CntW-1:0]            ndst_q, ndst_d;   // destination words to write
  logic [LenW-1:0]            len_q, len_d;     // transfer bytes
  logic [CntW-1:0]            cyc_q, cyc_d;     // cycle in the copy
  logic [fbmu_pkg::WordW-1:0] prev_q, prev_d;   // previous source word
  logic                       head_q, head_d;   // destination word 0 written
  logic                       stp_q, stp_d;     // a window step was issued last cycle
  logic                       go;               // issue the next window step this cycle

  // Window stage signals
  logic [CntW-1:0]              step, kp1, k;
  logic                         win_valid, emit;
  logic [fbmu_pkg::WordW-1:0]   src_data, hi;
  logic [fbmu_pkg::WordW-1:0]   word;
  logic [fbmu_pkg::WordW/8-1:0] be;
  logic [PosW-1:0]              end_pos;
  logic [2:0]                   off;        // byte offset of transfer byte 0 in its arena word
  logic [WordAw-1:0]            addr_word;  // arena word of transfer byte 0
  logic [SAw-1:0]               cyc_stg;    // source STAGING word read this cycle
  logic [SAw-1:0]               k_stg;      // destination STAGING word written this cycle

  // Window stage: step i combines source word i (arriving now) with word i - 1 and forms
  // destination word k = i - 1 + kadj with its byte enables. Continuous assignments: these are
  // pure functions of the flops and the read data.
  // Step i (cycle count i) reads source word i, or, at i = nsrc, none (the flush of the window);
  // it waits until the source word is available. Each issued step is processed the next cycle.
  assign go        = act_q && (cyc_q <= nsrc_q) && (cyc_q < avail_i);
  assign step      = cyc_q - CntW'(1);
  assign win_valid = act_q && stp_q;
  assign src_data  = wr_q ? stg_rdata_i : mem_rdata_i;
  assign hi        = (step < nsrc_q) ? src_data : '0;
  // The 8 bytes from byte sh of {hi, prev}, with 64-bit shifts only. An aligned WRITE emits each
  // source word in the step that reads it (kadj), so a complete streamed word never waits for the
  // next one.
  assign word      = (sh_q == 3'd0) ? (kadj_q ? hi : prev_q)
                   : ((prev_q >> {sh_q, 3'd0}) | (hi << (7'd64 - 7'({sh_q, 3'd0}))));
  assign kp1       = step + CntW'(kadj_q);
  assign k         = kp1 - CntW'(1);
  assign emit      = win_valid && (kp1 != '0) && (kp1 <= ndst_q);
  assign end_pos   = PosW'(ds_q) + PosW'(len_q);
  assign off       = addr_i[2:0];
  assign addr_word = addr_i[ByteAw-1:3];
  assign cyc_stg   = cyc_q[SAw-1:0];
  assign k_stg     = k[SAw-1:0];

  // Byte enables: from ds in destination word 0, below end_pos in the last destination word.
  logic [CntW-1:0] k_last;  // last destination word
  assign k_last = CntW'((end_pos - PosW'(1)) >> 3);
  assign be     = ((k == '0) ? (8'hFF << ds_q) : 8'hFF) &
                  ((k == k_last) ? (8'hFF >> (3'd0 - end_pos[2:0])) : 8'hFF);

  always_comb begin
    act_d   = act_q;
    wr_d    = wr_q;
    abase_d = abase_q;
    ds_d    = ds_q;
    sh_d    = sh_q;
    kadj_d  = kadj_q;
    nsrc_d  = nsrc_q;
    ndst_d  = ndst_q;
    len_d   = len_q;
    cyc_d   = cyc_q;
    prev_d  = prev_q;
    head_d  = head_q;
    stp_d   = 1'b0;

    mem_req_o   = 1'b0;
    mem_we_o    = 1'b0;
    mem_addr_o  = abase_q;
    mem_wdata_o = '0;
    mem_be_o    = '0;
    stg_re_o    = 1'b0;
    stg_raddr_o = cyc_stg;
    stg_we_o    = 1'b0;
    stg_waddr_o = '0;
    stg_wdata_o = '0;
    stg_be_o    = '0;

    if (act_q) begin
      // Issue stage: read source word cyc.
      if (go && cyc_q < nsrc_q) begin
        if (wr_q) begin
          stg_re_o = 1'b1;
        end else begin
          mem_req_o  = 1'b1;
          mem_addr_o = abase_q + WordAw'(cyc_q);
        end
      end
      if (win_valid) prev_d = hi;
      if (emit) begin
        head_d = 1'b1;
        if (wr_q) begin
          mem_req_o   = 1'b1;
          mem_we_o    = 1'b1;
          mem_addr_o  = abase_q + WordAw'(k);
          mem_wdata_o = word;
          mem_be_o    = be;
        end else begin
          stg_we_o    = 1'b1;
          stg_waddr_o = k_stg;
          stg_wdata_o = word;
          stg_be_o    = be;
        end
      end
      if (go) cyc_d = cyc_q + CntW'(1);
      stp_d = go;
      if (win_valid && cyc_q == nsrc_q + CntW'(1)) act_d = 1'b0;
      if (abort_i) act_d = 1'b0;
    end else if (start_i) begin
      act_d   = 1'b1;
      wr_d    = write_i;
      abase_d = addr_word;
      len_d   = len_i;
      cyc_d   = '0;
      prev_d  = '0;
      head_d  = 1'b0;
      if (write_i) begin
        ds_d   = off;
        sh_d   = 3'd0 - off;                  // (8 - off) mod 8
        kadj_d = 1'b1;                        // destination word i from source words i-1, i
        nsrc_d = CntW'((PosW'(len_i) + PosW'(7)) >> 3);
        ndst_d = CntW'((PosW'(off) + PosW'(len_i) + PosW'(7)) >> 3);
      end else begin
        ds_d   = 3'd0;
        sh_d   = off;
        kadj_d = 1'b0;
        nsrc_d = CntW'((PosW'(off) + PosW'(len_i) + PosW'(7)) >> 3);
        ndst_d = CntW'((PosW'(len_i) + PosW'(7)) >> 3);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      act_q   <= 1'b0;
      wr_q    <= 1'b0;
      abase_q <= '0;
      ds_q    <= '0;
      sh_q    <= '0;
      kadj_q  <= 1'b0;
      nsrc_q  <= '0;
      ndst_q  <= '0;
      len_q   <= '0;
      cyc_q   <= '0;
      prev_q  <= '0;
      head_q  <= 1'b0;
      stp_q   <= 1'b0;
    end else begin
      act_q   <= act_d;
      wr_q    <= wr_d;
      abase_q <= abase_d;
      ds_q    <= ds_d;
      sh_q    <= sh_d;
      kadj_q  <= kadj_d;
      nsrc_q  <= nsrc_d;
      ndst_q  <= ndst_d;
      len_q   <= len_d;
      cyc_q   <= cyc_d;
      prev_q  <= prev_d;
      head_q  <= head_d;
      stp_q   <= stp_d;
    end
  end

  assign busy_o = act_q;
  assign head_o = head_q;

endmodule : fbmu_copy_engine
