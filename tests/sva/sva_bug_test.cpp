// The RTL assertions (rtl/sva/) against deliberately broken RTL: built twice, each time linked to a
// Verilated variant with one FBMU_BUG_* define (sim/lockstep/CMakeLists.txt). A short driver
// sequence reaches the bug; the assertion that guards the broken rule must fire, print its name
// and stop the simulation (later calls give Disconnected). Every other RTL suite runs the same
// assertions on the correct RTL, where none fires.
//   FBMU_SVA_BUG_SKIP_ZEROING: teardown frees a frame without zeroing it.
//   FBMU_SVA_BUG_EXPIRY_GT:    the lease table's expiry compare uses > instead of >=.
#include <cstdio>
#include <string>

#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

class SvaBugTest : public SimTest {
 protected:
  void SetUp() override {
    ::testing::internal::CaptureStdout();  // Verilator prints assertion failures on stdout
    SimTest::SetUp();
  }
  // Stdout of the simulation so far (and echoed, so a failing test shows it).
  std::string output() { return fbmu_test::TakeCapturedStdout(); }
  // The line Verilator prints for a failing assertion of the named checker instance and label.
  static std::string failure_of(const std::string &where) {
    return "Assertion failed in TOP.fbmu_tb.u_dut." + where;
  }
};

#if defined(FBMU_SVA_BUG_SKIP_ZEROING)
TEST_F(SvaBugTest, TeardownWithoutZeroingFiresFrameFreedOnlyAfterZeroed) {
  fbmu_lease_info_t lease{};
  ASSERT_OK(fbmu_alloc(dev, 4096, 60, &lease));
  ASSERT_OK(fbmu_write_lease(dev, lease.lease_id, 0, pattern(64, 7).data(), 64));
  const int rc = fbmu_free(dev, lease.lease_id);  // its teardown gives the frame back unzeroed
  const std::string out = output();
  EXPECT_NE(out.find(failure_of("u_td.u_sva.FrameFreedOnlyAfterZeroed")), std::string::npos);
  EXPECT_NE(out.find("after zeroing 0 of its 128 rows"), std::string::npos);
  EXPECT_RC(FBMU_E_DISCONNECTED, rc);  // the assertion stopped the simulation
}
#elif defined(FBMU_SVA_BUG_EXPIRY_GT)
TEST_F(SvaBugTest, AccessAtTheExpirySecondFiresLeaseCopyOnlyWhileLive) {
  fbmu_lease_info_t lease{};
  ASSERT_OK(fbmu_alloc(dev, 4096, 10, &lease));
  ASSERT_OK(fbmu_sim_set_time(sim, lease.expires_at_unix_secs));  // now == expires_at: ended
  const int rc = fbmu_write_lease(dev, lease.lease_id, 0, pattern(8, 3).data(), 8);
  const std::string out = output();
  EXPECT_NE(out.find(failure_of("u_cmd.u_sva.LeaseCopyOnlyWhileLive")), std::string::npos);
  EXPECT_NE(rc, FBMU_OK);
}
#else
#error "define FBMU_SVA_BUG_SKIP_ZEROING or FBMU_SVA_BUG_EXPIRY_GT"
#endif

}  // namespace
}  // namespace fbmu_simtest
