// The behaviour contract (shared fbmu-contract.md) and docs/spec.md, line by line, through the C
// driver on whichever target is linked. Suite names follow the spec's sections; each test name
// states the fact it checks. Time moves only through Target calls; runs are deterministic (fixed
// seed, RTC starting at 1000).
#include <algorithm>
#include <set>

#include "conformance/fixture.h"

namespace fbmu_test {
namespace {

constexpr uint64_t kU64Max = UINT64_MAX;

// ================================================================================================
// Status codes (contract "Codes", registers.md "Result codes")
// ================================================================================================

using StatusCodes = Conformance;

TEST_F(StatusCodes, NumbersAreTheHostAbiAndProjectCodes) {
  EXPECT_EQ(FBMU_OK, 0);
  EXPECT_EQ(FBMU_E_DISCONNECTED, -1);
  EXPECT_EQ(FBMU_E_LEASE_EXPIRED, -2);
  EXPECT_EQ(FBMU_E_FENCED, -3);
  EXPECT_EQ(FBMU_E_CAPACITY_EXCEEDED, -4);
  EXPECT_EQ(FBMU_E_UNSUPPORTED, -5);
  EXPECT_EQ(FBMU_E_REVOKED, -6);
  EXPECT_EQ(FBMU_E_NOT_FOUND, -7);
  EXPECT_EQ(FBMU_E_OUT_OF_RANGE, -8);
  EXPECT_EQ(FBMU_E_INVALID_ARGUMENT, -9);
  EXPECT_EQ(FBMU_E_BUS_ERROR, -10);
  EXPECT_EQ(FBMU_LEASE_ACTIVE, 1u);
  EXPECT_EQ(FBMU_LEASE_EXPIRED, 2u);
  EXPECT_EQ(FBMU_LEASE_REVOKED, 3u);
  EXPECT_EQ(FBMU_LEASE_FENCED, 4u);
}

// Every result code comes out of the real unit (BUS_ERROR and UNSUPPORTED-by-opcode through plain
// register accesses, since the driver never issues an unmapped access or an unknown opcode).
TEST_F(StatusCodes, EveryCodeIsReachableOnTheTarget) {
  std::set<int> seen;
  auto see = [&](int expected, int rc, const char *what) {
    EXPECT_RC(expected, rc) << what;
    if (rc == expected) seen.insert(rc);
  };
  fbmu_lease_info_t info{};
  uint8_t buf[8] = {0};
  uint32_t n = 0;
  uint64_t exp = 0;

  see(FBMU_OK, fbmu_alloc(dev, 0, 10, &info), "alloc");
  const fbmu_lease_id_t a = info.lease_id;
  see(FBMU_E_OUT_OF_RANGE, fbmu_read_lease(dev, a, kDefaultArena, buf, 1, &n), "read past end");
  see(FBMU_E_INVALID_ARGUMENT, fbmu_alloc(dev, 0, 0, &info), "alloc 0 s");
  see(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, kDefaultArena + 1, 10, &info), "alloc too big");
  see(FBMU_E_NOT_FOUND, fbmu_query(dev, id128(0xDEADBEEF), &info), "unknown id");
  see(FBMU_E_UNSUPPORTED, target->set_arena_size(8192), "arena size while a lease is active");
  ASSERT_OK(target->set_time(1010));
  see(FBMU_E_LEASE_EXPIRED, fbmu_renew(dev, a, 10, &exp), "renew expired");
  fbmu_lease_info_t b = alloc_ok();
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  see(FBMU_E_REVOKED, fbmu_read_lease(dev, b.lease_id, 0, buf, 1, &n), "read revoked");
  fbmu_lease_info_t c = alloc_ok();
  ASSERT_NO_FATAL_FAILURE(free_fenced(c.lease_id));
  see(FBMU_E_FENCED, fbmu_write_lease(dev, c.lease_id, 0, buf, 1), "write fenced");
  ASSERT_OK(target->set_online(false));
  see(FBMU_E_DISCONNECTED, fbmu_hello(dev), "hello offline");
  ASSERT_OK(target->set_online(true));
  uint32_t v = 0;
  see(FBMU_E_BUS_ERROR, target->bus()->read32(target->bus()->ctx, 0x0200u, &v), "unmapped read");

  see(FBMU_E_UNSUPPORTED, raw_command(0xEE), "unknown opcode");

  for (int code = FBMU_E_BUS_ERROR; code <= FBMU_OK; ++code)
    EXPECT_EQ(seen.count(code), 1u) << code;
}

// A unit that never finishes a command: the driver gives Disconnected within its bound.
TEST_F(StatusCodes, DriverCallNeverHangsOnAUnitThatStaysBusy) {
  CountingBus stuck(target->bus());
  fbmu_t *d2 = nullptr;
  ASSERT_OK(fbmu_open(stuck.bus(), &d2));
  ASSERT_OK(fbmu_set_poll_limit(d2, 50));
  stuck.set_stuck_busy(true);
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_alloc(d2, 0, 10, &info));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_query(d2, id128(1), &info));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_hello(d2));
  stuck.set_stuck_busy(false);
  EXPECT_OK(fbmu_alloc(d2, 0, 10, &info));
  fbmu_close(d2);
}

// ================================================================================================
// ALLOC (contract "Alloc", spec sections 2 and 6)
// ================================================================================================

using Alloc = Conformance;

TEST_F(Alloc, GrantsTheArenaSizeAndExpiresNowPlusLeaseSecs) {
  set_arena(4096);
  fbmu_lease_info_t info = alloc_ok(100, 60);
  EXPECT_NE(info.lease_id, id128(0));
  EXPECT_EQ(info.arena_size, 4096u);
  EXPECT_EQ(info.expires_at_unix_secs, kStartTime + 60);
  EXPECT_EQ(info.status, FBMU_LEASE_ACTIVE);

  fbmu_lease_info_t q = query_ok(info.lease_id);
  EXPECT_EQ(q.lease_id, info.lease_id);
  EXPECT_EQ(q.arena_size, 4096u);
  EXPECT_EQ(q.expires_at_unix_secs, kStartTime + 60);
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
}

TEST_F(Alloc, MinBytesUpToTheArenaSizeIsGranted) {
  set_arena(1024);
  EXPECT_EQ(alloc_ok(0, 10).arena_size, 1024u);
  EXPECT_EQ(alloc_ok(1, 10).arena_size, 1024u);
  EXPECT_EQ(alloc_ok(1024, 10).arena_size, 1024u);
}

TEST_F(Alloc, MinBytesAboveTheArenaSizeIsCapacityExceeded) {
  set_arena(1024);
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 1025, 10, &info));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, mem_bytes(), 10, &info));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, kU64Max, 10, &info));
}

TEST_F(Alloc, ZeroLeaseSecsIsInvalidArgumentCheckedBeforeCapacity) {
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_alloc(dev, 0, 0, &info));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_alloc(dev, kU64Max, 0, &info));
  EXPECT_EQ(alloc_ok(0, 1).expires_at_unix_secs, kStartTime + 1);
}

TEST_F(Alloc, ExpirySaturatesAtU64MaxInsteadOfWrapping) {
  EXPECT_EQ(alloc_ok(0, kU64Max).expires_at_unix_secs, kU64Max);
  EXPECT_EQ(alloc_ok(0, kU64Max - kStartTime + 1).expires_at_unix_secs, kU64Max);
  EXPECT_EQ(alloc_ok(0, kU64Max - kStartTime).expires_at_unix_secs, kU64Max);
  EXPECT_EQ(alloc_ok(0, kU64Max - kStartTime - 1).expires_at_unix_secs, kU64Max - 1);

  ASSERT_OK(target->set_time(kU64Max - 10));
  fbmu_lease_info_t late = alloc_ok(0, 100);
  EXPECT_EQ(late.expires_at_unix_secs, kU64Max);
  EXPECT_EQ(late.status, FBMU_LEASE_ACTIVE);
  ASSERT_OK(target->set_time(kU64Max));
  EXPECT_EQ(status_of(late.lease_id), FBMU_LEASE_EXPIRED);
}

TEST_F(Alloc, NewLeaseReadsAllZero) {
  set_arena(4096);
  fbmu_lease_info_t info = alloc_ok();
  EXPECT_EQ(read_lease_ok(info.lease_id, 0, 4096), filled(4096, 0));
}

TEST_F(Alloc, FullLeaseTableIsCapacityExceededUntilALeaseEnds) {
  set_arena(64);  // more frames than records: the record table is the limit
  ASSERT_GE(mem_bytes() / 64 - 1, lease_slots());
  std::vector<fbmu_lease_info_t> leases;
  for (uint32_t i = 0; i < lease_slots(); ++i) leases.push_back(alloc_ok(0, 300));
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));

  const fbmu_lease_id_t gone = leases[lease_slots() / 2].lease_id;
  ASSERT_OK(fbmu_free(dev, gone));
  EXPECT_OK(fbmu_alloc(dev, 0, 300, &info));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, gone, &info));  // its record was the one recycled
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
}

// FRAMES = MEM_BYTES / arena_size; frame 0 is the bootstrap arena (spec section 2).
TEST_F(Alloc, AllFramesInUseIsCapacityExceededUntilOneIsFreed) {
  for (uint64_t arena : {uint64_t{mem_bytes()} / 2, uint64_t{mem_bytes()} / 4}) {
    SCOPED_TRACE(arena);
    set_arena(arena);
    const uint64_t lease_frames = std::min<uint64_t>(mem_bytes() / arena - 1, lease_slots());
    std::vector<fbmu_lease_info_t> leases;
    for (uint64_t i = 0; i < lease_frames; ++i) {
      leases.push_back(alloc_ok(0, 300));
      EXPECT_EQ(leases.back().arena_size, arena);
    }
    fbmu_lease_info_t info{};
    EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
    ASSERT_OK(fbmu_free(dev, leases[0].lease_id));
    ASSERT_OK(fbmu_alloc(dev, 0, 300, &info));
    EXPECT_EQ(info.arena_size, arena);
    leases[0] = info;
    for (auto &l : leases) ASSERT_OK(fbmu_free(dev, l.lease_id));
  }
}

// "The hardware holds at least two concurrent 4 KiB leases, and more when the arena is smaller."
TEST_F(Alloc, AtLeastTwoConcurrentLeasesUpToAQuarterOfMemory) {
  for (uint64_t arena : {uint64_t{4096}, uint64_t{mem_bytes()} / 4}) {
    SCOPED_TRACE(arena);
    set_arena(arena);
    fbmu_lease_info_t a = alloc_ok(arena, 300);
    fbmu_lease_info_t b = alloc_ok(arena, 300);
    ASSERT_OK(fbmu_free(dev, a.lease_id));
    ASSERT_OK(fbmu_free(dev, b.lease_id));
  }
}

// ================================================================================================
// Lease ids (contract "Lease ids are 128-bit...", spec section 5)
// ================================================================================================

using LeaseIds = Conformance;

TEST_F(LeaseIds, FollowTheSpecPermutationOfTheSeededCounter) {
  const auto expected = spec_ids::first_ids(kSeed, 4);
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(alloc_ok().lease_id, expected[i]) << i;
}

TEST_F(LeaseIds, AreNeverZeroAndNeverReusedOverManyLeases) {
  set_arena(64);
  constexpr size_t kLeases = 150;
  const auto expected = spec_ids::first_ids(kSeed, kLeases);
  std::set<fbmu_lease_id_t> ids;
  for (size_t i = 0; i < kLeases; ++i) {
    fbmu_lease_info_t info = alloc_ok(0, 300);
    EXPECT_NE(info.lease_id, id128(0));
    EXPECT_EQ(info.lease_id, expected[i]) << i;
    EXPECT_TRUE(ids.insert(info.lease_id).second) << "id reused at alloc " << i;
    ASSERT_OK(fbmu_free(dev, info.lease_id));
  }
}

TEST_F(LeaseIds, FailedAllocIssuesNoId) {
  fbmu_lease_info_t info{};
  ASSERT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_alloc(dev, 0, 0, &info));
  ASSERT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, kU64Max, 10, &info));
  EXPECT_EQ(alloc_ok().lease_id, spec_ids::first_ids(kSeed, 1)[0]);
}

TEST_F(LeaseIds, DifferentSeedsGiveDifferentIdsAndTheSameSeedReproduces) {
  auto first_three = [&](uint64_t seed) {
    reopen_target(seed);
    std::vector<fbmu_lease_id_t> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(alloc_ok().lease_id);
    return ids;
  };
  const auto a = first_three(0x1111);
  const auto b = first_three(0x2222);
  const auto a_again = first_three(0x1111);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_NE(a[i], b[i]) << i;
    EXPECT_EQ(a[i], a_again[i]) << i;
  }
  EXPECT_EQ(a, spec_ids::first_ids(0x1111, 3));
  EXPECT_EQ(b, spec_ids::first_ids(0x2222, 3));
}

TEST_F(LeaseIds, ConsecutiveIdsAreNotSequentialCounters) {
  fbmu_lease_id_t a = alloc_ok().lease_id;
  fbmu_lease_id_t b = alloc_ok().lease_id;
  EXPECT_NE(a.hi, 0u);
  EXPECT_NE(b.hi, 0u);
  EXPECT_NE(b.lo - a.lo, 1u);
  EXPECT_GT(__builtin_popcountll(a.hi ^ b.hi) + __builtin_popcountll(a.lo ^ b.lo), 32);
}

// ================================================================================================
// Time and expiry (contract "Time", spec section 3)
// ================================================================================================

using Expiry = Conformance;

TEST_F(Expiry, LeaseIsLiveUpToTheSecondBeforeExpiry) {
  fbmu_lease_info_t l = alloc_ok(0, 10);  // expires 1010
  ASSERT_OK(target->set_time(1009));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_OK(write_lease(l.lease_id, 0, bytes("live")));
  EXPECT_EQ(read_lease_ok(l.lease_id, 0, 4), bytes("live"));
  uint64_t exp = 0;
  EXPECT_OK(fbmu_renew(dev, l.lease_id, 0, &exp));
  EXPECT_EQ(exp, 1010u);
}

TEST_F(Expiry, AtExpiresAtEveryAccessGivesLeaseExpired) {
  fbmu_lease_info_t l = alloc_ok(0, 10);  // expires 1010
  ASSERT_OK(target->set_time(1010));
  expect_ended(l, FBMU_LEASE_EXPIRED, 1010u, FBMU_E_LEASE_EXPIRED);
  uint64_t exp = 0;
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_renew(dev, l.lease_id, 100, &exp));
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_free(dev, l.lease_id));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);  // renew and free changed nothing
}

TEST_F(Expiry, ZeroLengthAccessOnExpiredLeaseStillGivesLeaseExpired) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_OK(target->advance_time(10));
  uint8_t b = 0;
  uint32_t n = 0;
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_write_lease(dev, l.lease_id, 0, &b, 0));
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_read_lease(dev, l.lease_id, 0, &b, 0, &n));
}

TEST_F(Expiry, SettingTheClockBackDoesNotReviveAnEndedLease) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_OK(target->set_time(1010));
  ASSERT_OK(target->set_time(1000));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, write_lease(l.lease_id, 0, bytes("x")));
  uint64_t exp = 0;
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_renew(dev, l.lease_id, 100, &exp));
}

TEST_F(Expiry, SettingTheClockBackKeepsAnActiveLeaseAndItsExpiry) {
  fbmu_lease_info_t l = alloc_ok(0, 10);  // 1010
  ASSERT_OK(target->set_time(500));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_ACTIVE);
  uint64_t exp = 0;
  ASSERT_OK(fbmu_renew(dev, l.lease_id, 5, &exp));
  EXPECT_EQ(exp, 1010u);  // max(1010, 505)
}

TEST_F(Expiry, OnlyTheLeaseWhoseTimeHasComeEnds) {
  fbmu_lease_info_t short_l = alloc_ok(0, 5);
  fbmu_lease_info_t long_l = alloc_ok(0, 50);
  ASSERT_OK(target->advance_time(5));
  EXPECT_EQ(status_of(short_l.lease_id), FBMU_LEASE_EXPIRED);
  EXPECT_EQ(status_of(long_l.lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_OK(write_lease(long_l.lease_id, 0, bytes("ok")));
}

// ================================================================================================
// RENEW (contract "Renew", spec section 4)
// ================================================================================================

using Renew = Conformance;

TEST_F(Renew, ExpiryBecomesTheLaterOfOldExpiryAndNowPlusSecs) {
  fbmu_lease_info_t l = alloc_ok(0, 100);      // 1100
  EXPECT_EQ(renew_ok(l.lease_id, 10), 1100u);  // shorter: the later expiry stays
  EXPECT_EQ(renew_ok(l.lease_id, 200), 1200u);
  EXPECT_EQ(query_ok(l.lease_id).expires_at_unix_secs, 1200u);
  ASSERT_OK(target->advance_time(50));          // 1050
  EXPECT_EQ(renew_ok(l.lease_id, 100), 1200u);  // max(1200, 1150)
  EXPECT_EQ(renew_ok(l.lease_id, 300), 1350u);
  EXPECT_EQ(query_ok(l.lease_id).expires_at_unix_secs, 1350u);
}

TEST_F(Renew, ZeroSecsReturnsTheUnchangedExpiry) {
  fbmu_lease_info_t l = alloc_ok(0, 100);
  EXPECT_EQ(renew_ok(l.lease_id, 0), 1100u);
  EXPECT_EQ(query_ok(l.lease_id).expires_at_unix_secs, 1100u);
}

TEST_F(Renew, RenewedLeaseLivesUntilTheNewExpiry) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_EQ(renew_ok(l.lease_id, 20), 1020u);
  ASSERT_OK(target->set_time(1015));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_OK(write_lease(l.lease_id, 0, bytes("still")));
  ASSERT_OK(target->set_time(1020));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
}

TEST_F(Renew, SaturatesAtU64Max) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  EXPECT_EQ(renew_ok(l.lease_id, kU64Max), kU64Max);
  EXPECT_EQ(renew_ok(l.lease_id, kU64Max), kU64Max);
  EXPECT_EQ(query_ok(l.lease_id).expires_at_unix_secs, kU64Max);
}

TEST_F(Renew, EndedLeasesGiveTheirEndingCode) {
  uint64_t exp = 7;
  fbmu_lease_info_t expired = alloc_ok(0, 5);
  fbmu_lease_info_t revoked = alloc_ok(0, 300);
  fbmu_lease_info_t fenced = alloc_ok(0, 300);
  ASSERT_NO_FATAL_FAILURE(revoke_and_fence(revoked.lease_id, fenced.lease_id));
  ASSERT_OK(target->advance_time(5));
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_renew(dev, expired.lease_id, 100, &exp));
  EXPECT_RC(FBMU_E_REVOKED, fbmu_renew(dev, revoked.lease_id, 100, &exp));
  EXPECT_RC(FBMU_E_FENCED, fbmu_renew(dev, fenced.lease_id, 100, &exp));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_renew(dev, id128(0xDEADBEEF), 100, &exp));
  EXPECT_EQ(query_ok(revoked.lease_id).expires_at_unix_secs, 1300u);
}

// ================================================================================================
// FREE (contract "Free", spec section 4)
// ================================================================================================

using Free = Conformance;

TEST_F(Free, FreedLeaseRejectsEveryAccessWithRevoked) {
  fbmu_lease_info_t l = alloc_ok(0, 300);
  ASSERT_OK(write_lease(l.lease_id, 0, bytes("secret")));
  ASSERT_OK(fbmu_free(dev, l.lease_id));
  expect_ended(l, FBMU_LEASE_REVOKED, 1300u, FBMU_E_REVOKED, 6);
  uint8_t b = 0;
  uint32_t n = 0;
  EXPECT_RC(FBMU_E_REVOKED, fbmu_write_lease(dev, l.lease_id, 0, &b, 0));
  EXPECT_RC(FBMU_E_REVOKED, fbmu_read_lease(dev, l.lease_id, 0, &b, 0, &n));
}

TEST_F(Free, FreeingTwiceGivesRevoked) {
  fbmu_lease_info_t l = alloc_ok();
  ASSERT_OK(fbmu_free(dev, l.lease_id));
  EXPECT_RC(FBMU_E_REVOKED, fbmu_free(dev, l.lease_id));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_REVOKED);
}

TEST_F(Free, FreeingAnUnknownIdGivesNotFound) {
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_free(dev, id128(0xDEADBEEF)));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_free(dev, spec_ids::first_ids(kSeed, 1)[0]));  // not yet issued
}

TEST_F(Free, FreeingAnExpiredLeaseGivesLeaseExpired) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_OK(target->advance_time(10));
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, fbmu_free(dev, l.lease_id));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
}

TEST_F(Free, FreeingOneLeaseLeavesTheOthersUntouched) {
  set_arena(256);
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok(), c = alloc_ok();
  ASSERT_OK(write_lease(a.lease_id, 0, filled(256, 0xAA)));
  ASSERT_OK(write_lease(b.lease_id, 0, filled(256, 0xBB)));
  ASSERT_OK(write_lease(c.lease_id, 0, filled(256, 0xCC)));
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, 256), filled(256, 0xAA));
  EXPECT_EQ(read_lease_ok(c.lease_id, 0, 256), filled(256, 0xCC));
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(status_of(c.lease_id), FBMU_LEASE_ACTIVE);
}

// ================================================================================================
// QUERY and record reuse (contract "Query", spec section 4)
// ================================================================================================

using Query = Conformance;

TEST_F(Query, RemembersExpiredRevokedAndFencedLeases) {
  fbmu_lease_info_t revoked = alloc_ok(0, 300);
  fbmu_lease_info_t expired = alloc_ok(0, 10);
  fbmu_lease_info_t fenced = alloc_ok(0, 300);
  fbmu_lease_info_t active = alloc_ok(0, 300);
  ASSERT_NO_FATAL_FAILURE(revoke_and_fence(revoked.lease_id, fenced.lease_id));
  ASSERT_OK(target->set_time(1010));

  struct Want {
    fbmu_lease_info_t l;
    uint8_t status;
  };
  for (const Want &w : {Want{revoked, FBMU_LEASE_REVOKED}, Want{expired, FBMU_LEASE_EXPIRED},
                        Want{fenced, FBMU_LEASE_FENCED}, Want{active, FBMU_LEASE_ACTIVE}}) {
    fbmu_lease_info_t q = query_ok(w.l.lease_id);
    EXPECT_EQ(q.lease_id, w.l.lease_id);
    EXPECT_EQ(q.arena_size, w.l.arena_size);
    EXPECT_EQ(q.expires_at_unix_secs, w.l.expires_at_unix_secs);
    EXPECT_EQ(q.status, w.status);
  }
}

TEST_F(Query, UnknownIdGivesNotFound) {
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id128(0xDEADBEEF), &info));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id128(0), &info));
  fbmu_lease_info_t l = alloc_ok();
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id128(l.lease_id.hi, l.lease_id.lo ^ 1), &info));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id128(l.lease_id.lo, l.lease_id.hi), &info));
}

// With every record ended, each new ALLOC forgets exactly the oldest-ended lease (not the lowest
// record), and every other ended lease stays queryable until its turn.
TEST_F(Query, RecyclingForgetsTheOldestEndedLeaseFirst) {
  const uint32_t slots = lease_slots();
  if (slots < 4) GTEST_SKIP() << "needs at least 4 lease records";
  set_arena(64);
  std::vector<fbmu_lease_info_t> l;
  for (uint32_t i = 0; i < slots; ++i) l.push_back(alloc_ok(0, i == 1 ? 5 : 300));

  // End order: record 2 (free), 0 (free), 1 (expiry), slots-1 (free), then 3 .. slots-2 (free).
  std::vector<uint32_t> end_order = {2, 0};
  ASSERT_OK(fbmu_free(dev, l[2].lease_id));
  ASSERT_OK(fbmu_free(dev, l[0].lease_id));
  ASSERT_OK(target->advance_time(5));
  end_order.push_back(1);
  ASSERT_OK(fbmu_free(dev, l[slots - 1].lease_id));
  end_order.push_back(slots - 1);
  for (uint32_t i = 3; i + 1 < slots; ++i) {
    ASSERT_OK(fbmu_free(dev, l[i].lease_id));
    end_order.push_back(i);
  }
  ASSERT_EQ(end_order.size(), slots);

  fbmu_lease_info_t info{};
  for (uint32_t k = 0; k < slots; ++k) {
    SCOPED_TRACE(k);
    alloc_ok(0, 300);
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, l[end_order[k]].lease_id, &info));
    for (uint32_t j = k + 1; j < slots; ++j) {
      EXPECT_OK(fbmu_query(dev, l[end_order[j]].lease_id, &info)) << "record " << end_order[j];
    }
  }
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
}

TEST_F(Query, EmptyRecordsAreUsedBeforeEndedOnesAreForgotten) {
  set_arena(64);
  fbmu_lease_info_t first = alloc_ok();
  ASSERT_OK(fbmu_free(dev, first.lease_id));
  for (uint32_t i = 1; i < lease_slots(); ++i) alloc_ok();
  EXPECT_EQ(status_of(first.lease_id), FBMU_LEASE_REVOKED);
  alloc_ok();  // no empty record left: now the ended one is recycled
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, first.lease_id, &info));
}

// ================================================================================================
// Reads and writes (contract "Read / write under a lease", spec section 7), leased and bootstrap
// ================================================================================================

enum class Path { Leased, Bootstrap };

class Access : public Conformance, public ::testing::WithParamInterface<Path> {
 protected:
  static constexpr uint64_t kArena = 16384;

  void SetUp() override {
    Conformance::SetUp();
    if (HasFatalFailure()) return;
    set_arena(kArena);
    if (HasFatalFailure()) return;
    if (GetParam() == Path::Leased) {
      lease = alloc_ok(0, 300).lease_id;
    } else {
      ASSERT_OK(fbmu_hello(dev));
    }
  }
  int w(uint64_t off, const Bytes &data) {
    return GetParam() == Path::Leased ? write_lease(lease, off, data) : write_boot(off, data);
  }
  int w_raw(uint64_t off, const void *data, uint32_t len) {
    return GetParam() == Path::Leased ? fbmu_write_lease(dev, lease, off, data, len)
                                      : fbmu_write(dev, off, data, len);
  }
  int r_raw(uint64_t off, void *buf, uint32_t len, uint32_t *n) {
    return GetParam() == Path::Leased ? fbmu_read_lease(dev, lease, off, buf, len, n)
                                      : fbmu_read(dev, off, buf, len, n);
  }
  Bytes r(uint64_t off, uint32_t len, int *rc) {
    return GetParam() == Path::Leased ? read_lease(lease, off, len, rc) : read_boot(off, len, rc);
  }
  Bytes r_ok(uint64_t off, uint32_t len) {
    int rc = 0;
    Bytes b = r(off, len, &rc);
    EXPECT_OK(rc) << "read(off " << off << ", len " << len << ")";
    return b;
  }

  fbmu_lease_id_t lease{};
};

TEST_P(Access, UnalignedOffsetsAndLengthsRoundTripWithoutTouchingNeighbours) {
  Bytes shadow(32, 0);
  uint32_t salt = 1;
  for (uint32_t off = 0; off < 8; ++off) {
    for (uint32_t len = 1; len <= 9; ++len) {
      SCOPED_TRACE(testing::Message() << "off " << off << " len " << len);
      Bytes data = pattern(len, salt++);
      ASSERT_OK(w(8 + off, data));
      std::copy(data.begin(), data.end(), shadow.begin() + 8 + off);
      ASSERT_EQ(r_ok(0, 32), shadow);
      ASSERT_EQ(r_ok(8 + off, len), data);
    }
  }
}

TEST_P(Access, UnalignedAccessesAtTheEndOfTheArenaFit) {
  for (uint32_t back = 1; back <= 7; ++back) {
    SCOPED_TRACE(back);
    Bytes data = pattern(back, back);
    ASSERT_OK(w(kArena - back, data));
    EXPECT_EQ(r_ok(kArena - back, back), data);
    EXPECT_EQ(r_ok(kArena - back, 64), data);  // short read: only the bytes up to the end
  }
}

TEST_P(Access, WritePastTheEndIsOutOfRangeAndWritesNothing) {
  const Bytes tail = pattern(16, 7);
  ASSERT_OK(w(kArena - 16, tail));
  ASSERT_OK(w(0, pattern(16, 8)));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(kArena - 8, pattern(9, 9)));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(kArena - 1, pattern(2, 9)));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(kArena, pattern(1, 9)));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(kArena + 100, pattern(4, 9)));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(kArena - 5000, pattern(10000, 9)));  // multi-chunk, too long
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, w(0, pattern(kArena + 1, 9)));
  EXPECT_EQ(r_ok(kArena - 16, 16), tail);
  EXPECT_EQ(r_ok(0, 16), pattern(16, 8));
  EXPECT_EQ(r_ok(kArena - 5000, 4984), filled(4984, 0));
}

TEST_P(Access, ReadRunningPastTheEndReturnsTheBytesUpToTheEnd) {
  const Bytes tail = pattern(3, 3);
  ASSERT_OK(w(kArena - 3, tail));
  Bytes buf(10, 0xEE);
  uint32_t n = 0;
  ASSERT_OK(r_raw(kArena - 3, buf.data(), 10, &n));
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(Bytes(buf.begin(), buf.begin() + 3), tail);
}

TEST_P(Access, ReadAtOrBeyondTheEndIsOutOfRange) {
  for (uint64_t off : {kArena, kArena + 1, kArena * 2, kU64Max - 3, kU64Max}) {
    int rc = 0;
    r(off, 1, &rc);
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, rc) << off;
  }
}

TEST_P(Access, ZeroLengthAccessSucceedsAndTouchesNothing) {
  const Bytes before = pattern(8, 4);
  ASSERT_OK(w(0, before));
  uint8_t junk[4] = {1, 2, 3, 4};
  EXPECT_OK(w_raw(0, junk, 0));
  EXPECT_OK(w_raw(4, junk, 0));
  EXPECT_OK(w_raw(kArena, junk, 0));
  uint32_t n = 99;
  EXPECT_OK(r_raw(0, junk, 0, &n));
  EXPECT_EQ(n, 0u);
  n = 99;
  EXPECT_OK(r_raw(kArena - 1, junk, 0, &n));
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(junk[0], 1u);
  EXPECT_EQ(r_ok(0, 8), before);
}

TEST_P(Access, TransfersLongerThanOneCommandRoundTrip) {
  const uint32_t max_io = reg_read(FBMU_REG_CAP_MAX_IO);
  ASSERT_GT(max_io, 0u);
  ASSERT_LT(max_io, 10000u);  // so 10000 bytes need several commands
  const Bytes data = pattern(10000, 42);
  ASSERT_OK(w(3, data));  // unaligned start, unaligned length
  EXPECT_EQ(r_ok(3, 10000), data);
  EXPECT_EQ(r_ok(0, 3), filled(3, 0));
  EXPECT_EQ(r_ok(10003, 16), filled(16, 0));
}

TEST_P(Access, LongReadRunningPastTheEndStopsAtTheEnd) {
  const Bytes data = pattern(5000, 5);
  ASSERT_OK(w(kArena - 5000, data));
  EXPECT_EQ(r_ok(kArena - 5000, 10000), data);  // 5000 bytes: up to the end
  Bytes all = r_ok(0, 20000);
  EXPECT_EQ(all.size(), kArena);  // whole-chunk reads up to exactly the end, then no more
}

TEST_P(Access, WholeArenaRoundTrips) {
  EXPECT_EQ(r_ok(0, kArena), filled(kArena, 0));
  const Bytes data = pattern(kArena, 11);
  ASSERT_OK(w(0, data));
  EXPECT_EQ(r_ok(0, kArena), data);
}

INSTANTIATE_TEST_SUITE_P(Paths, Access, ::testing::Values(Path::Leased, Path::Bootstrap),
                         [](const ::testing::TestParamInfo<Path> &p) {
                           return p.param == Path::Leased ? "Leased" : "Bootstrap";
                         });

// ================================================================================================
// Isolation (contract "Isolation", spec section 7 last line)
// ================================================================================================

using Isolation = Conformance;

TEST_F(Isolation, NoOffsetLengthOrIdReachesAnotherArena) {
  constexpr uint32_t kA = 256;
  set_arena(kA);
  ASSERT_OK(fbmu_hello(dev));
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok(), c = alloc_ok();
  ASSERT_OK(write_boot(0, filled(kA, 0x11)));
  ASSERT_OK(write_lease(a.lease_id, 0, filled(kA, 0xAA)));
  ASSERT_OK(write_lease(b.lease_id, 0, filled(kA, 0xBB)));
  ASSERT_OK(write_lease(c.lease_id, 0, filled(kA, 0xCC)));

  const Bytes junk = filled(8, 0x5A);
  for (uint64_t off : {uint64_t{kA}, uint64_t{kA} - 1, uint64_t{kA} * 2, uint64_t{kA} * 255,
                       kU64Max - 3, kU64Max - kA + 1}) {
    SCOPED_TRACE(off);
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, write_lease(b.lease_id, off, junk));
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, write_boot(off, junk));
  }
  const fbmu_lease_id_t wrong[] = {id128(b.lease_id.hi, b.lease_id.lo ^ 1),
                                   id128(b.lease_id.hi ^ (1ull << 63), b.lease_id.lo),
                                   id128(b.lease_id.lo, b.lease_id.hi),
                                   id128(a.lease_id.hi, c.lease_id.lo),
                                   id128(0, 0),
                                   id128(kU64Max, kU64Max)};
  for (const fbmu_lease_id_t &id : wrong) {
    EXPECT_RC(FBMU_E_NOT_FOUND, write_lease(id, 0, junk));
    int rc = 0;
    read_lease(id, 0, 8, &rc);
    EXPECT_RC(FBMU_E_NOT_FOUND, rc);
  }
  EXPECT_EQ(read_boot_ok(0, kA), filled(kA, 0x11));
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, kA), filled(kA, 0xAA));
  EXPECT_EQ(read_lease_ok(b.lease_id, 0, kA), filled(kA, 0xBB));
  EXPECT_EQ(read_lease_ok(c.lease_id, 0, kA), filled(kA, 0xCC));
}

TEST_F(Isolation, ReadsOfOneLeaseNeverShowAnotherLeasesBytes) {
  constexpr uint32_t kA = 256;
  set_arena(kA);
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok();
  ASSERT_OK(write_lease(b.lease_id, 0, filled(kA, 0xBB)));
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, 4096), filled(kA, 0));  // short read, a's bytes only
  int rc = 0;
  read_lease(a.lease_id, kA, 4, &rc);
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, rc);
}

// ================================================================================================
// Bootstrap arena and HELLO (contract "Bootstrap arena", "Leases need no HELLO")
// ================================================================================================

using Bootstrap = Conformance;

TEST_F(Bootstrap, ReadAndWriteNeedHello) {
  int rc = 0;
  read_boot(0, 4, &rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, write_boot(0, bytes("boot")));
  uint8_t b = 0;
  uint32_t n = 0;
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read(dev, 0, &b, 0, &n));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_write(dev, 0, &b, 0));
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(write_boot(0, bytes("boot")));
  EXPECT_EQ(read_boot_ok(0, 4), bytes("boot"));
  EXPECT_OK(fbmu_hello(dev));  // a second HELLO keeps the session
  EXPECT_EQ(read_boot_ok(0, 4), bytes("boot"));
}

TEST_F(Bootstrap, ArenaSizeIsReportedWithoutHello) {
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, kDefaultArena);
  set_arena(8192);
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, 8192u);
}

TEST_F(Bootstrap, ArenaIsSeparateFromEveryLeasedArena) {
  set_arena(4096);
  ASSERT_OK(fbmu_hello(dev));
  const Bytes boot = pattern(4096, 77);
  ASSERT_OK(write_boot(0, boot));
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok();
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, 4096), filled(4096, 0));
  ASSERT_OK(write_lease(a.lease_id, 0, filled(4096, 0xEE)));
  ASSERT_OK(write_lease(b.lease_id, 0, filled(4096, 0xDD)));
  EXPECT_EQ(read_boot_ok(0, 4096), boot);
  ASSERT_OK(fbmu_free(dev, a.lease_id));  // teardown zeroes a's frame only
  EXPECT_EQ(read_boot_ok(0, 4096), boot);
  EXPECT_EQ(read_lease_ok(b.lease_id, 0, 4096), filled(4096, 0xDD));
}

TEST_F(Bootstrap, LeasesWorkWithoutHello) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  EXPECT_EQ(query_ok(l.lease_id).status, FBMU_LEASE_ACTIVE);
  uint64_t exp = 0;
  EXPECT_OK(fbmu_renew(dev, l.lease_id, 20, &exp));
  EXPECT_OK(write_lease(l.lease_id, 0, bytes("no hello")));
  EXPECT_EQ(read_lease_ok(l.lease_id, 0, 8), bytes("no hello"));
  EXPECT_OK(fbmu_free(dev, l.lease_id));
  int rc = 0;
  read_boot(0, 1, &rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, rc);  // and they open no session
}

// ================================================================================================
// Offline platform (contract "While the platform has the unit offline...", spec section 6)
// ================================================================================================

using Offline = Conformance;

TEST_F(Offline, EveryCommandGivesDisconnectedAndChangesNothing) {
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(write_boot(0, bytes("boot")));
  fbmu_lease_info_t l = alloc_ok(0, 100);
  ASSERT_OK(write_lease(l.lease_id, 0, bytes("data")));
  fbmu_lease_info_t ended = alloc_ok(0, 100);
  ASSERT_OK(fbmu_free(dev, ended.lease_id));  // one event pending

  ASSERT_OK(target->set_online(false));
  fbmu_lease_info_t info{};
  uint64_t u = 0;
  uint8_t buf[4] = {'X', 'X', 'X', 'X'};
  uint32_t n = 0;
  fbmu_event_t ev{};
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_hello(dev));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_get_arena_size(dev, &u));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read(dev, 0, buf, 4, &n));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_write(dev, 0, buf, 4));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_alloc(dev, 0, 10, &info));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_query(dev, l.lease_id, &info));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_renew(dev, l.lease_id, 500, &u));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read_lease(dev, l.lease_id, 0, buf, 4, &n));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_write_lease(dev, l.lease_id, 0, buf, 4));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_read_event(dev, &ev));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_free(dev, l.lease_id));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_query(dev, id128(0xDEADBEEF), &info));

  ASSERT_OK(target->set_online(true));
  fbmu_lease_info_t q = query_ok(l.lease_id);
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);                            // FREE did nothing
  EXPECT_EQ(q.expires_at_unix_secs, 1100u);                          // RENEW did nothing
  EXPECT_EQ(read_lease_ok(l.lease_id, 0, 4), bytes("data"));         // WRITE_LEASE did nothing
  EXPECT_EQ(pop_all_events().size(), 1u);                            // EVENT_POP popped nothing
  EXPECT_EQ(alloc_ok().lease_id, spec_ids::first_ids(kSeed, 3)[2]);  // ALLOC issued no id
}

TEST_F(Offline, GoingOfflineClosesTheHelloSession) {
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(target->set_online(false));
  ASSERT_OK(target->set_online(true));
  int rc = 0;
  read_boot(0, 1, &rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, write_boot(0, bytes("x")));
  ASSERT_OK(fbmu_hello(dev));
  EXPECT_OK(write_boot(0, bytes("x")));
}

TEST_F(Offline, LeasesKeepExpiringWhileOffline) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_OK(target->set_online(false));
  ASSERT_OK(target->set_time(1020));
  ASSERT_OK(target->set_online(true));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
  ASSERT_NO_FATAL_FAILURE(expect_only_event(l.lease_id, FBMU_EVENT_EXPIRED, 1020u));
}

TEST_F(Offline, ActiveLeasesAndTheirDataSurviveAnOfflinePeriod) {
  fbmu_lease_info_t l = alloc_ok(0, 100);
  ASSERT_OK(write_lease(l.lease_id, 0, bytes("kept")));
  ASSERT_OK(target->set_online(false));
  ASSERT_OK(target->advance_time(50));
  ASSERT_OK(target->set_online(true));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(read_lease_ok(l.lease_id, 0, 4), bytes("kept"));
}

// ================================================================================================
// Teardown zeroing (contract "Teardown", spec section 8)
// ================================================================================================

using Teardown = Conformance;

// Half of memory per arena leaves exactly one lease frame, so the next lease surely reuses it.
TEST_F(Teardown, NewLeaseOnAFreedFrameReadsAllZero) {
  const uint32_t arena = static_cast<uint32_t>(mem_bytes() / 2);
  set_arena(arena);
  fbmu_lease_info_t a = alloc_ok();
  const Bytes old_tenant = pattern(arena, 3);
  ASSERT_OK(write_lease(a.lease_id, 0, old_tenant));
  ASSERT_EQ(read_lease_ok(a.lease_id, arena - 4, 4), Bytes(old_tenant.end() - 4, old_tenant.end()));
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  fbmu_lease_info_t b = alloc_ok();
  EXPECT_EQ(read_lease_ok(b.lease_id, 0, arena), filled(arena, 0));
}

// Also: the alloc right after the expiring time step gets the frame (no spurious CapacityExceeded).
TEST_F(Teardown, NewLeaseOnAnExpiredFrameReadsAllZero) {
  const uint32_t arena = static_cast<uint32_t>(mem_bytes() / 2);
  set_arena(arena);
  fbmu_lease_info_t a = alloc_ok(0, 10);
  ASSERT_OK(write_lease(a.lease_id, 0, filled(4096, 0xA5)));
  ASSERT_OK(write_lease(a.lease_id, arena / 2 - 7, filled(333, 0x5A)));
  ASSERT_OK(write_lease(a.lease_id, arena - 4096, filled(4096, 0xFF)));
  ASSERT_OK(target->set_time(1010));
  fbmu_lease_info_t b = alloc_ok(0, 10);
  ASSERT_EQ(b.status, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(read_lease_ok(b.lease_id, 0, arena), filled(arena, 0));
}

TEST_F(Teardown, EveryLeaseFrameReadsZeroAfterBeingFreed) {
  constexpr uint32_t kA = 1024;
  set_arena(kA);
  const uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(mem_bytes() / kA - 1), lease_slots());
  std::vector<fbmu_lease_id_t> ids;
  for (uint32_t i = 0; i < n; ++i) {
    ids.push_back(alloc_ok().lease_id);
    ASSERT_OK(write_lease(ids.back(), 0, filled(kA, static_cast<uint8_t>(0x80 + i))));
  }
  for (auto &id : ids) ASSERT_OK(fbmu_free(dev, id));
  for (uint32_t i = 0; i < n; ++i) {
    fbmu_lease_id_t id = alloc_ok().lease_id;
    EXPECT_EQ(read_lease_ok(id, 0, kA), filled(kA, 0)) << i;
  }
}

// ================================================================================================
// Events and interrupt (contract "Each teardown ... is reported as an event", spec section 9)
// ================================================================================================

using Events = Conformance;

TEST_F(Events, FreeQueuesARevokedEventWithTheIdAndTheFreesTime) {
  ASSERT_OK(target->set_time(1234));
  fbmu_lease_info_t l = alloc_ok();
  EXPECT_EQ(events_pending(), 0u);
  ASSERT_OK(fbmu_free(dev, l.lease_id));
  EXPECT_EQ(events_pending(), 1u);
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(ev.lease_id, l.lease_id);
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(ev.time_unix_secs, 1234u);
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &ev));
  EXPECT_EQ(events_pending(), 0u);
}

TEST_F(Events, ExpiryQueuesAnExpiredEventStampedWithTheTimeStepsNow) {
  fbmu_lease_info_t l = alloc_ok(0, 10);  // expires 1010
  ASSERT_OK(target->set_time(1009));
  EXPECT_EQ(events_pending(), 0u);
  ASSERT_OK(target->set_time(1025));  // the unit first sees a time >= 1010 at 1025
  ASSERT_NO_FATAL_FAILURE(expect_only_event(l.lease_id, FBMU_EVENT_EXPIRED, 1025u));
}

TEST_F(Events, ExpiriesOnOneTimeStepAreReportedLowestRecordFirst) {
  fbmu_lease_info_t a = alloc_ok(0, 10);  // record 0, 1010
  fbmu_lease_info_t b = alloc_ok(0, 5);   // record 1, 1005 (ends first, reported second)
  fbmu_lease_info_t c = alloc_ok(0, 8);   // record 2, 1008
  ASSERT_OK(target->set_time(1020));
  auto evs = pop_all_events();
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs[0].lease_id, a.lease_id);
  EXPECT_EQ(evs[1].lease_id, b.lease_id);
  EXPECT_EQ(evs[2].lease_id, c.lease_id);
  for (auto &ev : evs) {
    EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
    EXPECT_EQ(ev.time_unix_secs, 1020u);
  }
}

TEST_F(Events, AreDeliveredOldestFirst) {
  fbmu_lease_info_t a = alloc_ok(0, 300), b = alloc_ok(0, 10), c = alloc_ok(0, 300);
  ASSERT_OK(fbmu_free(dev, c.lease_id));  // 1000
  ASSERT_OK(target->set_time(1010));      // b expires
  ASSERT_OK(target->set_time(1011));
  ASSERT_OK(fbmu_free(dev, a.lease_id));  // 1011
  auto evs = pop_all_events();
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs[0].lease_id, c.lease_id);
  EXPECT_EQ(evs[0].kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(evs[0].time_unix_secs, 1000u);
  EXPECT_EQ(evs[1].lease_id, b.lease_id);
  EXPECT_EQ(evs[1].kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(evs[1].time_unix_secs, 1010u);
  EXPECT_EQ(evs[2].lease_id, a.lease_id);
  EXPECT_EQ(evs[2].kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(evs[2].time_unix_secs, 1011u);
}

TEST_F(Events, NothingButATeardownQueuesAnEvent) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  uint64_t exp = 0;
  ASSERT_OK(fbmu_renew(dev, l.lease_id, 20, &exp));
  ASSERT_OK(write_lease(l.lease_id, 0, bytes("x")));
  query_ok(l.lease_id);
  ASSERT_OK(target->set_time(1019));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_free(dev, id128(0xDEADBEEF)));
  EXPECT_EQ(events_pending(), 0u);
  ASSERT_OK(target->set_time(1020));
  ASSERT_OK(target->set_time(1030));  // an ended lease ends only once
  EXPECT_EQ(events_pending(), 1u);
}

TEST_F(Events, FullFifoDropsNewEventsAndCountsThem) {
  const uint32_t depth = (reg_read(FBMU_REG_CAP_SLOTS) & FBMU_CAP_SLOTS_EVENT_DEPTH_MASK) >>
                         FBMU_CAP_SLOTS_EVENT_DEPTH_SHIFT;
  ASSERT_GT(depth, 0u);
  set_arena(64);
  std::vector<fbmu_lease_id_t> freed;
  for (uint32_t i = 0; i < depth + 3; ++i) {
    fbmu_lease_id_t id = alloc_ok().lease_id;
    ASSERT_OK(fbmu_free(dev, id));
    freed.push_back(id);
  }
  uint32_t pending = 0, dropped = 0;
  ASSERT_OK(fbmu_event_count(dev, &pending, &dropped));
  EXPECT_EQ(pending, depth);
  EXPECT_EQ(dropped, 3u);
  for (uint32_t i = 0; i < depth; ++i) {
    fbmu_event_t ev{};
    ASSERT_OK(fbmu_read_event(dev, &ev));
    EXPECT_EQ(ev.lease_id, freed[i]) << "the oldest events are kept";
    EXPECT_EQ(events_pending(), depth - i - 1);
  }
  fbmu_event_t ev{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &ev));
}

using Interrupt = Conformance;

TEST_F(Interrupt, LineIsHighWhileEventsArePendingAndLowWhenAllArePopped) {
  EXPECT_EQ(target->irq(), 0);
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok();
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  EXPECT_EQ(target->irq(), 1);
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  EXPECT_EQ(target->irq(), 1);
  const uint32_t status = reg_read(FBMU_REG_STATUS);
  EXPECT_NE(status & FBMU_STATUS_IRQ_MASK, 0u);
  EXPECT_NE(status & FBMU_STATUS_EVT_PENDING_MASK, 0u);
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(target->irq(), 1);
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(target->irq(), 0);
  EXPECT_EQ(reg_read(FBMU_REG_STATUS) & (FBMU_STATUS_IRQ_MASK | FBMU_STATUS_EVT_PENDING_MASK), 0u);
}

TEST_F(Interrupt, ExpiryRaisesTheLine) {
  alloc_ok(0, 10);
  ASSERT_OK(target->advance_time(10));
  EXPECT_EQ(target->irq(), 1);
  pop_all_events();
  EXPECT_EQ(target->irq(), 0);
}

// IRQ_ENABLE is a plain register (no driver call): written here through the target's bus.
TEST_F(Interrupt, EnableBitGatesTheLine) {
  EXPECT_EQ(reg_read(FBMU_REG_IRQ_ENABLE) & FBMU_IRQ_ENABLE_EVT_MASK, FBMU_IRQ_ENABLE_EVT_MASK);
  ASSERT_OK(target->bus()->write32(target->bus()->ctx, FBMU_REG_IRQ_ENABLE, 0));
  ASSERT_OK(fbmu_free(dev, alloc_ok().lease_id));
  EXPECT_EQ(events_pending(), 1u);
  EXPECT_EQ(target->irq(), 0);
  EXPECT_EQ(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_IRQ_MASK, 0u);
  ASSERT_OK(
      target->bus()->write32(target->bus()->ctx, FBMU_REG_IRQ_ENABLE, FBMU_IRQ_ENABLE_EVT_MASK));
  EXPECT_EQ(target->irq(), 1);
  EXPECT_NE(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_IRQ_MASK, 0u);
}

// ================================================================================================
// Fencing (contract "FENCED", "If zeroing fails...", spec section 8)
// ================================================================================================

using Fencing = Conformance;

TEST_F(Fencing, FailedZeroingOnFreeFencesTheLease) {
  ASSERT_OK(target->set_time(1100));
  fbmu_lease_info_t l = alloc_ok(0, 300);
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(l.lease_id));
  EXPECT_OK(fbmu_free(dev, l.lease_id));  // FREE of an ACTIVE lease is OK; the read-back then fails
  ASSERT_NO_FATAL_FAILURE(expect_only_event(l.lease_id, FBMU_EVENT_FENCED, 1100u));

  expect_ended(l, FBMU_LEASE_FENCED, 1400u, FBMU_E_FENCED);
  uint64_t exp = 0;
  EXPECT_RC(FBMU_E_FENCED, fbmu_renew(dev, l.lease_id, 10, &exp));
  EXPECT_RC(FBMU_E_FENCED, fbmu_free(dev, l.lease_id));
  ASSERT_OK(target->set_time(2000));  // past its expiry: still FENCED (checked first, terminal)
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_FENCED);
  EXPECT_RC(FBMU_E_FENCED, write_lease(l.lease_id, 0, bytes("x")));
}

TEST_F(Fencing, FailedZeroingOnExpiryFencesTheLease) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(l.lease_id));
  ASSERT_OK(target->set_time(1010));
  ASSERT_NO_FATAL_FAILURE(expect_only_event(l.lease_id, FBMU_EVENT_FENCED, 1010u));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_FENCED);
  EXPECT_RC(FBMU_E_FENCED, write_lease(l.lease_id, 0, bytes("x")));
}

TEST_F(Fencing, OnlyLeasesOnAFrameWithAStuckCellAreFenced) {
  fbmu_lease_info_t a = alloc_ok(), b = alloc_ok(), c = alloc_ok();
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(a.lease_id));
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(b.lease_id));
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  ASSERT_OK(fbmu_free(dev, c.lease_id));
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);
  EXPECT_EQ(status_of(b.lease_id), FBMU_LEASE_FENCED);
  EXPECT_EQ(status_of(c.lease_id), FBMU_LEASE_REVOKED);
  auto evs = pop_all_events();
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs[0].kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(evs[1].kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(evs[2].kind, FBMU_EVENT_REVOKED);
}

// One lease frame (arena = MEM_BYTES/2): while it is fenced nothing can be granted.
TEST_F(Fencing, FencedFrameIsNeverGrantedAgainUntilFenceClear) {
  const uint32_t arena = static_cast<uint32_t>(mem_bytes() / 2);
  set_arena(arena);
  fbmu_lease_info_t a = alloc_ok();
  ASSERT_OK(write_lease(a.lease_id, 0, filled(4096, 0xF0)));
  ASSERT_OK(write_lease(a.lease_id, arena - 4096, filled(4096, 0x0F)));
  ASSERT_NO_FATAL_FAILURE(free_fenced(a.lease_id));
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  ASSERT_OK(target->advance_time(1000));  // never retried automatically
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));

  ASSERT_OK(target->fence_clear());
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);  // terminal for the lease
  ASSERT_OK(fbmu_alloc(dev, 0, 300, &info));
  EXPECT_EQ(read_lease_ok(info.lease_id, 0, arena), filled(arena, 0));
}

TEST_F(Fencing, FencedRecordIsNotRecycledUntilFenceClear) {
  set_arena(64);
  std::vector<fbmu_lease_id_t> l;
  for (uint32_t i = 0; i < lease_slots(); ++i) l.push_back(alloc_ok().lease_id);
  ASSERT_NO_FATAL_FAILURE(free_fenced(l[0]));
  for (uint32_t i = 1; i < lease_slots(); ++i) ASSERT_OK(fbmu_free(dev, l[i]));
  for (uint32_t i = 1; i < lease_slots(); ++i) alloc_ok();  // recycle every revoked record
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 0, 300, &info));
  EXPECT_EQ(status_of(l[0]), FBMU_LEASE_FENCED);

  ASSERT_OK(target->fence_clear());
  EXPECT_EQ(status_of(l[0]), FBMU_LEASE_FENCED);
  EXPECT_OK(fbmu_alloc(dev, 0, 300, &info));  // the cleared FENCED record is now recyclable
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, l[0], &info));
}

TEST_F(Fencing, FenceClearWithNothingFencedIsOk) {
  EXPECT_OK(target->fence_clear());
  fbmu_lease_info_t l = alloc_ok();
  EXPECT_OK(target->fence_clear());
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_ACTIVE);
}

// A frame whose cell is still stuck fails FENCE_CLEAR's read-back again: it stays fenced (and the
// arena size stays locked) until the cell is repaired and the fence cleared once more.
TEST_F(Fencing, FenceClearLeavesAFrameThatStillFailsFencedUntilRepaired) {
  fbmu_lease_info_t a = alloc_ok();
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(a.lease_id));
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);
  EXPECT_RC(FBMU_E_FENCED, target->fence_clear());
  EXPECT_RC(FBMU_E_UNSUPPORTED, target->set_arena_size(mem_bytes() / 4));  // still fenced
  ASSERT_NO_FATAL_FAILURE(repair_cells());
  EXPECT_OK(target->fence_clear());
  EXPECT_OK(target->set_arena_size(mem_bytes() / 4));
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);  // terminal for the lease
}

// A stuck cell reads 1 whatever is written to it, and only that bit of that byte: from the moment
// it sticks, also while the cell still holds the 0 written before (nothing written since).
TEST_F(Fencing, StuckCellReadsOneWhateverIsWritten) {
  fbmu_lease_info_t a = alloc_ok();
  uint64_t arena = 0;
  const int64_t frame = find_lease_frame(
      dev, a.lease_id, target->mem_bytes(),
      [this](uint64_t ad, void *b, uint32_t n) { return target->peek_mem(ad, b, n); }, &arena);
  ASSERT_GE(frame, 1) << "the lease's frame was not found";
  ASSERT_OK(write_lease(a.lease_id, 0, filled(16, 0x00)));
  ASSERT_OK(target->inject_fault(stuck_bit_in_frame(static_cast<uint64_t>(frame), arena)));
  Bytes want = filled(16, 0x00);
  want[5] = 0x08;  // bit 3 of byte 5
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, 16), want) << "the stuck cell read 0 before a write";
  ASSERT_OK(write_lease(a.lease_id, 0, filled(16, 0x00)));
  EXPECT_EQ(read_lease_ok(a.lease_id, 0, 16), want);
  ASSERT_OK(write_lease(a.lease_id, 5, filled(1, 0xF0)));
  EXPECT_EQ(read_lease_ok(a.lease_id, 5, 1), filled(1, 0xF8));
}

// The arena is zeroed and read back a row of four 64-bit words at a time (spec section 8): a stuck
// cell in any of the four words of a row fences the frame, whichever row of the frame holds it
// (the first, two in the middle, the last).
TEST_F(Fencing, StuckCellInAnyWordOfARowFencesTheFrame) {
  for (uint64_t lane = 0; lane < 4; ++lane) {
    SCOPED_TRACE("stuck cell in word " + std::to_string(lane) + " of its row");
    fbmu_lease_info_t a = alloc_ok();
    uint64_t arena = 0;
    const int64_t frame = find_lease_frame(
        dev, a.lease_id, target->mem_bytes(),
        [this](uint64_t ad, void *b, uint32_t n) { return target->peek_mem(ad, b, n); }, &arena);
    ASSERT_GE(frame, 1) << "the lease's frame was not found";
    const uint64_t rows = arena / 32;
    const uint64_t row = lane == 3 ? rows - 1 : lane * (rows / 3);
    const uint64_t byte = static_cast<uint64_t>(frame) * arena + row * 32 + lane * 8;
    ASSERT_OK(target->inject_fault(static_cast<uint32_t>(byte * 8 + 7 * lane + 1)));
    ASSERT_OK(fbmu_free(dev, a.lease_id));
    EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_FENCED);
    auto evs = pop_all_events();
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0].kind, FBMU_EVENT_FENCED);
    ASSERT_NO_FATAL_FAILURE(repair_cells());
    ASSERT_OK(target->fence_clear());
  }
}

TEST_F(Fencing, InjectFaultRejectsBitsPastTheMemoryAndAFullTable) {
  const uint32_t bits = static_cast<uint32_t>(mem_bytes() * 8u);
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, target->inject_fault(bits));
  for (uint32_t i = 0; i < 4; i++) EXPECT_OK(target->inject_fault(bits - 1u - i));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, target->inject_fault(0));
  ASSERT_NO_FATAL_FAILURE(repair_cells());
  EXPECT_OK(target->inject_fault(0));
}

// ================================================================================================
// Reset (contract "after reset all leases are gone and all memory reads zero", spec section 11)
// ================================================================================================

using Reset = Conformance;

TEST_F(Reset, ForgetsEveryLeaseEventAndSessionAndZeroesMemory) {
  set_arena(8192);
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(write_boot(0, pattern(8192, 1)));
  fbmu_lease_info_t a = alloc_ok(0, 300), b = alloc_ok(0, 300);
  ASSERT_OK(write_lease(a.lease_id, 0, pattern(8192, 2)));
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  ASSERT_EQ(events_pending(), 1u);

  ASSERT_OK(target->reset());
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, a.lease_id, &info));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, b.lease_id, &info));
  EXPECT_EQ(events_pending(), 0u);
  EXPECT_EQ(target->irq(), 0);
  fbmu_event_t ev{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &ev));
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, kDefaultArena);
  int rc = 0;
  read_boot(0, 1, &rc);
  EXPECT_RC(FBMU_E_DISCONNECTED, rc);  // the session is closed
  ASSERT_OK(fbmu_hello(dev));
  EXPECT_EQ(read_boot_ok(0, kDefaultArena), filled(kDefaultArena, 0));
  fbmu_lease_info_t c = alloc_ok();
  EXPECT_EQ(c.arena_size, kDefaultArena);
  EXPECT_EQ(read_lease_ok(c.lease_id, 0, kDefaultArena), filled(kDefaultArena, 0));
}

// The fault table is test logic: reset clears it, so the frame that had a stuck cell reads zero and
// tears down cleanly (the first lease after reset takes the same lowest frame).
TEST_F(Reset, ClearsStuckCells) {
  fbmu_lease_info_t a = alloc_ok();
  ASSERT_NO_FATAL_FAILURE(stick_cell_of(a.lease_id));
  ASSERT_OK(target->reset());
  fbmu_lease_info_t b = alloc_ok();
  EXPECT_EQ(read_lease_ok(b.lease_id, 0, kDefaultArena), filled(kDefaultArena, 0));
  ASSERT_OK(fbmu_free(dev, b.lease_id));
  EXPECT_EQ(status_of(b.lease_id), FBMU_LEASE_REVOKED);
}

// The counter restarts, but in the next reset epoch: with the same seed, no id issued after a
// reset equals one issued before it, and an old id names nothing (contract: never repeated, not
// even across a reset with the same seed).
TEST_F(Reset, IdsAfterAResetWithTheSameSeedNeverRepeatEarlierOnes) {
  std::vector<fbmu_lease_id_t> before;
  for (int i = 0; i < 2; i++) before.push_back(alloc_ok().lease_id);
  EXPECT_EQ(before, spec_ids::first_ids(kSeed, 2, 0));
  for (uint64_t epoch = 1; epoch <= 2; epoch++) {
    ASSERT_OK(target->reset());
    EXPECT_EQ(reg_read(FBMU_REG_RESET_EPOCH_LO), epoch);
    EXPECT_EQ(reg_read(FBMU_REG_RESET_EPOCH_HI), 0u);
    std::vector<fbmu_lease_id_t> after;
    for (int i = 0; i < 2; i++) after.push_back(alloc_ok().lease_id);
    EXPECT_EQ(after, spec_ids::first_ids(kSeed, 2, epoch));
    fbmu_lease_info_t info{};
    for (const fbmu_lease_id_t &old : before) {
      EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, old, &info));
      for (const fbmu_lease_id_t &id : after) EXPECT_NE(old, id);
    }
    before.insert(before.end(), after.begin(), after.end());
  }
}

// ================================================================================================
// Platform arena size (contract "Arena size", spec section 10)
// ================================================================================================

using ArenaSize = Conformance;

TEST_F(ArenaSize, IsRejectedWhileALeaseIsActiveAndAcceptedOnceItEnded) {
  fbmu_lease_info_t a = alloc_ok(0, 10);
  EXPECT_RC(FBMU_E_UNSUPPORTED, target->set_arena_size(8192));
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, kDefaultArena);
  EXPECT_EQ(status_of(a.lease_id), FBMU_LEASE_ACTIVE);
  ASSERT_OK(target->set_time(1010));  // ended by expiry
  EXPECT_OK(target->set_arena_size(8192));
  fbmu_lease_info_t b = alloc_ok(0, 300);
  EXPECT_EQ(b.arena_size, 8192u);
  EXPECT_RC(FBMU_E_UNSUPPORTED, target->set_arena_size(4096));
  ASSERT_OK(fbmu_free(dev, b.lease_id));  // ended by free
  EXPECT_OK(target->set_arena_size(4096));
}

TEST_F(ArenaSize, IsRejectedWhileAFrameIsFenced) {
  fbmu_lease_info_t a = alloc_ok();
  ASSERT_NO_FATAL_FAILURE(free_fenced(a.lease_id));
  EXPECT_RC(FBMU_E_UNSUPPORTED, target->set_arena_size(8192));
  ASSERT_OK(target->fence_clear());
  EXPECT_OK(target->set_arena_size(8192));
}

TEST_F(ArenaSize, SizesThatAreNotAPowerOfTwoInRangeAreInvalid) {
  const uint64_t mem = mem_bytes();
  for (uint64_t bad : {uint64_t{0}, uint64_t{1}, uint64_t{32}, uint64_t{63}, uint64_t{65},
                       uint64_t{100}, uint64_t{3000}, uint64_t{4095}, uint64_t{4097}, mem / 2 + 64,
                       mem, mem * 2, uint64_t{0xFFFFFFFF}, kU64Max}) {
    EXPECT_RC(FBMU_E_INVALID_ARGUMENT, target->set_arena_size(bad)) << bad;
  }
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, kDefaultArena);
  fbmu_lease_info_t a = alloc_ok();
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, target->set_arena_size(100)) << "validity is checked first";
  ASSERT_OK(fbmu_free(dev, a.lease_id));
}

TEST_F(ArenaSize, SmallestAndLargestSizesAreAccepted) {
  for (uint64_t good : {uint64_t{64}, uint64_t{mem_bytes()} / 2, uint64_t{128}, uint64_t{4096}}) {
    SCOPED_TRACE(good);
    ASSERT_OK(target->set_arena_size(good));
    uint64_t size = 0;
    ASSERT_OK(fbmu_get_arena_size(dev, &size));
    EXPECT_EQ(size, good);
    EXPECT_EQ(reg_read(FBMU_REG_ARENA_SIZE), good);
    fbmu_lease_info_t l = alloc_ok(good, 300);
    EXPECT_EQ(l.arena_size, good);
    ASSERT_OK(write_lease(l.lease_id, good - 1, bytes("z")));
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, write_lease(l.lease_id, good, bytes("z")));
    ASSERT_OK(fbmu_free(dev, l.lease_id));
  }
}

TEST_F(ArenaSize, ChangeZeroesTheBootstrapArenaAndKeepsEndedRecords) {
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_OK(write_boot(0, filled(4096, 0x77)));
  fbmu_lease_info_t a = alloc_ok(0, 300);
  ASSERT_OK(fbmu_free(dev, a.lease_id));
  set_arena(8192);
  fbmu_lease_info_t q = query_ok(a.lease_id);
  EXPECT_EQ(q.status, FBMU_LEASE_REVOKED);
  EXPECT_EQ(q.arena_size, 4096u);  // the size it was granted with
  ASSERT_OK(fbmu_hello(dev));
  EXPECT_EQ(read_boot_ok(0, 8192), filled(8192, 0));
}

// ================================================================================================
// Registers and the bus (contract "The bus", spec sections 6 and 12): plain accesses on the
// target's bus, for the facts the driver API does not expose.
// ================================================================================================

using Registers = Conformance;

TEST_F(Registers, IdentificationAndCapabilitiesDescribeTheUnit) {
  EXPECT_EQ(reg_read(FBMU_REG_ID), FBMU_ID_VALUE);
  EXPECT_EQ(reg_read(FBMU_REG_VERSION),
            (FBMU_VERSION_MAJOR_VALUE << FBMU_VERSION_MAJOR_SHIFT) | FBMU_VERSION_MINOR_VALUE);
  EXPECT_EQ(reg_read(FBMU_REG_CAP_MEM_BYTES), mem_bytes());
  EXPECT_EQ((reg_read(FBMU_REG_CAP_SLOTS) & FBMU_CAP_SLOTS_LEASE_SLOTS_MASK) >>
                FBMU_CAP_SLOTS_LEASE_SLOTS_SHIFT,
            lease_slots());
  EXPECT_EQ(reg_read(FBMU_REG_CAP_MAX_IO), 4096u);  // MAX_IO (spec section 1)
  EXPECT_EQ(reg_read(FBMU_REG_ARENA_SIZE), kDefaultArena);
  EXPECT_NE(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_ONLINE_MASK, 0u);
  EXPECT_EQ(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_SESSION_MASK, 0u);
  ASSERT_OK(fbmu_hello(dev));
  EXPECT_NE(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_SESSION_MASK, 0u);
}

TEST_F(Registers, RtcRegistersShowThePlatformTime) {
  ASSERT_OK(target->set_time(0x123456789ull));
  EXPECT_EQ(reg_read(FBMU_REG_RTC_LO), 0x23456789u);
  EXPECT_EQ(reg_read(FBMU_REG_RTC_HI), 0x1u);
}

TEST_F(Registers, UnmappedAddressesGiveAnErrorReadZeroAndChangeNothing) {
  for (uint32_t addr : {0x028u, 0x058u, 0x088u, 0x0A0u, 0x200u, 0xFFCu}) {
    uint32_t v = 0xFFFFFFFFu;
    EXPECT_RC(FBMU_E_BUS_ERROR, target->bus()->read32(target->bus()->ctx, addr, &v)) << addr;
    EXPECT_EQ(v, 0u) << addr;
    EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(addr, 0xA5A5A5A5u)) << addr;
  }
  fbmu_lease_info_t l = alloc_ok();
  EXPECT_EQ(l.lease_id, spec_ids::first_ids(kSeed, 1)[0]);
}

TEST_F(Registers, WritesToReadOnlyRegistersGiveAnErrorAndChangeNothing) {
  fbmu_lease_info_t l = alloc_ok(0, 100);
  for (uint32_t addr :
       {FBMU_REG_ID, FBMU_REG_CAP_MAX_IO, FBMU_REG_ARENA_SIZE, FBMU_REG_RTC_LO, FBMU_REG_STATUS,
        FBMU_REG_RES_TIME_LO, FBMU_REG_EVT_COUNT, FBMU_REG_RESET_EPOCH_LO}) {
    EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(addr, 0x40u)) << addr;
  }
  EXPECT_EQ(reg_read(FBMU_REG_ID), FBMU_ID_VALUE);
  EXPECT_EQ(reg_read(FBMU_REG_ARENA_SIZE), kDefaultArena);
  EXPECT_EQ(reg_read(FBMU_REG_RTC_LO), kStartTime);
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(size, kDefaultArena);
  EXPECT_EQ(query_ok(l.lease_id).expires_at_unix_secs, 1100u);
}

TEST_F(Registers, LowTwoAddressBitsAreIgnored) {
  EXPECT_EQ(reg_read(FBMU_REG_ID + 1), FBMU_ID_VALUE);
  EXPECT_EQ(reg_read(FBMU_REG_ID + 3), FBMU_ID_VALUE);
  ASSERT_OK(reg_write(FBMU_REG_ARG_LEN + 2, 77));
  EXPECT_EQ(reg_read(FBMU_REG_ARG_LEN), 77u);
}

TEST_F(Registers, UnknownOpcodeIsUnsupportedButOfflineIsCheckedFirst) {
  EXPECT_RC(FBMU_E_UNSUPPORTED, raw_command(0x00));
  EXPECT_RC(FBMU_E_UNSUPPORTED, raw_command(0xEE));
  EXPECT_RC(FBMU_E_UNSUPPORTED, raw_command(0xFF));
  ASSERT_OK(target->set_online(false));
  EXPECT_RC(FBMU_E_DISCONNECTED, raw_command(0xEE));
  ASSERT_OK(target->set_online(true));
  EXPECT_OK(fbmu_hello(dev));  // the driver carries on
}

// The driver splits transfers, so only a hand-made command can ask for more than MAX_IO bytes.
TEST_F(Registers, OneCommandLongerThanMaxIoIsInvalidArgument) {
  const uint32_t max_io = reg_read(FBMU_REG_CAP_MAX_IO);
  ASSERT_OK(fbmu_hello(dev));
  fbmu_lease_info_t l = alloc_ok();
  ASSERT_OK(reg_write(FBMU_REG_ARG_A_LO, 0));
  ASSERT_OK(reg_write(FBMU_REG_ARG_A_HI, 0));
  ASSERT_OK(reg_write(FBMU_REG_ARG_LEN, max_io + 1));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, raw_command(FBMU_OP_READ));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, raw_command(FBMU_OP_WRITE));
  ASSERT_OK(reg_write(FBMU_REG_ARG_ID_0, static_cast<uint32_t>(l.lease_id.lo)));
  ASSERT_OK(reg_write(FBMU_REG_ARG_ID_1, static_cast<uint32_t>(l.lease_id.lo >> 32)));
  ASSERT_OK(reg_write(FBMU_REG_ARG_ID_2, static_cast<uint32_t>(l.lease_id.hi)));
  ASSERT_OK(reg_write(FBMU_REG_ARG_ID_3, static_cast<uint32_t>(l.lease_id.hi >> 32)));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, raw_command(FBMU_OP_READ_LEASE));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, raw_command(FBMU_OP_WRITE_LEASE));
  ASSERT_OK(reg_write(FBMU_REG_ARG_LEN, max_io));
  EXPECT_OK(raw_command(FBMU_OP_READ_LEASE));
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), max_io);
}

TEST_F(Registers, EventPopReportsTheEventsStillPending) {
  ASSERT_OK(fbmu_free(dev, alloc_ok().lease_id));
  ASSERT_OK(fbmu_free(dev, alloc_ok().lease_id));
  EXPECT_EQ(reg_read(FBMU_REG_EVT_COUNT) & FBMU_EVT_COUNT_PENDING_MASK, 2u);
  EXPECT_OK(raw_command(FBMU_OP_EVENT_POP));
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 1u);
  EXPECT_EQ(reg_read(FBMU_REG_RES_STATUS), FBMU_EVENT_REVOKED);
  EXPECT_EQ(reg_read(FBMU_REG_RES_TIME_LO), kStartTime);
  EXPECT_OK(raw_command(FBMU_OP_EVENT_POP));
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 0u);
  EXPECT_RC(FBMU_E_NOT_FOUND, raw_command(FBMU_OP_EVENT_POP));
}

}  // namespace
}  // namespace fbmu_test
