// The fbmu_sim.h C API over a SimTop (sc_top.h): the same calls, bounds, results and cycle counts
// as the C++ harness (sim/fbmu_sim.cpp), in SystemC time. The calling SC_THREAD waits on the clock:
// until the next falling edge (bus transactions: the bridge's wait hook asks
// fbmu_bridge_has_response() after each, bounded by bus_timeout_cycles), until a falling edge n
// cycles ahead (run, reset), or for idle_o to rise with the bound as timeout (settling). What this
// top cannot offer gives FBMU_E_UNSUPPORTED: waveforms (the model is built without tracing) and
// any call that would wait from outside an SC_THREAD.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "Vfbmu_tb__Dpi.h"
#include "Vfbmu_tb___024root.h"
#include "sc_harness.h"
#include "svdpi.h"

namespace {

constexpr int kResetCycles = 4;  // cycles rst_ni is held low, as in the C++ harness

// The harness may wait only in a thread; say so once, since the caller sees only a code.
bool CanWait() {
  if (fbmu_sc::InThread()) return true;
  static bool told = false;
  if (!told) {
    std::fprintf(stderr, "fbmu_sim (SystemC): called outside an SC_THREAD; it cannot wait there\n");
    told = true;
  }
  return false;
}

// The RTC domain's crossing (rtl/fbmu_rtc_cdc.sv): a published time reaches the core this many
// rising edges after the toggle; online_i goes through this many flops. Same as sim/fbmu_sim.cpp.
constexpr uint64_t kRtcCdcCycles = 3;
constexpr uint64_t kOnlineSyncCycles = 2;

void push_inputs(fbmu_sim *s) {
  const fbmu_sim::Inputs &in = s->in;
  svSetScope(s->tb_scope);
  sv_dpi_drive(in.rtc, in.online, in.id_seed, in.plat_req, in.plat_op, in.plat_arg, in.bus_stall);
}

// Falling edges of the clock up to and including time t (it starts with a rising edge).
sc_core::sc_time first_negedge(const fbmu_sim *s) {
  return s->clk.start_time() + s->clk.period() * s->clk.duty_cycle();
}
uint64_t negedges_upto(const fbmu_sim *s, const sc_core::sc_time &t) {
  const sc_core::sc_time first = first_negedge(s);
  if (t < first) return 0;
  return static_cast<uint64_t>((t - first) / s->clk.period()) + 1;
}
// Time of falling edge number idx (1-based, as negedges_upto counts).
sc_core::sc_time negedge_time(const fbmu_sim *s, uint64_t idx) {
  return first_negedge(s) + s->clk.period() * static_cast<double>(idx - 1);
}

// Run n clock cycles: wait until the n-th falling edge from now (rising edges, where the unit
// steps, lie between). One timed wait for the lot, split only where a pending RTC step is due (it
// is driven before the rising edge that ends cycle rtc_step_cycle). Inputs set before are seen at
// the first rising edge; outputs read after are those after the last.
void advance(fbmu_sim *s, uint64_t n) {
  while (n > 0) {
    if (s->rtc_step_pending && s->cycles >= s->rtc_step_cycle) {
      s->rtc_step_pending = false;
      s->in.rtc = s->rtc_step_secs;
      s->rtc_pins = s->in.rtc;
      s->rtc_seen_cycle = s->cycles + kRtcCdcCycles;
      push_inputs(s);  // sv_dpi_drive publishes a changed time: pins, then the rtc_tgl_i toggle
    }
    uint64_t chunk = n;
    if (s->rtc_step_pending && s->rtc_step_cycle - s->cycles < chunk)
      chunk = s->rtc_step_cycle - s->cycles;
    // A timed wait, not the clock's negedge_event: at a falling edge's time the clock's own process
    // may not have run yet, and its event would then end this wait in the same time step.
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    sc_core::wait(negedge_time(s, negedges_upto(s, now) + chunk) - now);
    s->cycles += chunk;
    n -= chunk;
  }
}

void tick(fbmu_sim *s) { advance(s, 1); }

bool idle(const fbmu_sim *s) { return s->idle.read(); }

// Run until idle_o, after at least min_cycles, at most max_cycles in all. Past min_cycles it waits
// for idle_o to rise (or the bound) in one wait, then for the falling edge that ends that cycle.
int settle(fbmu_sim *s, uint64_t min_cycles, uint64_t max_cycles, uint64_t *taken) {
  // A time still crossing into the core, and the cycle after it, always run first: idle_o cannot
  // know of a time the unit has not captured yet.
  if (s->rtc_seen_cycle + 2 > s->cycles)
    min_cycles = std::max(min_cycles, s->rtc_seen_cycle + 2 - s->cycles);
  uint64_t n = min_cycles < max_cycles ? min_cycles : max_cycles;
  advance(s, n);
  int rc = FBMU_E_DISCONNECTED;
  while (n < max_cycles) {
    if (idle(s)) {
      rc = FBMU_OK;
      break;
    }
    if (s->rtc_step_pending) {  // a step is due somewhere ahead: cycle by cycle
      tick(s);
      n++;
      continue;
    }
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const uint64_t start_idx = negedges_upto(s, start);
    const sc_core::sc_time deadline = negedge_time(s, start_idx + (max_cycles - n));
    sc_core::wait(deadline - start, s->idle.posedge_event());
    sc_core::sc_time now = sc_core::sc_time_stamp();
    if (now < deadline && negedge_time(s, negedges_upto(s, now)) != now) {
      // idle rose on a rising edge: finish that cycle
      sc_core::wait(negedge_time(s, negedges_upto(s, now) + 1) - now);
      now = sc_core::sc_time_stamp();
    }
    const uint64_t passed = negedges_upto(s, now) - start_idx;
    s->cycles += passed;
    n += passed;
  }
  if (rc != FBMU_OK && n >= min_cycles && idle(s)) rc = FBMU_OK;
  if (taken) *taken = n;
  return rc;
}

uint64_t settle_bound(const fbmu_sim *s) { return 64ull * (s->mem_bytes / 8) + 100000ull; }

// A warm reset scheduled by fbmu_sim_reset_at, due in a bus wait: the unit and the bus master
// are reset, the transaction in flight is lost (the wait gives no answer), the scrub runs on.
void scheduled_reset(fbmu_sim *s) {
  s->reset_pending = false;
  s->resets_fired++;
  fbmu_bridge_reset(&s->bridge);
  s->in.plat_req = false;
  push_inputs(s);
  s->rst_n.write(false);
  advance(s, kResetCycles);
  s->rst_n.write(true);
}

// The bridge's wait hook: one falling edge at a time, asking for the response after each.
int wait_response(void *owner, fbmu_bridge_t *br, uint32_t max_cycles) {
  fbmu_sim *s = static_cast<fbmu_sim *>(owner);
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  for (uint32_t i = 0; i < max_cycles; i++) {
    if (s->reset_pending && s->cycles >= s->reset_cycle) {
      scheduled_reset(s);
      return FBMU_E_DISCONNECTED;
    }
    tick(s);
    if (fbmu_bridge_has_response(br)) return FBMU_OK;
  }
  return FBMU_E_DISCONNECTED;
}

void drive_rtc(fbmu_sim *s, uint64_t secs) {
  s->rtc_step_pending = false;
  s->in.rtc = secs;
  s->rtc_pins = secs;
  s->rtc_seen_cycle = s->cycles + kRtcCdcCycles;
  push_inputs(s);  // sv_dpi_drive publishes a changed time: pins, then the rtc_tgl_i toggle
}

// The RTC pins alone (fbmu_tb's sv_dpi_rtc_pins): toggle = publish the value as the time.
void drive_rtc_pins(fbmu_sim *s, uint64_t pins, bool toggle) {
  svSetScope(s->tb_scope);
  sv_dpi_rtc_pins(pins, toggle);
  s->rtc_pins = pins;
}

// Run the clock until the unit's core holds the RTC time published last.
void run_rtc_crossing(fbmu_sim *s) {
  if (s->cycles < s->rtc_seen_cycle) advance(s, s->rtc_seen_cycle - s->cycles);
}

int hw_reset(fbmu_sim *s) {
  s->reset_pending = false;
  fbmu_bridge_reset(&s->bridge);
  s->in.bus_stall = false;
  s->in.plat_req = false;
  push_inputs(s);
  s->rst_n.write(false);  // asynchronous: the unit is in reset one delta cycle later
  advance(s, kResetCycles);
  s->rst_n.write(true);
  return settle(s, 1, 4ull * (s->mem_bytes / 8) + 10000ull, nullptr);
}

int plat_request(fbmu_sim *s, uint8_t op, uint32_t arg) {
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  s->in.plat_op = op;
  s->in.plat_arg = arg;
  s->in.plat_req = true;
  push_inputs(s);
  const uint64_t bound = settle_bound(s);
  int rc = FBMU_E_DISCONNECTED;
  for (uint64_t n = 0; n < bound; n++) {
    tick(s);
    if (s->plat_ack.read()) {
      rc = static_cast<int8_t>(s->plat_result.read() & 0xFFu);
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

// First use of a top: one falling edge so the model has evaluated (parameters on its outputs,
// variables initialised), then the DPI scopes by this instance's SystemC name.
bool bind_top(fbmu_sim *s) {
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

// Platform ops table over the harness calls (fbmu_platform.h).
fbmu_sim *S(void *c) { return static_cast<fbmu_sim *>(c); }
int plat_set_time(void *c, uint64_t t) { return fbmu_sim_set_time(S(c), t); }
int plat_advance(void *c, uint64_t t) { return fbmu_sim_advance_time(S(c), t); }
int plat_arena(void *c, uint64_t b) { return fbmu_sim_set_arena_size(S(c), b); }
int plat_online(void *c, int on) { return fbmu_sim_set_online(S(c), on); }
int plat_reset(void *c) { return fbmu_sim_reset(S(c)); }
int plat_fence(void *c) { return fbmu_sim_fence_clear(S(c)); }
int plat_fault(void *c, uint32_t bit) { return fbmu_sim_inject_fault(S(c), bit); }
uint64_t plat_now(void *c) { return fbmu_sim_time(S(c)); }

}  // namespace

namespace fbmu_sc {

fbmu_sim *OpenHarness(fbmu_sim *s, const fbmu_sim_config_t *cfg) {
  fbmu_sim_config_t c{};
  if (cfg) c = *cfg;
  if (!s || s->claimed || !CanWait()) return nullptr;
  if (c.trace_path) {
    std::fprintf(stderr, "fbmu_sim (SystemC): no waveforms under the SystemC top (%s)\n",
                 c.trace_path);
    return nullptr;
  }
  if (!bind_top(s)) return nullptr;
  if ((c.mem_bytes && c.mem_bytes != s->mem_bytes) ||
      (c.lease_slots && c.lease_slots != s->lease_slots))
    return nullptr;

  // A fresh bridge on the same master: keep the wake-up count and tag running, since the master
  // remembers the last wake-up it saw and the tag of its last transaction.
  const uint32_t wakes = s->bridge.wakes;
  const uint32_t next_tag = s->bridge.next_tag;
  fbmu_bridge_init(&s->bridge, wait_response, s, c.bus_timeout_cycles);
  s->bridge.wakes = wakes;
  s->bridge.next_tag = next_tag;
  svSetScope(s->bridge_scope);
  sv_dpi_bridge_set_ctx(&s->bridge);
  s->bus = fbmu_bridge_bus(&s->bridge);

  s->platform = fbmu_platform_t{};
  s->platform.set_time = plat_set_time;
  s->platform.advance_time = plat_advance;
  s->platform.set_arena_size = plat_arena;
  s->platform.set_online = plat_online;
  s->platform.reset = plat_reset;
  s->platform.ctx = s;
  s->platform.fence_clear = plat_fence;
  s->platform.inject_fault = plat_fault;
  s->platform.now = plat_now;

  s->in = fbmu_sim::Inputs{};
  s->in.id_seed = c.id_seed;
  s->rtc_step_pending = false;
  s->cycles = 0;
  drive_rtc(s, c.start_time);
  // Every create starts from power-on (reset epoch 0), as a fresh model does in the C++ harness.
  // The SystemC top is reused, so fbmu_tb's power-on reset is pulled low again here; its own flop
  // releases it at the next clock edge, inside the reset below.
  s->rtl->rootp->fbmu_tb__DOT__por_n = 0;
  if (hw_reset(s) != FBMU_OK) return nullptr;
  s->claimed = true;
  return s;
}

}  // namespace fbmu_sc

extern "C" {

fbmu_sim_t *fbmu_sim_create(const fbmu_sim_config_t *cfg) {
  fbmu_sim *s = fbmu_sc::FirstFreeHarness();
  if (!s) {
    std::fprintf(stderr, "fbmu_sim (SystemC): no free SystemC top (one per simulation alive)\n");
    return nullptr;
  }
  return fbmu_sc::OpenHarness(s, cfg);
}

// The top stays elaborated (SystemC cannot remove it); the next create resets it.
void fbmu_sim_destroy(fbmu_sim_t *sim) {
  if (sim) sim->claimed = false;
}

const fbmu_bus_t *fbmu_sim_bus(fbmu_sim_t *sim) { return sim ? &sim->bus : nullptr; }

const fbmu_platform_t *fbmu_sim_platform(fbmu_sim_t *sim) { return sim ? &sim->platform : nullptr; }

int fbmu_sim_reset(fbmu_sim_t *sim) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  return hw_reset(sim);
}

int fbmu_sim_set_time(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  drive_rtc(sim, unix_secs);
  return settle(sim, 2, settle_bound(sim), nullptr);
}

int fbmu_sim_advance_time(fbmu_sim_t *sim, uint64_t secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  const uint64_t now = sim->in.rtc;
  const uint64_t next = (secs > UINT64_MAX - now) ? UINT64_MAX : now + secs;
  return fbmu_sim_set_time(sim, next);
}

int fbmu_sim_set_arena_size(fbmu_sim_t *sim, uint64_t bytes) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (bytes > UINT32_MAX) return FBMU_E_INVALID_ARGUMENT;
  return plat_request(sim, FBMU_PLAT_SET_ARENA_SIZE, static_cast<uint32_t>(bytes));
}

int fbmu_sim_set_online(fbmu_sim_t *sim, int online) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  sim->in.online = online != 0;
  push_inputs(sim);
  // Through the synchroniser, then one cycle in which the unit acts on it.
  advance(sim, kOnlineSyncCycles + 1);
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
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  return settle(sim, 0, max_cycles, cycles_taken);
}

int fbmu_sim_irq(const fbmu_sim_t *sim) { return (sim && sim->irq.read()) ? 1 : 0; }

// No waveforms: the SystemC build has no tracing compiled in. Stopping (NULL) has nothing to stop.
int fbmu_sim_trace(fbmu_sim_t *sim, const char *path) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return path ? FBMU_E_UNSUPPORTED : FBMU_OK;
}

int fbmu_sim_trace_window(fbmu_sim_t *sim, uint64_t from_cycle, uint64_t to_cycle) {
  if (!sim || (to_cycle && to_cycle < from_cycle)) return FBMU_E_INVALID_ARGUMENT;
  return FBMU_E_UNSUPPORTED;
}

int fbmu_sim_set_time_raw(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  drive_rtc(sim, unix_secs);
  run_rtc_crossing(sim);  // the core holds the new time; no teardown is waited for
  return FBMU_OK;
}

int fbmu_sim_set_rtc_pins(fbmu_sim_t *sim, uint64_t pins, int toggle) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (toggle) {
    drive_rtc(sim, pins);
  } else {
    drive_rtc_pins(sim, pins, false);
  }
  return FBMU_OK;
}

int fbmu_sim_glitch_rtc(fbmu_sim_t *sim, uint64_t pins, uint64_t cycles) {
  if (!sim || cycles == 0) return FBMU_E_INVALID_ARGUMENT;
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  const uint64_t held = sim->rtc_pins;
  drive_rtc_pins(sim, pins, false);
  advance(sim, cycles);
  drive_rtc_pins(sim, held, false);
  return FBMU_OK;
}

uint64_t fbmu_sim_rtc_crossing_cycles(void) { return kRtcCdcCycles; }

// Under SystemC the scheduled reset fires in bus waits only (where a driver call spends its
// cycles); one due while the clock runs otherwise fires at the next bus access.
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
  if (!CanWait()) return FBMU_E_UNSUPPORTED;
  advance(sim, cycles);
  return FBMU_OK;
}

// The SystemC kernel evaluates every cycle: no fast-forward here.
int fbmu_sim_set_fast_forward(fbmu_sim_t *sim, int on) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return on ? FBMU_E_UNSUPPORTED : FBMU_OK;
}

uint64_t fbmu_sim_skipped_cycles(const fbmu_sim_t *) { return 0; }

int fbmu_sim_idle(const fbmu_sim_t *sim) { return (sim && sim->idle.read()) ? 1 : 0; }

int fbmu_sim_bus_stall(fbmu_sim_t *sim, int stall) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->in.bus_stall = stall != 0;
  push_inputs(sim);  // seen at the next rising edge
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
