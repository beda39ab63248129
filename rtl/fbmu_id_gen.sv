// Lease id generator: 4-round Feistel permutation of a counter, keyed by splitmix64 (spec section 5).
//
// After reset it derives the four round keys from the seed sampled during reset, then keeps the id
// for the current counter value ready (valid_o). Taking it (next_i) advances the counter and starts
// the next id. One 64x64 multiply per cycle: a key or a round takes two cycles, an id about nine.
//
// The Feistel input is {L = reset epoch, R = counter}. The epoch counts warm resets (rst_ni) since
// power-on (por_ni): it lives in the power-on domain, so a warm reset, which restarts the counter,
// never repeats an (epoch, counter) pair, and the ids after it differ from every id before it even
// with the same seed.
module fbmu_id_gen (
  input  logic                       clk_i,    // clock
  input  logic                       por_ni,   // power-on reset, active low: epoch back to 0
  input  logic                       rst_ni,   // asynchronous warm reset, active low
  input  logic [fbmu_pkg::SeedW-1:0] seed_i,   // key seed, sampled on clock edges while rst_ni is low
  input  logic                       next_i,   // the current id was issued: move to the next counter value
  output logic                       valid_o,  // id_o holds the id of the current counter value
  output logic [fbmu_pkg::IdW-1:0]   id_o,     // {hi = L, lo = R}
  output logic [fbmu_pkg::SeedW-1:0] epoch_o   // warm resets since power-on
);

  localparam logic [fbmu_pkg::SeedW-1:0] Golden = 64'h9E3779B97F4A7C15;
  localparam logic [fbmu_pkg::SeedW-1:0] Mul1   = 64'hBF58476D1CE4E5B9;
  localparam logic [fbmu_pkg::SeedW-1:0] Mul2   = 64'h94D049BB133111EB;

  typedef enum logic [2:0] {
    IdKeyA,    // splitmix step: s += Golden, first multiply of mix(s)
    IdKeyB,    // second multiply of mix(s): one round key done
    IdRoundA,  // first multiply of F(R, k)
    IdRoundB,  // second multiply of F(R, k): one Feistel round done
    IdCheck,   // skip a counter whose id is 0
    IdReady    // id_o valid
  } id_state_e;

  id_state_e    state_q, state_d;
  // splitmix64 state s plus Golden: the value s takes at its next step, added a step ahead (and to
  // the seed in reset) so that no adder sits in front of the multiplier
  logic [fbmu_pkg::SeedW-1:0] sg_q, sg_d;
  logic [255:0]               key_q, key_d;      // round keys k3..k0
  logic [1:0]                 idx_q, idx_d;      // key or round index
  logic [fbmu_pkg::SeedW-1:0] t_q, t_d;          // first half of mix()
  logic [fbmu_pkg::SeedW-1:0] l_q, l_d;          // Feistel halves
  logic [fbmu_pkg::SeedW-1:0] r_q, r_d;
  logic [fbmu_pkg::SeedW-1:0] ctr_q, ctr_d;      // counter of the id being computed or ready
  logic [fbmu_pkg::SeedW-1:0] epoch_q, epoch_d;  // warm resets since power-on (power-on domain)
  logic                       armed_q, armed_d;  // rst_ni was high since the last count

  // The single multiplier: its operands depend on state only (first or second half of mix()).
  logic [fbmu_pkg::SeedW-1:0] mul_a, mul_b, prod, mix_in, mix_out;

  always_comb begin
    mix_in = (state_q == IdKeyA) ? sg_q : r_q ^ key_q[64*idx_q +: 64];
    if (state_q == IdKeyA || state_q == IdRoundA) begin
      mul_a = mix_in ^ (mix_in >> 30);
      mul_b = Mul1;
    end else begin
      mul_a = t_q ^ (t_q >> 27);
      mul_b = Mul2;
    end
    prod    = mul_a * mul_b;
    mix_out = prod ^ (prod >> 31);
  end

  always_comb begin
    state_d = state_q;
    sg_d    = sg_q;
    key_d   = key_q;
    idx_d   = idx_q;
    t_d     = t_q;
    l_d     = l_q;
    r_d     = r_q;
    ctr_d   = ctr_q;

    case (state_q)
      IdKeyA: begin
        sg_d    = sg_q + Golden;  // s += Golden (s is now sg_q)
        t_d     = prod;
        state_d = IdKeyB;
      end
      IdKeyB: begin
        key_d[64*idx_q +: 64] = mix_out;
        idx_d                 = idx_q + 2'd1;
        state_d               = IdKeyA;
        if (idx_q == 2'd3) begin
          l_d     = epoch_q;
          r_d     = ctr_q;
          state_d = IdRoundA;
        end
      end
      IdRoundA: begin
        t_d     = prod;
        state_d = IdRoundB;
      end
      IdRoundB: begin
        l_d     = r_q;
        r_d     = l_q ^ mix_out;
        idx_d   = idx_q + 2'd1;
        state_d = IdRoundA;
        if (idx_q == 2'd3) state_d = IdCheck;
      end
      IdCheck: begin
        state_d = IdReady;
        if (l_q == '0 && r_q == '0) begin
          ctr_d   = ctr_q + 64'd1;
          l_d     = epoch_q;
          r_d     = ctr_q + 64'd1;
          state_d = IdRoundA;
        end
      end
      IdReady: begin
        if (next_i) begin
          ctr_d   = ctr_q + 64'd1;
          l_d     = epoch_q;
          r_d     = ctr_q + 64'd1;
          state_d = IdRoundA;
        end
      end
      default: state_d = IdKeyA;
    endcase
  end

  // The seed is loaded synchronously while reset is held (the clock runs during reset), so the
  // splitmix64 state is a plain register with a constant-free reset path, as synthesis wants.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) sg_q <= seed_i + Golden;
    else         sg_q <= sg_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= IdKeyA;
      key_q   <= '0;
      idx_q   <= '0;
      t_q     <= '0;
      l_q     <= '0;
      r_q     <= '0;
      ctr_q   <= 64'd1;
    end else begin
      state_q <= state_d;
      key_q   <= key_d;
      idx_q   <= idx_d;
      t_q     <= t_d;
      l_q     <= l_d;
      r_q     <= r_d;
      ctr_q   <= ctr_d;
    end
  end

  // ---- Reset epoch (power-on domain)
  // Counts each warm reset once: on the first clock edge with rst_ni low after rst_ni was high. The
  // clock runs during reset (the seed is sampled the same way). The warm reset that ends power-on
  // (rst_ni low while por_ni is) is not counted: the epoch is 0 after power-on.
  always_comb begin
    epoch_d = epoch_q;
    armed_d = rst_ni;
    if (!rst_ni && armed_q) epoch_d = epoch_q + 64'd1;
  end

  always_ff @(posedge clk_i or negedge por_ni) begin
    if (!por_ni) begin
      epoch_q <= '0;
      armed_q <= 1'b0;
    end else begin
      epoch_q <= epoch_d;
      armed_q <= armed_d;
    end
  end

  assign epoch_o = epoch_q;
  assign valid_o = (state_q == IdReady);
  assign id_o    = {l_q, r_q};

endmodule : fbmu_id_gen
