// FBMU lockstep PRNG: xoshiro256** seeded through splitmix64. Small, fast, the same on every
// machine, so a seed names one op stream and one write-data pattern everywhere.
#ifndef FBMU_LOCKSTEP_RNG_H
#define FBMU_LOCKSTEP_RNG_H

#include <cstdint>

namespace fbmu_ops {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto &w : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    const uint64_t r = rotl(s_[1] * 5u, 7) * 9u;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  // Uniform in [lo, hi] (inclusive); hi >= lo.
  uint64_t range(uint64_t lo, uint64_t hi) {
    uint64_t span = hi - lo;
    if (span == UINT64_MAX) return next();
    return lo + next() % (span + 1u);
  }
  unsigned permille() { return static_cast<unsigned>(next() % 1000u); }
  bool chance(unsigned percent) { return next() % 100u < percent; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace fbmu_ops

#endif  // FBMU_LOCKSTEP_RNG_H
