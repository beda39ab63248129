// Byte strobes (docs/spec.md, "Byte strobes"): what a write with WSTRB other than 0xF does to each
// kind of register, on the model and on the RTL alike. A CMD write starts a command only when it
// strobes the opcode byte; without it nothing happens (it once re-ran the previous command on the
// RTL: a second lease from one ALLOC).
#include "fixture.h"

namespace fbmu_test {
namespace {

using Strobes = Conformance;

constexpr uint32_t kArgs[] = {
    FBMU_REG_ARG_ID_0, FBMU_REG_ARG_ID_1, FBMU_REG_ARG_ID_2, FBMU_REG_ARG_ID_3, FBMU_REG_ARG_A_LO,
    FBMU_REG_ARG_A_HI, FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, FBMU_REG_ARG_LEN,
};

// The bytes of val that strb enables, over old.
uint32_t merged(uint32_t old, uint32_t val, uint8_t strb) {
  uint32_t mask = 0;
  for (int i = 0; i < 4; i++)
    if (strb & (1u << i)) mask |= 0xFFu << (8 * i);
  return (old & ~mask) | (val & mask);
}

TEST_F(Strobes, CmdWriteWithoutTheOpcodeByteStartsNoCommand) {
  fbmu_lease_info_t first = alloc_ok(0, 300);
  const uint32_t status_before = reg_read(FBMU_REG_STATUS);
  for (uint8_t strb : {uint8_t{0x2}, uint8_t{0x4}, uint8_t{0x8}, uint8_t{0x6}, uint8_t{0xE}}) {
    ASSERT_OK(target->write32_strb(FBMU_REG_CMD, 0x03030300u, strb)) << int(strb);
    EXPECT_EQ(reg_read(FBMU_REG_STATUS), status_before) << int(strb);
    EXPECT_EQ(reg_read(FBMU_REG_CMD), static_cast<uint32_t>(FBMU_OP_ALLOC)) << int(strb);
  }
  // No lease was made behind the driver's back: the next ALLOC gets the second id of the seed
  // (the first is freed so that the smallest configuration has a frame for it).
  ASSERT_OK(fbmu_free(dev, first.lease_id));
  fbmu_lease_info_t second = alloc_ok(0, 300);
  EXPECT_EQ(first.lease_id, spec_ids::first_ids(kSeed, 2)[0]);
  EXPECT_EQ(second.lease_id, spec_ids::first_ids(kSeed, 2)[1]);
}

TEST_F(Strobes, CmdWriteWithTheOpcodeByteStartsTheCommandInIt) {
  ASSERT_OK(fbmu_hello(dev));
  const uint32_t arena = reg_read(FBMU_REG_ARENA_SIZE);
  ASSERT_OK(target->write32_strb(FBMU_REG_CMD, 0xFFFFFF00u | FBMU_OP_GET_ARENA_SIZE, 0x1));
  uint32_t status = FBMU_STATUS_BUSY_MASK;
  for (int i = 0; i < 100000 && (status & FBMU_STATUS_BUSY_MASK) != 0; ++i)
    status = reg_read(FBMU_REG_STATUS);
  ASSERT_EQ(status & FBMU_STATUS_BUSY_MASK, 0u);
  EXPECT_EQ((status & FBMU_STATUS_RESULT_MASK) >> FBMU_STATUS_RESULT_SHIFT, 0u);
  EXPECT_EQ(reg_read(FBMU_REG_CMD), static_cast<uint32_t>(FBMU_OP_GET_ARENA_SIZE));
  EXPECT_EQ(reg_read(FBMU_REG_RES_SIZE_LO), arena);
}

TEST_F(Strobes, ArgumentRegistersTakeOnlyTheStrobedBytes) {
  for (uint8_t strb = 1; strb < 16; strb++) {
    for (uint32_t a : kArgs) {
      ASSERT_OK(reg_write(a, 0x11223344u));
      ASSERT_OK(target->write32_strb(a, 0xAABBCCDDu, strb));
      EXPECT_EQ(reg_read(a), merged(0x11223344u, 0xAABBCCDDu, strb))
          << std::hex << a << " strb " << int(strb);
    }
  }
}

TEST_F(Strobes, IrqEnableChangesOnlyWhenItsByteIsStrobed) {
  ASSERT_OK(reg_write(FBMU_REG_IRQ_ENABLE, 1));
  ASSERT_OK(target->write32_strb(FBMU_REG_IRQ_ENABLE, 0, 0xE));
  EXPECT_EQ(reg_read(FBMU_REG_IRQ_ENABLE), 1u);
  ASSERT_OK(target->write32_strb(FBMU_REG_IRQ_ENABLE, 0, 0x1));
  EXPECT_EQ(reg_read(FBMU_REG_IRQ_ENABLE), 0u);
  ASSERT_OK(target->write32_strb(FBMU_REG_IRQ_ENABLE, 0xFFFFFF01u, 0x1));
  EXPECT_EQ(reg_read(FBMU_REG_IRQ_ENABLE), 1u);
}

TEST_F(Strobes, ReadOnlyRegistersRefuseEveryStrobePattern) {
  const uint32_t arena = reg_read(FBMU_REG_ARENA_SIZE);
  for (uint8_t strb = 1; strb < 16; strb++) {
    for (uint32_t a : {FBMU_REG_ID, FBMU_REG_ARENA_SIZE, FBMU_REG_STATUS, FBMU_REG_RES_ID_0,
                       FBMU_REG_EVT_COUNT}) {
      EXPECT_RC(FBMU_E_BUS_ERROR, target->write32_strb(a, 0u, strb)) << std::hex << a;
    }
    EXPECT_RC(FBMU_E_BUS_ERROR, target->write32_strb(0x200u, 0u, strb));  // unmapped
  }
  EXPECT_EQ(reg_read(FBMU_REG_ID), FBMU_ID_VALUE);
  EXPECT_EQ(reg_read(FBMU_REG_ARENA_SIZE), arena);
}

TEST_F(Strobes, StagingTakesOnlyTheStrobedBytes) {
  const uint32_t a = FBMU_WIN_STAGING + 64;
  for (uint8_t strb = 1; strb < 16; strb++) {
    ASSERT_OK(reg_write(a, 0x11223344u));
    ASSERT_OK(target->write32_strb(a, 0xAABBCCDDu, strb));
    EXPECT_EQ(reg_read(a), merged(0x11223344u, 0xAABBCCDDu, strb)) << int(strb);
  }
}

}  // namespace
}  // namespace fbmu_test
