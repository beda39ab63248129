// Conformance target: the Verilated RTL (fbmu_top) through the DPI bus bridge of sim/fbmu_sim.h.
// The driver runs on the harness's bus; the platform controls are the harness's fbmu_sim_platform
// table, whose calls settle (run the clock until the unit is idle, bounded) so that teardowns an
// RTC step starts have finished when the call returns, as they have on the model. FBMU_TRACE_DIR in
// the environment: each target writes <dir>/<test>.fst; WAVES=1 (or vcd): <repo>/traces/<test>.fst
// (.vcd). The bus master runs random bus shapes (fbmu_sim_set_bus_seed) seeded from the target's id
// seed, or from FBMU_BUS_SEED when set; FBMU_BUS=inorder selects the fast in-order master. Every
// target checks at its end that the bus kept the AXI4-Lite rules (the protocol checkers).
#include <sys/stat.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "fbmu_sim.h"
#include "target.h"

#if __has_include(<gtest/gtest.h>)
#include <gtest/gtest.h>
#define FBMU_HAVE_GTEST 1
#endif

namespace fbmu_test {
namespace {

class RtlTarget final : public Target {
 public:
  explicit RtlTarget(fbmu_sim_t *s) : Target(fbmu_sim_platform(s)), s_(s) {}
  ~RtlTarget() override {
    uint64_t broken = 0;
    const char *rule = "";
    const int rc = fbmu_sim_bus_protocol_errors(s_, &broken, &rule);
#ifdef FBMU_HAVE_GTEST
    EXPECT_EQ(rc, FBMU_OK);
    EXPECT_EQ(broken, 0u) << "AXI4-Lite rule broken on the bus, first: " << rule;
#else
    (void)rc;
#endif
    fbmu_sim_destroy(s_);
  }

  const char *name() const override { return "rtl"; }
  const fbmu_bus_t *bus() override { return fbmu_sim_bus(s_); }
  int irq() const override { return fbmu_sim_irq(s_); }  // the irq_o pin itself
  int write32_strb(uint32_t addr, uint32_t val, uint8_t strb) override {
    return fbmu_sim_write32_strb(s_, addr, val, strb);
  }
  void idle_cycles(uint64_t n) override { fbmu_sim_run(s_, n); }
  uint32_t mem_bytes() const override { return fbmu_sim_mem_bytes(s_); }
  uint32_t lease_slots() const override { return fbmu_sim_lease_slots(s_); }
  int peek_mem(uint64_t addr, void *buf, uint32_t len) override {
    return fbmu_sim_peek_mem(s_, addr, buf, len);
  }

 private:
  fbmu_sim_t *s_;
};

// <FBMU_TRACE_DIR>/<Suite>.<Test>.fst when the variable is set and a test is running; with WAVES=1
// (or fst, vcd) <repo>/traces/<Suite>.<Test>.fst (.vcd).
std::string trace_path() {
  const char *dir = std::getenv("FBMU_TRACE_DIR");
  const char *waves = std::getenv("WAVES");
  std::string folder, ext = ".fst";
  if (waves != nullptr && *waves != '\0' && std::string(waves) != "0") {
    if (std::string(waves) == "vcd") ext = ".vcd";
    const std::string here = __FILE__;  // <repo>/tests/target_rtl.cpp
    const size_t at = here.rfind("/tests/");
    folder = at == std::string::npos ? "traces" : here.substr(0, at) + "/traces";
    mkdir(folder.c_str(), 0777);
  }
  if (dir != nullptr && *dir != '\0') folder = dir;
  if (folder.empty()) return std::string();
  std::string name = "fbmu";
#ifdef FBMU_HAVE_GTEST
  if (const auto *info = ::testing::UnitTest::GetInstance()->current_test_info())
    name = std::string(info->test_suite_name()) + "." + info->name();
#endif
  for (char &c : name)
    if (c == '/') c = '_';  // parameterised test names
  return folder + "/" + name + ext;
}

// The bus master's seed: 0 (in order) with FBMU_BUS=inorder, else FBMU_BUS_SEED or one derived
// from the id seed (never 0).
uint32_t bus_seed(uint64_t id_seed) {
  const char *mode = std::getenv("FBMU_BUS");
  if (mode != nullptr && std::string(mode) == "inorder") return 0;
  const char *seed = std::getenv("FBMU_BUS_SEED");
  uint64_t s = id_seed;
  if (seed != nullptr && *seed != '\0') s = std::strtoull(seed, nullptr, 0);
  const uint32_t folded = static_cast<uint32_t>(s ^ (s >> 32));
  return folded != 0 ? folded : 1u;
}

}  // namespace

std::unique_ptr<Target> make_target(const TargetConfig &cfg) {
  fbmu_sim_config_t sc{};  // sizes: the Verilated parameters
  sc.id_seed = cfg.id_seed;
  sc.start_time = cfg.start_time;
  std::string trace = trace_path();
  sc.trace_path = trace.empty() ? nullptr : trace.c_str();
  fbmu_sim_t *s = fbmu_sim_create(&sc);
  if (s == nullptr) return nullptr;
  if (fbmu_sim_set_bus_seed(s, bus_seed(cfg.id_seed)) != FBMU_OK) {
    fbmu_sim_destroy(s);
    return nullptr;
  }
  return std::make_unique<RtlTarget>(s);
}

}  // namespace fbmu_test
