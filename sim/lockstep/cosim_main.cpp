// fbmu-cosim: constrained-random lockstep regression of the RTL against the golden model, op-script
// replay, and failure bundles. Everything is in cosim.cpp (CosimMain); `fbmu-cosim --help` says how
// to use it.
#include "cosim.h"

int main(int argc, char **argv) { return fbmu_cosim::CosimMain(argc, argv); }
