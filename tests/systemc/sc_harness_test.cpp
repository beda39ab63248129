// What is particular to the fbmu_sim.h API under SystemC (sim/systemc/fbmu_sim_sc.cpp): cycles are
// simulated time on the SimTop's clock, one simulation per elaborated top (created again, it is
// reset), no waveforms, and calls that would wait fail cleanly outside an SC_THREAD. Run with
// sc_gtest_main.cpp (one SimTop); everything else about the harness is the shared tests/sim suite.
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn
#include <gtest/gtest.h>

#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "sc_top.h"

namespace {

fbmu_sim_t *Create(uint64_t seed = 7, uint64_t start = 1000) {
  fbmu_sim_config_t c{};
  c.id_seed = seed;
  c.start_time = start;
  return fbmu_sim_create(&c);
}

TEST(ScHarness, CyclesAreSimulatedTimeOnTheClock) {
  fbmu_sim_t *s = Create();
  ASSERT_NE(s, nullptr);
  const uint64_t c0 = fbmu_sim_cycles(s);
  const sc_core::sc_time t0 = sc_core::sc_time_stamp();
  ASSERT_EQ(fbmu_sim_run(s, 1000), FBMU_OK);
  EXPECT_EQ(fbmu_sim_cycles(s) - c0, 1000u);
  EXPECT_EQ(sc_core::sc_time_stamp() - t0, 1000 * fbmu_sc::ClockPeriod());
  // Back-to-back bus transactions: two cycles each, as on the C++ harness.
  const fbmu_bus_t *bus = fbmu_sim_bus(s);
  uint32_t v = 0;
  const uint64_t c1 = fbmu_sim_cycles(s);
  for (int i = 0; i < 10; i++) ASSERT_EQ(bus->read32(bus->ctx, FBMU_REG_ID, &v), FBMU_OK);
  EXPECT_EQ(fbmu_sim_cycles(s) - c1, 20u);
  EXPECT_EQ(sc_core::sc_time_stamp() - t0, 1020 * fbmu_sc::ClockPeriod());
  fbmu_sim_destroy(s);
}

TEST(ScHarness, OneSimulationPerTopAndCreateResetsIt) {
  fbmu_sim_t *a = Create();
  ASSERT_NE(a, nullptr);
  const uint64_t reset_cycles = fbmu_sim_cycles(a);  // counted from the create
  EXPECT_GT(reset_cycles, 0u);
  EXPECT_EQ(Create(), nullptr);  // the only top is taken
  fbmu_t *dev = nullptr;
  ASSERT_EQ(fbmu_open(fbmu_sim_bus(a), &dev), FBMU_OK);
  fbmu_lease_info_t first{};
  ASSERT_EQ(fbmu_alloc(dev, 100, 60, &first), FBMU_OK);
  fbmu_close(dev);
  fbmu_sim_destroy(a);

  fbmu_sim_t *b = Create();  // the same top, reset with the same seed: the same first id again
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(fbmu_sim_cycles(b), reset_cycles);
  ASSERT_EQ(fbmu_open(fbmu_sim_bus(b), &dev), FBMU_OK);
  fbmu_lease_info_t again{};
  ASSERT_EQ(fbmu_alloc(dev, 100, 60, &again), FBMU_OK);
  EXPECT_EQ(again.lease_id.hi, first.lease_id.hi);
  EXPECT_EQ(again.lease_id.lo, first.lease_id.lo);
  uint32_t pending = 99, dropped = 99;
  ASSERT_EQ(fbmu_event_count(dev, &pending, &dropped), FBMU_OK);
  EXPECT_EQ(pending, 0u);
  fbmu_close(dev);
  fbmu_sim_destroy(b);
}

TEST(ScHarness, WaveformsAreUnsupported) {
  fbmu_sim_config_t c{};
  c.trace_path = "sc.fst";
  EXPECT_EQ(fbmu_sim_create(&c), nullptr);
  fbmu_sim_t *s = Create();
  ASSERT_NE(s, nullptr);  // the failed create did not keep the top
  EXPECT_EQ(fbmu_sim_trace(s, "sc.fst"), FBMU_E_UNSUPPORTED);
  EXPECT_EQ(fbmu_sim_trace(s, nullptr), FBMU_OK);
  EXPECT_EQ(fbmu_sim_trace_window(s, 10, 20), FBMU_E_UNSUPPORTED);
  fbmu_sim_destroy(s);
}

TEST(ScHarness, PlatformTableDrivesTheTop) {
  fbmu_sim_t *s = Create();
  ASSERT_NE(s, nullptr);
  const fbmu_platform_t *p = fbmu_sim_platform(s);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->set_time(p->ctx, 5000), FBMU_OK);
  EXPECT_EQ(fbmu_sim_time(s), 5000u);
  EXPECT_EQ(p->advance_time(p->ctx, 5), FBMU_OK);
  EXPECT_EQ(p->now(p->ctx), 5005u);
  EXPECT_EQ(p->set_arena_size(p->ctx, 3000), FBMU_E_INVALID_ARGUMENT);  // not a power of two
  EXPECT_EQ(p->set_arena_size(p->ctx, 8192), FBMU_OK);
  EXPECT_EQ(p->reset(p->ctx), FBMU_OK);
  fbmu_sim_destroy(s);
}

// An SC_METHOD cannot wait: what would wait fails, nothing hangs, the thread carries on.
TEST(ScHarness, CallsThatWaitFailOutsideAThread) {
  fbmu_sim_t *s = Create();
  ASSERT_NE(s, nullptr);
  int run_rc = 0, settle_rc = 0, read_rc = 0;
  bool created = true;
  sc_core::sc_event done;
  sc_core::sc_spawn_options opt;
  opt.spawn_method();
  sc_core::sc_spawn(
      [&] {
        run_rc = fbmu_sim_run(s, 10);
        settle_rc = fbmu_sim_settle(s, 10, nullptr);
        uint32_t v = 0;
        const fbmu_bus_t *bus = fbmu_sim_bus(s);
        read_rc = bus->read32(bus->ctx, FBMU_REG_ID, &v);
        fbmu_sim_destroy(s);
        fbmu_sim_t *other = Create();
        created = other != nullptr;
        done.notify();
      },
      "no_wait", &opt);
  sc_core::wait(done);
  EXPECT_EQ(run_rc, FBMU_E_UNSUPPORTED);
  EXPECT_EQ(settle_rc, FBMU_E_UNSUPPORTED);
  EXPECT_EQ(read_rc, FBMU_E_UNSUPPORTED);
  EXPECT_FALSE(created);
  // The top is free again and works from this thread.
  fbmu_sim_t *t = Create();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(fbmu_sim_run(t, 3), FBMU_OK);
  fbmu_sim_destroy(t);
}

}  // namespace
