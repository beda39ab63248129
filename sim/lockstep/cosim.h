// fbmu-cosim as a function: the program's whole behaviour (arguments, run, summary, failure
// bundle), so that one source serves fbmu-cosim and the same program linked against a
// deliberately broken RTL build for the tests (fbmu-cosim-bug-skip-zeroing).
#ifndef FBMU_LOCKSTEP_COSIM_H
#define FBMU_LOCKSTEP_COSIM_H

namespace fbmu_cosim {

// Exit status: 0 every op agreed, 1 divergence (report, bundle, commands printed), 2 bad command
// line or malformed op script, 3 the simulation or the model could not be created.
int CosimMain(int argc, char **argv);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_COSIM_H
