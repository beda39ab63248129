// Fixture for the sim-level suites: one RTL simulation (sim/fbmu_sim.h), the C driver opened on its
// DPI bus, and raw register helpers for the bus-level facts the driver API hides (error responses,
// commands issued while busy, strobes). FBMU_TRACE_DIR in the environment: each test writes
// <dir>/<Suite>.<Test>.fst; WAVES=1 (or vcd): <repo>/traces/<Suite>.<Test>.fst (.vcd).
#ifndef FBMU_TESTS_SIM_SIM_FIXTURE_H
#define FBMU_TESTS_SIM_SIM_FIXTURE_H

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "bus_bridge.h"
#include "fbmu.h"
#include "fbmu_sim.h"
#include "stuck_cell.h"
#include "test_util.h"  // EXPECT_RC / ASSERT_RC / EXPECT_OK / ASSERT_OK

namespace fbmu_simtest {

constexpr uint64_t kSeed = 0x5EEDF00Dull;
constexpr uint64_t kStartTime = 1000;

using fbmu_test::Bytes;  // test_util.h
using fbmu_test::pattern;

inline bool same_id(const fbmu_lease_id_t &a, const fbmu_lease_id_t &b) {
  return a.hi == b.hi && a.lo == b.lo;
}

// Trace file of the running test: "<dir>/<Suite>.<Test><suffix>.fst" when FBMU_TRACE_DIR is set;
// with WAVES=1 (or fst, vcd) "<repo>/traces/<Suite>.<Test><suffix>.fst" (.vcd); else empty.
inline std::string trace_path_for_test(const char *suffix = "") {
  const char *dir = std::getenv("FBMU_TRACE_DIR");
  const char *waves = std::getenv("WAVES");
  std::string folder, ext = ".fst";
  if (waves != nullptr && *waves != '\0' && std::string(waves) != "0") {
    if (std::string(waves) == "vcd") ext = ".vcd";
    const std::string here = __FILE__;  // <repo>/tests/sim/sim_fixture.h
    const size_t at = here.rfind("/tests/");
    folder = at == std::string::npos ? "traces" : here.substr(0, at) + "/traces";
    mkdir(folder.c_str(), 0777);
  }
  if (dir != nullptr && *dir != '\0') folder = dir;
  if (folder.empty()) return std::string();
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "fbmu";
  for (char &c : name)
    if (c == '/') c = '_';
  return folder + "/" + name + suffix + ext;
}

class SimTest : public ::testing::Test {
 protected:
  void SetUp() override { open(config()); }
  void TearDown() override { close(); }

  fbmu_sim_config_t config(uint64_t seed = kSeed) {
    fbmu_sim_config_t c{};
    c.id_seed = seed;
    c.start_time = kStartTime;
    trace_ = trace_path_for_test();
    c.trace_path = trace_.empty() ? nullptr : trace_.c_str();
    return c;
  }
  void open(const fbmu_sim_config_t &c) {
    sim = fbmu_sim_create(&c);
    ASSERT_NE(sim, nullptr);
    bus = fbmu_sim_bus(sim);
    ASSERT_OK(fbmu_open(bus, &dev));
  }
  // Every test's bus keeps the AXI4-Lite rules (the protocol checkers, sim/fbmu_tb.sv) unless it
  // breaks them on purpose (breaks_rules_).
  void close() {
    if (dev) fbmu_close(dev);
    dev = nullptr;
    if (sim && !breaks_rules_) {
      uint64_t broken = 0;
      const char *rule = "";
      EXPECT_OK(fbmu_sim_bus_protocol_errors(sim, &broken, &rule));
      EXPECT_EQ(broken, 0u) << "AXI4-Lite rule broken, first: " << rule;
    }
    if (sim) fbmu_sim_destroy(sim);
    sim = nullptr;
  }
  bool breaks_rules_ = false;

  // ---- raw bus ----------------------------------------------------------------------------------
  int rd(uint32_t addr, uint32_t *v) { return bus->read32(bus->ctx, addr, v); }
  int wr(uint32_t addr, uint32_t v) { return bus->write32(bus->ctx, addr, v); }
  uint32_t rd_ok(uint32_t addr) {
    uint32_t v = 0xDEADBEEFu;
    EXPECT_OK(rd(addr, &v)) << "read32 0x" << std::hex << addr;
    return v;
  }
  void wr_ok(uint32_t addr, uint32_t v) {
    EXPECT_OK(wr(addr, v)) << "write32 0x" << std::hex << addr;
  }
  bool busy() { return (rd_ok(FBMU_REG_STATUS) & FBMU_STATUS_BUSY_MASK) != 0; }
  // ARG_ID_0 holds id bits 31:0 (lo word), ARG_ID_3 bits 127:96.
  void write_id_args(const fbmu_lease_id_t &id) {
    wr_ok(FBMU_REG_ARG_ID_0, static_cast<uint32_t>(id.lo));
    wr_ok(FBMU_REG_ARG_ID_1, static_cast<uint32_t>(id.lo >> 32));
    wr_ok(FBMU_REG_ARG_ID_2, static_cast<uint32_t>(id.hi));
    wr_ok(FBMU_REG_ARG_ID_3, static_cast<uint32_t>(id.hi >> 32));
  }
  void write_staging(const Bytes &data) {
    for (size_t i = 0; i < data.size(); i += 4) {
      uint32_t w = 0;
      for (size_t k = 0; k < 4 && i + k < data.size(); ++k) w |= uint32_t{data[i + k]} << (8 * k);
      wr_ok(FBMU_WIN_STAGING + static_cast<uint32_t>(i), w);
    }
  }
  // Poll STATUS until BUSY clears (bounded); returns STATUS.RESULT, or 1 when it never cleared.
  int wait_result(uint32_t max_polls = 100000) {
    for (uint32_t i = 0; i < max_polls; ++i) {
      uint32_t st = rd_ok(FBMU_REG_STATUS);
      if (!(st & FBMU_STATUS_BUSY_MASK))
        return static_cast<int8_t>((st & FBMU_STATUS_RESULT_MASK) >> FBMU_STATUS_RESULT_SHIFT);
    }
    return 1;
  }

  // ---- driver -----------------------------------------------------------------------------------
  fbmu_lease_info_t alloc_ok(uint64_t min_bytes = 0, uint64_t lease_secs = 300) {
    fbmu_lease_info_t info{};
    EXPECT_OK(fbmu_alloc(dev, min_bytes, lease_secs, &info));
    return info;
  }
  // A stuck-at-1 cell in the frame of live lease `id` (its first 12 bytes are overwritten): its
  // teardown's read-back fails and fences it. repair_cells() removes every stuck cell.
  void stick_cell_of(const fbmu_lease_id_t &id) {
    uint64_t arena = 0;
    const int64_t frame = fbmu_test::find_lease_frame(
        dev, id, fbmu_sim_mem_bytes(sim),
        [this](uint64_t a, void *b, uint32_t n) { return fbmu_sim_peek_mem(sim, a, b, n); },
        &arena);
    ASSERT_GE(frame, 1) << "the lease's frame was not found";
    ASSERT_OK(fbmu_sim_inject_fault(sim, fbmu_test::stuck_bit_in_frame(frame, arena)));
  }
  void repair_cells() { ASSERT_OK(fbmu_sim_inject_fault(sim, FBMU_FAULT_CLEAR_ALL)); }
  uint8_t status_of(const fbmu_lease_id_t &id) {
    fbmu_lease_info_t info{};
    return fbmu_query(dev, id, &info) == FBMU_OK ? info.status : 0;
  }
  Bytes read_lease_ok(const fbmu_lease_id_t &id, uint64_t off, uint32_t len) {
    Bytes b(len);
    uint32_t n = 0;
    EXPECT_OK(fbmu_read_lease(dev, id, off, b.data(), len, &n));
    b.resize(n);
    return b;
  }
  Bytes read_boot_ok(uint64_t off, uint32_t len) {
    Bytes b(len);
    uint32_t n = 0;
    EXPECT_OK(fbmu_read(dev, off, b.data(), len, &n));
    b.resize(n);
    return b;
  }
  static bool all_zero(const Bytes &b) {
    for (uint8_t x : b)
      if (x) return false;
    return true;
  }

  fbmu_sim_t *sim = nullptr;
  const fbmu_bus_t *bus = nullptr;
  fbmu_t *dev = nullptr;

 private:
  std::string trace_;
};

}  // namespace fbmu_simtest

#endif  // FBMU_TESTS_SIM_SIM_FIXTURE_H
