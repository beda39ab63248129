// Golden model, layer (b): the register map of docs/registers.md, reached only by raw 32-bit
// accesses on the model's fbmu_bus_t. Offsets and fields come from the generated fbmu_regs.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "fbmu_model.h"
#include "ro_registers.h"

namespace {

constexpr uint64_t kSeed = 0x1234ABCDull;
constexpr uint64_t kT0 = 5000;

#define FIELD_GET(F, r) ((static_cast<uint32_t>(r) & F##_MASK) >> F##_SHIFT)

class ModelRegs : public ::testing::Test {
 protected:
  void SetUp() override { Make(fbmu_model_config_t{}); }
  void TearDown() override { fbmu_model_destroy(m_); }

  void Make(fbmu_model_config_t c) {
    fbmu_model_destroy(m_);
    c.id_seed = kSeed;
    m_ = fbmu_model_create(&c);
    ASSERT_NE(m_, nullptr);
    bus_ = fbmu_model_bus(m_);
    ASSERT_NE(bus_, nullptr);
    ASSERT_EQ(fbmu_model_set_time(m_, kT0, nullptr, 0, nullptr), FBMU_OK);
  }

  uint32_t R(uint32_t addr) {
    uint32_t v = 0xDEADBEEF;
    EXPECT_EQ(bus_->read32(bus_->ctx, addr, &v), FBMU_OK) << std::hex << addr;
    return v;
  }
  int RawR(uint32_t addr, uint32_t *v) { return bus_->read32(bus_->ctx, addr, v); }
  int W(uint32_t addr, uint32_t v) { return bus_->write32(bus_->ctx, addr, v); }
  void W64(uint32_t lo_addr, uint32_t hi_addr, uint64_t v) {
    ASSERT_EQ(W(lo_addr, static_cast<uint32_t>(v)), FBMU_OK);
    ASSERT_EQ(W(hi_addr, static_cast<uint32_t>(v >> 32)), FBMU_OK);
  }
  uint64_t R64(uint32_t lo_addr, uint32_t hi_addr) {
    return static_cast<uint64_t>(R(lo_addr)) | (static_cast<uint64_t>(R(hi_addr)) << 32);
  }
  void SetArgId(fbmu_lease_id_t id) {
    ASSERT_EQ(W(FBMU_REG_ARG_ID_0, static_cast<uint32_t>(id.lo)), FBMU_OK);
    ASSERT_EQ(W(FBMU_REG_ARG_ID_1, static_cast<uint32_t>(id.lo >> 32)), FBMU_OK);
    ASSERT_EQ(W(FBMU_REG_ARG_ID_2, static_cast<uint32_t>(id.hi)), FBMU_OK);
    ASSERT_EQ(W(FBMU_REG_ARG_ID_3, static_cast<uint32_t>(id.hi >> 32)), FBMU_OK);
  }
  fbmu_lease_id_t ResId() {
    fbmu_lease_id_t id;
    id.lo = R64(FBMU_REG_RES_ID_0, FBMU_REG_RES_ID_1);
    id.hi = R64(FBMU_REG_RES_ID_2, FBMU_REG_RES_ID_3);
    return id;
  }
  // Issue a command as the driver does: BUSY must be clear before and after; STATUS.RESULT.
  int Cmd(uint32_t op) {
    EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, R(FBMU_REG_STATUS)), 0u);
    EXPECT_EQ(W(FBMU_REG_CMD, op), FBMU_OK);
    uint32_t st = R(FBMU_REG_STATUS);
    EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, st), 0u);
    return static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, st));
  }
  fbmu_lease_id_t AllocViaRegs(uint64_t secs) {
    W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 1);
    W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, secs);
    EXPECT_EQ(Cmd(FBMU_OP_ALLOC), FBMU_OK);
    return ResId();
  }
  void Stage(const std::vector<uint8_t> &d) {
    for (size_t i = 0; i < d.size(); i += 4) {
      uint32_t w = 0;
      for (size_t k = 0; k < 4 && i + k < d.size(); k++)
        w |= static_cast<uint32_t>(d[i + k]) << (8 * k);
      ASSERT_EQ(W(FBMU_WIN_STAGING + static_cast<uint32_t>(i), w), FBMU_OK);
    }
  }
  std::vector<uint8_t> Staged(uint32_t n) {
    std::vector<uint8_t> d(n);
    for (uint32_t i = 0; i < n; i++)
      d[i] = static_cast<uint8_t>(R(FBMU_WIN_STAGING + (i & ~3u)) >> (8 * (i & 3u)));
    return d;
  }

  fbmu_model_t *m_ = nullptr;
  const fbmu_bus_t *bus_ = nullptr;
};

using fbmu_test::kReadOnlyRegs;
const uint32_t kReadWrite[] = {
    FBMU_REG_ARG_ID_0, FBMU_REG_ARG_ID_1, FBMU_REG_ARG_ID_2, FBMU_REG_ARG_ID_3, FBMU_REG_ARG_A_LO,
    FBMU_REG_ARG_A_HI, FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, FBMU_REG_ARG_LEN,
};

bool Listed(uint32_t a) {
  for (uint32_t r : kReadOnlyRegs)
    if (r == a) return true;
  for (uint32_t r : kReadWrite)
    if (r == a) return true;
  return a == FBMU_REG_CMD || a == FBMU_REG_IRQ_ENABLE ||
         (a >= FBMU_WIN_STAGING && a < FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE);
}

// ---- decoding -----------------------------------------------------------------------------------

TEST_F(ModelRegs, IdAndVersionIdentifyTheUnit) {
  EXPECT_EQ(R(FBMU_REG_ID), FBMU_ID_VALUE);
  uint32_t v = R(FBMU_REG_VERSION);
  EXPECT_EQ(FIELD_GET(FBMU_VERSION_MAJOR, v), FBMU_VERSION_MAJOR_VALUE);
  EXPECT_EQ(FIELD_GET(FBMU_VERSION_MINOR, v), FBMU_VERSION_MINOR_VALUE);
}

TEST_F(ModelRegs, CapabilityRegistersReflectTheConfiguration) {
  fbmu_model_config_t c{};
  c.mem_bytes = 65536;
  c.lease_slots = 40;
  c.event_depth = 9;
  c.max_io = 1024;
  c.arena_size = 2048;
  Make(c);
  EXPECT_EQ(R(FBMU_REG_CAP_MEM_BYTES), 65536u);
  uint32_t s = R(FBMU_REG_CAP_SLOTS);
  EXPECT_EQ(FIELD_GET(FBMU_CAP_SLOTS_LEASE_SLOTS, s), 40u);
  EXPECT_EQ(FIELD_GET(FBMU_CAP_SLOTS_EVENT_DEPTH, s), 9u);
  EXPECT_EQ(R(FBMU_REG_CAP_MAX_IO), 1024u);
  EXPECT_EQ(R(FBMU_REG_ARENA_SIZE), 2048u);
}

TEST_F(ModelRegs, ArenaSizeRegisterFollowsThePlatform) {
  ASSERT_EQ(fbmu_model_set_arena_size(m_, 256), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_ARENA_SIZE), 256u);
}

TEST_F(ModelRegs, RtcRegistersShowTheModelTime) {
  ASSERT_EQ(fbmu_model_set_time(m_, 0x123456789ABCDEF0ull, nullptr, 0, nullptr), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RTC_LO), 0x9ABCDEF0u);
  EXPECT_EQ(R(FBMU_REG_RTC_HI), 0x12345678u);
}

TEST_F(ModelRegs, ArgumentRegistersReadBack) {
  uint32_t v = 0x10000001u;
  for (uint32_t a : kReadWrite) ASSERT_EQ(W(a, v++), FBMU_OK);
  v = 0x10000001u;
  for (uint32_t a : kReadWrite) EXPECT_EQ(R(a), v++) << std::hex << a;
}

TEST_F(ModelRegs, CmdReadsBackTheLastOpcode) {
  EXPECT_EQ(R(FBMU_REG_CMD), 0u);
  Cmd(FBMU_OP_GET_ARENA_SIZE);
  EXPECT_EQ(R(FBMU_REG_CMD), FBMU_OP_GET_ARENA_SIZE);
}

TEST_F(ModelRegs, UnmappedAddressesAreBusErrorsReadingZero) {
  int unmapped = 0;
  for (uint32_t a = 0; a < FBMU_WIN_STAGING; a += 4) {
    if (Listed(a)) continue;
    unmapped++;
    uint32_t v = 0xDEADBEEF;
    EXPECT_EQ(RawR(a, &v), FBMU_E_BUS_ERROR) << std::hex << a;
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(W(a, 0xFFFFFFFF), FBMU_E_BUS_ERROR) << std::hex << a;
  }
  EXPECT_GT(unmapped, 900);
  for (uint32_t a : {FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE, 0x4000u, 0xFFFFFFFCu}) {
    uint32_t v = 1;
    EXPECT_EQ(RawR(a, &v), FBMU_E_BUS_ERROR);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(W(a, 1), FBMU_E_BUS_ERROR);
  }
}

TEST_F(ModelRegs, WritesToUnmappedAddressesChangeNothing) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  for (uint32_t a = 0; a < FBMU_WIN_STAGING; a += 4) {
    if (!Listed(a)) {
      ASSERT_EQ(W(a, 0x0A0A0A0A), FBMU_E_BUS_ERROR);
    }
  }
  for (uint32_t a : kReadWrite) EXPECT_EQ(R(a), 0u);
  EXPECT_EQ(R(FBMU_REG_CMD), 0u);
  EXPECT_EQ(Staged(FBMU_WIN_STAGING_SIZE), std::vector<uint8_t>(FBMU_WIN_STAGING_SIZE, 0));
  EXPECT_EQ(fbmu_model_peek_next_id(m_).lo, fbmu_model_id_for(kSeed, 1).lo);  // no command ran
}

TEST_F(ModelRegs, WritesToReadOnlyRegistersAreBusErrorsWithoutEffect) {
  AllocViaRegs(100);  // fill the RES registers
  std::vector<uint32_t> before;
  for (uint32_t a : kReadOnlyRegs) before.push_back(R(a));
  for (uint32_t a : kReadOnlyRegs) EXPECT_EQ(W(a, ~R(a)), FBMU_E_BUS_ERROR) << std::hex << a;
  for (size_t i = 0; i < before.size(); i++) EXPECT_EQ(R(kReadOnlyRegs[i]), before[i]) << i;
  EXPECT_EQ(fbmu_model_arena_size(m_), 4096u);
  EXPECT_EQ(fbmu_model_now(m_), kT0);
}

TEST_F(ModelRegs, LowTwoAddressBitsAreIgnored) {
  EXPECT_EQ(R(FBMU_REG_ID + 3), FBMU_ID_VALUE);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN + 1, 77), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_ARG_LEN + 2), 77u);
  ASSERT_EQ(W(FBMU_WIN_STAGING + 6, 0x11223344), FBMU_OK);
  EXPECT_EQ(R(FBMU_WIN_STAGING + 4), 0x11223344u);
  EXPECT_EQ(W(FBMU_REG_ID + 1, 0), FBMU_E_BUS_ERROR);
  uint32_t v = 5;
  EXPECT_EQ(RawR(FBMU_REG_ARG_LEN + 4 + 3, &v), FBMU_E_BUS_ERROR);  // 0x054 is unmapped
}

TEST_F(ModelRegs, StagingWindowIsLittleEndianBytesOfTheTransfer) {
  ASSERT_EQ(fbmu_model_hello(m_), FBMU_OK);
  ASSERT_EQ(W(FBMU_WIN_STAGING, 0x44332211), FBMU_OK);
  ASSERT_EQ(W(FBMU_WIN_STAGING + 4, 0x88776655), FBMU_OK);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 10);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 7), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_WRITE), FBMU_OK);
  const uint8_t *mem = fbmu_model_memory(m_);
  for (int i = 0; i < 7; i++) EXPECT_EQ(mem[10 + i], 0x11 * (i + 1)) << i;
  EXPECT_EQ(mem[17], 0);  // the eighth staged byte was not part of the transfer
}

TEST_F(ModelRegs, WholeStagingWindowIsReadWrite) {
  for (uint32_t off = 0; off < FBMU_WIN_STAGING_SIZE; off += 4)
    ASSERT_EQ(W(FBMU_WIN_STAGING + off, off * 2654435761u), FBMU_OK);
  for (uint32_t off = 0; off < FBMU_WIN_STAGING_SIZE; off += 4)
    ASSERT_EQ(R(FBMU_WIN_STAGING + off), off * 2654435761u);
}

// Spec section 7: STAGING holds no earlier command's bytes.
TEST_F(ModelRegs, StagingIsClearedAfterAWriteAndBeforeEveryOtherCommand) {
  const fbmu_lease_id_t id = AllocViaRegs(100);
  const uint64_t size = R64(FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI);
  std::vector<uint8_t> data(64);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<uint8_t>(0x80 | i);
  // The 64 bytes at the arena's end.
  Stage(data);
  SetArgId(id);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, size - 64);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 64), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_WRITE_LEASE), FBMU_OK);
  EXPECT_EQ(Staged(FBMU_WIN_STAGING_SIZE), std::vector<uint8_t>(FBMU_WIN_STAGING_SIZE, 0));
  // A failed write clears it too.
  Stage(data);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, size);
  EXPECT_EQ(Cmd(FBMU_OP_WRITE_LEASE), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(Staged(FBMU_WIN_STAGING_SIZE), std::vector<uint8_t>(FBMU_WIN_STAGING_SIZE, 0));
  // A read of the 64 bytes fills STAGING; a short read after it (5 bytes left at the end) leaves
  // its 5 bytes and zeros after them.
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, size - 64);
  ASSERT_EQ(Cmd(FBMU_OP_READ_LEASE), FBMU_OK);
  EXPECT_EQ(Staged(64), data);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, size - 5);
  ASSERT_EQ(Cmd(FBMU_OP_READ_LEASE), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 5u);
  std::vector<uint8_t> want(FBMU_WIN_STAGING_SIZE, 0);
  std::copy(data.end() - 5, data.end(), want.begin());
  EXPECT_EQ(Staged(FBMU_WIN_STAGING_SIZE), want);
  // Bytes a master stages are gone once another command starts.
  Stage(data);
  EXPECT_EQ(Cmd(FBMU_OP_GET_ARENA_SIZE), FBMU_OK);
  EXPECT_EQ(Staged(FBMU_WIN_STAGING_SIZE), std::vector<uint8_t>(FBMU_WIN_STAGING_SIZE, 0));
}

TEST_F(ModelRegs, IrqEnableResetsToItsResetValueAndHoldsOnlyEvt) {
  EXPECT_EQ(R(FBMU_REG_IRQ_ENABLE), FBMU_REG_IRQ_ENABLE_RESET);
  ASSERT_EQ(W(FBMU_REG_IRQ_ENABLE, 0xFFFFFFFF), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_IRQ_ENABLE), FBMU_IRQ_ENABLE_EVT_MASK);
  ASSERT_EQ(W(FBMU_REG_IRQ_ENABLE, 0), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_IRQ_ENABLE), 0u);
  fbmu_model_reset(m_);
  EXPECT_EQ(R(FBMU_REG_IRQ_ENABLE), FBMU_REG_IRQ_ENABLE_RESET);
}

TEST_F(ModelRegs, IrqNeedsEnableAndPendingEvent) {
  fbmu_lease_id_t id = AllocViaRegs(100);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_IRQ, R(FBMU_REG_STATUS)), 0u);
  SetArgId(id);
  ASSERT_EQ(Cmd(FBMU_OP_FREE), FBMU_OK);
  uint32_t st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_EVT_PENDING, st), 1u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_IRQ, st), 1u);
  EXPECT_TRUE(fbmu_model_irq(m_));
  ASSERT_EQ(W(FBMU_REG_IRQ_ENABLE, 0), FBMU_OK);
  st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_EVT_PENDING, st), 1u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_IRQ, st), 0u);
  EXPECT_FALSE(fbmu_model_irq(m_));
  ASSERT_EQ(W(FBMU_REG_IRQ_ENABLE, FBMU_IRQ_ENABLE_EVT_MASK), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_EVENT_POP), FBMU_OK);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_IRQ, R(FBMU_REG_STATUS)), 0u);
  EXPECT_FALSE(fbmu_model_irq(m_));
}

TEST_F(ModelRegs, StatusShowsOnlineAndSession) {
  uint32_t st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_ONLINE, st), 1u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_SESSION, st), 0u);
  ASSERT_EQ(Cmd(FBMU_OP_HELLO), FBMU_OK);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_SESSION, R(FBMU_REG_STATUS)), 1u);
  fbmu_model_set_online(m_, 0);
  st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_ONLINE, st), 0u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_SESSION, st), 0u);
}

TEST_F(ModelRegs, ResultIsSignedEightBits) {
  ASSERT_EQ(W(FBMU_REG_CMD, 0xEE), FBMU_OK);
  uint32_t st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_RESULT, st), static_cast<uint8_t>(FBMU_E_UNSUPPORTED));
  EXPECT_EQ(static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, st)), FBMU_E_UNSUPPORTED);
  EXPECT_EQ(Cmd(FBMU_OP_HELLO), FBMU_OK);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_RESULT, R(FBMU_REG_STATUS)), 0u);
}

TEST_F(ModelRegs, UnknownOpcodesAreUnsupported) {
  for (uint32_t op : {0x00u, 0x0Eu, 0x7Fu, 0xFFu}) EXPECT_EQ(Cmd(op), FBMU_E_UNSUPPORTED) << op;
}

TEST_F(ModelRegs, OpcodeIsTheCmdFieldOnly) {
  EXPECT_EQ(Cmd(0xFFFFFF00u | FBMU_OP_HELLO), FBMU_OK);
  EXPECT_TRUE(fbmu_model_session_open(m_));
  EXPECT_EQ(R(FBMU_REG_CMD), FBMU_OP_HELLO);
}

TEST_F(ModelRegs, OfflineBeatsUnknownOpcodeAndClosesSession) {
  ASSERT_EQ(Cmd(FBMU_OP_HELLO), FBMU_OK);
  fbmu_model_set_online(m_, 0);
  EXPECT_EQ(Cmd(0x7F), FBMU_E_DISCONNECTED);
  for (uint32_t op = FBMU_OP_HELLO; op <= FBMU_OP_EVENT_POP; op++)
    EXPECT_EQ(Cmd(op), FBMU_E_DISCONNECTED);
  fbmu_model_set_online(m_, 1);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_SESSION, R(FBMU_REG_STATUS)), 0u);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 4), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_READ), FBMU_E_DISCONNECTED);
}

// ---- commands through raw registers -------------------------------------------------------------

TEST_F(ModelRegs, GetArenaSizeSetsResSize) {
  ASSERT_EQ(Cmd(FBMU_OP_GET_ARENA_SIZE), FBMU_OK);
  EXPECT_EQ(R64(FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI), 4096u);
}

TEST_F(ModelRegs, FullLeaseSequenceThroughRawRegisters) {
  // ALLOC
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 100);
  W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, 60);
  ASSERT_EQ(Cmd(FBMU_OP_ALLOC), FBMU_OK);
  fbmu_lease_id_t id = ResId();
  fbmu_lease_id_t want = fbmu_model_id_for(kSeed, 1);
  EXPECT_EQ(id.hi, want.hi);
  EXPECT_EQ(id.lo, want.lo);
  EXPECT_EQ(R64(FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI), 4096u);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + 60);
  EXPECT_EQ(R(FBMU_REG_RES_STATUS), FBMU_LEASE_ACTIVE);

  // WRITE_LEASE 9 unaligned bytes at offset 4093 - 9
  SetArgId(id);
  std::vector<uint8_t> data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Stage(data);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 4084);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 9), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_WRITE_LEASE), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 9u);

  // READ_LEASE past the end: short read into STAGING[0..n)
  for (uint32_t off = 0; off < 16; off += 4) ASSERT_EQ(W(FBMU_WIN_STAGING + off, 0), FBMU_OK);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 4084);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 100), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_READ_LEASE), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 12u);
  std::vector<uint8_t> got = Staged(12);
  EXPECT_EQ(std::vector<uint8_t>(got.begin(), got.begin() + 9), data);
  EXPECT_EQ(got[9], 0);

  // WRITE_LEASE crossing the end: OUT_OF_RANGE, nothing written
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 13), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_WRITE_LEASE), FBMU_E_OUT_OF_RANGE);

  // RENEW
  ASSERT_EQ(fbmu_model_set_time(m_, kT0 + 30, nullptr, 0, nullptr), FBMU_OK);
  W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, 100);
  ASSERT_EQ(Cmd(FBMU_OP_RENEW), FBMU_OK);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + 130);

  // QUERY
  ASSERT_EQ(Cmd(FBMU_OP_QUERY), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_STATUS), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + 130);

  // FREE, then the lease is REVOKED and the event carries the FREE's time
  ASSERT_EQ(Cmd(FBMU_OP_FREE), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_FREE), FBMU_E_REVOKED);
  EXPECT_EQ(Cmd(FBMU_OP_READ_LEASE), FBMU_E_REVOKED);
  ASSERT_EQ(Cmd(FBMU_OP_QUERY), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_STATUS), FBMU_LEASE_REVOKED);
  uint32_t ec = R(FBMU_REG_EVT_COUNT);
  EXPECT_EQ(FIELD_GET(FBMU_EVT_COUNT_PENDING, ec), 1u);
  EXPECT_EQ(FIELD_GET(FBMU_EVT_COUNT_DROPPED, ec), 0u);

  // EVENT_POP
  ASSERT_EQ(Cmd(FBMU_OP_EVENT_POP), FBMU_OK);
  fbmu_lease_id_t evid = ResId();
  EXPECT_EQ(evid.hi, id.hi);
  EXPECT_EQ(evid.lo, id.lo);
  EXPECT_EQ(R(FBMU_REG_RES_STATUS), FBMU_EVENT_REVOKED);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + 30);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 0u);
  EXPECT_EQ(Cmd(FBMU_OP_EVENT_POP), FBMU_E_NOT_FOUND);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_EVT_PENDING, R(FBMU_REG_STATUS)), 0u);
}

TEST_F(ModelRegs, BootstrapReadWriteThroughRegistersNeedsHello) {
  Stage({0xAB, 0xCD});
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 5);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 2), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_WRITE), FBMU_E_DISCONNECTED);
  ASSERT_EQ(Cmd(FBMU_OP_HELLO), FBMU_OK);
  Stage({0xAB, 0xCD});  // the failed WRITE cleared STAGING (spec section 7)
  ASSERT_EQ(Cmd(FBMU_OP_WRITE), FBMU_OK);
  ASSERT_EQ(W(FBMU_WIN_STAGING, 0), FBMU_OK);
  ASSERT_EQ(Cmd(FBMU_OP_READ), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 2u);
  EXPECT_EQ(R(FBMU_WIN_STAGING), 0xCDABu);
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 4096);
  EXPECT_EQ(Cmd(FBMU_OP_READ), FBMU_E_OUT_OF_RANGE);
}

TEST_F(ModelRegs, LengthAboveMaxIoIsInvalidArgument) {
  ASSERT_EQ(Cmd(FBMU_OP_HELLO), FBMU_OK);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, R(FBMU_REG_CAP_MAX_IO) + 1), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_READ), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(Cmd(FBMU_OP_WRITE), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(Cmd(FBMU_OP_READ_LEASE), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(Cmd(FBMU_OP_WRITE_LEASE), FBMU_E_INVALID_ARGUMENT);
  ASSERT_EQ(W(FBMU_REG_ARG_LEN, 0xFFFFFFFF), FBMU_OK);
  EXPECT_EQ(Cmd(FBMU_OP_READ), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelRegs, SixtyFourBitArgumentsAreUsedWhole) {
  // min_bytes with only high bits set must not pass as a small size.
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 1ull << 32);
  W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, 10);
  EXPECT_EQ(Cmd(FBMU_OP_ALLOC), FBMU_E_CAPACITY_EXCEEDED);
  // lease_secs with only high bits set is not zero.
  W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 1);
  W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, 1ull << 40);
  ASSERT_EQ(Cmd(FBMU_OP_ALLOC), FBMU_OK);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + (1ull << 40));
}

TEST_F(ModelRegs, FailedCommandKeepsResultRegisters) {
  fbmu_lease_id_t id = AllocViaRegs(100);
  W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, 0);
  EXPECT_EQ(Cmd(FBMU_OP_ALLOC), FBMU_E_INVALID_ARGUMENT);
  fbmu_lease_id_t res = ResId();
  EXPECT_EQ(res.hi, id.hi);
  EXPECT_EQ(res.lo, id.lo);
  EXPECT_EQ(R64(FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI), kT0 + 100);
  EXPECT_EQ(R(FBMU_REG_RES_STATUS), FBMU_LEASE_ACTIVE);
}

TEST_F(ModelRegs, IdArgumentUsesAllFourWords) {
  fbmu_lease_id_t id = AllocViaRegs(100);
  for (int word = 0; word < 4; word++) {
    fbmu_lease_id_t bad = id;
    if (word < 2)
      bad.lo ^= 1ull << (32 * word);
    else
      bad.hi ^= 1ull << (32 * (word - 2));
    SetArgId(bad);
    EXPECT_EQ(Cmd(FBMU_OP_QUERY), FBMU_E_NOT_FOUND) << word;
  }
  SetArgId(id);
  EXPECT_EQ(Cmd(FBMU_OP_QUERY), FBMU_OK);
}

TEST_F(ModelRegs, EventCountShowsDroppedEvents) {
  fbmu_model_config_t c{};
  c.event_depth = 2;
  Make(c);
  for (int i = 0; i < 5; i++) {
    SetArgId(AllocViaRegs(100));
    ASSERT_EQ(Cmd(FBMU_OP_FREE), FBMU_OK);
  }
  uint32_t ec = R(FBMU_REG_EVT_COUNT);
  EXPECT_EQ(FIELD_GET(FBMU_EVT_COUNT_PENDING, ec), 2u);
  EXPECT_EQ(FIELD_GET(FBMU_EVT_COUNT_DROPPED, ec), 3u);
  ASSERT_EQ(Cmd(FBMU_OP_EVENT_POP), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 1u);
}

TEST_F(ModelRegs, ResetClearsRegisterState) {
  AllocViaRegs(100);
  ASSERT_EQ(W(FBMU_WIN_STAGING, 0x12345678), FBMU_OK);
  ASSERT_EQ(W(FBMU_REG_IRQ_ENABLE, 0), FBMU_OK);
  fbmu_model_reset(m_);
  EXPECT_EQ(R(FBMU_REG_RES_ID_0), 0u);
  EXPECT_EQ(R(FBMU_REG_ARG_B_LO), 0u);
  EXPECT_EQ(R(FBMU_REG_CMD), 0u);
  EXPECT_EQ(R(FBMU_WIN_STAGING), 0u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_RESULT, R(FBMU_REG_STATUS)), 0u);
  EXPECT_EQ(R(FBMU_REG_IRQ_ENABLE), FBMU_REG_IRQ_ENABLE_RESET);
  EXPECT_EQ(bus_, fbmu_model_bus(m_));
}

TEST_F(ModelRegs, RegisterPathMatchesSemanticLayer) {
  // The same stream on two models, one through registers and one through layer (a), ends equal.
  fbmu_model_config_t c{};
  c.id_seed = kSeed;
  fbmu_model_t *ref = fbmu_model_create(&c);
  ASSERT_NE(ref, nullptr);
  ASSERT_EQ(fbmu_model_set_time(ref, kT0, nullptr, 0, nullptr), FBMU_OK);
  uint64_t x = 88172645463325252ull;
  auto rnd = [&x]() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::vector<fbmu_lease_id_t> ids;
  uint8_t buf[64];
  for (int step = 0; step < 3000; step++) {
    uint64_t k = rnd() % 6;
    fbmu_lease_id_t id = ids.empty() ? fbmu_lease_id_t{0, 0} : ids[rnd() % ids.size()];
    if (k == 0) {
      uint64_t secs = 1 + rnd() % 20;
      fbmu_lease_info_t info{};
      int rc = fbmu_model_alloc(ref, 1, secs, &info);
      W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, 1);
      W64(FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, secs);
      ASSERT_EQ(Cmd(FBMU_OP_ALLOC), rc);
      if (rc == FBMU_OK) ids.push_back(info.lease_id);
    } else if (k == 1) {
      SetArgId(id);
      ASSERT_EQ(Cmd(FBMU_OP_FREE), fbmu_model_free(ref, id, nullptr));
    } else if (k == 2) {
      uint64_t off = rnd() % 4200;
      uint32_t len = static_cast<uint32_t>(rnd() % 64);
      for (auto &b : buf) b = static_cast<uint8_t>(rnd());
      std::vector<uint8_t> d(buf, buf + len);
      Stage(d);
      SetArgId(id);
      W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, off);
      ASSERT_EQ(W(FBMU_REG_ARG_LEN, len), FBMU_OK);
      ASSERT_EQ(Cmd(FBMU_OP_WRITE_LEASE), fbmu_model_write_lease(ref, id, off, buf, len));
    } else if (k == 3) {
      uint64_t off = rnd() % 4200;
      uint32_t len = static_cast<uint32_t>(rnd() % 64), n = 0;
      SetArgId(id);
      W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, off);
      ASSERT_EQ(W(FBMU_REG_ARG_LEN, len), FBMU_OK);
      int rc = fbmu_model_read_lease(ref, id, off, buf, len, &n);
      ASSERT_EQ(Cmd(FBMU_OP_READ_LEASE), rc);
      if (rc == FBMU_OK) {
        ASSERT_EQ(R(FBMU_REG_RES_LEN), n);
        ASSERT_EQ(Staged(n), std::vector<uint8_t>(buf, buf + n));
      }
    } else if (k == 4) {
      uint64_t t = fbmu_model_now(ref) + rnd() % 4;
      ASSERT_EQ(fbmu_model_set_time(ref, t, nullptr, 0, nullptr), FBMU_OK);
      ASSERT_EQ(fbmu_model_set_time(m_, t, nullptr, 0, nullptr), FBMU_OK);
    } else {
      fbmu_event_t ev{};
      uint32_t left = 0;
      int rc = fbmu_model_event_pop(ref, &ev, &left);
      ASSERT_EQ(Cmd(FBMU_OP_EVENT_POP), rc);
      if (rc == FBMU_OK) {
        fbmu_lease_id_t got = ResId();
        ASSERT_EQ(got.lo, ev.lease_id.lo);
        ASSERT_EQ(R(FBMU_REG_RES_STATUS), ev.kind);
        ASSERT_EQ(R(FBMU_REG_RES_LEN), left);
      }
    }
  }
  EXPECT_EQ(std::memcmp(fbmu_model_memory(ref), fbmu_model_memory(m_), 131072), 0);
  fbmu_model_destroy(ref);
}

// ---- streamed write (spec section 7) ------------------------------------------------------------

class ModelStream : public ModelRegs {
 protected:
  void SetUp() override {
    ModelRegs::SetUp();
    id_ = AllocViaRegs(100);
  }
  // Arguments and CMD of WRITE_LEASE_STREAM; the STATUS word after the CMD write.
  uint32_t Start(uint64_t off, uint32_t len) {
    SetArgId(id_);
    W64(FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, off);
    EXPECT_EQ(W(FBMU_REG_ARG_LEN, len), FBMU_OK);
    EXPECT_EQ(W(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE_STREAM), FBMU_OK);
    return R(FBMU_REG_STATUS);
  }
  // The lease's arena bytes [off, off + n) as stored.
  std::vector<uint8_t> Arena(uint64_t off, uint32_t n) {
    uint32_t frame = 0;
    EXPECT_EQ(fbmu_model_lease_frame(m_, id_, &frame), FBMU_OK);
    const uint8_t *p = fbmu_model_memory(m_) + uint64_t{frame} * 4096u + off;
    return std::vector<uint8_t>(p, p + n);
  }
  static std::vector<uint8_t> Pattern(uint32_t n) {
    std::vector<uint8_t> d(n);
    for (uint32_t i = 0; i < n; i++) d[i] = static_cast<uint8_t>(3 * i + 1);
    return d;
  }
  fbmu_lease_id_t id_{};
};

TEST_F(ModelStream, OpensWithBusyAndXferAndLandsEachCompletedWordAtOnce) {
  const std::vector<uint8_t> d = Pattern(20);
  const uint32_t st = Start(3, 20);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, st), 1u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_XFER, st), 1u);
  EXPECT_TRUE(fbmu_model_stream_open(m_));
  ASSERT_NO_FATAL_FAILURE(Stage(std::vector<uint8_t>(d.begin(), d.begin() + 8)));
  // One 64-bit word complete: the arena word it finishes holds 8 - 3 = 5 transfer bytes.
  EXPECT_EQ(Arena(3, 8), std::vector<uint8_t>({d[0], d[1], d[2], d[3], d[4], 0, 0, 0}));
  for (uint32_t i = 8; i < 20; i += 4) {
    uint32_t w = 0;
    for (uint32_t k = 0; k < 4; k++) w |= uint32_t{d[i + k]} << (8 * k);
    ASSERT_EQ(W(FBMU_WIN_STAGING + i, w), FBMU_OK);
  }
  const uint32_t end = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, end), 0u);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_XFER, end), 0u);
  EXPECT_EQ(static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, end)), FBMU_OK);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 20u);
  EXPECT_EQ(Arena(3, 20), d);
  EXPECT_EQ(Staged(24), std::vector<uint8_t>(24, 0));  // cleared at the end
}

TEST_F(ModelStream, RefusesCompleteWordsAndArgumentsWhileOpen) {
  Start(0, 32);
  ASSERT_EQ(W(FBMU_WIN_STAGING + 8, 0x11111111u), FBMU_OK);  // word 0 complete (zero bytes 0..7)
  EXPECT_EQ(W(FBMU_WIN_STAGING, 0x22222222u), FBMU_E_BUS_ERROR);
  EXPECT_EQ(W(FBMU_WIN_STAGING + 4, 0x22222222u), FBMU_E_BUS_ERROR);
  EXPECT_EQ(W(FBMU_WIN_STAGING + 12, 0x33333333u), FBMU_OK);  // word 1: still open
  EXPECT_EQ(W(FBMU_REG_ARG_LEN, 1), FBMU_E_BUS_ERROR);
  EXPECT_EQ(W(FBMU_REG_ARG_ID_2, 1), FBMU_E_BUS_ERROR);
  EXPECT_EQ(W(FBMU_REG_CMD, FBMU_OP_HELLO), FBMU_E_BUS_ERROR);
  EXPECT_EQ(R(FBMU_REG_ARG_LEN), 32u);
  EXPECT_EQ(Arena(0, 8), std::vector<uint8_t>(8, 0));
}

TEST_F(ModelStream, FailedChecksEndAtTheCmdWriteWithNothingWritten) {
  const uint32_t st = Start(4090, 7);  // past the arena end
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, st), 0u);
  EXPECT_EQ(static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, st)), FBMU_E_OUT_OF_RANGE);
  EXPECT_FALSE(fbmu_model_stream_open(m_));
  EXPECT_EQ(fbmu_model_stream_timeout(m_), FBMU_E_INVALID_ARGUMENT);
}

TEST_F(ModelStream, TimeoutEndsWithThePrefixThatLanded) {
  const std::vector<uint8_t> d = Pattern(64);
  Start(5, 64);
  ASSERT_NO_FATAL_FAILURE(Stage(std::vector<uint8_t>(d.begin(), d.begin() + 20)));
  const uint32_t res_before = R(FBMU_REG_RES_LEN);
  ASSERT_EQ(fbmu_model_stream_timeout(m_), FBMU_OK);
  const uint32_t st = R(FBMU_REG_STATUS);
  EXPECT_EQ(FIELD_GET(FBMU_STATUS_BUSY, st), 0u);
  EXPECT_EQ(static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, st)), FBMU_E_TIMEOUT);
  EXPECT_NE(res_before, 11u);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 11u);  // two complete words: 16 - 5
  std::vector<uint8_t> want(d.begin(), d.begin() + 11);
  want.resize(64, 0);
  EXPECT_EQ(Arena(5, 64), want);
  EXPECT_EQ(Staged(20), std::vector<uint8_t>(20, 0));
}

TEST_F(ModelStream, PlatformRequestTimesAnOpenStreamOutFirst) {
  const fbmu_platform_t *p = fbmu_model_platform(m_);
  Start(0, 64);
  ASSERT_NO_FATAL_FAILURE(Stage(Pattern(16)));
  ASSERT_EQ(p->advance_time(p->ctx, 1), FBMU_OK);
  EXPECT_FALSE(fbmu_model_stream_open(m_));
  EXPECT_EQ(static_cast<int8_t>(FIELD_GET(FBMU_STATUS_RESULT, R(FBMU_REG_STATUS))), FBMU_E_TIMEOUT);
  EXPECT_EQ(R(FBMU_REG_RES_LEN), 16u);
}

}  // namespace
