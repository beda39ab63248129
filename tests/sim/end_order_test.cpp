// End order kept without a counter: thousands of lease ends recycled through the unit's few records,
// ended by FREE, by expiry and with failed zeroing, and each ALLOC forgets the ended lease that
// ended first (spec section 4, record reuse). A wrapping end-sequence counter of n bits would
// invert that order after 2^n ends; the RTL has none, and this test runs far past any small n.
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
    if (fence) ASSERT_OK(fbmu_sim_inject_zero_fail(sim, 1));
    if (round % 3 == 0) {
      ASSERT_OK(fbmu_free(dev, victim));
      ASSERT_OK(fbmu_sim_advance_time(sim, 1));
      ended.push_back({victim, static_cast<uint8_t>(fence ? FBMU_LEASE_FENCED : FBMU_LEASE_REVOKED),
                       fence});
    } else {
      ASSERT_OK(fbmu_sim_advance_time(sim, 1));  // the victim reaches its expiry now
      ended.push_back({victim, static_cast<uint8_t>(fence ? FBMU_LEASE_FENCED : FBMU_LEASE_EXPIRED),
                       fence});
    }
    ASSERT_EQ(status_of(victim), ended.back().status);
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
    ASSERT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, forgotten, &q)) << "the oldest ended lease was kept";
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

}  // namespace
}  // namespace fbmu_simtest
