// Checks every fbmu_platform_t provider must pass (the model's and the RTL harness's tables): all
// entries filled with ctx as given, and every entry failing cleanly on a NULL context.
#ifndef FBMU_TESTS_PLATFORM_CHECKS_H
#define FBMU_TESTS_PLATFORM_CHECKS_H

#include <gtest/gtest.h>

#include "fbmu_platform.h"

namespace fbmu_test {

inline void ExpectPlatformFilled(const fbmu_platform_t *p, void *ctx) {
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->ctx, ctx);
  EXPECT_NE(p->set_time, nullptr);
  EXPECT_NE(p->advance_time, nullptr);
  EXPECT_NE(p->set_arena_size, nullptr);
  EXPECT_NE(p->set_online, nullptr);
  EXPECT_NE(p->reset, nullptr);
  EXPECT_NE(p->fence_clear, nullptr);
  EXPECT_NE(p->inject_zero_fail, nullptr);
  EXPECT_NE(p->now, nullptr);
}

// A copy of a provider's table with its ctx cleared: every call gives FBMU_E_INVALID_ARGUMENT
// (now(): 0) and nothing crashes.
inline void ExpectPlatformRejectsNullCtx(const fbmu_platform_t *provided) {
  ASSERT_NE(provided, nullptr);
  fbmu_platform_t p = *provided;
  p.ctx = nullptr;
  EXPECT_EQ(p.set_time(p.ctx, 1), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.advance_time(p.ctx, 1), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.set_arena_size(p.ctx, 1024), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.set_online(p.ctx, 1), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.reset(p.ctx), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.fence_clear(p.ctx), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.inject_zero_fail(p.ctx, 1), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.now(p.ctx), 0u);
}

}  // namespace fbmu_test

#endif  // FBMU_TESTS_PLATFORM_CHECKS_H
