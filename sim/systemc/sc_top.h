// The FBMU RTL under the SystemC kernel: SimTop is one elaborated instance of the Verilated
// testbench (fbmu_tb: fbmu_top + the DPI AXI4-Lite master, built with Verilator's --sc) with its
// sc_clock and reset signal. The fbmu_sim.h C API runs on it (fbmu_sim_sc.cpp): fbmu_sim_create
// claims a free SimTop and resets it with the config's seed and time, fbmu_sim_destroy hands it
// back.
//
// SystemC elaborates before the simulation starts, so a program makes its SimTops first (sc_main or
// RunInThread) and the harness calls come from an SC_THREAD: they wait in SystemC time for the
// clock's falling edges or for idle_o (inputs set between edges reach the unit on the next rising
// edge), bounded by a cycle limit as in the C++ harness. Called from anything else, the calls that
// would wait fail (creation returns NULL).
#ifndef FBMU_SC_TOP_H
#define FBMU_SC_TOP_H

#include <functional>
#include <memory>
#include <systemc>

#include "fbmu_sim.h"

namespace fbmu_sc {

// Clock period of every SimTop: 10 ns, the time step of the C++ harness's traces.
inline sc_core::sc_time ClockPeriod() { return sc_core::sc_time(10, sc_core::SC_NS); }

class SimTop : public sc_core::sc_module {
 public:
  explicit SimTop(sc_core::sc_module_name name);
  ~SimTop() override;
  SimTop(const SimTop &) = delete;
  SimTop &operator=(const SimTop &) = delete;

  // The harness state of this top. Unclaimed until Open (or fbmu_sim_create picks this top).
  fbmu_sim_t *harness() { return sim_.get(); }
  const sc_core::sc_clock &clock() const;

  // Claim this top for one owner (an RtlTarget): fbmu_sim_create then never picks it.
  void Reserve();
  // From an SC_THREAD: claim (if free or reserved) and reset with cfg, as fbmu_sim_create does on a
  // top of its choosing. NULL when the top is in use, cfg is invalid or the reset does not finish.
  fbmu_sim_t *Open(const fbmu_sim_config_t *cfg);

 private:
  std::unique_ptr<fbmu_sim_t, void (*)(fbmu_sim_t *)> sim_;
};

// Silence the kernel's banner and its "simulation stopped" note (gtest_discover_tests reads the
// program's output). Call before anything SystemC is constructed (main, not sc_main).
void QuietKernel();

// From sc_main: elaborate `tops` SimTops ("fbmu0", ...) unless 0, run body() in an SC_THREAD
// (64 MiB stack: GoogleTest bodies), sc_stop() when it returns, and return its result; 1 when the
// kernel stopped before the body finished.
int RunInThread(const std::function<int()> &body, int tops = 1);

// The calling process is an SC_THREAD (or SC_CTHREAD): the harness may wait.
bool InThread();

}  // namespace fbmu_sc

#endif  // FBMU_SC_TOP_H
