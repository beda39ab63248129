// Private to fbmu_sim_sc: the state behind one SimTop (sc_top.h), shared by sc_top.cpp
// (elaboration) and fbmu_sim_sc.cpp (the fbmu_sim.h API). Includes the Verilated SystemC model's
// header.
#ifndef FBMU_SC_HARNESS_H
#define FBMU_SC_HARNESS_H

#include <cstdint>
#include <memory>
#include <systemc>

#include "Vfbmu_tb.h"
#include "bus_bridge.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "sc_top.h"
#include "tb_inputs.h"

struct fbmu_sim {
  explicit fbmu_sim(fbmu_sc::SimTop *owner);

  fbmu_sc::SimTop *top;
  sc_core::sc_clock clk;
  // Written by whichever thread resets (a test thread, an RtlTarget's start-up thread).
  sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> rst_n;
  sc_core::sc_signal<bool> plat_ack, irq, idle, bridge_busy;
  sc_core::sc_signal<uint32_t> plat_result, mem_bytes_o, lease_slots_o;
  std::unique_ptr<Vfbmu_tb> rtl;

  bool reserved = false;  // owned by one RtlTarget; fbmu_sim_create skips it
  bool claimed = false;   // between Open/fbmu_sim_create and fbmu_sim_destroy
  bool bound = false;     // first evaluation seen, scopes looked up, parameters read
  svScope bridge_scope = nullptr;
  svScope tb_scope = nullptr;
  uint32_t mem_bytes = 0;
  uint32_t lease_slots = 0;

  fbmu_bridge_t bridge{};
  fbmu_bus_t bus{};
  fbmu_platform_t platform{};
  using Inputs = fbmu_tb_inputs;  // what fbmu_tb's sv_dpi_drive holds
  Inputs in;
  uint64_t cycles = 0;  // falling edges waited for since the top was opened
  bool rtc_step_pending = false;
  uint64_t rtc_step_cycle = 0;
  uint64_t rtc_step_secs = 0;
  bool reset_pending = false;  // fbmu_sim_reset_at: warm reset at reset_cycle (in a bus wait)
  uint64_t reset_cycle = 0;
  uint64_t resets_fired = 0;
  uint64_t rtc_pins = 0;        // what the rtc_secs_i pins hold (differs from in.rtc in a glitch)
  uint64_t rtc_seen_cycle = 0;  // cycle from which the unit's core holds in.rtc (fbmu_rtc_cdc)
};

namespace fbmu_sc {
// fbmu_sim_sc.cpp: claim s and reset it with cfg (from an SC_THREAD).
fbmu_sim *OpenHarness(fbmu_sim *s, const fbmu_sim_config_t *cfg);
// sc_top.cpp: every SimTop elaborated so far, in order.
fbmu_sim *FirstFreeHarness();
}  // namespace fbmu_sc

#endif  // FBMU_SC_HARNESS_H
