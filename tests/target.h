// A device under test for the conformance suites: a bus for the driver plus the platform controls.
// The same test sources link against target_model.cpp (golden model through its register front
// end) and target_rtl.cpp (Verilated RTL through the DPI bus bridge), so both targets pass one suite.
#ifndef FBMU_TESTS_TARGET_H
#define FBMU_TESTS_TARGET_H

#include <cstdint>
#include <memory>

#include "fbmu.h"

namespace fbmu_test {

struct TargetConfig {
  uint64_t id_seed = 0x5EEDF00Dull;
  uint64_t start_time = 1000;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual const char *name() const = 0;
  virtual const fbmu_bus_t *bus() = 0;
  virtual int reset() = 0;
  virtual int set_time(uint64_t unix_secs) = 0;
  virtual int advance_time(uint64_t secs) = 0;
  virtual uint64_t now() const = 0;
  virtual int set_arena_size(uint64_t bytes) = 0;
  virtual int set_online(bool online) = 0;
  virtual int fence_clear() = 0;
  virtual int inject_zero_fail(uint32_t count) = 0;
  virtual int irq() const = 0;  // level of the interrupt line
  virtual uint32_t mem_bytes() const = 0;
  virtual uint32_t lease_slots() const = 0;
};

// Defined once per test executable by the linked target_*.cpp.
std::unique_ptr<Target> make_target(const TargetConfig &cfg = TargetConfig());

}  // namespace fbmu_test

#endif  // FBMU_TESTS_TARGET_H
