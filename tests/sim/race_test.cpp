// Timing races the model cannot show (its teardown is instantaneous): an RTC step landing on the
// cycle a write command arrives, a FREE while another lease's teardown runs, an ALLOC while the
// only frame is being zeroed, an RTC step back while the expiry scan still has to mark a lease the
// step before it ended, and capacity when every record is live or fenced. Memory contents
// are checked through the harness's backdoor (fbmu_sim_peek_mem), which sees arena bytes no
// command could reach once a lease has ended.
#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

class RaceTest : public SimTest {
 protected:
  // Run the clock until a step armed with fbmu_sim_set_time_at has been applied, then settle.
  void finish_rtc_step(uint64_t secs) {
    for (int i = 0; i < 1000 && fbmu_sim_time(sim) != secs; ++i) ASSERT_OK(fbmu_sim_run(sim, 1));
    ASSERT_EQ(fbmu_sim_time(sim), secs);
    ASSERT_OK(fbmu_sim_settle(sim, 100000, nullptr));
  }

  // A 10 s lease whose first len bytes hold nonzero_pattern(len, salt) (*a); *base is the backdoor
  // address of its frame.
  void lease_holding(uint32_t len, uint32_t salt, fbmu_lease_info_t *l, Bytes *a, uint64_t *base);

  // WRITE_LEASE of b at offset 0 of lease l, issued register by register, with the RTC stepping to
  // the lease's expiry k cycles after the CMD write is posted; *rc is the command's result, read
  // once the step has been applied. With watch: every cycle until the unit is idle again, the
  // arena bytes at watch_addr are read through the backdoor; *any_landed: some snapshot held a
  // byte of b at its place, *all_landed: some snapshot held all of b.
  void write_racing_expiry(const fbmu_lease_info_t &l, const Bytes &b, int k, int *rc,
                           bool watch = false, uint64_t watch_addr = 0, bool *any_landed = nullptr,
                           bool *all_landed = nullptr) {
    write_staging(b);
    write_id_args(l.lease_id);
    wr_ok(FBMU_REG_ARG_A_LO, 0);
    wr_ok(FBMU_REG_ARG_A_HI, 0);
    wr_ok(FBMU_REG_ARG_LEN, static_cast<uint32_t>(b.size()));
    ASSERT_OK(fbmu_sim_set_time_at(sim, fbmu_sim_cycles(sim) + static_cast<uint64_t>(k),
                                   l.expires_at_unix_secs));
    wr_ok(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE);
    if (watch) {
      *any_landed = *all_landed = false;
      Bytes m(b.size());
      for (int i = 0; i < 100000 && !fbmu_sim_idle(sim); ++i) {
        ASSERT_OK(fbmu_sim_peek_mem(sim, watch_addr, m.data(), static_cast<uint32_t>(m.size())));
        size_t same = 0;
        for (size_t j = 0; j < m.size(); ++j) same += m[j] == b[j];
        *any_landed = *any_landed || same > 0;
        *all_landed = *all_landed || same == m.size();
        ASSERT_OK(fbmu_sim_run(sim, 1));
      }
      ASSERT_TRUE(fbmu_sim_idle(sim));
    }
    *rc = wait_result();
    finish_rtc_step(l.expires_at_unix_secs);
  }
};
using CapacityTest = SimTest;

// Which frame (by index) holds `data` at its start, or -1.
int find_frame(fbmu_sim_t *sim, uint64_t arena, const Bytes &data) {
  const uint64_t frames = fbmu_sim_mem_bytes(sim) / arena;
  Bytes buf(data.size());
  for (uint64_t f = 0; f < frames; ++f) {
    if (fbmu_sim_peek_mem(sim, f * arena, buf.data(), static_cast<uint32_t>(buf.size())) != FBMU_OK)
      return -1;
    if (buf == data) return static_cast<int>(f);
  }
  return -1;
}

Bytes peek(fbmu_sim_t *sim, uint64_t addr, uint32_t len) {
  Bytes b(len);
  EXPECT_OK(fbmu_sim_peek_mem(sim, addr, b.data(), len));
  return b;
}

// Two patterns that differ in every byte and have no zero byte.
Bytes nonzero_pattern(size_t n, uint32_t salt) {
  Bytes b = pattern(n, salt);
  for (auto &x : b) x = static_cast<uint8_t>((x & 0x7F) | 0x01);
  return b;
}
Bytes other_pattern(const Bytes &a) {
  Bytes b(a);
  for (auto &x : b) x = static_cast<uint8_t>(x | 0x80);
  return b;
}

void RaceTest::lease_holding(uint32_t len, uint32_t salt, fbmu_lease_info_t *l, Bytes *a,
                             uint64_t *base) {
  *l = alloc_ok(0, 10);
  *a = nonzero_pattern(len, salt);
  ASSERT_OK(fbmu_write_lease(dev, l->lease_id, 0, a->data(), len));
  const int frame = find_frame(sim, l->arena_size, *a);
  ASSERT_GE(frame, 1);
  *base = static_cast<uint64_t>(frame) * l->arena_size;
}

TEST_F(RaceTest, BackdoorSeesWhatTheBusWrote) {
  fbmu_lease_info_t l = alloc_ok();
  const Bytes a = nonzero_pattern(40, 1);
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, a.data(), 40));
  EXPECT_EQ(find_frame(sim, l.arena_size, a), 1);  // the lowest lease frame
  EXPECT_EQ(peek(sim, l.arena_size + 3, 5), Bytes(a.begin() + 3, a.begin() + 8));
  uint8_t x;
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_sim_peek_mem(sim, fbmu_sim_mem_bytes(sim) - 1, &x, 2));
}

// The RTC reaches the lease's expiry k cycles after the CMD write of a WRITE_LEASE is posted, for
// k from before the command is accepted to after it completed. Whatever k, the write either failed
// with LeaseExpired and no byte of it reached the arena, or it succeeded whole; and once the RTC is
// at the expiry when the command is accepted, it fails.
TEST_F(RaceTest, ExpiryRacingAWriteEitherRejectsItWholeOrCompletesIt) {
  const uint32_t len = 64;
  int first_ok = -1;
  for (int k = 0; k <= 24; ++k) {
    SCOPED_TRACE("RTC steps " + std::to_string(k) + " cycles after the CMD write is posted");
    fbmu_lease_info_t l{};
    Bytes a;
    uint64_t base = 0;
    ASSERT_NO_FATAL_FAILURE(lease_holding(len, static_cast<uint32_t>(k) + 1, &l, &a, &base));
    const Bytes b = other_pattern(a);
    int rc = FBMU_OK;
    ASSERT_NO_FATAL_FAILURE(write_racing_expiry(l, b, k, &rc));

    if (k == 0) {
      EXPECT_RC(FBMU_E_LEASE_EXPIRED, rc) << "RTC at expiry before the command arrived";
    }
    if (rc == FBMU_OK) {
      if (first_ok < 0) first_ok = k;
    } else {
      EXPECT_RC(FBMU_E_LEASE_EXPIRED, rc);
      EXPECT_LT(first_ok, 0) << "failed although an earlier RTC step let the write through";
    }
    // The expiry teardown has run (the next test looks at the bytes before it gets there).
    EXPECT_TRUE(all_zero(peek(sim, base, len)));
    EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
    fbmu_event_t ev{};
    ASSERT_OK(fbmu_read_event(dev, &ev));
    EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
    ASSERT_OK(fbmu_sim_set_time(sim, kStartTime));  // next lease starts from the same time
  }
  EXPECT_GT(first_ok, 0) << "no step was late enough for the write to complete";
  RecordProperty("first_cycle_write_wins", std::to_string(first_ok));
}

// A command uses the time of its CMD write (spec 3). A time published k cycles after the CMD write
// was answered reaches the unit while the command still looks its lease up (the search visits the
// records one per cycle: a full table makes it long) or moves the bytes; it must not end the lease
// under the command. Whatever k, the write completes whole, and the lease expires (at its expiry
// second) as soon as the command is done.
TEST_F(RaceTest, ATimeArrivingAfterTheCmdWriteWaitsUntilTheCommandCompletes) {
  const uint32_t len = 64;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, len));
  for (uint32_t i = 1; i < fbmu_sim_lease_slots(sim); ++i) alloc_ok(0, 100000);
  for (int k = 0; k <= 12; ++k) {
    SCOPED_TRACE("RTC published " + std::to_string(k) + " cycles after the CMD write returned");
    const fbmu_lease_info_t l = alloc_ok(0, 10);  // the last record (an ended one recycled)
    const Bytes b = nonzero_pattern(len, static_cast<uint32_t>(k) + 7);
    write_staging(b);
    write_id_args(l.lease_id);
    wr_ok(FBMU_REG_ARG_A_LO, 0);
    wr_ok(FBMU_REG_ARG_A_HI, 0);
    wr_ok(FBMU_REG_ARG_LEN, len);
    wr_ok(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE);
    ASSERT_OK(fbmu_sim_set_time_at(sim, fbmu_sim_cycles(sim) + static_cast<uint64_t>(k),
                                   l.expires_at_unix_secs));
    EXPECT_RC(FBMU_OK, wait_result()) << "the command took a time that arrived after its CMD write";
    EXPECT_EQ(rd_ok(FBMU_REG_RES_LEN), len);
    finish_rtc_step(l.expires_at_unix_secs);
    EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
    fbmu_event_t ev{};
    ASSERT_OK(fbmu_read_event(dev, &ev));
    EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
    EXPECT_EQ(ev.time_unix_secs, l.expires_at_unix_secs);
    ASSERT_OK(fbmu_sim_set_time(sim, kStartTime));
  }
}

// A lease expires while a 4 KiB WRITE to another lease is copying: its teardown waits until the
// copy has released the memory, so no zero write is lost to the copy and the whole frame of the
// ended lease reads zero; the write lands whole.
TEST_F(RaceTest, ExpiryDuringAnotherLeasesCopyStillZeroesTheWholeFrame) {
  const uint32_t len = 4096;
  fbmu_lease_info_t ended{};
  Bytes old;
  uint64_t base = 0;
  ASSERT_NO_FATAL_FAILURE(lease_holding(len, 7, &ended, &old, &base));
  fbmu_lease_info_t live = alloc_ok(0, 1000);
  const Bytes b = nonzero_pattern(len, 9);
  write_staging(b);
  write_id_args(live.lease_id);
  wr_ok(FBMU_REG_ARG_A_LO, 0);
  wr_ok(FBMU_REG_ARG_A_HI, 0);
  wr_ok(FBMU_REG_ARG_LEN, len);
  // The step lands well inside the copy (len / 8 cycles).
  ASSERT_OK(fbmu_sim_set_time_at(sim, fbmu_sim_cycles(sim) + 40, ended.expires_at_unix_secs));
  wr_ok(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE);
  EXPECT_RC(FBMU_OK, wait_result());
  finish_rtc_step(ended.expires_at_unix_secs);
  EXPECT_EQ(status_of(ended.lease_id), FBMU_LEASE_EXPIRED);
  EXPECT_TRUE(all_zero(peek(sim, base, len))) << "the ended lease's frame kept bytes";
  EXPECT_EQ(read_lease_ok(live.lease_id, 0, len), b);
}

// The same race, with the arena watched through the backdoor on every cycle from the CMD write to
// the end of the expiry's teardown (which zeroes the frame afterwards): a write rejected for expiry
// never puts a byte in the arena, one that succeeded lands whole.
TEST_F(RaceTest, WriteRejectedForExpiryLeavesNoByteInTheArena) {
  const uint32_t len = 64;
  for (int k = 0; k <= 24; ++k) {
    SCOPED_TRACE("RTC steps " + std::to_string(k) + " cycles after the CMD write is posted");
    fbmu_lease_info_t l{};
    Bytes a;
    uint64_t base = 0;
    ASSERT_NO_FATAL_FAILURE(lease_holding(len, static_cast<uint32_t>(k) + 100, &l, &a, &base));
    const Bytes b = other_pattern(a);  // differs from a and from zero in every byte
    int rc = FBMU_OK;
    bool any = false, all = false;
    ASSERT_NO_FATAL_FAILURE(write_racing_expiry(l, b, k, &rc, true, base, &any, &all));
    if (rc == FBMU_OK) {
      EXPECT_TRUE(all) << "a write that succeeded landed whole";
    } else {
      EXPECT_RC(FBMU_E_LEASE_EXPIRED, rc);
      EXPECT_FALSE(any) << "a write rejected for expiry must not land";
    }
    if (k == 0) {
      EXPECT_NE(rc, FBMU_OK) << "RTC at expiry before the command arrived";
    }
    EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
    EXPECT_TRUE(all_zero(peek(sim, base, static_cast<uint32_t>(l.arena_size))));
    std::vector<fbmu_event_t> evs;
    fbmu_event_t ev{};
    while (fbmu_read_event(dev, &ev) == FBMU_OK) evs.push_back(ev);
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0].kind, FBMU_EVENT_EXPIRED);
    ASSERT_OK(fbmu_sim_set_time(sim, kStartTime));
  }
}

// A FREE of lease B issued while lease A's expiry teardown is zeroing A's 32 KiB frame: both end,
// both frames come back zero, and the events come in the order the leases ended.
TEST_F(RaceTest, FreeDuringAnotherLeasesTeardownCompletesAfterIt) {
  const uint64_t arena = 32768;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, arena));
  fbmu_lease_info_t a = alloc_ok(0, 10);
  fbmu_lease_info_t b = alloc_ok(0, 1000);
  const Bytes da = nonzero_pattern(4096, 1), db = nonzero_pattern(4096, 2);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, arena - 4096, da.data(), 4096));
  ASSERT_OK(fbmu_write_lease(dev, b.lease_id, 0, db.data(), 4096));

  ASSERT_OK(fbmu_sim_set_time_raw(sim, a.expires_at_unix_secs));
  ASSERT_OK(fbmu_sim_run(sim, 4));
  ASSERT_EQ(fbmu_sim_idle(sim), 0) << "A's teardown should be running";
  const uint64_t c0 = fbmu_sim_cycles(sim);
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  EXPECT_GE(fbmu_sim_cycles(sim) - c0, arena / 32) << "FREE returned before B's frame was zeroed";
  EXPECT_EQ(fbmu_sim_idle(sim), 1);

  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_EXPIRED);
  EXPECT_EQ(status_of(b.lease_id), FBMU_LEASE_REVOKED);
  fbmu_event_t e1{}, e2{}, e3{};
  ASSERT_OK(fbmu_read_event(dev, &e1));
  ASSERT_OK(fbmu_read_event(dev, &e2));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &e3));
  EXPECT_EQ(e1.kind, FBMU_EVENT_EXPIRED);
  EXPECT_TRUE(same_id(e1.lease_id, a.lease_id));
  EXPECT_EQ(e1.time_unix_secs, a.expires_at_unix_secs);
  EXPECT_EQ(e2.kind, FBMU_EVENT_REVOKED);
  EXPECT_TRUE(same_id(e2.lease_id, b.lease_id));
  EXPECT_EQ(e2.time_unix_secs, a.expires_at_unix_secs);  // the FREE's now
  EXPECT_TRUE(all_zero(peek(sim, 1 * arena, static_cast<uint32_t>(arena))));
  EXPECT_TRUE(all_zero(peek(sim, 2 * arena, static_cast<uint32_t>(arena))));
}

TEST_F(RaceTest, FreeOfALeaseWhoseTeardownIsRunningGivesLeaseExpired) {
  const uint64_t arena = 32768;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, arena));
  fbmu_lease_info_t a = alloc_ok(0, 10);
  ASSERT_OK(fbmu_sim_set_time_raw(sim, a.expires_at_unix_secs));
  ASSERT_OK(fbmu_sim_run(sim, 4));
  ASSERT_EQ(fbmu_sim_idle(sim), 0);
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_free(dev, a.lease_id));
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_write_lease(dev, a.lease_id, 0, "x", 1));
  ASSERT_OK(fbmu_sim_settle(sim, 100000, nullptr));
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &ev));
}

// With 64 KiB arenas there is one lease frame. An ALLOC issued while it is being zeroed waits for
// the zeroing instead of failing with CapacityExceeded.
TEST_F(RaceTest, AllocWhileTheOnlyFrameIsZeroingWaitsForIt) {
  const uint64_t arena = 65536;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, arena));
  fbmu_lease_info_t a = alloc_ok(0, 10);
  const Bytes da = nonzero_pattern(4096, 5);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, arena - 4096, da.data(), 4096));
  ASSERT_OK(fbmu_sim_set_time_raw(sim, a.expires_at_unix_secs));
  ASSERT_OK(fbmu_sim_run(sim, 4));
  ASSERT_EQ(fbmu_sim_idle(sim), 0);
  fbmu_lease_info_t b{};
  ASSERT_OK(fbmu_alloc(dev, 0, 100, &b));
  EXPECT_EQ(b.arena_size, arena);
  EXPECT_TRUE(all_zero(read_lease_ok(b.lease_id, arena - 4096, 4096)));
}

// The RTC stepping back during the expiry scan (spec 3: "an ended lease stays ended"). Every record
// holds a live lease, the last one (record LEASE_SLOTS-1) ending first, at E. The RTC steps to E,
// which starts a scan that reaches that record LEASE_SLOTS cycles later, and four cycles after it
// (the closest two times may be published) back to the start time, before the scan has marked
// anything; then ALLOC is written, its arguments already in place. The lease ended at E stays
// ended: the ALLOC waits for the scan and the teardown and recycles its record, not
// CapacityExceeded, with the expiry of the time it was written at; the ended lease is gone and
// its event has second E. Again with the ALLOC written 0..3 cycles later, each time on the lease
// the previous ALLOC made (it ends first, at the start time + 100).
TEST_F(RaceTest, StepBackDuringTheExpiryScanKeepsTheLeaseItEndedEnded) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  const uint64_t secs = 100;
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 64));
  for (uint32_t i = 1; i < slots; ++i) alloc_ok(0, 100000);
  fbmu_lease_info_t last = alloc_ok(0, secs);
  for (uint64_t delay = 0; delay < 4; ++delay) {
    SCOPED_TRACE("ALLOC written " + std::to_string(delay) + " cycles after the step back");
    wr_ok(FBMU_REG_ARG_A_LO, 0);
    wr_ok(FBMU_REG_ARG_A_HI, 0);
    wr_ok(FBMU_REG_ARG_B_LO, static_cast<uint32_t>(secs));
    wr_ok(FBMU_REG_ARG_B_HI, 0);
    ASSERT_OK(fbmu_sim_set_time_raw(sim, last.expires_at_unix_secs));  // the scan starts
    const uint64_t scan_start = fbmu_sim_cycles(sim);
    const uint64_t crossing = fbmu_sim_rtc_crossing_cycles();
    ASSERT_OK(fbmu_sim_run(sim, crossing < 4 ? 4 - crossing : 0));
    ASSERT_OK(fbmu_sim_set_time_raw(sim, kStartTime));
    ASSERT_OK(fbmu_sim_run(sim, delay));
    wr_ok(FBMU_REG_CMD, FBMU_OP_ALLOC);
    // The ALLOC was written before the scan could reach the last record.
    ASSERT_LT(fbmu_sim_cycles(sim) - scan_start, uint64_t{slots} - 1);
    EXPECT_RC(FBMU_OK, wait_result()) << "ALLOC saw the ended lease live";
    EXPECT_EQ(uint64_t{rd_ok(FBMU_REG_RES_TIME_HI)} << 32 | rd_ok(FBMU_REG_RES_TIME_LO),
              kStartTime + secs);
    const fbmu_lease_id_t made = {
        uint64_t{rd_ok(FBMU_REG_RES_ID_3)} << 32 | rd_ok(FBMU_REG_RES_ID_2),
        uint64_t{rd_ok(FBMU_REG_RES_ID_1)} << 32 | rd_ok(FBMU_REG_RES_ID_0)};
    fbmu_lease_info_t q{};
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, last.lease_id, &q));
    fbmu_event_t ev{};
    ASSERT_OK(fbmu_read_event(dev, &ev));
    EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
    EXPECT_TRUE(same_id(ev.lease_id, last.lease_id));
    EXPECT_EQ(ev.time_unix_secs, last.expires_at_unix_secs);
    last.lease_id = made;
    last.expires_at_unix_secs = kStartTime + secs;
    ASSERT_OK(fbmu_query(dev, last.lease_id, &q));
    EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
  }
}

// ---- capacity ---------------------------------------------------------------------------------

TEST_F(CapacityTest, AllocWhenEverySlotIsLiveGivesCapacityExceeded) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  std::vector<fbmu_lease_info_t> live;
  for (uint32_t i = 0; i < slots; ++i) live.push_back(alloc_ok());
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  ASSERT_OK(fbmu_free(dev, live[3].lease_id));
  EXPECT_OK(fbmu_alloc(dev, 0, 300, &info));  // the revoked record is recycled
  fbmu_lease_info_t q{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, live[3].lease_id, &q));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
}

TEST_F(CapacityTest, AllocWhenEverySlotIsLiveOrFencedGivesCapacityExceeded) {
  const uint32_t slots = fbmu_sim_lease_slots(sim);
  const uint32_t fenced = 4;  // the fault table holds four stuck cells
  std::vector<fbmu_lease_info_t> f;
  for (uint32_t i = 0; i < fenced; ++i) f.push_back(alloc_ok());
  for (auto &l : f) ASSERT_NO_FATAL_FAILURE(stick_cell_of(l.lease_id));
  for (auto &l : f) ASSERT_OK(fbmu_free(dev, l.lease_id));
  ASSERT_NO_FATAL_FAILURE(repair_cells());
  for (auto &l : f) EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_FENCED);
  for (uint32_t i = fenced; i < slots; ++i) alloc_ok();

  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  EXPECT_RC(FBMU_E_FENCED, fbmu_write_lease(dev, f[0].lease_id, 0, "x", 1));

  // Cleared fences make the FENCED records recyclable, oldest ended first.
  ASSERT_OK(fbmu_sim_fence_clear(sim));
  EXPECT_OK(fbmu_alloc(dev, 0, 300, &info));
  fbmu_lease_info_t q{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, f[0].lease_id, &q));
  EXPECT_EQ(status_of(f[1].lease_id), FBMU_LEASE_FENCED);
  EXPECT_TRUE(all_zero(read_lease_ok(info.lease_id, 0, 4096)));
}

TEST_F(CapacityTest, AllocWhenTheOnlyFrameIsLeasedOrFencedGivesCapacityExceeded) {
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 65536));
  fbmu_lease_info_t a = alloc_ok();
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  const Bytes d = nonzero_pattern(256, 3);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, d.data(), 256));
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(a.lease_id));
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  ASSERT_NO_FATAL_FAILURE(repair_cells());
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  ASSERT_OK(fbmu_sim_fence_clear(sim));
  ASSERT_OK(fbmu_alloc(dev, 0, 300, &info));
  EXPECT_TRUE(all_zero(read_lease_ok(info.lease_id, 0, 256)));
}

}  // namespace
}  // namespace fbmu_simtest
