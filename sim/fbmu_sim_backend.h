// Private to the two harnesses: the state behind fbmu_sim_t and the small interface a backend
// implements, so that the fbmu_sim.h API (fbmu_sim_api.cpp) is written once. Backends: the
// Verilated C++ model ticked by hand (fbmu_sim.cpp) and the Verilated SystemC model waited on in
// SystemC time (systemc/fbmu_sim_sc.cpp). Includes svdpi.h; the API file also needs the Verilated
// model's DPI header, so it is compiled into each harness library.
#ifndef FBMU_SIM_BACKEND_H
#define FBMU_SIM_BACKEND_H

#include <cstdint>

#include "bus_bridge.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "svdpi.h"
#include "tb_inputs.h"

struct fbmu_sim {
  virtual ~fbmu_sim() = default;

  // ---- What a backend provides
  // Calls that run the clock ask first; the SystemC top can wait only inside an SC_THREAD.
  virtual bool can_wait() const { return true; }
  // Make this simulation's model current before touching it (several may live in one process).
  virtual void enter() const {}
  // Run n clock cycles (rising edge, then falling edge each), publishing a pending RTC step
  // (step_rtc_if_due) before the rising edge it is due at. Inputs set before are seen at the
  // first rising edge. Stops early only when the model has finished.
  virtual void advance(uint64_t n) = 0;
  // Run cycles until idle_o is high after a falling edge, at most max_cycles; returns the
  // cycles run (0 when already idle).
  virtual uint64_t run_until_idle(uint64_t max_cycles) = 0;
  virtual bool finished() const { return false; }  // the model ran $finish
  virtual bool idle() const = 0;                   // idle_o
  virtual bool irq() const = 0;                    // irq_o
  // plat_ack_o after the last edge; when high, *result = plat_result_o as a signed code.
  virtual bool plat_ack(int *result) const = 0;
  virtual void set_reset(bool asserted) = 0;  // rst_ni, asynchronous
  // Inputs changed through DPI without a clock: a backend that evaluates on demand does so here.
  virtual void inputs_changed() {}
  // Start (path) or stop (NULL) a waveform; the trace window. Default: no waveforms.
  virtual int trace(const char *path) { return path ? FBMU_E_UNSUPPORTED : FBMU_OK; }
  virtual int trace_window(uint64_t, uint64_t) { return FBMU_E_UNSUPPORTED; }
  // True when advance fires a due fbmu_sim_reset_at reset at the cycle it is due (fire_reset);
  // false: it fires only in a bus wait, before the wait's next cycle.
  virtual bool resets_in_advance() const { return false; }
  // fbmu_sim_run: n cycles, which a backend may fast-forward (exactly). Default: advance(n).
  virtual void run(uint64_t n) { advance(n); }
  // fbmu_sim_set_fast_forward. Default: there is none, so only off is accepted.
  virtual int set_fast_forward(bool on) { return on ? FBMU_E_UNSUPPORTED : FBMU_OK; }
  // The platform inputs or RTC pins were driven (rtc_published: the RTC strobe toggled), after
  // the change: a backend that records the unit's inputs does so here.
  virtual void pins_driven(bool /*rtc_published*/) {}

  // ---- Shared state (set by the backend: tb_scope, mem_bytes, lease_slots)
  fbmu_bridge_t bridge{};
  fbmu_bus_t bus{};
  fbmu_platform_t platform{};     // fbmu_sim_platform: the platform calls, ctx = this
  using Inputs = fbmu_tb_inputs;  // what fbmu_tb's sv_dpi_drive holds
  Inputs in;
  uint64_t cycles = 0;            // falling edges since the simulation was opened
  uint64_t rtc_pins = 0;          // what the rtc_secs_i pins hold (differs from in.rtc in a glitch)
  uint64_t rtc_seen_cycle = 0;    // cycle from which the unit's core holds in.rtc (rtc_o)
  bool rtc_step_pending = false;  // fbmu_sim_set_time_at: publish rtc_step_secs at rtc_step_cycle
  uint64_t rtc_step_cycle = 0;
  uint64_t rtc_step_secs = 0;
  bool reset_pending = false;  // fbmu_sim_reset_at: warm reset at reset_cycle
  uint64_t reset_cycle = 0;
  uint64_t resets_fired = 0;   // scheduled resets that fired
  bool reset_cut = false;      // one fired under a bus transaction: that transaction gets no answer
  uint64_t skipped = 0;        // cycles fbmu_sim_run counted without evaluating them
  svScope tb_scope = nullptr;  // fbmu_tb: sv_dpi_drive, sv_dpi_rtc_pins, sv_dpi_mem_peek
  uint32_t mem_bytes = 0;
  uint32_t lease_slots = 0;

  // ---- For backends (fbmu_sim_api.cpp)
  // The due fbmu_sim_set_time_at step, if any: called by advance before each rising edge.
  void step_rtc_if_due();
  // A fbmu_sim_reset_at reset is due before the next rising edge.
  bool reset_due() const { return reset_pending && cycles >= reset_cycle; }
  // Fire it: the unit and the bus master are reset (rst_ni low for a few cycles), a bus
  // transaction in flight is lost with the master (reset_cut), the scrub runs on behind the caller.
  void fire_reset();
  // Bind the bridge to the master at bridge_scope, reset the inputs to cfg's and reset the unit
  // (cycle count from 0). FBMU_OK or the reset's error.
  int open(const fbmu_sim_config_t &cfg, svScope bridge_scope);
};

#endif  // FBMU_SIM_BACKEND_H
