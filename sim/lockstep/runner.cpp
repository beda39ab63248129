// FBMU lockstep runs of op sequences (runner.h).
#include "runner.h"

#include <cctype>

namespace fbmu_cosim {

std::string Signature(const Divergence &d) {
  std::string f;
  for (char c : d.field) {
    if (c == '(') break;  // the explanation in parentheses carries counts
    if (!std::isdigit(static_cast<unsigned char>(c))) f += c;
  }
  while (!f.empty() && f.back() == ' ') f.pop_back();
  return std::string(fbmu_lockstep_call_name(d.call)) + ": " + f;
}

Session::Session(uint64_t seed, uint64_t start_time, uint32_t bus_seed, const RunOptions &opt)
    : seed_(seed), max_rtc_(opt.max_rtc), io_(seed) {
  fbmu_lockstep_config_t cfg{};
  cfg.id_seed = seed;
  cfg.start_time = start_time;
  cfg.bus_seed = bus_seed;
  cfg.trace_path = opt.trace_path;
  cfg.trace_from_cycle = opt.trace_from;
  cfg.trace_to_cycle = opt.trace_to;
  cfg.label = opt.label;
  ls_ = fbmu_lockstep_create(&cfg);
}

Session::~Session() {
  fbmu_opgen_destroy(gen_);
  fbmu_lockstep_destroy(ls_);
}

// Runs op `index` and notes the id an alloc issued, for later ops' refs.
int Session::Run(size_t index, const fbmu_op_t &op, fbmu_op_result_t *res) {
  int rc = fbmu_ops::Run(ls_, op, &io_, res);
  if (ids_.size() <= index) ids_.resize(index + 1, fbmu_lease_id_t{0, 0});
  if (op.call == FBMU_LS_ALLOC && res->rc == FBMU_OK) {
    ids_[index] = res->info.lease_id;
    last_[{res->info.lease_id.hi, res->info.lease_id.lo}] = static_cast<int>(index);
  }
  return rc;
}

int Session::Exec(const std::vector<ScriptOp> &ops, size_t index) {
  fbmu_op_t op = ops[index].op;
  int ref = ops[index].ref;
  if (ref >= 0 && static_cast<size_t>(ref) < index)
    op.id = static_cast<size_t>(ref) < ids_.size() ? ids_[static_cast<size_t>(ref)]
                                                   : fbmu_lease_id_t{0, 0};
  fbmu_op_result_t res{};
  return Run(index, op, &res);
}

int Session::Step(std::vector<ScriptOp> *log) {
  if (!gen_) {
    fbmu_opgen_config_t gc{};
    gc.id_seed = seed_;
    gc.max_rtc = max_rtc_;
    gc.mem_bytes = fbmu_sim_mem_bytes(fbmu_lockstep_sim(ls_));  // the Verilated configuration
    gc.lease_slots = fbmu_sim_lease_slots(fbmu_lockstep_sim(ls_));
    gen_ = fbmu_opgen_create(seed_, &gc);
  }
  ScriptOp so;
  fbmu_opgen_next(gen_, &so.op);
  auto it = last_.find({so.op.id.hi, so.op.id.lo});
  if (it != last_.end()) so.ref = it->second;
  log->push_back(so);
  fbmu_op_result_t res{};
  int rc = Run(log->size() - 1, so.op, &res);
  if (rc != FBMU_LOCKSTEP_DIVERGED) fbmu_opgen_observe(gen_, &so.op, &res, fbmu_lockstep_now(ls_));
  return rc;
}

Divergence::Divergence(size_t i, const fbmu_lockstep_divergence_t &v, const char *rep)
    : diverged(true),
      index(i),
      call(v.call),
      call_text(v.call_text),
      field(v.field),
      expected(v.expected),
      actual(v.actual),
      report(rep),
      cycle(v.cycle),
      call_start_cycle(v.call_start_cycle),
      rtc_model(v.rtc_model),
      rtc_rtl(v.rtc_rtl) {}

Divergence Session::Failure(size_t index) const {
  fbmu_lockstep_divergence_t v{};
  if (!fbmu_lockstep_divergence(ls_, &v)) return Divergence();
  return Divergence(index, v, fbmu_lockstep_report(ls_));
}

RunResult RunScript(const Script &s, const RunOptions &opt) {
  RunResult r;
  Session session(s.seed, s.start_time, s.bus_seed, opt);
  if (!session.ok()) return r;
  r.setup_ok = true;
  for (size_t i = 0; i < s.ops.size(); i++) {
    r.ops_run++;
    if (session.Exec(s.ops, i) == FBMU_LOCKSTEP_DIVERGED) {
      r.div = session.Failure(i);
      if (opt.cycles_after_failure)
        fbmu_sim_run(fbmu_lockstep_sim(session.lockstep()), opt.cycles_after_failure);
      break;
    }
  }
  r.cycles = fbmu_lockstep_cycles(session.lockstep());
  return r;
}

}  // namespace fbmu_cosim
