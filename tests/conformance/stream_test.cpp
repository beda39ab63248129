// Streamed writes (docs/spec.md section 7, "Streamed write"): WRITE_STREAM / WRITE_LEASE_STREAM
// run every check at the CMD write, then take the bytes through STAGING while they land. Driven
// register by register here, so each step of the protocol is seen; the driver's own use of it is
// covered by every write of the other suites.
#include "fixture.h"

namespace fbmu_test {
namespace {

class Stream : public Conformance {
 protected:
  // Arguments, then CMD; returns the first STATUS with XFER set or BUSY clear.
  uint32_t start(uint32_t opcode, fbmu_lease_id_t id, uint64_t off, uint32_t len) {
    EXPECT_OK(reg_write(FBMU_REG_ARG_ID_0, static_cast<uint32_t>(id.lo)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_ID_1, static_cast<uint32_t>(id.lo >> 32)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_ID_2, static_cast<uint32_t>(id.hi)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_ID_3, static_cast<uint32_t>(id.hi >> 32)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_A_LO, static_cast<uint32_t>(off)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_A_HI, static_cast<uint32_t>(off >> 32)));
    EXPECT_OK(reg_write(FBMU_REG_ARG_LEN, len));
    EXPECT_OK(reg_write(FBMU_REG_CMD, opcode));
    uint32_t status = FBMU_STATUS_BUSY_MASK;
    for (int i = 0; i < 100000; ++i) {
      status = reg_read(FBMU_REG_STATUS);
      if (!(status & FBMU_STATUS_BUSY_MASK) || (status & FBMU_STATUS_XFER_MASK)) return status;
    }
    ADD_FAILURE() << "the stream neither opened nor ended";
    return status;
  }
  uint32_t start_lease(fbmu_lease_id_t id, uint64_t off, uint32_t len) {
    return start(FBMU_OP_WRITE_LEASE_STREAM, id, off, len);
  }
  // STATUS.RESULT once BUSY clears.
  int finish() {
    uint32_t status = FBMU_STATUS_BUSY_MASK;
    for (int i = 0; i < 100000 && (status & FBMU_STATUS_BUSY_MASK); ++i)
      status = reg_read(FBMU_REG_STATUS);
    EXPECT_EQ(status & FBMU_STATUS_BUSY_MASK, 0u) << "the stream never ended";
    return static_cast<int8_t>((status & FBMU_STATUS_RESULT_MASK) >> FBMU_STATUS_RESULT_SHIFT);
  }
  // Bytes [from, to) of data to STAGING, one full-strobe word each (the last one zero-padded).
  void send(const Bytes &data, uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to; i += 4) {
      uint32_t w = 0;
      for (uint32_t k = 0; k < 4 && i + k < data.size(); ++k) w |= uint32_t{data[i + k]} << (8 * k);
      ASSERT_OK(reg_write(FBMU_WIN_STAGING + i, w)) << "STAGING byte " << i;
    }
  }
  static Bytes pattern(uint32_t n, uint8_t seed) {
    Bytes b(n);
    for (uint32_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + 7 * i + 1);
    return b;
  }
  // The lease's arena as a tenant reads it.
  Bytes arena_of(fbmu_lease_id_t id) { return read_lease_ok(id, 0, kDefaultArena); }
  static bool xfer(uint32_t status) {
    return (status & FBMU_STATUS_BUSY_MASK) && (status & FBMU_STATUS_XFER_MASK);
  }
};

TEST_F(Stream, EveryByteLandsAndResLenIsTheLength) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  for (uint64_t off : {uint64_t{0}, uint64_t{5}}) {
    const Bytes data = pattern(101, static_cast<uint8_t>(off));
    ASSERT_TRUE(xfer(start_lease(l.lease_id, off, 101)));
    ASSERT_NO_FATAL_FAILURE(send(data, 0, 101));
    EXPECT_OK(finish());
    EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 101u);
    Bytes want(kDefaultArena, 0);
    std::copy(data.begin(), data.end(), want.begin() + static_cast<long>(off));
    EXPECT_EQ(arena_of(l.lease_id), want) << "offset " << off;
    ASSERT_OK(write_lease(l.lease_id, 0, Bytes(kDefaultArena, 0)));
  }
}

TEST_F(Stream, BootstrapStreamNeedsTheSessionAndLandsInFrameZero) {
  const Bytes data = pattern(40, 3);
  uint32_t st = start(FBMU_OP_WRITE_STREAM, id128(0), 8, 40);
  EXPECT_FALSE(st & FBMU_STATUS_BUSY_MASK);
  EXPECT_RC(FBMU_E_DISCONNECTED, finish());
  ASSERT_OK(fbmu_hello(dev));
  ASSERT_TRUE(xfer(start(FBMU_OP_WRITE_STREAM, id128(0), 8, 40)));
  ASSERT_NO_FATAL_FAILURE(send(data, 0, 40));
  EXPECT_OK(finish());
  EXPECT_EQ(read_boot_ok(8, 40), data);
  EXPECT_EQ(read_boot_ok(0, 8), Bytes(8, 0));
}

TEST_F(Stream, EveryFailedCheckEndsAtTheCmdWriteWithNothingWritten) {
  fbmu_lease_info_t gone = alloc_ok(0);  // first: the smallest memory holds one lease at a time
  ASSERT_OK(fbmu_free(dev, gone.lease_id));
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  struct Case {
    fbmu_lease_id_t id;
    uint64_t off;
    uint32_t len;
    int code;
  } cases[] = {
      {id128(0xDEADBEEF), 0, 8, FBMU_E_NOT_FOUND},
      {gone.lease_id, 0, 8, FBMU_E_REVOKED},
      {l.lease_id, kDefaultArena, 1, FBMU_E_OUT_OF_RANGE},
      {l.lease_id, kDefaultArena - 4, 5, FBMU_E_OUT_OF_RANGE},
      {l.lease_id, 0, FBMU_WIN_STAGING_SIZE + 4, FBMU_E_INVALID_ARGUMENT},
  };
  for (const Case &c : cases) {
    uint32_t st = start_lease(c.id, c.off, c.len);
    EXPECT_FALSE(st & FBMU_STATUS_XFER_MASK) << c.code;
    EXPECT_RC(c.code, finish());
    // The unit is idle again: STAGING takes bytes as input of no command; nothing landed.
    ASSERT_NO_FATAL_FAILURE(send(pattern(8, 1), 0, 8));
    EXPECT_EQ(arena_of(l.lease_id), Bytes(kDefaultArena, 0)) << c.code;
  }
  ASSERT_OK(target->advance_time(300));  // the live lease expires
  EXPECT_FALSE(start_lease(l.lease_id, 0, 8) & FBMU_STATUS_XFER_MASK);
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, finish());
}

TEST_F(Stream, AbandonedStreamTimesOutWithThePrefixThatLanded) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  // offset 3: five words sent, two 64-bit STAGING words complete; the arena words they finish
  // hold 8 * 2 - 3 = 13 transfer bytes. Offset 0: three words sent, one complete: 8 bytes.
  struct Case {
    uint64_t off;
    uint32_t sent, landed;
  } cases[] = {{3, 20, 13}, {0, 12, 8}, {0, 4, 0}};
  for (const Case &c : cases) {
    const Bytes data = pattern(64, static_cast<uint8_t>(c.sent));
    ASSERT_TRUE(xfer(start_lease(l.lease_id, c.off, 64)));
    ASSERT_NO_FATAL_FAILURE(send(data, 0, c.sent));
    target->idle_cycles(FBMU_STREAM_TIMEOUT + 16u);
    EXPECT_RC(FBMU_E_TIMEOUT, finish()) << "offset " << c.off;
    EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), c.landed) << "offset " << c.off;
    EXPECT_EQ(reg_read(FBMU_WIN_STAGING), 0u);  // no tenant byte left in STAGING
    Bytes want(kDefaultArena, 0);
    std::copy(data.begin(), data.begin() + c.landed, want.begin() + static_cast<long>(c.off));
    EXPECT_EQ(arena_of(l.lease_id), want) << "offset " << c.off;
    ASSERT_OK(write_lease(l.lease_id, 0, Bytes(kDefaultArena, 0)));
  }
}

TEST_F(Stream, BackToBackStreamsEachLandWhole) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  const Bytes a = pattern(kDefaultArena, 9), b = pattern(77, 200);
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 0, kDefaultArena)));
  ASSERT_NO_FATAL_FAILURE(send(a, 0, kDefaultArena));
  EXPECT_OK(finish());
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 1001, 77)));
  ASSERT_NO_FATAL_FAILURE(send(b, 0, 77));
  EXPECT_OK(finish());
  Bytes want = a;
  std::copy(b.begin(), b.end(), want.begin() + 1001);
  EXPECT_EQ(arena_of(l.lease_id), want);
}

TEST_F(Stream, PartialStrobesLandOnlyTheStrobedBytes) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 16, 7)));
  ASSERT_OK(target->write32_strb(FBMU_WIN_STAGING, 0x44332211u, 0x1));
  ASSERT_OK(target->write32_strb(FBMU_WIN_STAGING, 0x44332211u, 0x4));
  ASSERT_OK(target->write32_strb(FBMU_WIN_STAGING + 4, 0x88776655u, 0x6));
  EXPECT_OK(finish());
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 7u);
  Bytes want(kDefaultArena, 0);
  const uint8_t got[7] = {0x11, 0, 0x33, 0, 0, 0x66, 0x77};
  std::copy(got, got + 7, want.begin() + 16);
  EXPECT_EQ(arena_of(l.lease_id), want);
}

TEST_F(Stream, CompleteWordsAndArgumentsRefuseWritesWhileItRuns) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  const Bytes data = pattern(32, 40);
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 0, 32)));
  ASSERT_NO_FATAL_FAILURE(send(data, 0, 12));  // 64-bit word 0 complete
  EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(FBMU_WIN_STAGING, 0xFFFFFFFFu));
  EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(FBMU_WIN_STAGING + 4, 0xFFFFFFFFu));
  EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(FBMU_REG_ARG_LEN, 1));
  EXPECT_RC(FBMU_E_BUS_ERROR, reg_write(FBMU_REG_CMD, FBMU_OP_HELLO));
  ASSERT_NO_FATAL_FAILURE(send(data, 12, 32));
  EXPECT_OK(finish());
  EXPECT_EQ(reg_read(FBMU_REG_ARG_LEN), 32u);
  Bytes want(kDefaultArena, 0);
  std::copy(data.begin(), data.end(), want.begin());
  EXPECT_EQ(arena_of(l.lease_id), want);
}

TEST_F(Stream, PlatformRequestWaitsForTheStreamToTimeOut) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  const Bytes data = pattern(64, 90);
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 0, 64)));
  ASSERT_NO_FATAL_FAILURE(send(data, 0, 16));  // two words complete: 16 bytes landed
  ASSERT_OK(target->inject_fault(FBMU_FAULT_CLEAR_ALL));
  EXPECT_RC(FBMU_E_TIMEOUT, finish());
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 16u);
  // A time step waits the same way, and the stream ran under the time of its CMD write.
  const Bytes rest(data.begin() + 16, data.end());
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 16, 48)));
  ASSERT_NO_FATAL_FAILURE(send(rest, 0, 24));  // 24 bytes sent: 3 words complete
  ASSERT_OK(target->advance_time(1));
  EXPECT_RC(FBMU_E_TIMEOUT, finish());
  EXPECT_EQ(reg_read(FBMU_REG_RES_LEN), 24u);
  Bytes want(kDefaultArena, 0);
  std::copy(data.begin(), data.begin() + 40, want.begin());
  EXPECT_EQ(arena_of(l.lease_id), want);
}

TEST_F(Stream, ResetInTheMiddleOfAStreamLeavesNoLeaseAndZeroMemory) {
  fbmu_lease_info_t l = alloc_ok(kDefaultArena);
  ASSERT_TRUE(xfer(start_lease(l.lease_id, 0, 256)));
  ASSERT_NO_FATAL_FAILURE(send(pattern(256, 5), 0, 100));
  EXPECT_TRUE(xfer(reg_read(FBMU_REG_STATUS)));
  target->idle_cycles(8);  // the reset lands in the stream, not in a bus transaction
  ASSERT_OK(target->reset());
  fbmu_lease_info_t q{};
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_query(dev, l.lease_id, &q));
  EXPECT_FALSE(reg_read(FBMU_REG_STATUS) & FBMU_STATUS_BUSY_MASK);
  EXPECT_EQ(reg_read(FBMU_WIN_STAGING), 0u);
  Bytes mem(target->mem_bytes());
  ASSERT_OK(target->peek_mem(0, mem.data(), target->mem_bytes()));
  EXPECT_EQ(mem, Bytes(target->mem_bytes(), 0));
}

}  // namespace
}  // namespace fbmu_test
