// Golden model, layer (a): lease and arena semantics of docs/spec.md, one fact per test.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "fbmu_model.h"

// Global so that gtest's EXPECT_EQ finds it by argument-dependent lookup.
inline bool operator==(const fbmu_lease_id_t &a, const fbmu_lease_id_t &b) {
  return a.hi == b.hi && a.lo == b.lo;
}

namespace {

constexpr uint64_t kSeed = 0x5EEDF00Dull;
constexpr uint64_t kT0 = 1000;

fbmu_model_config_t Config(uint32_t slots = 0, uint32_t depth = 0, uint32_t arena = 0,
                           uint32_t mem = 0) {
  fbmu_model_config_t c{};
  c.mem_bytes = mem;
  c.lease_slots = slots;
  c.event_depth = depth;
  c.arena_size = arena;
  c.id_seed = kSeed;
  return c;
}

// Owns one model, set to kT0 and online; helpers return codes so tests read as facts.
class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override { Make(Config()); }
  void TearDown() override { fbmu_model_destroy(m_); }

  void Make(const fbmu_model_config_t &c) {
    fbmu_model_destroy(m_);
    m_ = fbmu_model_create(&c);
    ASSERT_NE(m_, nullptr);
    ASSERT_EQ(fbmu_model_set_time(m_, kT0, nullptr, 0, nullptr), FBMU_OK);
  }

  fbmu_lease_info_t Alloc(uint64_t secs = 100, uint64_t min_bytes = 1) {
    fbmu_lease_info_t info{};
    EXPECT_EQ(fbmu_model_alloc(m_, min_bytes, secs, &info), FBMU_OK);
    return info;
  }
  fbmu_lease_id_t AllocId(uint64_t secs = 100) { return Alloc(secs).lease_id; }

  // A stuck-at-1 cell in the lease's frame (bit 3 of byte `byte`): its teardown's read-back fails.
  void Stick(fbmu_lease_id_t id, uint32_t byte = 5) {
    uint32_t frame = 0;
    ASSERT_EQ(fbmu_model_lease_frame(m_, id, &frame), FBMU_OK);
    uint64_t bit = (uint64_t{frame} * fbmu_model_arena_size(m_) + byte) * 8u + 3u;
    ASSERT_EQ(fbmu_model_inject_fault(m_, static_cast<uint32_t>(bit)), FBMU_OK);
  }
  void Unstick() { ASSERT_EQ(fbmu_model_inject_fault(m_, FBMU_FAULT_CLEAR_ALL), FBMU_OK); }

  // FREE with a stuck cell in the frame, removed again after the teardown: the lease ends FENCED
  // (*ended: its event) and a fence clear can free the frame.
  void FreeFenced(fbmu_lease_id_t id, fbmu_event_t *ended = nullptr) {
    ASSERT_NO_FATAL_FAILURE(Stick(id));
    ASSERT_EQ(fbmu_model_free(m_, id, ended), FBMU_OK);
    ASSERT_NO_FATAL_FAILURE(Unstick());
  }

  // One lease in each ended state, time then at kT0 + 5: expired (a 5 s lease), revoked (freed)
  // and fenced (freed with the zeroing made to fail).
  void EndOneOfEach(fbmu_lease_id_t *exp, fbmu_lease_id_t *rev, fbmu_lease_id_t *fen) {
    *exp = AllocId(5);
    *rev = AllocId(100);
    *fen = AllocId(100);
    ASSERT_EQ(fbmu_model_free(m_, *rev, nullptr), FBMU_OK);
    ASSERT_NO_FATAL_FAILURE(FreeFenced(*fen));
    SetTime(kT0 + 5);
  }

  std::vector<fbmu_event_t> SetTime(uint64_t t) {
    std::vector<fbmu_event_t> ev(FBMU_MODEL_MAX_SLOTS);
    uint32_t n = 0;
    EXPECT_EQ(fbmu_model_set_time(m_, t, ev.data(), static_cast<uint32_t>(ev.size()), &n), FBMU_OK);
    ev.resize(n);
    return ev;
  }

  uint8_t Status(fbmu_lease_id_t id) {
    fbmu_lease_info_t info{};
    EXPECT_EQ(fbmu_model_query(m_, id, &info), FBMU_OK);
    return info.status;
  }
  int Write(fbmu_lease_id_t id, uint64_t off, const std::vector<uint8_t> &d) {
    return fbmu_model_write_lease(m_, id, off, d.data(), static_cast<uint32_t>(d.size()));
  }
  int Read(fbmu_lease_id_t id, uint64_t off, uint32_t len, std::vector<uint8_t> *out = nullptr,
           uint32_t *n = nullptr) {
    std::vector<uint8_t> buf(len ? len : 1);
    uint32_t got = 0;
    int rc = fbmu_model_read_lease(m_, id, off, buf.data(), len, &got);
    buf.resize(got);
    if (out) *out = buf;
    if (n) *n = got;
    return rc;
  }
  std::vector<uint8_t> Mem() const {
    const uint8_t *p = fbmu_model_memory(m_);
    return std::vector<uint8_t>(p, p + fbmu_model_config(m_)->mem_bytes);
  }
  uint32_t Pending() const {
    uint32_t p = 0, d = 0;
    fbmu_model_event_count(m_, &p, &d);
    return p;
  }
  uint32_t Dropped() const {
    uint32_t p = 0, d = 0;
    fbmu_model_event_count(m_, &p, &d);
    return d;
  }
  // Offset of the lease's frame in memory, found by writing a marker through the lease.
  size_t FrameOf(fbmu_lease_id_t id) {
    const uint8_t mark[4] = {0xDE, 0xAD, 0xBE, 0xEF};
    std::vector<uint8_t> before = Mem();
    EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, mark, 4), FBMU_OK);
    std::vector<uint8_t> after = Mem();
    for (size_t i = 0; i < after.size(); i++)
      if (after[i] != before[i]) {
        uint8_t zero[4] = {0, 0, 0, 0};
        EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, zero, 4), FBMU_OK);
        return i / fbmu_model_arena_size(m_);
      }
    return SIZE_MAX;
  }

  fbmu_model_t *m_ = nullptr;
};

// An independent implementation of spec section 5, to cross-check fbmu_model_id_for.
uint64_t RefMix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
fbmu_lease_id_t RefId(uint64_t seed, uint64_t counter) {
  uint64_t k[4], s = seed;
  for (auto &ki : k) ki = RefMix(s += 0x9E3779B97F4A7C15ull);
  uint64_t l = 0, r = counter;
  for (uint64_t ki : k) {
    uint64_t t = l ^ RefMix(r ^ ki);
    l = r;
    r = t;
  }
  return fbmu_lease_id_t{l, r};
}

using ModelConfig = ModelTest;
using ModelId = ModelTest;
using ModelLease = ModelTest;
using ModelRecycle = ModelTest;
using ModelIo = ModelTest;
using ModelSession = ModelTest;
using ModelEvents = ModelTest;
using ModelFence = ModelTest;
using ModelArena = ModelTest;
using ModelReset = ModelTest;

// ---- configuration ------------------------------------------------------------------------------

TEST_F(ModelConfig, ZeroFieldsResolveToSpecDefaults) {
  fbmu_model_config_t c{};
  ASSERT_EQ(fbmu_model_config_resolve(nullptr, &c), FBMU_OK);
  EXPECT_EQ(c.mem_bytes, 131072u);
  EXPECT_EQ(c.lease_slots, 16u);
  EXPECT_EQ(c.event_depth, 16u);
  EXPECT_EQ(c.max_io, 4096u);
  EXPECT_EQ(c.arena_size, 4096u);
  EXPECT_EQ(fbmu_model_arena_size(m_), 4096u);
  EXPECT_TRUE(fbmu_model_online(m_));
  EXPECT_FALSE(fbmu_model_session_open(m_));
}

TEST_F(ModelConfig, SmallMemoryDefaultsArenaToHalfOfIt) {
  fbmu_model_config_t in = Config(0, 0, 0, 1024), c{};
  ASSERT_EQ(fbmu_model_config_resolve(&in, &c), FBMU_OK);
  EXPECT_EQ(c.arena_size, 512u);
}

TEST_F(ModelConfig, ImpossibleConfigurationsAreRejected) {
  struct Bad {
    uint32_t mem, slots, depth, max_io, arena;
  };
  const Bad bad[] = {
      {3000, 0, 0, 0, 0}, {64, 0, 0, 0, 64},    {0, 1, 0, 0, 0},    {0, 65, 0, 0, 0},
      {0, 0, 65, 0, 0},   {0, 0, 0, 6, 0},      {0, 0, 0, 8192, 0}, {0, 0, 0, 0, 100},
      {0, 0, 0, 0, 32},   {0, 0, 0, 0, 131072},
  };
  for (const Bad &b : bad) {
    fbmu_model_config_t in{}, out{};
    in.mem_bytes = b.mem;
    in.lease_slots = b.slots;
    in.event_depth = b.depth;
    in.max_io = b.max_io;
    in.arena_size = b.arena;
    EXPECT_EQ(fbmu_model_config_resolve(&in, &out), FBMU_E_INVALID_ARGUMENT)
        << b.mem << " " << b.slots << " " << b.depth << " " << b.max_io << " " << b.arena;
    EXPECT_EQ(fbmu_model_create(&in), nullptr);
  }
}

// ---- lease ids ----------------------------------------------------------------------------------

TEST_F(ModelId, IdForMatchesSpecGenerator) {
  // Vectors from an independent Python implementation of spec section 5.
  EXPECT_EQ(fbmu_model_id_for(0, 1),
            (fbmu_lease_id_t{0x3DC14EF15EE5B58Bull, 0x57C4099DEAC68231ull}));
  EXPECT_EQ(fbmu_model_id_for(kSeed, 1),
            (fbmu_lease_id_t{0x56EF120202F8191Full, 0x71587A457AC31665ull}));
  EXPECT_EQ(fbmu_model_id_for(kSeed, 2),
            (fbmu_lease_id_t{0x00934CCECADFF2B5ull, 0xA85D8AEFF9923D2Dull}));
  EXPECT_EQ(fbmu_model_id_for(kSeed, 1000000),
            (fbmu_lease_id_t{0x02076AC1DB0A6351ull, 0x07EF0BEE0D746174ull}));
  EXPECT_EQ(fbmu_model_id_for(UINT64_MAX, UINT64_MAX),
            (fbmu_lease_id_t{0xA82F40937993CD1Eull, 0xA667B90E6E3978C9ull}));
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; i++) {
    uint64_t s = rng(), c = rng();
    EXPECT_EQ(fbmu_model_id_for(s, c), RefId(s, c));
  }
}

TEST_F(ModelId, FirstIdAfterResetIsCounterOne) {
  EXPECT_EQ(fbmu_model_peek_next_id(m_), fbmu_model_id_for(kSeed, 1));
  EXPECT_EQ(AllocId(), fbmu_model_id_for(kSeed, 1));
  EXPECT_EQ(fbmu_model_peek_next_id(m_), fbmu_model_id_for(kSeed, 2));
}

TEST_F(ModelId, FailedAllocConsumesNoCounter) {
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 0, &info), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_model_alloc(m_, 1u << 20, 5, &info), FBMU_E_CAPACITY_EXCEEDED);
  EXPECT_EQ(AllocId(), fbmu_model_id_for(kSeed, 1));
}

TEST_F(ModelId, IdsArePredictedUniqueAndNonZeroOverManyAllocs) {
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (uint64_t c = 1; c <= 20000; c++) {
    fbmu_lease_id_t predicted = fbmu_model_peek_next_id(m_);
    fbmu_lease_id_t id = AllocId();
    ASSERT_EQ(id, predicted);
    ASSERT_EQ(id, fbmu_model_id_for(kSeed, c));
    ASSERT_FALSE(id.hi == 0 && id.lo == 0);
    ASSERT_TRUE(seen.insert({id.hi, id.lo}).second) << "id reused at counter " << c;
    ASSERT_EQ(fbmu_model_free(m_, id, nullptr), FBMU_OK);
  }
}

TEST_F(ModelId, DifferentSeedsGiveDifferentIds) {
  fbmu_lease_id_t a = AllocId();
  Make(Config());
  EXPECT_EQ(AllocId(), a);  // same seed: same sequence
  fbmu_model_config_t c = Config();
  c.id_seed = kSeed + 1;
  Make(c);
  EXPECT_FALSE(AllocId() == a);
}

// ---- alloc --------------------------------------------------------------------------------------

TEST_F(ModelLease, AllocGrantsArenaSizeExpiryAndActive) {
  fbmu_lease_info_t info = Alloc(30, 100);
  EXPECT_EQ(info.arena_size, 4096u);
  EXPECT_EQ(info.expires_at_unix_secs, kT0 + 30);
  EXPECT_EQ(info.status, FBMU_LEASE_ACTIVE);
}

TEST_F(ModelLease, AllocWithZeroLeaseSecsIsInvalidArgument) {
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 0, &info), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelLease, AllocZeroSecsIsCheckedBeforeSize) {
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, UINT64_MAX, 0, &info), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelLease, AllocAboveArenaSizeIsCapacityExceeded) {
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 4097, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  EXPECT_EQ(fbmu_model_alloc(m_, 4096, 10, &info), FBMU_OK);
  EXPECT_EQ(fbmu_model_alloc(m_, 0, 10, &info), FBMU_OK);
}

TEST_F(ModelLease, AllocWithEveryRecordActiveIsCapacityExceeded) {
  for (int i = 0; i < 16; i++) AllocId();
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
}

TEST_F(ModelLease, AllocWithoutFreeFrameIsCapacityExceeded) {
  Make(Config(0, 0, 65536));  // one lease frame beside the bootstrap arena
  AllocId();
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
}

TEST_F(ModelLease, TwoConcurrentFourKiBLeasesFitDefaultMemory) {
  fbmu_lease_id_t a = AllocId(), b = AllocId();
  EXPECT_NE(FrameOf(a), FrameOf(b));
}

TEST_F(ModelLease, AllocTakesLowestFreeFrameNeverFrameZero) {
  fbmu_lease_id_t a = AllocId(), b = AllocId(), c = AllocId();
  EXPECT_EQ(FrameOf(a), 1u);
  EXPECT_EQ(FrameOf(b), 2u);
  EXPECT_EQ(FrameOf(c), 3u);
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  EXPECT_EQ(FrameOf(AllocId()), 1u);
  EXPECT_EQ(FrameOf(AllocId()), 4u);
}

TEST_F(ModelLease, ExpiryArithmeticSaturates) {
  SetTime(UINT64_MAX - 10);
  fbmu_lease_info_t info = Alloc(UINT64_MAX);
  EXPECT_EQ(info.expires_at_unix_secs, UINT64_MAX);
  EXPECT_EQ(Status(info.lease_id), FBMU_LEASE_ACTIVE);
}

TEST_F(ModelLease, AllocAtLastSecondEndsAtOnce) {
  // now = 2^64-1: the saturated expiry equals now, so the lease is expired from the start.
  SetTime(UINT64_MAX);
  fbmu_lease_info_t info = Alloc(5);
  EXPECT_EQ(info.status, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(info.expires_at_unix_secs, UINT64_MAX);
  EXPECT_EQ(Status(info.lease_id), FBMU_LEASE_EXPIRED);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_event_pop(m_, &ev, nullptr), FBMU_OK);
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, UINT64_MAX);
}

// ---- query --------------------------------------------------------------------------------------

TEST_F(ModelLease, QueryReturnsGrantedRecord) {
  fbmu_lease_info_t a = Alloc(50), q{};
  ASSERT_EQ(fbmu_model_query(m_, a.lease_id, &q), FBMU_OK);
  EXPECT_EQ(q.lease_id, a.lease_id);
  EXPECT_EQ(q.arena_size, 4096u);
  EXPECT_EQ(q.expires_at_unix_secs, kT0 + 50);
  EXPECT_EQ(q.status, FBMU_LEASE_ACTIVE);
}

TEST_F(ModelLease, QueryOfUnknownOrZeroIdIsNotFound) {
  AllocId();
  fbmu_lease_info_t q{};
  EXPECT_EQ(fbmu_model_query(m_, fbmu_lease_id_t{0, 0}, &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_model_query(m_, fbmu_model_id_for(kSeed, 2), &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_model_query(m_, fbmu_lease_id_t{1, 2}, &q), FBMU_E_NOT_FOUND);
}

TEST_F(ModelLease, StatusIsExpiredFromTheSecondNowReachesExpiry) {
  fbmu_lease_id_t id = AllocId(10);
  SetTime(kT0 + 9);
  EXPECT_EQ(Status(id), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(Write(id, 0, {1}), FBMU_OK);
  SetTime(kT0 + 10);
  EXPECT_EQ(Status(id), FBMU_LEASE_EXPIRED);
}

TEST_F(ModelLease, QueryReportsEveryEndedState) {
  fbmu_lease_id_t exp{}, rev{}, fen{};
  ASSERT_NO_FATAL_FAILURE(EndOneOfEach(&exp, &rev, &fen));
  EXPECT_EQ(Status(exp), FBMU_LEASE_EXPIRED);
  EXPECT_EQ(Status(rev), FBMU_LEASE_REVOKED);
  EXPECT_EQ(Status(fen), FBMU_LEASE_FENCED);
}

TEST_F(ModelLease, EndedLeaseStaysEndedWhenTimeGoesBack) {
  fbmu_lease_id_t id = AllocId(10);
  SetTime(kT0 + 10);
  SetTime(kT0);
  EXPECT_EQ(Status(id), FBMU_LEASE_EXPIRED);
  EXPECT_EQ(Write(id, 0, {1}), FBMU_E_LEASE_EXPIRED);
  uint64_t t = 0;
  EXPECT_EQ(fbmu_model_renew(m_, id, 100, &t), FBMU_E_LEASE_EXPIRED);
}

TEST_F(ModelLease, ActiveLeaseSurvivesTimeGoingBack) {
  fbmu_lease_id_t id = AllocId(10);
  SetTime(5);
  EXPECT_EQ(Status(id), FBMU_LEASE_ACTIVE);
  SetTime(kT0 + 9);
  EXPECT_EQ(Status(id), FBMU_LEASE_ACTIVE);
}

// ---- renew --------------------------------------------------------------------------------------

TEST_F(ModelLease, RenewSetsExpiryToNowPlusSecsWhenLater) {
  fbmu_lease_id_t id = AllocId(10);
  SetTime(kT0 + 5);
  uint64_t t = 0;
  ASSERT_EQ(fbmu_model_renew(m_, id, 20, &t), FBMU_OK);
  EXPECT_EQ(t, kT0 + 25);
  fbmu_lease_info_t q{};
  ASSERT_EQ(fbmu_model_query(m_, id, &q), FBMU_OK);
  EXPECT_EQ(q.expires_at_unix_secs, kT0 + 25);
  SetTime(kT0 + 24);
  EXPECT_EQ(Status(id), FBMU_LEASE_ACTIVE);
  SetTime(kT0 + 25);
  EXPECT_EQ(Status(id), FBMU_LEASE_EXPIRED);
}

TEST_F(ModelLease, RenewNeverShortensTheLease) {
  fbmu_lease_id_t id = AllocId(100);
  uint64_t t = 0;
  ASSERT_EQ(fbmu_model_renew(m_, id, 10, &t), FBMU_OK);
  EXPECT_EQ(t, kT0 + 100);
}

TEST_F(ModelLease, RenewWithZeroSecsReturnsUnchangedExpiry) {
  fbmu_lease_id_t id = AllocId(100);
  uint64_t t = 0;
  ASSERT_EQ(fbmu_model_renew(m_, id, 0, &t), FBMU_OK);
  EXPECT_EQ(t, kT0 + 100);
}

TEST_F(ModelLease, RenewSaturates) {
  fbmu_lease_id_t id = AllocId(100);
  uint64_t t = 0;
  ASSERT_EQ(fbmu_model_renew(m_, id, UINT64_MAX, &t), FBMU_OK);
  EXPECT_EQ(t, UINT64_MAX);
}

TEST_F(ModelLease, RenewOfEndedLeaseGivesItsStateCode) {
  fbmu_lease_id_t exp{}, rev{}, fen{};
  ASSERT_NO_FATAL_FAILURE(EndOneOfEach(&exp, &rev, &fen));
  uint64_t t = 0;
  EXPECT_EQ(fbmu_model_renew(m_, exp, 10, &t), FBMU_E_LEASE_EXPIRED);
  EXPECT_EQ(fbmu_model_renew(m_, rev, 10, &t), FBMU_E_REVOKED);
  EXPECT_EQ(fbmu_model_renew(m_, fen, 10, &t), FBMU_E_FENCED);
  EXPECT_EQ(fbmu_model_renew(m_, fbmu_lease_id_t{0, 0}, 10, &t), FBMU_E_NOT_FOUND);
}

// ---- free ---------------------------------------------------------------------------------------

TEST_F(ModelLease, FreeRevokesAndEveryLaterAccessGivesRevoked) {
  fbmu_lease_id_t id = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, id, nullptr), FBMU_OK);
  EXPECT_EQ(Status(id), FBMU_LEASE_REVOKED);
  EXPECT_EQ(fbmu_model_free(m_, id, nullptr), FBMU_E_REVOKED);
  EXPECT_EQ(Write(id, 0, {1}), FBMU_E_REVOKED);
  EXPECT_EQ(Read(id, 0, 1), FBMU_E_REVOKED);
}

TEST_F(ModelLease, FreeOfUnknownIdIsNotFound) {
  EXPECT_EQ(fbmu_model_free(m_, fbmu_model_id_for(kSeed, 1), nullptr), FBMU_E_NOT_FOUND);
}

TEST_F(ModelLease, FreeOfExpiredLeaseIsLeaseExpired) {
  fbmu_lease_id_t id = AllocId(5);
  SetTime(kT0 + 5);
  EXPECT_EQ(fbmu_model_free(m_, id, nullptr), FBMU_E_LEASE_EXPIRED);
  EXPECT_EQ(Status(id), FBMU_LEASE_EXPIRED);
}

TEST_F(ModelLease, FreeEventCarriesIdKindAndNow) {
  fbmu_lease_id_t id = AllocId();
  SetTime(kT0 + 3);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_free(m_, id, &ev), FBMU_OK);
  EXPECT_EQ(ev.lease_id, id);
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(ev.time_unix_secs, kT0 + 3);
}

TEST_F(ModelLease, StateChecksRunFencedThenRevokedThenExpired) {
  // FENCED beats EXPIRED: an expired lease whose teardown failed.
  fbmu_lease_id_t a = AllocId(5);
  ASSERT_NO_FATAL_FAILURE(Stick(a));
  SetTime(kT0 + 5);
  ASSERT_NO_FATAL_FAILURE(Unstick());
  EXPECT_EQ(Write(a, 0, {1}), FBMU_E_FENCED);
  EXPECT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_E_FENCED);
  // FENCED beats REVOKED: a freed lease whose teardown failed.
  fbmu_lease_id_t b = AllocId(5);
  ASSERT_NO_FATAL_FAILURE(FreeFenced(b));
  EXPECT_EQ(Read(b, 0, 1), FBMU_E_FENCED);
  // REVOKED beats EXPIRED: a freed lease whose expiry has also passed.
  fbmu_lease_id_t c = AllocId(5);
  ASSERT_EQ(fbmu_model_free(m_, c, nullptr), FBMU_OK);
  SetTime(kT0 + 100);
  EXPECT_EQ(Write(c, 0, {1}), FBMU_E_REVOKED);
  EXPECT_EQ(Status(c), FBMU_LEASE_REVOKED);
}

// ---- expiry by set_time -------------------------------------------------------------------------

TEST_F(ModelLease, ExpiredLeaseRejectsReadAndWrite) {
  fbmu_lease_id_t id = AllocId(10);
  SetTime(kT0 + 10);
  EXPECT_EQ(Write(id, 0, {1}), FBMU_E_LEASE_EXPIRED);
  EXPECT_EQ(Read(id, 0, 1), FBMU_E_LEASE_EXPIRED);
}

TEST_F(ModelLease, SetTimeEndsDueLeasesLowestRecordFirstAtTheNewNow) {
  fbmu_lease_id_t r0 = AllocId(30), r1 = AllocId(10), r2 = AllocId(20), r3 = AllocId(100);
  std::vector<fbmu_event_t> ev = SetTime(kT0 + 50);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].lease_id, r0);
  EXPECT_EQ(ev[1].lease_id, r1);
  EXPECT_EQ(ev[2].lease_id, r2);
  for (const fbmu_event_t &e : ev) {
    EXPECT_EQ(e.kind, FBMU_EVENT_EXPIRED);
    EXPECT_EQ(e.time_unix_secs, kT0 + 50);
  }
  EXPECT_EQ(Status(r3), FBMU_LEASE_ACTIVE);
  // The FIFO holds the same events in the same order.
  for (const fbmu_event_t &e : ev) {
    fbmu_event_t p{};
    ASSERT_EQ(fbmu_model_event_pop(m_, &p, nullptr), FBMU_OK);
    EXPECT_EQ(p.lease_id, e.lease_id);
  }
}

TEST_F(ModelLease, SetTimeCopiesAtMostMaxEvents) {
  AllocId(1);
  AllocId(1);
  AllocId(1);
  fbmu_event_t ev[2];
  uint32_t n = 99;
  ASSERT_EQ(fbmu_model_set_time(m_, kT0 + 1, ev, 2, &n), FBMU_OK);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(Pending(), 3u);
}

TEST_F(ModelLease, LeaseEndsOnceOnly) {
  AllocId(5);
  EXPECT_EQ(SetTime(kT0 + 5).size(), 1u);
  EXPECT_EQ(SetTime(kT0 + 6).size(), 0u);
  EXPECT_EQ(Pending(), 1u);
}

TEST_F(ModelLease, RenewedLeaseIsNotEndedAtItsOldExpiry) {
  fbmu_lease_id_t id = AllocId(5);
  uint64_t t = 0;
  ASSERT_EQ(fbmu_model_renew(m_, id, 50, &t), FBMU_OK);
  EXPECT_EQ(SetTime(kT0 + 5).size(), 0u);
  EXPECT_EQ(SetTime(kT0 + 49).size(), 0u);
  EXPECT_EQ(SetTime(kT0 + 50).size(), 1u);
}

TEST_F(ModelLease, LeasesKeepExpiringWhileOffline) {
  fbmu_lease_id_t id = AllocId(5);
  fbmu_model_set_online(m_, 0);
  EXPECT_EQ(SetTime(kT0 + 5).size(), 1u);
  fbmu_model_set_online(m_, 1);
  EXPECT_EQ(Status(id), FBMU_LEASE_EXPIRED);
}

// ---- record recycling ---------------------------------------------------------------------------

TEST_F(ModelRecycle, EndedRecordsAreKeptWhileEmptyRecordsRemain) {
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 16; i++) {
    ids.push_back(AllocId());
    ASSERT_EQ(fbmu_model_free(m_, ids.back(), nullptr), FBMU_OK);
  }
  for (const auto &id : ids) EXPECT_EQ(Status(id), FBMU_LEASE_REVOKED);
}

TEST_F(ModelRecycle, OldestEndedRecordIsForgottenFirst) {
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 16; i++) ids.push_back(AllocId(1000));
  // End them in an order unrelated to record order: 5, 2, 9, then the rest expire together.
  const int order[] = {5, 2, 9};
  for (int i : order) ASSERT_EQ(fbmu_model_free(m_, ids[i], nullptr), FBMU_OK);
  SetTime(kT0 + 1000);  // records 0,1,3,4,6,7,8,10.. end now, lowest record first
  fbmu_lease_info_t q{};
  for (int k = 0; k < 3; k++) {
    AllocId();
    EXPECT_EQ(fbmu_model_query(m_, ids[order[k]], &q), FBMU_E_NOT_FOUND) << k;
    for (int j = k + 1; j < 3; j++) EXPECT_EQ(fbmu_model_query(m_, ids[order[j]], &q), FBMU_OK);
  }
  // Next come the expired ones in their end order, i.e. lowest record first.
  AllocId();
  EXPECT_EQ(fbmu_model_query(m_, ids[0], &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_model_query(m_, ids[1], &q), FBMU_OK);
  AllocId();
  EXPECT_EQ(fbmu_model_query(m_, ids[1], &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_model_query(m_, ids[3], &q), FBMU_OK);
}

TEST_F(ModelRecycle, ActiveRecordIsNeverRecycled) {
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 16; i++) ids.push_back(AllocId());
  ASSERT_EQ(fbmu_model_free(m_, ids[7], nullptr), FBMU_OK);
  AllocId();  // recycles record 7
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  for (int i = 0; i < 16; i++) {
    if (i == 7) continue;
    EXPECT_EQ(Status(ids[i]), FBMU_LEASE_ACTIVE) << i;
  }
}

TEST_F(ModelRecycle, StillFencedRecordIsNeverRecycledUntilFenceClear) {
  Make(Config(2));
  fbmu_lease_id_t a = AllocId(), b = AllocId();
  ASSERT_NO_FATAL_FAILURE(FreeFenced(a));  // fenced
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  ASSERT_EQ(fbmu_model_free(m_, b, nullptr), FBMU_OK);
  fbmu_lease_id_t c = AllocId();  // recycles b's record, not the fenced one
  EXPECT_EQ(Status(a), FBMU_LEASE_FENCED);
  EXPECT_EQ(fbmu_model_query(m_, b, &info), FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  ASSERT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
  EXPECT_EQ(Status(a), FBMU_LEASE_FENCED);  // terminal
  AllocId();                                // now the cleared FENCED record is recycled
  EXPECT_EQ(fbmu_model_query(m_, a, &info), FBMU_E_NOT_FOUND);
  EXPECT_EQ(Status(c), FBMU_LEASE_ACTIVE);
}

TEST_F(ModelRecycle, AllocWithoutFrameForgetsNothing) {
  Make(Config(2, 0, 65536));
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  fbmu_lease_id_t b = AllocId();
  (void)b;
  fbmu_lease_info_t info{};
  // Record 0 is recyclable but no frame is free: the alloc fails and a stays remembered.
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  EXPECT_EQ(Status(a), FBMU_LEASE_REVOKED);
}

TEST_F(ModelRecycle, LookupStaysExactUnderHeavyRecycling) {
  // Random alloc/free/expiry over 64 slots, checked against a list of every id issued.
  Make(Config(64, 0, 1024));
  std::mt19937_64 rng(11);
  std::vector<fbmu_lease_id_t> issued;
  uint64_t now = kT0;
  for (int step = 0; step < 20000; step++) {
    uint64_t r = rng() % 10;
    if (r < 5) {
      fbmu_lease_info_t info{};
      if (fbmu_model_alloc(m_, 1, 1 + rng() % 50, &info) == FBMU_OK)
        issued.push_back(info.lease_id);
    } else if (r < 8 && !issued.empty()) {
      fbmu_model_free(m_, issued[rng() % issued.size()], nullptr);
    } else {
      SetTime(now += rng() % 3);
    }
  }
  // Every record is in use by now, so exactly 64 issued ids are remembered, each under its own id;
  // every other id issued is NOT_FOUND.
  int remembered = 0;
  for (const auto &id : issued) {
    fbmu_lease_info_t q{};
    int rc = fbmu_model_query(m_, id, &q);
    ASSERT_TRUE(rc == FBMU_OK || rc == FBMU_E_NOT_FOUND);
    if (rc == FBMU_OK) {
      EXPECT_EQ(q.lease_id, id);
      remembered++;
    }
  }
  EXPECT_EQ(remembered, 64);
  // The newest id is always remembered.
  fbmu_lease_info_t q{};
  EXPECT_EQ(fbmu_model_query(m_, issued.back(), &q), FBMU_OK);
}

TEST_F(ModelRecycle, RecycleOrderMatchesReferenceUnderRandomChurn) {
  // Reference: every remembered id with its end order (0 = active) and whether its frame is still
  // fenced. ALLOC must forget exactly the oldest-ended remembered id whose frame is not fenced.
  Make(Config(8, 64, 1024));
  struct Ref {
    fbmu_lease_id_t id;
    uint64_t end = 0;
    bool fenced = false;
  };
  std::vector<Ref> ref;
  uint64_t seq = 0, now = kT0;
  std::mt19937_64 rng(5);
  auto ended = [&](const fbmu_event_t &ev) {
    for (Ref &r : ref)
      if (r.id == ev.lease_id) {
        r.end = ++seq;
        r.fenced = ev.kind == FBMU_EVENT_FENCED;
      }
  };
  for (int step = 0; step < 6000; step++) {
    uint64_t k = rng() % 12;
    if (k < 5) {
      int victim = -1;
      if (ref.size() == 8) {
        for (size_t i = 0; i < ref.size(); i++)
          if (ref[i].end && !ref[i].fenced && (victim < 0 || ref[i].end < ref[victim].end))
            victim = static_cast<int>(i);
      }
      fbmu_lease_info_t info{};
      int rc = fbmu_model_alloc(m_, 1, 1 + rng() % 30, &info);
      if (ref.size() == 8 && victim < 0) {
        ASSERT_EQ(rc, FBMU_E_CAPACITY_EXCEEDED) << step;
        continue;
      }
      ASSERT_EQ(rc, FBMU_OK) << step;
      if (victim >= 0) {
        fbmu_lease_info_t q{};
        ASSERT_EQ(fbmu_model_query(m_, ref[victim].id, &q), FBMU_E_NOT_FOUND) << step;
        ref.erase(ref.begin() + victim);
      }
      ref.push_back(Ref{info.lease_id});
    } else if (k < 8 && !ref.empty()) {
      fbmu_lease_id_t victim = ref[rng() % ref.size()].id;
      if (rng() % 4 == 0 && Status(victim) == FBMU_LEASE_ACTIVE) {
        ASSERT_NO_FATAL_FAILURE(Stick(victim));
      }
      fbmu_event_t ev{};
      if (fbmu_model_free(m_, victim, &ev) == FBMU_OK) ended(ev);
      ASSERT_NO_FATAL_FAILURE(Unstick());
    } else if (k < 11) {
      for (const fbmu_event_t &ev : SetTime(now += rng() % 4)) ended(ev);
    } else {
      ASSERT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
      for (Ref &r : ref) r.fenced = false;
    }
    for (const Ref &r : ref) {
      fbmu_lease_info_t q{};
      ASSERT_EQ(fbmu_model_query(m_, r.id, &q), FBMU_OK) << step;
    }
  }
}

// ---- reads and writes ---------------------------------------------------------------------------

TEST_F(ModelIo, UnalignedWriteReadsBack) {
  fbmu_lease_id_t id = AllocId();
  std::vector<uint8_t> d = {1, 2, 3, 4, 5, 6, 7};
  ASSERT_EQ(Write(id, 4093 - 7 + 3, d), FBMU_OK);
  std::vector<uint8_t> got;
  ASSERT_EQ(Read(id, 4093 - 7 + 3, 7, &got), FBMU_OK);
  EXPECT_EQ(got, d);
}

TEST_F(ModelIo, ZeroLengthAccessSucceedsAtAnyOffset) {
  fbmu_lease_id_t id = AllocId();
  uint32_t n = 7;
  EXPECT_EQ(fbmu_model_read_lease(m_, id, UINT64_MAX, nullptr, 0, &n), FBMU_OK);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(fbmu_model_write_lease(m_, id, UINT64_MAX, nullptr, 0), FBMU_OK);
  EXPECT_EQ(fbmu_model_write_lease(m_, id, 4096, nullptr, 0), FBMU_OK);
}

TEST_F(ModelIo, ZeroLengthAccessStillChecksTheLease) {
  fbmu_lease_id_t id = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, id, nullptr), FBMU_OK);
  EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, nullptr, 0), FBMU_E_REVOKED);
  EXPECT_EQ(fbmu_model_read_lease(m_, fbmu_lease_id_t{0, 0}, 0, nullptr, 0, nullptr),
            FBMU_E_NOT_FOUND);
}

TEST_F(ModelIo, ReadAtOrPastEndIsOutOfRange) {
  fbmu_lease_id_t id = AllocId();
  EXPECT_EQ(Read(id, 4096, 1), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(Read(id, UINT64_MAX, 1), FBMU_E_OUT_OF_RANGE);
}

TEST_F(ModelIo, ReadRunningPastEndIsShort) {
  fbmu_lease_id_t id = AllocId();
  ASSERT_EQ(Write(id, 4090, {9, 8, 7, 6, 5, 4}), FBMU_OK);
  std::vector<uint8_t> got;
  uint32_t n = 0;
  ASSERT_EQ(Read(id, 4090, 100, &got, &n), FBMU_OK);
  EXPECT_EQ(n, 6u);
  EXPECT_EQ(got, (std::vector<uint8_t>{9, 8, 7, 6, 5, 4}));
}

TEST_F(ModelIo, WriteCrossingEndIsOutOfRangeAndWritesNothing) {
  fbmu_lease_id_t id = AllocId();
  std::vector<uint8_t> before = Mem();
  EXPECT_EQ(Write(id, 4090, std::vector<uint8_t>(7, 0xAA)), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(Write(id, 4096, {1}), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(Mem(), before);
  EXPECT_EQ(Write(id, 4090, std::vector<uint8_t>(6, 0xAA)), FBMU_OK);
}

TEST_F(ModelIo, OffsetNearTwoToTheSixtyFourNeverWraps) {
  fbmu_lease_id_t id = AllocId();
  std::vector<uint8_t> before = Mem();
  for (uint64_t off : {UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 4095, (uint64_t)1 << 63}) {
    EXPECT_EQ(Write(id, off, std::vector<uint8_t>(16, 0x55)), FBMU_E_OUT_OF_RANGE);
    EXPECT_EQ(Read(id, off, 16), FBMU_E_OUT_OF_RANGE);
  }
  EXPECT_EQ(Mem(), before);
}

TEST_F(ModelIo, LengthAboveMaxIoIsInvalidArgumentBeforeLeaseLookup) {
  std::vector<uint8_t> big(4097);
  fbmu_lease_id_t unknown{1, 1};
  uint32_t n = 0;
  EXPECT_EQ(fbmu_model_write_lease(m_, unknown, 0, big.data(), 4097), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_model_read_lease(m_, unknown, 0, big.data(), 4097, &n), FBMU_E_INVALID_ARGUMENT);
  fbmu_lease_id_t id = AllocId();
  EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, big.data(), 4096), FBMU_OK);
  EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, big.data(), 4097), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelIo, NullBufferWithLengthIsInvalidArgument) {
  fbmu_lease_id_t id = AllocId();
  EXPECT_EQ(fbmu_model_write_lease(m_, id, 0, nullptr, 4), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_model_read_lease(m_, id, 0, nullptr, 4, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_model_alloc(nullptr, 1, 1, nullptr), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelIo, WriteUnderLeaseNeverChangesBytesOutsideItsFrame) {
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 8; i++) ids.push_back(AllocId());
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  std::mt19937_64 rng(3);
  std::vector<uint8_t> data(4096);
  for (auto &b : data) b = static_cast<uint8_t>(rng() | 1);  // never 0: every written byte shows
  std::vector<size_t> frames;
  for (const auto &id : ids) frames.push_back(FrameOf(id));
  for (int step = 0; step < 2000; step++) {
    size_t who = rng() % ids.size();
    size_t frame = frames[who];
    uint64_t off = (rng() % 4) == 0 ? UINT64_MAX - rng() % 8192 : rng() % 4200;
    uint32_t len = static_cast<uint32_t>(rng() % 4097);
    std::vector<uint8_t> before = Mem();
    int rc = fbmu_model_write_lease(m_, ids[who], off, data.data(), len);
    std::vector<uint8_t> after = Mem();
    size_t lo = frame * 4096, hi = lo + 4096;
    for (size_t i = 0; i < after.size(); i++)
      if (i < lo || i >= hi) {
        ASSERT_EQ(after[i], before[i]) << "byte " << i << " step " << step;
      }
    if (rc != FBMU_OK) {
      ASSERT_EQ(after, before);
    }
  }
}

TEST_F(ModelIo, WrongIdNeverReachesAnotherArena) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(Write(a, 0, std::vector<uint8_t>(64, 0x77)), FBMU_OK);
  std::vector<uint8_t> before = Mem();
  fbmu_lease_id_t wrong[] = {{a.hi, a.lo ^ 1},
                             {a.hi ^ 1, a.lo},
                             {0, a.lo},
                             {a.hi, 0},
                             fbmu_model_id_for(kSeed, 2),
                             fbmu_model_id_for(kSeed + 1, 1)};
  for (const auto &w : wrong) {
    EXPECT_EQ(Write(w, 0, {1, 2, 3}), FBMU_E_NOT_FOUND);
    EXPECT_EQ(Read(w, 0, 3), FBMU_E_NOT_FOUND);
  }
  EXPECT_EQ(Mem(), before);
}

TEST_F(ModelIo, NewLeaseNeverSeesOldTenantBytes) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(Write(a, 0, std::vector<uint8_t>(4096, 0xC3)), FBMU_OK);
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  fbmu_lease_id_t b = AllocId();
  std::vector<uint8_t> got;
  ASSERT_EQ(Read(b, 0, 4096, &got), FBMU_OK);
  EXPECT_EQ(got, std::vector<uint8_t>(4096, 0));
}

TEST_F(ModelIo, ExpiredArenaIsZeroedAtOnce) {
  fbmu_lease_id_t a = AllocId(5);
  size_t frame = FrameOf(a);
  ASSERT_EQ(Write(a, 100, std::vector<uint8_t>(50, 0x11)), FBMU_OK);
  SetTime(kT0 + 5);
  std::vector<uint8_t> mem = Mem();
  for (size_t i = frame * 4096; i < (frame + 1) * 4096; i++) ASSERT_EQ(mem[i], 0) << i;
}

// ---- session, bootstrap arena, offline ----------------------------------------------------------

TEST_F(ModelSession, BootstrapAccessNeedsHello) {
  uint8_t b[4] = {1, 2, 3, 4};
  uint32_t n = 0;
  EXPECT_EQ(fbmu_model_write(m_, 0, b, 4), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_read(m_, 0, b, 4, &n), FBMU_E_DISCONNECTED);
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  EXPECT_TRUE(fbmu_model_session_open(m_));
  EXPECT_EQ(fbmu_model_write(m_, 0, b, 4), FBMU_OK);
}

TEST_F(ModelSession, BootstrapArenaIsFrameZero) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  uint8_t b[3] = {0xA1, 0xA2, 0xA3};
  ASSERT_EQ(fbmu_model_write(m_, 4093, b, 3), FBMU_OK);
  const uint8_t *mem = fbmu_model_memory(m_);
  EXPECT_EQ(mem[4093], 0xA1);
  EXPECT_EQ(mem[4095], 0xA3);
  uint8_t got[8] = {};
  uint32_t n = 0;
  ASSERT_EQ(fbmu_model_read(m_, 4093, got, 8, &n), FBMU_OK);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(fbmu_model_read(m_, 4096, got, 1, &n), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_model_write(m_, 4093, got, 4), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_model_write(m_, UINT64_MAX, got, 4), FBMU_E_OUT_OF_RANGE);
}

TEST_F(ModelSession, BootstrapArenaIsSeparateFromLeases) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  fbmu_lease_id_t a = AllocId();
  std::vector<uint8_t> ones(4096, 0xFF);
  ASSERT_EQ(fbmu_model_write(m_, 0, ones.data(), 4096), FBMU_OK);
  std::vector<uint8_t> got;
  ASSERT_EQ(Read(a, 0, 4096, &got), FBMU_OK);
  EXPECT_EQ(got, std::vector<uint8_t>(4096, 0));
}

TEST_F(ModelSession, BootstrapLengthAboveMaxIoIsInvalidArgument) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  std::vector<uint8_t> big(4097);
  EXPECT_EQ(fbmu_model_write(m_, 0, big.data(), 4097), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelSession, LeaseCommandsNeedNoHello) {
  fbmu_lease_id_t a = AllocId();
  uint64_t t = 0;
  EXPECT_EQ(Write(a, 0, {1}), FBMU_OK);
  EXPECT_EQ(Read(a, 0, 1), FBMU_OK);
  EXPECT_EQ(fbmu_model_renew(m_, a, 5, &t), FBMU_OK);
  EXPECT_EQ(Status(a), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  EXPECT_FALSE(fbmu_model_session_open(m_));
}

TEST_F(ModelSession, OfflineUnitDisconnectsEveryCommandAndClosesSession) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, AllocId(), nullptr), FBMU_OK);
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  fbmu_model_set_online(m_, 0);
  EXPECT_FALSE(fbmu_model_online(m_));
  EXPECT_FALSE(fbmu_model_session_open(m_));
  uint8_t b[4] = {};
  uint32_t n = 0;
  uint64_t v = 0;
  fbmu_lease_info_t info{};
  fbmu_event_t ev{};
  EXPECT_EQ(fbmu_model_hello(m_), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_get_arena_size(m_, &v), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 0, &info), FBMU_E_DISCONNECTED);  // offline before arguments
  EXPECT_EQ(fbmu_model_query(m_, a, &info), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_renew(m_, a, 1, &v), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_read(m_, 0, b, 4, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_write(m_, 0, b, 4), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_read_lease(m_, a, 0, b, 4, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_write_lease(m_, a, 0, b, 5000), FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_model_event_pop(m_, &ev, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(Pending(), 1u);
  // Back online: leases are intact, the session must be opened again.
  fbmu_model_set_online(m_, 1);
  EXPECT_EQ(Status(a), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_model_read(m_, 0, b, 4, &n), FBMU_E_DISCONNECTED);
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  EXPECT_EQ(fbmu_model_read(m_, 0, b, 4, &n), FBMU_OK);
}

TEST_F(ModelSession, GetArenaSizeNeedsNoHello) {
  uint64_t v = 0;
  ASSERT_EQ(fbmu_model_get_arena_size(m_, &v), FBMU_OK);
  EXPECT_EQ(v, 4096u);
}

// ---- events -------------------------------------------------------------------------------------

TEST_F(ModelEvents, EventPopOfEmptyFifoIsNotFound) {
  fbmu_event_t ev{};
  uint32_t left = 9;
  EXPECT_EQ(fbmu_model_event_pop(m_, &ev, &left), FBMU_E_NOT_FOUND);
  EXPECT_EQ(left, 9u);  // outputs change only on success
}

TEST_F(ModelEvents, EventsPopOldestFirstWithCountLeft) {
  fbmu_lease_id_t a = AllocId(), b = AllocId(5);
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  SetTime(kT0 + 7);
  EXPECT_EQ(Pending(), 2u);
  fbmu_event_t ev{};
  uint32_t left = 0;
  ASSERT_EQ(fbmu_model_event_pop(m_, &ev, &left), FBMU_OK);
  EXPECT_EQ(ev.lease_id, a);
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(ev.time_unix_secs, kT0);
  EXPECT_EQ(left, 1u);
  ASSERT_EQ(fbmu_model_event_pop(m_, &ev, &left), FBMU_OK);
  EXPECT_EQ(ev.lease_id, b);
  EXPECT_EQ(ev.kind, FBMU_EVENT_EXPIRED);
  EXPECT_EQ(ev.time_unix_secs, kT0 + 7);
  EXPECT_EQ(left, 0u);
}

TEST_F(ModelEvents, FullFifoDropsNewEventsAndCountsThem) {
  Make(Config(0, 4));
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 6; i++) {
    ids.push_back(AllocId());
    ASSERT_EQ(fbmu_model_free(m_, ids.back(), nullptr), FBMU_OK);
  }
  EXPECT_EQ(Pending(), 4u);
  EXPECT_EQ(Dropped(), 2u);
  // The oldest four are kept; the dropped ones were the newest.
  for (int i = 0; i < 4; i++) {
    fbmu_event_t ev{};
    ASSERT_EQ(fbmu_model_event_pop(m_, &ev, nullptr), FBMU_OK);
    EXPECT_EQ(ev.lease_id, ids[i]);
  }
  // A popped slot is usable again; the dropped count stays.
  fbmu_lease_id_t c = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, c, nullptr), FBMU_OK);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_event_pop(m_, &ev, nullptr), FBMU_OK);
  EXPECT_EQ(ev.lease_id, c);
  EXPECT_EQ(Dropped(), 2u);
}

TEST_F(ModelEvents, DroppedCounterSaturatesAtSixteenBits) {
  Make(Config(0, 1));
  for (int i = 0; i < 0x10000 + 10; i++)
    ASSERT_EQ(fbmu_model_free(m_, AllocId(), nullptr), FBMU_OK);
  EXPECT_EQ(Pending(), 1u);
  EXPECT_EQ(Dropped(), 0xFFFFu);
}

TEST_F(ModelEvents, IrqFollowsPendingEvents) {
  EXPECT_FALSE(fbmu_model_irq(m_));
  ASSERT_EQ(fbmu_model_free(m_, AllocId(), nullptr), FBMU_OK);
  EXPECT_TRUE(fbmu_model_irq(m_));
  ASSERT_EQ(fbmu_model_event_pop(m_, nullptr, nullptr), FBMU_OK);
  EXPECT_FALSE(fbmu_model_irq(m_));
}

// ---- fencing ------------------------------------------------------------------------------------

TEST_F(ModelFence, FailedZeroingFencesFrameAndLease) {
  fbmu_lease_id_t a = AllocId();
  fbmu_event_t ev{};
  ASSERT_NO_FATAL_FAILURE(FreeFenced(a, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(ev.lease_id, a);
  EXPECT_EQ(ev.time_unix_secs, kT0);
  EXPECT_EQ(Status(a), FBMU_LEASE_FENCED);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 1u);
  fbmu_event_t p{};
  ASSERT_EQ(fbmu_model_event_pop(m_, &p, nullptr), FBMU_OK);
  EXPECT_EQ(p.kind, FBMU_EVENT_FENCED);
}

TEST_F(ModelFence, ExpiryWithFailedZeroingIsFenced) {
  fbmu_lease_id_t a = AllocId(5);
  ASSERT_NO_FATAL_FAILURE(Stick(a));
  std::vector<fbmu_event_t> ev = SetTime(kT0 + 5);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(Status(a), FBMU_LEASE_FENCED);
}

TEST_F(ModelFence, OnlyLeasesOnAFrameWithAStuckCellAreFenced) {
  fbmu_lease_id_t a = AllocId(), b = AllocId(), c = AllocId();
  ASSERT_NO_FATAL_FAILURE(Stick(a, 0));
  ASSERT_NO_FATAL_FAILURE(Stick(b, 4095));
  fbmu_event_t ea{}, eb{}, ec{};
  ASSERT_EQ(fbmu_model_free(m_, a, &ea), FBMU_OK);
  ASSERT_EQ(fbmu_model_free(m_, b, &eb), FBMU_OK);
  ASSERT_EQ(fbmu_model_free(m_, c, &ec), FBMU_OK);
  EXPECT_EQ(ea.kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(eb.kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(ec.kind, FBMU_EVENT_REVOKED);
  EXPECT_EQ(Status(c), FBMU_LEASE_REVOKED);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 2u);
}

TEST_F(ModelFence, FencedFrameIsNeverGrantedUntilCleared) {
  Make(Config(0, 0, 65536));  // one lease frame
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(Write(a, 0, std::vector<uint8_t>(16, 0x5A)), FBMU_OK);
  ASSERT_NO_FATAL_FAILURE(FreeFenced(a));
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  ASSERT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 0u);
  std::vector<uint8_t> mem = Mem();
  EXPECT_EQ(std::vector<uint8_t>(mem.begin() + 65536, mem.end()), std::vector<uint8_t>(65536, 0));
  fbmu_lease_id_t b = AllocId();
  std::vector<uint8_t> got;
  ASSERT_EQ(Read(b, 0, 16, &got), FBMU_OK);
  EXPECT_EQ(got, std::vector<uint8_t>(16, 0));
  EXPECT_EQ(Status(a), FBMU_LEASE_FENCED);
}

TEST_F(ModelFence, FenceClearWithNothingFencedIsOk) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(Write(a, 0, {1, 2}), FBMU_OK);
  std::vector<uint8_t> before = Mem();
  EXPECT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
  EXPECT_EQ(Mem(), before);
}

TEST_F(ModelFence, ClearAllRemovesEveryStuckCell) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_NO_FATAL_FAILURE(Stick(a));
  ASSERT_NO_FATAL_FAILURE(Unstick());
  EXPECT_EQ(fbmu_model_faults(m_), 0u);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_free(m_, a, &ev), FBMU_OK);
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
}

TEST_F(ModelFence, StuckCellReadsOneWhateverIsWritten) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_NO_FATAL_FAILURE(Stick(a, 7));  // bit 3 of byte 7
  std::vector<uint8_t> got;
  ASSERT_EQ(Read(a, 6, 2, &got), FBMU_OK);
  EXPECT_EQ(got, (std::vector<uint8_t>{0x00, 0x08}));
  ASSERT_EQ(Write(a, 6, {0xF0, 0xF0}), FBMU_OK);
  ASSERT_EQ(Read(a, 6, 2, &got), FBMU_OK);
  EXPECT_EQ(got, (std::vector<uint8_t>{0xF0, 0xF8}));
}

TEST_F(ModelFence, FenceClearLeavesAFrameThatStillFailsFenced) {
  fbmu_lease_id_t a = AllocId(), b = AllocId();
  ASSERT_NO_FATAL_FAILURE(Stick(a));
  ASSERT_NO_FATAL_FAILURE(Stick(b));
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  ASSERT_EQ(fbmu_model_free(m_, b, nullptr), FBMU_OK);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 2u);
  // Still stuck: zeroed and read back again, still non-zero, so both stay fenced.
  EXPECT_EQ(fbmu_model_fence_clear(m_), FBMU_E_FENCED);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 2u);
  // Repaired: the next clear frees them, and their bytes are zero again.
  ASSERT_NO_FATAL_FAILURE(Unstick());
  EXPECT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 0u);
  EXPECT_EQ(Mem(), std::vector<uint8_t>(131072, 0));
}

TEST_F(ModelFence, FaultTableHoldsFourCellsAndRefusesBitsPastTheMemory) {
  for (uint32_t i = 0; i < FBMU_MODEL_FAULT_SLOTS; i++)
    EXPECT_EQ(fbmu_model_inject_fault(m_, 8u * 4096u + i), FBMU_OK);
  EXPECT_EQ(fbmu_model_inject_fault(m_, 0), FBMU_E_CAPACITY_EXCEEDED);
  ASSERT_NO_FATAL_FAILURE(Unstick());
  EXPECT_EQ(fbmu_model_inject_fault(m_, 131072u * 8u), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_model_inject_fault(m_, 131072u * 8u - 1u), FBMU_OK);
}

// ---- arena size ---------------------------------------------------------------------------------

TEST_F(ModelArena, BadSizesAreInvalidArgument) {
  for (uint64_t s : {0ull, 32ull, 63ull, 100ull, 4095ull, 131072ull, 1ull << 40, ~0ull})
    EXPECT_EQ(fbmu_model_set_arena_size(m_, s), FBMU_E_INVALID_ARGUMENT) << s;
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 64), FBMU_OK);
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 65536), FBMU_OK);
}

TEST_F(ModelArena, InvalidSizeIsCheckedBeforeActiveLeases) {
  AllocId();
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 100), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelArena, ActiveLeaseMakesItUnsupported) {
  fbmu_lease_id_t a = AllocId(10);
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 8192), FBMU_E_UNSUPPORTED);
  EXPECT_EQ(fbmu_model_arena_size(m_), 4096u);
  EXPECT_EQ(Status(a), FBMU_LEASE_ACTIVE);
  SetTime(kT0 + 10);
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 8192), FBMU_OK);
}

TEST_F(ModelArena, FencedFrameMakesItUnsupportedUntilCleared) {
  ASSERT_NO_FATAL_FAILURE(FreeFenced(AllocId()));
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 8192), FBMU_E_UNSUPPORTED);
  ASSERT_EQ(fbmu_model_fence_clear(m_), FBMU_OK);
  EXPECT_EQ(fbmu_model_set_arena_size(m_, 8192), FBMU_OK);
}

TEST_F(ModelArena, ResizeZeroesAllMemoryIncludingBootstrap) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  std::vector<uint8_t> ones(4096, 0xEE);
  ASSERT_EQ(fbmu_model_write(m_, 0, ones.data(), 4096), FBMU_OK);
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 1024), FBMU_OK);
  EXPECT_EQ(Mem(), std::vector<uint8_t>(131072, 0));
  EXPECT_EQ(fbmu_model_arena_size(m_), 1024u);
  uint64_t v = 0;
  ASSERT_EQ(fbmu_model_get_arena_size(m_, &v), FBMU_OK);
  EXPECT_EQ(v, 1024u);
  EXPECT_TRUE(fbmu_model_session_open(m_));
}

TEST_F(ModelArena, EndedRecordsStayQueryableWithTheirGrantedSize) {
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(fbmu_model_free(m_, a, nullptr), FBMU_OK);
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 256), FBMU_OK);
  fbmu_lease_info_t q{};
  ASSERT_EQ(fbmu_model_query(m_, a, &q), FBMU_OK);
  EXPECT_EQ(q.arena_size, 4096u);
  EXPECT_EQ(q.status, FBMU_LEASE_REVOKED);
  EXPECT_EQ(Alloc().arena_size, 256u);
}

TEST_F(ModelArena, FrameCountFollowsArenaSize) {
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 65536), FBMU_OK);
  AllocId();
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  SetTime(kT0 + 100);
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 32768), FBMU_OK);
  for (int i = 0; i < 3; i++) EXPECT_EQ(fbmu_model_alloc(m_, 32768, 10, &info), FBMU_OK);
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
}

TEST_F(ModelArena, SmallestArenaGivesAtMostLeaseSlotsLeases) {
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 64), FBMU_OK);
  std::vector<fbmu_lease_id_t> ids;
  for (int i = 0; i < 16; i++) ids.push_back(AllocId());
  fbmu_lease_info_t info{};
  EXPECT_EQ(fbmu_model_alloc(m_, 1, 10, &info), FBMU_E_CAPACITY_EXCEEDED);
  EXPECT_EQ(FrameOf(ids[15]), 16u);
}

// ---- reset --------------------------------------------------------------------------------------

TEST_F(ModelReset, ResetForgetsEverythingButTimeAndOnline) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  fbmu_lease_id_t a = AllocId();
  ASSERT_EQ(Write(a, 0, std::vector<uint8_t>(32, 1)), FBMU_OK);
  ASSERT_EQ(fbmu_model_free(m_, AllocId(), nullptr), FBMU_OK);
  ASSERT_NO_FATAL_FAILURE(FreeFenced(AllocId()));
  SetTime(kT0 + 1);
  fbmu_lease_id_t stuck = AllocId();
  ASSERT_NO_FATAL_FAILURE(Stick(stuck));
  fbmu_model_reset(m_);
  fbmu_lease_info_t q{};
  EXPECT_EQ(fbmu_model_query(m_, a, &q), FBMU_E_NOT_FOUND);
  EXPECT_EQ(Mem(), std::vector<uint8_t>(131072, 0));
  EXPECT_EQ(Pending(), 0u);
  EXPECT_EQ(Dropped(), 0u);
  EXPECT_EQ(fbmu_model_fenced_frames(m_), 0u);
  EXPECT_FALSE(fbmu_model_session_open(m_));
  EXPECT_EQ(fbmu_model_now(m_), kT0 + 1);
  EXPECT_TRUE(fbmu_model_online(m_));
  // The counter restarts, in the next reset epoch.
  EXPECT_EQ(fbmu_model_reset_epoch(m_), 1u);
  EXPECT_EQ(fbmu_model_peek_next_id(m_), fbmu_model_id_for_epoch(kSeed, 1, 1));
  // Stuck cells were cleared by the reset too (the first lease takes the frame that had one).
  EXPECT_EQ(fbmu_model_faults(m_), 0u);
  fbmu_event_t ev{};
  ASSERT_EQ(fbmu_model_free(m_, AllocId(), &ev), FBMU_OK);
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
}

TEST_F(ModelReset, IdsAfterAResetNeverRepeatOnesBeforeItWithTheSameSeed) {
  std::vector<fbmu_lease_id_t> before;
  for (int i = 0; i < 8; i++) before.push_back(AllocId());
  for (int round = 1; round <= 3; round++) {
    fbmu_model_reset(m_);
    EXPECT_EQ(fbmu_model_reset_epoch(m_), static_cast<uint64_t>(round));
    std::vector<fbmu_lease_id_t> after;
    for (int i = 0; i < 8; i++) after.push_back(AllocId());
    EXPECT_EQ(after[0], fbmu_model_id_for_epoch(kSeed, static_cast<uint64_t>(round), 1));
    for (const fbmu_lease_id_t &old : before) {
      fbmu_lease_info_t q{};
      EXPECT_EQ(fbmu_model_query(m_, old, &q), FBMU_E_NOT_FOUND);
      for (const fbmu_lease_id_t &now : after) EXPECT_FALSE(old == now);
    }
    before.insert(before.end(), after.begin(), after.end());
  }
}

TEST_F(ModelReset, ResetRestoresConfiguredArenaSize) {
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 512), FBMU_OK);
  fbmu_model_reset(m_);
  EXPECT_EQ(fbmu_model_arena_size(m_), 4096u);
}

}  // namespace
