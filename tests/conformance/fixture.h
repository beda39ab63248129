// Conformance fixture: one target (model or RTL, whichever target_*.cpp is linked), the C driver
// opened on its bus, and small helpers. Tests reach the unit only through the driver, the Target's
// platform controls and, where a test says so, plain register accesses on target->bus(); never
// through model internals, so every test is valid on every target.
#ifndef FBMU_TESTS_CONFORMANCE_FIXTURE_H
#define FBMU_TESTS_CONFORMANCE_FIXTURE_H

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "fbmu.h"
#include "stuck_cell.h"
#include "target.h"
#include "test_util.h"  // EXPECT_RC / ASSERT_RC / EXPECT_OK / ASSERT_OK

// ---- printing and comparing driver types --------------------------------------------------------

inline bool operator==(const fbmu_lease_id_t &a, const fbmu_lease_id_t &b) {
  return a.hi == b.hi && a.lo == b.lo;
}
inline bool operator!=(const fbmu_lease_id_t &a, const fbmu_lease_id_t &b) { return !(a == b); }
inline bool operator<(const fbmu_lease_id_t &a, const fbmu_lease_id_t &b) {
  return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}
inline void PrintTo(const fbmu_lease_id_t &id, std::ostream *os) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016llx:%016llx", static_cast<unsigned long long>(id.hi),
                static_cast<unsigned long long>(id.lo));
  *os << buf;
}

namespace fbmu_test {

// ---- values -------------------------------------------------------------------------------------

inline fbmu_lease_id_t id128(uint64_t hi, uint64_t lo) {
  fbmu_lease_id_t id;
  id.hi = hi;
  id.lo = lo;
  return id;
}
// The seed's u128 literals (0xDEADBEEF) are low-half values.
inline fbmu_lease_id_t id128(uint64_t lo) { return id128(0, lo); }

inline Bytes bytes(const char *s) { return Bytes(s, s + std::strlen(s)); }
inline Bytes filled(size_t n, uint8_t v) { return Bytes(n, v); }

// The lease-id permutation of spec section 5, written again here from the spec text so that the
// suite checks the model's and the RTL's ids against the spec rather than against each other.
namespace spec_ids {
inline uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
inline uint64_t splitmix_step(uint64_t *s) {
  *s += 0x9E3779B97F4A7C15ull;
  return mix(*s);
}
// epoch: warm resets since power-on (the Feistel input's left half).
inline fbmu_lease_id_t id_for(uint64_t seed, uint64_t counter, uint64_t epoch = 0) {
  uint64_t s = seed;
  uint64_t k[4];
  for (auto &ki : k) ki = splitmix_step(&s);
  uint64_t l = epoch, r = counter;
  for (uint64_t ki : k) {
    uint64_t next_r = l ^ mix(r ^ ki);
    l = r;
    r = next_r;
  }
  return id128(l, r);
}
// The n-th id (n = 1, 2, ...) issued after reset: counters whose id is 0 are skipped.
inline std::vector<fbmu_lease_id_t> first_ids(uint64_t seed, size_t n, uint64_t epoch = 0) {
  std::vector<fbmu_lease_id_t> ids;
  for (uint64_t c = 1; ids.size() < n; ++c) {
    fbmu_lease_id_t id = id_for(seed, c, epoch);
    if (id.hi != 0 || id.lo != 0) ids.push_back(id);
  }
  return ids;
}
}  // namespace spec_ids

// ---- a bus wrapper that counts the accesses reaching the target ---------------------------------

class CountingBus {
 public:
  explicit CountingBus(const fbmu_bus_t *inner) : inner_(inner) {
    bus_ = fbmu_bus_t{};  // single accesses only: every word is counted
    bus_.read32 = &CountingBus::read32;
    bus_.write32 = &CountingBus::write32;
    bus_.ctx = this;
  }
  const fbmu_bus_t *bus() const { return &bus_; }
  uint64_t accesses() const { return reads_ + writes_; }
  uint64_t staging_writes() const { return staging_writes_; }
  // Reads of STATUS report BUSY forever while set: a unit that never finishes a command.
  void set_stuck_busy(bool stuck) { stuck_busy_ = stuck; }

 private:
  static int read32(void *ctx, uint32_t addr, uint32_t *val) {
    auto *self = static_cast<CountingBus *>(ctx);
    ++self->reads_;
    int rc = self->inner_->read32(self->inner_->ctx, addr, val);
    if (self->stuck_busy_ && rc == 0 && (addr & ~3u) == FBMU_REG_STATUS)
      *val |= FBMU_STATUS_BUSY_MASK;
    return rc;
  }
  static int write32(void *ctx, uint32_t addr, uint32_t val) {
    auto *self = static_cast<CountingBus *>(ctx);
    ++self->writes_;
    if (addr >= FBMU_WIN_STAGING && addr < FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE)
      ++self->staging_writes_;
    return self->inner_->write32(self->inner_->ctx, addr, val);
  }
  const fbmu_bus_t *inner_;
  fbmu_bus_t bus_{};
  uint64_t reads_ = 0, writes_ = 0, staging_writes_ = 0;
  bool stuck_busy_ = false;
};

// ---- the fixture --------------------------------------------------------------------------------

constexpr uint64_t kStartTime = 1000;
constexpr uint64_t kSeed = 0x5EEDF00Dull;
constexpr uint64_t kDefaultArena = 4096;  // DEFAULT_ARENA (spec section 1)

class Conformance : public ::testing::Test {
 protected:
  void SetUp() override { open_target(TargetConfig()); }
  void TearDown() override { close_target(); }

  // Fresh target with a fixed seed, the RTC at the fixed start time, the driver opened on its bus.
  void open_target(const TargetConfig &cfg_in) {
    TargetConfig cfg = cfg_in;
    target = make_target(cfg);
    ASSERT_NE(target, nullptr);
    ASSERT_OK(target->set_time(cfg.start_time));
    ASSERT_OK(fbmu_open(target->bus(), &dev));
    ASSERT_NE(dev, nullptr);
  }
  void close_target() {
    if (dev != nullptr) fbmu_close(dev);
    dev = nullptr;
    target.reset();
  }
  // One simulation at a time: the old target is gone before the new one is made.
  void reopen_target(uint64_t seed) {
    close_target();
    TargetConfig cfg;
    cfg.id_seed = seed;
    open_target(cfg);
  }

  uint64_t now() const { return target->now(); }
  uint64_t mem_bytes() const { return target->mem_bytes(); }
  uint32_t lease_slots() const { return target->lease_slots(); }

  // Platform arena size; the test fails at once when the platform refuses it.
  void set_arena(uint64_t bytes_) { ASSERT_OK(target->set_arena_size(bytes_)) << bytes_; }

  fbmu_lease_info_t alloc_ok(uint64_t min_bytes = 0, uint64_t lease_secs = 300) {
    fbmu_lease_info_t info{};
    EXPECT_OK(fbmu_alloc(dev, min_bytes, lease_secs, &info))
        << "alloc(" << min_bytes << ", " << lease_secs << ")";
    return info;
  }
  fbmu_lease_info_t query_ok(fbmu_lease_id_t id) {
    fbmu_lease_info_t info{};
    EXPECT_OK(fbmu_query(dev, id, &info));
    return info;
  }
  // Status code of QUERY's result, or 0 when QUERY itself failed.
  // A stuck-at-1 cell in the frame of live lease `id` (bit 3 of its byte 5; its first 12 bytes
  // are overwritten), so that its teardown's read-back fails.
  void stick_cell_of(fbmu_lease_id_t id) {
    uint64_t arena = 0;
    const int64_t frame = find_lease_frame(
        dev, id, target->mem_bytes(),
        [this](uint64_t a, void *b, uint32_t n) { return target->peek_mem(a, b, n); }, &arena);
    ASSERT_GE(frame, 1) << "the lease's frame was not found";
    ASSERT_OK(target->inject_fault(stuck_bit_in_frame(static_cast<uint64_t>(frame), arena)));
  }
  // Every stuck cell removed (FBMU_FAULT_CLEAR_ALL).
  void repair_cells() { ASSERT_OK(target->inject_fault(FBMU_FAULT_CLEAR_ALL)); }
  // FREE with a stuck cell in the lease's frame, repaired after the teardown: the lease ends
  // FENCED and a fence clear can free its frame.
  void free_fenced(fbmu_lease_id_t id) {
    ASSERT_NO_FATAL_FAILURE(stick_cell_of(id));
    ASSERT_OK(fbmu_free(dev, id));
    ASSERT_NO_FATAL_FAILURE(repair_cells());
  }
  // Ends two leases by FREE: `revoked` plainly (REVOKED), `fenced` with its zeroing failing
  // (FENCED).
  void revoke_and_fence(fbmu_lease_id_t revoked, fbmu_lease_id_t fenced) {
    ASSERT_OK(fbmu_free(dev, revoked));
    ASSERT_NO_FATAL_FAILURE(free_fenced(fenced));
  }
  // A RENEW that must succeed: the expiry it answers with (a failure is reported).
  uint64_t renew_ok(fbmu_lease_id_t id, uint64_t secs) {
    uint64_t exp = 0;
    EXPECT_OK(fbmu_renew(dev, id, secs, &exp)) << "renew(secs " << secs << ")";
    return exp;
  }
  uint8_t status_of(fbmu_lease_id_t id) {
    fbmu_lease_info_t info{};
    return fbmu_query(dev, id, &info) == FBMU_OK ? info.status : 0;
  }

  // Runs one driver read of up to len bytes into a buffer one byte longer (so an overrun shows)
  // with a poisoned count; *rc gets the result, the vector holds exactly the bytes read.
  template <typename ReadFn>
  static Bytes read_checked(uint32_t len, int *rc, ReadFn read) {
    Bytes buf(len + 1u);
    uint32_t n = 0xFFFFFFFFu;
    *rc = read(buf.data(), &n);
    if (*rc != FBMU_OK) return Bytes();
    EXPECT_LE(n, len);
    buf.resize(n <= len ? n : len);
    return buf;
  }

  int write_lease(fbmu_lease_id_t id, uint64_t off, const Bytes &data) {
    return fbmu_write_lease(dev, id, off, data.data(), static_cast<uint32_t>(data.size()));
  }
  // Reads len bytes; *rc gets the result, the vector holds exactly the bytes read.
  Bytes read_lease(fbmu_lease_id_t id, uint64_t off, uint32_t len, int *rc) {
    return read_checked(len, rc, [&](uint8_t *buf, uint32_t *n) {
      return fbmu_read_lease(dev, id, off, buf, len, n);
    });
  }
  Bytes read_lease_ok(fbmu_lease_id_t id, uint64_t off, uint32_t len) {
    int rc = 0;
    Bytes b = read_lease(id, off, len, &rc);
    EXPECT_OK(rc) << "read_lease(off " << off << ", len " << len << ")";
    return b;
  }

  int write_boot(uint64_t off, const Bytes &data) {
    return fbmu_write(dev, off, data.data(), static_cast<uint32_t>(data.size()));
  }
  Bytes read_boot(uint64_t off, uint32_t len, int *rc) {
    return read_checked(
        len, rc, [&](uint8_t *buf, uint32_t *n) { return fbmu_read(dev, off, buf, len, n); });
  }
  Bytes read_boot_ok(uint64_t off, uint32_t len) {
    int rc = 0;
    Bytes b = read_boot(off, len, &rc);
    EXPECT_OK(rc) << "read(off " << off << ", len " << len << ")";
    return b;
  }

  // An ended lease: QUERY shows `status` with the grant's size and `expires`; a write and a read
  // of read_len bytes both give `code`.
  void expect_ended(const fbmu_lease_info_t &l, uint8_t status, uint64_t expires, int code,
                    uint32_t read_len = 1) {
    fbmu_lease_info_t q = query_ok(l.lease_id);
    EXPECT_EQ(q.status, status);
    EXPECT_EQ(q.expires_at_unix_secs, expires);
    EXPECT_EQ(q.arena_size, l.arena_size);
    EXPECT_RC(code, write_lease(l.lease_id, 0, bytes("x")));
    int rc = 0;
    read_lease(l.lease_id, 0, read_len, &rc);
    EXPECT_RC(code, rc);
  }

  std::vector<fbmu_event_t> pop_all_events() {
    std::vector<fbmu_event_t> evs;
    for (int i = 0; i < 1024; ++i) {
      fbmu_event_t ev{};
      int rc = fbmu_read_event(dev, &ev);
      if (rc == FBMU_E_NOT_FOUND) return evs;
      EXPECT_OK(rc);
      if (rc != FBMU_OK) return evs;
      evs.push_back(ev);
    }
    ADD_FAILURE() << "event FIFO never ran empty";
    return evs;
  }

  // The queue holds exactly one event, for lease id, of kind, stamped time; it is popped.
  void expect_only_event(fbmu_lease_id_t id, uint8_t kind, uint64_t time) {
    auto evs = pop_all_events();
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0].lease_id, id);
    EXPECT_EQ(evs[0].kind, kind);
    EXPECT_EQ(evs[0].time_unix_secs, time);
  }

  uint32_t events_pending() {
    uint32_t pending = 0xFFFFFFFFu;
    EXPECT_OK(fbmu_event_count(dev, &pending, nullptr));
    return pending;
  }

  // Plain register access on the target's bus (for the few facts the driver API does not expose).
  uint32_t reg_read(uint32_t addr) {
    uint32_t v = 0;
    EXPECT_OK(target->bus()->read32(target->bus()->ctx, addr, &v)) << "read32 " << addr;
    return v;
  }

  int reg_write(uint32_t addr, uint32_t val) {
    return target->bus()->write32(target->bus()->ctx, addr, val);
  }
  // Start a command by hand (arguments already written) and return STATUS.RESULT once BUSY clears.
  int raw_command(uint32_t opcode) {
    EXPECT_OK(reg_write(FBMU_REG_CMD, opcode));
    uint32_t status = FBMU_STATUS_BUSY_MASK;
    for (int i = 0; i < 1000000 && (status & FBMU_STATUS_BUSY_MASK) != 0; ++i)
      status = reg_read(FBMU_REG_STATUS);
    EXPECT_EQ(status & FBMU_STATUS_BUSY_MASK, 0u) << "command never finished";
    return static_cast<int8_t>((status & FBMU_STATUS_RESULT_MASK) >> FBMU_STATUS_RESULT_SHIFT);
  }

  std::unique_ptr<Target> target;
  fbmu_t *dev = nullptr;
};

}  // namespace fbmu_test

#endif  // FBMU_TESTS_CONFORMANCE_FIXTURE_H
