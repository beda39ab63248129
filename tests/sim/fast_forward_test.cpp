// Fast-forward of fbmu_sim_run (sim/fbmu_sim.h): cycles of a unit at a fixed point are counted, not
// evaluated, and a run with it gives the same results, cycle counts and memory as a run that
// evaluates every cycle; it never skips over an RTC step, a lease expiry or bus traffic.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

struct Outcome {
  std::vector<int> rcs;
  std::vector<uint64_t> cycles;
  std::vector<uint8_t> mem;
  std::vector<uint8_t> read;
  uint64_t skipped = 0;
};

// Alloc, write, a long idle stretch with a lease expiring inside it (an RTC step scheduled in the
// middle), events, then another alloc and a read.
Outcome Scenario(bool fast) {
  Outcome r;
  fbmu_sim_config_t c{};
  c.id_seed = 77;
  c.start_time = 5000;
  fbmu_sim_t *s = fbmu_sim_create(&c);
  EXPECT_NE(s, nullptr);
  if (!s) return r;
  EXPECT_OK(fbmu_sim_set_fast_forward(s, fast ? 1 : 0));
  fbmu_t *dev = nullptr;
  EXPECT_OK(fbmu_open(fbmu_sim_bus(s), &dev));
  fbmu_lease_info_t a{}, b{};
  std::vector<uint8_t> data(4096);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<uint8_t>(i * 5 + 1);
  r.rcs.push_back(fbmu_alloc(dev, 4096, 10, &a));
  r.rcs.push_back(fbmu_alloc(dev, 4096, 1000, &b));
  r.rcs.push_back(fbmu_write_lease(dev, a.lease_id, 0, data.data(), 4096));
  r.rcs.push_back(fbmu_write_lease(dev, b.lease_id, 3, data.data(), 999));
  r.cycles.push_back(fbmu_sim_cycles(s));
  r.rcs.push_back(fbmu_sim_run(s, 50000));
  r.cycles.push_back(fbmu_sim_cycles(s));
  // Lease a ends at 5010: the step lands in the middle of the next run, which must tear it down.
  r.rcs.push_back(fbmu_sim_set_time_at(s, fbmu_sim_cycles(s) + 30000, 5020));
  r.rcs.push_back(fbmu_sim_run(s, 60000));
  r.cycles.push_back(fbmu_sim_cycles(s));
  EXPECT_EQ(fbmu_sim_idle(s), 1);
  r.rcs.push_back(fbmu_query(dev, a.lease_id, &a));
  r.rcs.push_back(a.status);
  fbmu_event_t ev{};
  r.rcs.push_back(fbmu_read_event(dev, &ev));
  r.rcs.push_back(ev.kind);
  r.read.resize(4096);
  uint32_t n = 0;
  r.rcs.push_back(fbmu_read_lease(dev, b.lease_id, 0, r.read.data(), 4096, &n));
  r.cycles.push_back(fbmu_sim_cycles(s));
  r.mem.resize(fbmu_sim_mem_bytes(s));
  EXPECT_OK(fbmu_sim_peek_mem(s, 0, r.mem.data(), static_cast<uint32_t>(r.mem.size())));
  r.skipped = fbmu_sim_skipped_cycles(s);
  fbmu_close(dev);
  fbmu_sim_destroy(s);
  return r;
}

TEST(FastForward, GivesTheSameRunAsEvaluatingEveryCycle) {
  Outcome slow = Scenario(false), fast = Scenario(true);
  EXPECT_EQ(slow.skipped, 0u);
  EXPECT_GT(fast.skipped, 100000u);  // most of the two idle stretches
  EXPECT_EQ(fast.rcs, slow.rcs);
  EXPECT_EQ(fast.cycles, slow.cycles);
  EXPECT_EQ(fast.read, slow.read);
  EXPECT_TRUE(fast.mem == slow.mem);
  // The expiry inside the skipped stretch was seen: lease a is EXPIRED and its event queued.
  ASSERT_EQ(fast.rcs.size(), 12u);
  EXPECT_EQ(fast.rcs[8], static_cast<int>(FBMU_LEASE_EXPIRED));
  EXPECT_EQ(fast.rcs[9], FBMU_OK);
  EXPECT_EQ(fast.rcs[10], static_cast<int>(FBMU_EVENT_EXPIRED));
  EXPECT_EQ(fast.rcs[11], FBMU_OK);
}

TEST(FastForward, SkipsNothingWhileTracing) {
  fbmu_sim_t *s = fbmu_sim_create(nullptr);
  ASSERT_NE(s, nullptr);
  char path[] = "/tmp/fbmu-ff-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  const std::string fst = std::string(path) + ".fst";
  ASSERT_OK(fbmu_sim_trace(s, fst.c_str()));
  ASSERT_OK(fbmu_sim_run(s, 5000));
  EXPECT_EQ(fbmu_sim_skipped_cycles(s), 0u);
  ASSERT_OK(fbmu_sim_trace(s, nullptr));
  ASSERT_OK(fbmu_sim_run(s, 5000));
  EXPECT_GT(fbmu_sim_skipped_cycles(s), 0u);
  fbmu_sim_destroy(s);
  std::remove(fst.c_str());
  std::remove(path);
}

}  // namespace
}  // namespace fbmu_simtest
