// Private to fbmu_sim_sc: the harness behind one SimTop (sc_top.h), shared by sc_top.cpp
// (elaboration) and fbmu_sim_sc.cpp (the fbmu_sim.h API). Includes the Verilated SystemC model's
// header.
#ifndef FBMU_SC_HARNESS_H
#define FBMU_SC_HARNESS_H

#include <cstdint>
#include <memory>
#include <systemc>

#include "Vfbmu_tb.h"
#include "fbmu_sim.h"
#include "fbmu_sim_backend.h"
#include "sc_top.h"

namespace fbmu_sc {

// The SystemC backend of fbmu_sim_t (fbmu_sim_backend.h): waits in SystemC time, no tracing, no
// fast-forward (the kernel evaluates every cycle); a fbmu_sim_reset_at reset fires in bus waits
// only (where a driver call spends its cycles), one due while the clock runs otherwise fires at the
// next bus access.
struct Harness final : fbmu_sim {
  explicit Harness(SimTop *owner);

  SimTop *top;
  sc_core::sc_clock clk;
  // Written by whichever thread resets (a test thread, an RtlTarget's start-up thread).
  sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> rst_n;
  sc_core::sc_signal<bool> plat_ack_o, irq_o, idle_o, bridge_busy;
  sc_core::sc_signal<uint32_t> plat_result, mem_bytes_o, lease_slots_o;
  std::unique_ptr<Vfbmu_tb> rtl;

  bool reserved = false;  // owned by one RtlTarget; fbmu_sim_create skips it
  bool claimed = false;   // between Open/fbmu_sim_create and fbmu_sim_destroy
  bool bound = false;     // first evaluation seen, scopes looked up, parameters read
  svScope bridge_scope = nullptr;

  // The backend (fbmu_sim_sc.cpp).
  bool can_wait() const override;
  void advance(uint64_t n) override;
  uint64_t run_until_idle(uint64_t max_cycles) override;
  bool idle() const override { return idle_o.read(); }
  bool irq() const override { return irq_o.read(); }
  bool plat_ack(int *result) const override;
  void set_reset(bool asserted) override;
};

// fbmu_sim_sc.cpp: claim s and reset it with cfg (from an SC_THREAD).
fbmu_sim *OpenHarness(Harness *s, const fbmu_sim_config_t *cfg);
// sc_top.cpp: every SimTop elaborated so far, in order.
Harness *FirstFreeHarness();
}  // namespace fbmu_sc

#endif  // FBMU_SC_HARNESS_H
