// The checker against deliberately broken RTL: built three times, each time linked to a Verilated
// variant of the unit with one mutant of tools/mutants.toml (sim/lockstep/CMakeLists.txt). Each
// build must make the checker report a divergence, from a targeted sequence and from plain random
// seeds, and the report must name the op and give the expected (model) and actual (RTL) values.
//   FBMU_LS_BUG_SKIP_ZEROING:           teardown skips zeroing (a new tenant sees old bytes).
//   FBMU_LS_BUG_EXPIRY_GT:              the access check compares now > expires_at, not >=.
//   FBMU_LS_BUG_TEARDOWN_IGNORES_HOLD:  a lease teardown starts while a platform request holds
//                                       the memory (mutant teardown_ignores_hold; assertions on).
#include <cstdio>
#include <string>
#include <vector>

#include "lockstep_fixture.h"
#include "test_util.h"  // TakeCapturedStdout

namespace fbmu_lockstep_test {
namespace {

constexpr uint64_t kRandomOps = 4000;
constexpr int kRandomSeeds = 3;

// Seeds 1..kRandomSeeds run clean for 20 000 ops on the correct RTL (lockstep_regression_test),
// so a divergence within kRandomOps here is the bug's doing.

// The report of a divergence names the call, the field and both values.
void ExpectReport(fbmu_lockstep_t *ls, const char *call) {
  ASSERT_TRUE(fbmu_lockstep_diverged(ls));
  std::string r = fbmu_lockstep_report(ls);
  EXPECT_NE(r.find("op:       #"), std::string::npos) << r;
  if (call) {
    EXPECT_NE(r.find(call), std::string::npos) << r;
  }
  EXPECT_NE(r.find("expected: "), std::string::npos) << r;
  EXPECT_NE(r.find("(model)"), std::string::npos) << r;
  EXPECT_NE(r.find("actual:   "), std::string::npos) << r;
  EXPECT_NE(r.find("(RTL)"), std::string::npos) << r;
  EXPECT_NE(r.find("cycle:"), std::string::npos) << r;
  std::printf("%s", r.c_str());
}

// Both bug builds: seeds 1..kRandomSeeds must each diverge within kRandomOps, with a full report
// (and, when asked, the command that reproduces the run).
class LockstepBugTest : public LockstepFixture {
 protected:
  void ExpectRandomSeedsDiverge(bool print_reproduce) {
    for (int seed = 1; seed <= kRandomSeeds; seed++) {
      Open(static_cast<uint64_t>(seed));
      uint64_t ran = RunRandom(static_cast<uint64_t>(seed), kRandomOps);
      EXPECT_TRUE(fbmu_lockstep_diverged(ls_)) << "seed " << seed << ": no divergence in " << ran;
      if (fbmu_lockstep_diverged(ls_)) ExpectReport(ls_, nullptr);
      if (print_reproduce)
        std::printf("reproduce: %s\n", ReproduceCommand(static_cast<uint64_t>(seed), ran).c_str());
    }
  }
};

#if defined(FBMU_LS_BUG_SKIP_ZEROING)

class LockstepSkipZeroingTest : public LockstepBugTest {
 protected:
  // A lease of `size` bytes for `secs` s gets len bytes of `fill` at `off`, then end(lease) ends
  // it; the next lease of that size gets its frame and reads all of it: the read must diverge
  // (the model zeroed the frame, this RTL did not).
  template <typename End>
  void ExpectNewTenantReadDiverges(uint32_t size, uint64_t secs, uint64_t off, uint32_t len,
                                   uint8_t fill, End end) {
    std::vector<uint8_t> data(len, fill), buf(size);
    fbmu_lease_info_t a{}, b{};
    uint32_t n = 0;
    LS_OK(fbmu_lockstep_alloc(ls_, size, secs, &a));
    LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, off, data.data(), len));
    ASSERT_NO_FATAL_FAILURE(end(a));
    LS_OK(fbmu_lockstep_alloc(ls_, size, secs, &b));
    EXPECT_EQ(fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), size, &n),
              FBMU_LOCKSTEP_DIVERGED);
    ExpectReport(ls_, "fbmu_read_lease(");
  }
};

// A freed lease's bytes must not reach the next tenant of its frame.
TEST_F(LockstepSkipZeroingTest, NewTenantAfterFreeSeesOldBytes) {
  ExpectNewTenantReadDiverges(4096, 100, 0, 4096, 0xA5, [&](const fbmu_lease_info_t &a) {
    LS_OK(fbmu_lockstep_free(ls_, a.lease_id));
  });
  EXPECT_NE(std::string(fbmu_lockstep_report(ls_)).find("data[0]"), std::string::npos);
}

// The same through expiry instead of free.
TEST_F(LockstepSkipZeroingTest, NewTenantAfterExpirySeesOldBytes) {
  ExpectNewTenantReadDiverges(64, 5, 10, 50, 0x3C, [&](const fbmu_lease_info_t &a) {
    LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs, 1));
  });
}

// The deep memory check sees the kept bytes with no read at all.
TEST_F(LockstepSkipZeroingTest, MemoryCheckSeesKeptBytesWithoutARead) {
  std::vector<uint8_t> data(100, 0x5A);
  fbmu_lease_info_t a{};
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, &a));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 1000, data.data(), 100));
  LS_OK(fbmu_lockstep_free(ls_, a.lease_id));
  EXPECT_EQ(fbmu_lockstep_check_memory(ls_), FBMU_LOCKSTEP_DIVERGED);
  ExpectReport(ls_, "check_memory(");
  const std::string r = fbmu_lockstep_report(ls_);
  EXPECT_NE(r.find("memory of frame 1, free frame (must be zero), byte 1000 (of 4096)"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("0x5a (100 non-zero bytes in the frame)"), std::string::npos) << r;
}

TEST_F(LockstepSkipZeroingTest, RandomSeedsDiverge) { ExpectRandomSeedsDiverge(true); }

#elif defined(FBMU_LS_BUG_EXPIRY_GT)

class LockstepExpiryGtTest : public LockstepBugTest {};

// On the exact second of expiry the lease is dead (spec 3): an access must fail with
// LEASE_EXPIRED even before the teardown engine reaches it.
TEST_F(LockstepExpiryGtTest, AccessOnTheExpirySecondIsCaught) {
  std::vector<uint8_t> data(16, 0x77), buf(16);
  fbmu_lease_info_t a{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 16));
  // Deferred teardown: the access runs right after the RTC step.
  int rc = fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs, 0);
  if (rc != FBMU_LOCKSTEP_DIVERGED)
    rc = fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 16);
  if (rc != FBMU_LOCKSTEP_DIVERGED)
    rc = fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 16, &n);
  if (rc != FBMU_LOCKSTEP_DIVERGED) rc = fbmu_lockstep_renew(ls_, a.lease_id, 10, nullptr);
  if (rc != FBMU_LOCKSTEP_DIVERGED) rc = fbmu_lockstep_settle(ls_);
  EXPECT_EQ(rc, FBMU_LOCKSTEP_DIVERGED);
  ExpectReport(ls_, nullptr);
}

// Settled step onto the expiry second, then the accesses.
TEST_F(LockstepExpiryGtTest, SettledStepOntoExpiryIsCaught) {
  std::vector<uint8_t> data(16, 0x11), buf(16);
  fbmu_lease_info_t a{}, info{};
  fbmu_event_t ev{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 7, &a));
  int rc = fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs, 1);
  if (rc != FBMU_LOCKSTEP_DIVERGED) rc = fbmu_lockstep_query(ls_, a.lease_id, &info);
  if (rc != FBMU_LOCKSTEP_DIVERGED)
    rc = fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 16, &n);
  if (rc != FBMU_LOCKSTEP_DIVERGED)
    rc = fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 16);
  if (rc != FBMU_LOCKSTEP_DIVERGED) rc = fbmu_lockstep_read_event(ls_, &ev);
  EXPECT_EQ(rc, FBMU_LOCKSTEP_DIVERGED);
  ExpectReport(ls_, nullptr);
}

TEST_F(LockstepExpiryGtTest, RandomSeedsDiverge) { ExpectRandomSeedsDiverge(false); }

#elif defined(FBMU_LS_BUG_TEARDOWN_IGNORES_HOLD)

// A lease teardown that starts while FENCE_CLEAR still holds the memory starts one cycle early,
// after the clear's last zeroing: no answer shows it. The RTL assertions are on in this build: the
// teardown checker, whose start rule keeps the hold (rtl/sva/fbmu_teardown_sva.sv), sees a teardown
// finish that never started and stops the simulation, so the request's answer diverges.
class LockstepTeardownIgnoresHoldTest : public LockstepBugTest {
 protected:
  void SetUp() override {
    ::testing::internal::CaptureStdout();  // Verilator prints assertion failures on stdout
    LockstepBugTest::SetUp();
  }
  std::string Output() { return fbmu_test::TakeCapturedStdout(); }
};

// The directed case of the correct RTL's suite (LockstepTest.TimeStepInsideFenceClear...).
TEST_F(LockstepTeardownIgnoresHoldTest, StepInsideFenceClearFiresTheTeardownAssertion) {
  fbmu_lease_info_t a{}, b{};
  int rc = FBMU_OK;
  ASSERT_NO_FATAL_FAILURE(FenceClearWithAStepToAnExpiry(&a, &b, &rc));
  EXPECT_EQ(rc, FBMU_LOCKSTEP_DIVERGED);
  const std::string out = Output();
  EXPECT_NE(
      out.find("Assertion failed in TOP.fbmu_tb.u_dut.u_td.u_sva.TeardownFinishesTheOneStarted"),
      std::string::npos);
  ExpectReport(ls_, "plat_fence_clear(");
}

// Each seed's divergence is the assertion's doing: it fired once per seed.
TEST_F(LockstepTeardownIgnoresHoldTest, RandomSeedsDiverge) {
  ExpectRandomSeedsDiverge(false);
  const std::string out = Output();
  const std::string fired = "u_td.u_sva.TeardownFinishesTheOneStarted";
  int n = 0;
  for (size_t at = out.find(fired); at != std::string::npos; at = out.find(fired, at + 1)) n++;
  EXPECT_EQ(n, kRandomSeeds);
}

#else
#error \
    "build with FBMU_LS_BUG_SKIP_ZEROING, FBMU_LS_BUG_EXPIRY_GT or FBMU_LS_BUG_TEARDOWN_IGNORES_HOLD"
#endif

}  // namespace
}  // namespace fbmu_lockstep_test
