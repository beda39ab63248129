/* FBMU RTL simulation harness: the Verilated fbmu_top behind a C interface.
 *
 * The harness owns clock, reset, the RTC input, the platform port and tracing. It plays the RTC
 * domain (spec section 3): a time step changes rtc_secs_i and toggles rtc_tgl_i, and the unit's
 * core holds the new time fbmu_sim_rtc_crossing_cycles() cycles later; calls that settle run those
 * cycles first. Its bus is a DPI bridge: a pipelined SV AXI4-Lite master that takes single
 * transactions and blocks of words from C, so the C driver runs against the RTL unchanged through
 * fbmu_sim_bus() (block callbacks included). Every wait is bounded by a cycle limit: a bus
 * that never answers gives FBMU_E_DISCONNECTED. Several simulations may be created and destroyed
 * one after another in one process (each test makes its own).
 */
#ifndef FBMU_SIM_H
#define FBMU_SIM_H

#include <stdint.h>

#include "fbmu.h"
#include "fbmu_platform.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint32_t mem_bytes;          /* must match the Verilated parameter; 0: the build's value */
  uint32_t lease_slots;        /* as mem_bytes */
  uint64_t id_seed;            /* lease-id key seed driven on id_seed_i */
  uint64_t start_time;         /* RTC seconds after create; 0 keeps 0 */
  uint32_t bus_timeout_cycles; /* cycles one bus transaction may take; 0: 1000 */
  const char *trace_path;      /* non-NULL: write a waveform (.fst or .vcd by extension) */
  uint64_t trace_from_cycle; /* cycle window of the waveform (fbmu_sim_trace_window): first cycle */
  uint64_t trace_to_cycle;   /* ... and last cycle; 0: no end */
} fbmu_sim_config_t;

typedef struct fbmu_sim fbmu_sim_t;

fbmu_sim_t *fbmu_sim_create(
    const fbmu_sim_config_t *cfg); /* NULL or a zeroed config: defaults; NULL on failure */
void fbmu_sim_destroy(fbmu_sim_t *sim);
const fbmu_bus_t *fbmu_sim_bus(fbmu_sim_t *sim); /* hand it to fbmu_open */
int fbmu_sim_reset(fbmu_sim_t *sim);             /* hardware reset: every lease gone, memory zero */
int fbmu_sim_set_time(fbmu_sim_t *sim, uint64_t unix_secs);
int fbmu_sim_advance_time(fbmu_sim_t *sim, uint64_t secs);
int fbmu_sim_set_arena_size(fbmu_sim_t *sim, uint64_t bytes);
int fbmu_sim_set_online(fbmu_sim_t *sim, int online); /* offline: HELLO gives Disconnected;
                                                         runs the synchroniser's cycles */
uint64_t fbmu_sim_cycles(const fbmu_sim_t *sim);
/* The platform calls above as a fbmu_platform_t whose ctx is sim (fence_clear, inject_fault
 * and now are the extensions below; now is fbmu_sim_time). Valid for the simulation's lifetime;
 * NULL when sim is NULL. */
const fbmu_platform_t *fbmu_sim_platform(fbmu_sim_t *sim);

/* Extensions. */
uint64_t fbmu_sim_time(const fbmu_sim_t *sim); /* RTC seconds published last */
int fbmu_sim_fence_clear(fbmu_sim_t *sim);
/* INJECT_FAULT: arena bit bit_addr (byte * 8 + bit) stuck at 1; FBMU_FAULT_CLEAR_ALL removes all.
 */
int fbmu_sim_inject_fault(fbmu_sim_t *sim, uint32_t bit_addr);
/* Run clock cycles until the unit reports idle (no command, teardown or scrub), at most max_cycles.
 * Returns FBMU_OK, or FBMU_E_DISCONNECTED when the bound was hit. *cycles_taken may be NULL. */
int fbmu_sim_settle(fbmu_sim_t *sim, uint64_t max_cycles, uint64_t *cycles_taken);
int fbmu_sim_irq(const fbmu_sim_t *sim);               /* level of irq_o */
int fbmu_sim_trace(fbmu_sim_t *sim, const char *path); /* start (path) or stop (NULL) tracing */
/* Dump only cycles from_cycle .. to_cycle (counted as fbmu_sim_cycles; to_cycle 0: no end) of this
 * and later traces; (0, 0) dumps every cycle. Trace time stays absolute (10 ns per cycle), so a
 * cycle's time in the windowed file is the same as in a full one. Outside the window the file gets
 * nothing; the untraced clock costs one compare per cycle. */
int fbmu_sim_trace_window(fbmu_sim_t *sim, uint64_t from_cycle, uint64_t to_cycle);

/* Test hooks. */
/* Publish a time (rtc_secs_i, then the rtc_tgl_i toggle) and run only the crossing's
 * fbmu_sim_rtc_crossing_cycles() cycles, waiting for no teardown (fbmu_sim_set_time settles): the
 * next bus transaction is the first to see the new time. */
int fbmu_sim_set_time_raw(fbmu_sim_t *sim, uint64_t unix_secs);
/* Publish unix_secs just before the rising edge that ends cycle at_cycle (counted as
 * fbmu_sim_cycles), while whatever runs the clock (a bus access, settle, run) is running; the core
 * holds it fbmu_sim_rtc_crossing_cycles() edges later. When at_cycle is not in the future, as
 * fbmu_sim_set_time_raw. A later RTC call replaces a pending step. */
int fbmu_sim_set_time_at(fbmu_sim_t *sim, uint64_t at_cycle, uint64_t unix_secs);
/* A warm reset (rst_ni low for a few cycles, the unit and the bus master alike) just before the
 * rising edge that ends cycle at_cycle, while whatever runs the clock is running: reset in the
 * middle of a command. A bus transaction in flight then gets no answer: the bus call returns
 * FBMU_E_DISCONNECTED at once. The scrub runs on behind the caller (fbmu_sim_settle waits for it).
 * at_cycle 0 cancels a pending one; fbmu_sim_reset and create cancel it too. */
int fbmu_sim_reset_at(fbmu_sim_t *sim, uint64_t at_cycle);
/* How many resets scheduled with fbmu_sim_reset_at have fired. */
uint64_t fbmu_sim_resets_fired(const fbmu_sim_t *sim);
/* Rising edges from a published time to the core holding it (rtl/fbmu_rtc_cdc.sv). */
uint64_t fbmu_sim_rtc_crossing_cycles(void);
/* Drive the rtc_secs_i pins to `pins`, running no cycle. toggle != 0: also toggle rtc_tgl_i, i.e.
 * publish the time as fbmu_sim_set_time_raw does but without running the crossing. toggle == 0: a
 * value the RTC domain never published (a torn or glitched sample); the unit must not take it, and
 * fbmu_sim_time still gives the time published last. */
int fbmu_sim_set_rtc_pins(fbmu_sim_t *sim, uint64_t pins, int toggle);
/* A glitch: rtc_secs_i = pins, without a toggle, for exactly `cycles` clock cycles (>= 1), then
 * the pins go back to the value they held. */
int fbmu_sim_glitch_rtc(fbmu_sim_t *sim, uint64_t pins, uint64_t cycles);
/* Backdoor read of arena memory bytes [addr, addr+len) (all frames, any state); no clock runs.
 * FBMU_E_OUT_OF_RANGE past MEM_BYTES. */
int fbmu_sim_peek_mem(fbmu_sim_t *sim, uint64_t addr, void *buf, uint32_t len);
/* Backdoor read of a register: *val and the result code a bus read32 of addr would give now
 * (FBMU_OK, or FBMU_E_BUS_ERROR for an unmapped address), without a bus transaction and with no
 * clock running, so a checker can look at the unit without changing its timing.
 * FBMU_E_UNSUPPORTED for the STAGING window (read it over the bus). */
int fbmu_sim_peek_reg(fbmu_sim_t *sim, uint32_t addr, uint32_t *val);
/* Coverage probe: clock cycles since create in which a lease teardown was due and the teardown
 * engine free to start it, held off only because a platform request held the arena memory
 * (docs/spec.md section 3, "A time step during a platform request"; fbmu_tb.sv counts them). */
uint64_t fbmu_sim_plat_held_teardown_cycles(fbmu_sim_t *sim);
/* Run exactly `cycles` clock cycles. A unit at a fixed point (idle, bus master asleep, no trace, no
 * RTC step due: a cycle changes no bit of the model's state) is fast-forwarded: the remaining
 * cycles are counted, not evaluated, which is exact since every one of them would be the same. */
int fbmu_sim_run(fbmu_sim_t *sim, uint64_t cycles);
/* Fast-forward of fbmu_sim_run on (1, the default) or off (0): every cycle evaluated. Under
 * SystemC (fbmu_sim_sc) there is none: on gives FBMU_E_UNSUPPORTED. */
int fbmu_sim_set_fast_forward(fbmu_sim_t *sim, int on);
/* Cycles fbmu_sim_run has counted without evaluating them. */
uint64_t fbmu_sim_skipped_cycles(const fbmu_sim_t *sim);
int fbmu_sim_idle(const fbmu_sim_t *sim); /* level of idle_o */
/* 1: the interconnect between the DPI master and the unit completes no handshake (a hung bus):
 * every transaction gives FBMU_E_DISCONNECTED after bus_timeout_cycles. 0 releases it; an
 * abandoned transaction then completes on the bus and its response is dropped. */
int fbmu_sim_bus_stall(fbmu_sim_t *sim, int stall);
/* One AXI write with byte strobes (bit i enables byte i), as fbmu_bus_t's write32 returns. */
int fbmu_sim_write32_strb(fbmu_sim_t *sim, uint32_t addr, uint32_t val, uint8_t strb);
/* The bus master's mode (sim/fbmu_sim_bus.cpp). seed != 0: random bus shapes seeded from it (VALID
 * delays, AW/W order and gap, BREADY/RREADY back-pressure, reads while a write is outstanding);
 * the same seed and calls give the same cycles. 0: in order at full speed (the default after
 * create). */
int fbmu_sim_set_bus_seed(fbmu_sim_t *sim, uint32_t seed);
/* Bus shapes the master saw since create, for functional coverage: writes whose AW was accepted
 * before their W, W before AW, both on one edge; B and R responses that waited for their ready;
 * reads accepted while a write was outstanding; writes with strobes other than 0xF. */
typedef struct {
  uint64_t aw_before_w, w_before_aw, aw_w_together, b_backpressure, r_backpressure,
      read_during_write, partial_strobe;
} fbmu_sim_bus_shapes_t;
int fbmu_sim_bus_shapes(fbmu_sim_t *sim, fbmu_sim_bus_shapes_t *out);
/* AXI4-Lite rules broken on the bus (sim/axil_protocol_checker.sv at the master's and the unit's
 * port) since create: the count, and in *first_rule (may be NULL) the first one's name, e.g.
 * "master port: awvalid_held" ("" when none; valid until the next call). */
int fbmu_sim_bus_protocol_errors(fbmu_sim_t *sim, uint64_t *count, const char **first_rule);
/* Test hook: make the master break an AXI rule (fbmu_bridge_break_rule); 0 keeps the rules. */
int fbmu_sim_bus_break_rule(fbmu_sim_t *sim, uint32_t rule);
uint32_t fbmu_sim_mem_bytes(const fbmu_sim_t *sim);   /* the Verilated MEM_BYTES */
uint32_t fbmu_sim_lease_slots(const fbmu_sim_t *sim); /* the Verilated LEASE_SLOTS */
struct fbmu_bridge *fbmu_sim_bridge(fbmu_sim_t *sim); /* the DPI bridge (sim/bus_bridge.h) */

#ifdef __cplusplus
}
#endif

#endif /* FBMU_SIM_H */
