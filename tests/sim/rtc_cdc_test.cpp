// The RTC crossing (rtl/fbmu_rtc_cdc.sv, spec section 3): the unit takes rtc_secs_i only after the
// RTC domain toggled rtc_tgl_i, so a torn or glitched sample on the pins ends no lease, and a time
// published with the toggle ends exactly the leases it should. The pins are driven raw through the
// harness's test hooks (fbmu_sim_glitch_rtc, fbmu_sim_set_rtc_pins).
#include <algorithm>

#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

class RtcCdcTest : public SimTest {
 protected:
  // As many leases as records and lease frames allow, each with a pattern in its first 64 bytes.
  void lease_everything(uint64_t lease_secs) {
    uint64_t arena = 0;
    ASSERT_OK(fbmu_get_arena_size(dev, &arena));
    const uint64_t frames = fbmu_sim_mem_bytes(sim) / arena - 1;
    const uint64_t n = std::min<uint64_t>(frames, fbmu_sim_lease_slots(sim));
    ASSERT_GE(n, 1u);
    for (uint64_t i = 0; i < n; ++i) {
      leases.push_back(alloc_ok(0, lease_secs));
      ASSERT_OK(fbmu_write_lease(dev, leases.back().lease_id, 0, data(i).data(), 64));
    }
  }
  static Bytes data(uint64_t i) {
    Bytes b = pattern(64, static_cast<uint32_t>(i) + 1);
    for (auto &x : b) x = static_cast<uint8_t>(x | 1);  // no zero byte: zeroing is visible
    return b;
  }
  uint64_t rtc_register() {
    return uint64_t{rd_ok(FBMU_REG_RTC_HI)} << 32 | rd_ok(FBMU_REG_RTC_LO);
  }
  uint32_t events_pending() {
    uint32_t pending = 0, dropped = 0;
    EXPECT_OK(fbmu_event_count(dev, &pending, &dropped));
    return pending + dropped;
  }
  // Every lease still ACTIVE with its expiry and its bytes, and no event.
  void expect_every_lease_live() {
    for (size_t i = 0; i < leases.size(); ++i) {
      SCOPED_TRACE("lease " + std::to_string(i));
      fbmu_lease_info_t q{};
      ASSERT_OK(fbmu_query(dev, leases[i].lease_id, &q));
      EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
      EXPECT_EQ(q.expires_at_unix_secs, leases[i].expires_at_unix_secs);
      EXPECT_EQ(read_lease_ok(leases[i].lease_id, 0, 64), data(i));
    }
    EXPECT_EQ(events_pending(), 0u);
  }
  void expect_every_lease_expired() {
    for (size_t i = 0; i < leases.size(); ++i) {
      SCOPED_TRACE("lease " + std::to_string(i));
      EXPECT_EQ(status_of(leases[i].lease_id), FBMU_LEASE_EXPIRED);
      uint8_t b = 0;
      EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_write_lease(dev, leases[i].lease_id, 0, &b, 1));
    }
    EXPECT_EQ(events_pending(), leases.size());
  }

  std::vector<fbmu_lease_info_t> leases;
};

// The case: rtc_secs_i jumps to the end of time for one cycle and back, without a toggle.
// A unit that compared the pins would end every lease and zero its arena.
TEST_F(RtcCdcTest, OneCycleGlitchToTheFarFutureEndsNoLease) {
  lease_everything(300);
  for (uint64_t glitch : {UINT64_MAX, kStartTime + 300, uint64_t{1} << 63}) {
    SCOPED_TRACE("glitch value " + std::to_string(glitch));
    ASSERT_OK(fbmu_sim_glitch_rtc(sim, glitch, 1));
    ASSERT_OK(fbmu_sim_run(sim, 20));  // well past the crossing's latency
    EXPECT_EQ(fbmu_sim_idle(sim), 1) << "a teardown started";
    EXPECT_EQ(rtc_register(), kStartTime);
    expect_every_lease_live();
  }
  EXPECT_EQ(fbmu_sim_time(sim), kStartTime);
}

// The same glitch held for many cycles is still not the time: only the toggle publishes a value.
TEST_F(RtcCdcTest, ValueOnThePinsWithoutToggleIsNeverTaken) {
  lease_everything(300);
  ASSERT_OK(fbmu_sim_set_rtc_pins(sim, UINT64_MAX, 0));
  ASSERT_OK(fbmu_sim_run(sim, 5000));
  EXPECT_EQ(fbmu_sim_idle(sim), 1);
  EXPECT_EQ(rtc_register(), kStartTime);
  expect_every_lease_live();  // commands run while the pins hold the unpublished value
  // Now the RTC domain toggles: the same value is the time, and every lease ends.
  ASSERT_OK(fbmu_sim_set_rtc_pins(sim, UINT64_MAX, 1));
  ASSERT_OK(fbmu_sim_settle(sim, 1000000, nullptr));
  EXPECT_EQ(fbmu_sim_time(sim), UINT64_MAX);
  EXPECT_EQ(rtc_register(), UINT64_MAX);
  expect_every_lease_expired();
}

// A proper update (value, then toggle) to the far future ends every lease, zeroes every arena and
// reports each end once.
TEST_F(RtcCdcTest, PublishedFarFutureTimeEndsEveryLease) {
  lease_everything(300);
  ASSERT_OK(fbmu_sim_set_time(sim, UINT64_MAX));
  EXPECT_EQ(rtc_register(), UINT64_MAX);
  expect_every_lease_expired();
  uint64_t arena = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &arena));
  Bytes mem(fbmu_sim_mem_bytes(sim) - arena);
  ASSERT_OK(fbmu_sim_peek_mem(sim, arena, mem.data(), static_cast<uint32_t>(mem.size())));
  EXPECT_TRUE(all_zero(mem)) << "every lease arena is zero after the teardowns";
}

// A torn sample while the RTC carries into its upper word: 0x0_FFFFFFFF -> 0x1_00000000 seen for
// one cycle as {new upper, old lower} = 0x1_FFFFFFFF, past every lease's expiry. The unit takes
// only the published 0x1_00000000, before the expiries, and every lease stays live.
TEST_F(RtcCdcTest, TornSampleAtACarryEndsNoLease) {
  const uint64_t before = 0xFFFFFFFFull, after = 0x100000000ull, torn = 0x1FFFFFFFFull;
  ASSERT_OK(fbmu_sim_set_time(sim, before));
  lease_everything(600);
  ASSERT_OK(fbmu_sim_glitch_rtc(sim, torn, 1));
  ASSERT_OK(fbmu_sim_set_time(sim, after));
  EXPECT_EQ(rtc_register(), after);
  expect_every_lease_live();
  ASSERT_OK(fbmu_sim_set_time(sim, before + 600));
  expect_every_lease_expired();
}

// The harness's latency figure is the RTL's: with a lease expiring at T, publishing T makes idle_o
// drop (an ACTIVE lease past its expiry) exactly fbmu_sim_rtc_crossing_cycles() edges later.
TEST_F(RtcCdcTest, CoreTakesAPublishedTimeAfterTheCrossingLatency) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_EQ(fbmu_sim_idle(sim), 1);
  ASSERT_OK(fbmu_sim_set_rtc_pins(sim, l.expires_at_unix_secs, 1));
  uint64_t edges = 0;
  while (fbmu_sim_idle(sim) == 1 && edges < 100) {
    ASSERT_OK(fbmu_sim_run(sim, 1));
    ++edges;
  }
  EXPECT_EQ(edges, fbmu_sim_rtc_crossing_cycles());
  EXPECT_GE(edges, 3u) << "two synchroniser flops and the capture";
  ASSERT_OK(fbmu_sim_settle(sim, 100000, nullptr));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
}

// Reset captures the pins once (the RTC is not reset, spec section 11), so the time survives it.
TEST_F(RtcCdcTest, ResetKeepsThePublishedTime) {
  ASSERT_OK(fbmu_sim_set_time(sim, 123456789012ull));
  ASSERT_OK(fbmu_sim_reset(sim));
  EXPECT_EQ(rtc_register(), 123456789012ull);
  fbmu_lease_info_t l = alloc_ok(0, 10);
  EXPECT_EQ(l.expires_at_unix_secs, 123456789022ull);
}

TEST(RtcCdcHooks, BadArgumentsGiveInvalidArgument) {
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_glitch_rtc(nullptr, 1, 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_set_rtc_pins(nullptr, 1, 0));
  fbmu_sim_t *s = fbmu_sim_create(nullptr);
  ASSERT_NE(s, nullptr);
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_glitch_rtc(s, 1, 0));
  fbmu_sim_destroy(s);
}

}  // namespace
}  // namespace fbmu_simtest
