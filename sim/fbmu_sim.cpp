// FBMU RTL simulation harness, C++ backend (sim/fbmu_sim_backend.h): one VerilatedContext and one
// Vfbmu_tb per simulation, ticked by hand in the manner of wbuart32's testb.h (tick, reset,
// opentrace), with FST tracing, a fast-forward of a unit at a fixed point, the bus trace
// (FBMU_BUS_TRACE) and, in a coverage build, the RTL coverage counts. The fbmu_sim.h calls
// themselves are in fbmu_sim_api.cpp.
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
#include "Vfbmu_tb___024root.h"
#include "bus_trace.h"
#include "fbmu_sim_backend.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#if VM_COVERAGE
#include "verilated_cov.h"
#endif

extern char **environ;

namespace {

constexpr uint64_t kClockPeriod = 10;  // trace time units (ns) per cycle
constexpr const char *kBridgeScope = "TOP.fbmu_tb.u_bridge";
constexpr const char *kTbScope = "TOP.fbmu_tb";
constexpr uint64_t kFastForwardMin = 1024;  // cycles left to run for a fixed-point probe

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

struct VerilatedHarness final : fbmu_sim {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Vfbmu_tb> top;
  std::unique_ptr<VerilatedFstC> tfp;
  VerilatedFstC *dumping = nullptr;  // tfp while the cycle is inside the trace window, else null
  uint64_t trace_from = 0;           // trace window (fbmu_sim_trace_window), cycles
  uint64_t trace_to = UINT64_MAX;
  uint64_t trace_gate = UINT64_MAX;  // next cycle at which dumping switches on or off
  std::string trace_fst;             // file the FST writer writes
  std::string trace_vcd;             // non-empty: convert trace_fst to this VCD when tracing stops
  bool fast_forward = true;          // run() may skip cycles of a unit at a fixed point
  uint64_t ff_retry = 0;             // cycle before which no fixed point is looked for again
  std::vector<unsigned char> snap;   // the model's state before the probe cycle
  // Mirror of the testbench's reset, RTC strobe and published time, for the bus trace.
  bool rst_n = true;
  bool rtc_tgl = false;
  uint64_t rtc_pub = 0;
  std::unique_ptr<fbmu_bus_trace> bus_trace;  // FBMU_BUS_TRACE: records the unit's inputs

  // Verilated code reaches the context through a thread-local pointer.
  void enter() const override { Verilated::threadContextp(ctx.get()); }
  bool finished() const override { return ctx->gotFinish(); }
  bool idle() const override { return top->idle_o != 0; }
  bool irq() const override { return top->irq_o != 0; }
  bool plat_ack(int *result) const override {
    if (!top->plat_ack_o) return false;
    *result = static_cast<int8_t>(top->plat_result_o);
    return true;
  }
  void set_reset(bool asserted) override {
    top->rst_ni = !asserted;
    rst_n = !asserted;
    record_pins();
    if (asserted) top->eval();  // asynchronous reset takes effect now
  }
  void inputs_changed() override { top->eval(); }
  // sv_dpi_drive publishes an rtc other than the time published last, as the mirror here does.
  void pins_driven(bool rtc_published) override {
    if (rtc_published) {
      rtc_pub = rtc_pins;
      rtc_tgl = !rtc_tgl;
    } else if (in.rtc != rtc_pub) {
      rtc_pub = in.rtc;
      rtc_pins = in.rtc;
      rtc_tgl = !rtc_tgl;
    }
    record_pins();
  }
  bool resets_in_advance() const override { return true; }
  int set_fast_forward(bool on) override {
    fast_forward = on;
    return FBMU_OK;
  }

  void advance(uint64_t n) override {
    for (uint64_t i = 0; i < n && !finished(); i++) tick();
  }
  void run(uint64_t n) override {
    const uint64_t end = cycles + n;
    while (cycles < end && !finished()) {
      if (end - cycles >= kFastForwardMin && fast_forward_to(end)) continue;
      tick();
    }
  }
  uint64_t run_until_idle(uint64_t max_cycles) override {
    uint64_t n = 0;
    while (n < max_cycles && !idle()) {
      tick();
      n++;
      if (finished()) break;
    }
    return n;
  }

  int trace(const char *path) override {
    int rc = trace_stop();
    if (!path) return rc;
    return trace_start(path);
  }
  int trace_window(uint64_t from_cycle, uint64_t to_cycle) override {
    trace_from = from_cycle;
    trace_to = to_cycle ? to_cycle : UINT64_MAX;
    update_trace_gate();
    return FBMU_OK;
  }

  // One clock cycle: rising edge, then falling edge. Inputs set between ticks are seen at the next
  // rising edge; outputs read after tick() are those after the edge.
  void tick() {
    if (reset_due()) fire_reset();
    if (cycles >= trace_gate) update_trace_gate();  // UINT64_MAX while not tracing
    step_rtc_if_due();
    top->clk_i = 1;
    top->eval();
    dump(cycles * kClockPeriod + kClockPeriod / 2);
    top->clk_i = 0;
    top->eval();
    cycles++;
    dump(cycles * kClockPeriod);
  }

  // Fast-forward (run): a clock cycle that leaves every bit of the Verilated model's state as it
  // was is a fixed point. With the inputs held and no DPI call made (the bus master asleep, nothing
  // in flight), every later cycle is the same cycle again, so they need not be evaluated: counting
  // them is exact. The probe: when the unit reports idle, with no trace, no bus batch and no RTC
  // step or reset due, run one cycle and compare the whole model state with a copy taken before it.
  // On a difference, look again only kFastForwardMin cycles later (the copy costs about a hundred
  // cycles' worth of evaluation). Returns true when it ran or skipped cycles.
  bool fast_forward_to(uint64_t end) {
    if (!fast_forward || cycles < ff_retry || tfp || !idle() || top->bridge_busy_o ||
        fbmu_bridge_in_flight(&bridge) || bridge.active)
      return false;
    uint64_t stop = end;
    if (rtc_step_pending) stop = std::min(stop, rtc_step_cycle);
    if (reset_pending) stop = std::min(stop, reset_cycle);
    if (stop <= cycles + 2) return false;
    const auto *root = reinterpret_cast<const unsigned char *>(top->rootp);
    const size_t size = sizeof(*top->rootp);
    tick();  // the first cycle settles whatever bookkeeping the last eval left
    snap.assign(root, root + size);
    tick();
    if (std::memcmp(snap.data(), root, size) != 0) {
      ff_retry = cycles + kFastForwardMin;
      return true;
    }
    skipped += stop - cycles;
    cycles = stop;
    return true;
  }

  // The unit's non-AXI inputs as they are now, into the bus trace (when recording).
  void record_pins() {
    if (!bus_trace) return;
    fbmu_trace_pins p;
    p.rst_n = rst_n;
    p.rtc_secs = rtc_pins;
    p.rtc_tgl = rtc_tgl;
    p.in = in;
    bus_trace->pins(cycles, p);
  }

  // A coverage build (FBMU_RTL_COVERAGE): this simulation's line and toggle counts go to a new
  // file $FBMU_COVERAGE_DIR/cov-XXXXXX.dat, one per simulation, merged by verilator_coverage.
  void write_coverage() {
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
    ctx->coveragep()->write(path.c_str());
#endif
  }

  void dump(uint64_t t) {
    if (dumping) dumping->dump(t);
  }

  // The trace window: dump while from <= cycles <= to, and find the next cycle at which that
  // changes. Entering the window dumps the state at the current cycle's start.
  void update_trace_gate() {
    const uint64_t c = cycles;
    const bool inside = tfp && c >= trace_from && c <= trace_to;
    if (inside && !dumping) tfp->dump(c * kClockPeriod);
    dumping = inside ? tfp.get() : nullptr;
    if (!tfp)
      trace_gate = UINT64_MAX;
    else if (c < trace_from)
      trace_gate = trace_from;
    else if (inside && trace_to != UINT64_MAX)
      trace_gate = trace_to + 1;
    else
      trace_gate = UINT64_MAX;
  }

  int trace_stop() {
    if (!tfp) return FBMU_OK;
    dumping = nullptr;
    trace_gate = UINT64_MAX;
    tfp->close();
    tfp.reset();
    int rc = FBMU_OK;
    if (!trace_vcd.empty()) {
      if (fst_to_vcd(trace_fst, trace_vcd))
        std::remove(trace_fst.c_str());
      else
        rc = FBMU_E_UNSUPPORTED;  // the FST is left where it was written
    }
    trace_fst.clear();
    trace_vcd.clear();
    return rc;
  }

  // The model is built with --trace-fst only (Verilator 5.006 builds one trace format per model). A
  // path ending in .vcd is traced to "<path>.fst" and converted with fst2vcd when tracing stops.
  int trace_start(const char *path) {
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
    auto t = std::make_unique<VerilatedFstC>();
    top->trace(t.get(), 99);
    t->set_time_resolution("1ns");  // time stamps are cycles * kClockPeriod ns
    t->open(fst.c_str());
    if (!t->isOpen()) return FBMU_E_INVALID_ARGUMENT;
    tfp = std::move(t);
    trace_fst = fst;
    trace_vcd = vcd;
    update_trace_gate();  // dumps the current state when the window is open
    return FBMU_OK;
  }
};

void observe_bus(void *ctx, const fbmu_bridge_event_t *ev) {
  auto *s = static_cast<VerilatedHarness *>(ctx);
  s->bus_trace->bridge_event(s->cycles, *ev);
}

}  // namespace

extern "C" {

fbmu_sim_t *fbmu_sim_create(const fbmu_sim_config_t *cfg) {
  fbmu_sim_config_t c{};
  if (cfg) c = *cfg;

  auto s = std::make_unique<VerilatedHarness>();
  s->ctx = std::make_unique<VerilatedContext>();
  s->ctx->traceEverOn(true);  // tracing can be switched on at any time
  s->ctx->fatalOnError(false);
  // The RTL assertions (rtl/sva/) are on; a failing one prints its name and ends the simulation
  // (every later call gives Disconnected). FBMU_SIM_ASSERT=0 turns them off, for the tests that
  // show the lockstep checker, not an assertion, catching a broken RTL build.
  const char *assert_env = std::getenv("FBMU_SIM_ASSERT");
  s->ctx->assertOn(assert_env == nullptr || std::strcmp(assert_env, "0") != 0);
  s->top = std::make_unique<Vfbmu_tb>(s->ctx.get(), "TOP");
  s->enter();
  s->top->clk_i = 0;
  s->top->rst_ni = 1;
  s->top->eval();  // settles the constant outputs that carry the parameters

  s->mem_bytes = s->top->mem_bytes_o;
  s->lease_slots = s->top->lease_slots_o;
  bool ok = (c.mem_bytes == 0 || c.mem_bytes == s->mem_bytes) &&
            (c.lease_slots == 0 || c.lease_slots == s->lease_slots);

  svScope bridge_scope = nullptr;
  if (ok) {
    bridge_scope = svGetScopeFromName(kBridgeScope);
    s->tb_scope = svGetScopeFromName(kTbScope);
    ok = bridge_scope != nullptr && s->tb_scope != nullptr;
  }

  if (ok && (c.trace_to_cycle && c.trace_to_cycle < c.trace_from_cycle)) ok = false;
  s->trace_from = c.trace_from_cycle;
  s->trace_to = c.trace_to_cycle ? c.trace_to_cycle : UINT64_MAX;
  if (ok && c.trace_path) ok = s->trace_start(c.trace_path) == FBMU_OK;

  s->bus_trace = fbmu_bus_trace::from_env(s->mem_bytes, s->lease_slots);
  if (s->bus_trace) fbmu_bridge_observe(&s->bridge, observe_bus, s.get());  // kept by open()

  // Hand the SV bus master its context (this model's instance of the exported setter), then reset.
  if (ok) ok = s->open(c, bridge_scope) == FBMU_OK;

  if (!ok) {
    fbmu_sim_destroy(s.release());
    return nullptr;
  }
  return s.release();
}

void fbmu_sim_destroy(fbmu_sim_t *sim) {
  if (!sim) return;
  auto *s = static_cast<VerilatedHarness *>(sim);
  s->enter();
  s->trace_stop();
  if (s->bus_trace) s->bus_trace->end(s->cycles);
  s->bus_trace.reset();  // appends the session to the file
  s->write_coverage();
  s->top->final();
  s->top.reset();
  s->ctx.reset();
  Verilated::threadContextp(nullptr);  // no dangling current context
  delete s;
}

}  // extern "C"
