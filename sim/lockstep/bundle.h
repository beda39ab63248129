// FBMU failure bundles: the folder fbmu-cosim writes on a mismatch (what is in it: README.md of
// this folder). WriteBundle writes every artefact (op log, trace, GTKWave save file, shrunk script,
// configuration, reproduce script, summary), one function each; below it, the folder and file
// helpers.
#ifndef FBMU_LOCKSTEP_BUNDLE_H
#define FBMU_LOCKSTEP_BUNDLE_H

#include <cstddef>
#include <cstdint>
#include <string>

#include "opscript.h"
#include "runner.h"

namespace fbmu_cosim {

// The failing run, as fbmu-cosim saw it.
struct FailedRun {
  std::string prog;          // the program as invoked
  std::string run_command;   // the command that reruns the run up to the failing op
  std::string script_path;   // the --replay script; "" for the random stream
  uint64_t max_rtc = 0;      // random stream: --max-rtc (0: 2^64-1)
  uint64_t planned_ops = 0;  // ops the run was to make
  Script script;   // seed, start time and the ops run, up to and including the failing one
  Divergence div;  // the failure (div.index: the failing op)
  uint32_t mem_bytes = 0, lease_slots = 0;  // Verilated parameters
};

struct BundleOptions {
  std::string dir;   // the folder; "": failures/<name>-<UTC yyyymmdd-hhmmss>
  std::string name;  // e.g. "seed5", or the script's stem
  int shrink = 1;    // 0: do not shrink; 1: within the budget below; 2: no budget
  size_t shrink_runs = 500;
  double shrink_seconds = 60;
};

// Writes the bundle, printing each artefact and, last, the reproduce / replay / waves commands and
// FAIL. Returns fbmu-cosim's exit status for a divergence (1), also when the folder cannot be made.
int WriteBundle(const FailedRun &run, const BundleOptions &opt);

// Creates parent/<name>-<UTC yyyymmdd-hhmmss>[-<n>] (and parent) and returns its path, or "" with
// *error set. A second bundle in the same second gets -2, -3, ...
std::string MakeBundleDir(const std::string &parent, const std::string &name, std::string *error);
// Creates dir and its parents (mkdir -p). False with *error set when that fails.
bool MakeDirs(const std::string &dir, std::string *error);
bool WriteFile(const std::string &path, const std::string &text, std::string *error,
               bool executable = false);
std::string AbsolutePath(const std::string &path);  // unchanged when it cannot be resolved
std::string UtcNow();                               // "2026-11-26 10:15:00 UTC"
// A shell word for s (quoted when it holds anything but [A-Za-z0-9_./=:+-]).
std::string ShellQuote(const std::string &s);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_BUNDLE_H
