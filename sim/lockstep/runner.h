// FBMU lockstep runs of op sequences: an op script replayed on RTL and model (RunScript), or the
// constrained-random stream recorded as a script while it runs (Session + Record).
//
// The harness is deterministic: the same script gives the same answers, ids and cycle counts, with
// or without tracing. That is what lets a failure be re-simulated with a trace window, and shrunk.
#ifndef FBMU_LOCKSTEP_RUNNER_H
#define FBMU_LOCKSTEP_RUNNER_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lockstep.h"
#include "opgen.h"
#include "opscript.h"

namespace fbmu_cosim {

// The RTL bus master's seed for a run's seed in random mode: never 0 (0 is the in-order master).
inline uint32_t BusSeedFor(uint64_t seed) {
  const uint32_t folded = static_cast<uint32_t>(seed ^ (seed >> 32)) * 0x9E3779B1u;
  return folded != 0 ? folded : 1u;
}

// The first divergence of a run, with the index of the script op that made it.
struct Divergence {
  Divergence() = default;
  // The checker's divergence record (its strings copied) as op `index`'s.
  Divergence(size_t index, const fbmu_lockstep_divergence_t &v, const char *report);

  bool diverged = false;
  size_t index = 0;  // 0-based op index in the script
  fbmu_ls_call_t call = FBMU_LS_SETTLE;
  std::string call_text, field, expected, actual, report;
  uint64_t cycle = 0, call_start_cycle = 0, rtc_model = 0, rtc_rtl = 0;
};

// What makes two failures "the same" while shrinking: the kind of call and the field that
// differed, with numbers left out ("data[17] (...)" and "data[0] (...)" match).
std::string Signature(const Divergence &d);

struct RunOptions {
  const char *trace_path = nullptr;       // RTL waveform, .fst or .vcd
  uint64_t trace_from = 0, trace_to = 0;  // cycle window (0, 0: all)
  const char *label = nullptr;            // named in the checker's report
  uint64_t max_rtc = 0;  // Step(): highest RTC second the random stream drives (0: any)
  uint64_t cycles_after_failure = 0;  // RunScript(): clock the RTL on this long after a divergence
                                      // (so a trace shows what follows the mismatch)
};

struct RunResult {
  bool setup_ok = false;  // false: the simulation or the model could not be created
  size_t ops_run = 0;
  uint64_t cycles = 0;
  Divergence div;
};

// One RTL + model pair with the script's seed and start time, executing script ops (write data
// from the seed's pattern). The random generator is made only for Step(): a replay has none.
class Session {
 public:
  // bus_seed: the RTL bus master's random shapes (0: in order).
  Session(uint64_t seed, uint64_t start_time, uint32_t bus_seed, const RunOptions &opt);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  bool ok() const { return ls_ != nullptr; }
  fbmu_lockstep_t *lockstep() { return ls_; }

  // Run op `index` of `ops` (refs resolve to ids earlier ops returned in this session; a ref to an
  // alloc that failed gives the zero id, which is never issued). Returns the checker's result.
  int Exec(const std::vector<ScriptOp> &ops, size_t index);
  // Next op of the random stream, appended to *log (id refs found from the ids seen), then run.
  int Step(std::vector<ScriptOp> *log);
  // The divergence, if any; index = the last op run.
  Divergence Failure(size_t index) const;

 private:
  int Run(size_t index, const fbmu_op_t &op, fbmu_op_result_t *res);

  uint64_t seed_;
  uint64_t max_rtc_;
  fbmu_lockstep_t *ls_ = nullptr;
  fbmu_ops::OpIo io_;
  fbmu_opgen_t *gen_ = nullptr;                        // made by the first Step()
  std::vector<fbmu_lease_id_t> ids_;                   // id each op issued (ALLOC), else 0
  std::map<std::pair<uint64_t, uint64_t>, int> last_;  // id -> latest op that issued it
};

RunResult RunScript(const Script &s, const RunOptions &opt);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_RUNNER_H
