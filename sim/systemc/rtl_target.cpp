// RtlTarget: payloads as AXI4-Lite transactions on the Verilated RTL under SystemC, through the
// same DPI bridge as the C++ harness (fbmu_bridge_transact), synchronised with the target's clock.
#include <cstdio>

#include "bus_bridge.h"
#include "fbmu_tlm.h"

namespace fbmu_tlm {
namespace {

RtlTarget *Self(void *ctx) { return static_cast<RtlTarget *>(ctx); }

}  // namespace

RtlTarget::RtlTarget(sc_core::sc_module_name name, const fbmu_sim_config_t *cfg)
    : TargetBase(name), socket("socket"), top_("rtl") {
  if (cfg) cfg_ = *cfg;
  top_.Reserve();
  socket.register_b_transport(this, &RtlTarget::b_transport);
  socket.register_get_direct_mem_ptr(this, &RtlTarget::get_direct_mem_ptr);
  SC_HAS_PROCESS(RtlTarget);
  SC_THREAD(Start);

  // Platform port: the harness calls once the start-up reset is done.
  platform_.ctx = this;
  platform_.set_time = [](void *c, uint64_t t) {
    return Self(c)->Ready() ? fbmu_sim_set_time(Self(c)->sim_, t) : FBMU_E_DISCONNECTED;
  };
  platform_.advance_time = [](void *c, uint64_t s) {
    return Self(c)->Ready() ? fbmu_sim_advance_time(Self(c)->sim_, s) : FBMU_E_DISCONNECTED;
  };
  platform_.set_arena_size = [](void *c, uint64_t b) {
    return Self(c)->Ready() ? fbmu_sim_set_arena_size(Self(c)->sim_, b) : FBMU_E_DISCONNECTED;
  };
  platform_.set_online = [](void *c, int on) {
    return Self(c)->Ready() ? fbmu_sim_set_online(Self(c)->sim_, on) : FBMU_E_DISCONNECTED;
  };
  platform_.reset = [](void *c) {
    return Self(c)->Ready() ? fbmu_sim_reset(Self(c)->sim_) : FBMU_E_DISCONNECTED;
  };
  platform_.fence_clear = [](void *c) {
    return Self(c)->Ready() ? fbmu_sim_fence_clear(Self(c)->sim_) : FBMU_E_DISCONNECTED;
  };
  platform_.inject_fault = [](void *c, uint32_t bit) {
    return Self(c)->Ready() ? fbmu_sim_inject_fault(Self(c)->sim_, bit) : FBMU_E_DISCONNECTED;
  };
  platform_.now = [](void *c) -> uint64_t {
    return Self(c)->sim_ ? fbmu_sim_time(Self(c)->sim_) : Self(c)->cfg_.start_time;
  };
}

// Time 0: reset the unit with the configuration (seed, start time, bus bound).
void RtlTarget::Start() {
  sim_ = top_.Open(&cfg_);
  if (!sim_) std::fprintf(stderr, "%s: the RTL did not come out of reset\n", name());
  started_ = true;
  started_event_.notify();
}

bool RtlTarget::Ready() {
  if (!started_) sc_core::wait(started_event_);
  return sim_ != nullptr;
}

void RtlTarget::b_transport(tlm::tlm_generic_payload &p, sc_core::sc_time &delay) {
  Transfer t;
  if (!AcceptPayload(p, &t)) return;
  // The transaction starts on the bus at the initiator's local time.
  if (delay > sc_core::SC_ZERO_TIME) sc_core::wait(delay);
  delay = sc_core::SC_ZERO_TIME;
  if (!Ready()) return;  // no unit: no response (TLM_INCOMPLETE_RESPONSE)
  uint32_t rdata = 0;
  uint8_t resp = FBMU_AXI_OKAY;
  const int rc = fbmu_bridge_transact(fbmu_sim_bridge(sim_), t.write ? 1 : 0, t.addr, t.wdata,
                                      t.strb, t.write ? nullptr : &rdata, &resp);
  transactions_++;
  if (rc != FBMU_OK && rc != FBMU_E_BUS_ERROR) return;  // no response within the bound
  if (!t.write) PutReadData(p, t, rdata);
  switch (resp) {
    case FBMU_AXI_OKAY:
    case FBMU_AXI_EXOKAY:
      p.set_response_status(tlm::TLM_OK_RESPONSE);
      break;
    case FBMU_AXI_SLVERR:
      p.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      break;
    default:
      p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      break;
  }
}

}  // namespace fbmu_tlm
