// The bus as silicon sees it: the random-shape master (fbmu_sim_set_bus_seed) produces every bus
// shape it counts, and the AXI4-Lite protocol checkers (sim/axil_protocol_checker.sv, Verilator
// --assert) stay quiet on a correct bus and fire, by name, when the master breaks a rule on
// purpose.
#include "sim_fixture.h"

namespace fbmu_simtest {
namespace {

using BusCheckTest = SimTest;

// Driver traffic of every kind: register writes (some with partial strobes), commands, leased
// transfers through the block path.
void traffic(fbmu_sim_t *sim, fbmu_t *dev) {
  fbmu_lease_info_t info{};
  ASSERT_OK(fbmu_alloc(dev, 4096, 100, &info));
  const Bytes data = pattern(2048, 7);
  ASSERT_OK(fbmu_write_lease(dev, info.lease_id, 16, data.data(), 2048));
  Bytes back(2048);
  uint32_t n = 0;
  ASSERT_OK(fbmu_read_lease(dev, info.lease_id, 16, back.data(), 2048, &n));
  EXPECT_EQ(back, data);
  for (uint32_t i = 0; i < 40; ++i)
    ASSERT_OK(fbmu_sim_write32_strb(sim, FBMU_REG_ARG_A_LO, i * 0x01010101u,
                                    static_cast<uint8_t>(1u + i % 15u)));
  ASSERT_OK(fbmu_free(dev, info.lease_id));
}

TEST_F(BusCheckTest, RandomMasterMakesEveryBusShapeAndBreaksNoRule) {
  ASSERT_OK(fbmu_sim_set_bus_seed(sim, 0xC0FFEEu));
  ASSERT_NO_FATAL_FAILURE(traffic(sim, dev));
  fbmu_sim_bus_shapes_t s{};
  ASSERT_OK(fbmu_sim_bus_shapes(sim, &s));
  EXPECT_GT(s.aw_before_w, 0u);
  EXPECT_GT(s.w_before_aw, 0u);
  EXPECT_GT(s.aw_w_together, 0u);
  EXPECT_GT(s.b_backpressure, 0u);
  EXPECT_GT(s.r_backpressure, 0u);
  EXPECT_GT(s.read_during_write, 0u);
  EXPECT_GE(s.partial_strobe, 40u * 14u / 15u);
  uint64_t broken = 1;
  const char *rule = nullptr;
  ASSERT_OK(fbmu_sim_bus_protocol_errors(sim, &broken, &rule));
  EXPECT_EQ(broken, 0u) << rule;
  EXPECT_STREQ(rule, "");
}

TEST_F(BusCheckTest, InOrderMasterRaisesAwAndWTogetherWithoutBackPressure) {
  ASSERT_NO_FATAL_FAILURE(traffic(sim, dev));
  fbmu_sim_bus_shapes_t s{};
  ASSERT_OK(fbmu_sim_bus_shapes(sim, &s));
  EXPECT_GT(s.aw_w_together, 0u);
  EXPECT_EQ(s.aw_before_w, 0u);
  EXPECT_EQ(s.w_before_aw, 0u);
  EXPECT_EQ(s.b_backpressure, 0u);
  EXPECT_EQ(s.r_backpressure, 0u);
  EXPECT_EQ(s.read_during_write, 0u);
  EXPECT_GT(s.partial_strobe, 0u);
}

// The same random seed gives the same bus, cycle for cycle.
TEST_F(BusCheckTest, RandomShapesRepeatForTheSameSeed) {
  uint64_t cycles[2] = {};
  fbmu_sim_bus_shapes_t shapes[2] = {};
  for (int run = 0; run < 2; ++run) {
    if (run) {
      close();
      open(config());
    }
    ASSERT_OK(fbmu_sim_set_bus_seed(sim, 77u));
    const uint64_t c0 = fbmu_sim_cycles(sim);
    ASSERT_NO_FATAL_FAILURE(traffic(sim, dev));
    cycles[run] = fbmu_sim_cycles(sim) - c0;
    ASSERT_OK(fbmu_sim_bus_shapes(sim, &shapes[run]));
  }
  EXPECT_EQ(cycles[0], cycles[1]);
  EXPECT_EQ(shapes[0].aw_before_w, shapes[1].aw_before_w);
  EXPECT_EQ(shapes[0].read_during_write, shapes[1].read_during_write);
  EXPECT_EQ(shapes[0].b_backpressure, shapes[1].b_backpressure);
}

// A master that breaks a rule while the slave is not ready (held off here by the hung-bus hook):
// the checker at the master's port names the rule.
void expect_rule_fires(fbmu_sim_t *sim, uint32_t how, const char *want) {
  ASSERT_OK(fbmu_sim_bus_break_rule(sim, how));
  ASSERT_OK(fbmu_sim_bus_stall(sim, 1));
  EXPECT_RC(FBMU_E_DISCONNECTED, fbmu_sim_write32_strb(sim, FBMU_REG_ARG_LEN, 5, 0xF));
  uint64_t broken = 0;
  const char *rule = "";
  ASSERT_OK(fbmu_sim_bus_protocol_errors(sim, &broken, &rule));
  EXPECT_GT(broken, 0u);
  EXPECT_STREQ(rule, want);
}

TEST_F(BusCheckTest, CheckerNamesAValidWithdrawnBeforeItsReady) {
  breaks_rules_ = true;
  expect_rule_fires(sim, 1, "master port: awvalid_held");
}

TEST_F(BusCheckTest, CheckerNamesAPayloadChangedWhileWaiting) {
  breaks_rules_ = true;
  expect_rule_fires(sim, 2, "master port: awaddr_stable");
}

}  // namespace
}  // namespace fbmu_simtest
