// Lockstep fixture: one checker (RTL + golden model) per test, and assertions that print the
// checker's divergence report when a call diverges. WAVES=1 traces each test's first checker.
#ifndef FBMU_TESTS_LOCKSTEP_FIXTURE_H
#define FBMU_TESTS_LOCKSTEP_FIXTURE_H

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fbmu_model.h"
#include "lockstep.h"
#include "opgen.h"
#include "runner.h"  // BusSeedFor

namespace fbmu_lockstep_test {

constexpr uint64_t kStartTime = 1000000;

#ifndef FBMU_COSIM_BIN
#define FBMU_COSIM_BIN "fbmu-cosim"
#endif

// The fbmu-cosim command that runs the same op stream as RunRandom(seed, ops) after Open(seed).
inline std::string ReproduceCommand(uint64_t seed, uint64_t ops) {
  return std::string(FBMU_COSIM_BIN) + " --seed " + std::to_string(seed) + " --ops " +
         std::to_string(ops) + " --start-time " + std::to_string(kStartTime);
}

// Runs a call that both sides must agree on and that must give `expected`.
#define LS_EXPECT(expected, call)                                                            \
  do {                                                                                       \
    int ls_rc_ = (call);                                                                     \
    ASSERT_NE(ls_rc_, FBMU_LOCKSTEP_DIVERGED) << #call << "\n" << fbmu_lockstep_report(ls_); \
    EXPECT_EQ(ls_rc_, (expected)) << #call << ": " << fbmu_strerror(ls_rc_);                 \
  } while (0)
#define LS_OK(call) LS_EXPECT(FBMU_OK, call)

// WAVES=1 (or fst, vcd): <repo>/traces/<Suite>.<Test>.fst (.vcd) for the running test; else "".
inline std::string WavesTracePath() {
  const char *waves = std::getenv("WAVES");
  if (waves == nullptr || *waves == '\0' || std::string(waves) == "0") return std::string();
  const std::string here = __FILE__;  // <repo>/tests/lockstep/lockstep_fixture.h
  const size_t at = here.rfind("/tests/");
  const std::string folder = at == std::string::npos ? "traces" : here.substr(0, at) + "/traces";
  mkdir(folder.c_str(), 0777);
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "lockstep";
  for (char &c : name)
    if (c == '/') c = '_';
  return folder + "/" + name + (std::string(waves) == "vcd" ? ".vcd" : ".fst");
}

// The bit address of a stuck cell in lease id's frame (bit 3 of its byte 5), as the model placed
// it; the checker compares every lease's data, so the RTL holds it in the same frame.
inline uint32_t StuckBitOf(fbmu_lockstep_t *ls, fbmu_lease_id_t id) {
  uint32_t frame = 0;
  EXPECT_EQ(fbmu_model_lease_frame(fbmu_lockstep_model(ls), id, &frame), FBMU_OK);
  const uint64_t arena = fbmu_lockstep_arena_size(ls);
  return static_cast<uint32_t>((frame * arena + 5u) * 8u + 3u);
}

class LockstepFixture : public ::testing::Test {
 protected:
  // The checker SetUp opens is traced under WAVES=1; the long random runs (Open again) are not:
  // trace a window of those with the printed fbmu-cosim command and --trace-from / --trace-to.
  void SetUp() override { Open(0x5EED0001ull, true); }
  void TearDown() override { fbmu_lockstep_destroy(ls_); }

  // bus_seed: the RTL bus master's random shapes (0: in order).
  void Open(uint64_t id_seed, bool waves = false, uint32_t bus_seed = 0) {
    fbmu_lockstep_destroy(ls_);
    ls_ = nullptr;
    fbmu_lockstep_config_t cfg{};
    cfg.id_seed = id_seed;
    cfg.bus_seed = bus_seed;
    cfg.start_time = kStartTime;
    trace_ = waves ? WavesTracePath() : std::string();
    cfg.trace_path = trace_.empty() ? nullptr : trace_.c_str();
    ls_ = fbmu_lockstep_create(&cfg);
    ASSERT_NE(ls_, nullptr) << "could not create the RTL simulation and the model";
  }

  // Random ops until a divergence or `ops` ops; returns the number run.
  uint64_t RunRandom(uint64_t seed, uint64_t ops) {
    fbmu_opgen_config_t gc{};
    gc.id_seed = seed;
    gc.mem_bytes = fbmu_sim_mem_bytes(fbmu_lockstep_sim(ls_));  // the Verilated configuration
    gc.lease_slots = fbmu_sim_lease_slots(fbmu_lockstep_sim(ls_));
    fbmu_opgen_t *g = fbmu_opgen_create(seed, &gc);
    uint64_t n = 0;
    while (n < ops) {
      n++;
      if (fbmu_opgen_step(g, ls_, nullptr) == FBMU_LOCKSTEP_DIVERGED) break;
    }
    fbmu_opgen_destroy(g);
    return n;
  }

  // Spec 3, "A time step during a platform request": lease *a's frame fenced (a stuck cell, then
  // every fault removed), lease *b live with a stuck cell in its frame, then a time step to b's
  // expiry published 8 cycles into a FENCE_CLEAR, while the clear zeroes a's frame (4 KiB: 128
  // cycles), so the scan marks b while the request holds the memory. *rc: the clear's result.
  void FenceClearWithAStepToAnExpiry(fbmu_lease_info_t *a, fbmu_lease_info_t *b, int *rc) {
    LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, a));
    LS_OK(fbmu_lockstep_alloc(ls_, 4096, 10, b));
    LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, a->lease_id)));
    LS_OK(fbmu_lockstep_free(ls_, a->lease_id));  // its zeroing fails: a's frame is fenced
    LS_OK(fbmu_lockstep_inject_fault(ls_, FBMU_FAULT_CLEAR_ALL));
    LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, b->lease_id)));
    LS_OK(fbmu_lockstep_step_in_plat(ls_, b->expires_at_unix_secs - fbmu_lockstep_now(ls_), 8));
    *rc = fbmu_lockstep_fence_clear(ls_);
  }

  fbmu_lockstep_t *ls_ = nullptr;
  std::string trace_;
};

// The suite on the correct RTL (directed and regression cases share it).
class LockstepTest : public LockstepFixture {
 protected:
  // One regression seed: `ops` random ops must all agree, and reach the interesting places. The
  // bus master runs random shapes from the seed, as fbmu-cosim does by default.
  void RunSeed(uint64_t seed, uint64_t ops) {
    Open(seed, false, fbmu_cosim::BusSeedFor(seed));
    uint64_t ran = RunRandom(seed, ops);
    fbmu_lockstep_stats_t st;
    fbmu_lockstep_get_stats(ls_, &st);
    ASSERT_FALSE(fbmu_lockstep_diverged(ls_))
        << fbmu_lockstep_report(ls_) << "reproduce: " << ReproduceCommand(seed, ran)
        << "\n(it writes a failure bundle: shrunk op script, trace, and the gtkwave command)";
    EXPECT_EQ(st.ops, ops);
    EXPECT_GT(st.rc_hist[FBMU_LS_ALLOC][0], 0u);
    EXPECT_GT(st.rc_hist[FBMU_LS_READ_LEASE][0], 0u);
    EXPECT_GT(st.rc_hist[FBMU_LS_WRITE_LEASE][-FBMU_E_OUT_OF_RANGE], 0u);
    EXPECT_GT(st.rc_hist[FBMU_LS_READ_EVENT][0], 0u);
    EXPECT_GT(st.teardowns, 0u);
    RecordProperty("cycles", std::to_string(st.cycles));
  }
};

}  // namespace fbmu_lockstep_test

#endif  // FBMU_TESTS_LOCKSTEP_FIXTURE_H
