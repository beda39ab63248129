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
/* The platform calls above as a fbmu_platform_t whose ctx is sim (fence_clear, inject_zero_fail
 * and now are the extensions below; now is fbmu_sim_time). Valid for the simulation's lifetime;
 * NULL when sim is NULL. */
const fbmu_platform_t *fbmu_sim_platform(fbmu_sim_t *sim);

/* Extensions. */
uint64_t fbmu_sim_time(const fbmu_sim_t *sim); /* RTC seconds published last */
int fbmu_sim_fence_clear(fbmu_sim_t *sim);
int fbmu_sim_inject_zero_fail(fbmu_sim_t *sim, uint32_t count);
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
uint32_t fbmu_sim_mem_bytes(const fbmu_sim_t *sim);   /* the Verilated MEM_BYTES */
uint32_t fbmu_sim_lease_slots(const fbmu_sim_t *sim); /* the Verilated LEASE_SLOTS */
struct fbmu_bridge *fbmu_sim_bridge(fbmu_sim_t *sim); /* the DPI bridge (sim/bus_bridge.h) */

#ifdef __cplusplus
}
#endif

#endif /* FBMU_SIM_H */
