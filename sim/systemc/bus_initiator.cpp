// BusInitiator: the C driver's fbmu_bus_t as TLM-2.0 blocking transport, loosely timed.
#include "fbmu_tlm.h"

namespace fbmu_tlm {

BusInitiator::BusInitiator(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket") {
  bus_ = fbmu_bus_t{};  // no block callbacks: the driver falls back to single accesses
  bus_.read32 = &BusInitiator::Read32;
  bus_.write32 = &BusInitiator::Write32;
  bus_.ctx = this;
  qk_.reset();
}

tlm::tlm_response_status BusInitiator::Transport(tlm::tlm_generic_payload &p) {
  sc_core::sc_time delay = qk_.get_local_time();
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(p, delay);
  transactions_++;
  qk_.set(delay);
  if (qk_.get_local_time() > sc_core::SC_ZERO_TIME && qk_.need_sync()) qk_.sync();
  return p.get_response_status();
}

tlm::tlm_response_status BusInitiator::Access(bool write, uint64_t addr, uint32_t *data,
                                              uint8_t strb) {
  unsigned char bytes[4];
  unsigned char be[4];
  for (unsigned int i = 0; i < 4; i++) {
    bytes[i] = static_cast<unsigned char>(*data >> (8 * i));
    be[i] = (strb & (1u << i)) ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED;
  }
  tlm::tlm_generic_payload p;
  p.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  p.set_address(addr);
  p.set_data_ptr(bytes);
  p.set_data_length(4);
  p.set_streaming_width(4);
  if ((strb & 0xFu) != 0xFu) {
    p.set_byte_enable_ptr(be);
    p.set_byte_enable_length(4);
  }
  const tlm::tlm_response_status st = Transport(p);
  if (!write) {
    uint32_t v = 0;
    for (unsigned int i = 0; i < 4; i++) v |= static_cast<uint32_t>(bytes[i]) << (8 * i);
    *data = v;
  }
  return st;
}

int BusInitiator::DriverCode(tlm::tlm_response_status st) {
  switch (st) {
    case tlm::TLM_OK_RESPONSE:
      return FBMU_OK;
    case tlm::TLM_ADDRESS_ERROR_RESPONSE:
    case tlm::TLM_GENERIC_ERROR_RESPONSE:
      return FBMU_E_BUS_ERROR;
    case tlm::TLM_INCOMPLETE_RESPONSE:
      return FBMU_E_DISCONNECTED;
    default:
      return FBMU_E_INVALID_ARGUMENT;
  }
}

int BusInitiator::Read32(void *ctx, uint32_t addr, uint32_t *val) {
  if (!ctx || !val) return FBMU_E_INVALID_ARGUMENT;
  uint32_t v = 0;
  const int rc = DriverCode(static_cast<BusInitiator *>(ctx)->Access(false, addr, &v));
  *val = v;
  return rc;
}

int BusInitiator::Write32(void *ctx, uint32_t addr, uint32_t val) {
  if (!ctx) return FBMU_E_INVALID_ARGUMENT;
  return DriverCode(static_cast<BusInitiator *>(ctx)->Access(true, addr, &val));
}

}  // namespace fbmu_tlm
