// The harness's register backdoor (fbmu_sim_peek_reg) answers as a bus read would: every register,
// unmapped addresses and the refusal of STAGING, in the states a checker looks at the unit in
// (after reset, after commands that fill the result registers, with events pending, offline).
#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

using Backdoor = SimTest;

// Every word address below STAGING (mapped or not), with the low address bits set too, and two
// past the window: the backdoor's value and result code equal a bus read's.
void ExpectPeekMatchesBus(fbmu_sim_t *sim, const fbmu_bus_t *bus, const char *state) {
  SCOPED_TRACE(state);
  std::vector<uint32_t> addrs;
  for (uint32_t a = 0; a < FBMU_WIN_STAGING; a += 4u) addrs.push_back(a);
  addrs.insert(addrs.end(), {FBMU_REG_STATUS | 3u, FBMU_REG_RES_LEN | 1u, 0x2000u, 0x2FFCu});
  for (uint32_t a : addrs) {
    uint32_t front = 0, back = 0xDEADBEEFu;
    const int rc_front = bus->read32(bus->ctx, a, &front);
    const uint64_t cycles = fbmu_sim_cycles(sim);
    const int rc_back = fbmu_sim_peek_reg(sim, a, &back);
    EXPECT_EQ(fbmu_sim_cycles(sim), cycles) << "the backdoor ran the clock";
    EXPECT_EQ(rc_back, rc_front) << "address 0x" << std::hex << a;
    EXPECT_EQ(back, front) << "address 0x" << std::hex << a;
  }
}

TEST_F(Backdoor, RegisterPeekMatchesBusReadsInEveryState) {
  ExpectPeekMatchesBus(sim, bus, "after reset");

  fbmu_lease_info_t info{};
  ASSERT_OK(fbmu_alloc(dev, 4096, 2, &info));
  ASSERT_OK(fbmu_write_lease(dev, info.lease_id, 3, pattern(100).data(), 100));
  ExpectPeekMatchesBus(sim, bus, "after ALLOC and WRITE_LEASE (result registers, arguments)");

  fbmu_lease_info_t q{};
  ASSERT_OK(fbmu_query(dev, info.lease_id, &q));
  ASSERT_OK(bus->write32(bus->ctx, FBMU_REG_IRQ_ENABLE, 1u));
  ASSERT_OK(fbmu_sim_advance_time(sim, 5));  // the lease expires: an event is pending, irq high
  ExpectPeekMatchesBus(sim, bus, "event pending, IRQ enabled");

  ASSERT_OK(fbmu_sim_set_online(sim, 0));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_hello(dev));
  ExpectPeekMatchesBus(sim, bus, "offline, last command failed");
}

TEST_F(Backdoor, StagingIsNotReachedAndBadArgumentsAreRefused) {
  uint32_t v = 0;
  EXPECT_RC(FBMU_E_UNSUPPORTED, fbmu_sim_peek_reg(sim, FBMU_WIN_STAGING, &v));
  EXPECT_RC(FBMU_E_UNSUPPORTED, fbmu_sim_peek_reg(sim, FBMU_WIN_STAGING + 0xFFCu, &v));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_peek_reg(sim, FBMU_REG_STATUS, nullptr));
  EXPECT_RC(FBMU_E_INVALID_ARGUMENT, fbmu_sim_peek_reg(nullptr, FBMU_REG_STATUS, &v));
}

}  // namespace
}  // namespace fbmu_simtest
