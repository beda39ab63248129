// Bus-level facts of the RTL (spec section 12) through the DPI AXI4-Lite master: every request gets
// exactly one response, error responses change nothing, commands are refused while busy, the low
// address bits are ignored and WSTRB selects bytes, and a hung bus gives Disconnected. Block
// transfers (the bus's read_block/write_block) run one word per cycle and keep all of that, also
// with the master throttled (random ready drops, AW and W on different edges).
#include "ro_registers.h"
#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

// Registers software may write; a snapshot of them shows that a refused write changed nothing.
const uint32_t kRwRegs[] = {FBMU_REG_ARG_ID_0,  FBMU_REG_ARG_ID_1, FBMU_REG_ARG_ID_2,
                            FBMU_REG_ARG_ID_3,  FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI,
                            FBMU_REG_ARG_B_LO,  FBMU_REG_ARG_B_HI, FBMU_REG_ARG_LEN,
                            FBMU_REG_IRQ_ENABLE};

// Holes of the register page (registers end at RESET_EPOCH_HI, 0x09C; STAGING starts at 0x1000).
const uint32_t kUnmapped[] = {0x028, 0x02C, 0x054, 0x058, 0x05C, 0x088,
                              0x08C, 0x0A0, 0x0FC, 0x100, 0x800, 0xFFC};

class BusTest : public SimTest {
 protected:
  std::vector<uint32_t> snapshot() {
    std::vector<uint32_t> v;
    for (uint32_t a : kRwRegs) v.push_back(rd_ok(a));
    v.push_back(rd_ok(FBMU_WIN_STAGING));
    v.push_back(rd_ok(FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE - 4));
    return v;
  }
  void fill_rw() {
    uint32_t k = 0x1234;
    for (uint32_t a : kRwRegs) wr_ok(a, a == FBMU_REG_IRQ_ENABLE ? 1u : (k += 0x1111));
    wr_ok(FBMU_WIN_STAGING, 0xA5A5A5A5u);
    wr_ok(FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE - 4, 0x5A5A5A5Au);
  }
};

TEST_F(BusTest, IdRegisterReadsFbmu) { EXPECT_EQ(rd_ok(FBMU_REG_ID), FBMU_ID_VALUE); }

TEST_F(BusTest, UnmappedAddressGivesErrorResponseAndReadsZero) {
  for (uint32_t a : kUnmapped) {
    uint32_t v = 0xDEADBEEFu;
    EXPECT_RC(FBMU_E_BUS_ERROR, rd(a, &v)) << std::hex << a;
    EXPECT_EQ(v, 0u) << std::hex << a;
  }
}

TEST_F(BusTest, UnmappedWriteGivesErrorResponseAndChangesNothing) {
  fill_rw();
  std::vector<uint32_t> before = snapshot();
  for (uint32_t a : kUnmapped) EXPECT_RC(FBMU_E_BUS_ERROR, wr(a, 0xFFFFFFFFu)) << std::hex << a;
  EXPECT_EQ(snapshot(), before);
}

TEST_F(BusTest, WriteToReadOnlyRegisterGivesErrorResponseAndChangesNothing) {
  fill_rw();
  std::vector<uint32_t> rw_before = snapshot();
  for (uint32_t a : fbmu_test::kReadOnlyRegs) {
    uint32_t before = rd_ok(a);
    EXPECT_RC(FBMU_E_BUS_ERROR, wr(a, ~before)) << std::hex << a;
    EXPECT_EQ(rd_ok(a), before) << std::hex << a;
  }
  EXPECT_EQ(snapshot(), rw_before);
  EXPECT_FALSE(busy());  // a refused write to STATUS or CMD-like registers starts nothing
}

TEST_F(BusTest, AddressAboveTheUnitsWindowGivesErrorWithoutATransaction) {
  const fbmu_bridge_stats_t before = *fbmu_bridge_stats(fbmu_sim_bridge(sim));
  uint32_t v = 0xDEADBEEFu;
  EXPECT_RC(FBMU_E_BUS_ERROR, rd(FBMU_BRIDGE_ADDR_SPACE + FBMU_REG_ID, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_BRIDGE_ADDR_SPACE + FBMU_REG_ARG_LEN, 1));
  const fbmu_bridge_stats_t &after = *fbmu_bridge_stats(fbmu_sim_bridge(sim));
  EXPECT_EQ(after.reads, before.reads);
  EXPECT_EQ(after.writes, before.writes);
  EXPECT_EQ(after.out_of_space, before.out_of_space + 2);
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 0u);  // no alias of 0x2050 onto ARG_LEN
}

TEST_F(BusTest, LowAddressBitsAreIgnored) {
  for (uint32_t off = 1; off < 4; ++off) EXPECT_EQ(rd_ok(FBMU_REG_ID + off), FBMU_ID_VALUE) << off;
  wr_ok(FBMU_REG_ARG_A_LO + 3, 0x11223344u);
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_A_LO), 0x11223344u);
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_A_HI), 0u);  // not spilled into the next word
  wr_ok(FBMU_WIN_STAGING + 8 + 2, 0xCAFEF00Du);
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 8), 0xCAFEF00Du);
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 8 + 1), 0xCAFEF00Du);
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 12), 0u);
}

TEST_F(BusTest, StagingWritesHonourWstrb) {
  wr_ok(FBMU_WIN_STAGING + 16, 0x44332211u);
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_WIN_STAGING + 16, 0xAABBCCDDu, 0x4));
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 16), 0x44BB2211u);
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_WIN_STAGING + 16, 0xAABBCCDDu, 0x9));
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 16), 0xAABB22DDu);
  // Byte-offset address plus a single strobe: the byte lane, not the address, picks the byte.
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_WIN_STAGING + 16 + 1, 0x0000EE00u, 0x2));
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 16), 0xAABBEEDDu);
}

TEST_F(BusTest, UnalignedLeasedWriteLandsExactlyWhereAsked) {
  fbmu_lease_info_t l = alloc_ok();
  const Bytes data = pattern(13, 7);
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 5, data.data(), static_cast<uint32_t>(data.size())));
  Bytes got = read_lease_ok(l.lease_id, 0, 24);
  ASSERT_EQ(got.size(), 24u);
  for (size_t i = 0; i < got.size(); ++i) {
    uint8_t want = (i >= 5 && i < 5 + data.size()) ? data[i - 5] : 0;
    EXPECT_EQ(got[i], want) << "byte " << i;
  }
  // Odd offset and odd length on the way back too.
  Bytes mid = read_lease_ok(l.lease_id, 7, 3);
  EXPECT_EQ(mid, Bytes(data.begin() + 2, data.begin() + 5));
}

// Reset clears every word of the STAGING window (spec section 11), the last one included.
TEST_F(BusTest, ResetClearsEveryWordOfStaging) {
  for (uint32_t a = 0; a < FBMU_WIN_STAGING_SIZE; a += 4) wr_ok(FBMU_WIN_STAGING + a, ~a);
  ASSERT_OK(fbmu_sim_reset(sim));
  for (uint32_t a = 0; a < FBMU_WIN_STAGING_SIZE; a += 4) {
    EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + a), 0u) << "STAGING + 0x" << std::hex << a;
  }
}

// WSTRB holds for the rw registers as for STAGING (spec section 12): only strobed bytes change.
TEST_F(BusTest, WstrbWritesOnlyTheStrobedBytesOfAnArgRegister) {
  wr_ok(FBMU_REG_ARG_LEN, 0x11223344u);
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_REG_ARG_LEN, 0xAABBCCDDu, 0x1));
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 0x112233DDu);
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_REG_ARG_LEN, 0xAABBCCDDu, 0xA));
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 0xAA22CCDDu);
  EXPECT_OK(fbmu_sim_write32_strb(sim, FBMU_REG_ARG_ID_2, 0x55667788u, 0x4));
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_ID_2), 0x00660000u);
}

// The two error responses are told apart on the bus (spec section 12): a write to a read-only
// register is SLVERR, an access to an unmapped address DECERR; the driver sees both as BusError.
TEST_F(BusTest, ReadOnlyWriteIsSlverrAndUnmappedAccessIsDecerr) {
  fbmu_bridge_t *br = fbmu_sim_bridge(sim);
  uint32_t v = 0;
  uint8_t resp = 0xFF;
  for (uint32_t ro : fbmu_test::kReadOnlyRegs) {
    EXPECT_RC(FBMU_E_BUS_ERROR, fbmu_bridge_transact(br, 1, ro, 0xFFFFFFFFu, 0xF, nullptr, &resp));
    EXPECT_EQ(resp, FBMU_AXI_SLVERR) << "write to read-only 0x" << std::hex << ro;
    EXPECT_RC(FBMU_OK, fbmu_bridge_transact(br, 0, ro, 0, 0, &v, &resp));
    EXPECT_EQ(resp, FBMU_AXI_OKAY) << "read of 0x" << std::hex << ro;
  }
  for (uint32_t a : kUnmapped) {
    EXPECT_RC(FBMU_E_BUS_ERROR, fbmu_bridge_transact(br, 1, a, 1, 0xF, nullptr, &resp));
    EXPECT_EQ(resp, FBMU_AXI_DECERR) << "write to unmapped 0x" << std::hex << a;
    EXPECT_RC(FBMU_E_BUS_ERROR, fbmu_bridge_transact(br, 0, a, 0, 0, &v, &resp));
    EXPECT_EQ(resp, FBMU_AXI_DECERR) << "read of unmapped 0x" << std::hex << a;
  }
}

// A refused CMD write has no effect (spec section 12): CMD keeps reading the opcode of the command
// that runs, during and after it, whatever opcode the refused write carried.
TEST_F(BusTest, RefusedCommandWriteLeavesCmdHoldingTheRunningOpcode) {
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 65536));
  fbmu_lease_info_t l = alloc_ok();
  write_id_args(l.lease_id);
  wr_ok(FBMU_REG_CMD, FBMU_OP_FREE);
  ASSERT_TRUE(busy());
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_CMD, FBMU_OP_QUERY));
  EXPECT_EQ(rd_ok(FBMU_REG_CMD), static_cast<uint32_t>(FBMU_OP_FREE));
  ASSERT_TRUE(busy()) << "the FREE finished before the refused write was checked";
  EXPECT_RC(FBMU_OK, wait_result());
  EXPECT_EQ(rd_ok(FBMU_REG_CMD), static_cast<uint32_t>(FBMU_OP_FREE));
}

// A FREE of a 64 KiB lease runs for arena_size/8 cycles of zeroing; CMD, ARG and STAGING writes
// arriving meanwhile are refused with SLVERR and the FREE completes untouched. (STAGING reads zero:
// the FREE cleared it when it started.)
TEST_F(BusTest, CommandWhileBusyGivesErrorResponseAndRunningCommandIsIntact) {
  ASSERT_OK(fbmu_sim_set_arena_size(sim, 65536));
  fbmu_lease_info_t l = alloc_ok();
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, "tenant", 6));
  write_id_args(l.lease_id);
  wr_ok(FBMU_REG_ARG_LEN, 0x55u);
  wr_ok(FBMU_WIN_STAGING, 0x01020304u);
  const uint64_t c0 = fbmu_sim_cycles(sim);
  wr_ok(FBMU_REG_CMD, FBMU_OP_FREE);
  ASSERT_TRUE(busy());

  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_CMD, FBMU_OP_QUERY));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_CMD, FBMU_OP_ALLOC));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_ARG_ID_0, 0));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_ARG_ID_3, 0));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_ARG_A_LO, 1));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_ARG_B_HI, 1));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_REG_ARG_LEN, 0x77u));
  EXPECT_RC(FBMU_E_BUS_ERROR, wr(FBMU_WIN_STAGING, 0xFFFFFFFFu));
  EXPECT_RC(FBMU_E_BUS_ERROR, fbmu_sim_write32_strb(sim, FBMU_WIN_STAGING, 0xFFFFFFFFu, 0x1));
  // Reads stay allowed while busy, and the driver's own command waits instead of colliding.
  // The FREE cleared STAGING when it started (spec section 7); the refused writes left it so.
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 0x55u);
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING), 0u);
  ASSERT_TRUE(busy()) << "the FREE finished before the refused writes were all tried";

  EXPECT_RC(FBMU_OK, wait_result());
  EXPECT_GE(fbmu_sim_cycles(sim) - c0, 65536u / 32) << "zeroing a 64 KiB arena took too few cycles";
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 0x55u);
  EXPECT_EQ(rd_ok(FBMU_WIN_STAGING), 0u);
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_ID_0), static_cast<uint32_t>(l.lease_id.lo));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_REVOKED);
  fbmu_event_t ev{};
  ASSERT_OK(fbmu_read_event(dev, &ev));
  EXPECT_EQ(ev.kind, FBMU_EVENT_REVOKED);
  EXPECT_TRUE(same_id(ev.lease_id, l.lease_id));
  EXPECT_RC(FBMU_E_NOT_FOUND, fbmu_read_event(dev, &ev));  // the refused CMDs started nothing
  // The frame came back zeroed.
  fbmu_lease_info_t l2 = alloc_ok();
  EXPECT_TRUE(all_zero(read_lease_ok(l2.lease_id, 0, 64)));
}

TEST_F(BusTest, HungBusGivesDisconnectedWithinTheBound) {
  fbmu_sim_bus_stall(sim, 1);
  uint64_t c0 = fbmu_sim_cycles(sim);
  uint32_t v = 0;
  EXPECT_RC(FBMU_E_DISCONNECTED, rd(FBMU_REG_ID, &v));
  EXPECT_EQ(fbmu_sim_cycles(sim) - c0, 1000u);  // bus_timeout_cycles 0 means 1000
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_hello(dev));
  fbmu_lease_info_t info{};
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_alloc(dev, 0, 10, &info));
  EXPECT_GE(fbmu_bridge_stats(fbmu_sim_bridge(sim))->timeouts, 3u);

  // Released, the bus works again and no late response is mistaken for a new one.
  fbmu_sim_bus_stall(sim, 0);
  EXPECT_EQ(rd_ok(FBMU_REG_ID), FBMU_ID_VALUE);
  EXPECT_EQ(rd_ok(FBMU_REG_CAP_MEM_BYTES), fbmu_sim_mem_bytes(sim));
  EXPECT_GE(fbmu_bridge_stats(fbmu_sim_bridge(sim))->stale_responses, 1u);
  EXPECT_OK(fbmu_hello(dev));
}

TEST_F(BusTest, AbandonedWriteStillCompletesOnceTheBusRecovers) {
  // AXI cannot withdraw a raised valid: the write that timed out lands when the bus moves again.
  fbmu_sim_bus_stall(sim, 1);
  EXPECT_RC(FBMU_E_DISCONNECTED, wr(FBMU_REG_ARG_LEN, 77));
  fbmu_sim_bus_stall(sim, 0);
  EXPECT_EQ(rd_ok(FBMU_REG_ARG_LEN), 77u);
}

TEST(BusTimeout, ConfiguredBoundIsTheCyclesOneTransactionMayTake) {
  fbmu_sim_config_t c{};
  c.bus_timeout_cycles = 37;
  fbmu_sim_t *s = fbmu_sim_create(&c);
  ASSERT_NE(s, nullptr);
  const fbmu_bus_t *b = fbmu_sim_bus(s);
  fbmu_sim_bus_stall(s, 1);
  uint64_t c0 = fbmu_sim_cycles(s);
  uint32_t v = 0;
  EXPECT_RC(FBMU_E_DISCONNECTED, b->read32(b->ctx, FBMU_REG_ID, &v));
  EXPECT_EQ(fbmu_sim_cycles(s) - c0, 37u);
  fbmu_sim_destroy(s);
}

// Back-to-back accesses through the bridge take two clock cycles each (request on the wires at one
// edge, response at the next, next request taken on the same edge): the cycle count is
// deterministic.
TEST_F(BusTest, BackToBackRegisterAccessesTakeTwoCyclesEach) {
  const int n = 200;
  uint64_t c0 = fbmu_sim_cycles(sim);
  for (int i = 0; i < n; ++i) rd_ok(FBMU_REG_STATUS);
  double per_read = double(fbmu_sim_cycles(sim) - c0) / n;
  c0 = fbmu_sim_cycles(sim);
  for (int i = 0; i < n; ++i) wr_ok(FBMU_REG_ARG_LEN, static_cast<uint32_t>(i));
  double per_write = double(fbmu_sim_cycles(sim) - c0) / n;
  RecordProperty("cycles_per_read32", std::to_string(per_read));
  RecordProperty("cycles_per_write32", std::to_string(per_write));
  EXPECT_LE(per_read, 2.0);
  EXPECT_LE(per_write, 2.0);
}

// ---- Block transfers ----------------------------------------------------------------------------

std::vector<uint32_t> words_of(size_t n, uint32_t salt) {
  std::vector<uint32_t> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = static_cast<uint32_t>(i * 0x9E3779B1u + salt);
  return w;
}

class BusBlockTest : public BusTest {
 protected:
  int rd_block(uint32_t addr, uint32_t *v, uint32_t n) {
    return bus->read_block(bus->ctx, addr, v, n);
  }
  int wr_block(uint32_t addr, const uint32_t *v, uint32_t n) {
    return bus->write_block(bus->ctx, addr, v, n);
  }
  const fbmu_bridge_stats_t &stats() { return *fbmu_bridge_stats(fbmu_sim_bridge(sim)); }
};

TEST_F(BusBlockTest, TheSimulationBusOffersBlockCallbacks) {
  EXPECT_NE(bus->read_block, nullptr);
  EXPECT_NE(bus->write_block, nullptr);
}

// The whole STAGING window written and read back as blocks, one word per cycle (plus the pipeline's
// fill), and every word the same as a single read sees.
TEST_F(BusBlockTest, StagingWindowRoundTripsAtOneWordPerCycle) {
  const uint32_t n = FBMU_WIN_STAGING_SIZE / 4;
  const std::vector<uint32_t> w = words_of(n, 7);
  std::vector<uint32_t> r(n + 1, 0xEEEEEEEEu);
  uint64_t c0 = fbmu_sim_cycles(sim);
  ASSERT_OK(wr_block(FBMU_WIN_STAGING, w.data(), n));
  const uint64_t write_cycles = fbmu_sim_cycles(sim) - c0;
  c0 = fbmu_sim_cycles(sim);
  ASSERT_OK(rd_block(FBMU_WIN_STAGING, r.data(), n));
  const uint64_t read_cycles = fbmu_sim_cycles(sim) - c0;
  RecordProperty("cycles_per_block_write_word",
                 std::to_string(static_cast<double>(write_cycles) / n));
  RecordProperty("cycles_per_block_read_word",
                 std::to_string(static_cast<double>(read_cycles) / n));
  EXPECT_LE(write_cycles, n + 2u);
  EXPECT_LE(read_cycles, n + 2u);
  EXPECT_EQ(r[n], 0xEEEEEEEEu) << "a word past the block was written";
  r.resize(n);
  EXPECT_EQ(r, w);
  for (uint32_t i : {0u, 1u, 511u, n - 1}) EXPECT_EQ(rd_ok(FBMU_WIN_STAGING + 4 * i), w[i]) << i;
  EXPECT_GE(stats().blocks, 2u);
}

// Error responses inside a block: every word still answered, the first error returned, the OKAY
// words' data correct and the refused writes without effect.
TEST_F(BusBlockTest, ErrorResponseInsideABlockIsReturnedAndTheOtherWordsComplete) {
  // ARG_A_LO .. 0x05C: ARG_A_LO/HI, ARG_B_LO/HI, ARG_LEN, then the holes 0x054..0x05C.
  const uint32_t base = FBMU_REG_ARG_A_LO;
  const uint32_t n = (0x060u - base) / 4;
  const std::vector<uint32_t> w = words_of(n, 3);
  const uint64_t errs = stats().error_responses;
  EXPECT_RC(FBMU_E_BUS_ERROR, wr_block(base, w.data(), n));
  EXPECT_EQ(stats().error_responses - errs, 3u);  // 0x054, 0x058, 0x05C
  std::vector<uint32_t> r(n, 0xEEEEEEEEu);
  EXPECT_RC(FBMU_E_BUS_ERROR, rd_block(base, r.data(), n));
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t a = base + 4 * i;
    if (a <= FBMU_REG_ARG_LEN) {
      EXPECT_EQ(r[i], w[i]) << std::hex << a;
      EXPECT_EQ(rd_ok(a), w[i]) << std::hex << a;
    } else {
      EXPECT_EQ(r[i], 0u) << std::hex << a;  // unmapped: DECERR, data 0
    }
  }
}

// A block running past the unit's window: the words inside go over the bus, the rest get DECERR
// from the bridge without a transaction.
TEST_F(BusBlockTest, BlockCrossingTheEndOfTheWindowGetsDecerrOnlyBeyondIt) {
  const uint32_t end = FBMU_WIN_STAGING + FBMU_WIN_STAGING_SIZE;
  ASSERT_EQ(end, FBMU_BRIDGE_ADDR_SPACE);
  const std::vector<uint32_t> w = words_of(4, 11);
  const fbmu_bridge_stats_t before = stats();
  EXPECT_RC(FBMU_E_BUS_ERROR, wr_block(end - 8, w.data(), 4));
  EXPECT_EQ(stats().writes - before.writes, 2u);
  EXPECT_EQ(stats().out_of_space - before.out_of_space, 2u);
  std::vector<uint32_t> r(4, 0xEEEEEEEEu);
  EXPECT_RC(FBMU_E_BUS_ERROR, rd_block(end - 8, r.data(), 4));
  EXPECT_EQ(r, (std::vector<uint32_t>{w[0], w[1], 0u, 0u}));
  EXPECT_OK(rd_block(end, r.data(), 0));  // an empty block does nothing
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, rd_block(end, nullptr, 1));
}

// A hung bus in the middle of a block: Disconnected within the bound, the rest abandoned; once the
// bus moves again the late responses are dropped and blocks and single accesses work.
TEST_F(BusBlockTest, HungBusDuringABlockGivesDisconnectedAndRecovers) {
  const uint32_t n = 64;
  const std::vector<uint32_t> w = words_of(n, 5);
  std::vector<uint32_t> r(n);
  fbmu_sim_bus_stall(sim, 1);
  const uint64_t c0 = fbmu_sim_cycles(sim);
  EXPECT_RC(FBMU_E_DISCONNECTED, rd_block(FBMU_WIN_STAGING, r.data(), n));
  EXPECT_EQ(fbmu_sim_cycles(sim) - c0, 1000u);  // no response at all: one bound
  fbmu_sim_bus_stall(sim, 0);
  ASSERT_OK(wr_block(FBMU_WIN_STAGING, w.data(), n));
  ASSERT_OK(rd_block(FBMU_WIN_STAGING, r.data(), n));
  EXPECT_EQ(r, w);
  EXPECT_GE(stats().stale_responses, 1u);
  EXPECT_EQ(rd_ok(FBMU_REG_ID), FBMU_ID_VALUE);
}

// Throttled master: BREADY/RREADY dropped at random, requests skipped, AW and W raised on different
// edges, so the slave holds B and R, fills its skid places and pairs AW and W that arrive apart.
// Single accesses, blocks and the driver's leased transfers keep every value.
TEST_F(BusBlockTest, ThrottledMasterKeepsEveryValue) {
  for (uint32_t seed : {1u, 0x2545F491u, 0xDEADBEEFu}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    fbmu_bridge_throttle(fbmu_sim_bridge(sim), seed);
    const uint32_t n = 300;
    const std::vector<uint32_t> w = words_of(n, seed);
    std::vector<uint32_t> r(n);
    const uint64_t c0 = fbmu_sim_cycles(sim);
    ASSERT_OK(wr_block(FBMU_WIN_STAGING + 64, w.data(), n));
    ASSERT_OK(rd_block(FBMU_WIN_STAGING + 64, r.data(), n));
    EXPECT_EQ(r, w);
    EXPECT_GT(fbmu_sim_cycles(sim) - c0, 2u * (n + 2)) << "throttling did not slow the bus";
    for (uint32_t i = 0; i < 20; ++i) wr_ok(FBMU_REG_ARG_A_LO + 4 * (i % 5), w[i]);
    for (uint32_t i = 15; i < 20; ++i) EXPECT_EQ(rd_ok(FBMU_REG_ARG_A_LO + 4 * (i % 5)), w[i]);
    fbmu_lease_info_t l = alloc_ok(4096);
    const Bytes data = pattern(4096, seed);
    ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, data.data(), 4096));
    EXPECT_EQ(read_lease_ok(l.lease_id, 0, 4096), data);
    ASSERT_OK(fbmu_free(dev, l.lease_id));
  }
  fbmu_bridge_throttle(fbmu_sim_bridge(sim), 0);
  uint64_t c0 = fbmu_sim_cycles(sim);
  for (int i = 0; i < 50; ++i) rd_ok(FBMU_REG_STATUS);
  EXPECT_EQ(fbmu_sim_cycles(sim) - c0, 100u) << "full speed again: two cycles per access";
}

// A 4 KiB leased read and write through the driver's block path, bytes per cycle of the call.
TEST_F(BusBlockTest, LeasedFourKibTransfersUseTheBlockPath) {
  fbmu_lease_info_t l = alloc_ok(4096);
  const Bytes data = pattern(4096, 9);
  const uint64_t blocks = stats().blocks;
  uint64_t c0 = fbmu_sim_cycles(sim);
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, data.data(), 4096));
  const uint64_t wc = fbmu_sim_cycles(sim) - c0;
  c0 = fbmu_sim_cycles(sim);
  EXPECT_EQ(read_lease_ok(l.lease_id, 0, 4096), data);
  const uint64_t rc = fbmu_sim_cycles(sim) - c0;
  EXPECT_EQ(stats().blocks - blocks, 8u);  // 4 KiB = 4 blocks of 256 words, each way
  RecordProperty("leased_write_4k_bytes_per_cycle",
                 std::to_string(4096.0 / static_cast<double>(wc)));
  RecordProperty("leased_read_4k_bytes_per_cycle",
                 std::to_string(4096.0 / static_cast<double>(rc)));
  // The bus moves 4 B/cycle; the copy engine's 512 cycles and the command's setup come on top.
  EXPECT_LT(wc, 1024u + 512u + 200u);
  EXPECT_LT(rc, 1024u + 512u + 200u);
}

}  // namespace
}  // namespace fbmu_simtest
