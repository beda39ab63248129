// Lockstep on the correct RTL: a hand-written sequence that makes every checked call and passes
// through the interesting states (short reads, out-of-range, expiry at the exact second, revoke,
// fence and fence clear, offline, deferred teardown, arena-size change, reset), and a proof that
// the checker reports a divergence with the op, the expected and the actual value.
#include <cstring>
#include <vector>

#include "lockstep_fixture.h"

namespace fbmu_lockstep_test {
namespace {

TEST_F(LockstepTest, HandWrittenSequenceOverEveryCallAgrees) {
  std::vector<uint8_t> data(9000), buf(9000);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<uint8_t>(i * 7 + 3);
  uint32_t n = 0;
  uint64_t v = 0;
  fbmu_lease_info_t a{}, b{}, c{}, info{};
  fbmu_event_t ev{};
  uint32_t pending = 0, dropped = 0;

  // Session and bootstrap arena.
  LS_OK(fbmu_lockstep_hello(ls_));
  LS_OK(fbmu_lockstep_get_arena_size(ls_, &v));
  EXPECT_EQ(v, 4096u);
  LS_OK(fbmu_lockstep_write(ls_, 1, data.data(), 4095));
  LS_OK(fbmu_lockstep_read(ls_, 4000, buf.data(), 200, &n));
  EXPECT_EQ(n, 96u);  // short read at the end of the arena
  LS_EXPECT(FBMU_E_OUT_OF_RANGE, fbmu_lockstep_write(ls_, 4000, data.data(), 97));
  LS_EXPECT(FBMU_E_OUT_OF_RANGE, fbmu_lockstep_read(ls_, 4096, buf.data(), 1, &n));

  // A lease: whole-arena transfer in two chunks, unaligned access, every out-of-range edge.
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 10, &a));
  EXPECT_EQ(a.status, FBMU_LEASE_ACTIVE);
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 4096));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 4097, &n));
  EXPECT_EQ(n, 4096u);
  EXPECT_EQ(std::memcmp(buf.data(), data.data(), 4096), 0);
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 4093, data.data() + 11, 3));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, 4091, buf.data(), 5, &n));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, 4096 - 1, buf.data(), 0, &n));
  LS_EXPECT(FBMU_E_OUT_OF_RANGE, fbmu_lockstep_write_lease(ls_, a.lease_id, 4095, data.data(), 2));
  LS_EXPECT(FBMU_E_OUT_OF_RANGE,
            fbmu_lockstep_read_lease(ls_, a.lease_id, 4096, buf.data(), 1, &n));
  LS_EXPECT(FBMU_E_OUT_OF_RANGE,
            fbmu_lockstep_read_lease(ls_, a.lease_id, UINT64_MAX, buf.data(), 1, &n));
  LS_EXPECT(FBMU_E_OUT_OF_RANGE,
            fbmu_lockstep_write_lease(ls_, a.lease_id, UINT64_MAX, data.data(), 1));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  LS_OK(fbmu_lockstep_renew(ls_, a.lease_id, 5, &v));  // shorter than the current expiry: kept
  EXPECT_EQ(v, a.expires_at_unix_secs);
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, fbmu_lease_id_t{0, 0}, &info));
  fbmu_lease_id_t off_by_one = a.lease_id;
  off_by_one.lo ^= 1u << 17;
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_read_lease(ls_, off_by_one, 0, buf.data(), 4, &n));

  // Expiry: live one second before, dead on the second itself, with its event.
  LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs - 1, 1));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 16, &n));
  LS_OK(fbmu_lockstep_set_time(ls_, a.expires_at_unix_secs, 1));
  LS_EXPECT(FBMU_E_LEASE_EXPIRED, fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 1));
  LS_EXPECT(FBMU_E_LEASE_EXPIRED, fbmu_lockstep_renew(ls_, a.lease_id, 100, &v));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
  LS_OK(fbmu_lockstep_event_count(ls_, &pending, &dropped));
  EXPECT_EQ(pending, 1u);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, a.expires_at_unix_secs);
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_read_event(ls_, &ev));

  // Revoke; the new tenant of the frame sees zeros.
  LS_OK(fbmu_lockstep_alloc(ls_, 1, 100, &b));
  LS_OK(fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), 4096, &n));
  LS_OK(fbmu_lockstep_write_lease(ls_, b.lease_id, 7, data.data(), 5000 - 7 - 1000));
  LS_OK(fbmu_lockstep_free(ls_, b.lease_id));
  LS_EXPECT(FBMU_E_REVOKED, fbmu_lockstep_free(ls_, b.lease_id));
  LS_EXPECT(FBMU_E_REVOKED, fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), 1, &n));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);

  // Saturating expiry arithmetic.
  LS_OK(fbmu_lockstep_alloc(ls_, 64, UINT64_MAX, &c));
  EXPECT_EQ(c.expires_at_unix_secs, UINT64_MAX);
  LS_OK(fbmu_lockstep_renew(ls_, c.lease_id, UINT64_MAX, &v));
  LS_OK(fbmu_lockstep_free(ls_, c.lease_id));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
  LS_EXPECT(FBMU_E_INVALID_ARGUMENT, fbmu_lockstep_alloc(ls_, 1, 0, &info));
  LS_EXPECT(FBMU_E_CAPACITY_EXCEEDED, fbmu_lockstep_alloc(ls_, 4097, 10, &info));

  // A stuck cell in the frame: it reads 1, the teardown's read-back fails, the lease and frame are
  // fenced; a fence clear frees the frame only once the cell is repaired.
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, &c));
  LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, c.lease_id)));
  LS_OK(fbmu_lockstep_write_lease(ls_, c.lease_id, 0, data.data(), 64));
  LS_OK(fbmu_lockstep_read_lease(ls_, c.lease_id, 0, buf.data(), 64, &n));
  EXPECT_EQ(buf[5], data[5] | 0x08);
  LS_OK(fbmu_lockstep_free(ls_, c.lease_id));
  LS_OK(fbmu_lockstep_query(ls_, c.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_FENCED);
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_read_lease(ls_, c.lease_id, 0, buf.data(), 1, &n));
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_free(ls_, c.lease_id));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  LS_EXPECT(FBMU_E_UNSUPPORTED, fbmu_lockstep_set_arena_size(ls_, 8192));
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_fence_clear(ls_));  // the cell is still stuck
  LS_EXPECT(FBMU_E_UNSUPPORTED, fbmu_lockstep_set_arena_size(ls_, 8192));
  LS_OK(fbmu_lockstep_inject_fault(ls_, FBMU_FAULT_CLEAR_ALL));
  LS_OK(fbmu_lockstep_fence_clear(ls_));
  LS_EXPECT(FBMU_E_INVALID_ARGUMENT, fbmu_lockstep_set_arena_size(ls_, 100));
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 8192));
  LS_OK(fbmu_lockstep_get_arena_size(ls_, &v));
  EXPECT_EQ(v, 8192u);

  // Offline: every command gives Disconnected and the session closes.
  LS_OK(fbmu_lockstep_set_online(ls_, 0));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_hello(ls_));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_alloc(ls_, 1, 10, &info));
  LS_OK(fbmu_lockstep_set_online(ls_, 1));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_read(ls_, 0, buf.data(), 4, &n));
  LS_OK(fbmu_lockstep_hello(ls_));
  LS_OK(fbmu_lockstep_read(ls_, 0, buf.data(), 8192, &n));  // re-partition zeroed it

  // Deferred teardown: accesses right after the expiring step, then settle.
  LS_OK(fbmu_lockstep_alloc(ls_, 8192, 3, &a));
  LS_OK(fbmu_lockstep_alloc(ls_, 8192, 3, &b));
  LS_OK(fbmu_lockstep_write_lease(ls_, b.lease_id, 100, data.data(), 8000));
  LS_OK(fbmu_lockstep_advance_time(ls_, 3, 0));
  LS_EXPECT(FBMU_E_LEASE_EXPIRED, fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 4, &n));
  LS_OK(fbmu_lockstep_alloc(ls_, 100, 50, &c));
  LS_OK(fbmu_lockstep_read_lease(ls_, c.lease_id, 0, buf.data(), 8192, &n));
  LS_OK(fbmu_lockstep_settle(ls_));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));

  // Reset: every lease gone, session closed, memory zero, arena size back to the default.
  LS_OK(fbmu_lockstep_reset(ls_));
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, c.lease_id, &info));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_read(ls_, 0, buf.data(), 4, &n));
  LS_OK(fbmu_lockstep_hello(ls_));
  LS_OK(fbmu_lockstep_read(ls_, 0, buf.data(), 4096, &n));
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 10, &a));
  LS_OK(fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 4096, &n));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 5, data.data(), 300));
  LS_OK(fbmu_lockstep_step_in_cmd(ls_, 1, 1, 3));  // lands after the check: it makes no command
  LS_OK(fbmu_lockstep_step_in_plat(ls_, 1, 2));    // inside the clear (no frame fenced: short)
  LS_OK(fbmu_lockstep_fence_clear(ls_));
  LS_OK(fbmu_lockstep_check_memory(ls_));

  // Raw writes with byte strobes: a CMD write without the opcode byte right after an ALLOC starts
  // nothing (the RTL once re-ran the ALLOC); with it, the opcode in byte 0 runs.
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &b));
  LS_OK(fbmu_lockstep_reg_write(ls_, FBMU_REG_CMD, 0, 0x2));
  LS_OK(fbmu_lockstep_reg_write(ls_, FBMU_REG_CMD, 0xFFFF0000u | FBMU_OP_QUERY, 0x1));
  LS_OK(fbmu_lockstep_reg_write(ls_, FBMU_REG_ARG_A_LO + 1, 0xAABBCCDDu, 0x6));
  LS_OK(fbmu_lockstep_reg_write(ls_, FBMU_REG_IRQ_ENABLE, 0, 0xE));
  LS_OK(fbmu_lockstep_reg_write(ls_, FBMU_WIN_STAGING + 8, 0x11223344u, 0x9));
  LS_EXPECT(FBMU_E_BUS_ERROR, fbmu_lockstep_reg_write(ls_, FBMU_REG_STATUS, 0, 0x1));
  LS_EXPECT(FBMU_E_BUS_ERROR, fbmu_lockstep_reg_write(ls_, 0x200u, 0, 0x3));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &c));
  // Reset inside a command: the FREE is cut while it zeroes the frame.
  LS_OK(fbmu_lockstep_arm_reset(ls_, 1, 100));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_free(ls_, a.lease_id));
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, a.lease_id, &info));

  fbmu_lockstep_stats_t st;
  fbmu_lockstep_get_stats(ls_, &st);
  for (int k = 0; k < FBMU_LS_CALL_COUNT; k++)
    EXPECT_GT(st.calls[k], 0u) << "never made "
                               << fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(k));
  EXPECT_EQ(st.mismatches, 0u);
  EXPECT_GT(st.teardowns, 0u);
  EXPECT_LE(st.worst_teardown_cycles, st.worst_teardown_bound);
  EXPECT_EQ(st.memory_checks, 1u);
}

// Moving the RTL's clock behind the checker's back makes the sides differ: the checker must stop at
// that call and say which call, which field, what the model expected and what the RTL gave.
TEST_F(LockstepTest, ReportsFirstDivergenceWithOpExpectedAndActual) {
  fbmu_lease_info_t a{}, info{};
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  ASSERT_EQ(fbmu_sim_set_time(fbmu_lockstep_sim(ls_), a.expires_at_unix_secs), FBMU_OK);
  EXPECT_EQ(fbmu_lockstep_query(ls_, a.lease_id, &info), FBMU_LOCKSTEP_DIVERGED);
  ASSERT_TRUE(fbmu_lockstep_diverged(ls_));
  std::string r = fbmu_lockstep_report(ls_);
  EXPECT_NE(r.find("op:       #2 fbmu_query("), std::string::npos) << r;
  EXPECT_NE(r.find("info.status"), std::string::npos) << r;
  EXPECT_NE(r.find("expected: {id="), std::string::npos) << r;
  EXPECT_NE(r.find("status=1}"), std::string::npos) << r;  // the model: still ACTIVE
  EXPECT_NE(r.find("status=2}"), std::string::npos) << r;  // the RTL: EXPIRED
  EXPECT_NE(r.find("id_seed"), std::string::npos) << r;
  EXPECT_NE(r.find("cycle:"), std::string::npos) << r;
  EXPECT_NE(r.find("RTC:"), std::string::npos) << r;
  // Stopped: nothing more is run.
  uint64_t cycles = fbmu_lockstep_cycles(ls_);
  EXPECT_EQ(fbmu_lockstep_hello(ls_), FBMU_LOCKSTEP_DIVERGED);
  EXPECT_EQ(fbmu_lockstep_cycles(ls_), cycles);
}

// Contract (Free): a teardown still in progress never causes a spurious CapacityExceeded. An ALLOC
// issued on the cycle after the RTC step that ended the only lease frame's tenant (64 KiB arena:
// one lease frame, 8 K cycles of zeroing) and one that needs a record still being torn down must
// both wait and succeed, as in the model, and the new tenant must read zeros.
TEST_F(LockstepTest, AllocRightBehindATeardownWaitsInsteadOfCapacityExceeded) {
  std::vector<uint8_t> data(65536, 0xC3), buf(65536);
  fbmu_lease_info_t a{}, b{}, info{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 65536));
  LS_OK(fbmu_lockstep_alloc(ls_, 65536, 3, &a));
  LS_OK(fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 65536));
  LS_EXPECT(FBMU_E_CAPACITY_EXCEEDED, fbmu_lockstep_alloc(ls_, 1, 3, &info));
  LS_OK(fbmu_lockstep_advance_time(ls_, 3, 0));
  LS_OK(fbmu_lockstep_alloc(ls_, 65536, 10, &b));
  LS_OK(fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), 65536, &n));
  EXPECT_EQ(n, 65536u);
  LS_OK(fbmu_lockstep_settle(ls_));
  LS_OK(fbmu_lockstep_free(ls_, b.lease_id));

  // Record pressure: every record ACTIVE, all end on one step, ALLOC on the next cycle.
  LS_OK(fbmu_lockstep_set_time(ls_, kStartTime + 100, 1));
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 64));
  for (int i = 0; i < 16; i++) LS_OK(fbmu_lockstep_alloc(ls_, 64, 5, &a));
  LS_EXPECT(FBMU_E_CAPACITY_EXCEEDED, fbmu_lockstep_alloc(ls_, 64, 5, &info));
  LS_OK(fbmu_lockstep_advance_time(ls_, 5, 0));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 5, &b));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 5, &b));
  LS_OK(fbmu_lockstep_settle(ls_));
  fbmu_lockstep_stats_t st;
  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_GE(st.calls_during_teardown, 2u);
}

// A teardown that will fail its zeroing, still running when the next calls come: the lease is
// FENCED once the engine gets there (the model has it FENCED at once), so the checker waits.
TEST_F(LockstepTest, CallsRightBehindAFailingTeardownSeeFenced) {
  std::vector<uint8_t> buf(16);
  fbmu_lease_info_t a{}, b{}, info{};
  fbmu_event_t ev{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 3, &a));
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 3, &b));
  LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, a.lease_id)));
  LS_OK(fbmu_lockstep_advance_time(ls_, 3, 0));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_FENCED);
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_read_lease(ls_, a.lease_id, 0, buf.data(), 16, &n));
  LS_EXPECT(FBMU_E_LEASE_EXPIRED, fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), 16, &n));
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
}

// Spec 11: a warm reset inside a command (here: during a 4 KiB WRITE_LEASE, and during the reads
// of a QUERY's results) cuts the call with DISCONNECTED on the RTL; the model is reset at that
// point and both sides agree from then on: the old lease is gone, memory is zero, and the ids
// issued after the reset (same seed) differ from the ones before it.
TEST_F(LockstepTest, ResetInsideACommandGivesDisconnectedAndBothSidesStartAfresh) {
  std::vector<uint8_t> data(4096, 0x5A), buf(4096);
  fbmu_lease_info_t a{}, b{}, info{};
  fbmu_lockstep_stats_t st{};
  uint32_t n = 0;
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, &a));
  LS_OK(fbmu_lockstep_arm_reset(ls_, 1, 30));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_write_lease(ls_, a.lease_id, 0, data.data(), 4096));
  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_EQ(st.resets_in_command, 1u);
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, a.lease_id, &info));
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, &b));
  EXPECT_FALSE(b.lease_id.hi == a.lease_id.hi && b.lease_id.lo == a.lease_id.lo);
  LS_OK(fbmu_lockstep_read_lease(ls_, b.lease_id, 0, buf.data(), 4096, &n));
  EXPECT_EQ(buf, std::vector<uint8_t>(4096, 0));
  LS_OK(fbmu_lockstep_check_memory(ls_));
  // Cut after the command, while the driver reads QUERY's results.
  LS_OK(fbmu_lockstep_arm_reset(ls_, 1, 12));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_query(ls_, b.lease_id, &info));
  // Armed for a call that ends first (one CMD write, not two): nothing happens.
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 100, &a));
  LS_OK(fbmu_lockstep_arm_reset(ls_, 2, 0));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_EQ(st.resets_in_command, 2u);
  EXPECT_EQ(fbmu_model_reset_epoch(fbmu_lockstep_model(ls_)), 2u);
}

// Spec 6: ALLOC on RTC = 2^64-1 saturates expires_at to now, so the lease ends at once (EXPIRED
// event at that second) -- the RTL's ALLOC must not return while that teardown still runs.
TEST_F(LockstepTest, AllocOnTheLastRtcSecondEndsTheLeaseAtOnce) {
  fbmu_lease_info_t a{};
  fbmu_event_t ev{};
  LS_OK(fbmu_lockstep_set_time(ls_, UINT64_MAX, 1));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  EXPECT_EQ(a.expires_at_unix_secs, UINT64_MAX);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, UINT64_MAX);
  fbmu_lease_info_t info{};
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
}

// Spec 3 ("A command sees one time") on an ALLOC that recycles a record of a full table: every
// record used (64-byte arenas), records 1 and 2 ended and torn down, record 0's lease (frame 1)
// ending at T. Two ALLOCs back to back take records 1 and 2 with frames 2 and 3; a step to T
// published at each cycle of the second one, from its CMD write until past its end, lands after
// it: it neither gets frame 1 (zeroed only after it) nor another record, and lease 0 ends after
// it with its event at T, as in the model (frames compared byte for byte through the backdoor).
TEST_F(LockstepTest, TimeStepAtEachCycleOfARecyclingAllocLandsAfterIt) {
  const std::vector<uint8_t> data(64, 0xA5);
  std::vector<fbmu_lease_info_t> lease(16);
  fbmu_lease_info_t a1{}, a2{}, info{};
  fbmu_event_t ev{};
  uint64_t busy_steps = 0;
  for (uint64_t cycles = 0; cycles < 48; cycles++) {
    SCOPED_TRACE("step " + std::to_string(cycles) + " cycles after the second ALLOC's CMD write");
    LS_OK(fbmu_lockstep_reset(ls_));
    LS_OK(fbmu_lockstep_set_arena_size(ls_, 64));
    for (size_t i = 0; i < lease.size(); i++)
      LS_OK(fbmu_lockstep_alloc(ls_, 64, i == 0 ? 3 : (i < 3 ? 1 : 100), &lease[i]));
    const uint64_t t_end = lease[0].expires_at_unix_secs;
    LS_OK(fbmu_lockstep_advance_time(ls_, 1, 1));  // leases 1 and 2 end and are torn down
    LS_OK(fbmu_lockstep_alloc(ls_, 64, 100, &a1));
    LS_OK(fbmu_lockstep_step_in_cmd(ls_, t_end - fbmu_lockstep_now(ls_), 1, cycles));
    LS_OK(fbmu_lockstep_alloc(ls_, 64, 100, &a2));
    ASSERT_FALSE(::testing::Test::HasFailure());
    LS_OK(fbmu_lockstep_write_lease(ls_, a2.lease_id, 0, data.data(), 64));
    LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, lease[1].lease_id, &info));
    LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_query(ls_, lease[2].lease_id, &info));
    LS_OK(fbmu_lockstep_query(ls_, lease[0].lease_id, &info));
    EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
    LS_OK(fbmu_lockstep_read_event(ls_, &ev));  // leases 1 and 2, then 0
    LS_OK(fbmu_lockstep_read_event(ls_, &ev));
    LS_OK(fbmu_lockstep_read_event(ls_, &ev));
    EXPECT_EQ(ev.time_unix_secs, t_end);
    LS_OK(fbmu_lockstep_check_memory(ls_));
    fbmu_lockstep_stats_t st{};
    fbmu_lockstep_get_stats(ls_, &st);
    busy_steps = st.steps_in_busy_cmd;
  }
  EXPECT_GT(busy_steps, 0u);  // some steps were published while the ALLOC still ran
}

// The checker as one platform port: every step reaches both sides and is checked, so code written
// against fbmu_platform_t (driver/fbmu_platform.h) runs in lockstep unchanged.
TEST_F(LockstepTest, PlatformPortDrivesBothSidesAndChecksEachStep) {
  const fbmu_platform_t *plat = fbmu_lockstep_platform(ls_);
  ASSERT_NE(plat, nullptr);
  EXPECT_EQ(plat, fbmu_lockstep_platform(ls_));  // one table per checker
  fbmu_sim_t *sim = fbmu_lockstep_sim(ls_);
  fbmu_model_t *model = fbmu_lockstep_model(ls_);
  fbmu_lease_info_t a{}, info{};
  fbmu_lockstep_stats_t st{};

  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(plat->advance_time(plat->ctx, 9));
  EXPECT_EQ(plat->now(plat->ctx), kStartTime + 9);
  EXPECT_EQ(fbmu_sim_time(sim), kStartTime + 9);  // the RTC reached the RTL too
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_ACTIVE);
  LS_OK(plat->set_time(plat->ctx, a.expires_at_unix_secs));
  LS_OK(fbmu_lockstep_query(ls_, a.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);

  LS_OK(plat->set_online(plat->ctx, 0));
  LS_EXPECT(FBMU_E_DISCONNECTED, fbmu_lockstep_hello(ls_));
  LS_OK(plat->set_online(plat->ctx, 1));
  LS_OK(plat->set_arena_size(plat->ctx, 8192));
  EXPECT_EQ(fbmu_model_arena_size(model), 8192u);
  LS_EXPECT(FBMU_E_INVALID_ARGUMENT, plat->set_arena_size(plat->ctx, 100));
  LS_OK(fbmu_lockstep_alloc(ls_, 64, 10, &a));
  LS_OK(plat->inject_fault(plat->ctx, StuckBitOf(ls_, a.lease_id)));
  LS_OK(fbmu_lockstep_free(ls_, a.lease_id));  // its read-back fails: the frame is fenced
  EXPECT_EQ(fbmu_model_fenced_frames(model), 1u);
  LS_EXPECT(FBMU_E_FENCED, plat->fence_clear(plat->ctx));  // still stuck
  LS_OK(plat->inject_fault(plat->ctx, FBMU_FAULT_CLEAR_ALL));
  LS_OK(plat->fence_clear(plat->ctx));
  EXPECT_EQ(fbmu_model_fenced_frames(model), 0u);
  LS_OK(plat->reset(plat->ctx));
  EXPECT_EQ(fbmu_model_arena_size(model), 4096u);

  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_EQ(st.calls[FBMU_LS_ADVANCE_TIME], 1u);
  EXPECT_EQ(st.calls[FBMU_LS_SET_TIME], 1u);
  EXPECT_EQ(st.calls[FBMU_LS_SET_ONLINE], 2u);
  EXPECT_EQ(st.calls[FBMU_LS_SET_ARENA_SIZE], 2u);
  EXPECT_EQ(st.calls[FBMU_LS_INJECT_FAULT], 2u);
  EXPECT_EQ(st.calls[FBMU_LS_FENCE_CLEAR], 2u);
  EXPECT_EQ(st.calls[FBMU_LS_RESET], 1u);
  EXPECT_GT(st.teardowns, 0u);  // the time steps settled and were timed
}

// Spec 3, "A time step during a platform request": a step that reaches the unit while FENCE_CLEAR
// zeroes a fenced frame ends the lease it reaches at once, but the lease's teardown waits until the
// request has given the memory back (the teardown engine's hold), so the clear never touches that
// frame and gives the result it would have given without the step. Here the ending lease's frame
// has a stuck cell: its teardown, after the clear, fences it. The model takes the step right after
// its request; both sides must agree on every answer.
TEST_F(LockstepTest, TimeStepInsideFenceClearTearsTheEndedLeaseDownAfterTheRequest) {
  fbmu_sim_t *sim = fbmu_lockstep_sim(ls_);
  fbmu_lease_info_t a{}, b{}, info{};
  fbmu_event_t ev{};
  fbmu_lockstep_stats_t st{};
  int rc = FBMU_LOCKSTEP_DIVERGED;
  ASSERT_NO_FATAL_FAILURE(FenceClearWithAStepToAnExpiry(&a, &b, &rc));
  LS_OK(rc);  // a's frame reads back zero again; b's untouched
  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_EQ(st.steps_in_plat, 1u);
  EXPECT_EQ(st.fcov[FBMU_FCOV_STEP_IN_PLAT_HOLD], 1u);
  EXPECT_GE(fbmu_sim_plat_held_teardown_cycles(sim), 1u);  // b's teardown waited for the memory
  EXPECT_EQ(fbmu_lockstep_now(ls_), b.expires_at_unix_secs);
  EXPECT_EQ(fbmu_model_fenced_frames(fbmu_lockstep_model(ls_)), 1u);  // b's, fenced after the clear

  LS_OK(fbmu_lockstep_query(ls_, b.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_FENCED);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));  // a's, from its FREE
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  EXPECT_TRUE(ev.lease_id.hi == a.lease_id.hi && ev.lease_id.lo == a.lease_id.lo);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));  // b's, at the second the step reached
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  EXPECT_TRUE(ev.lease_id.hi == b.lease_id.hi && ev.lease_id.lo == b.lease_id.lo);
  EXPECT_EQ(ev.time_unix_secs, b.expires_at_unix_secs);
  LS_EXPECT(FBMU_E_NOT_FOUND, fbmu_lockstep_read_event(ls_, &ev));
  // The next clear gets b's frame: still stuck, so it stays fenced.
  LS_EXPECT(FBMU_E_FENCED, fbmu_lockstep_fence_clear(ls_));
  LS_OK(fbmu_lockstep_check_memory(ls_));
}

// The other requests with a step inside, the step published on the request's first cycle: the
// request still decides with the time from before (its checks come first), and the step's leases
// end after it. INJECT_FAULT's stuck cell is in place when the ended lease's frame is zeroed
// (fenced); SET_ARENA_SIZE is refused for the lease that was ACTIVE when it checked. A step armed
// before a call that is no platform request lands when that call returns.
TEST_F(LockstepTest, TimeStepInsideOtherRequestsLandsAfterTheirChecks) {
  fbmu_lease_info_t c{}, d{}, info{};
  fbmu_event_t ev{};
  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 20, &c));
  LS_OK(fbmu_lockstep_step_in_plat(ls_, 20, 0));
  LS_OK(fbmu_lockstep_inject_fault(ls_, StuckBitOf(ls_, c.lease_id)));
  LS_OK(fbmu_lockstep_query(ls_, c.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_FENCED);
  LS_OK(fbmu_lockstep_read_event(ls_, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(ev.time_unix_secs, c.expires_at_unix_secs);
  LS_OK(fbmu_lockstep_inject_fault(ls_, FBMU_FAULT_CLEAR_ALL));
  LS_OK(fbmu_lockstep_fence_clear(ls_));

  LS_OK(fbmu_lockstep_alloc(ls_, 4096, 5, &d));
  LS_OK(fbmu_lockstep_step_in_plat(ls_, 5, 0));
  LS_EXPECT(FBMU_E_UNSUPPORTED, fbmu_lockstep_set_arena_size(ls_, 8192));  // d was ACTIVE
  LS_OK(fbmu_lockstep_query(ls_, d.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
  LS_OK(fbmu_lockstep_set_arena_size(ls_, 8192));  // every lease torn down now

  LS_OK(fbmu_lockstep_alloc(ls_, 64, 7, &c));
  LS_OK(fbmu_lockstep_step_in_plat(ls_, 7, 3));
  LS_OK(fbmu_lockstep_query(ls_, c.lease_id, &info));  // no request: the step lands after it
  EXPECT_EQ(info.status, FBMU_LEASE_ACTIVE);
  LS_OK(fbmu_lockstep_query(ls_, c.lease_id, &info));
  EXPECT_EQ(info.status, FBMU_LEASE_EXPIRED);
  fbmu_lockstep_stats_t st{};
  fbmu_lockstep_get_stats(ls_, &st);
  EXPECT_EQ(st.steps_in_plat, 2u);
  EXPECT_EQ(st.fcov[FBMU_FCOV_STEP_IN_PLAT_HOLD], 0u);  // no request here held a teardown off
}

}  // namespace
}  // namespace fbmu_lockstep_test
