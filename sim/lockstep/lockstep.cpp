// FBMU lockstep checker: every call goes to the RTL (fbmu_sim) and to the golden model through the
// same C driver, and every answer is compared. Interface and rules: lockstep.h.
//
// Cost: besides the driver calls themselves, a checked call adds a STATUS read on each side (the
// RTL's through the harness's register backdoor: no bus transaction, no clock cycle), an irq
// sample, and for ALLOC / QUERY / EVENT_POP one or two result-register reads per side (the same
// way). Read data is compared with memcmp; nothing else touches bytes. No allocation after create
// except growing the RTL read buffer to the largest read seen.
#include "lockstep.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr unsigned kHistory = 8;           // calls kept for the report
constexpr uint32_t kMaxEnded = 64;         // >= any lease-slot count (FBMU_MODEL_MAX_SLOTS)
constexpr uint32_t kNoRead = 0xFFFFFFFFu;  // n_read sentinel: "the driver never wrote it"

// One checked call, for the report's history.
struct Call {
  fbmu_op_t op{};
  uint64_t opno = 0;
  int rc = 0;
  bool done = false;
  uint64_t cycle = 0;
  uint64_t rtc = 0;
};

std::string strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string strf(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

std::string id_str(fbmu_lease_id_t id) { return strf("%016" PRIx64 "_%016" PRIx64, id.hi, id.lo); }

std::string rc_str(int rc) {
  if (rc == FBMU_LOCKSTEP_DIVERGED) return "DIVERGED";
  return strf("%d (%s)", rc, fbmu_strerror(rc));
}

std::string info_str(const fbmu_lease_info_t &i) {
  return strf("{id=%s size=%" PRIu64 " expires=%" PRIu64 " status=%u}", id_str(i.lease_id).c_str(),
              i.arena_size, i.expires_at_unix_secs, i.status);
}

std::string event_str(const fbmu_event_t &e) {
  return strf("{id=%s kind=%u time=%" PRIu64 "}", id_str(e.lease_id).c_str(), e.kind,
              e.time_unix_secs);
}

std::string call_str(const Call &c) { return fbmu_ops::ReportText(c.op); }

uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

unsigned rc_bucket(int rc) {
  return (rc <= 0 && rc >= -10) ? static_cast<unsigned>(-rc) : FBMU_LS_RC_BUCKETS - 1u;
}

bool same_id(fbmu_lease_id_t x, fbmu_lease_id_t y) { return x.hi == y.hi && x.lo == y.lo; }

// First bin of each command that names a lease (fcov.h: active, expired, revoked, fenced, unknown).
int lease_cmd_bin(fbmu_ls_call_t call) {
  switch (call) {
    case FBMU_LS_QUERY:
      return FBMU_FCOV_QUERY_ACTIVE;
    case FBMU_LS_RENEW:
      return FBMU_FCOV_RENEW_ACTIVE;
    case FBMU_LS_FREE:
      return FBMU_FCOV_FREE_ACTIVE;
    case FBMU_LS_READ_LEASE:
      return FBMU_FCOV_READ_LEASE_ACTIVE;
    case FBMU_LS_WRITE_LEASE:
      return FBMU_FCOV_WRITE_LEASE_ACTIVE;
    default:
      return -1;
  }
}

}  // namespace

struct fbmu_lockstep {
  fbmu_lockstep_config_t cfg{};
  std::string label;
  fbmu_sim_t *sim = nullptr;
  fbmu_model_t *model = nullptr;
  fbmu_t *rtl = nullptr;  // driver on the RTL
  fbmu_t *mdl = nullptr;  // driver on the model
  const fbmu_bus_t *rtl_bus = nullptr;
  const fbmu_bus_t *mdl_bus = nullptr;
  // The platform port of each side (driver/fbmu_platform.h). Time steps also use the model's
  // list of ended leases and the harness's raw RTC drive, which the port does not have.
  const fbmu_platform_t *rtl_plat = nullptr;
  const fbmu_platform_t *mdl_plat = nullptr;
  fbmu_platform_t both{};  // fbmu_lockstep_platform()
  uint32_t mem_bytes = 0;
  uint32_t slack = FBMU_LOCKSTEP_DEFAULT_SLACK;

  bool diverged = false;
  std::string report;
  fbmu_lockstep_divergence_t div{};  // strings point into the members below
  std::string div_call, div_field, div_expected, div_actual;
  fbmu_lockstep_stats_t st{};

  Call hist[kHistory];
  unsigned hist_next = 0;
  Call *cur = nullptr;
  uint64_t call_start_cycle = 0;

  // Teardowns the RTL may still be running (time steps taken without settle).
  uint64_t pend_teardowns = 0;
  uint64_t pend_start = 0;   // cycle at which the oldest pending window opened
  uint64_t pend_budget = 0;  // spec bound for the pending teardowns
  uint64_t pend_stall = 0;   // cycles spent inside calls made meanwhile

  // The drivers talk through these taps of the two buses: they count CMD writes, so an armed time
  // step (fbmu_lockstep_step_in_cmd) lands inside a call at the same command boundary on both. A
  // step armed by fbmu_lockstep_step_in_plat (in_plat) rides on the next platform request instead.
  fbmu_bus_t rtl_tap{};
  fbmu_bus_t mdl_tap{};
  struct {
    bool armed = false;    // waits for the next call
    bool active = false;   // the current call carries it
    bool in_plat = false;  // lands inside a platform request, not after a CMD write
    uint64_t secs = 0, cycles = 0;
    uint32_t after_cmd = 1;
    uint32_t mdl_cmds = 0, rtl_cmds = 0;  // CMD writes of the current call, per side
    bool mdl_done = false, rtl_done = false;
    bool mdl_held = false;        // the model's stream is open: it steps at the stream's end
    uint32_t ended = 0;           // leases the model's step ended
    bool ended_accessed = false;  // ... the lease the call accesses among them
    uint64_t pub_cycle = 0;       // RTL cycle it was published on
    bool busy_at_pub = false;     // the RTL still ran the command then
    uint64_t settle_extra = 0;    // cycles a settle inside the call may take on top
    uint64_t rtl_target = 0;      // in_plat: the RTC second scheduled on the RTL ...
    uint64_t held_before = 0;     // ... and the harness's held-teardown count before the request
  } step;

  // Model state at the end of the previous call, for the coverage bins that count changes.
  uint32_t last_dropped = 0;
  uint32_t last_fenced = 0;
  // Reset inside a command (fbmu_lockstep_arm_reset): the RTL side's tap counts CMD writes.
  bool cut_armed = false;
  uint32_t cut_cmd = 0;      // fire after this CMD write of the call ...
  uint64_t cut_cycles = 0;   // ... plus these cycles
  uint32_t cut_seen = 0;     // CMD writes of the call so far
  uint64_t resets_seen = 0;  // fbmu_sim_resets_fired up to the current call
  bool cut_landed = false;   // it fired in this call: the call's result is E_DISCONNECTED

  std::vector<uint8_t> scratch;  // RTL side of reads
  std::vector<uint8_t> rtl_mem;  // check_memory: RTL memory image
  fbmu_event_t ended[kMaxEnded];
};

namespace {

uint64_t per_teardown(const fbmu_lockstep *ls) {
  return fbmu_model_arena_size(ls->model) / 32u + 64u;
}

// ---- divergence reports --------------------------------------------------------------------

// Records the first divergence (later ones are ignored). Always false, so a compare can end in
// `return diverge(...)`.
bool diverge(fbmu_lockstep *ls, const std::string &field, const std::string &expected,
             const std::string &actual) {
  if (ls->diverged) return false;
  ls->diverged = true;
  ls->st.mismatches = 1;
  const Call *c = ls->cur;
  ls->div_call = c ? call_str(*c) : "";
  ls->div_field = field;
  ls->div_expected = expected;
  ls->div_actual = actual;
  fbmu_lockstep_divergence_t &d = ls->div;
  d.opno = c ? c->opno : 0;
  d.call = c ? c->op.call : FBMU_LS_SETTLE;
  d.call_text = ls->div_call.c_str();
  d.field = ls->div_field.c_str();
  d.expected = ls->div_expected.c_str();
  d.actual = ls->div_actual.c_str();
  d.cycle = fbmu_sim_cycles(ls->sim);
  d.call_start_cycle = ls->call_start_cycle;
  d.rtc_model = fbmu_model_now(ls->model);
  d.rtc_rtl = fbmu_sim_time(ls->sim);
  std::string r;
  r += strf("LOCKSTEP DIVERGENCE: RTL and golden model disagree (id_seed %" PRIu64 "%s%s)\n",
            ls->cfg.id_seed, ls->label.empty() ? "" : ", ", ls->label.c_str());
  if (c) r += strf("  op:       #%" PRIu64 " %s\n", c->opno, call_str(*c).c_str());
  r += strf("  field:    %s\n", field.c_str());
  r += strf("  expected: %s   (model)\n", expected.c_str());
  r += strf("  actual:   %s   (RTL)\n", actual.c_str());
  r += strf("  cycle:    %" PRIu64 " (call began at cycle %" PRIu64 ")\n", fbmu_sim_cycles(ls->sim),
            ls->call_start_cycle);
  r += strf("  RTC:      %" PRIu64 " s (model) / %" PRIu64 " s (RTL input)\n",
            fbmu_model_now(ls->model), fbmu_sim_time(ls->sim));
  r += strf("  arena:    %" PRIu64 " bytes, teardowns pending on the RTL: %" PRIu64 "\n",
            fbmu_model_arena_size(ls->model), ls->pend_teardowns);
  r += "  previous calls (oldest first):\n";
  unsigned shown = 0;
  for (unsigned k = 0; k < kHistory; k++) {
    const Call &h = ls->hist[(ls->hist_next + k) % kHistory];
    if (!h.done || &h == c) continue;
    r += strf("    #%" PRIu64 " %s -> %s  [cycle %" PRIu64 ", RTC %" PRIu64 "]\n", h.opno,
              call_str(h).c_str(), rc_str(h.rc).c_str(), h.cycle, h.rtc);
    shown++;
  }
  if (!shown) r += "    (none)\n";
  ls->report = r;
  return false;
}

bool check_settle(fbmu_lockstep *ls, uint64_t bound, uint64_t since, const char *what,
                  bool teardown = true);

// A warm reset landed inside the RTL's side of this call (fbmu_lockstep_arm_reset): the unit is
// fresh, so the model is reset too, and the call must give E_DISCONNECTED (spec 11). False: the
// call's other results are not compared.
bool reset_landed(fbmu_lockstep *ls, int act) {
  ls->cut_landed = true;
  ls->cut_armed = false;
  ls->resets_seen = fbmu_sim_resets_fired(ls->sim);
  ls->st.resets_in_command++;
  ls->pend_teardowns = ls->pend_budget = ls->pend_stall = 0;
  ls->mdl_plat->reset(ls->mdl_plat->ctx);
  if (act != FBMU_E_DISCONNECTED)
    return diverge(ls, "result of a call cut by a warm reset (spec 11)",
                   rc_str(FBMU_E_DISCONNECTED), rc_str(act));
  check_settle(ls, ls->mem_bytes + ls->slack + 1024u, fbmu_sim_cycles(ls->sim),
               "reset inside a command (scrub all memory)", false);
  return false;
}

bool cmp_rc(fbmu_lockstep *ls, const char *what, int exp, int act) {
  if (fbmu_sim_resets_fired(ls->sim) != ls->resets_seen) return reset_landed(ls, act);
  return exp == act || diverge(ls, what, rc_str(exp), rc_str(act));
}

bool cmp_u64(fbmu_lockstep *ls, const char *what, uint64_t exp, uint64_t act) {
  return exp == act || diverge(ls, what, strf("%" PRIu64 " (0x%" PRIx64 ")", exp, exp),
                               strf("%" PRIu64 " (0x%" PRIx64 ")", act, act));
}

// The name of the first field that differs, in the order given, or nullptr.
const char *first_difference(std::initializer_list<std::pair<bool, const char *>> fields) {
  for (const auto &f : fields)
    if (f.first) return f.second;
  return nullptr;
}

bool cmp_info(fbmu_lockstep *ls, const fbmu_lease_info_t &e, const fbmu_lease_info_t &a) {
  const char *f = first_difference(
      {{!same_id(e.lease_id, a.lease_id), "info.lease_id"},
       {e.arena_size != a.arena_size, "info.arena_size"},
       {e.expires_at_unix_secs != a.expires_at_unix_secs, "info.expires_at_unix_secs"},
       {e.status != a.status, "info.status"}});
  return !f || diverge(ls, f, info_str(e), info_str(a));
}

bool cmp_event(fbmu_lockstep *ls, const fbmu_event_t &e, const fbmu_event_t &a) {
  const char *f = first_difference(
      {{!same_id(e.lease_id, a.lease_id), "event.lease_id"},
       {e.kind != a.kind, "event.kind"},
       {e.time_unix_secs != a.time_unix_secs, "event.time_unix_secs (RTC second)"}});
  return !f || diverge(ls, f, event_str(e), event_str(a));
}

bool cmp_bytes(fbmu_lockstep *ls, const uint8_t *e, const uint8_t *a, uint32_t n) {
  ls->st.bytes_compared += n;
  if (n == 0 || std::memcmp(e, a, n) == 0) return true;
  uint32_t i = 0;
  while (e[i] == a[i]) i++;
  uint32_t lo = i & ~15u;
  uint32_t hi = lo + 16u < n ? lo + 16u : n;
  std::string es, as;
  for (uint32_t k = lo; k < hi; k++) {
    es += strf("%02x", e[k]);
    as += strf("%02x", a[k]);
  }
  return diverge(
      ls, strf("data[%u] (first differing byte of %u read; line shown from byte %u)", i, n, lo),
      strf("0x%02x  line %s", e[i], es.c_str()), strf("0x%02x  line %s", a[i], as.c_str()));
}

// A raw register of both sides: catches encodings the driver normalises (unknown status values).
// The RTL's is read through the harness's backdoor (fbmu_sim_peek_reg: what a bus read would
// answer, with no bus transaction and no clock), so looking changes none of the unit's timing;
// only STAGING, which the backdoor does not reach, goes over the bus.
bool cmp_reg(fbmu_lockstep *ls, uint32_t addr, const char *name) {
  uint32_t ev = 0, av = 0;
  int erc = ls->mdl_bus->read32(ls->mdl_bus->ctx, addr, &ev);
  int arc = fbmu_sim_peek_reg(ls->sim, addr, &av);
  if (arc == FBMU_E_UNSUPPORTED) arc = ls->rtl_bus->read32(ls->rtl_bus->ctx, addr, &av);
  std::string f = strf("register %s (0x%03x) bus response", name, addr);
  if (!cmp_rc(ls, f.c_str(), erc, arc)) return false;
  return ev == av || diverge(ls, strf("register %s (0x%03x)", name, addr), strf("0x%08x", ev),
                             strf("0x%08x", av));
}

// ---- call bracketing -------------------------------------------------------------------------

bool begin(fbmu_lockstep *ls, fbmu_ls_call_t call, fbmu_lease_id_t id = {0, 0}, uint64_t a = 0,
           uint64_t b = 0, uint32_t len = 0, int flag = 0) {
  if (ls->diverged) return false;
  Call &c = ls->hist[ls->hist_next];
  ls->hist_next = (ls->hist_next + 1) % kHistory;
  c = Call{};
  c.op.call = call;
  c.op.id = id;
  c.op.a = a;
  c.op.b = b;
  c.op.len = len;
  c.op.flag = flag;
  c.opno = ++ls->st.ops;
  ls->cur = &c;
  ls->call_start_cycle = fbmu_sim_cycles(ls->sim);
  ls->st.calls[call]++;
  if (ls->step.armed && call != FBMU_LS_STEP_IN_CMD && call != FBMU_LS_STEP_IN_PLAT) {
    ls->step.armed = false;
    ls->step.active = true;
  }
  // Coverage: the state of the lease a command names, as the model has it before the call (its
  // QUERY has no side effect while online).
  int bin = lease_cmd_bin(call);
  if (bin >= 0 && fbmu_model_online(ls->model)) {
    fbmu_lease_info_t info{};
    if (fbmu_model_query(ls->model, id, &info) != FBMU_OK)
      bin += 4;  // unknown
    else
      bin += info.status == FBMU_LEASE_ACTIVE    ? 0
             : info.status == FBMU_LEASE_EXPIRED ? 1
             : info.status == FBMU_LEASE_REVOKED ? 2
                                                 : 3;
    ls->st.fcov[bin]++;
    if (call == FBMU_LS_RENEW && info.status == FBMU_LEASE_ACTIVE &&
        info.expires_at_unix_secs == sat_add(fbmu_model_now(ls->model), 1))
      ls->st.fcov[FBMU_FCOV_RENEW_LAST_SECOND]++;
  }
  return true;
}

// Coverage of what ended leases: a time step to exactly a lease's expiry.
void note_ended(fbmu_lockstep *ls, uint32_t n) {
  if (!fbmu_model_online(ls->model))
    return;  // its QUERY would answer DISCONNECTED, and close the session
  for (uint32_t k = 0; k < n; k++) {
    fbmu_lease_info_t info{};
    if (ls->ended[k].kind != FBMU_EVENT_REVOKED &&
        fbmu_model_query(ls->model, ls->ended[k].lease_id, &info) == FBMU_OK &&
        info.expires_at_unix_secs == ls->ended[k].time_unix_secs)
      ls->st.fcov[FBMU_FCOV_EXPIRY_EXACT_SECOND]++;
  }
}

void finish_step(fbmu_lockstep *ls);

// Common checks after a call; returns the call's result or FBMU_LOCKSTEP_DIVERGED.
int finish(fbmu_lockstep *ls, int rc) {
  Call *c = ls->cur;
  if (ls->cut_landed) rc = FBMU_E_DISCONNECTED;
  ls->cut_landed = false;
  if (c->op.call != FBMU_LS_ARM_RESET && ls->cut_armed) {
    ls->cut_armed = false;  // the call ended before the reset: drop it
    fbmu_sim_reset_at(ls->sim, 0);
  }
  uint64_t now_cycle = fbmu_sim_cycles(ls->sim);
  uint64_t spent = now_cycle - ls->call_start_cycle;
  ls->st.call_cycles[c->op.call] += spent;
  if (ls->pend_teardowns) ls->pend_stall += spent;
  finish_step(ls);
  // Coverage: events dropped, frames fenced during the call.
  uint32_t pending = 0, dropped = 0, fenced = fbmu_model_fenced_frames(ls->model);
  fbmu_model_event_count(ls->model, &pending, &dropped);
  if (dropped > ls->last_dropped) ls->st.fcov[FBMU_FCOV_EVENT_QUEUE_FULL]++;
  if (fenced > ls->last_fenced) ls->st.fcov[FBMU_FCOV_FENCE]++;
  ls->last_dropped = dropped;
  ls->last_fenced = fenced;
  if (!ls->diverged && !ls->pend_teardowns) {
    // The model has nothing running between calls: neither may the RTL (a teardown the model
    // did not start shows here first).
    if (!fbmu_sim_idle(ls->sim))
      diverge(ls,
              "idle_o after the call (RTL still busy: a command, teardown or scrub the model "
              "does not have)",
              "1 (idle)", "0 (busy)");
    // STATUS (BUSY, ONLINE, SESSION, EVT_PENDING, IRQ, last RESULT) and the irq_o pin.
    else if (cmp_reg(ls, FBMU_REG_STATUS, "STATUS")) {
      int e_irq = fbmu_model_irq(ls->model) ? 1 : 0;
      int a_irq = fbmu_sim_irq(ls->sim) ? 1 : 0;
      if (e_irq != a_irq)
        diverge(ls, "irq_o (spec 9: IRQ_ENABLE.EVT && events pending)", strf("%d", e_irq),
                strf("%d", a_irq));
    }
  }
  // The bus itself: the protocol checkers at the master's and the unit's port.
  uint64_t broken = 0;
  const char *rule = "";
  if (!ls->diverged && fbmu_sim_bus_protocol_errors(ls->sim, &broken, &rule) == FBMU_OK && broken)
    diverge(ls, "AXI4-Lite rules (sim/axil_protocol_checker.sv)", "none broken",
            strf("%llu broken, first %s", static_cast<unsigned long long>(broken), rule));
  c->rc = ls->diverged ? FBMU_LOCKSTEP_DIVERGED : rc;
  c->done = true;
  c->cycle = fbmu_sim_cycles(ls->sim);
  c->rtc = fbmu_model_now(ls->model);
  ls->st.cycles = c->cycle;
  ls->st.rc_hist[c->op.call][rc_bucket(rc)]++;
  return c->rc;
}

// Latency check: the RTL went idle within `bound` cycles counted from `since`.
bool check_settle(fbmu_lockstep *ls, uint64_t bound, uint64_t since, const char *what,
                  bool teardown) {
  uint64_t taken = 0;
  uint64_t start = fbmu_sim_cycles(ls->sim);
  bound += ls->step.settle_extra;       // a time step inside the call ended more leases
  uint64_t limit = 4u * bound + 4096u;  // look past the bound so the report can say by how much
  int rc = fbmu_sim_settle(ls->sim, limit, &taken);
  uint64_t window = start + taken - since;
  if (rc != FBMU_OK) {
    diverge(
        ls, strf("%s: RTL idle (idle_o) after the teardown", what),
        strf("idle within %" PRIu64 " cycles", bound),
        strf("still busy after %" PRIu64 " cycles (settle gave %d)", start + limit - since, rc));
    return false;
  }
  // Teardown statistics: the window closest to its bound (reset and re-partition excluded).
  if (teardown) {
    ls->st.teardowns++;
    if (!ls->st.worst_teardown_bound ||
        window * ls->st.worst_teardown_bound > ls->st.worst_teardown_cycles * bound) {
      ls->st.worst_teardown_cycles = window;
      ls->st.worst_teardown_bound = bound;
    }
  }
  if (window > bound) {
    diverge(ls, strf("%s: teardown latency (spec 8: arena_size/32 + 64 cycles per frame)", what),
            strf("<= %" PRIu64 " cycles", bound), strf("%" PRIu64 " cycles", window));
    return false;
  }
  return true;
}

// Wait for teardowns left running by un-settled time steps.
bool settle_pending(fbmu_lockstep *ls) {
  if (!ls->pend_teardowns) return true;
  uint64_t bound = ls->pend_budget + ls->slack + ls->pend_stall;
  uint64_t since = ls->pend_start;
  ls->pend_teardowns = 0;
  ls->pend_budget = 0;
  ls->pend_stall = 0;
  ls->st.deferred_windows++;
  // (fbmu_sim_settle first runs an RTC time still crossing into the unit, and the cycle after.)
  bool ok = check_settle(ls, bound, since, "deferred teardowns");
  ls->call_start_cycle = fbmu_sim_cycles(ls->sim);  // the call proper starts now
  return ok;
}

// Calls whose answer may legally depend on how far the RTL's teardown engine has come wait for it
// (op.cpp: overlaps_teardown false: time steps, platform requests, the EVT_COUNT register, raw
// register writes). Commands need no wait: the RTL holds every command until its lease table has
// settled and the teardowns are done (spec 3 and 6), so an ALLOC takes the frame the model takes
// and a lease whose zeroing fails is FENCED by the time a command looks at it, stuck cells or not.
bool need_settled(fbmu_lockstep *ls, fbmu_ls_call_t call) {
  if (!ls->pend_teardowns) return true;
  if (fbmu_ops::Find(call)->overlaps_teardown) {
    ls->st.calls_during_teardown++;
    return true;
  }
  return settle_pending(ls);
}

// Reads: the model reads into the caller's buffer, the RTL into the checker's (NULL stays NULL).
uint8_t *rtl_buffer(fbmu_lockstep *ls, const void *buf, uint32_t len) {
  if (buf && ls->scratch.size() < len) ls->scratch.resize(len);
  return buf ? ls->scratch.data() : nullptr;
}

// A read's checks on results e (model) and a (RTL): result code, n_read, then the bytes read.
int finish_read(fbmu_lockstep *ls, int e, int a, const void *buf, uint32_t len, uint32_t *n_read,
                uint32_t en, uint32_t an) {
  if (cmp_rc(ls, "result", e, a) && cmp_u64(ls, "n_read", en, an) && e == FBMU_OK && buf &&
      n_read && en <= len) {
    cmp_bytes(ls, static_cast<const uint8_t *>(buf), ls->scratch.data(), en);
    if (en < len) {
      ls->st.short_reads++;
      ls->st.fcov[FBMU_FCOV_SHORT_READ]++;
    }
  }
  if (n_read) *n_read = en;
  return finish(ls, e);
}

// Both sides' RTC after a time step. The RTL side was stepped from cycle c0 on: settled (the
// harness waited for idle) or raw (teardowns run on behind the following calls).
int time_step(fbmu_lockstep *ls, uint64_t target, int rtl_rc, int settle, uint64_t c0) {
  uint32_t n = 0;
  uint64_t before = fbmu_model_now(ls->model);
  int mrc = fbmu_model_set_time(ls->model, target, ls->ended, kMaxEnded, &n);
  if (!cmp_rc(ls, "platform time step result (harness: -1 = RTL never went idle)", mrc, rtl_rc))
    return finish(ls, mrc);
  if (!cmp_u64(ls, "RTC driven on rtc_secs_i", target, fbmu_sim_time(ls->sim)))
    return finish(ls, mrc);
  // Simulated time: forward steps, not counting the jumps to the top of the range and back.
  if (target > before && target < (1ull << 62)) ls->st.rtc_stepped += target - before;
  note_ended(ls, n);
  if (n) {
    if (!ls->pend_teardowns) {
      ls->pend_start = c0;
      ls->pend_stall = 0;
    }
    ls->pend_teardowns += n;
    ls->pend_budget += n * per_teardown(ls);
  }
  if (settle) {
    // The window runs from the oldest unsettled step (or this one) to idle.
    uint64_t bound = ls->pend_budget + ls->slack + ls->pend_stall;
    uint64_t since = ls->pend_teardowns ? ls->pend_start : c0;
    ls->pend_teardowns = 0;
    ls->pend_budget = 0;
    ls->pend_stall = 0;
    check_settle(ls, bound, since, "time step");
  }
  return finish(ls, mrc);
}

// ---- a time step inside a call (fbmu_lockstep_step_in_cmd) -----------------------------------

// The model's side, right after its after_cmd-th CMD write: its command is already complete.
void step_model(fbmu_lockstep *ls) {
  auto &s = ls->step;
  s.mdl_done = true;
  uint32_t n = 0;
  uint64_t before = fbmu_model_now(ls->model);
  uint64_t target = sat_add(before, s.secs);
  fbmu_model_set_time(ls->model, target, ls->ended, kMaxEnded, &n);
  if (target < (1ull << 62)) ls->st.rtc_stepped += target - before;
  const fbmu_op_t &op = ls->cur->op;
  bool leased = op.call == FBMU_LS_READ_LEASE || op.call == FBMU_LS_WRITE_LEASE;
  s.ended = n;
  note_ended(ls, n);
  for (uint32_t k = 0; k < n; k++)
    if (leased && same_id(ls->ended[k].lease_id, op.id)) s.ended_accessed = true;
}

// The RTL's side: `cycles` after the CMD write returned, publish the time (the harness runs the
// crossing); a command still running takes it when it completes (spec 3).
void step_rtl(fbmu_lockstep *ls) {
  auto &s = ls->step;
  s.rtl_done = true;
  if (s.cycles) fbmu_sim_run(ls->sim, s.cycles);
  s.busy_at_pub = !fbmu_sim_idle(ls->sim) && !ls->pend_teardowns;
  s.pub_cycle = fbmu_sim_cycles(ls->sim);
  s.settle_extra = s.ended * per_teardown(ls) + fbmu_sim_lease_slots(ls->sim) + s.cycles + 16u;
  fbmu_sim_set_time_raw(ls->sim, sat_add(fbmu_sim_time(ls->sim), s.secs));
}

// The tap of one side's bus: every callback passes through; a CMD write is counted and may land
// the armed time step on that side (and, on the RTL side, schedule an armed reset).
template <bool kRtl>
struct Tap {
  static const fbmu_bus_t *Bus(void *c) {
    auto *ls = static_cast<fbmu_lockstep *>(c);
    return kRtl ? ls->rtl_bus : ls->mdl_bus;
  }
  static int Read32(void *c, uint32_t a, uint32_t *v) { return Bus(c)->read32(Bus(c)->ctx, a, v); }
  static int Write32(void *c, uint32_t a, uint32_t v) {
    auto *ls = static_cast<fbmu_lockstep *>(c);
    // An armed reset inside a command (fbmu_lockstep_arm_reset) is scheduled by this CMD write.
    if (kRtl && ls->cut_armed && a == FBMU_REG_CMD && ++ls->cut_seen == ls->cut_cmd)
      fbmu_sim_reset_at(ls->sim, fbmu_sim_cycles(ls->sim) + ls->cut_cycles + 1u);
    int rc = Bus(c)->write32(Bus(c)->ctx, a, v);
    auto &s = ls->step;
    if (!kRtl) step_model_after_stream(ls);
    if (a != FBMU_REG_CMD || !s.active || s.in_plat ||
        ++(kRtl ? s.rtl_cmds : s.mdl_cmds) != s.after_cmd)
      return rc;
    if (kRtl) {
      step_rtl(ls);
    } else if (fbmu_model_stream_open(ls->model)) {
      s.mdl_held = true;  // the RTL holds the time until the stream's end (spec 3)
    } else {
      step_model(ls);
    }
    return rc;
  }
  // A streamed write ends with a STAGING write on the model: the time step held for it lands then.
  static void step_model_after_stream(fbmu_lockstep *ls) {
    auto &s = ls->step;
    if (!s.mdl_held || fbmu_model_stream_open(ls->model)) return;
    s.mdl_held = false;
    step_model(ls);
  }
  static int ReadBlock(void *c, uint32_t a, uint32_t *v, uint32_t n) {
    return Bus(c)->read_block(Bus(c)->ctx, a, v, n);
  }
  // Block writes never reach CMD (the driver writes it alone), so they need no count.
  static int WriteBlock(void *c, uint32_t a, const uint32_t *v, uint32_t n) {
    int rc = Bus(c)->write_block(Bus(c)->ctx, a, v, n);
    if (!kRtl) step_model_after_stream(static_cast<fbmu_lockstep *>(c));
    return rc;
  }
  static fbmu_bus_t Make(fbmu_lockstep *ls) {
    const fbmu_bus_t *bus = Bus(ls);
    fbmu_bus_t t{};
    t.ctx = ls;
    t.read32 = Read32;
    t.write32 = Write32;
    t.read_block = bus->read_block ? ReadBlock : nullptr;
    t.write_block = bus->write_block ? WriteBlock : nullptr;
    return t;
  }
};

// At the end of the call that carried a step: a side that made fewer CMD writes takes it now;
// both RTCs must agree, and the leases it ended are torn down behind the following calls.
void finish_step(fbmu_lockstep *ls) {
  auto &s = ls->step;
  if (!s.active) return;
  s.active = false;
  s.settle_extra = 0;
  s.mdl_held = false;
  if (!s.mdl_done) step_model(ls);
  const bool inside = s.rtl_done;
  if (!s.rtl_done) {
    s.cycles = 0;
    step_rtl(ls);
  }
  s.settle_extra = 0;
  // Let the core hold the new time (crossing, then the cycle it acts on it) before idle_o.
  uint64_t ready = s.pub_cycle + fbmu_sim_rtc_crossing_cycles() + 2u;
  uint64_t now_cycle = fbmu_sim_cycles(ls->sim);
  if (now_cycle < ready) fbmu_sim_run(ls->sim, ready - now_cycle);
  if (inside && !s.in_plat) {
    ls->st.steps_in_cmd++;
    if (s.busy_at_pub) {
      ls->st.steps_in_busy_cmd++;
      ls->st.fcov[FBMU_FCOV_STEP_IN_CMD]++;
    }
    if (s.ended_accessed && s.mdl_cmds > s.after_cmd) {
      ls->st.steps_between_chunks++;
      ls->st.fcov[FBMU_FCOV_STEP_ENDS_ACCESS]++;
    }
  }
  if (!ls->diverged)
    cmp_u64(ls, "RTC after a time step inside the call (model / RTL published)",
            fbmu_model_now(ls->model), fbmu_sim_time(ls->sim));
  // A step inside a platform request: the RTL's request settled, its teardowns included.
  if (s.ended && !(s.in_plat && inside && fbmu_sim_idle(ls->sim))) {
    if (!ls->pend_teardowns) {
      ls->pend_start = s.pub_cycle;
      ls->pend_stall = 0;
    }
    ls->pend_teardowns += s.ended;
    ls->pend_budget += s.ended * per_teardown(ls) + fbmu_sim_lease_slots(ls->sim);
    ls->pend_stall += fbmu_sim_cycles(ls->sim) - s.pub_cycle;
  }
}

// ---- a time step inside a platform request (fbmu_lockstep_step_in_plat) ----------------------
// The three requests (SET_ARENA_SIZE, FENCE_CLEAR, INJECT_FAULT) call these around their two
// sides; each does nothing unless such a step rides on the call.

bool plat_step(const fbmu_lockstep *ls) { return ls->step.active && ls->step.in_plat; }

// The model's side, right after its request (spec 3: the request never sees the step). The RTL
// tears the leases it ends down before its request call returns: a settle may take that longer.
void plat_step_model(fbmu_lockstep *ls) {
  if (!plat_step(ls)) return;
  step_model(ls);
  auto &s = ls->step;
  s.settle_extra = s.ended * per_teardown(ls) + fbmu_sim_lease_slots(ls->sim) + s.cycles + 16u;
}

// The RTL's side, before its request: the time is published `cycles` after the first rising edge
// that sees plat_req_i (the harness raises it for the next edge).
void plat_step_arm_rtl(fbmu_lockstep *ls) {
  if (!plat_step(ls)) return;
  auto &s = ls->step;
  s.rtl_target = sat_add(fbmu_sim_time(ls->sim), s.secs);
  s.pub_cycle = fbmu_sim_cycles(ls->sim) + 1u + s.cycles;
  s.held_before = fbmu_sim_plat_held_teardown_cycles(ls->sim);
  fbmu_sim_set_time_at(ls->sim, s.pub_cycle, s.rtl_target);
}

// After the RTL's request: a step it completed before is published now (after the request, as on
// the model). Coverage: a lease the step ended waited for the request to give the memory back.
// True when a step rode on the request.
bool plat_step_rtl_done(fbmu_lockstep *ls) {
  if (!plat_step(ls)) return false;
  auto &s = ls->step;
  s.rtl_done = true;
  if (fbmu_sim_cycles(ls->sim) <= s.pub_cycle) {  // not yet published (fbmu_sim_set_time_at)
    s.pub_cycle = fbmu_sim_cycles(ls->sim);
    fbmu_sim_set_time_raw(ls->sim, s.rtl_target);
  } else {
    ls->st.steps_in_plat++;
  }
  if (fbmu_sim_plat_held_teardown_cycles(ls->sim) > s.held_before)
    ls->st.fcov[FBMU_FCOV_STEP_IN_PLAT_HOLD]++;
  return true;
}

// A platform entry with nothing to settle: the model's table, then the RTL's, results compared.
template <typename Entry>
int on_both_platforms(fbmu_lockstep *ls, const char *what, Entry entry) {
  int e = entry(ls->mdl_plat);
  int a = entry(ls->rtl_plat);
  cmp_rc(ls, what, e, a);
  return finish(ls, e);
}

}  // namespace

// ---- deep memory check helpers
// --------------------------------------------------------------------

namespace {

uint64_t nonzero(const uint8_t *p, uint64_t n) {
  uint64_t c = 0;
  for (uint64_t i = 0; i < n; i++) c += p[i] != 0;
  return c;
}

}  // namespace

// ---- lifetime
// ------------------------------------------------------------------------------------

extern "C" {

fbmu_lockstep_t *fbmu_lockstep_create(const fbmu_lockstep_config_t *cfg) {
  auto *ls = new fbmu_lockstep;
  if (cfg) ls->cfg = *cfg;
  if (ls->cfg.label) ls->label = ls->cfg.label;
  ls->cfg.label = nullptr;
  ls->cfg.trace_path = nullptr;
  if (ls->cfg.teardown_slack) ls->slack = ls->cfg.teardown_slack;

  fbmu_sim_config_t sc{};
  sc.id_seed = ls->cfg.id_seed;
  sc.start_time = ls->cfg.start_time;
  sc.trace_path = cfg ? cfg->trace_path : nullptr;
  sc.trace_from_cycle = ls->cfg.trace_from_cycle;
  sc.trace_to_cycle = ls->cfg.trace_to_cycle;
  ls->sim = fbmu_sim_create(&sc);

  if (!ls->sim || fbmu_sim_set_bus_seed(ls->sim, ls->cfg.bus_seed) != FBMU_OK) goto fail;
  {
    // The model gets the Verilated parameters; the rest are the spec's defaults on both sides.
    fbmu_model_config_t mc{};
    mc.id_seed = ls->cfg.id_seed;
    mc.mem_bytes = fbmu_sim_mem_bytes(ls->sim);
    mc.lease_slots = fbmu_sim_lease_slots(ls->sim);
    ls->model = fbmu_model_create(&mc);
  }
  if (!ls->model) goto fail;
  ls->mem_bytes = fbmu_model_config(ls->model)->mem_bytes;
  fbmu_model_set_online(ls->model, 1);
  fbmu_model_set_time(ls->model, ls->cfg.start_time, nullptr, 0, nullptr);
  ls->rtl_bus = fbmu_sim_bus(ls->sim);
  ls->mdl_bus = fbmu_model_bus(ls->model);
  ls->rtl_plat = fbmu_sim_platform(ls->sim);
  ls->mdl_plat = fbmu_model_platform(ls->model);
  ls->rtl_tap = Tap<true>::Make(ls);
  ls->mdl_tap = Tap<false>::Make(ls);
  if (fbmu_open(&ls->rtl_tap, &ls->rtl) != FBMU_OK) goto fail;
  if (fbmu_open(&ls->mdl_tap, &ls->mdl) != FBMU_OK) goto fail;
  // The reset scrub after create: wait it out before the first call.
  if (fbmu_sim_settle(ls->sim, 4u * ls->mem_bytes + 100000u, nullptr) != FBMU_OK) goto fail;
  ls->st.cycles = fbmu_sim_cycles(ls->sim);
  return ls;

fail:
  fbmu_lockstep_destroy(ls);
  return nullptr;
}

void fbmu_lockstep_destroy(fbmu_lockstep_t *ls) {
  if (!ls) return;
  fbmu_close(ls->rtl);
  fbmu_close(ls->mdl);
  if (ls->sim) fbmu_sim_destroy(ls->sim);
  if (ls->model) fbmu_model_destroy(ls->model);
  delete ls;
}

// ---- driver calls
// ----------------------------------------------------------------------------------

int fbmu_lockstep_hello(fbmu_lockstep_t *ls) {
  if (!begin(ls, FBMU_LS_HELLO) || !need_settled(ls, FBMU_LS_HELLO)) return FBMU_LOCKSTEP_DIVERGED;
  int e = fbmu_hello(ls->mdl);
  int a = fbmu_hello(ls->rtl);
  cmp_rc(ls, "result", e, a);
  return finish(ls, e);
}

int fbmu_lockstep_get_arena_size(fbmu_lockstep_t *ls, uint64_t *size) {
  if (!begin(ls, FBMU_LS_GET_ARENA_SIZE) || !need_settled(ls, FBMU_LS_GET_ARENA_SIZE))
    return FBMU_LOCKSTEP_DIVERGED;
  uint64_t es = 0, as = 0;
  int e = fbmu_get_arena_size(ls->mdl, size ? &es : nullptr);
  int a = fbmu_get_arena_size(ls->rtl, size ? &as : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK) cmp_u64(ls, "arena size", es, as);
  if (size) *size = es;
  return finish(ls, e);
}

int fbmu_lockstep_alloc(fbmu_lockstep_t *ls, uint64_t min_bytes, uint64_t lease_secs,
                        fbmu_lease_info_t *info) {
  if (!begin(ls, FBMU_LS_ALLOC, {0, 0}, min_bytes, lease_secs) || !need_settled(ls, FBMU_LS_ALLOC))
    return FBMU_LOCKSTEP_DIVERGED;
  fbmu_lease_info_t ei{}, ai{};
  const bool held = fbmu_model_records_held(ls->model) == fbmu_sim_lease_slots(ls->sim);
  int e = fbmu_alloc(ls->mdl, min_bytes, lease_secs, info ? &ei : nullptr);
  if (held && e == FBMU_E_CAPACITY_EXCEEDED && lease_secs &&
      min_bytes <= fbmu_model_arena_size(ls->model))
    ls->st.fcov[FBMU_FCOV_ALLOC_RECORDS_HELD]++;
  int a = fbmu_alloc(ls->rtl, min_bytes, lease_secs, info ? &ai : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK && info && cmp_info(ls, ei, ai))
    cmp_reg(ls, FBMU_REG_RES_STATUS, "RES_STATUS");
  if (info) *info = ei;
  return finish(ls, e);
}

int fbmu_lockstep_query(fbmu_lockstep_t *ls, fbmu_lease_id_t id, fbmu_lease_info_t *info) {
  if (!begin(ls, FBMU_LS_QUERY, id) || !need_settled(ls, FBMU_LS_QUERY))
    return FBMU_LOCKSTEP_DIVERGED;
  fbmu_lease_info_t ei{}, ai{};
  int e = fbmu_query(ls->mdl, id, info ? &ei : nullptr);
  int a = fbmu_query(ls->rtl, id, info ? &ai : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK && info && cmp_info(ls, ei, ai))
    cmp_reg(ls, FBMU_REG_RES_STATUS, "RES_STATUS");
  if (info) *info = ei;
  return finish(ls, e);
}

int fbmu_lockstep_renew(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t secs,
                        uint64_t *expires_at) {
  if (!begin(ls, FBMU_LS_RENEW, id, 0, secs) || !need_settled(ls, FBMU_LS_RENEW))
    return FBMU_LOCKSTEP_DIVERGED;
  uint64_t ee = 0, ae = 0;
  int e = fbmu_renew(ls->mdl, id, secs, expires_at ? &ee : nullptr);
  int a = fbmu_renew(ls->rtl, id, secs, expires_at ? &ae : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK && expires_at) cmp_u64(ls, "expires_at", ee, ae);
  if (expires_at) *expires_at = ee;
  return finish(ls, e);
}

int fbmu_lockstep_free(fbmu_lockstep_t *ls, fbmu_lease_id_t id) {
  if (!begin(ls, FBMU_LS_FREE, id) || !need_settled(ls, FBMU_LS_FREE))
    return FBMU_LOCKSTEP_DIVERGED;
  // A FREE may overlap teardowns a time step left running: its command waits for them (spec 6:
  // commands wait for a settled lease table), so its window holds theirs too.
  const uint64_t before = ls->pend_teardowns ? ls->pend_budget + ls->pend_stall : 0;
  if (ls->pend_teardowns && !fbmu_sim_idle(ls->sim)) ls->st.fcov[FBMU_FCOV_FREE_DURING_TEARDOWN]++;
  int e = fbmu_free(ls->mdl, id);
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  int a = fbmu_free(ls->rtl, id);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK) {
    // FREE completes after the arena is zeroed (spec 6): the call itself is the teardown window.
    if (check_settle(ls, per_teardown(ls) + ls->slack + before, c0, "free") && ls->pend_teardowns &&
        !ls->step.active) {
      ls->pend_teardowns = ls->pend_budget = ls->pend_stall = 0;  // idle: all of them done
      ls->st.deferred_windows++;
    }
  }
  return finish(ls, e);
}

int fbmu_lockstep_read(fbmu_lockstep_t *ls, uint64_t offset, void *buf, uint32_t len,
                       uint32_t *n_read) {
  if (!begin(ls, FBMU_LS_READ, {0, 0}, offset, 0, len) || !need_settled(ls, FBMU_LS_READ))
    return FBMU_LOCKSTEP_DIVERGED;
  uint32_t en = kNoRead, an = kNoRead;
  int e = fbmu_read(ls->mdl, offset, buf, len, n_read ? &en : nullptr);
  int a = fbmu_read(ls->rtl, offset, rtl_buffer(ls, buf, len), len, n_read ? &an : nullptr);
  return finish_read(ls, e, a, buf, len, n_read, en, an);
}

int fbmu_lockstep_write(fbmu_lockstep_t *ls, uint64_t offset, const void *data, uint32_t len) {
  if (!begin(ls, FBMU_LS_WRITE, {0, 0}, offset, 0, len) || !need_settled(ls, FBMU_LS_WRITE))
    return FBMU_LOCKSTEP_DIVERGED;
  int e = fbmu_write(ls->mdl, offset, data, len);
  int a = fbmu_write(ls->rtl, offset, data, len);
  cmp_rc(ls, "result", e, a);
  return finish(ls, e);
}

int fbmu_lockstep_read_lease(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t offset, void *buf,
                             uint32_t len, uint32_t *n_read) {
  if (!begin(ls, FBMU_LS_READ_LEASE, id, offset, 0, len) || !need_settled(ls, FBMU_LS_READ_LEASE))
    return FBMU_LOCKSTEP_DIVERGED;
  uint32_t en = kNoRead, an = kNoRead;
  int e = fbmu_read_lease(ls->mdl, id, offset, buf, len, n_read ? &en : nullptr);
  int a =
      fbmu_read_lease(ls->rtl, id, offset, rtl_buffer(ls, buf, len), len, n_read ? &an : nullptr);
  return finish_read(ls, e, a, buf, len, n_read, en, an);
}

int fbmu_lockstep_write_lease(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t offset,
                              const void *data, uint32_t len) {
  if (!begin(ls, FBMU_LS_WRITE_LEASE, id, offset, 0, len) || !need_settled(ls, FBMU_LS_WRITE_LEASE))
    return FBMU_LOCKSTEP_DIVERGED;
  int e = fbmu_write_lease(ls->mdl, id, offset, data, len);
  int a = fbmu_write_lease(ls->rtl, id, offset, data, len);
  cmp_rc(ls, "result", e, a);
  return finish(ls, e);
}

int fbmu_lockstep_read_event(fbmu_lockstep_t *ls, fbmu_event_t *ev) {
  if (!begin(ls, FBMU_LS_READ_EVENT) || !need_settled(ls, FBMU_LS_READ_EVENT))
    return FBMU_LOCKSTEP_DIVERGED;
  fbmu_event_t ee{}, ae{};
  int e = fbmu_read_event(ls->mdl, ev ? &ee : nullptr);
  int a = fbmu_read_event(ls->rtl, ev ? &ae : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK && ev && cmp_event(ls, ee, ae) &&
      cmp_reg(ls, FBMU_REG_RES_STATUS, "RES_STATUS (event kind)"))
    cmp_reg(ls, FBMU_REG_RES_LEN, "RES_LEN (events still pending)");
  if (ev) *ev = ee;
  return finish(ls, e);
}

int fbmu_lockstep_event_count(fbmu_lockstep_t *ls, uint32_t *pending, uint32_t *dropped) {
  if (!begin(ls, FBMU_LS_EVENT_COUNT) || !need_settled(ls, FBMU_LS_EVENT_COUNT))
    return FBMU_LOCKSTEP_DIVERGED;
  uint32_t ep = 0, ed = 0, ap = 0, ad = 0;
  int e = fbmu_event_count(ls->mdl, pending ? &ep : nullptr, dropped ? &ed : nullptr);
  int a = fbmu_event_count(ls->rtl, pending ? &ap : nullptr, dropped ? &ad : nullptr);
  if (cmp_rc(ls, "result", e, a) && e == FBMU_OK && cmp_u64(ls, "events pending", ep, ap))
    cmp_u64(ls, "events dropped", ed, ad);
  if (ed > ls->st.max_events_dropped) ls->st.max_events_dropped = ed;
  if (pending) *pending = ep;
  if (dropped) *dropped = ed;
  return finish(ls, e);
}

// ---- platform steps --------------------------------------------------------------------------

int fbmu_lockstep_set_time(fbmu_lockstep_t *ls, uint64_t unix_secs, int settle) {
  if (!begin(ls, FBMU_LS_SET_TIME, {0, 0}, unix_secs, 0, 0, settle) ||
      !need_settled(ls, FBMU_LS_SET_TIME))
    return FBMU_LOCKSTEP_DIVERGED;
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  int a = settle ? ls->rtl_plat->set_time(ls->rtl_plat->ctx, unix_secs)
                 : fbmu_sim_set_time_raw(ls->sim, unix_secs);
  return time_step(ls, unix_secs, a, settle, c0);
}

int fbmu_lockstep_advance_time(fbmu_lockstep_t *ls, uint64_t secs, int settle) {
  if (!begin(ls, FBMU_LS_ADVANCE_TIME, {0, 0}, secs, 0, 0, settle) ||
      !need_settled(ls, FBMU_LS_ADVANCE_TIME))
    return FBMU_LOCKSTEP_DIVERGED;
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  uint64_t target = sat_add(fbmu_model_now(ls->model), secs);
  int a = settle ? ls->rtl_plat->advance_time(ls->rtl_plat->ctx, secs)
                 : fbmu_sim_set_time_raw(ls->sim, sat_add(fbmu_sim_time(ls->sim), secs));
  return time_step(ls, target, a, settle, c0);
}

int fbmu_lockstep_set_online(fbmu_lockstep_t *ls, int online) {
  if (!begin(ls, FBMU_LS_SET_ONLINE, {0, 0}, 0, 0, 0, online) ||
      !need_settled(ls, FBMU_LS_SET_ONLINE))
    return FBMU_LOCKSTEP_DIVERGED;
  return on_both_platforms(ls, "platform set_online result",
                           [&](const fbmu_platform_t *p) { return p->set_online(p->ctx, online); });
}

int fbmu_lockstep_set_arena_size(fbmu_lockstep_t *ls, uint64_t bytes) {
  if (!begin(ls, FBMU_LS_SET_ARENA_SIZE, {0, 0}, bytes) ||
      !need_settled(ls, FBMU_LS_SET_ARENA_SIZE))
    return FBMU_LOCKSTEP_DIVERGED;
  int e = ls->mdl_plat->set_arena_size(ls->mdl_plat->ctx, bytes);
  plat_step_model(ls);
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  plat_step_arm_rtl(ls);
  int a = ls->rtl_plat->set_arena_size(ls->rtl_plat->ctx, bytes);
  plat_step_rtl_done(ls);
  // Re-partitioning zeroes all memory; the spec gives no bound, so only require that it ends
  // (at one byte per cycle at worst).
  if (cmp_rc(ls, "platform set_arena_size result", e, a))
    check_settle(ls, ls->mem_bytes + ls->slack + 1024u, c0, "set_arena_size (re-zero all memory)",
                 false);
  return finish(ls, e);
}

int fbmu_lockstep_fence_clear(fbmu_lockstep_t *ls) {
  if (!begin(ls, FBMU_LS_FENCE_CLEAR) || !need_settled(ls, FBMU_LS_FENCE_CLEAR))
    return FBMU_LOCKSTEP_DIVERGED;
  uint64_t frames = fbmu_model_fenced_frames(ls->model);
  uint64_t bound = frames * per_teardown(ls) + ls->slack;
  if (frames) ls->st.fcov[FBMU_FCOV_FENCE_CLEAR]++;
  int e = ls->mdl_plat->fence_clear(ls->mdl_plat->ctx);
  plat_step_model(ls);
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  plat_step_arm_rtl(ls);
  int a = ls->rtl_plat->fence_clear(ls->rtl_plat->ctx);
  plat_step_rtl_done(ls);
  if (cmp_rc(ls, "platform fence_clear result", e, a))
    check_settle(ls, bound, c0, "fence_clear (re-zero fenced frames)");
  return finish(ls, e);
}

int fbmu_lockstep_inject_fault(fbmu_lockstep_t *ls, uint32_t bit_addr) {
  if (!begin(ls, FBMU_LS_INJECT_FAULT, {0, 0}, bit_addr) || !need_settled(ls, FBMU_LS_INJECT_FAULT))
    return FBMU_LOCKSTEP_DIVERGED;
  int e = ls->mdl_plat->inject_fault(ls->mdl_plat->ctx, bit_addr);
  plat_step_model(ls);
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  plat_step_arm_rtl(ls);
  int a = ls->rtl_plat->inject_fault(ls->rtl_plat->ctx, bit_addr);
  const bool stepped = plat_step_rtl_done(ls);
  // Only a step inside makes teardowns here: they must end within their bound too.
  if (cmp_rc(ls, "platform inject_fault result", e, a) && stepped)
    check_settle(ls, ls->slack, c0, "inject_fault with a time step inside");
  return finish(ls, e);
}

int fbmu_lockstep_reset(fbmu_lockstep_t *ls) {
  if (!begin(ls, FBMU_LS_RESET)) return FBMU_LOCKSTEP_DIVERGED;
  // Reset abandons whatever the RTL was doing: nothing pending survives it.
  ls->pend_teardowns = ls->pend_budget = ls->pend_stall = 0;
  int e = ls->mdl_plat->reset(ls->mdl_plat->ctx);
  uint64_t c0 = fbmu_sim_cycles(ls->sim);
  int a = ls->rtl_plat->reset(ls->rtl_plat->ctx);
  if (cmp_rc(ls, "platform reset result", e, a))
    check_settle(ls, ls->mem_bytes + ls->slack + 1024u, c0, "reset (scrub all memory)", false);
  return finish(ls, e);
}

int fbmu_lockstep_arm_reset(fbmu_lockstep_t *ls, uint32_t cmd, uint64_t cycles) {
  if (!begin(ls, FBMU_LS_ARM_RESET, {0, 0}, cycles, 0, cmd)) return FBMU_LOCKSTEP_DIVERGED;
  if (cmd == 0) return finish(ls, FBMU_E_INVALID_ARGUMENT);
  ls->cut_armed = true;
  ls->cut_cmd = cmd;
  ls->cut_cycles = cycles;
  ls->cut_seen = 0;
  return finish(ls, FBMU_OK);
}

int fbmu_lockstep_settle(fbmu_lockstep_t *ls) {
  if (!begin(ls, FBMU_LS_SETTLE)) return FBMU_LOCKSTEP_DIVERGED;
  if (ls->pend_teardowns)
    settle_pending(ls);
  else
    check_settle(ls, ls->slack, fbmu_sim_cycles(ls->sim), "settle", false);
  return finish(ls, FBMU_OK);
}

// ---- raw register write ----------------------------------------------------------------------

// A CMD write that opened a streamed write (spec 7) on the model: once the RTL shows XFER, up to
// `words` STAGING words on both sides (each response compared), then the bus goes quiet. Unless
// they reached the length, the RTL times the stream out after STREAM_TIMEOUT cycles and the model
// is told to: both end with E_TIMEOUT and the prefix that landed. False on a divergence.
bool abandon_stream(fbmu_lockstep *ls, uint32_t words) {
  // The RTL runs the checks first: its STAGING takes the data from STATUS.XFER on, as a driver
  // waits.
  uint32_t status = FBMU_STATUS_BUSY_MASK;
  for (int i = 0; i < 1000 && (status & FBMU_STATUS_BUSY_MASK) && !(status & FBMU_STATUS_XFER_MASK);
       i++) {
    if (ls->rtl_bus->read32(ls->rtl_bus->ctx, FBMU_REG_STATUS, &status) != FBMU_OK) break;
  }
  if (!(status & FBMU_STATUS_XFER_MASK))
    return diverge(ls, "STATUS.XFER after the CMD write of a streamed write", "1 (stream open)",
                   strf("0x%08x", status));
  // Words past the end would meet the RTL still copying (BUSY): a master waits for it instead.
  for (uint32_t i = 0; i < words && fbmu_model_stream_open(ls->model); i++) {
    const uint32_t a = FBMU_WIN_STAGING + 4u * i, v = 0x9E3779B9u * (i + 1u);
    int e = fbmu_model_write32_strb(ls->model, a, v, 0xFu);
    int r = fbmu_sim_write32_strb(ls->sim, a, v, 0xFu);
    if (!cmp_rc(ls, "STAGING write of a stream", e, r)) return false;
  }
  if (fbmu_model_stream_open(ls->model)) {
    fbmu_model_stream_timeout(ls->model);
    ls->st.fcov[FBMU_FCOV_STREAM_TIMEOUT]++;
  }
  return true;
}

int fbmu_lockstep_reg_write(fbmu_lockstep_t *ls, uint32_t addr, uint32_t value, uint8_t strb) {
  if (!begin(ls, FBMU_LS_REG_WRITE, {0, 0}, addr, value, strb) ||
      !need_settled(ls, FBMU_LS_REG_WRITE))
    return FBMU_LOCKSTEP_DIVERGED;
  const uint32_t word = addr & ~3u;
  int e = fbmu_model_write32_strb(ls->model, addr, value, strb);
  int a = fbmu_sim_write32_strb(ls->sim, addr, value, strb);
  if (cmp_rc(ls, "register write response", e, a)) {
    const bool stream = word == FBMU_REG_CMD && fbmu_model_stream_open(ls->model);
    bool ok = !stream || abandon_stream(ls, (value >> 8) & 0x3Fu);
    if (ok && word == FBMU_REG_CMD &&
        fbmu_sim_settle(ls->sim, ls->slack + 100000u, nullptr) != FBMU_OK)
      ok = diverge(ls, "idle_o after a CMD write", "1 (idle)", "0 (busy)");
    if (ok && stream) ok = cmp_reg(ls, FBMU_REG_STATUS, "STATUS after a stream");
    ok = ok && cmp_reg(ls, word, "written");
    if (ok && word == FBMU_REG_CMD) {
      const uint32_t results[] = {FBMU_REG_RES_ID_0,    FBMU_REG_RES_ID_3,   FBMU_REG_RES_SIZE_LO,
                                  FBMU_REG_RES_TIME_LO, FBMU_REG_RES_STATUS, FBMU_REG_RES_LEN};
      for (uint32_t r : results)
        if (!cmp_reg(ls, r, "result")) break;
    }
  }
  return finish(ls, e);
}

// ---- deep memory check ------------------------------------------------------------------------

int fbmu_lockstep_check_memory(fbmu_lockstep_t *ls) {
  if (!begin(ls, FBMU_LS_CHECK_MEMORY) || !settle_pending(ls)) return FBMU_LOCKSTEP_DIVERGED;
  const uint64_t mem = ls->mem_bytes;
  const uint64_t arena = fbmu_model_arena_size(ls->model);
  const uint8_t *em = fbmu_model_memory(ls->model);
  ls->rtl_mem.resize(mem);
  uint8_t *am = ls->rtl_mem.data();
  int prc = fbmu_sim_peek_mem(ls->sim, 0, am, static_cast<uint32_t>(mem));
  if (!cmp_rc(ls, "fbmu_sim_peek_mem result", FBMU_OK, prc)) return finish(ls, FBMU_OK);
  ls->st.memory_checks++;
  // Every frame at its own index; a free frame's model image is all zero.
  const uint64_t frames = mem / arena;
  for (uint64_t f = 0; f < frames; f++) {
    int state = fbmu_model_frame_state(ls->model, static_cast<uint32_t>(f));
    if (state == FBMU_MODEL_FRAME_FENCED) continue;  // contents unspecified
    ls->st.frames_compared++;
    const uint8_t *e = em + f * arena, *a = am + f * arena;
    if (std::memcmp(e, a, arena) == 0) continue;
    uint64_t i = 0;
    while (e[i] == a[i]) i++;
    const char *what = f == 0                             ? "bootstrap arena"
                       : state == FBMU_MODEL_FRAME_LEASED ? "lease frame"
                                                          : "free frame (must be zero)";
    diverge(ls,
            strf("memory of frame %" PRIu64 ", %s, byte %" PRIu64 " (of %" PRIu64 ")", f, what, i,
                 arena),
            strf("0x%02x (%" PRIu64 " non-zero bytes in the frame)", e[i], nonzero(e, arena)),
            strf("0x%02x (%" PRIu64 " non-zero bytes in the frame)", a[i], nonzero(a, arena)));
    break;
  }
  return finish(ls, FBMU_OK);
}

int fbmu_lockstep_step_in_cmd(fbmu_lockstep_t *ls, uint64_t secs, uint32_t after_cmd,
                              uint64_t cycles) {
  if (!begin(ls, FBMU_LS_STEP_IN_CMD, {0, 0}, secs, cycles, after_cmd))
    return FBMU_LOCKSTEP_DIVERGED;
  auto &s = ls->step;
  s = {};
  s.armed = true;
  s.secs = secs;
  s.cycles = cycles;
  s.after_cmd = after_cmd ? after_cmd : 1u;
  return finish(ls, FBMU_OK);
}

int fbmu_lockstep_step_in_plat(fbmu_lockstep_t *ls, uint64_t secs, uint64_t cycles) {
  if (!begin(ls, FBMU_LS_STEP_IN_PLAT, {0, 0}, secs, cycles)) return FBMU_LOCKSTEP_DIVERGED;
  auto &s = ls->step;
  s = {};
  s.armed = true;
  s.in_plat = true;
  s.secs = secs;
  s.cycles = cycles;
  return finish(ls, FBMU_OK);
}

// ---- the checker as a platform port
// --------------------------------------------------------------

namespace {
fbmu_lockstep_t *L(void *ctx) { return static_cast<fbmu_lockstep_t *>(ctx); }
}  // namespace

const fbmu_platform_t *fbmu_lockstep_platform(fbmu_lockstep_t *ls) {
  fbmu_platform_t &p = ls->both;
  if (p.ctx) return &p;
  p.ctx = ls;
  p.set_time = [](void *c, uint64_t t) { return fbmu_lockstep_set_time(L(c), t, 1); };
  p.advance_time = [](void *c, uint64_t secs) { return fbmu_lockstep_advance_time(L(c), secs, 1); };
  p.set_arena_size = [](void *c, uint64_t bytes) {
    return fbmu_lockstep_set_arena_size(L(c), bytes);
  };
  p.set_online = [](void *c, int online) { return fbmu_lockstep_set_online(L(c), online); };
  p.reset = [](void *c) { return fbmu_lockstep_reset(L(c)); };
  p.fence_clear = [](void *c) { return fbmu_lockstep_fence_clear(L(c)); };
  p.inject_fault = [](void *c, uint32_t b) { return fbmu_lockstep_inject_fault(L(c), b); };
  p.now = [](void *c) { return fbmu_lockstep_now(L(c)); };
  return &p;
}

// ---- state
// ---------------------------------------------------------------------------------------

int fbmu_lockstep_diverged(const fbmu_lockstep_t *ls) { return ls && ls->diverged; }

const char *fbmu_lockstep_report(const fbmu_lockstep_t *ls) { return ls ? ls->report.c_str() : ""; }

int fbmu_lockstep_divergence(const fbmu_lockstep_t *ls, fbmu_lockstep_divergence_t *out) {
  if (!ls || !ls->diverged) return 0;
  if (out) *out = ls->div;
  return 1;
}

void fbmu_lockstep_get_stats(const fbmu_lockstep_t *ls, fbmu_lockstep_stats_t *out) {
  if (!ls || !out) return;
  *out = ls->st;
  out->cycles = fbmu_sim_cycles(ls->sim);
  out->fcov[FBMU_FCOV_RESET_IN_COMMAND] = ls->st.resets_in_command;
  // The bus-shape bins are counted by the RTL's bus master, not by the checker.
  fbmu_sim_bus_shapes_t sh{};
  fbmu_sim_bus_shapes(ls->sim, &sh);
  out->fcov[FBMU_FCOV_BUS_AW_BEFORE_W] = sh.aw_before_w;
  out->fcov[FBMU_FCOV_BUS_W_BEFORE_AW] = sh.w_before_aw;
  out->fcov[FBMU_FCOV_BUS_B_BACKPRESSURE] = sh.b_backpressure;
  out->fcov[FBMU_FCOV_BUS_R_BACKPRESSURE] = sh.r_backpressure;
  out->fcov[FBMU_FCOV_BUS_READ_DURING_WRITE] = sh.read_during_write;
  out->fcov[FBMU_FCOV_BUS_PARTIAL_STROBE] = sh.partial_strobe;
}

uint64_t fbmu_lockstep_now(const fbmu_lockstep_t *ls) { return fbmu_model_now(ls->model); }
uint64_t fbmu_lockstep_cycles(const fbmu_lockstep_t *ls) { return fbmu_sim_cycles(ls->sim); }
uint64_t fbmu_lockstep_arena_size(const fbmu_lockstep_t *ls) {
  return fbmu_model_arena_size(ls->model);
}

const char *fbmu_lockstep_call_name(fbmu_ls_call_t call) {
  const fbmu_ops::OpKind *k = fbmu_ops::Find(call);
  return k ? k->call_name : "?";
}

fbmu_sim_t *fbmu_lockstep_sim(fbmu_lockstep_t *ls) { return ls->sim; }
fbmu_model_t *fbmu_lockstep_model(fbmu_lockstep_t *ls) { return ls->model; }

}  // extern "C"
