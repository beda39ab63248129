// FBMU failing-script shrinker (shrink.h).
#include "shrink.h"

#include <algorithm>
#include <chrono>

namespace fbmu_cosim {
namespace {

constexpr size_t kPairLimit = 40;  // scripts up to this long also get the pair pass

}  // namespace

Script Subset(const Script &s, const std::vector<size_t> &keep) {
  Script out;
  out.seed = s.seed;
  out.start_time = s.start_time;
  out.bus_seed = s.bus_seed;
  out.header = s.header;
  std::vector<int> renum(s.ops.size(), -1);
  for (size_t k = 0; k < keep.size(); k++) renum[keep[k]] = static_cast<int>(k);
  for (size_t k = 0; k < keep.size(); k++) {
    ScriptOp so = s.ops[keep[k]];
    if (so.ref >= 0) {
      int r = static_cast<size_t>(so.ref) < renum.size() ? renum[static_cast<size_t>(so.ref)] : -1;
      if (r < 0) so.op.id = fbmu_lease_id_t{0, 0};  // the alloc is gone: an id never issued
      so.ref = r;
    }
    out.ops.push_back(so);
  }
  return out;
}

ShrinkResult Shrink(const Script &s, const Divergence &failure, const ShrinkOptions &opt) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const std::string sig = Signature(failure);
  ShrinkResult res;
  res.from_ops = s.ops.size();
  res.script = s;
  res.div = failure;
  if (res.script.ops.size() > failure.index + 1) res.script.ops.resize(failure.index + 1);

  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  auto budget_left = [&] { return res.runs < opt.max_runs && elapsed() < opt.max_seconds; };
  // A candidate that fails the same way replaces the current script, cut after its failing op.
  auto still_fails = [&](Script cand) {
    res.runs++;
    RunResult r = RunScript(cand, RunOptions{});
    if (!r.div.diverged || Signature(r.div) != sig) return false;
    cand.ops.resize(r.div.index + 1);
    res.script = std::move(cand);
    res.div = r.div;
    if (opt.progress) opt.progress(res.runs, res.script.ops.size());
    return true;
  };

  // Chunks of a fixed size, from the front; a chunk whose removal keeps the failure stays out and
  // the next chunk slides into its place. A pass that removes nothing halves the chunk size; a
  // pass of single ops that removes nothing means the script is 1-minimal.
  size_t chunk = std::max<size_t>(res.script.ops.size() / 2, 1);
  bool out_of_budget = false;
  while (res.script.ops.size() >= 2) {
    bool reduced = false;
    for (size_t pos = 0; pos < res.script.ops.size();) {
      if (!budget_left()) {
        out_of_budget = true;
        break;
      }
      const size_t size = res.script.ops.size();
      const size_t hi = std::min(pos + chunk, size);
      std::vector<size_t> keep;
      keep.reserve(size - (hi - pos));
      for (size_t k = 0; k < size; k++)
        if (k < pos || k >= hi) keep.push_back(k);
      if (!keep.empty() && still_fails(Subset(res.script, keep))) {
        reduced = true;  // same pos: the ops after the chunk are there now
      } else {
        pos = hi;
      }
    }
    if (out_of_budget) break;
    if (reduced) continue;
    if (chunk > 1) {
      chunk = std::max<size_t>(chunk / 2, 1);
      continue;
    }
    // 1-minimal. Ops often come in pairs that only go together (an alloc and the time step that
    // ends it, say): on short scripts try every pair, back to single ops after a success.
    if (res.script.ops.size() > kPairLimit) break;
    bool pair_gone = false;
    const size_t size = res.script.ops.size();
    for (size_t i = 0; i + 1 < size && !pair_gone && !out_of_budget; i++) {
      for (size_t j = i + 1; j < size; j++) {
        if (!budget_left()) {
          out_of_budget = true;
          break;
        }
        std::vector<size_t> keep;
        for (size_t k = 0; k < size; k++)
          if (k != i && k != j) keep.push_back(k);
        if (!keep.empty() && still_fails(Subset(res.script, keep))) {
          pair_gone = true;
          break;
        }
      }
    }
    if (!pair_gone) break;  // neither a single op nor a pair can go
  }
  res.complete = !out_of_budget;
  res.seconds = elapsed();
  return res;
}

}  // namespace fbmu_cosim
