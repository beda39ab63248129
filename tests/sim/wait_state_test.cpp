// Waits inside the RTL that only a tight schedule reaches: an ALLOC issued while the id generator
// still computes the next id (fbmu_id_gen takes about nine cycles per id), and a platform request
// made while a teardown runs (the platform controller drains the lease table first).
#include "sim/sim_fixture.h"

namespace fbmu_simtest {
namespace {

class WaitStateTest : public SimTest {
 protected:
  // ALLOC of a 300 s lease, register by register, without waiting for the result.
  void post_alloc() {
    wr_ok(FBMU_REG_ARG_A_LO, 0);
    wr_ok(FBMU_REG_ARG_A_HI, 0);
    wr_ok(FBMU_REG_ARG_B_LO, 300);
    wr_ok(FBMU_REG_ARG_B_HI, 0);
    wr_ok(FBMU_REG_CMD, FBMU_OP_ALLOC);
  }
  fbmu_lease_id_t result_id() {
    fbmu_lease_id_t id{};
    id.lo = rd_ok(FBMU_REG_RES_ID_0) | uint64_t{rd_ok(FBMU_REG_RES_ID_1)} << 32;
    id.hi = rd_ok(FBMU_REG_RES_ID_2) | uint64_t{rd_ok(FBMU_REG_RES_ID_3)} << 32;
    return id;
  }
};

// An ALLOC's CMD write, repeated while the previous ALLOC runs (each refused write is an error
// response, two cycles apart), is taken on the first cycle the unit is free again, before the
// next id is ready: it waits for that id. Its id is the third one of the seed, as a second
// simulation with the same seed gives for three ALLOCs one after another.
TEST_F(WaitStateTest, AllocRightAfterAllocWaitsForTheNextId) {
  fbmu_sim_config_t c = config();
  c.trace_path = nullptr;
  fbmu_sim_t *ref_sim = fbmu_sim_create(&c);
  ASSERT_NE(ref_sim, nullptr);
  fbmu_t *ref = nullptr;
  ASSERT_OK(fbmu_open(fbmu_sim_bus(ref_sim), &ref));
  fbmu_lease_info_t want[3]{};
  for (auto &w : want) EXPECT_OK(fbmu_alloc(ref, 0, 300, &w));
  fbmu_close(ref);
  fbmu_sim_destroy(ref_sim);

  const fbmu_lease_info_t first = alloc_ok(0, 300);
  EXPECT_TRUE(same_id(first.lease_id, want[0].lease_id));
  post_alloc();
  int refused = 0;
  while (refused < 1000 && wr(FBMU_REG_CMD, FBMU_OP_ALLOC) == FBMU_E_BUS_ERROR) ++refused;
  ASSERT_GE(refused, 1) << "the second ALLOC was over before the third was written";
  ASSERT_LT(refused, 1000) << "the unit stayed busy";
  ASSERT_EQ(wait_result(), FBMU_OK);
  const fbmu_lease_id_t third = result_id();
  EXPECT_TRUE(same_id(third, want[2].lease_id));
  EXPECT_FALSE(same_id(third, want[1].lease_id));
  EXPECT_EQ(status_of(want[1].lease_id), FBMU_LEASE_ACTIVE);
  EXPECT_EQ(status_of(third), FBMU_LEASE_ACTIVE);
}

// A platform request while an expiry's teardown zeroes the frame waits until it is done: the
// request's answer comes with the frame zero and the unit idle.
TEST_F(WaitStateTest, PlatformRequestDuringATeardownWaitsForIt) {
  fbmu_lease_info_t l = alloc_ok(0, 10);
  uint64_t arena = 0;
  const int64_t frame = fbmu_test::find_lease_frame(
      dev, l.lease_id, fbmu_sim_mem_bytes(sim),
      [this](uint64_t a, void *b, uint32_t n) { return fbmu_sim_peek_mem(sim, a, b, n); }, &arena);
  ASSERT_GE(frame, 1);
  const Bytes data = pattern(64, 3);
  ASSERT_OK(fbmu_write_lease(dev, l.lease_id, 0, data.data(), static_cast<uint32_t>(data.size())));
  ASSERT_OK(fbmu_sim_set_time_raw(sim, l.expires_at_unix_secs));  // the teardown starts
  ASSERT_OK(fbmu_sim_run(sim, 2));
  ASSERT_FALSE(fbmu_sim_idle(sim)) << "the teardown was over before the request";
  EXPECT_OK(fbmu_sim_fence_clear(sim));
  EXPECT_TRUE(fbmu_sim_idle(sim));
  Bytes mem(data.size());
  ASSERT_OK(fbmu_sim_peek_mem(sim, static_cast<uint64_t>(frame) * arena, mem.data(),
                              static_cast<uint32_t>(mem.size())));
  EXPECT_TRUE(all_zero(mem));
  EXPECT_EQ(status_of(l.lease_id), FBMU_LEASE_EXPIRED);
}

}  // namespace
}  // namespace fbmu_simtest
