// Bad input through the real target: NULL pointers, zero and huge lengths, impossible offsets,
// unknown, zero and stale ids. The driver checks its arguments before any bus access (spec section
// 13), so a rejected call leaves the unit exactly as it was; the driver here runs on a counting
// wrapper of the target's bus to prove that no access was made.
#include <climits>
#include <functional>
#include <set>
#include <string>

#include "conformance/fixture.h"

namespace fbmu_test {
namespace {

class BadInput : public Conformance {
 protected:
  void SetUp() override {
    Conformance::SetUp();
    if (HasFatalFailure()) return;
    fbmu_close(dev);
    dev = nullptr;
    counting = std::make_unique<CountingBus>(target->bus());
    ASSERT_OK(fbmu_open(counting->bus(), &dev));
    // A known state: a session, bootstrap data, one active lease with data, no events.
    ASSERT_OK(fbmu_hello(dev));
    ASSERT_OK(write_boot(0, bytes("bootstrap")));
    lease = alloc_ok(0, 100);  // the first id after reset, expires 1100
    ASSERT_OK(write_lease(lease.lease_id, 0, bytes("tenant")));
  }
  void TearDown() override {
    Conformance::TearDown();
    counting.reset();
  }
  // The state SetUp made is still there, untouched.
  void expect_state_unchanged() {
    fbmu_lease_info_t q = query_ok(lease.lease_id);
    EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
    EXPECT_EQ(q.expires_at_unix_secs, 1100u);
    EXPECT_EQ(read_lease_ok(lease.lease_id, 0, 8), Bytes({'t', 'e', 'n', 'a', 'n', 't', 0, 0}));
    EXPECT_EQ(read_boot_ok(0, 10), Bytes({'b', 'o', 'o', 't', 's', 't', 'r', 'a', 'p', 0}));
    EXPECT_EQ(events_pending(), 0u);
    EXPECT_EQ(alloc_ok().lease_id, spec_ids::first_ids(kSeed, 2)[1]) << "no id was issued";
  }

  std::unique_ptr<CountingBus> counting;
  fbmu_lease_info_t lease{};
};

TEST_F(BadInput, OpenRejectsNullBusNullHandleAndMissingCallbacks) {
  fbmu_t *d = nullptr;
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_open(nullptr, &d));
  EXPECT_EQ(d, nullptr);
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_open(target->bus(), nullptr));
  fbmu_bus_t no_read = *target->bus();
  no_read.read32 = nullptr;
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_open(&no_read, &d));
  EXPECT_EQ(d, nullptr);
  fbmu_bus_t no_write = *target->bus();
  no_write.write32 = nullptr;
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_open(&no_write, &d));
  EXPECT_EQ(d, nullptr);
  fbmu_close(nullptr);  // no crash
  expect_state_unchanged();
}

TEST_F(BadInput, EveryNullPointerIsInvalidArgumentWithoutABusAccess) {
  const fbmu_lease_id_t id = lease.lease_id;
  uint8_t buf[16] = {0};
  uint32_t n = 0;
  uint64_t u = 0;
  fbmu_lease_info_t info{};
  fbmu_event_t ev{};
  uint32_t pending = 0;
  const Bytes junk = filled(16, 0xEE);
  struct Call {
    const char *name;
    std::function<int()> fn;
  };
  const std::vector<Call> calls = {
      {"hello(NULL)", [&] { return fbmu_hello(nullptr); }},
      {"get_arena_size(NULL, &s)", [&] { return fbmu_get_arena_size(nullptr, &u); }},
      {"get_arena_size(dev, NULL)", [&] { return fbmu_get_arena_size(dev, nullptr); }},
      {"read(NULL, ...)", [&] { return fbmu_read(nullptr, 0, buf, 4, &n); }},
      {"read(buf NULL)", [&] { return fbmu_read(dev, 0, nullptr, 4, &n); }},
      {"read(buf NULL, len 0)", [&] { return fbmu_read(dev, 0, nullptr, 0, &n); }},
      {"read(n_read NULL)", [&] { return fbmu_read(dev, 0, buf, 4, nullptr); }},
      {"write(NULL, ...)", [&] { return fbmu_write(nullptr, 0, junk.data(), 4); }},
      {"write(data NULL)", [&] { return fbmu_write(dev, 0, nullptr, 4); }},
      {"write(data NULL, len 0)", [&] { return fbmu_write(dev, 0, nullptr, 0); }},
      {"alloc(NULL, ...)", [&] { return fbmu_alloc(nullptr, 0, 10, &info); }},
      {"alloc(info NULL)", [&] { return fbmu_alloc(dev, 0, 10, nullptr); }},
      {"query(NULL, ...)", [&] { return fbmu_query(nullptr, id, &info); }},
      {"query(info NULL)", [&] { return fbmu_query(dev, id, nullptr); }},
      {"renew(NULL, ...)", [&] { return fbmu_renew(nullptr, id, 500, &u); }},
      {"renew(expires_at NULL)", [&] { return fbmu_renew(dev, id, 500, nullptr); }},
      {"free(NULL, id)", [&] { return fbmu_free(nullptr, id); }},
      {"read_lease(NULL, ...)", [&] { return fbmu_read_lease(nullptr, id, 0, buf, 4, &n); }},
      {"read_lease(buf NULL)", [&] { return fbmu_read_lease(dev, id, 0, nullptr, 4, &n); }},
      {"read_lease(buf NULL, len 0)", [&] { return fbmu_read_lease(dev, id, 0, nullptr, 0, &n); }},
      {"read_lease(n_read NULL)", [&] { return fbmu_read_lease(dev, id, 0, buf, 4, nullptr); }},
      {"write_lease(NULL, ...)", [&] { return fbmu_write_lease(nullptr, id, 0, junk.data(), 4); }},
      {"write_lease(data NULL)", [&] { return fbmu_write_lease(dev, id, 0, nullptr, 4); }},
      {"write_lease(data NULL, len 0)", [&] { return fbmu_write_lease(dev, id, 0, nullptr, 0); }},
      {"read_event(NULL, &ev)", [&] { return fbmu_read_event(nullptr, &ev); }},
      {"read_event(dev, NULL)", [&] { return fbmu_read_event(dev, nullptr); }},
      {"event_count(NULL, ...)", [&] { return fbmu_event_count(nullptr, &pending, nullptr); }},
      {"event_count(dev, NULL, NULL)", [&] { return fbmu_event_count(dev, nullptr, nullptr); }},
      {"set_poll_limit(NULL, 10)", [&] { return fbmu_set_poll_limit(nullptr, 10); }},
      {"set_poll_limit(dev, 0)", [&] { return fbmu_set_poll_limit(dev, 0); }},
  };
  for (const Call &c : calls) {
    const uint64_t before = counting->accesses();
    EXPECT_RC(FBMU_E_INVALID_ARGUMENT, c.fn()) << c.name;
    EXPECT_EQ(counting->accesses(), before) << c.name << " touched the bus";
  }
  expect_state_unchanged();
}

TEST_F(BadInput, HugeWriteLengthIsOutOfRangeAndSendsNothing) {
  const Bytes small = filled(64, 0xEE);  // the driver must reject before reading the buffer
  const uint64_t staged = counting->staging_writes();
  EXPECT_RC(FBMU_E_OUT_OF_RANGE,
            fbmu_write_lease(dev, lease.lease_id, 0, small.data(), 0xFFFFFFFFu));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write(dev, 0, small.data(), 0xFFFFFFFFu));
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write_lease(dev, lease.lease_id, 0, small.data(),
                                                  static_cast<uint32_t>(kDefaultArena) + 1));
  EXPECT_EQ(counting->staging_writes(), staged)
      << "no chunk may be sent for a write that does not fit";
  expect_state_unchanged();
}

// A read longer than the arena is a short read; the buffer only receives the bytes up to the end.
TEST_F(BadInput, HugeReadLengthIsAShortReadUpToTheEnd) {
  Bytes buf(2 * kDefaultArena, 0xEE);
  uint32_t n = 0;
  ASSERT_OK(fbmu_read_lease(dev, lease.lease_id, kDefaultArena - 16, buf.data(), 0xFFFFFFFFu, &n));
  EXPECT_EQ(n, 16u);
  EXPECT_EQ(Bytes(buf.begin(), buf.begin() + 16), filled(16, 0));
  n = 0;
  ASSERT_OK(fbmu_read(dev, kDefaultArena - 16, buf.data(), 0xFFFFFFFFu, &n));
  EXPECT_EQ(n, 16u);
  expect_state_unchanged();
}

TEST_F(BadInput, OffsetsAtU64MaxAndOverflowingEndsAreOutOfRange) {
  const fbmu_lease_id_t id = lease.lease_id;
  const Bytes data = filled(4, 0xEE);
  uint8_t buf[8] = {0};
  uint32_t n = 0;
  struct Case {
    uint64_t off;
    uint32_t len;
  };
  for (const Case &c :
       {Case{UINT64_MAX, 1}, Case{UINT64_MAX, 4}, Case{UINT64_MAX - 1, 4}, Case{UINT64_MAX - 2, 4},
        Case{1ull << 63, 4}, Case{kDefaultArena, 1}, Case{UINT64_MAX - kDefaultArena + 2, 4}}) {
    SCOPED_TRACE(testing::Message() << "off " << c.off << " len " << c.len);
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write_lease(dev, id, c.off, data.data(), c.len));
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write(dev, c.off, data.data(), c.len));
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_read_lease(dev, id, c.off, buf, c.len, &n));
    EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_read(dev, c.off, buf, c.len, &n));
  }
  // Wrapping past 2^64 must not land at the start of the arena.
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write_lease(dev, id, UINT64_MAX - 1, data.data(), 4));
  expect_state_unchanged();
}

TEST_F(BadInput, UnknownAndZeroIdsAreNotFoundForEveryLeaseCall) {
  uint8_t buf[4] = {0};
  uint32_t n = 0;
  uint64_t u = 0;
  fbmu_lease_info_t info{};
  const fbmu_lease_id_t next_unissued = spec_ids::first_ids(kSeed, 2)[1];
  for (const fbmu_lease_id_t &id :
       {id128(0, 0), id128(0xDEADBEEF), id128(UINT64_MAX, UINT64_MAX), id128(1, 0),
        id128(lease.lease_id.hi, 0), id128(0, lease.lease_id.lo), next_unissued}) {
    SCOPED_TRACE(testing::PrintToString(id));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id, &info));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_renew(dev, id, 10, &u));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_lease(dev, id, 0, buf, 4, &n));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_write_lease(dev, id, 0, buf, 4));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_free(dev, id));
  }
  expect_state_unchanged();
}

TEST_F(BadInput, StaleIdsAfterResetAreNotFound) {
  const fbmu_lease_id_t stale = lease.lease_id;
  fbmu_lease_info_t other = alloc_ok(0, 50);
  ASSERT_OK(fbmu_free(dev, other.lease_id));
  ASSERT_OK(target->reset());
  uint8_t buf[4] = {0};
  uint32_t n = 0;
  uint64_t u = 0;
  fbmu_lease_info_t info{};
  for (const fbmu_lease_id_t &id : {stale, other.lease_id}) {
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, id, &info));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_renew(dev, id, 10, &u));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_lease(dev, id, 0, buf, 4, &n));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_write_lease(dev, id, 0, buf, 4));
    EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_free(dev, id));
  }
}

TEST_F(BadInput, ImpossibleAllocArgumentsAreRejected) {
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_alloc(dev, 0, 0, &info));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, UINT64_MAX, 10, &info));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, 1ull << 32, 10, &info));
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, fbmu_alloc(dev, kDefaultArena + 1, 10, &info));
  expect_state_unchanged();
}

TEST_F(BadInput, StrerrorNeverReturnsNull) {
  std::set<std::string> names;
  for (int code = -64; code <= 64; ++code) {
    const char *s = fbmu_strerror(code);
    ASSERT_NE(s, nullptr) << code;
    EXPECT_GT(std::strlen(s), 0u) << code;
    if (code >= FBMU_E_BUS_ERROR && code <= FBMU_OK) names.insert(s);
  }
  EXPECT_EQ(names.size(), 11u) << "every defined code has its own text";
  for (int code : {INT_MIN, INT_MIN + 1, -1000, 1000, INT_MAX}) {
    const char *s = fbmu_strerror(code);
    ASSERT_NE(s, nullptr) << code;
    EXPECT_GT(std::strlen(s), 0u) << code;
  }
}

}  // namespace
}  // namespace fbmu_test
