// Scripted fbmu_bus_t: see mock_bus.h.
#include "mock_bus.h"

#include <cstdio>

namespace fbmu_mock {

uint32_t status_word(bool busy, int result) {
  uint32_t word = busy ? FBMU_STATUS_BUSY_MASK : 0u;
  word |= (static_cast<uint32_t>(result) << FBMU_STATUS_RESULT_SHIFT) & FBMU_STATUS_RESULT_MASK;
  return word;
}

std::string reg_name(uint32_t addr) {
  struct Name {
    uint32_t addr;
    const char *name;
  };
  static const Name kNames[] = {
      {FBMU_REG_ID, "ID"},
      {FBMU_REG_VERSION, "VERSION"},
      {FBMU_REG_CAP_MEM_BYTES, "CAP_MEM_BYTES"},
      {FBMU_REG_CAP_SLOTS, "CAP_SLOTS"},
      {FBMU_REG_CAP_MAX_IO, "CAP_MAX_IO"},
      {FBMU_REG_ARENA_SIZE, "ARENA_SIZE"},
      {FBMU_REG_RTC_LO, "RTC_LO"},
      {FBMU_REG_RTC_HI, "RTC_HI"},
      {FBMU_REG_CMD, "CMD"},
      {FBMU_REG_STATUS, "STATUS"},
      {FBMU_REG_ARG_ID_0, "ARG_ID_0"},
      {FBMU_REG_ARG_ID_1, "ARG_ID_1"},
      {FBMU_REG_ARG_ID_2, "ARG_ID_2"},
      {FBMU_REG_ARG_ID_3, "ARG_ID_3"},
      {FBMU_REG_ARG_A_LO, "ARG_A_LO"},
      {FBMU_REG_ARG_A_HI, "ARG_A_HI"},
      {FBMU_REG_ARG_B_LO, "ARG_B_LO"},
      {FBMU_REG_ARG_B_HI, "ARG_B_HI"},
      {FBMU_REG_ARG_LEN, "ARG_LEN"},
      {FBMU_REG_RES_ID_0, "RES_ID_0"},
      {FBMU_REG_RES_ID_1, "RES_ID_1"},
      {FBMU_REG_RES_ID_2, "RES_ID_2"},
      {FBMU_REG_RES_ID_3, "RES_ID_3"},
      {FBMU_REG_RES_SIZE_LO, "RES_SIZE_LO"},
      {FBMU_REG_RES_SIZE_HI, "RES_SIZE_HI"},
      {FBMU_REG_RES_TIME_LO, "RES_TIME_LO"},
      {FBMU_REG_RES_TIME_HI, "RES_TIME_HI"},
      {FBMU_REG_RES_STATUS, "RES_STATUS"},
      {FBMU_REG_RES_LEN, "RES_LEN"},
      {FBMU_REG_EVT_COUNT, "EVT_COUNT"},
      {FBMU_REG_IRQ_ENABLE, "IRQ_ENABLE"},
  };
  char buf[48];
  for (const Name &n : kNames)
    if (n.addr == addr) return n.name;
  if (addr >= FBMU_WIN_STAGING && addr < FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE) {
    std::snprintf(buf, sizeof(buf), "STAGING+0x%x", addr - FBMU_WIN_STAGING);
    return buf;
  }
  std::snprintf(buf, sizeof(buf), "0x%03x", addr);
  return buf;
}

namespace {

std::string describe(Kind kind, uint32_t addr, uint32_t value, bool with_value) {
  char buf[32];
  std::string s = kind == Kind::kRead ? "read " : "write ";
  s += reg_name(addr);
  if (with_value) {
    std::snprintf(buf, sizeof(buf), kind == Kind::kRead ? " -> 0x%08x" : " <- 0x%08x", value);
    s += buf;
  }
  return s;
}

}  // namespace

MockBus::MockBus() {
  bus_ = fbmu_bus_t{};
  bus_.read32 = &MockBus::read_cb;
  bus_.write32 = &MockBus::write_cb;
  bus_.ctx = this;
}

MockBus &MockBus::expect_read(uint32_t addr, uint32_t value, int rc) {
  steps_.push_back(Step{Kind::kRead, addr, value, rc});
  return *this;
}

MockBus &MockBus::expect_write(uint32_t addr, uint32_t value, int rc) {
  steps_.push_back(Step{Kind::kWrite, addr, value, rc});
  return *this;
}

MockBus &MockBus::idle(int stale) {
  return expect_read(FBMU_REG_STATUS, status_word(false, stale));
}

MockBus &MockBus::busy(unsigned n) {
  for (unsigned i = 0; i < n; i++) expect_read(FBMU_REG_STATUS, status_word(true, 0));
  return *this;
}

MockBus &MockBus::xfer() {
  return expect_read(FBMU_REG_STATUS, status_word(true, 0) | FBMU_STATUS_XFER_MASK);
}

MockBus &MockBus::expect_u64(Kind kind, uint32_t lo_reg, uint32_t hi_reg, uint64_t v) {
  steps_.push_back(Step{kind, lo_reg, static_cast<uint32_t>(v), 0});
  steps_.push_back(Step{kind, hi_reg, static_cast<uint32_t>(v >> 32), 0});
  return *this;
}

MockBus &MockBus::expect_id(Kind kind, const uint32_t (&regs)[4], fbmu_lease_id_t id) {
  expect_u64(kind, regs[0], regs[1], id.lo);
  return expect_u64(kind, regs[2], regs[3], id.hi);
}

namespace {

// The registers of the multi-word arguments and results: a lease id's four words (ID_0 = bits
// 31:0), a 64-bit value's LO and HI.
constexpr uint32_t kArgId[4] = {FBMU_REG_ARG_ID_0, FBMU_REG_ARG_ID_1, FBMU_REG_ARG_ID_2,
                                FBMU_REG_ARG_ID_3};
constexpr uint32_t kResId[4] = {FBMU_REG_RES_ID_0, FBMU_REG_RES_ID_1, FBMU_REG_RES_ID_2,
                                FBMU_REG_RES_ID_3};
struct Reg64 {
  uint32_t lo, hi;
};
constexpr Reg64 kArgA{FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI};
constexpr Reg64 kArgB{FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI};
constexpr Reg64 kResSize{FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI};
constexpr Reg64 kResTime{FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI};

}  // namespace

MockBus &MockBus::arg_id(fbmu_lease_id_t id) { return expect_id(Kind::kWrite, kArgId, id); }
MockBus &MockBus::arg_a(uint64_t v) { return expect_u64(Kind::kWrite, kArgA.lo, kArgA.hi, v); }
MockBus &MockBus::arg_b(uint64_t v) { return expect_u64(Kind::kWrite, kArgB.lo, kArgB.hi, v); }
MockBus &MockBus::arg_len(uint32_t v) { return expect_write(FBMU_REG_ARG_LEN, v); }

MockBus &MockBus::cmd(uint32_t opcode, int result, unsigned busy_polls) {
  expect_write(FBMU_REG_CMD, opcode);
  busy(busy_polls);
  return expect_read(FBMU_REG_STATUS, status_word(false, result));
}

MockBus &MockBus::res_id(fbmu_lease_id_t id) { return expect_id(Kind::kRead, kResId, id); }
MockBus &MockBus::res_size(uint64_t v) {
  return expect_u64(Kind::kRead, kResSize.lo, kResSize.hi, v);
}
MockBus &MockBus::res_time(uint64_t v) {
  return expect_u64(Kind::kRead, kResTime.lo, kResTime.hi, v);
}
MockBus &MockBus::res_status(uint32_t v) { return expect_read(FBMU_REG_RES_STATUS, v); }
MockBus &MockBus::res_len(uint32_t v) { return expect_read(FBMU_REG_RES_LEN, v); }

MockBus &MockBus::res_info(fbmu_lease_id_t id, uint64_t size, uint64_t expires, uint32_t status) {
  return res_id(id).res_size(size).res_time(expires).res_status(status);
}

namespace {

uint32_t pack_word(const uint8_t *data, uint32_t len, uint32_t i) {
  uint32_t word = 0;
  for (uint32_t k = 0; k < 4 && i + k < len; k++)
    word |= static_cast<uint32_t>(data[i + k]) << (8 * k);
  return word;
}

}  // namespace

MockBus &MockBus::staging_write(const uint8_t *data, uint32_t len) {
  for (uint32_t i = 0; i < len; i += 4) expect_write(FBMU_WIN_STAGING + i, pack_word(data, len, i));
  return *this;
}

MockBus &MockBus::staging_read(const uint8_t *data, uint32_t len) {
  for (uint32_t i = 0; i < len; i += 4) expect_read(FBMU_WIN_STAGING + i, pack_word(data, len, i));
  return *this;
}

MockBus &MockBus::cap_max_io(uint32_t v) { return expect_read(FBMU_REG_CAP_MAX_IO, v); }

void MockBus::fail_step(size_t index, int rc) { failures_.emplace_back(index, rc); }

void MockBus::busy_forever(size_t from_step) {
  busy_forever_ = true;
  busy_from_ = from_step;
}

void MockBus::enable_blocks(BlockError on_error) {
  bus_.read_block = &MockBus::read_block_cb;
  bus_.write_block = &MockBus::write_block_cb;
  block_error_ = on_error;
}

size_t MockBus::writes() const {
  size_t n = 0;
  for (const Access &a : log_) n += a.kind == Kind::kWrite;
  return n;
}

size_t MockBus::status_reads() const {
  size_t n = 0;
  for (const Access &a : log_) n += a.kind == Kind::kRead && a.addr == FBMU_REG_STATUS;
  return n;
}

std::string MockBus::report() const {
  std::string s;
  for (const std::string &m : mismatches_) s += m + "\n";
  for (size_t i = next_; i < steps_.size(); i++) {
    const Step &st = steps_[i];
    s += "step " + std::to_string(i) +
         ": never happened: " + describe(st.kind, st.addr, st.value, true) + "\n";
  }
  return s;
}

int MockBus::read_cb(void *ctx, uint32_t addr, uint32_t *val) {
  return static_cast<MockBus *>(ctx)->access(Kind::kRead, addr, val);
}

int MockBus::write_cb(void *ctx, uint32_t addr, uint32_t val) {
  return static_cast<MockBus *>(ctx)->access(Kind::kWrite, addr, &val);
}

int MockBus::read_block_cb(void *ctx, uint32_t addr, uint32_t *vals, uint32_t n_words) {
  return static_cast<MockBus *>(ctx)->block(Kind::kRead, addr, vals, n_words);
}

int MockBus::write_block_cb(void *ctx, uint32_t addr, const uint32_t *vals, uint32_t n_words) {
  std::vector<uint32_t> copy(vals, vals + n_words);  // access() takes a mutable word
  return static_cast<MockBus *>(ctx)->block(Kind::kWrite, addr, copy.data(), n_words);
}

// Word k is a single access to addr + 4k, checked and logged like one.
int MockBus::block(Kind kind, uint32_t addr, uint32_t *vals, uint32_t n_words) {
  int first = 0;
  blocks_.push_back(BlockCall{kind, addr, n_words});
  for (uint32_t k = 0; k < n_words; k++) {
    int rc = access(kind, addr + 4u * k, &vals[k]);
    if (rc && !first) {
      first = rc;
      if (block_error_ == BlockError::kStop) break;
    }
  }
  return first;
}

int MockBus::access(Kind kind, uint32_t addr, uint32_t *val) {
  if (derailed_) {
    log_.push_back(Access{kind, addr, kind == Kind::kWrite ? *val : 0u});
    if (kind == Kind::kRead) *val = 0;
    return FBMU_E_BUS_ERROR;
  }
  if (busy_forever_ && next_ >= busy_from_ && kind == Kind::kRead && addr == FBMU_REG_STATUS) {
    *val = status_word(true, 0);
    log_.push_back(Access{kind, addr, *val});
    return 0;
  }
  if (next_ >= steps_.size()) {
    mismatches_.push_back(
        "step " + std::to_string(next_) + ": script ended, got " +
        describe(kind, addr, kind == Kind::kWrite ? *val : 0u, kind == Kind::kWrite));
    derailed_ = true;
    return access(kind, addr, val);
  }

  const Step &st = steps_[next_];
  bool ok = st.kind == kind && st.addr == addr && (kind == Kind::kRead || st.value == *val);
  if (!ok) {
    mismatches_.push_back(
        "step " + std::to_string(next_) + ": expected " +
        describe(st.kind, st.addr, st.value, true) + ", got " +
        describe(kind, addr, kind == Kind::kWrite ? *val : 0u, kind == Kind::kWrite));
    derailed_ = true;
    return access(kind, addr, val);
  }

  int rc = st.rc;
  for (const auto &f : failures_)
    if (f.first == next_) rc = f.second;
  if (kind == Kind::kRead) *val = st.value;
  log_.push_back(Access{kind, addr, *val});
  next_++;
  return rc;
}

}  // namespace fbmu_mock
