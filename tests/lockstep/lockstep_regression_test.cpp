// Lockstep regression on the correct RTL: constrained-random op streams, one gtest case per seed so
// that ctest runs the seeds side by side and each case stays well under a minute.
//
// FBMU_LOCKSTEP_OPS (environment) changes the ops per seed, e.g. for a longer soak.
#include <cstdlib>

#include "lockstep_fixture.h"

namespace fbmu_lockstep_test {
namespace {

constexpr uint64_t kOpsPerSeed = 20000;

uint64_t OpsPerSeed() {
  const char *env = std::getenv("FBMU_LOCKSTEP_OPS");
  if (env && *env) {
    uint64_t v = std::strtoull(env, nullptr, 0);
    if (v) return v;
  }
  return kOpsPerSeed;
}

// One case per seed (not a parameterised suite: plain names for ctest and --gtest_filter).
#define FBMU_LOCKSTEP_SEED(n) \
  TEST_F(LockstepTest, RandomOpsSeed##n##AgreeWithModel) { RunSeed(n, OpsPerSeed()); }
FBMU_LOCKSTEP_SEED(1)
FBMU_LOCKSTEP_SEED(2)
FBMU_LOCKSTEP_SEED(3)
FBMU_LOCKSTEP_SEED(4)
FBMU_LOCKSTEP_SEED(5)
FBMU_LOCKSTEP_SEED(6)
FBMU_LOCKSTEP_SEED(7)
FBMU_LOCKSTEP_SEED(8)
FBMU_LOCKSTEP_SEED(9)
FBMU_LOCKSTEP_SEED(10)
FBMU_LOCKSTEP_SEED(11)
FBMU_LOCKSTEP_SEED(12)
FBMU_LOCKSTEP_SEED(13)
FBMU_LOCKSTEP_SEED(14)
FBMU_LOCKSTEP_SEED(15)
FBMU_LOCKSTEP_SEED(16)
FBMU_LOCKSTEP_SEED(17)
FBMU_LOCKSTEP_SEED(18)
FBMU_LOCKSTEP_SEED(19)
FBMU_LOCKSTEP_SEED(20)

}  // namespace
}  // namespace fbmu_lockstep_test
