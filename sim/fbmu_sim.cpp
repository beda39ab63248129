// FBMU RTL simulation harness (sim/fbmu_sim.h): one VerilatedContext and one Vfbmu_tb per
// simulation, driven in the manner of wbuart32's testb.h (tick, reset, opentrace). The driver's
// bus is the DPI bridge (bus_bridge.h); its wait hook here ticks the clock with a cycle bound.
#include "fbmu_sim.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "Vfbmu_tb.h"
#include "Vfbmu_tb__Dpi.h"
#include "Vfbmu_tb___024root.h"
#include "bus_bridge.h"
#include "bus_trace.h"
#include "svdpi.h"
#include "tb_inputs.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

extern char **environ;

namespace {

constexpr int kResetCycles = 4;  // cycles rst_ni is held low
// Rising edges from a toggle of rtc_tgl_i to rtc_o holding the new value (two synchroniser flops,
// then the capture: rtl/fbmu_rtc_cdc.sv), and from a change of online_i to the synchronised flag.
constexpr uint64_t kRtcCdcCycles = 3;
constexpr uint64_t kOnlineSyncCycles = 2;
constexpr uint64_t kClockPeriod = 10;  // trace time units (ns) per cycle
constexpr const char *kBridgeScope = "TOP.fbmu_tb.u_bridge";
constexpr const char *kTbScope = "TOP.fbmu_tb";
constexpr uint64_t kFastForwardMin = 1024;  // cycles left to run for a fixed-point probe

}  // namespace

struct fbmu_sim {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Vfbmu_tb> top;
  std::unique_ptr<VerilatedFstC> tfp;
  VerilatedFstC *dumping = nullptr;  // tfp while the cycle is inside the trace window, else null
  uint64_t trace_from = 0;           // trace window (fbmu_sim_trace_window), cycles
  uint64_t trace_to = UINT64_MAX;
  uint64_t trace_gate = UINT64_MAX;  // next cycle at which dumping switches on or off
  std::string trace_fst;             // file the FST writer writes
  std::string trace_vcd;             // non-empty: convert trace_fst to this VCD when tracing stops
  fbmu_bridge_t bridge;
  fbmu_bus_t bus;
  fbmu_platform_t platform;       // fbmu_sim_platform: the platform calls below, ctx = this
  using Inputs = fbmu_tb_inputs;  // what fbmu_tb's sv_dpi_drive holds
  Inputs in;
  uint64_t cycles = 0;
  uint64_t rtc_pins = 0;          // what the rtc_secs_i pins hold (differs from in.rtc in a glitch)
  uint64_t rtc_seen_cycle = 0;    // cycle from which the unit's core holds in.rtc (rtc_o)
  bool rtc_step_pending = false;  // fbmu_sim_set_time_at: drive rtc_step_secs at rtc_step_cycle
  uint64_t rtc_step_cycle = 0;
  uint64_t rtc_step_secs = 0;
  bool reset_pending = false;  // fbmu_sim_reset_at: warm reset at reset_cycle
  uint64_t reset_cycle = 0;
  uint64_t resets_fired = 0;   // scheduled resets that fired
  bool reset_cut = false;      // one fired under a bus transaction: that transaction gets no answer
  svScope tb_scope = nullptr;       // fbmu_tb: sv_dpi_drive, sv_dpi_mem_peek
  bool fast_forward = true;         // fbmu_sim_run may skip cycles of a unit at a fixed point
  uint64_t skipped = 0;             // cycles skipped so (fbmu_sim_skipped_cycles)
  uint64_t ff_retry = 0;            // cycle before which no fixed point is looked for again
  std::vector<unsigned char> snap;  // the model's state before the probe cycle
  uint32_t mem_bytes = 0;
  uint32_t lease_slots = 0;
  // Mirror of the testbench's RTC strobe and published time, for the bus trace.
  bool rtc_tgl = false;
  uint64_t rtc_pub = 0;
  bool rst_n = true;
  std::unique_ptr<fbmu_bus_trace> bus_trace;  // FBMU_BUS_TRACE: records the unit's inputs
};

namespace {

// Several simulations may live in one process: make this one's context current before touching its
// model (Verilated code reaches the context through a thread-local pointer).
void enter(const fbmu_sim *s) { Verilated::threadContextp(s->ctx.get()); }

// The unit's non-AXI inputs as they are now, into the bus trace (when recording).
void record_pins(fbmu_sim *s) {
  if (!s->bus_trace) return;
  fbmu_trace_pins p;
  p.rst_n = s->rst_n;
  p.rtc_secs = s->rtc_pins;
  p.rtc_tgl = s->rtc_tgl;
  p.in = s->in;
  s->bus_trace->pins(s->cycles, p);
}

void observe_bus(void *ctx, const fbmu_bridge_event_t *ev) {
  fbmu_sim *s = static_cast<fbmu_sim *>(ctx);
  s->bus_trace->bridge_event(s->cycles, *ev);
}

void set_reset(fbmu_sim *s, bool rst_n) {
  s->top->rst_ni = rst_n;
  s->rst_n = rst_n;
  record_pins(s);
}

// Hand the platform inputs to the testbench; they take effect at the next eval(). (sv_dpi_drive
// publishes an rtc other than the time published last, as the mirror here does.)
void push_inputs(fbmu_sim *s) {
  const fbmu_sim::Inputs &in = s->in;
  svSetScope(s->tb_scope);
  sv_dpi_drive(in.rtc, in.online, in.id_seed, in.plat_req, in.plat_op, in.plat_arg, in.bus_stall);
  if (in.rtc != s->rtc_pub) {
    s->rtc_pub = in.rtc;
    s->rtc_pins = in.rtc;
    s->rtc_tgl = !s->rtc_tgl;
  }
  record_pins(s);
}

void dump(fbmu_sim *s, uint64_t t) {
  if (s->dumping) s->dumping->dump(t);
}

// The trace window: dump while from <= cycles <= to, and find the next cycle at which that changes.
// Entering the window dumps the state at the current cycle's start.
void trace_gate(fbmu_sim *s) {
  const uint64_t c = s->cycles;
  const bool in = s->tfp && c >= s->trace_from && c <= s->trace_to;
  if (in && !s->dumping) s->tfp->dump(c * kClockPeriod);
  s->dumping = in ? s->tfp.get() : nullptr;
  if (!s->tfp)
    s->trace_gate = UINT64_MAX;
  else if (c < s->trace_from)
    s->trace_gate = s->trace_from;
  else if (in && s->trace_to != UINT64_MAX)
    s->trace_gate = s->trace_to + 1;
  else
    s->trace_gate = UINT64_MAX;
}

// The RTC pins alone (fbmu_tb's sv_dpi_rtc_pins): toggle = publish the value as the time.
void drive_rtc_pins(fbmu_sim *s, uint64_t pins, bool toggle) {
  svSetScope(s->tb_scope);
  sv_dpi_rtc_pins(pins, toggle);
  s->rtc_pins = pins;
  if (toggle) {
    s->rtc_pub = pins;
    s->rtc_tgl = !s->rtc_tgl;
  }
  record_pins(s);
}

// The RTC domain publishes a time: rtc_secs_i takes the value and rtc_tgl_i toggles, both before
// the next rising edge. The unit captures the value kRtcCdcCycles edges later, by when it has long
// been stable (fbmu_rtc_cdc); the strobe is toggled even when the value is unchanged (no effect
// then).
void publish_rtc(fbmu_sim *s, uint64_t secs) {
  s->in.rtc = secs;
  s->rtc_seen_cycle = s->cycles + kRtcCdcCycles;
  drive_rtc_pins(s, secs, true);
}

void tick(fbmu_sim *s);

// A warm reset scheduled by fbmu_sim_reset_at, inside whatever runs the clock: rst_ni low for
// kResetCycles cycles, for the unit and the bus master alike. The scrub then runs on behind the
// caller. A bus transaction in flight is lost with the master: it gets no answer.
void scheduled_reset(fbmu_sim *s) {
  s->reset_pending = false;
  s->resets_fired++;
  s->reset_cut = s->bridge.active != 0;
  fbmu_bridge_reset(&s->bridge);
  s->in.plat_req = false;
  push_inputs(s);
  s->top->rst_ni = 0;
  s->top->eval();
  for (int i = 0; i < kResetCycles; i++) tick(s);
  s->top->rst_ni = 1;
}

// One clock cycle: rising edge, then falling edge. Inputs set between ticks are seen at the next
// rising edge; outputs read after tick() are those after the edge.
void tick(fbmu_sim *s) {
  if (s->reset_pending && s->cycles >= s->reset_cycle) scheduled_reset(s);
  if (s->cycles >= s->trace_gate) trace_gate(s);  // UINT64_MAX while not tracing
  if (s->rtc_step_pending && s->cycles >= s->rtc_step_cycle) {
    s->rtc_step_pending = false;
    publish_rtc(s, s->rtc_step_secs);
  }
  s->top->clk_i = 1;
  s->top->eval();
  dump(s, s->cycles * kClockPeriod + kClockPeriod / 2);
  s->top->clk_i = 0;
  s->top->eval();
  s->cycles++;
  dump(s, s->cycles * kClockPeriod);
}

bool idle(const fbmu_sim *s) { return s->top->idle_o != 0; }

// Run until idle_o, after at least min_cycles (so the unit has seen inputs changed just before),
// at most max_cycles in all. An RTC time still crossing into the core, and the cycle after it, are
// always run first: idle_o cannot know of a time the unit has not captured yet.
int settle(fbmu_sim *s, uint64_t min_cycles, uint64_t max_cycles, uint64_t *taken) {
  if (s->rtc_seen_cycle + 2 > s->cycles)
    min_cycles = std::max(min_cycles, s->rtc_seen_cycle + 2 - s->cycles);
  uint64_t n = 0;
  int rc = FBMU_E_DISCONNECTED;
  while (n < max_cycles) {
    if (n >= min_cycles && idle(s)) {
      rc = FBMU_OK;
      break;
    }
    tick(s);
    n++;
    if (s->ctx->gotFinish()) break;
  }
  if (rc != FBMU_OK && n >= min_cycles && idle(s) && !s->ctx->gotFinish()) rc = FBMU_OK;
  if (taken) *taken = n;
  return rc;
}

// Bound for settling after an RTC step or a platform request: enough to zero all memory many
// times over (teardown takes arena_size/4 + 64 cycles per frame, spec section 8).
uint64_t settle_bound(const fbmu_sim *s) { return 64ull * (s->mem_bytes / 8) + 100000ull; }

// Fast-forward (fbmu_sim_run): a clock cycle that leaves every bit of the Verilated model's state
// as it was is a fixed point. With the inputs held and no DPI call made (the bus master asleep,
// nothing in flight), every later cycle is the same cycle again, so they need not be evaluated:
// counting them is exact. The probe: when the unit reports idle, with no trace, no bus batch and no
// RTC step due, run one cycle and compare the whole model state with a copy taken before it. On a
// difference, look again only kFastForwardMin cycles later (the copy costs about a hundred cycles'
// worth of evaluation).
bool fast_forward(fbmu_sim *s, uint64_t end) {
  if (!s->fast_forward || s->cycles < s->ff_retry || s->tfp || !idle(s) || s->top->bridge_busy_o ||
      fbmu_bridge_in_flight(&s->bridge) || s->bridge.active)
    return false;
  uint64_t stop = end;
  if (s->rtc_step_pending) stop = std::min(stop, s->rtc_step_cycle);
  if (s->reset_pending) stop = std::min(stop, s->reset_cycle);
  if (stop <= s->cycles + 2) return false;
  const auto *root = reinterpret_cast<const unsigned char *>(s->top->rootp);
  const size_t size = sizeof(*s->top->rootp);
  tick(s);  // the first cycle settles whatever bookkeeping the last eval left
  s->snap.assign(root, root + size);
  tick(s);
  if (std::memcmp(s->snap.data(), root, size) != 0) {
    s->ff_retry = s->cycles + kFastForwardMin;
    return true;
  }
  s->skipped += stop - s->cycles;
  s->cycles = stop;
  return true;
}

int wait_response(void *owner, fbmu_bridge_t *br, uint32_t max_cycles) {
  fbmu_sim *s = static_cast<fbmu_sim *>(owner);
  enter(s);
  for (uint32_t i = 0; i < max_cycles; i++) {
    tick(s);
    if (s->reset_cut) {
      s->reset_cut = false;
      return FBMU_E_DISCONNECTED;
    }
    if (fbmu_bridge_has_response(br)) return FBMU_OK;
    if (s->ctx->gotFinish()) break;
  }
  return FBMU_E_DISCONNECTED;
}

// A time step from the platform: replaces a pending fbmu_sim_set_time_at step.
void drive_rtc(fbmu_sim *s, uint64_t secs) {
  s->rtc_step_pending = false;
  publish_rtc(s, secs);
}

// Run the clock until the unit's core holds the RTC time published last.
void run_rtc_crossing(fbmu_sim *s) {
  while (s->cycles < s->rtc_seen_cycle && !s->ctx->gotFinish()) tick(s);
}

int hw_reset(fbmu_sim *s) {
  s->reset_pending = false;
  s->reset_cut = false;
  fbmu_bridge_reset(&s->bridge);
  s->in.bus_stall = false;
  s->in.plat_req = false;
  push_inputs(s);
  set_reset(s, false);
  s->top->eval();  // asynchronous reset takes effect now
  for (int i = 0; i < kResetCycles; i++) tick(s);
  set_reset(s, true);
  // The scrub zeroes all memory: MEM_BYTES/8 cycles and some; bound it generously.
  return settle(s, 1, 4ull * (s->mem_bytes / 8) + 10000ull, nullptr);
}

// A platform request (spec section 10): hold plat_req_i until plat_ack_o, take the result, then
// settle so the re-partition or re-zeroing it started is complete.
int plat_request(fbmu_sim *s, uint8_t op, uint32_t arg) {
  enter(s);
  s->in.plat_op = op;
  s->in.plat_arg = arg;
  s->in.plat_req = true;
  push_inputs(s);
  const uint64_t bound = settle_bound(s);
  int rc = FBMU_E_DISCONNECTED;
  for (uint64_t n = 0; n < bound && !s->ctx->gotFinish(); n++) {
    tick(s);
    if (s->top->plat_ack_o) {
      rc = static_cast<int8_t>(s->top->plat_result_o);
      break;
    }
  }
  s->in.plat_req = false;
  s->in.plat_op = 0;
  s->in.plat_arg = 0;
  push_inputs(s);
  if (rc == FBMU_E_DISCONNECTED) return rc;
  int src = settle(s, 1, bound, nullptr);
  return src != FBMU_OK ? src : rc;
}

bool ends_with(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// fst2vcd from GTKWave, run without a shell. Returns true when it wrote the VCD.
bool fst_to_vcd(const std::string &fst, const std::string &vcd) {
  const char *argv[] = {"fst2vcd", "-f", fst.c_str(), "-o", vcd.c_str(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, "fst2vcd", nullptr, nullptr, const_cast<char *const *>(argv), environ) !=
      0)
    return false;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool have_fst2vcd() {
  const char *path = std::getenv("PATH");
  if (!path) return false;
  std::string p(path);
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(start, end - start);
    if (dir.empty()) dir = ".";
    if (access((dir + "/fst2vcd").c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

int trace_stop(fbmu_sim *s) {
  if (!s->tfp) return FBMU_OK;
  s->dumping = nullptr;
  s->trace_gate = UINT64_MAX;
  s->tfp->close();
  s->tfp.reset();
  int rc = FBMU_OK;
  if (!s->trace_vcd.empty()) {
    if (fst_to_vcd(s->trace_fst, s->trace_vcd))
      std::remove(s->trace_fst.c_str());
    else
      rc = FBMU_E_UNSUPPORTED;  // the FST is left where it was written
  }
  s->trace_fst.clear();
  s->trace_vcd.clear();
  return rc;
}

// The model is built with --trace-fst only (Verilator 5.006 builds one trace format per model). A
// path ending in .vcd is traced to "<path>.fst" and converted with fst2vcd when tracing stops.
int trace_start(fbmu_sim *s, const char *path) {
  std::string p(path);
  if (p.empty()) return FBMU_E_INVALID_ARGUMENT;
  std::string fst = p, vcd;
  if (!ends_with(p, ".fst")) {
    if (!have_fst2vcd()) return FBMU_E_UNSUPPORTED;
    vcd = p;
    fst = p + ".fst";
  }
  // The FST writer does not report a file it cannot create; find out first.
  if (FILE *f = std::fopen(fst.c_str(), "wb")) {
    std::fclose(f);
  } else {
    return FBMU_E_INVALID_ARGUMENT;
  }
  auto tfp = std::make_unique<VerilatedFstC>();
  s->top->trace(tfp.get(), 99);
  tfp->set_time_resolution("1ns");  // time stamps are cycles * kClockPeriod ns
  tfp->open(fst.c_str());
  if (!tfp->isOpen()) return FBMU_E_INVALID_ARGUMENT;
  s->tfp = std::move(tfp);
  s->trace_fst = fst;
  s->trace_vcd = vcd;
  trace_gate(s);  // dumps the current state when the window is open
  return FBMU_OK;
}

// A coverage build (FBMU_RTL_COVERAGE): this simulation's line and toggle counts go to a new
// file $FBMU_COVERAGE_DIR/cov-XXXXXX.dat, one per simulation, merged by verilator_coverage.
void write_coverage(fbmu_sim *s) {
#if VM_COVERAGE
  const char *dir = std::getenv("FBMU_COVERAGE_DIR");
  if (dir == nullptr || *dir == '\0') return;
  std::string path = std::string(dir) + "/cov-XXXXXX.dat";
  const int fd = mkstemps(&path[0], 4);  // a unique name, also across processes
  if (fd < 0) {
    std::fprintf(stderr, "FBMU_COVERAGE_DIR: cannot create a file in %s\n", dir);
    return;
  }
  close(fd);
  s->ctx->coveragep()->write(path.c_str());
#else
  (void)s;
#endif
}

// The platform port as an ops table onto the fbmu_sim_* calls (driver/fbmu_platform.h).
fbmu_platform_t platform_table(fbmu_sim *s) {
  fbmu_platform_t p{};
  p.set_time = [](void *c, uint64_t t) { return fbmu_sim_set_time(static_cast<fbmu_sim *>(c), t); };
  p.advance_time = [](void *c, uint64_t d) {
    return fbmu_sim_advance_time(static_cast<fbmu_sim *>(c), d);
  };
  p.set_arena_size = [](void *c, uint64_t b) {
    return fbmu_sim_set_arena_size(static_cast<fbmu_sim *>(c), b);
  };
  p.set_online = [](void *c, int on) {
    return fbmu_sim_set_online(static_cast<fbmu_sim *>(c), on);
  };
  p.reset = [](void *c) { return fbmu_sim_reset(static_cast<fbmu_sim *>(c)); };
  p.ctx = s;
  p.fence_clear = [](void *c) { return fbmu_sim_fence_clear(static_cast<fbmu_sim *>(c)); };
  p.inject_fault = [](void *c, uint32_t bit) {
    return fbmu_sim_inject_fault(static_cast<fbmu_sim *>(c), bit);
  };
  p.now = [](void *c) { return fbmu_sim_time(static_cast<const fbmu_sim *>(c)); };
  return p;
}

}  // namespace

extern "C" {

fbmu_sim_t *fbmu_sim_create(const fbmu_sim_config_t *cfg) {
  fbmu_sim_config_t c{};
  if (cfg) c = *cfg;

  auto s = std::make_unique<fbmu_sim>();
  s->ctx = std::make_unique<VerilatedContext>();
  s->ctx->traceEverOn(true);  // tracing can be switched on at any time
  s->ctx->fatalOnError(false);
  // The RTL assertions (rtl/sva/) are on; a failing one prints its name and ends the simulation
  // (every later call gives Disconnected). FBMU_SIM_ASSERT=0 turns them off, for the tests that
  // show the lockstep checker, not an assertion, catching a broken RTL build.
  const char *assert_env = std::getenv("FBMU_SIM_ASSERT");
  s->ctx->assertOn(assert_env == nullptr || std::strcmp(assert_env, "0") != 0);
  s->top = std::make_unique<Vfbmu_tb>(s->ctx.get(), "TOP");
  enter(s.get());
  s->top->clk_i = 0;
  s->top->rst_ni = 1;
  s->top->eval();  // settles the constant outputs that carry the parameters

  s->mem_bytes = s->top->mem_bytes_o;
  s->lease_slots = s->top->lease_slots_o;
  bool ok = (c.mem_bytes == 0 || c.mem_bytes == s->mem_bytes) &&
            (c.lease_slots == 0 || c.lease_slots == s->lease_slots);

  // Hand the SV bus master its context: this model's instance of the exported setter.
  fbmu_bridge_init(&s->bridge, wait_response, s.get(), c.bus_timeout_cycles);
  s->bus = fbmu_bridge_bus(&s->bridge);
  s->platform = platform_table(s.get());
  s->bus_trace = fbmu_bus_trace::from_env(s->mem_bytes, s->lease_slots);
  if (s->bus_trace) fbmu_bridge_observe(&s->bridge, observe_bus, s.get());
  if (ok) {
    svScope scope = svGetScopeFromName(kBridgeScope);
    s->tb_scope = svGetScopeFromName(kTbScope);
    ok = scope != nullptr && s->tb_scope != nullptr;
    if (ok) {
      svSetScope(scope);
      sv_dpi_bridge_set_ctx(&s->bridge);
    }
  }

  if (ok && (c.trace_to_cycle && c.trace_to_cycle < c.trace_from_cycle)) ok = false;
  s->trace_from = c.trace_from_cycle;
  s->trace_to = c.trace_to_cycle ? c.trace_to_cycle : UINT64_MAX;
  if (ok && c.trace_path) ok = trace_start(s.get(), c.trace_path) == FBMU_OK;

  if (ok) {
    s->in.id_seed = c.id_seed;
    s->in.online = true;
    drive_rtc(s.get(), c.start_time);
    ok = hw_reset(s.get()) == FBMU_OK;
  }

  if (!ok) {
    fbmu_sim_destroy(s.release());
    return nullptr;
  }
  return s.release();
}

void fbmu_sim_destroy(fbmu_sim_t *sim) {
  if (!sim) return;
  enter(sim);
  trace_stop(sim);
  if (sim->bus_trace) sim->bus_trace->end(sim->cycles);
  sim->bus_trace.reset();  // appends the session to the file
  write_coverage(sim);
  sim->top->final();
  sim->top.reset();
  sim->ctx.reset();
  Verilated::threadContextp(nullptr);  // no dangling current context
  delete sim;
}

const fbmu_bus_t *fbmu_sim_bus(fbmu_sim_t *sim) { return sim ? &sim->bus : nullptr; }

const fbmu_platform_t *fbmu_sim_platform(fbmu_sim_t *sim) { return sim ? &sim->platform : nullptr; }

int fbmu_sim_reset(fbmu_sim_t *sim) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  return hw_reset(sim);
}

int fbmu_sim_set_time(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  drive_rtc(sim, unix_secs);
  // settle() first runs the RTC crossing and two cycles more (the unit sees the new time and any
  // teardown it starts is under way), then waits for every teardown to finish.
  return settle(sim, 2, settle_bound(sim), nullptr);
}

int fbmu_sim_advance_time(fbmu_sim_t *sim, uint64_t secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  const uint64_t now = sim->in.rtc;
  uint64_t next = (secs > UINT64_MAX - now) ? UINT64_MAX : now + secs;
  return fbmu_sim_set_time(sim, next);
}

int fbmu_sim_set_arena_size(fbmu_sim_t *sim, uint64_t bytes) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  // plat_arg_i is 32 bits; anything wider cannot be a valid size (at most MEM_BYTES/2).
  if (bytes > UINT32_MAX) return FBMU_E_INVALID_ARGUMENT;
  return plat_request(sim, FBMU_PLAT_SET_ARENA_SIZE, static_cast<uint32_t>(bytes));
}

int fbmu_sim_set_online(fbmu_sim_t *sim, int online) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  sim->in.online = online != 0;
  push_inputs(sim);
  // Through the synchroniser, then one cycle in which the unit acts on it (closes the session when
  // going offline).
  for (uint64_t i = 0; i < kOnlineSyncCycles + 1; i++) tick(sim);
  return FBMU_OK;
}

uint64_t fbmu_sim_cycles(const fbmu_sim_t *sim) { return sim ? sim->cycles : 0; }

uint64_t fbmu_sim_time(const fbmu_sim_t *sim) { return sim ? sim->in.rtc : 0; }

int fbmu_sim_fence_clear(fbmu_sim_t *sim) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return plat_request(sim, FBMU_PLAT_FENCE_CLEAR, 0);
}

int fbmu_sim_inject_fault(fbmu_sim_t *sim, uint32_t bit_addr) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return plat_request(sim, FBMU_PLAT_INJECT_FAULT, bit_addr);
}

int fbmu_sim_settle(fbmu_sim_t *sim, uint64_t max_cycles, uint64_t *cycles_taken) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  return settle(sim, 0, max_cycles, cycles_taken);
}

int fbmu_sim_irq(const fbmu_sim_t *sim) { return (sim && sim->top->irq_o) ? 1 : 0; }

int fbmu_sim_trace(fbmu_sim_t *sim, const char *path) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  int rc = trace_stop(sim);
  if (!path) return rc;
  return trace_start(sim, path);
}

int fbmu_sim_trace_window(fbmu_sim_t *sim, uint64_t from_cycle, uint64_t to_cycle) {
  if (!sim || (to_cycle && to_cycle < from_cycle)) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  sim->trace_from = from_cycle;
  sim->trace_to = to_cycle ? to_cycle : UINT64_MAX;
  trace_gate(sim);
  return FBMU_OK;
}

// ---- Extensions beyond the ones in the original header ---------------------------------------

int fbmu_sim_set_time_raw(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  drive_rtc(sim, unix_secs);
  run_rtc_crossing(sim);
  return sim->ctx->gotFinish() ? FBMU_E_DISCONNECTED : FBMU_OK;
}

int fbmu_sim_set_rtc_pins(fbmu_sim_t *sim, uint64_t pins, int toggle) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  if (toggle) {
    drive_rtc(sim, pins);
  } else {
    drive_rtc_pins(sim, pins, false);
  }
  sim->top->eval();
  return FBMU_OK;
}

int fbmu_sim_glitch_rtc(fbmu_sim_t *sim, uint64_t pins, uint64_t cycles) {
  if (!sim || cycles == 0) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  const uint64_t held = sim->rtc_pins;
  drive_rtc_pins(sim, pins, false);
  for (uint64_t i = 0; i < cycles && !sim->ctx->gotFinish(); i++) tick(sim);
  drive_rtc_pins(sim, held, false);
  sim->top->eval();
  return sim->ctx->gotFinish() ? FBMU_E_DISCONNECTED : FBMU_OK;
}

uint64_t fbmu_sim_rtc_crossing_cycles(void) { return kRtcCdcCycles; }

int fbmu_sim_reset_at(fbmu_sim_t *sim, uint64_t at_cycle) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->reset_pending = at_cycle != 0;
  sim->reset_cycle = at_cycle;
  return FBMU_OK;
}

uint64_t fbmu_sim_resets_fired(const fbmu_sim_t *sim) { return sim ? sim->resets_fired : 0; }

int fbmu_sim_set_time_at(fbmu_sim_t *sim, uint64_t at_cycle, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (at_cycle <= sim->cycles) return fbmu_sim_set_time_raw(sim, unix_secs);
  sim->rtc_step_pending = true;
  sim->rtc_step_cycle = at_cycle;
  sim->rtc_step_secs = unix_secs;
  return FBMU_OK;
}

int fbmu_sim_peek_mem(fbmu_sim_t *sim, uint64_t addr, void *buf, uint32_t len) {
  if (!sim || (!buf && len)) return FBMU_E_INVALID_ARGUMENT;
  if (addr > sim->mem_bytes || len > sim->mem_bytes - addr) return FBMU_E_OUT_OF_RANGE;
  enter(sim);
  svSetScope(sim->tb_scope);
  uint8_t *out = static_cast<uint8_t *>(buf);
  uint64_t word_index = ~uint64_t{0};
  uint64_t word = 0;
  for (uint32_t i = 0; i < len; i++) {
    const uint64_t a = addr + i;
    if (a / 8 != word_index) {
      word_index = a / 8;
      word = static_cast<uint64_t>(sv_dpi_mem_peek(static_cast<int>(word_index)));
    }
    out[i] = static_cast<uint8_t>(word >> (8 * (a % 8)));
  }
  return FBMU_OK;
}

int fbmu_sim_run(fbmu_sim_t *sim, uint64_t cycles) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  const uint64_t end = sim->cycles + cycles;
  while (sim->cycles < end && !sim->ctx->gotFinish()) {
    if (end - sim->cycles >= kFastForwardMin && fast_forward(sim, end)) continue;
    tick(sim);
  }
  return sim->ctx->gotFinish() ? FBMU_E_DISCONNECTED : FBMU_OK;
}

int fbmu_sim_set_fast_forward(fbmu_sim_t *sim, int on) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->fast_forward = on != 0;
  return FBMU_OK;
}

uint64_t fbmu_sim_skipped_cycles(const fbmu_sim_t *sim) { return sim ? sim->skipped : 0; }

int fbmu_sim_idle(const fbmu_sim_t *sim) { return (sim && sim->top->idle_o) ? 1 : 0; }

int fbmu_sim_bus_stall(fbmu_sim_t *sim, int stall) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  enter(sim);
  sim->in.bus_stall = stall != 0;
  push_inputs(sim);
  sim->top->eval();
  return FBMU_OK;
}

int fbmu_sim_write32_strb(fbmu_sim_t *sim, uint32_t addr, uint32_t val, uint8_t strb) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return fbmu_bridge_write32_strb(&sim->bridge, addr, val, strb);
}

uint32_t fbmu_sim_mem_bytes(const fbmu_sim_t *sim) { return sim ? sim->mem_bytes : 0; }

uint32_t fbmu_sim_lease_slots(const fbmu_sim_t *sim) { return sim ? sim->lease_slots : 0; }

struct fbmu_bridge *fbmu_sim_bridge(fbmu_sim_t *sim) {
  return sim ? &sim->bridge : nullptr;
}

}  // extern "C"
