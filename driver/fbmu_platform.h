/* The FBMU platform port as an ops table: what trusted platform firmware does to the unit.
 *
 * Shaped like fbmu_bus_t: function pointers and a context. The golden model
 * (fbmu_model_platform), the RTL harness (fbmu_sim_platform), the lockstep checker (both at once)
 * and the SystemC targets each return one, so tests and tools drive any of them the same way.
 * Every call returns FBMU_OK or a negative FBMU_E_* code (docs/spec.md section 10).
 */
#ifndef FBMU_PLATFORM_H
#define FBMU_PLATFORM_H

#include <stdint.h>

#include "fbmu_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* inject_fault argument that removes every stuck cell (INJECT_FAULT, docs/spec.md section 8). */
#define FBMU_FAULT_CLEAR_ALL 0xFFFFFFFFu

typedef struct {
  int (*set_time)(void *ctx, uint64_t unix_secs);   /* drive the RTC; ended leases tear down */
  int (*advance_time)(void *ctx, uint64_t secs);    /* RTC += secs (saturating) */
  int (*set_arena_size)(void *ctx, uint64_t bytes); /* SET_ARENA_SIZE */
  int (*set_online)(void *ctx, int online);         /* online_i */
  int (*reset)(void *ctx);                          /* hardware reset (rst_ni) */
  void *ctx;
  int (*fence_clear)(void *ctx);                     /* FENCE_CLEAR */
  int (*inject_fault)(void *ctx, uint32_t bit_addr); /* INJECT_FAULT (test feature) */
  uint64_t (*now)(void *ctx);                        /* RTC seconds driven now */
} fbmu_platform_t;

#ifdef __cplusplus
}
#endif

#endif /* FBMU_PLATFORM_H */
