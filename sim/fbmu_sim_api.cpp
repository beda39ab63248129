// The fbmu_sim.h API, written once over the backend interface of fbmu_sim_backend.h: RTC domain,
// platform handshake, reset, settling, bounded bus waits, backdoor peek. Both harness libraries
// compile it with their own Verilated model's DPI header (fbmu_sim, fbmu_sim_sc); what differs
// between them (how the clock runs, tracing, create and destroy) is in the backend files.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "Vfbmu_tb__Dpi.h"
#include "fbmu_sim_backend.h"

namespace {

constexpr int kResetCycles = 4;  // cycles rst_ni is held low
// Rising edges from a toggle of rtc_tgl_i to rtc_o holding the new value (two synchroniser flops,
// then the capture: rtl/fbmu_rtc_cdc.sv), and from a change of online_i to the synchronised flag.
constexpr uint64_t kRtcCdcCycles = 3;
constexpr uint64_t kOnlineSyncCycles = 2;

// Hand the platform inputs to the testbench; they take effect at the next rising edge.
void push_inputs(fbmu_sim *s) {
  const fbmu_sim::Inputs &in = s->in;
  svSetScope(s->tb_scope);
  sv_dpi_drive(in.rtc, in.online, in.id_seed, in.plat_req, in.plat_op, in.plat_arg, in.bus_stall);
  s->pins_driven(false);
}

// The RTC pins alone (fbmu_tb's sv_dpi_rtc_pins): toggle = publish the value as the time.
void drive_rtc_pins(fbmu_sim *s, uint64_t pins, bool toggle) {
  svSetScope(s->tb_scope);
  sv_dpi_rtc_pins(pins, toggle);
  s->rtc_pins = pins;
  s->pins_driven(toggle);
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

// A time step from the platform: replaces a pending fbmu_sim_set_time_at step.
void drive_rtc(fbmu_sim *s, uint64_t secs) {
  s->rtc_step_pending = false;
  publish_rtc(s, secs);
}

// Run until idle_o, after at least min_cycles (so the unit has seen inputs changed just before),
// at most max_cycles in all. An RTC time still crossing into the core, and the cycle after it, are
// always run first: idle_o cannot know of a time the unit has not captured yet.
int settle(fbmu_sim *s, uint64_t min_cycles, uint64_t max_cycles, uint64_t *taken) {
  if (s->rtc_seen_cycle + 2 > s->cycles)
    min_cycles = std::max(min_cycles, s->rtc_seen_cycle + 2 - s->cycles);
  const uint64_t start = s->cycles;
  s->advance(std::min(min_cycles, max_cycles));
  uint64_t n = s->cycles - start;
  if (!s->finished()) n += s->run_until_idle(max_cycles - n);
  if (taken) *taken = n;
  return (n >= min_cycles && s->idle() && !s->finished()) ? FBMU_OK : FBMU_E_DISCONNECTED;
}

// Bound for settling after an RTC step or a platform request: enough to zero all memory many
// times over (teardown takes arena_size/32 + 64 cycles per frame, spec section 8).
uint64_t settle_bound(const fbmu_sim *s) { return 64ull * (s->mem_bytes / 8) + 100000ull; }

// The bridge's wait hook: one cycle at a time, asking for the response after each. A scheduled
// reset that fires in the wait ends it: the transaction gets no answer.
int wait_response(void *owner, fbmu_bridge_t *br, uint32_t max_cycles) {
  fbmu_sim *s = static_cast<fbmu_sim *>(owner);
  if (!s->can_wait()) return FBMU_E_UNSUPPORTED;
  s->enter();
  for (uint32_t i = 0; i < max_cycles; i++) {
    if (!s->resets_in_advance() && s->reset_due()) {
      s->fire_reset();
      s->reset_cut = false;
      return FBMU_E_DISCONNECTED;
    }
    s->advance(1);
    if (s->reset_cut) {
      s->reset_cut = false;
      return FBMU_E_DISCONNECTED;
    }
    if (fbmu_bridge_has_response(br)) return FBMU_OK;
    if (s->finished()) break;
  }
  return FBMU_E_DISCONNECTED;
}

// Run the clock until the unit's core holds the RTC time published last.
void run_rtc_crossing(fbmu_sim *s) {
  if (s->cycles < s->rtc_seen_cycle) s->advance(s->rtc_seen_cycle - s->cycles);
}

int hw_reset(fbmu_sim *s) {
  s->reset_pending = false;
  s->reset_cut = false;
  fbmu_bridge_reset(&s->bridge);
  s->in.bus_stall = false;
  s->in.plat_req = false;
  push_inputs(s);
  s->set_reset(true);
  s->advance(kResetCycles);
  s->set_reset(false);
  // The scrub zeroes all memory: MEM_BYTES/8 cycles and some; bound it generously.
  return settle(s, 1, 4ull * (s->mem_bytes / 8) + 10000ull, nullptr);
}

// A platform request (spec section 10): hold plat_req_i until plat_ack_o, take the result, then
// settle so the re-partition or re-zeroing it started is complete.
int plat_request(fbmu_sim *s, uint8_t op, uint32_t arg) {
  if (!s->can_wait()) return FBMU_E_UNSUPPORTED;
  s->enter();
  s->in.plat_op = op;
  s->in.plat_arg = arg;
  s->in.plat_req = true;
  push_inputs(s);
  const uint64_t bound = settle_bound(s);
  int rc = FBMU_E_DISCONNECTED;
  for (uint64_t n = 0; n < bound && !s->finished(); n++) {
    s->advance(1);
    if (s->plat_ack(&rc)) break;
  }
  s->in.plat_req = false;
  s->in.plat_op = 0;
  s->in.plat_arg = 0;
  push_inputs(s);
  if (rc == FBMU_E_DISCONNECTED) return rc;
  int src = settle(s, 1, bound, nullptr);
  return src != FBMU_OK ? src : rc;
}

// The platform port as an ops table onto the fbmu_sim_* calls (driver/fbmu_platform.h).
fbmu_sim *S(void *c) { return static_cast<fbmu_sim *>(c); }
int plat_set_time(void *c, uint64_t t) { return fbmu_sim_set_time(S(c), t); }
int plat_advance(void *c, uint64_t d) { return fbmu_sim_advance_time(S(c), d); }
int plat_arena(void *c, uint64_t b) { return fbmu_sim_set_arena_size(S(c), b); }
int plat_online(void *c, int on) { return fbmu_sim_set_online(S(c), on); }
int plat_reset(void *c) { return fbmu_sim_reset(S(c)); }
int plat_fence(void *c) { return fbmu_sim_fence_clear(S(c)); }
int plat_fault(void *c, uint32_t bit) { return fbmu_sim_inject_fault(S(c), bit); }
uint64_t plat_now(void *c) { return fbmu_sim_time(S(c)); }

fbmu_platform_t platform_table(fbmu_sim *s) {
  // In the member order of fbmu_platform_t.
  return fbmu_platform_t{plat_set_time, plat_advance, plat_arena, plat_online, plat_reset, s,
                         plat_fence,    plat_fault,   plat_now};
}

}  // namespace

void fbmu_sim::step_rtc_if_due() {
  if (rtc_step_pending && cycles >= rtc_step_cycle) {
    rtc_step_pending = false;
    publish_rtc(this, rtc_step_secs);
  }
}

void fbmu_sim::fire_reset() {
  reset_pending = false;
  resets_fired++;
  reset_cut = bridge.active != 0;
  fbmu_bridge_reset(&bridge);
  in.plat_req = false;
  push_inputs(this);
  set_reset(true);
  advance(kResetCycles);
  set_reset(false);
}

int fbmu_sim::open(const fbmu_sim_config_t &cfg, svScope bridge_scope) {
  enter();
  // A fresh bridge on the master: keep the wake-up count and tag running, since a master reused by
  // the SystemC top remembers the last wake-up it saw and the tag of its last transaction.
  const uint32_t wakes = bridge.wakes;
  const uint32_t next_tag = bridge.next_tag;
  const fbmu_bridge_observe_fn observe = bridge.observe;  // the backend's (bus trace)
  void *const observe_ctx = bridge.observe_ctx;
  fbmu_bridge_init(&bridge, wait_response, this, cfg.bus_timeout_cycles);
  bridge.wakes = wakes;
  bridge.next_tag = next_tag;
  fbmu_bridge_observe(&bridge, observe, observe_ctx);
  svSetScope(bridge_scope);
  sv_dpi_bridge_set_ctx(&bridge);
  bus = fbmu_bridge_bus(&bridge);
  platform = platform_table(this);

  in = Inputs{};
  in.id_seed = cfg.id_seed;
  rtc_step_pending = false;
  cycles = 0;
  drive_rtc(this, cfg.start_time);
  return hw_reset(this);
}

extern "C" {

const fbmu_bus_t *fbmu_sim_bus(fbmu_sim_t *sim) { return sim ? &sim->bus : nullptr; }

const fbmu_platform_t *fbmu_sim_platform(fbmu_sim_t *sim) { return sim ? &sim->platform : nullptr; }

int fbmu_sim_reset(fbmu_sim_t *sim) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  return hw_reset(sim);
}

int fbmu_sim_set_time(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  drive_rtc(sim, unix_secs);
  // settle() first runs the RTC crossing and two cycles more (the unit sees the new time and any
  // teardown it starts is under way), then waits for every teardown to finish.
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
  // plat_arg_i is 32 bits; anything wider cannot be a valid size (at most MEM_BYTES/2).
  if (bytes > UINT32_MAX) return FBMU_E_INVALID_ARGUMENT;
  return plat_request(sim, FBMU_PLAT_SET_ARENA_SIZE, static_cast<uint32_t>(bytes));
}

int fbmu_sim_set_online(fbmu_sim_t *sim, int online) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  sim->in.online = online != 0;
  push_inputs(sim);
  // Through the synchroniser, then one cycle in which the unit acts on it (closes the session when
  // going offline).
  sim->advance(kOnlineSyncCycles + 1);
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
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  return settle(sim, 0, max_cycles, cycles_taken);
}

int fbmu_sim_irq(const fbmu_sim_t *sim) { return (sim && sim->irq()) ? 1 : 0; }

int fbmu_sim_trace(fbmu_sim_t *sim, const char *path) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->enter();
  return sim->trace(path);
}

int fbmu_sim_trace_window(fbmu_sim_t *sim, uint64_t from_cycle, uint64_t to_cycle) {
  if (!sim || (to_cycle && to_cycle < from_cycle)) return FBMU_E_INVALID_ARGUMENT;
  sim->enter();
  return sim->trace_window(from_cycle, to_cycle);
}

int fbmu_sim_set_time_raw(fbmu_sim_t *sim, uint64_t unix_secs) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  drive_rtc(sim, unix_secs);
  run_rtc_crossing(sim);  // the core holds the new time; no teardown is waited for
  return sim->finished() ? FBMU_E_DISCONNECTED : FBMU_OK;
}

int fbmu_sim_set_rtc_pins(fbmu_sim_t *sim, uint64_t pins, int toggle) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->enter();
  if (toggle) {
    drive_rtc(sim, pins);
  } else {
    drive_rtc_pins(sim, pins, false);
  }
  sim->inputs_changed();
  return FBMU_OK;
}

int fbmu_sim_glitch_rtc(fbmu_sim_t *sim, uint64_t pins, uint64_t cycles) {
  if (!sim || cycles == 0) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  const uint64_t held = sim->rtc_pins;
  drive_rtc_pins(sim, pins, false);
  sim->advance(cycles);
  drive_rtc_pins(sim, held, false);
  sim->inputs_changed();
  return sim->finished() ? FBMU_E_DISCONNECTED : FBMU_OK;
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
  sim->enter();
  svSetScope(sim->tb_scope);
  // One DPI call per 64-bit word (byte k of a word at bits 8k+7:8k); whole words are copied at
  // once on a little-endian host, since the lockstep checker peeks all memory every 100 ops.
  uint8_t *out = static_cast<uint8_t *>(buf);
  const uint64_t end = addr + len;
  uint64_t a = addr;
  while (a < end) {
    const uint64_t word = static_cast<uint64_t>(sv_dpi_mem_peek(static_cast<int>(a / 8)));
    if (a % 8 == 0 && end - a >= 8 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
      std::memcpy(out, &word, 8);
      out += 8;
      a += 8;
      continue;
    }
    for (const uint64_t stop = std::min(end, a / 8 * 8 + 8); a < stop; a++)
      *out++ = static_cast<uint8_t>(word >> (8 * (a % 8)));
  }
  return FBMU_OK;
}

int fbmu_sim_peek_reg(fbmu_sim_t *sim, uint32_t addr, uint32_t *val) {
  if (!sim || !val) return FBMU_E_INVALID_ARGUMENT;
  sim->enter();
  svSetScope(sim->tb_scope);
  unsigned int data = 0;
  const int resp = sv_dpi_reg_peek(addr, &data);  // 0 OKAY, 3 DECERR, 1 STAGING
  *val = data;
  return resp == 0 ? FBMU_OK : resp == 1 ? FBMU_E_UNSUPPORTED : FBMU_E_BUS_ERROR;
}

uint64_t fbmu_sim_plat_held_teardown_cycles(fbmu_sim_t *sim) {
  if (!sim) return 0;
  sim->enter();
  svSetScope(sim->tb_scope);
  return static_cast<uint64_t>(sv_dpi_plat_held_td());
}

int fbmu_sim_run(fbmu_sim_t *sim, uint64_t cycles) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  if (!sim->can_wait()) return FBMU_E_UNSUPPORTED;
  sim->enter();
  sim->run(cycles);
  return sim->finished() ? FBMU_E_DISCONNECTED : FBMU_OK;
}

int fbmu_sim_set_fast_forward(fbmu_sim_t *sim, int on) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  return sim->set_fast_forward(on != 0);
}

uint64_t fbmu_sim_skipped_cycles(const fbmu_sim_t *sim) { return sim ? sim->skipped : 0; }

int fbmu_sim_idle(const fbmu_sim_t *sim) { return (sim && sim->idle()) ? 1 : 0; }

int fbmu_sim_bus_stall(fbmu_sim_t *sim, int stall) {
  if (!sim) return FBMU_E_INVALID_ARGUMENT;
  sim->enter();
  sim->in.bus_stall = stall != 0;
  push_inputs(sim);  // seen at the next rising edge
  sim->inputs_changed();
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
