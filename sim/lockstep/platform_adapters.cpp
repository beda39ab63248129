// FBMU lockstep: stopgap platform tables over fbmu_model_* and fbmu_sim_* (platform_adapters.h).
#include "platform_adapters.h"

#include <cstdint>

namespace fbmu_lockstep_stopgap {
namespace {

fbmu_model_t *M(void *ctx) { return static_cast<fbmu_model_t *>(ctx); }
fbmu_sim_t *S(void *ctx) { return static_cast<fbmu_sim_t *>(ctx); }

}  // namespace

void ModelPlatform(fbmu_model_t *m, fbmu_platform_t *out) {
  *out = fbmu_platform_t{};
  out->ctx = m;
  out->set_time = [](void *c, uint64_t t) { return fbmu_model_set_time(M(c), t, nullptr, 0, nullptr); };
  out->advance_time = [](void *c, uint64_t secs) {
    uint64_t now = fbmu_model_now(M(c));
    uint64_t to = now > UINT64_MAX - secs ? UINT64_MAX : now + secs;
    return fbmu_model_set_time(M(c), to, nullptr, 0, nullptr);
  };
  out->set_arena_size = [](void *c, uint64_t bytes) { return fbmu_model_set_arena_size(M(c), bytes); };
  out->set_online = [](void *c, int online) {
    fbmu_model_set_online(M(c), online);
    return static_cast<int>(FBMU_OK);
  };
  out->reset = [](void *c) {
    fbmu_model_reset(M(c));
    return static_cast<int>(FBMU_OK);
  };
  out->fence_clear = [](void *c) { return fbmu_model_fence_clear(M(c)); };
  out->inject_zero_fail = [](void *c, uint32_t n) { return fbmu_model_inject_zero_fail(M(c), n); };
  out->now = [](void *c) { return fbmu_model_now(M(c)); };
}

void SimPlatform(fbmu_sim_t *sim, fbmu_platform_t *out) {
  *out = fbmu_platform_t{};
  out->ctx = sim;
  out->set_time = [](void *c, uint64_t t) { return fbmu_sim_set_time(S(c), t); };
  out->advance_time = [](void *c, uint64_t secs) { return fbmu_sim_advance_time(S(c), secs); };
  out->set_arena_size = [](void *c, uint64_t bytes) { return fbmu_sim_set_arena_size(S(c), bytes); };
  out->set_online = [](void *c, int online) { return fbmu_sim_set_online(S(c), online); };
  out->reset = [](void *c) { return fbmu_sim_reset(S(c)); };
  out->fence_clear = [](void *c) { return fbmu_sim_fence_clear(S(c)); };
  out->inject_zero_fail = [](void *c, uint32_t n) { return fbmu_sim_inject_zero_fail(S(c), n); };
  out->now = [](void *c) { return fbmu_sim_time(S(c)); };
}

}  // namespace fbmu_lockstep_stopgap
