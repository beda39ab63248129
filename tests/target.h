// A device under test for the conformance suites: a bus for the driver plus the platform controls.
// The same test sources link against target_model.cpp (golden model through its register front
// end) and target_rtl.cpp (Verilated RTL through the DPI bus bridge), so both targets pass one
// suite. The platform controls are the target's fbmu_platform_t (fbmu_model_platform or
// fbmu_sim_platform); the calls below only forward to it, so no target declares them again.
#ifndef FBMU_TESTS_TARGET_H
#define FBMU_TESTS_TARGET_H

#include <cstdint>
#include <memory>

#include "fbmu.h"
#include "fbmu_platform.h"

namespace fbmu_test {

struct TargetConfig {
  uint64_t id_seed = 0x5EEDF00Dull;
  uint64_t start_time = 1000;
};

class Target {
 public:
  explicit Target(const fbmu_platform_t *platform) : platform_(platform) {}
  virtual ~Target() = default;
  Target(const Target &) = delete;
  Target &operator=(const Target &) = delete;

  virtual const char *name() const = 0;
  virtual const fbmu_bus_t *bus() = 0;
  virtual int irq() const = 0;  // level of the interrupt line
  // One register write with byte strobes (bit i enables byte i), as the bus's write32 returns.
  virtual int write32_strb(uint32_t addr, uint32_t val, uint8_t strb) = 0;
  virtual uint32_t mem_bytes() const = 0;
  virtual uint32_t lease_slots() const = 0;
  // Let n clock cycles pass with no bus access. The model counts no cycles: there a streamed write
  // still open times out when n >= FBMU_STREAM_TIMEOUT, as the RTL's does after that many cycles.
  virtual void idle_cycles(uint64_t n) = 0;
  // Backdoor read of arena bytes [addr, addr + len) as stored (any frame, any state).
  virtual int peek_mem(uint64_t addr, void *buf, uint32_t len) = 0;

  // The platform port; valid for the target's lifetime.
  const fbmu_platform_t *platform() const { return platform_; }
  int reset() { return platform_->reset(platform_->ctx); }
  int set_time(uint64_t unix_secs) { return platform_->set_time(platform_->ctx, unix_secs); }
  int advance_time(uint64_t secs) { return platform_->advance_time(platform_->ctx, secs); }
  uint64_t now() const { return platform_->now(platform_->ctx); }
  int set_arena_size(uint64_t bytes) { return platform_->set_arena_size(platform_->ctx, bytes); }
  int set_online(bool online) { return platform_->set_online(platform_->ctx, online ? 1 : 0); }
  int fence_clear() { return platform_->fence_clear(platform_->ctx); }
  int inject_fault(uint32_t bit_addr) { return platform_->inject_fault(platform_->ctx, bit_addr); }

 private:
  const fbmu_platform_t *platform_;
};

// Defined once per test executable by the linked target_*.cpp.
std::unique_ptr<Target> make_target(const TargetConfig &cfg = TargetConfig());

}  // namespace fbmu_test

#endif  // FBMU_TESTS_TARGET_H
