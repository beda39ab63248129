// Conformance target: the golden model behind its register front end (fbmu_model_bus). The driver
// runs on the model's bus exactly as it runs on the RTL's DPI bus; the platform controls map to the
// model's platform functions. The model tears down within the call that ends a lease, so no settling
// is needed.
#include <memory>

#include "fbmu_model.h"
#include "target.h"

namespace fbmu_test {
namespace {

class ModelTarget final : public Target {
 public:
  explicit ModelTarget(fbmu_model_t *m) : m_(m) {}
  ~ModelTarget() override { fbmu_model_destroy(m_); }
  ModelTarget(const ModelTarget &) = delete;
  ModelTarget &operator=(const ModelTarget &) = delete;

  const char *name() const override { return "model"; }
  const fbmu_bus_t *bus() override { return fbmu_model_bus(m_); }
  int reset() override {
    fbmu_model_reset(m_);
    return FBMU_OK;
  }
  int set_time(uint64_t unix_secs) override {
    return fbmu_model_set_time(m_, unix_secs, nullptr, 0, nullptr);
  }
  int advance_time(uint64_t secs) override {
    uint64_t t = fbmu_model_now(m_);
    uint64_t next = (secs > UINT64_MAX - t) ? UINT64_MAX : t + secs;  // the RTC never wraps
    return set_time(next);
  }
  uint64_t now() const override { return fbmu_model_now(m_); }
  int set_arena_size(uint64_t bytes) override { return fbmu_model_set_arena_size(m_, bytes); }
  int set_online(bool online) override {
    fbmu_model_set_online(m_, online ? 1 : 0);
    return FBMU_OK;
  }
  int fence_clear() override { return fbmu_model_fence_clear(m_); }
  int inject_zero_fail(uint32_t count) override { return fbmu_model_inject_zero_fail(m_, count); }
  // irq_o = IRQ_ENABLE.EVT && pending > 0 (spec section 9), from the pending count and the enable
  // register rather than from the model's own STATUS.IRQ bit, so the suite can compare the two.
  int irq() const override {
    uint32_t pending = 0, dropped = 0;
    fbmu_model_event_count(m_, &pending, &dropped);
    const fbmu_bus_t *b = fbmu_model_bus(m_);
    uint32_t enable = 0;
    if (b->read32(b->ctx, FBMU_REG_IRQ_ENABLE, &enable) != 0) return 0;
    return ((enable & FBMU_IRQ_ENABLE_EVT_MASK) != 0 && pending > 0) ? 1 : 0;
  }
  uint32_t mem_bytes() const override { return fbmu_model_config(m_)->mem_bytes; }
  uint32_t lease_slots() const override { return fbmu_model_config(m_)->lease_slots; }

 private:
  fbmu_model_t *m_;
};

}  // namespace

std::unique_ptr<Target> make_target(const TargetConfig &cfg) {
  fbmu_model_config_t mc{};  // every size at its default (spec section 1)
  mc.id_seed = cfg.id_seed;
  fbmu_model_t *m = fbmu_model_create(&mc);
  if (m == nullptr) return nullptr;
  auto t = std::make_unique<ModelTarget>(m);
  if (t->set_time(cfg.start_time) != FBMU_OK) return nullptr;
  return t;
}

}  // namespace fbmu_test
