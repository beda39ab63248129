// Conformance target: the golden model behind its register front end (fbmu_model_bus). The driver
// runs on the model's bus exactly as it runs on the RTL's DPI bus; the platform controls are the
// model's fbmu_model_platform table. The model tears down within the call that ends a lease, so no
// settling is needed.
#include <cstring>
#include <memory>

#include "fbmu_model.h"
#include "target.h"

namespace fbmu_test {
namespace {

class ModelTarget final : public Target {
 public:
  explicit ModelTarget(fbmu_model_t *m) : Target(fbmu_model_platform(m)), m_(m) {}
  ~ModelTarget() override { fbmu_model_destroy(m_); }

  const char *name() const override { return "model"; }
  const fbmu_bus_t *bus() override { return fbmu_model_bus(m_); }
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
  int write32_strb(uint32_t addr, uint32_t val, uint8_t strb) override {
    return fbmu_model_write32_strb(m_, addr, val, strb);
  }
  void idle_cycles(uint64_t n) override {
    if (n >= FBMU_STREAM_TIMEOUT && fbmu_model_stream_open(m_)) fbmu_model_stream_timeout(m_);
  }
  uint32_t mem_bytes() const override { return fbmu_model_config(m_)->mem_bytes; }
  uint32_t lease_slots() const override { return fbmu_model_config(m_)->lease_slots; }
  int peek_mem(uint64_t addr, void *buf, uint32_t len) override {
    if (addr > mem_bytes() || len > mem_bytes() - addr) return FBMU_E_OUT_OF_RANGE;
    std::memcpy(buf, fbmu_model_memory(m_) + addr, len);
    return FBMU_OK;
  }

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
