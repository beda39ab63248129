// main of the GoogleTest suites under the SystemC top: sc_main elaborates FBMU_SC_TOPS SimTops,
// runs every test in an SC_THREAD (the harness waits on the clock there) and stops the kernel when
// they are done. The suites link unchanged; only this main and fbmu_sim_sc differ from their
// C++-harness builds.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "sc_top.h"

// SimTops to elaborate: one per simulation a test holds at once. Each one's clock runs whenever
// simulated time passes, so suites that never hold two get one.
#ifndef FBMU_SC_TOPS
#define FBMU_SC_TOPS 1
#endif

int sc_main(int, char **) {
  return fbmu_sc::RunInThread([] { return RUN_ALL_TESTS(); }, FBMU_SC_TOPS);
}

int main(int argc, char **argv) {
  fbmu_sc::QuietKernel();
  ::testing::InitGoogleTest(&argc, argv);
  // The SystemC build writes no waveforms (fbmu_sim_trace gives FBMU_E_UNSUPPORTED): run untraced.
  for (const char *var : {"WAVES", "FBMU_TRACE_DIR"}) {
    if (std::getenv(var)) {
      std::fprintf(stderr, "SystemC top: no waveforms, %s ignored\n", var);
      unsetenv(var);
    }
  }
  return sc_core::sc_elab_and_sim(argc, argv);
}
