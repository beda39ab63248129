// FBMU failing-script shrinker: delta debugging over the ops of a script that diverges (ddmin's
// complement steps, with chunks halving from half the script down to single ops), keeping every
// candidate that still diverges with the same Signature. Each test is a fresh lockstep run of the
// candidate (runner.h), cut after its failing op. Ends 1-minimal: no single op can be removed.
#ifndef FBMU_LOCKSTEP_SHRINK_H
#define FBMU_LOCKSTEP_SHRINK_H

#include <cstddef>
#include <functional>
#include <string>

#include "opscript.h"
#include "runner.h"

namespace fbmu_cosim {

struct ShrinkOptions {
  size_t max_runs = 200;    // lockstep runs at most
  double max_seconds = 60;  // wall time at most (checked between runs)
  std::function<void(size_t runs, size_t ops)> progress;  // after each accepted step; may be empty
};

struct ShrinkResult {
  Script script;        // the smallest failing script found (the input if none smaller)
  Divergence div;       // its divergence
  size_t from_ops = 0;  // ops of the input
  size_t runs = 0;      // lockstep runs made
  double seconds = 0;
  bool complete = false;  // true: 1-minimal (no single op can go); false: budget ran out
};

// s must diverge with `signature` when run (it is not re-checked). Write data, seed and start time
// stay as they are; ids that named a removed alloc become the zero id.
ShrinkResult Shrink(const Script &s, const Divergence &failure, const ShrinkOptions &opt);

// The ops of s at the given indices (ascending), refs renumbered.
Script Subset(const Script &s, const std::vector<size_t> &keep);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_SHRINK_H
