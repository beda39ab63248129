// SimTop: elaborates one Verilated testbench with its clock and reset under SystemC, and keeps the
// list fbmu_sim_create picks from. RunInThread: the sc_main helper that runs a body in an
// SC_THREAD.
#include "sc_top.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "sc_harness.h"

namespace fbmu_sc {
namespace {

std::vector<Harness *> &AllHarnesses() {
  static std::vector<Harness *> all;
  return all;
}

void DeleteHarness(fbmu_sim *s) {
  auto &all = AllHarnesses();
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (*it == s) {
      all.erase(it);
      break;
    }
  }
  delete s;
}

// Runs the body in an SC_THREAD and stops the kernel when it returns.
class BodyRunner : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(BodyRunner);
  BodyRunner(sc_core::sc_module_name name, const std::function<int()> &body)
      : sc_core::sc_module(name), body_(body) {
    SC_THREAD(Run);
    set_stack_size(64u << 20);
  }
  bool done = false;
  int rc = 1;

 private:
  void Run() {
    rc = body_();
    done = true;
    sc_core::sc_stop();
  }
  std::function<int()> body_;
};

}  // namespace

Harness *FirstFreeHarness() {
  for (Harness *s : AllHarnesses())
    if (!s->reserved && !s->claimed) return s;
  return nullptr;
}

SimTop::SimTop(sc_core::sc_module_name name)
    : sc_core::sc_module(name), sim_(nullptr, DeleteHarness) {
  // Made inside this module's constructor, so the clock, signals and model are its children.
  auto *h = new Harness(this);
  sim_.reset(h);
  AllHarnesses().push_back(h);
}

SimTop::~SimTop() = default;

const sc_core::sc_clock &SimTop::clock() const { return static_cast<Harness *>(sim_.get())->clk; }

void SimTop::Reserve() { static_cast<Harness *>(sim_.get())->reserved = true; }

fbmu_sim_t *SimTop::Open(const fbmu_sim_config_t *cfg) {
  return OpenHarness(static_cast<Harness *>(sim_.get()), cfg);
}

void QuietKernel() { setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); }

bool InThread() {
  sc_core::sc_process_handle h = sc_core::sc_get_current_process_handle();
  return h.valid() &&
         (h.proc_kind() == sc_core::SC_THREAD_PROC_ || h.proc_kind() == sc_core::SC_CTHREAD_PROC_);
}

int RunInThread(const std::function<int()> &body, int tops) {
  // sc_stop() is how every run ends; it is no news.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  std::vector<std::unique_ptr<SimTop>> made;
  for (int i = 0; i < tops; i++)
    made.push_back(std::make_unique<SimTop>(("fbmu" + std::to_string(i)).c_str()));
  BodyRunner runner("body", body);
  sc_core::sc_start();
  return runner.done ? runner.rc : 1;
}

}  // namespace fbmu_sc

fbmu_sc::Harness::Harness(SimTop *owner)
    : top(owner),
      clk("clk", fbmu_sc::ClockPeriod()),
      rst_n("rst_n", true),
      plat_ack_o("plat_ack"),
      irq_o("irq"),
      idle_o("idle"),
      bridge_busy("bridge_busy"),
      plat_result("plat_result"),
      mem_bytes_o("mem_bytes"),
      lease_slots_o("lease_slots"),
      rtl(new Vfbmu_tb("rtl")) {
  rtl->clk_i(clk);
  rtl->rst_ni(rst_n);
  rtl->plat_ack_o(plat_ack_o);
  rtl->plat_result_o(plat_result);
  rtl->irq_o(irq_o);
  rtl->idle_o(idle_o);
  rtl->bridge_busy_o(bridge_busy);
  rtl->mem_bytes_o(mem_bytes_o);
  rtl->lease_slots_o(lease_slots_o);
}
