/* FBMU golden model: its platform port as a fbmu_platform_t (driver/fbmu_platform.h).
 *
 * Thin adapters onto the public model API, so tests, benches and checkers drive the model and the
 * RTL harness through one table. A NULL context gives FBMU_E_INVALID_ARGUMENT (now(): 0).
 */
#include "fbmu_model_internal.h"

/* A platform request waits for a running command; the only command that outlasts its CMD write is
 * a streamed write, and while the platform waits no STAGING write comes: it times out first (as
 * the RTL's stream does after STREAM_TIMEOUT cycles). */
static void wait_for_command(void *ctx) {
  if (fbmu_model_stream_open(ctx)) fbmu_model_stream_timeout(ctx);
}

static int plat_set_time(void *ctx, uint64_t unix_secs) {
  wait_for_command(ctx);
  return fbmu_model_set_time(ctx, unix_secs, NULL, 0, NULL);
}

static int plat_advance_time(void *ctx, uint64_t secs) {
  uint64_t t, next;
  if (!ctx) return FBMU_E_INVALID_ARGUMENT;
  wait_for_command(ctx);
  t = fbmu_model_now(ctx);
  next = secs > UINT64_MAX - t ? UINT64_MAX : t + secs; /* the RTC saturates, never wraps */
  return fbmu_model_set_time(ctx, next, NULL, 0, NULL);
}

static int plat_set_arena_size(void *ctx, uint64_t bytes) {
  wait_for_command(ctx);
  return fbmu_model_set_arena_size(ctx, bytes);
}

static int plat_set_online(void *ctx, int online) {
  if (!ctx) return FBMU_E_INVALID_ARGUMENT;
  fbmu_model_set_online(ctx, online != 0);
  return FBMU_OK;
}

static int plat_reset(void *ctx) {
  if (!ctx) return FBMU_E_INVALID_ARGUMENT;
  fbmu_model_reset(ctx);
  return FBMU_OK;
}

static int plat_fence_clear(void *ctx) {
  wait_for_command(ctx);
  return fbmu_model_fence_clear(ctx);
}

static int plat_inject_fault(void *ctx, uint32_t bit_addr) {
  wait_for_command(ctx);
  return fbmu_model_inject_fault(ctx, bit_addr);
}

static uint64_t plat_now(void *ctx) { return ctx ? fbmu_model_now(ctx) : 0; }

const fbmu_platform_t *fbmu_model_platform(fbmu_model_t *m) {
  if (!m) return NULL;
  if (m->platform.ctx != m) {
    m->platform = (fbmu_platform_t){.set_time = plat_set_time,
                                    .advance_time = plat_advance_time,
                                    .set_arena_size = plat_set_arena_size,
                                    .set_online = plat_set_online,
                                    .reset = plat_reset,
                                    .ctx = m,
                                    .fence_clear = plat_fence_clear,
                                    .inject_fault = plat_inject_fault,
                                    .now = plat_now};
  }
  return &m->platform;
}
