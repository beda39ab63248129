// RTL harness: fbmu_sim_platform, the platform port as a fbmu_platform_t. Each entry must reach the
// RTL (checked through the unit's registers and the driver, not through the harness's own state
// alone), and a NULL simulation or context must give a clear error, never a crash.
#include <gtest/gtest.h>

#include <cstdint>

#include "fbmu.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "platform_checks.h"

namespace {

constexpr uint64_t kT0 = 1000;

class SimPlatform : public ::testing::Test {
 protected:
  void SetUp() override {
    fbmu_sim_config_t c{};
    c.id_seed = 0x5EEDF00Dull;
    c.start_time = kT0;
    s_ = fbmu_sim_create(&c);
    ASSERT_NE(s_, nullptr);
    p_ = fbmu_sim_platform(s_);
    ASSERT_NE(p_, nullptr);
    ASSERT_EQ(fbmu_open(fbmu_sim_bus(s_), &dev_), FBMU_OK);
  }
  void TearDown() override {
    fbmu_close(dev_);
    fbmu_sim_destroy(s_);
  }

  uint32_t Reg(uint32_t addr) {
    const fbmu_bus_t *b = fbmu_sim_bus(s_);
    uint32_t v = 0xDEADBEEFu;
    EXPECT_EQ(b->read32(b->ctx, addr, &v), FBMU_OK) << "read 0x" << std::hex << addr;
    return v;
  }
  uint64_t Rtc() {
    return (static_cast<uint64_t>(Reg(FBMU_REG_RTC_HI)) << 32) | Reg(FBMU_REG_RTC_LO);
  }

  fbmu_lease_info_t Alloc(uint64_t secs) {
    fbmu_lease_info_t info{};
    EXPECT_EQ(fbmu_hello(dev_), FBMU_OK);
    EXPECT_EQ(fbmu_alloc(dev_, 64, secs, &info), FBMU_OK);
    return info;
  }

  fbmu_sim_t *s_ = nullptr;
  fbmu_t *dev_ = nullptr;
  const fbmu_platform_t *p_ = nullptr;
};

TEST_F(SimPlatform, EveryEntryIsFilledAndTheTableIsStable) {
  fbmu_test::ExpectPlatformFilled(p_, s_);
  EXPECT_EQ(fbmu_sim_platform(s_), p_);
  ASSERT_EQ(p_->reset(p_->ctx), FBMU_OK);
  EXPECT_EQ(fbmu_sim_platform(s_), p_);
}

TEST_F(SimPlatform, SetTimeAdvanceTimeAndNowDriveTheRtcInput) {
  EXPECT_EQ(p_->now(p_->ctx), kT0);
  EXPECT_EQ(Rtc(), kT0);
  ASSERT_EQ(p_->set_time(p_->ctx, 0x123456789ull), FBMU_OK);
  EXPECT_EQ(Rtc(), 0x123456789ull);
  EXPECT_EQ(p_->now(p_->ctx), 0x123456789ull);
  ASSERT_EQ(p_->advance_time(p_->ctx, 11), FBMU_OK);
  EXPECT_EQ(Rtc(), 0x123456789ull + 11);
  ASSERT_EQ(p_->advance_time(p_->ctx, UINT64_MAX), FBMU_OK);
  EXPECT_EQ(Rtc(), UINT64_MAX);  // saturates, never wraps
  EXPECT_EQ(p_->now(p_->ctx), UINT64_MAX);
}

TEST_F(SimPlatform, SetTimeEndsALeaseBeforeReturning) {
  fbmu_lease_info_t info = Alloc(10);
  ASSERT_EQ(p_->set_time(p_->ctx, kT0 + 10), FBMU_OK);
  fbmu_lease_info_t q{};
  ASSERT_EQ(fbmu_query(dev_, info.lease_id, &q), FBMU_OK);
  EXPECT_EQ(q.status, FBMU_LEASE_EXPIRED);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_read_event(dev_, &ev), FBMU_OK);
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
}

TEST_F(SimPlatform, SetOnlineDrivesStatusOnline) {
  ASSERT_NE(fbmu_reg_status_online_get(Reg(FBMU_REG_STATUS)), 0u);
  ASSERT_EQ(p_->set_online(p_->ctx, 0), FBMU_OK);
  EXPECT_EQ(fbmu_reg_status_online_get(Reg(FBMU_REG_STATUS)), 0u);
  EXPECT_EQ(fbmu_hello(dev_), FBMU_E_DISCONNECTED);
  ASSERT_EQ(p_->set_online(p_->ctx, 1), FBMU_OK);
  EXPECT_EQ(fbmu_reg_status_online_get(Reg(FBMU_REG_STATUS)), 1u);
  EXPECT_EQ(fbmu_hello(dev_), FBMU_OK);
}

TEST_F(SimPlatform, SetArenaSizeReachesArenaSizeRegister) {
  fbmu_test::ExpectSetArenaSizeReachesTheUnit(p_, [&] { return Reg(FBMU_REG_ARENA_SIZE); });
}

TEST_F(SimPlatform, ResetForgetsLeasesAndRestoresRegisters) {
  fbmu_lease_info_t info = Alloc(100);
  ASSERT_NO_FATAL_FAILURE(fbmu_test::ExpectResetRestoresIrqEnable(p_, fbmu_sim_bus(s_)));
  ASSERT_EQ(fbmu_hello(dev_), FBMU_OK);
  fbmu_lease_info_t q{};
  EXPECT_EQ(fbmu_query(dev_, info.lease_id, &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(p_->now(p_->ctx), kT0);  // the RTC is a platform input and survives reset
}

// A stuck cell in frame 1 (the first lease's, 4 KiB arenas) fences its teardown; FENCE_CLEAR frees
// the frame only once the cell is repaired.
TEST_F(SimPlatform, InjectFaultThenFenceClear) {
  fbmu_lease_info_t info = Alloc(100);
  ASSERT_EQ(p_->inject_fault(p_->ctx, (4096u + 100u) * 8u + 6u), FBMU_OK);
  ASSERT_EQ(fbmu_free(dev_, info.lease_id), FBMU_OK);
  fbmu_lease_info_t q{};
  ASSERT_EQ(fbmu_query(dev_, info.lease_id, &q), FBMU_OK);
  EXPECT_EQ(q.status, FBMU_LEASE_FENCED);
  // While an arena is fenced the unit refuses to re-partition; FENCE_CLEAR lifts that.
  EXPECT_EQ(p_->set_arena_size(p_->ctx, 1024), FBMU_E_UNSUPPORTED);
  EXPECT_EQ(p_->fence_clear(p_->ctx), FBMU_E_FENCED);  // the cell is still stuck
  EXPECT_EQ(p_->set_arena_size(p_->ctx, 1024), FBMU_E_UNSUPPORTED);
  ASSERT_EQ(p_->inject_fault(p_->ctx, FBMU_FAULT_CLEAR_ALL), FBMU_OK);
  ASSERT_EQ(p_->fence_clear(p_->ctx), FBMU_OK);
  EXPECT_EQ(p_->set_arena_size(p_->ctx, 1024), FBMU_OK);
}

// No table for a NULL simulation; a copy of the table with its ctx cleared fails cleanly.
TEST_F(SimPlatform, NullSimulationAndNullContextAreRejected) {
  EXPECT_EQ(fbmu_sim_platform(nullptr), nullptr);
  fbmu_test::ExpectPlatformRejectsNullCtx(p_);
  EXPECT_EQ(Rtc(), kT0);  // the real simulation was not touched
}

}  // namespace
