// Checks every fbmu_platform_t provider must pass (the model's and the RTL harness's tables): all
// entries filled with ctx as given, every entry failing cleanly on a NULL context, and the entries
// that must reach the unit's registers doing so.
#ifndef FBMU_TESTS_PLATFORM_CHECKS_H
#define FBMU_TESTS_PLATFORM_CHECKS_H

#include <gtest/gtest.h>

#include "fbmu.h"
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
  EXPECT_NE(p->inject_fault, nullptr);
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
  EXPECT_EQ(p.inject_fault(p.ctx, 1), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(p.now(p.ctx), 0u);
}

// set_arena_size reaches the unit: 1024 takes (arena_size() reads it back from the unit), 1000 is
// no power of two and gives FBMU_E_INVALID_ARGUMENT with the size left as it was.
template <typename ArenaSize>
void ExpectSetArenaSizeReachesTheUnit(const fbmu_platform_t *p, ArenaSize arena_size) {
  ASSERT_EQ(p->set_arena_size(p->ctx, 1024), FBMU_OK);
  EXPECT_EQ(arena_size(), 1024u);
  EXPECT_EQ(p->set_arena_size(p->ctx, 1000), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(arena_size(), 1024u);
}

// reset is the whole unit's reset: IRQ_ENABLE, cleared through the unit's bus before, reads its
// reset value after.
inline void ExpectResetRestoresIrqEnable(const fbmu_platform_t *p, const fbmu_bus_t *bus) {
  ASSERT_EQ(bus->write32(bus->ctx, FBMU_REG_IRQ_ENABLE, 0), FBMU_OK);
  ASSERT_EQ(p->reset(p->ctx), FBMU_OK);
  uint32_t enable = 0xDEADBEEFu;
  ASSERT_EQ(bus->read32(bus->ctx, FBMU_REG_IRQ_ENABLE, &enable), FBMU_OK);
  EXPECT_EQ(enable, FBMU_REG_IRQ_ENABLE_RESET);
}

}  // namespace fbmu_test

#endif  // FBMU_TESTS_PLATFORM_CHECKS_H
