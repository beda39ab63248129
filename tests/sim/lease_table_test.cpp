// Lease-table properties only the RTL has (the model has no cycles and no counters):
// - End order kept without a counter: thousands of lease ends recycled through the unit's few
//   records, ended by FREE, by expiry and with failed zeroing, and each ALLOC forgets the lease
//   that ended first (spec section 4, record reuse). A wrapping end-sequence counter of n bits
//   would invert that order after 2^n ends; the RTL has none, and this test runs far past any small
//   n.
// - Expiry latency: an RTC step that ends no lease leaves the unit idle at once (one comparator
//   against the earliest expiry, no scan); one that ends a lease is torn down within the scan of
//   the records plus the zeroing bound of spec section 8 (arena_size/32 + 64 cycles per frame, at
//   three arena sizes).
// - The id search a command starts costs at most LEASE_SLOTS cycles.
#include <algorithm>
#include <deque>
#include <string>

#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

struct Ended {
  fbmu_lease_id_t id;
  uint8_t status;  // FBMU_LEASE_EXPIRED, _REVOKED or _FENCED
  bool fenced;     // frame still fenced: not recyclable until FENCE_CLEAR
};

using EndOrderTest = SimTest;

TEST_F(EndOrderTest, OldestEndedLeaseIsForgottenFirstAcrossThousandsOfEnds) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  const uint32_t live_n = slots - slots / 2;  // the other records hold ended leases
  const int kEnds = 2500;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 64));  // short teardowns

  // Round r steps the RTC to start + r + 1, and every lease lives live_n seconds, so in each round
  // the oldest live lease is the one due to end (by expiry, or by FREE just before the step).
  std::deque<fbmu_lease_id_t> live;
  std::deque<Ended> ended;
  for (uint32_t i = 0; i < slots - live_n; ++i) {  // the first ended leases: FREE
    fbmu_lease_info_t l = alloc_ok(0, 1000000);
    ASSERT_OK(fbmu_free(dev, l.lease_id));
    ended.push_back({l.lease_id, FBMU_LEASE_REVOKED, false});
  }
  for (uint32_t k = 0; k < live_n; ++k) live.push_back(alloc_ok(0, k + 1).lease_id);

  int recycled = 0, fenced_skips = 0;
  for (int round = 0; round < kEnds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // End the oldest live lease.
    const fbmu_lease_id_t victim = live.front();
    live.pop_front();
    const bool fence = (round % 97) == 40;
    if (fence) {
      ASSERT_NO_FATAL_FAILURE(stick_cell_of(victim));  // repaired once it is fenced
    }
    if (round % 3 == 0) {
      ASSERT_OK(fbmu_free(dev, victim));
      ASSERT_OK(fbmu_sim_advance_time(sim, 1));
      ended.push_back(
          {victim, static_cast<uint8_t>(fence ? FBMU_LEASE_FENCED : FBMU_LEASE_REVOKED), fence});
    } else {
      ASSERT_OK(fbmu_sim_advance_time(sim, 1));  // the victim reaches its expiry now
      ended.push_back(
          {victim, static_cast<uint8_t>(fence ? FBMU_LEASE_FENCED : FBMU_LEASE_EXPIRED), fence});
    }
    ASSERT_EQ(status_of(victim), ended.back().status);
    if (fence) {
      ASSERT_NO_FATAL_FAILURE(repair_cells());
    }
    if ((round % 97) == 70) {
      ASSERT_OK(fbmu_sim_fence_clear(sim));
      for (Ended &e : ended) e.fenced = false;
    }

    // ALLOC takes the oldest ended lease whose frame is not fenced.
    auto oldest = ended.begin();
    while (oldest != ended.end() && oldest->fenced) ++oldest;
    ASSERT_NE(oldest, ended.end());
    if (oldest != ended.begin()) fenced_skips++;
    const fbmu_lease_id_t forgotten = oldest->id;
    ended.erase(oldest);
    fbmu_lease_info_t fresh{};
    ASSERT_OK(fbmu_alloc(dev, 0, live_n, &fresh));
    live.push_back(fresh.lease_id);
    recycled++;

    fbmu_lease_info_t q{};
    ASSERT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, forgotten, &q))
        << "the oldest ended lease was kept";
    for (const Ended &e : ended) {
      ASSERT_OK(fbmu_query(dev, e.id, &q)) << "a younger ended lease was forgotten";
      ASSERT_EQ(q.status, e.status);
    }
    for (const fbmu_lease_id_t &id : live) ASSERT_EQ(status_of(id), FBMU_LEASE_ACTIVE);
  }
  EXPECT_EQ(recycled, kEnds);
  EXPECT_GT(fenced_skips, 0) << "no round recycled past a fenced record";
  RecordProperty("lease_ends", std::to_string(kEnds + slots - live_n));
}

using ExpiryLatencyTest = SimTest;

TEST_F(ExpiryLatencyTest, StepThatEndsNoLeaseLeavesTheUnitIdleAndOneThatDoesIsBounded) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  uint64_t arena = 4096;  // a frame per record (and the bootstrap frame)
  while (arena > 64 && fbmu_sim_mem_bytes(sim) / arena < uint64_t{slots} + 1) arena /= 2;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, arena));
  // Every record holds a lease; the last record's lease ends first, so the scan finds it last.
  std::vector<fbmu_lease_info_t> l;
  for (uint32_t i = 0; i < slots; ++i) l.push_back(alloc_ok(0, i + 1 == slots ? 10 : 100));
  ASSERT_OK(fbmu_sim_settle(sim, 1000, nullptr));

  // One second short of the first expiry, and backwards: nothing to do, idle without a cycle.
  ASSERT_OK(fbmu_sim_set_time_raw(sim, kStartTime + 9));
  EXPECT_TRUE(fbmu_sim_idle(sim)) << "an RTC step that ends no lease kept the unit busy";
  ASSERT_OK(fbmu_sim_set_time_raw(sim, kStartTime - 500));
  EXPECT_TRUE(fbmu_sim_idle(sim));
  ASSERT_OK(fbmu_sim_run(sim, 2));
  EXPECT_TRUE(fbmu_sim_idle(sim));

  // The step that ends the last record's lease: busy at once, idle within the bound.
  ASSERT_OK(fbmu_sim_set_time_raw(sim, kStartTime + 10));
  EXPECT_FALSE(fbmu_sim_idle(sim)) << "the unit did not see the expiry";
  uint64_t taken = 0;
  const uint64_t bound = slots + arena / 32 + 64;
  ASSERT_OK(fbmu_sim_settle(sim, 4 * bound, &taken));
  EXPECT_LE(taken, bound) << "scan of " << slots << " records plus zeroing took too long";
  RecordProperty("expiry_step_to_idle_cycles", std::to_string(taken));
  EXPECT_EQ(status_of(l.back().lease_id), FBMU_LEASE_EXPIRED);
  for (uint32_t i = 0; i + 1 < slots; ++i) EXPECT_EQ(status_of(l[i].lease_id), FBMU_LEASE_ACTIVE);
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_TRUE(same_id(ev.lease_id, l.back().lease_id));
  EXPECT_EQ(ev.time_unix_secs, kStartTime + 10);
}

// Zeroing runs a row of 32 bytes a cycle with its read-back pipelined (spec section 8): the
// teardown of a frame ends within the expiry scan plus arena_size/32 + 64 cycles, at the smallest,
// the default and the largest arena size; it writes every row (at least arena_size/32 cycles), and
// the ended lease's bytes are gone from memory.
TEST_F(ExpiryLatencyTest, TeardownOfAFrameTakesAtMostArenaSizeOver32Plus64Cycles) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  const uint64_t mem = fbmu_sim_mem_bytes(sim);
  uint64_t now = kStartTime;
  for (uint64_t arena : {uint64_t{64}, uint64_t{4096}, mem / 2}) {
    SCOPED_TRACE("arena " + std::to_string(arena));
    ASSERT_OK(fbmu_sim_set_arena_size(sim, arena));
    fbmu_lease_info_t l = alloc_ok(0, 10);
    const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(arena, 4096));
    ASSERT_OK(fbmu_write_lease(dev, l.lease_id, arena - n, Bytes(n, 0xA5).data(), n));
    ASSERT_OK(fbmu_sim_settle(sim, 1000, nullptr));

    now += 10;
    ASSERT_OK(fbmu_sim_set_time_raw(sim, now));
    EXPECT_FALSE(fbmu_sim_idle(sim)) << "the unit did not see the expiry";
    uint64_t taken = 0;
    const uint64_t bound = slots + arena / 32 + 64;
    ASSERT_OK(fbmu_sim_settle(sim, 4 * bound, &taken));
    EXPECT_LE(taken, bound) << "scan of " << slots << " records plus zeroing took too long";
    EXPECT_GE(taken, arena / 32) << "the teardown ended before every row could be zeroed";
    EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
    RecordProperty("teardown_cycles_arena_" + std::to_string(arena), std::to_string(taken));
    Bytes m(static_cast<size_t>(mem));
    ASSERT_OK(fbmu_sim_peek_mem(sim, 0, m.data(), static_cast<uint32_t>(mem)));
    EXPECT_TRUE(all_zero(m)) << "the ended lease's bytes are still in memory";
  }
}

TEST_F(ExpiryLatencyTest, IdSearchOfACommandTakesAtMostOneCyclePerRecord) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  std::vector<fbmu_lease_info_t> l;
  for (uint32_t i = 0; i < slots; ++i) l.push_back(alloc_ok());
  // QUERY of the first and of the last record: the command's cycles differ by the search only.
  uint64_t c[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    write_id_args(k == 0 ? l.front().lease_id : l.back().lease_id);
    const uint64_t c0 = fbmu_sim_cycles(sim);
    wr_ok(FBMU_REG_CMD, FBMU_OP_QUERY);
    ASSERT_EQ(wait_result(), FBMU_OK);
    c[k] = fbmu_sim_cycles(sim) - c0;
  }
  EXPECT_LE(c[1], c[0] + slots) << "the search of " << slots << " records took longer";
  RecordProperty("query_first_record_cycles", std::to_string(c[0]));
  RecordProperty("query_last_record_cycles", std::to_string(c[1]));
}

}  // namespace
}  // namespace fbmu_simtest
