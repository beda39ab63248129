// The SystemC backend of the harness (sim/fbmu_sim_backend.h) over a SimTop (sc_top.h): the
// fbmu_sim.h calls of sim/fbmu_sim_api.cpp, with the C++ harness's bounds, results and cycle
// counts, in SystemC time. The calling SC_THREAD waits on the clock: until a falling edge n cycles
// ahead (run, reset, each cycle of a bus transaction), or for idle_o to rise with the bound as
// timeout (settling). What this top cannot offer gives FBMU_E_UNSUPPORTED: waveforms (the model is
// built without tracing) and any call that would wait from outside an SC_THREAD.
#include <cstdio>
#include <string>

#include "Vfbmu_tb___024root.h"
#include "sc_harness.h"
#include "svdpi.h"

namespace {

using fbmu_sc::Harness;

// Falling edges of the clock up to and including time t (it starts with a rising edge).
sc_core::sc_time first_negedge(const Harness *s) {
  return s->clk.start_time() + s->clk.period() * s->clk.duty_cycle();
}
uint64_t negedges_upto(const Harness *s, const sc_core::sc_time &t) {
  const sc_core::sc_time first = first_negedge(s);
  if (t < first) return 0;
  return static_cast<uint64_t>((t - first) / s->clk.period()) + 1;
}
// Time of falling edge number idx (1-based, as negedges_upto counts).
sc_core::sc_time negedge_time(const Harness *s, uint64_t idx) {
  return first_negedge(s) + s->clk.period() * static_cast<double>(idx - 1);
}

// First use of a top: one falling edge so the model has evaluated (parameters on its outputs,
// variables initialised), then the DPI scopes by this instance's SystemC name.
bool bind_top(Harness *s) {
  if (s->bound) return true;
  sc_core::wait(s->clk.negedge_event());
  const std::string base = s->rtl->name();
  s->tb_scope = svGetScopeFromName((base + ".fbmu_tb").c_str());
  s->bridge_scope = svGetScopeFromName((base + ".fbmu_tb.u_bridge").c_str());
  if (!s->tb_scope || !s->bridge_scope) {
    std::fprintf(stderr, "fbmu_sim (SystemC): no DPI scope %s.fbmu_tb[.u_bridge]\n", base.c_str());
    return false;
  }
  s->mem_bytes = s->mem_bytes_o.read();
  s->lease_slots = s->lease_slots_o.read();
  s->bound = true;
  return true;
}

}  // namespace

namespace fbmu_sc {

// The harness may wait only in a thread; say so once, since the caller sees only a code.
bool Harness::can_wait() const {
  if (InThread()) return true;
  static bool told = false;
  if (!told) {
    std::fprintf(stderr, "fbmu_sim (SystemC): called outside an SC_THREAD; it cannot wait there\n");
    told = true;
  }
  return false;
}

// One timed wait for the lot, split only where a pending RTC step is due (it is published before
// the rising edge that ends cycle rtc_step_cycle).
void Harness::advance(uint64_t n) {
  while (n > 0) {
    step_rtc_if_due();
    uint64_t chunk = n;
    if (rtc_step_pending && rtc_step_cycle - cycles < chunk) chunk = rtc_step_cycle - cycles;
    // A timed wait, not the clock's negedge_event: at a falling edge's time the clock's own process
    // may not have run yet, and its event would then end this wait in the same time step.
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    sc_core::wait(negedge_time(this, negedges_upto(this, now) + chunk) - now);
    cycles += chunk;
    n -= chunk;
  }
}

// Waits for idle_o to rise (or the bound) in one wait, then for the falling edge that ends that
// cycle; cycle by cycle while an RTC step is pending.
uint64_t Harness::run_until_idle(uint64_t max_cycles) {
  uint64_t n = 0;
  while (n < max_cycles && !idle()) {
    if (rtc_step_pending) {
      advance(1);
      n++;
      continue;
    }
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const uint64_t start_idx = negedges_upto(this, start);
    const sc_core::sc_time deadline = negedge_time(this, start_idx + (max_cycles - n));
    sc_core::wait(deadline - start, idle_o.posedge_event());
    sc_core::sc_time now = sc_core::sc_time_stamp();
    if (now < deadline && negedge_time(this, negedges_upto(this, now)) != now) {
      // idle rose on a rising edge: finish that cycle
      sc_core::wait(negedge_time(this, negedges_upto(this, now) + 1) - now);
      now = sc_core::sc_time_stamp();
    }
    const uint64_t passed = negedges_upto(this, now) - start_idx;
    cycles += passed;
    n += passed;
  }
  return n;
}

bool Harness::plat_ack(int *result) const {
  if (!plat_ack_o.read()) return false;
  *result = static_cast<int8_t>(plat_result.read() & 0xFFu);
  return true;
}

// Asynchronous: the unit is in (or out of) reset one delta cycle later.
void Harness::set_reset(bool asserted) { rst_n.write(!asserted); }

fbmu_sim *OpenHarness(Harness *s, const fbmu_sim_config_t *cfg) {
  fbmu_sim_config_t c{};
  if (cfg) c = *cfg;
  if (!s || s->claimed || !s->can_wait()) return nullptr;
  if (c.trace_path) {
    std::fprintf(stderr, "fbmu_sim (SystemC): no waveforms under the SystemC top (%s)\n",
                 c.trace_path);
    return nullptr;
  }
  if (!bind_top(s)) return nullptr;
  if ((c.mem_bytes && c.mem_bytes != s->mem_bytes) ||
      (c.lease_slots && c.lease_slots != s->lease_slots))
    return nullptr;
  // Every create starts from power-on (reset epoch 0), as a fresh model does in the C++ harness.
  // The SystemC top is reused, so fbmu_tb's power-on reset is pulled low again here; its own flop
  // releases it at the next clock edge, inside the reset open() ends with.
  s->rtl->rootp->fbmu_tb__DOT__por_n = 0;
  if (s->open(c, s->bridge_scope) != FBMU_OK) return nullptr;
  s->claimed = true;
  return s;
}

}  // namespace fbmu_sc

extern "C" {

fbmu_sim_t *fbmu_sim_create(const fbmu_sim_config_t *cfg) {
  fbmu_sc::Harness *s = fbmu_sc::FirstFreeHarness();
  if (!s) {
    std::fprintf(stderr, "fbmu_sim (SystemC): no free SystemC top (one per simulation alive)\n");
    return nullptr;
  }
  return fbmu_sc::OpenHarness(s, cfg);
}

// The top stays elaborated (SystemC cannot remove it); the next create resets it.
void fbmu_sim_destroy(fbmu_sim_t *sim) {
  if (sim) static_cast<fbmu_sc::Harness *>(sim)->claimed = false;
}

}  // extern "C"
