// Facts of the simulation harness (sim/fbmu_sim.h): argument checks, configuration, many and
// concurrent simulations in one process, determinism, reset, time, platform port, tracing.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

using HarnessTest = SimTest;

TEST(Harness, NullSimGivesInvalidArgument) {
  EXPECT_EQ(fbmu_sim_bus(nullptr), nullptr);
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_reset(nullptr));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_time(nullptr, 5));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_advance_time(nullptr, 5));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_arena_size(nullptr, 4096));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_online(nullptr, 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_fence_clear(nullptr));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_inject_fault(nullptr, 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_reset_at(nullptr, 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_settle(nullptr, 10, nullptr));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_trace(nullptr, nullptr));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_time_raw(nullptr, 5));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_run(nullptr, 5));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_bus_stall(nullptr, 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_write32_strb(nullptr, 0, 0, 0xF));
  EXPECT_EQ(fbmu_sim_cycles(nullptr), 0u);
  EXPECT_EQ(fbmu_sim_time(nullptr), 0u);
  EXPECT_EQ(fbmu_sim_irq(nullptr), 0);
  EXPECT_EQ(fbmu_sim_bridge(nullptr), nullptr);
  fbmu_sim_destroy(nullptr);  // no effect
}

TEST(Harness, DefaultsComeFromTheVerilatedParameters) {
  fbmu_sim_t *s = fbmu_sim_create(nullptr);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(fbmu_sim_time(s), 0u);
  EXPECT_GT(fbmu_sim_cycles(s), 0u);  // reset and scrub ran
  EXPECT_EQ(fbmu_sim_idle(s), 1);
  const fbmu_bus_t *b = fbmu_sim_bus(s);
  uint32_t v = 0;
  ASSERT_OK(b->read32(b->ctx, FBMU_REG_CAP_MEM_BYTES, &v));
  EXPECT_EQ(v, fbmu_sim_mem_bytes(s));
  ASSERT_OK(b->read32(b->ctx, FBMU_REG_CAP_SLOTS, &v));
  EXPECT_EQ((v & FBMU_CAP_SLOTS_LEASE_SLOTS_MASK) >> FBMU_CAP_SLOTS_LEASE_SLOTS_SHIFT,
            fbmu_sim_lease_slots(s));
  fbmu_sim_destroy(s);
}

TEST(Harness, ConfigThatDisagreesWithTheVerilatedParametersGivesNull) {
  fbmu_sim_t *probe = fbmu_sim_create(nullptr);
  ASSERT_NE(probe, nullptr);
  const uint32_t mem = fbmu_sim_mem_bytes(probe), slots = fbmu_sim_lease_slots(probe);
  fbmu_sim_destroy(probe);

  fbmu_sim_config_t c{};
  c.mem_bytes = mem / 2;
  EXPECT_EQ(fbmu_sim_create(&c), nullptr);
  c.mem_bytes = 0;
  c.lease_slots = slots + 1;
  EXPECT_EQ(fbmu_sim_create(&c), nullptr);
  c.mem_bytes = mem;  // matching values are accepted
  c.lease_slots = slots;
  fbmu_sim_t *s = fbmu_sim_create(&c);
  EXPECT_NE(s, nullptr);
  fbmu_sim_destroy(s);
}

// Each simulation has its own VerilatedContext and its own bridge context handle: many of them
// one after another, and two alive at once, do not see each other.
TEST(Harness, ManySimulationsOneAfterAnotherInOneProcess) {
  for (int i = 0; i < 25; ++i) {
    fbmu_sim_config_t c{};
    c.id_seed = static_cast<uint64_t>(i);
    c.start_time = 100;
    fbmu_sim_t *s = fbmu_sim_create(&c);
    ASSERT_NE(s, nullptr) << i;
    fbmu_t *d = nullptr;
    ASSERT_OK(fbmu_open(fbmu_sim_bus(s), &d));
    ASSERT_OK(fbmu_hello(d));
    uint8_t buf[4] = {static_cast<uint8_t>(i), 1, 2, 3};
    ASSERT_OK(fbmu_write(d, 0, buf, 4));
    fbmu_lease_info_t info{};
    ASSERT_OK(fbmu_alloc(d, 0, 10, &info)) << i;
    EXPECT_EQ(info.expires_at_unix_secs, 110u);
    fbmu_close(d);
    fbmu_sim_destroy(s);
  }
}

TEST(Harness, TwoLiveSimulationsAreIndependent) {
  fbmu_sim_config_t ca{}, cb{};
  ca.id_seed = 1;
  cb.id_seed = 2;
  fbmu_sim_t *a = fbmu_sim_create(&ca);
  fbmu_sim_t *b = fbmu_sim_create(&cb);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  fbmu_t *da = nullptr, *db = nullptr;
  ASSERT_OK(fbmu_open(fbmu_sim_bus(a), &da));
  ASSERT_OK(fbmu_open(fbmu_sim_bus(b), &db));
  ASSERT_OK(fbmu_hello(da));
  ASSERT_OK(fbmu_hello(db));
  const uint8_t msg[8] = {'s', 'i', 'm', ' ', 'A', 0, 0, 1};
  ASSERT_OK(fbmu_write(da, 0, msg, 8));
  uint8_t got[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  uint32_t n = 0;
  ASSERT_OK(fbmu_read(db, 0, got, 8, &n));
  for (uint8_t x : got) EXPECT_EQ(x, 0);  // B's memory is untouched
  ASSERT_OK(fbmu_read(da, 0, got, 8, &n));
  EXPECT_EQ(0, memcmp(got, msg, 8));

  fbmu_lease_info_t la{}, lb{};
  ASSERT_OK(fbmu_alloc(da, 0, 10, &la));
  ASSERT_OK(fbmu_alloc(db, 0, 10, &lb));
  EXPECT_FALSE(same_id(la.lease_id, lb.lease_id));  // different seeds, different ids

  // Time is per simulation: expiring A's lease leaves B's alone.
  ASSERT_OK(fbmu_sim_advance_time(a, 10));
  fbmu_lease_info_t q{};
  ASSERT_OK(fbmu_query(da, la.lease_id, &q));
  EXPECT_EQ(q.status, FBMU_LEASE_EXPIRED);
  ASSERT_OK(fbmu_query(db, lb.lease_id, &q));
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_sim_irq(a), 1);
  EXPECT_EQ(fbmu_sim_irq(b), 0);

  // Destroying one leaves the other usable.
  fbmu_close(da);
  fbmu_sim_destroy(a);
  ASSERT_OK(fbmu_query(db, lb.lease_id, &q));
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
  fbmu_close(db);
  fbmu_sim_destroy(b);
}

// The same seed and the same calls give the same ids, results and cycle counts.
TEST(Harness, SameSeedGivesIdenticalIdsAndCycleCounts) {
  struct Run {
    std::vector<fbmu_lease_id_t> ids;
    std::vector<uint64_t> cycles;
  };
  auto run = [](uint64_t seed) {
    Run r;
    fbmu_sim_config_t c{};
    c.id_seed = seed;
    c.start_time = 5000;
    fbmu_sim_t *s = fbmu_sim_create(&c);
    EXPECT_NE(s, nullptr);
    if (!s) return r;
    r.cycles.push_back(fbmu_sim_cycles(s));
    fbmu_t *d = nullptr;
    EXPECT_OK(fbmu_open(fbmu_sim_bus(s), &d));
    for (int i = 0; i < 6; ++i) {
      fbmu_lease_info_t info{};
      EXPECT_OK(fbmu_alloc(d, 0, 10u + i, &info));
      r.ids.push_back(info.lease_id);
      const Bytes data = pattern(100, static_cast<uint32_t>(i));
      EXPECT_OK(fbmu_write_lease(d, info.lease_id, 3, data.data(), 100));
      r.cycles.push_back(fbmu_sim_cycles(s));
    }
    EXPECT_OK(fbmu_free(d, r.ids[2]));
    EXPECT_OK(fbmu_sim_advance_time(s, 12));
    r.cycles.push_back(fbmu_sim_cycles(s));
    fbmu_event_t ev{};
    while (fbmu_read_event(d, &ev) == FBMU_OK) r.cycles.push_back(fbmu_sim_cycles(s));
    fbmu_close(d);
    fbmu_sim_destroy(s);
    return r;
  };
  Run a = run(42), b = run(42), c = run(43);
  ASSERT_EQ(a.ids.size(), 6u);
  ASSERT_EQ(b.ids.size(), 6u);
  for (size_t i = 0; i < a.ids.size(); ++i) {
    EXPECT_TRUE(same_id(a.ids[i], b.ids[i])) << i;
    EXPECT_FALSE(same_id(a.ids[i], c.ids[i])) << i;
  }
  EXPECT_EQ(a.cycles, b.cycles);
}

// Reset abandons a running command: afterwards every lease is gone and every byte reads zero.
TEST_F(HarnessTest, ResetInTheMiddleOfACommandLeavesTheUnitConsistent) {
  ASSERT_OK(fbmu_hello(dev));
  const Bytes boot = pattern(256, 1);
  ASSERT_OK(fbmu_write(dev, 0, boot.data(), 256));
  fbmu_lease_info_t a = alloc_ok();  // lowest lease frame: the first one granted after reset too
  fbmu_lease_info_t b = alloc_ok();
  const Bytes old = pattern(4096, 2);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, old.data(), 4096));

  // A 4 KiB WRITE_LEASE into B, interrupted halfway through its copy.
  write_staging(pattern(4096, 3));
  write_id_args(b.lease_id);
  wr_ok(FBMU_REG_ARG_A_LO, 0);
  wr_ok(FBMU_REG_ARG_A_HI, 0);
  wr_ok(FBMU_REG_ARG_LEN, 4096);
  wr_ok(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE);
  ASSERT_TRUE(busy());
  ASSERT_OK(fbmu_sim_run(sim, 4096 / 8 / 2));
  ASSERT_EQ(fbmu_sim_idle(sim), 0) << "the command should still be running";
  ASSERT_OK(fbmu_sim_reset(sim));

  EXPECT_FALSE(busy());
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, a.lease_id, &info));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, b.lease_id, &info));
  uint64_t arena = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &arena));
  EXPECT_EQ(arena, 4096u);
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_write(dev, 0, "x", 1));  // session closed by reset
  ASSERT_OK(fbmu_hello(dev));
  EXPECT_TRUE(all_zero(read_boot_ok(0, 4096)));
  EXPECT_EQ(rd_ok(FBMU_REG_EVT_COUNT), 0u);
  for (uint32_t i = 0; i < fbmu_sim_lease_slots(sim); ++i) {
    fbmu_lease_info_t l = alloc_ok();
    EXPECT_TRUE(all_zero(read_lease_ok(l.lease_id, 0, 4096))) << "lease " << i;
  }
}

// A warm reset scheduled inside a driver call (fbmu_sim_reset_at) cuts the bus transaction in
// flight: the call gives DISCONNECTED, and once the scrub is done every lease is gone, memory reads
// zero, the reset epoch is one up and the new ids differ from the old ones (same seed).
TEST_F(HarnessTest, ResetInsideADriverCallGivesDisconnectedAndAFreshUnit) {
  fbmu_lease_info_t a = alloc_ok();
  const Bytes d = pattern(4096, 7);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, d.data(), 4096));
  EXPECT_EQ(rd_ok(FBMU_REG_RESET_EPOCH_LO), 0u);
  ASSERT_OK(fbmu_sim_reset_at(sim, fbmu_sim_cycles(sim) + 300));
  Bytes back(4096);
  uint32_t n = 0;
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read_lease(dev, a.lease_id, 0, back.data(), 4096, &n));
  EXPECT_EQ(fbmu_sim_resets_fired(sim), 1u);
  ASSERT_OK(fbmu_sim_settle(sim, 1000000, nullptr));
  EXPECT_EQ(rd_ok(FBMU_REG_RESET_EPOCH_LO), 1u);
  EXPECT_EQ(rd_ok(FBMU_REG_RESET_EPOCH_HI), 0u);
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, a.lease_id, &info));
  fbmu_lease_info_t b = alloc_ok();
  EXPECT_FALSE(same_id(a.lease_id, b.lease_id));
  EXPECT_TRUE(all_zero(read_lease_ok(b.lease_id, 0, 4096)));
  // A reset scheduled and cancelled never fires.
  ASSERT_OK(fbmu_sim_reset_at(sim, fbmu_sim_cycles(sim) + 10));
  ASSERT_OK(fbmu_sim_reset_at(sim, 0));
  ASSERT_OK(fbmu_sim_run(sim, 50));
  EXPECT_EQ(fbmu_sim_resets_fired(sim), 1u);
  EXPECT_EQ(status_of(b.lease_id), FBMU_LEASE_ACTIVE);
}

TEST_F(HarnessTest, SetTimeReturnsWithTheExpiryTeardownDone) {
  fbmu_lease_info_t l = alloc_ok(0, 50);
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, "abc", 3));
  EXPECT_EQ(fbmu_sim_irq(sim), 0);
  ASSERT_OK(fbmu_sim_set_time(sim, l.expires_at_unix_secs));
  EXPECT_EQ(fbmu_sim_idle(sim), 1);
  EXPECT_EQ(fbmu_sim_time(sim), l.expires_at_unix_secs);
  EXPECT_EQ(fbmu_sim_irq(sim), 1);
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, l.expires_at_unix_secs);
  EXPECT_EQ(fbmu_sim_irq(sim), 0);  // popped the only event
  EXPECT_EQ(rd_ok(FBMU_REG_RTC_LO), static_cast<uint32_t>(l.expires_at_unix_secs));
}

TEST_F(HarnessTest, AdvanceTimeSaturatesAtTheTopOfTheRtc) {
  ASSERT_OK(fbmu_sim_set_time(sim, UINT64_MAX - 5));
  ASSERT_OK(fbmu_sim_advance_time(sim, 100));
  EXPECT_EQ(fbmu_sim_time(sim), UINT64_MAX);
  EXPECT_EQ(rd_ok(FBMU_REG_RTC_HI), 0xFFFFFFFFu);
  EXPECT_EQ(rd_ok(FBMU_REG_RTC_LO), 0xFFFFFFFFu);
  // Backwards is allowed too.
  ASSERT_OK(fbmu_sim_set_time(sim, 7));
  EXPECT_EQ(rd_ok(FBMU_REG_RTC_LO), 7u);
}

TEST_F(HarnessTest, PlatformRequestsReturnTheUnitsResult) {
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_arena_size(sim, 100));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_arena_size(sim, 32));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_arena_size(sim, fbmu_sim_mem_bytes(sim)));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_arena_size(sim, uint64_t{1} << 40));
  EXPECT_OK(fbmu_sim_set_arena_size(sim, 1024));
  EXPECT_EQ(rd_ok(FBMU_REG_ARENA_SIZE), 1024u);
  fbmu_lease_info_t l = alloc_ok();
  EXPECT_RC(FBMU_E_UNSUPPORTED, fbmu_sim_set_arena_size(sim, 2048));  // a lease is live
  EXPECT_EQ(l.arena_size, 1024u);
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_inject_fault(sim, fbmu_sim_mem_bytes(sim) * 8u));
  EXPECT_OK(fbmu_sim_inject_fault(sim, FBMU_FAULT_CLEAR_ALL));
  EXPECT_OK(fbmu_sim_fence_clear(sim));
  EXPECT_EQ(fbmu_sim_idle(sim), 1);
}

TEST_F(HarnessTest, OfflineUnitAnswersDisconnected) {
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(fbmu_sim_set_online(sim, 0));
  EXPECT_EQ(rd_ok(FBMU_REG_STATUS) & FBMU_STATUS_ONLINE_MASK, 0u);
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_hello(dev));
  ASSERT_OK(fbmu_sim_set_online(sim, 1));
  uint8_t x = 0;
  uint32_t n = 0;
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read(dev, 0, &x, 1, &n));  // session closed while offline
  EXPECT_OK(fbmu_hello(dev));
}

TEST_F(HarnessTest, SettleIsBoundedAndCountsCycles) {
  uint64_t taken = 99;
  EXPECT_OK(fbmu_sim_settle(sim, 10, &taken));
  EXPECT_EQ(taken, 0u);  // already idle
  // A FREE of a 64 KiB lease keeps the unit busy longer than a 100-cycle bound.
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 65536));
  fbmu_lease_info_t l = alloc_ok();
  write_id_args(l.lease_id);
  wr_ok(FBMU_REG_CMD, FBMU_OP_FREE);
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_sim_settle(sim, 100, &taken));
  EXPECT_EQ(taken, 100u);
  EXPECT_OK(fbmu_sim_settle(sim, 100000, &taken));
  EXPECT_GT(taken, 0u);
  EXPECT_EQ(wait_result(), FBMU_OK);
}

bool file_starts_with(const std::string &path, const std::string &prefix, size_t *size) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  *size = s.size();
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string temp_dir() {
  char tmpl[] = "/tmp/fbmu_sim_trace_XXXXXX";
  const char *d = mkdtemp(tmpl);
  return d ? std::string(d) : std::string("/tmp");
}

TEST(Harness, TracesToFstAndVcdByExtension) {
  const std::string dir = temp_dir();
  const std::string fst = dir + "/create.fst", fst2 = dir + "/later.fst", vcd = dir + "/later.vcd";
  fbmu_sim_config_t c{};
  c.trace_path = fst.c_str();
  fbmu_sim_t *s = fbmu_sim_create(&c);
  ASSERT_NE(s, nullptr);
  uint32_t v = 0;
  ASSERT_OK(fbmu_sim_bus(s)->read32(fbmu_sim_bus(s)->ctx, FBMU_REG_ID, &v));
  ASSERT_OK(fbmu_sim_trace(s, nullptr));  // stop
  ASSERT_OK(fbmu_sim_run(s, 10));         // untraced
  ASSERT_OK(fbmu_sim_trace(s, fst2.c_str()));
  ASSERT_OK(fbmu_sim_run(s, 10));
  int vcd_rc = fbmu_sim_trace(s, vcd.c_str());  // switching files stops the first
  ASSERT_OK(fbmu_sim_bus(s)->read32(fbmu_sim_bus(s)->ctx, FBMU_REG_ID, &v));
  fbmu_sim_destroy(s);  // stops tracing too

  size_t size = 0;
  EXPECT_TRUE(file_starts_with(fst, "", &size));
  EXPECT_GT(size, 100u);
  EXPECT_TRUE(file_starts_with(fst2, "", &size));
  EXPECT_GT(size, 100u);
  if (vcd_rc == FBMU_E_UNSUPPORTED) {
    GTEST_SKIP() << "fst2vcd (GTKWave) not installed: no VCD traces";
  }
  ASSERT_OK(vcd_rc);
  EXPECT_TRUE(file_starts_with(vcd, "$date", &size));
  EXPECT_GT(size, 100u);
  struct stat st;
  EXPECT_NE(stat((vcd + ".fst").c_str(), &st), 0) << "the intermediate FST is removed";
  std::remove(fst.c_str());
  std::remove(fst2.c_str());
  std::remove(vcd.c_str());
  rmdir(dir.c_str());
}

TEST(Harness, UnwritableTracePathFailsCreate) {
  fbmu_sim_config_t c{};
  c.trace_path = "/nonexistent-dir/x.fst";
  EXPECT_EQ(fbmu_sim_create(&c), nullptr);
}

}  // namespace
}  // namespace fbmu_simtest
