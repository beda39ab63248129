// ModelTarget: payloads on the golden model's register front end, loosely timed.
#include "bus_bridge.h"
#include "fbmu_tlm.h"

namespace fbmu_tlm {

ModelTarget::ModelTarget(sc_core::sc_module_name name, const fbmu_model_config_t *cfg)
    : TargetBase(name), socket("socket"), latency_(2 * fbmu_sc::ClockPeriod()) {
  fbmu_model_config_t c{};
  if (cfg) c = *cfg;
  model_ = fbmu_model_create(&c);
  if (!model_) SC_REPORT_FATAL("fbmu_tlm/ModelTarget", "invalid model configuration");
  platform_ = *fbmu_model_platform(model_);
  socket.register_b_transport(this, &ModelTarget::b_transport);
  socket.register_get_direct_mem_ptr(this, &ModelTarget::get_direct_mem_ptr);
}

ModelTarget::~ModelTarget() { fbmu_model_destroy(model_); }

void ModelTarget::b_transport(tlm::tlm_generic_payload &p, sc_core::sc_time &delay) {
  Transfer t;
  if (!AcceptPayload(p, &t)) return;
  transactions_++;
  delay += latency_;
  const fbmu_bus_t *bus = fbmu_model_bus(model_);
  if (t.addr >= FBMU_BRIDGE_ADDR_SPACE) {  // outside the unit: the interconnect's DECERR
    if (!t.write) PutReadData(p, t, 0);
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  uint32_t current = 0;
  if (!t.write) {
    const bool ok = bus->read32(bus->ctx, t.addr, &current) == FBMU_OK;
    PutReadData(p, t, ok ? current : 0);  // DECERR reads return 0
    p.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // Writes. A register that does not read back is unmapped: DECERR, nothing changes.
  if (bus->read32(bus->ctx, t.addr, &current) != FBMU_OK) {
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  uint32_t mask = 0;
  for (unsigned int i = 0; i < 4; i++)
    if (t.strb & (1u << i)) mask |= 0xFFu << (8 * i);
  const uint32_t merged = (current & ~mask) | (t.wdata & mask);
  const bool ok = bus->write32(bus->ctx, t.addr, merged) == FBMU_OK;
  p.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
}

}  // namespace fbmu_tlm
