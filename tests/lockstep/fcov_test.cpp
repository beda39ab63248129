// Functional coverage bins (sim/lockstep/fcov.h) and time steps inside commands: each directed
// sequence reaches a bin and the checker's count of it is asserted; the time steps inside calls
// check what the RTL and the model then agree on (docs/spec.md section 3, a command sees one time).
#include <set>
#include <string>
#include <vector>

#include "lockstep_fixture.h"

namespace fbmu_lockstep_test {
namespace {

class FcovTest : public LockstepFixture {
 protected:
  uint64_t Bin(fbmu_fcov_bin_t bin) {
    fbmu_lockstep_stats_t st;
    fbmu_lockstep_get_stats(ls_, &st);
    return st.fcov[bin];
  }
  fbmu_lockstep_stats_t Stats() {
    fbmu_lockstep_stats_t st;
    fbmu_lockstep_get_stats(ls_, &st);
    return st;
  }
};

TEST(FcovTable, EveryBinHasItsOwnNameAndMeaningInTheTableAndTheJson) {
  std::set<std::string> names;
  uint64_t counts[FBMU_FCOV_COUNT] = {};
  for (int b = 0; b < FBMU_FCOV_COUNT; b++) {
    const std::string name = fbmu_fcov_name(static_cast<fbmu_fcov_bin_t>(b));
    EXPECT_TRUE(names.insert(name).second) << "two bins named " << name;
    EXPECT_GT(std::string(fbmu_fcov_what(static_cast<fbmu_fcov_bin_t>(b))).size(), 10u) << name;
    counts[b] = b % 2 ? 0 : 7;
  }
  EXPECT_STREQ(fbmu_fcov_name(FBMU_FCOV_COUNT), "?");
  const std::string table = fbmu_fcov::Table(counts), json = fbmu_fcov::Json(counts);
  const int hit = (FBMU_FCOV_COUNT + 1) / 2;
  EXPECT_NE(table.find("functional coverage: " + std::to_string(hit) + " of " +
                       std::to_string(FBMU_FCOV_COUNT) + " bins hit"),
            std::string::npos)
      << table;
  for (const auto &n : names) {
    EXPECT_NE(table.find(n), std::string::npos) << n;
    EXPECT_NE(json.find("\"" + n + "\": "), std::string::npos) << n;
  }
  EXPECT_NE(json.find("\"hit\": " + std::to_string(hit)), std::string::npos) << json;
  EXPECT_NE(table.find("<- not hit"), std::string::npos);
}

TEST_F(FcovTest, LeaseCommandsCountTheStateOfTheLeaseTheyName) {
  std::vector<uint8_t> buf(64, 0x5A);
  fbmu_lease_info_t a{}, b{}, c{}, info{};
  uint64_t exp = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 5, &b));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(Bin(FBMU_FCOV_QUERY_ACTIVE), 1u);
  LS_OK(fbmu_lockstep_free(ls_, a.lease_id));
  EXPECT_EQ(Bin(FBMU_FCOV_FREE_ACTIVE), 1u);
  LS_EXPECT(FBMU_E_REVOKED, fbmu_lockstep_renew(ls_, a.lease_id, 5, &exp));
  EXPECT_EQ(Bin(FBMU_FCOV_RENEW_REVOKED), 1u);
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, fbmu_lease_id_t{1, 2}, &info));
  EXPECT_EQ(Bin(FBMU_FCOV_QUERY_UNKNOWN), 1u);
  LS_OK(fbmu_lockstep_advance_time(ls_, 5, 1));
  LS_EXPECT(FBMU_E_LEASE_EXPIRED, fbmu_lockstep_write_lease(ls_, b.lease_id, 0, buf.data(), 64));
  EXPECT_EQ(Bin(FBMU_FCOV_WRITE_LEASE_EXPIRED), 1u);

  // A teardown over a stuck cell fences the frame; FENCE_CLEAR with it fenced, once repaired.
  EXPECT_EQ(Bin(FBMU_FCOV_FENCE), 0u);
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &c));
  LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, c.lease_id)));
  LS_OK(fbmu_lockstep_free(ls_, c.lease_id));
  EXPECT_EQ(Bin(FBMU_FCOV_FENCE), 1u);
  uint32_t n = 0;
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_read_lease(ls_, c.lease_id, 0, buf.data(), 64, &n));
  EXPECT_EQ(Bin(FBMU_FCOV_READ_LEASE_FENCED), 1u);
  EXPECT_EQ(Bin(FBMU_FCOV_FENCE_CLEAR), 0u);
  LS_OK(fbmu_lockstep_inject_fault(ls_, FBMU_FAULT_CLEAR_ALL));
  LS_OK(fbmu_lockstep_fence_clear(ls_));
  EXPECT_EQ(Bin(FBMU_FCOV_FENCE_CLEAR), 1u);
  LS_OK(fbmu_lockstep_fence_clear(ls_));  // nothing fenced now: not counted
  EXPECT_EQ(Bin(FBMU_FCOV_FENCE_CLEAR), 1u);
}

TEST_F(FcovTest, TimeBinsCountTheExactExpirySecondAndTheLastLiveSecond) {
  fbmu_lease_info_t a{};
  uint64_t exp = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs - 2, 1));
  LS_OK(fbmu_lockstep_renew(ls_, a.lease_id, 1, &exp));  // two seconds left: not the last
  EXPECT_EQ(Bin(FBMU_FCOV_RENEW_LAST_SECOND), 0u);
  LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs - 1, 1));
  LS_OK(fbmu_lockstep_renew(ls_, a.lease_id, 1, &exp));
  EXPECT_EQ(Bin(FBMU_FCOV_RENEW_LAST_SECOND), 1u);
  EXPECT_EQ(exp, a.expires_at_unix_secs);
  EXPECT_EQ(Bin(FBMU_FCOV_EXPIRY_EXACT_SECOND), 0u);
  LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs, 1));
  EXPECT_EQ(Bin(FBMU_FCOV_EXPIRY_EXACT_SECOND), 1u);
}

TEST_F(FcovTest, FreeDuringATeardownAndAllocWithEveryRecordHeld) {
  fbmu_lease_info_t a{}, b{}, info{};
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 16384));
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 3, &a));
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 100, &b));
  LS_OK(fbmu_lockstep_advance_time(ls_, 3, 0));  // a's 16 KiB zeroing runs on
  LS_OK(fbmu_lockstep_free(ls_, b.lease_id));
  EXPECT_EQ(Bin(FBMU_FCOV_FREE_DURING_TEARDOWN), 1u);
  EXPECT_EQ(Bin(FBMU_FCOV_FREE_ACTIVE), 1u);

  LS_OK(fbmu_lockstep_set_arena_size(ls_, 64));
  for (int i = 0; i < 16; i++) LS_OK(fbmu_lockstep_alloc(ls_, 64, 50, &a));
  EXPECT_EQ(Bin(FBMU_FCOV_ALLOC_RECORDS_HELD), 0u);
  LS_EXPECT(FBMU_E_CAPACITY_EXCEEDED, fbmu_lockstep_alloc(ls_, 64, 5, &info));
  EXPECT_EQ(Bin(FBMU_FCOV_ALLOC_RECORDS_HELD), 1u);
  LS_EXPECT(FBMU_E_INVALID_ARGUMENT, fbmu_lockstep_alloc(ls_, 64, 0, &info));  // not for that
  EXPECT_EQ(Bin(FBMU_FCOV_ALLOC_RECORDS_HELD), 1u);
}

TEST_F(FcovTest, ShortReadAtTheArenaEndAndAFullEventQueue) {
  std::vector<uint8_t> buf(64);
  fbmu_lease_info_t a{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, a.arena_size - 64, buf.data(), 64, &n));
  EXPECT_EQ(Bin(FBMU_FCOV_SHORT_READ), 0u);
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, a.arena_size - 10, buf.data(), 64, &n));
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(Bin(FBMU_FCOV_SHORT_READ), 1u);

  // EVENT_DEPTH (16) teardowns fill the queue; the next one is dropped.
  LS_OK(fbmu_lockstep_free(ls_, a.lease_id));
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 64));
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 9; i++) {
      LS_OK(fbmu_lockstep_alloc(ls_, 64, 50, &a));
      LS_OK(fbmu_lockstep_free(ls_, a.lease_id));
    }
  }
  EXPECT_EQ(Bin(FBMU_FCOV_EVENT_QUEUE_FULL), 3u);  // the 17th to 19th events
  uint32_t pending = 0, dropped = 0;
  LS_OK(fbmu_lockstep_event_count(ls_, &pending, &dropped));
  EXPECT_EQ(pending, 16u);
  EXPECT_EQ(dropped, 3u);
}

// ---- time steps inside commands -------------------------------------------------------------

// A 16 KiB read is four commands; the step lands after the first and reaches the lease's expiry:
// the first command read under the old time, the second finds the lease expired (both sides).
TEST_F(FcovTest, AStepInsideAMultiCommandReadEndsTheLeaseBeforeItsNextCommand) {
  std::vector<uint8_t> data(16384, 0x3C), buf(16384);
  fbmu_lease_info_t a{}, info{};
  fbmu_event_t ev{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 16384));
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 10, &a));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 16384));
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 10, 1, 7));
  EXPECT_EQ(fbmu_lockstep_now(ls_), kStartTime);  // armed only
  LS_EXPECT(FBMU_E_LEASE_EXPIRED,
            fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 16384, &n));
  EXPECT_EQ(fbmu_lockstep_now(ls_), a.expires_at_unix_secs);
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, a.expires_at_unix_secs);
  LS_OK(fbmu_lockstep_check_memory(ls_));  // the frame was zeroed
  fbmu_lockstep_stats_t st = Stats();
  EXPECT_EQ(st.steps_in_cmd, 1u);
  EXPECT_EQ(st.fcov[FBMU_FCOV_STEP_ENDS_ACCESS], 1u);
  EXPECT_EQ(st.fcov[FBMU_FCOV_EXPIRY_EXACT_SECOND], 1u);
}

// The step is published while a 4 KiB write still runs: the write completes under the time of
// its CMD write (spec 3), and the lease expires only when it is done.
TEST_F(FcovTest, AStepWhileTheCommandRunsTakesEffectWhenItCompletes) {
  std::vector<uint8_t> data(4096, 0x77), buf(4096);
  fbmu_lease_info_t a{}, info{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 10, &a));
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 10, 1, 2));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 4096));
  EXPECT_EQ(Bin(FBMU_FCOV_STEP_IN_CMD), 1u);
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
  LS_EXPECT(FBMU_E_LEASE_EXPIRED,
            fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 4096, &n));
  LS_OK(fbmu_lockstep_check_memory(ls_));
}

// A call with fewer CMD writes than the armed step names takes it when it returns; a later arm
// replaces one not yet used, and a platform step also carries it.
TEST_F(FcovTest, AStepPastTheCallsLastCommandLandsWhenTheCallReturns) {
  fbmu_lease_info_t a{};
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 100, 1, 0));
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 4, 3, 50));
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 4, &a));  // one CMD write
  EXPECT_EQ(fbmu_lockstep_now(ls_), kStartTime + 4);
  EXPECT_EQ(fbmu_sim_time(fbmu_lockstep_sim(ls_)), kStartTime + 4);
  EXPECT_EQ(Stats().steps_in_cmd, 0u);
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 1, 1, 0));
  LS_OK(fbmu_lockstep_settle(ls_));
  EXPECT_EQ(fbmu_lockstep_now(ls_), kStartTime + 5);
  uint32_t pending = 0, dropped = 0;
  LS_OK(fbmu_lockstep_event_count(ls_, &pending, &dropped));
  EXPECT_EQ(pending, 1u);  // a ended at its expiry
}

// Over random seeds, the stream puts steps inside commands and checks memory in place at least
// every 100 ops and at the end.
TEST_F(FcovTest, RandomStreamStepsInsideCommandsAndChecksMemoryEveryHundredOps) {
  Open(3);
  EXPECT_EQ(RunRandom(3, 1000), 1000u) << fbmu_lockstep_report(ls_);
  fbmu_lockstep_stats_t st = Stats();
  EXPECT_EQ(st.memory_checks, 10u);
  EXPECT_GT(st.frames_compared, 10u);
  EXPECT_GT(st.steps_in_cmd, 0u);
  EXPECT_GT(st.calls[FBMU_LS_STEP_IN_CMD], 0u);
}

}  // namespace
}  // namespace fbmu_lockstep_test
