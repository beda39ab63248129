// fbmu-bench-cosim: how fast the co-simulation runs and how well the driver uses the bus.
//
// Each workload runs twice, on the Verilated RTL alone (C driver on fbmu_sim_bus) and through the
// lockstep checker (RTL + golden model, every answer compared), tracing off both times, so the
// checker's cost shows as a ratio. Figures: simulated cycles per CPU second, driver calls per
// CPU second, and for 4 KiB leased reads and writes the bus efficiency in bytes moved per cycle
// the driver call took, with the bus's block callbacks (pipelined STAGING transfers) and without
// (one transaction at a time). The regression's op stream (fbmu-cosim --seed 1) runs through the
// checker and is then replayed, op for op, on the RTL alone: the ratio of the two is the checker's
// cost. Both run the in-order bus master; the same stream runs once more through the checker on the
// random bus master (fbmu-cosim's default), which makes more cycles per op. The idle unit's clock
// rate comes from the bare harness, as it runs it (fast-forward of a unit at a fixed point,
// sim/README.md) and with every cycle evaluated. Then the cost of tracing: the bare clock and the
// random ops with tracing off, with a trace window armed but not reached, with a 10 000-cycle
// window and with a full FST trace, as ratios to tracing off. A summary compares the figures with
// the targets. Measured and printed, never asserted.
//
//   fbmu-bench-cosim [--quick] [--random] [--help]
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fbmu.h"
#include "fbmu_sim.h"
#include "lockstep.h"
#include "opgen.h"
#include "runner.h"

namespace {

constexpr uint64_t kSeed = 1;
constexpr uint64_t kStartTime = 1700000000;
constexpr uint32_t kXfer = 4096;

// Process CPU time, not wall time: on a shared machine the wall clock mostly measures the other
// jobs. (The bench is one thread.)
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The RTL alone, with the seed and start time of the checked runs.
fbmu_sim_t *CreateSim() {
  fbmu_sim_config_t c{};
  c.id_seed = kSeed;
  c.start_time = kStartTime;
  return fbmu_sim_create(&c);
}

// The RTL alone: the same calls as the checker offers, straight to the driver. kBlocks false hides
// the bus's block callbacks, so the driver moves STAGING one transaction at a time.
template <bool kBlocks>
struct RtlBus {
  static constexpr const char *kName = kBlocks ? "RTL alone" : "RTL words";
  fbmu_sim_t *sim = nullptr;
  fbmu_t *dev = nullptr;
  bool Open() {
    sim = CreateSim();
    if (!sim) return false;
    fbmu_bus_t bus = *fbmu_sim_bus(sim);  // fbmu_open copies it
    if (!kBlocks) bus.read_block = nullptr, bus.write_block = nullptr;
    return fbmu_open(&bus, &dev) == FBMU_OK && fbmu_sim_settle(sim, 1u << 24, nullptr) == FBMU_OK;
  }
  void Close() {
    fbmu_close(dev);
    if (sim) fbmu_sim_destroy(sim);
  }
  uint64_t Cycles() const { return fbmu_sim_cycles(sim); }
  int Alloc(uint64_t b, uint64_t s, fbmu_lease_info_t *i) { return fbmu_alloc(dev, b, s, i); }
  int Query(fbmu_lease_id_t id, fbmu_lease_info_t *i) { return fbmu_query(dev, id, i); }
  int Renew(fbmu_lease_id_t id, uint64_t s) {
    uint64_t e = 0;
    return fbmu_renew(dev, id, s, &e);
  }
  int Free(fbmu_lease_id_t id) { return fbmu_free(dev, id); }
  int Read(fbmu_lease_id_t id, uint64_t o, void *b, uint32_t l, uint32_t *n) {
    return fbmu_read_lease(dev, id, o, b, l, n);
  }
  int Write(fbmu_lease_id_t id, uint64_t o, const void *d, uint32_t l) {
    return fbmu_write_lease(dev, id, o, d, l);
  }
  int Advance(uint64_t s) {
    const fbmu_platform_t *p = fbmu_sim_platform(sim);
    return p->advance_time(p->ctx, s);
  }
  int Event(fbmu_event_t *e) { return fbmu_read_event(dev, e); }
};
using RtlOnly = RtlBus<true>;
using RtlWords = RtlBus<false>;

struct Checked {
  static constexpr const char *kName = "lockstep";
  fbmu_lockstep_t *ls = nullptr;
  uint32_t bus_seed = 0;  // 0: in-order bus master; else random bus shapes from this seed
  bool Open() {
    fbmu_lockstep_config_t c{};
    c.id_seed = kSeed;
    c.start_time = kStartTime;
    c.bus_seed = bus_seed;
    c.label = "fbmu-bench-cosim";
    ls = fbmu_lockstep_create(&c);
    return ls != nullptr;
  }
  void Close() { fbmu_lockstep_destroy(ls); }
  uint64_t Cycles() const { return fbmu_lockstep_cycles(ls); }
  int Alloc(uint64_t b, uint64_t s, fbmu_lease_info_t *i) {
    return fbmu_lockstep_alloc(ls, b, s, i);
  }
  int Query(fbmu_lease_id_t id, fbmu_lease_info_t *i) { return fbmu_lockstep_query(ls, id, i); }
  int Renew(fbmu_lease_id_t id, uint64_t s) {
    uint64_t e = 0;
    return fbmu_lockstep_renew(ls, id, s, &e);
  }
  int Free(fbmu_lease_id_t id) { return fbmu_lockstep_free(ls, id); }
  int Read(fbmu_lease_id_t id, uint64_t o, void *b, uint32_t l, uint32_t *n) {
    return fbmu_lockstep_read_lease(ls, id, o, b, l, n);
  }
  int Write(fbmu_lease_id_t id, uint64_t o, const void *d, uint32_t l) {
    return fbmu_lockstep_write_lease(ls, id, o, d, l);
  }
  int Advance(uint64_t s) { return fbmu_lockstep_advance_time(ls, s, 1); }
  int Event(fbmu_event_t *e) { return fbmu_lockstep_read_event(ls, e); }
};

// RTL cycles, calls and results that differ from the checked run, per op kind (random ops rows).
struct KindCycles {
  uint64_t calls[FBMU_LS_CALL_COUNT] = {};
  uint64_t cycles[FBMU_LS_CALL_COUNT] = {};
  uint64_t differ[FBMU_LS_CALL_COUNT] = {};
};

struct Result {
  std::string workload, mode;
  KindCycles kinds;
  uint64_t calls = 0, cycles = 0, bytes = 0, xfer_cycles = 0;
  double cpu = 0;  // CPU seconds
  bool failed = false;
  std::string note;
};

// Lease churn: alloc, partial write, whole read, query, renew, free or let expire, events.
template <class T>
Result Mixed(uint32_t loops) {
  T t;
  Result r;
  r.workload = "mixed lease churn";
  r.mode = T::kName;
  if (!t.Open()) return r.failed = true, r.note = "setup failed", r;
  std::vector<uint8_t> data(kXfer, 0x5A), buf(kXfer);
  uint64_t c0 = t.Cycles();
  double w0 = CpuSeconds();
  for (uint32_t i = 0; i < loops && !r.failed; i++) {
    fbmu_lease_info_t info{};
    fbmu_event_t ev{};
    uint32_t n = 0;
    int rc = t.Alloc(kXfer, 3 + i % 5, &info);
    r.calls++;
    if (rc == FBMU_OK) {
      r.failed |= t.Write(info.lease_id, i % 61, data.data(), 1000) < 0;
      r.failed |= t.Read(info.lease_id, 0, buf.data(), kXfer, &n) < 0;
      r.failed |= t.Query(info.lease_id, &info) < 0;
      r.failed |= t.Renew(info.lease_id, 2) < 0;
      r.calls += 4;
      if (i & 1) {
        r.failed |= t.Free(info.lease_id) < 0;
        r.calls++;
      }
    } else if (rc == FBMU_LOCKSTEP_DIVERGED) {
      r.failed = true;
    }
    r.failed |= t.Advance(1) == FBMU_LOCKSTEP_DIVERGED;
    r.calls++;
    for (int k = 0; k < 4; k++) {
      r.calls++;
      rc = t.Event(&ev);
      if (rc == FBMU_LOCKSTEP_DIVERGED) r.failed = true;
      if (rc != FBMU_OK) break;
    }
  }
  r.cpu = CpuSeconds() - w0;
  r.cycles = t.Cycles() - c0;
  if (r.failed) r.note = "a call failed";
  t.Close();
  return r;
}

// Repeated 4 KiB leased transfers of one lease; bytes per cycle over the driver calls alone.
template <class T>
Result Xfer(uint32_t loops, bool write) {
  T t;
  Result r;
  r.workload = write ? "4 KiB leased write" : "4 KiB leased read";
  r.mode = T::kName;
  if (!t.Open()) return r.failed = true, r.note = "setup failed", r;
  std::vector<uint8_t> data(kXfer), buf(kXfer);
  for (uint32_t i = 0; i < kXfer; i++) data[i] = static_cast<uint8_t>(i * 13 + 1);
  fbmu_lease_info_t info{};
  if (t.Alloc(kXfer, 1000000, &info) != FBMU_OK || t.Write(info.lease_id, 0, data.data(), kXfer))
    return r.failed = true, r.note = "setup failed", r;
  uint64_t c0 = t.Cycles();
  double w0 = CpuSeconds();
  for (uint32_t i = 0; i < loops; i++) {
    uint64_t before = t.Cycles();
    uint32_t n = 0;
    int rc = write ? t.Write(info.lease_id, 0, data.data(), kXfer)
                   : t.Read(info.lease_id, 0, buf.data(), kXfer, &n);
    r.xfer_cycles += t.Cycles() - before;
    r.calls++;
    if (rc != FBMU_OK || (!write && n != kXfer)) {
      r.failed = true;
      r.note = "transfer failed";
      break;
    }
    r.bytes += kXfer;
  }
  r.cpu = CpuSeconds() - w0;
  r.cycles = t.Cycles() - c0;
  t.Close();
  return r;
}

// The regression's op stream on the RTL alone: what the op stream asks of the RTL, without the
// model, the comparisons and the checker's own waits. The driver talks through a tap of the bus
// that counts CMD writes, so a time step inside a call (step_in_cmd) and a warm reset inside a
// call (arm_reset) land after the same CMD write, the same cycles later, as the checker lands them
// (lockstep.cpp); a time step inside a platform request (step_in_plat) is published the same
// cycles after the request rises; a landed reset's scrub is waited for, as fbmu_sim_reset waits for
// it.
struct RtlReplay {
  fbmu_sim_t *sim = nullptr;
  fbmu_t *dev = nullptr;
  fbmu_bus_t tap{};
  struct {
    bool armed = false, active = false, done = false;
    bool in_plat = false;  // rides on the next platform request, not on a CMD write
    uint64_t secs = 0, cycles = 0;
    uint32_t after_cmd = 1, cmds = 0;
  } step;
  bool cut_armed = false;
  uint32_t cut_cmd = 0, cut_seen = 0;
  uint64_t cut_cycles = 0, resets_seen = 0;

  static RtlReplay *R(void *c) { return static_cast<RtlReplay *>(c); }
  const fbmu_bus_t *Bus() const { return fbmu_sim_bus(sim); }
  void PublishStep(uint64_t cycles) {
    step.done = true;
    if (cycles) fbmu_sim_run(sim, cycles);
    const uint64_t now = fbmu_sim_time(sim);
    fbmu_sim_set_time_raw(sim, step.secs > UINT64_MAX - now ? UINT64_MAX : now + step.secs);
  }
  static int Write32(void *c, uint32_t a, uint32_t v) {
    RtlReplay *r = R(c);
    if (r->cut_armed && a == FBMU_REG_CMD && ++r->cut_seen == r->cut_cmd)
      fbmu_sim_reset_at(r->sim, fbmu_sim_cycles(r->sim) + r->cut_cycles + 1u);
    int rc = r->Bus()->write32(r->Bus()->ctx, a, v);
    if (a == FBMU_REG_CMD && r->step.active && !r->step.in_plat && !r->step.done &&
        ++r->step.cmds == r->step.after_cmd)
      r->PublishStep(r->step.cycles);
    return rc;
  }
  static int Read32(void *c, uint32_t a, uint32_t *v) {
    return R(c)->Bus()->read32(R(c)->Bus()->ctx, a, v);
  }
  static int ReadBlock(void *c, uint32_t a, uint32_t *v, uint32_t n) {
    return R(c)->Bus()->read_block(R(c)->Bus()->ctx, a, v, n);
  }
  static int WriteBlock(void *c, uint32_t a, const uint32_t *v, uint32_t n) {
    return R(c)->Bus()->write_block(R(c)->Bus()->ctx, a, v, n);
  }
  bool Open() {
    sim = CreateSim();
    if (!sim) return false;
    tap.ctx = this;
    tap.read32 = Read32;
    tap.write32 = Write32;
    tap.read_block = ReadBlock;
    tap.write_block = WriteBlock;
    return fbmu_open(&tap, &dev) == FBMU_OK && fbmu_sim_settle(sim, 1u << 24, nullptr) == FBMU_OK;
  }
  void Close() {
    fbmu_close(dev);
    if (sim) fbmu_sim_destroy(sim);
  }
  uint64_t Cycles() const { return fbmu_sim_cycles(sim); }

  // One op; returns the call's result.
  int Run(const fbmu_ops::OpIo &io, const fbmu_op_t &op, std::vector<uint8_t> *rbuf) {
    if (op.call == FBMU_LS_STEP_IN_CMD) {
      step = {};
      step.armed = true;
      step.secs = op.a;
      step.cycles = op.b;
      step.after_cmd = op.len ? op.len : 1u;
      return FBMU_OK;
    }
    if (op.call == FBMU_LS_STEP_IN_PLAT) {
      step = {};
      step.armed = true;
      step.in_plat = true;
      step.secs = op.a;
      step.cycles = op.b;
      return FBMU_OK;
    }
    if (step.armed) step.armed = false, step.active = true;
    int rc = Call(io, op, rbuf);
    if (op.call != FBMU_LS_ARM_RESET && cut_armed) {
      cut_armed = false;  // the call ended before the reset: dropped
      fbmu_sim_reset_at(sim, 0);
    }
    if (fbmu_sim_resets_fired(sim) != resets_seen) {
      resets_seen = fbmu_sim_resets_fired(sim);
      fbmu_sim_settle(sim, 1ull << 26, nullptr);  // the scrub
      step.active = false;
      return FBMU_E_DISCONNECTED;
    }
    if (step.active && !step.done) PublishStep(0);
    step.active = false;
    return rc;
  }

  // A platform request, carrying the armed step_in_plat when there is one: the time is published
  // `cycles` after the first rising edge that sees the request, or after it when it ends sooner
  // (as the checker's plat_step_arm_rtl / plat_step_rtl_done do).
  template <typename Request>
  int Platform(Request request) {
    if (!step.active || !step.in_plat || step.done) return request();
    const uint64_t now = fbmu_sim_time(sim);
    const uint64_t target = step.secs > UINT64_MAX - now ? UINT64_MAX : now + step.secs;
    const uint64_t pub_cycle = fbmu_sim_cycles(sim) + 1u + step.cycles;
    fbmu_sim_set_time_at(sim, pub_cycle, target);
    const int rc = request();
    if (fbmu_sim_cycles(sim) <= pub_cycle) fbmu_sim_set_time_raw(sim, target);
    step.done = true;
    return rc;
  }

  int Call(const fbmu_ops::OpIo &io, const fbmu_op_t &op, std::vector<uint8_t> *rbuf) {
    fbmu_lease_info_t info{};
    fbmu_event_t ev{};
    uint64_t v = 0;
    uint32_t n = 0, p = 0, q = 0;
    switch (op.call) {
      case FBMU_LS_HELLO:
        return fbmu_hello(dev);
      case FBMU_LS_GET_ARENA_SIZE:
        return fbmu_get_arena_size(dev, &v);
      case FBMU_LS_ALLOC:
        return fbmu_alloc(dev, op.a, op.b, &info);
      case FBMU_LS_QUERY:
        return fbmu_query(dev, op.id, &info);
      case FBMU_LS_RENEW:
        return fbmu_renew(dev, op.id, op.b, &v);
      case FBMU_LS_FREE:
        return fbmu_free(dev, op.id);
      case FBMU_LS_READ:
      case FBMU_LS_READ_LEASE:
        if (rbuf->size() < op.len) rbuf->resize(op.len);
        return op.call == FBMU_LS_READ
                   ? fbmu_read(dev, op.a, rbuf->data(), op.len, &n)
                   : fbmu_read_lease(dev, op.id, op.a, rbuf->data(), op.len, &n);
      case FBMU_LS_WRITE:
        return fbmu_write(dev, op.a, io.data(op), op.len);
      case FBMU_LS_WRITE_LEASE:
        return fbmu_write_lease(dev, op.id, op.a, io.data(op), op.len);
      case FBMU_LS_READ_EVENT:
        return fbmu_read_event(dev, &ev);
      case FBMU_LS_EVENT_COUNT:
        return fbmu_event_count(dev, &p, &q);
      case FBMU_LS_SET_TIME:
        return op.flag ? fbmu_sim_set_time(sim, op.a) : fbmu_sim_set_time_raw(sim, op.a);
      case FBMU_LS_ADVANCE_TIME: {
        if (op.flag) return fbmu_sim_advance_time(sim, op.a);
        const uint64_t now = fbmu_sim_time(sim);
        return fbmu_sim_set_time_raw(sim, op.a > UINT64_MAX - now ? UINT64_MAX : now + op.a);
      }
      case FBMU_LS_SET_ONLINE:
        return fbmu_sim_set_online(sim, op.flag);
      case FBMU_LS_SET_ARENA_SIZE:
        return Platform([&] { return fbmu_sim_set_arena_size(sim, op.a); });
      case FBMU_LS_FENCE_CLEAR:
        return Platform([&] { return fbmu_sim_fence_clear(sim); });
      case FBMU_LS_INJECT_FAULT:
        return Platform([&] { return fbmu_sim_inject_fault(sim, static_cast<uint32_t>(op.a)); });
      case FBMU_LS_RESET:
        return fbmu_sim_reset(sim);
      case FBMU_LS_ARM_RESET:
        if (op.len == 0) return FBMU_E_INVALID_ARGUMENT;
        cut_armed = true;
        cut_cmd = op.len;
        cut_cycles = op.a;
        cut_seen = 0;
        return FBMU_OK;
      case FBMU_LS_REG_WRITE: {
        // A CMD write runs the command it starts to its end before the next op, as in the checked
        // run (lockstep.h: reg_write).
        const uint32_t addr = static_cast<uint32_t>(op.a);
        int rc = fbmu_sim_write32_strb(sim, addr, static_cast<uint32_t>(op.b),
                                       static_cast<uint8_t>(op.len));
        if ((addr & ~3u) == FBMU_REG_CMD) fbmu_sim_settle(sim, 1ull << 26, nullptr);
        return rc;
      }
      case FBMU_LS_CHECK_MEMORY:
        return FBMU_OK;  // the checker's look through the backdoor: no simulated time
      default:
        return fbmu_sim_settle(sim, 1ull << 26, nullptr);  // SETTLE
    }
  }
};

// The regression's own op mix through the checker (the stream depends on the model's answers, so
// it is generated there), then the same ops replayed on the RTL alone.
// alone == nullptr: the checked run only, on the random bus master fbmu-cosim uses by default
// (the replay runs the in-order master, so it is compared with the in-order checked run).
void Random(uint64_t ops, Result *checked, Result *alone) {
  Checked t;
  Result &r = *checked;
  r.workload = "random ops (seed 1)";
  r.mode = alone ? Checked::kName : "lockstep, random bus";
  if (!alone) t.bus_seed = fbmu_cosim::BusSeedFor(kSeed);
  if (alone) alone->workload = r.workload, alone->mode = "RTL replay";
  if (!t.Open()) {
    r.failed = true, r.note = "setup failed";
    if (alone) alone->failed = true, alone->note = r.note;
    return;
  }
  fbmu_opgen_config_t gc{};
  gc.id_seed = kSeed;
  fbmu_opgen_t *g = fbmu_opgen_create(kSeed, &gc);
  std::vector<fbmu_op_t> log;
  std::vector<int> rcs;
  log.reserve(ops);
  rcs.reserve(ops);
  uint64_t c0 = t.Cycles();
  double w0 = CpuSeconds();
  for (uint64_t i = 0; i < ops; i++) {
    fbmu_op_t op{};
    r.calls++;
    fbmu_opgen_next(g, &op);
    const uint64_t before = t.Cycles();
    int rc = fbmu_opgen_exec(g, t.ls, &op, nullptr);
    r.kinds.calls[op.call]++;
    r.kinds.cycles[op.call] += t.Cycles() - before;
    if (rc == FBMU_LOCKSTEP_DIVERGED) {
      r.failed = true;
      r.note = "diverged (run fbmu-cosim --seed 1)";
      break;
    }
    log.push_back(op);
    rcs.push_back(rc);
  }
  r.cpu = CpuSeconds() - w0;
  r.cycles = t.Cycles() - c0;
  t.Close();
  if (!alone) {
    fbmu_opgen_destroy(g);
    return;
  }

  RtlReplay a;
  if (!a.Open()) {
    alone->failed = true, alone->note = "setup failed";
  } else {
    std::vector<uint8_t> rbuf;
    const fbmu_ops::OpIo io(kSeed);  // the write data the generator's ops carry
    uint64_t differ = 0;
    size_t first = 0;
    c0 = a.Cycles();
    w0 = CpuSeconds();
    for (size_t i = 0; i < log.size(); i++) {
      alone->calls++;
      const uint64_t before = a.Cycles();
      const int got = a.Run(io, log[i], &rbuf);
      const bool d = got != rcs[i];
      if (d && !differ) first = i;
      differ += d;
      alone->kinds.calls[log[i].call]++;
      alone->kinds.cycles[log[i].call] += a.Cycles() - before;
      alone->kinds.differ[log[i].call] += d;
    }
    alone->cpu = CpuSeconds() - w0;
    alone->cycles = a.Cycles() - c0;
    // Without the checker's settling between calls a result may differ now and then (a command
    // meets a teardown still running); the replay is then not quite the same run.
    if (differ)
      alone->note = std::to_string(differ) + " results differ from the checked run, first op " +
                    std::to_string(first + 1) + " " + fbmu_ops::ReportText(log[first]);
    a.Close();
  }
  fbmu_opgen_destroy(g);
}

// ---- tracing cost ----------------------------------------------------------------------------

enum class Trace { kOff, kArmed, kWindow, kFull };
const char *TraceName(Trace t) {
  switch (t) {
    case Trace::kOff:
      return "trace off";
    case Trace::kArmed:
      return "armed";
    case Trace::kWindow:
      return "window 10k";
    default:
      return "full FST";
  }
}
constexpr uint64_t kWindowCycles = 10000;

struct TraceRun {
  Result r;
  uint64_t bytes = 0;  // trace file size
};

uint64_t FileSize(const std::string &path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// The window of a run that starts at cycle `at` and runs about `span` cycles: armed = never
// reached, window = 10 000 cycles in the middle, full = everything.
void Window(Trace t, uint64_t at, uint64_t span, uint64_t *from, uint64_t *to) {
  *from = 0;
  *to = 0;
  if (t == Trace::kArmed) *from = *to = UINT64_MAX - 1;
  if (t == Trace::kWindow) *from = at + span / 2, *to = *from + kWindowCycles - 1;
}

// The bare harness: the idle clock after reset, nothing else. fast: the harness's fast-forward of
// a unit at a fixed point (its default; off, every cycle is evaluated).
TraceRun BareClock(uint64_t cycles, Trace t, const std::string &dir, bool fast = false) {
  TraceRun tr;
  tr.r.workload = "bare clock";
  tr.r.mode = TraceName(t);
  std::string path = dir + "/clock.fst";
  fbmu_sim_t *sim = fbmu_sim_create(nullptr);
  if (!sim) return tr.r.failed = true, tr.r.note = "setup failed", tr;
  fbmu_sim_set_fast_forward(sim, fast ? 1 : 0);
  uint64_t from = 0, to = 0, c0 = fbmu_sim_cycles(sim);
  Window(t, c0, cycles, &from, &to);
  if (t != Trace::kOff && (fbmu_sim_trace_window(sim, from, to) != FBMU_OK ||
                           fbmu_sim_trace(sim, path.c_str()) != FBMU_OK))
    tr.r.failed = true, tr.r.note = "trace failed";
  double w0 = CpuSeconds();
  if (fbmu_sim_run(sim, cycles) != FBMU_OK) tr.r.failed = true;
  tr.r.cpu = CpuSeconds() - w0;
  tr.r.cycles = fbmu_sim_cycles(sim) - c0;
  fbmu_sim_trace(sim, nullptr);
  fbmu_sim_destroy(sim);
  if (t != Trace::kOff) {
    tr.bytes = FileSize(path);
    std::remove(path.c_str());
  }
  return tr;
}

// The regression's op stream through the checker, traced as asked (create and reset included in
// the trace, not in the time).
TraceRun RandomTraced(uint64_t ops, Trace t, const std::string &dir) {
  TraceRun tr;
  tr.r.workload = "random ops (seed 1)";
  tr.r.mode = TraceName(t);
  std::string path = dir + "/random.fst";
  fbmu_lockstep_config_t c{};
  c.id_seed = kSeed;
  c.start_time = kStartTime;
  c.label = "fbmu-bench-cosim";
  const uint64_t reset_cycles = 16400, per_op = 500;  // about: create, and one op (seed 1)
  Window(t, reset_cycles, ops * per_op, &c.trace_from_cycle, &c.trace_to_cycle);
  if (t != Trace::kOff) c.trace_path = path.c_str();
  fbmu_lockstep_t *ls = fbmu_lockstep_create(&c);
  if (!ls) return tr.r.failed = true, tr.r.note = "setup failed", tr;
  fbmu_opgen_config_t gc{};
  gc.id_seed = kSeed;
  fbmu_opgen_t *g = fbmu_opgen_create(kSeed, &gc);
  uint64_t c0 = fbmu_lockstep_cycles(ls);
  double w0 = CpuSeconds();
  for (uint64_t i = 0; i < ops; i++) {
    tr.r.calls++;
    if (fbmu_opgen_step(g, ls, nullptr) == FBMU_LOCKSTEP_DIVERGED) {
      tr.r.failed = true;
      tr.r.note = "diverged (run fbmu-cosim --seed 1)";
      break;
    }
  }
  tr.r.cpu = CpuSeconds() - w0;
  tr.r.cycles = fbmu_lockstep_cycles(ls) - c0;
  fbmu_opgen_destroy(g);
  fbmu_lockstep_destroy(ls);
  tr.bytes = FileSize(path);
  std::remove(path.c_str());
  return tr;
}

void TraceRatio(const TraceRun &off, const TraceRun &x) {
  double a = off.r.cpu > 0 ? static_cast<double>(off.r.cycles) / off.r.cpu : 0;
  double b = x.r.cpu > 0 ? static_cast<double>(x.r.cycles) / x.r.cpu : 0;
  std::printf("%-20s %-10s cycles/s x%.3f of tracing off, trace file %.0f kB\n", "", "ratio",
              a > 0 ? b / a : 0.0, static_cast<double>(x.bytes) / 1e3);
}

double Per(double x, double secs) { return secs > 0 ? x / secs : 0.0; }

void Row(const Result &r) {
  char bpc[32] = "-";
  if (r.xfer_cycles)
    std::snprintf(bpc, sizeof bpc, "%.2f",
                  static_cast<double>(r.bytes) / static_cast<double>(r.xfer_cycles));
  char cyc_per_call[32] = "-";
  if (r.calls)
    std::snprintf(cyc_per_call, sizeof cyc_per_call, "%.0f",
                  static_cast<double>(r.cycles) / static_cast<double>(r.calls));
  std::printf("%-20s %-10s %8" PRIu64 " %11" PRIu64 " %8.3f %10.0f %9.2f %9s %8s %s\n",
              r.workload.c_str(), r.mode.c_str(), r.calls, r.cycles, r.cpu,
              Per(static_cast<double>(r.calls), r.cpu),
              Per(static_cast<double>(r.cycles), r.cpu) / 1e6, cyc_per_call, bpc,
              r.failed ? ("FAILED: " + r.note).c_str() : r.note.c_str());
}

void Ratio(const Result &rtl, const Result &chk) {
  double slow = rtl.cpu > 0 ? chk.cpu / rtl.cpu : 0.0;
  double cyc = rtl.cycles ? static_cast<double>(chk.cycles) / static_cast<double>(rtl.cycles) : 0.0;
  std::printf("%-20s %-10s checker cost: CPU time x%.2f, RTL cycles x%.3f\n", "", "ratio", slow,
              cyc);
}

// Where the checked run's RTL cycles go, per op kind, against the replay of the same ops.
void KindTable(const Result &chk, const Result &rtl) {
  std::printf("%-20s %-20s %8s %11s %11s %11s %7s\n", "", "op kind", "calls", "checked cyc",
              "replay cyc", "extra", "differ");
  for (int k = 0; k < FBMU_LS_CALL_COUNT; k++) {
    if (!chk.kinds.calls[k]) continue;
    const int64_t extra = static_cast<int64_t>(chk.kinds.cycles[k] - rtl.kinds.cycles[k]);
    std::printf("%-20s %-20s %8" PRIu64 " %11" PRIu64 " %11" PRIu64 " %11" PRId64 " %7" PRIu64 "\n",
                "", fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(k)), chk.kinds.calls[k],
                chk.kinds.cycles[k], rtl.kinds.cycles[k], extra, rtl.kinds.differ[k]);
  }
}

}  // namespace

int main(int argc, char **argv) {
  bool quick = false, random_only = false;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!std::strcmp(argv[i], "--random")) {
      random_only = true;
    } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf(
          "usage: %s [--quick] [--random] [--help]\n\n"
          "Co-simulation speed with and without the lockstep checker (tracing off),\n"
          "then the cost of tracing (off, armed window, 10 000-cycle window, full FST).\n"
          "  --quick  a tenth of the iterations\n"
          "  --random only the random ops rows: the checker's cost, per op kind\n"
          "  --help   this text\n",
          argv[0]);
      return 0;
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s' (try --help)\n", argv[0], argv[i]);
      return 2;
    }
  }
  const uint32_t scale = quick ? 10 : 1;
  const uint32_t mixed = 2000 / scale, xfer = 1000 / scale;
  const uint64_t random_ops = 20000 / scale;
  const uint64_t idle_cycles = 2000000 / scale;

  std::printf(
      "fbmu-bench-cosim: Verilated RTL, tracing off; every figure measured, none asserted\n"
      "(targets and the figures they apply to: summary at the end)\n\n");
  std::printf("%-20s %-10s %8s %11s %8s %10s %9s %9s %8s\n", "workload", "mode", "calls", "cycles",
              "cpu s", "calls/s", "Mcycles/s", "cyc/call", "B/cycle");
  std::printf("%s\n", std::string(100, '-').c_str());

  if (random_only) {
    Result g, h;
    Random(random_ops, &g, &h);
    Row(g), Row(h), Ratio(h, g);
    KindTable(g, h);
    return g.failed || h.failed ? 1 : 0;
  }
  Result a = Mixed<RtlOnly>(mixed), b = Mixed<Checked>(mixed);
  Row(a), Row(b), Ratio(a, b);
  Result c = Xfer<RtlOnly>(xfer, false), d = Xfer<Checked>(xfer, false);
  Result cw = Xfer<RtlWords>(xfer / 4, false);
  Row(c), Row(d), Ratio(c, d), Row(cw);
  Result e = Xfer<RtlOnly>(xfer, true), f = Xfer<Checked>(xfer, true);
  Result ew = Xfer<RtlWords>(xfer / 4, true);
  Row(e), Row(f), Ratio(e, f), Row(ew);
  // Best of two (one with --quick) of each: the checker's cost is a ratio of two noisy figures.
  Result g, h;
  Random(random_ops, &g, &h);
  for (uint32_t k = 1; k < (quick ? 1u : 2u); k++) {
    Result g2, h2;
    Random(random_ops, &g2, &h2);
    if (g2.cpu < g.cpu) g = g2;
    if (h2.cpu < h.cpu) h = h2;
  }
  Row(g), Row(h), Ratio(h, g);
  KindTable(g, h);
  Result gr;
  Random(random_ops, &gr, nullptr);
  Row(gr);
  // The idle unit: the bare clock after reset, best of three, as the harness runs it (fast-forward
  // of the fixed point) and with every cycle evaluated.
  auto best_idle = [&](bool fast) {
    TraceRun best = BareClock(idle_cycles, Trace::kOff, "", fast);
    for (int k = 0; k < 2; k++) {
      TraceRun x = BareClock(idle_cycles, Trace::kOff, "", fast);
      if (x.r.cpu < best.r.cpu) best = x;
    }
    best.r.workload = "idle unit";
    best.r.mode = fast ? "fast-fwd" : "every cyc";
    return best;
  };
  TraceRun idle = best_idle(true), idle_each = best_idle(false);
  Row(idle.r);
  Row(idle_each.r);

  // Tracing cost. The traced runs are shorter: a full trace grows by about 10 MB per million
  // cycles.
  char tmpl[] = "/tmp/fbmu-bench-trace-XXXXXX";
  const char *dir = mkdtemp(tmpl);
  bool trace_failed = dir == nullptr;
  if (dir) {
    std::printf(
        "\ntracing (FST into %s, removed after; best of 3): off, armed (a window\n"
        "never reached), a 10 000-cycle window, full\n",
        dir);
    const uint64_t clock_cycles = 1000000 / scale, traced_ops = 2000 / scale;
    // Best of three of each: the shared machine's noise is larger than what is measured.
    auto best = [](auto run) {
      TraceRun fastest = run();
      for (int k = 0; k < 2; k++) {
        TraceRun x = run();
        if (x.r.cpu < fastest.r.cpu) fastest = x;
      }
      return fastest;
    };
    TraceRun off = best([&] { return BareClock(clock_cycles, Trace::kOff, dir); });
    Row(off.r);
    for (Trace t : {Trace::kArmed, Trace::kWindow, Trace::kFull}) {
      TraceRun x = best([&] { return BareClock(clock_cycles, t, dir); });
      Row(x.r), TraceRatio(off, x);
      trace_failed |= x.r.failed;
    }
    TraceRun roff = best([&] { return RandomTraced(traced_ops, Trace::kOff, dir); });
    Row(roff.r);
    for (Trace t : {Trace::kArmed, Trace::kWindow, Trace::kFull}) {
      TraceRun x = best([&] { return RandomTraced(traced_ops, t, dir); });
      Row(x.r), TraceRatio(roff, x);
      trace_failed |= x.r.failed;
    }
    trace_failed |= off.r.failed || roff.r.failed;
    rmdir(dir);
  }

  std::printf(
      "\nB/cycle: bytes moved / RTL cycles the driver call took (one 32-bit bus word per\n"
      "transaction; the checker reads STATUS through the harness's backdoor, no bus cycle; \"RTL\n"
      "words\" is the driver without the bus's block callbacks, one transaction at a time).\n");

  // Summary: the figures the speed targets apply to, measured above.
  auto bpc = [](const Result &r) {
    return r.xfer_cycles ? static_cast<double>(r.bytes) / static_cast<double>(r.xfer_cycles) : 0.0;
  };
  auto mcps = [](const Result &r) { return Per(static_cast<double>(r.cycles), r.cpu) / 1e6; };
  const double cost = h.cpu > 0 ? g.cpu / h.cpu : 0.0;
  std::printf("\nsummary                               measured   target\n");
  std::printf("4 KiB leased read, RTL alone          %6.2f     >= 3.5 B/cycle\n", bpc(c));
  std::printf("4 KiB leased write, RTL alone         %6.2f     >= 3.5 B/cycle\n", bpc(e));
  std::printf("idle unit (fast-forward)           %9.2f     >= 20 M cycles/s\n", mcps(idle.r));
  std::printf("idle unit, every cycle evaluated      %6.2f\n", mcps(idle_each.r));
  std::printf("random ops seed 1, checker on         %6.2f     >= 10 M cycles/s\n", mcps(g));
  std::printf("random ops seed 1, checked ops/s      %6.0f     >= 15000\n",
              Per(static_cast<double>(g.calls), g.cpu));
  std::printf("  the same on the random bus master     %6.2f     >= 10 M cycles/s\n", mcps(gr));
  std::printf("  checked ops/s, random bus master    %6.0f     >= 15000\n",
              Per(static_cast<double>(gr.calls), gr.cpu));
  std::printf("checker cost (CPU, checked/replay)    %6.2f     <= 1.1x\n", cost);

  bool failed = a.failed || b.failed || c.failed || d.failed || e.failed || f.failed || g.failed ||
                h.failed || gr.failed || cw.failed || ew.failed || idle.r.failed ||
                idle_each.r.failed || trace_failed;
  return failed ? 1 : 0;
}
