// Golden model: fbmu_model_platform, the platform port as a fbmu_platform_t. Each entry must reach
// the model function it stands for (checked through the model's own inspection calls), and a NULL
// model or context must give a clear error, never a crash.
#include <gtest/gtest.h>

#include <cstdint>

#include "fbmu_model.h"
#include "fbmu_platform.h"
#include "platform_checks.h"

namespace {

constexpr uint64_t kT0 = 1000;

class ModelPlatform : public ::testing::Test {
 protected:
  void SetUp() override {
    fbmu_model_config_t c{};
    c.id_seed = 0x5EEDF00Dull;
    m_ = fbmu_model_create(&c);
    ASSERT_NE(m_, nullptr);
    p_ = fbmu_model_platform(m_);
    ASSERT_NE(p_, nullptr);
    ASSERT_EQ(p_->set_time(p_->ctx, kT0), FBMU_OK);
  }
  void TearDown() override { fbmu_model_destroy(m_); }

  // One live lease of `secs` seconds.
  fbmu_lease_info_t Alloc(uint64_t secs) {
    fbmu_lease_info_t info{};
    EXPECT_EQ(fbmu_model_alloc(m_, 64, secs, &info), FBMU_OK);
    return info;
  }

  fbmu_model_t *m_ = nullptr;
  const fbmu_platform_t *p_ = nullptr;
};

TEST_F(ModelPlatform, EveryEntryIsFilledAndCtxIsTheModel) {
  fbmu_test::ExpectPlatformFilled(p_, m_);
}

TEST_F(ModelPlatform, SameTableForTheModelsLifetimeAndOnePerModel) {
  EXPECT_EQ(fbmu_model_platform(m_), p_);
  fbmu_model_reset(m_);
  EXPECT_EQ(fbmu_model_platform(m_), p_);
  EXPECT_EQ(p_->ctx, static_cast<void *>(m_));

  fbmu_model_t *other = fbmu_model_create(nullptr);
  ASSERT_NE(other, nullptr);
  const fbmu_platform_t *q = fbmu_model_platform(other);
  ASSERT_NE(q, nullptr);
  EXPECT_NE(q, p_);
  EXPECT_EQ(q->ctx, static_cast<void *>(other));
  EXPECT_EQ(q->set_time(q->ctx, 77), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(other), 77u);
  EXPECT_EQ(fbmu_model_now(m_), kT0);  // the other model's table left this one alone
  fbmu_model_destroy(other);
}

TEST_F(ModelPlatform, SetTimeAndNowDriveTheRtcAndEndLeases) {
  EXPECT_EQ(p_->now(p_->ctx), kT0);
  fbmu_lease_info_t info = Alloc(10);
  EXPECT_EQ(p_->set_time(p_->ctx, kT0 + 9), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(m_), kT0 + 9);
  EXPECT_EQ(p_->now(p_->ctx), kT0 + 9);
  fbmu_lease_info_t q{};
  ASSERT_EQ(fbmu_model_query(m_, info.lease_id, &q), FBMU_OK);
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);

  EXPECT_EQ(p_->set_time(p_->ctx, kT0 + 10), FBMU_OK);
  ASSERT_EQ(fbmu_model_query(m_, info.lease_id, &q), FBMU_OK);
  EXPECT_EQ(q.status, FBMU_LEASE_EXPIRED);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_event_pop(m_, &ev, nullptr), FBMU_OK);
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, kT0 + 10);
}

TEST_F(ModelPlatform, AdvanceTimeAddsAndSaturates) {
  EXPECT_EQ(p_->advance_time(p_->ctx, 5), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(m_), kT0 + 5);
  EXPECT_EQ(p_->advance_time(p_->ctx, 0), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(m_), kT0 + 5);
  EXPECT_EQ(p_->advance_time(p_->ctx, UINT64_MAX - 3), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(m_), UINT64_MAX);  // never wraps
  EXPECT_EQ(p_->advance_time(p_->ctx, 1), FBMU_OK);
  EXPECT_EQ(fbmu_model_now(m_), UINT64_MAX);
}

TEST_F(ModelPlatform, SetArenaSizeReachesTheModelWithItsCodes) {
  ASSERT_NO_FATAL_FAILURE(
      fbmu_test::ExpectSetArenaSizeReachesTheUnit(p_, [&] { return fbmu_model_arena_size(m_); }));
  Alloc(100);
  EXPECT_EQ(p_->set_arena_size(p_->ctx, 2048), FBMU_E_UNSUPPORTED);  // a lease is live
  EXPECT_EQ(fbmu_model_arena_size(m_), 1024u);
}

// Any non-zero value is online; going offline closes the session HELLO opened.
TEST_F(ModelPlatform, SetOnlineSwitchesTheUnitAndClosesTheSession) {
  const struct { int arg, online; } steps[] = {{0, 0}, {7, 1}, {0, 0}, {1, 1}};
  for (const auto &st : steps) {
    ASSERT_EQ(p_->set_online(p_->ctx, st.arg), FBMU_OK);
    EXPECT_EQ(fbmu_model_online(m_), st.online) << "set_online(" << st.arg << ")";
    EXPECT_EQ(fbmu_model_session_open(m_), 0);
    EXPECT_EQ(fbmu_model_hello(m_), st.online ? FBMU_OK : FBMU_E_DISCONNECTED);
    EXPECT_EQ(fbmu_model_session_open(m_), st.online);
  }
}

TEST_F(ModelPlatform, ResetIsTheWholeUnitResetAndKeepsTheRtc) {
  fbmu_lease_info_t info = Alloc(100);
  ASSERT_NO_FATAL_FAILURE(
      fbmu_test::ExpectResetRestoresIrqEnable(p_, fbmu_model_bus(m_)));  // registers
  fbmu_lease_info_t q{};
  EXPECT_EQ(fbmu_model_query(m_, info.lease_id, &q), FBMU_E_NOT_FOUND);  // semantic state
  EXPECT_EQ(fbmu_model_now(m_), kT0);
}

// Stuck cells in frames 1 and 2 (4 KiB arenas) fence the teardowns of the leases there (here:
// expiries), and only those; a fence clear frees them only once the cells are repaired.
TEST_F(ModelPlatform, InjectFaultFencesTheTeardownsOfItsFramesUntilRepairedAndCleared) {
  Alloc(5);
  Alloc(5);
  Alloc(5);
  EXPECT_EQ(p_->inject_fault(p_->ctx, 4096u * 8u + 13u), FBMU_OK);
  EXPECT_EQ(p_->inject_fault(p_->ctx, 2u * 4096u * 8u + 4095u * 8u + 7u), FBMU_OK);
  EXPECT_EQ(p_->advance_time(p_->ctx, 5), FBMU_OK);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 2u);
  EXPECT_EQ(p_->fence_clear(p_->ctx), FBMU_E_FENCED);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 2u);
  EXPECT_EQ(p_->inject_fault(p_->ctx, FBMU_FAULT_CLEAR_ALL), FBMU_OK);
  EXPECT_EQ(p_->fence_clear(p_->ctx), FBMU_OK);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 0u);
}

// No table for a NULL model; a copy of the table with its ctx cleared fails cleanly on every entry.
TEST_F(ModelPlatform, NullModelAndNullContextAreRejected) {
  EXPECT_EQ(fbmu_model_platform(nullptr), nullptr);
  fbmu_test::ExpectPlatformRejectsNullCtx(p_);
}

}  // namespace
