// Generic payload <-> one AXI4-Lite transfer, shared by both targets so they refuse alike.
#include "fbmu_tlm.h"

namespace fbmu_tlm {

tlm::tlm_response_status DecodePayload(const tlm::tlm_generic_payload &p, Transfer *t) {
  const tlm::tlm_command cmd = p.get_command();
  if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND)
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  const uint64_t addr = p.get_address();
  if (p.get_data_length() != 4 || p.get_streaming_width() != 4 || (addr & 3u) != 0 ||
      p.get_data_ptr() == nullptr)
    return tlm::TLM_BURST_ERROR_RESPONSE;
  if (addr > UINT32_MAX) return tlm::TLM_ADDRESS_ERROR_RESPONSE;  // never truncated onto the unit

  uint8_t strb = 0;
  const unsigned char *be = p.get_byte_enable_ptr();
  const unsigned int be_len = p.get_byte_enable_length();
  if (be != nullptr && be_len == 0) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  for (unsigned int i = 0; i < 4; i++) {
    const unsigned char e = be ? be[i % be_len] : TLM_BYTE_ENABLED;
    if (e == TLM_BYTE_ENABLED) {
      strb = static_cast<uint8_t>(strb | (1u << i));
    } else if (e != TLM_BYTE_DISABLED) {
      return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    }
  }
  t->write = cmd == tlm::TLM_WRITE_COMMAND;
  if (t->write && strb == 0) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;  // nothing to write
  t->addr = static_cast<uint32_t>(addr);
  t->strb = strb;
  t->wdata = 0;
  if (t->write) {
    const unsigned char *d = p.get_data_ptr();
    for (unsigned int i = 0; i < 4; i++) t->wdata |= static_cast<uint32_t>(d[i]) << (8 * i);
  }
  return tlm::TLM_INCOMPLETE_RESPONSE;
}

bool AcceptPayload(tlm::tlm_generic_payload &p, Transfer *t) {
  p.set_dmi_allowed(false);
  const tlm::tlm_response_status st = DecodePayload(p, t);
  if (st == tlm::TLM_INCOMPLETE_RESPONSE) return true;
  p.set_response_status(st);
  return false;
}

void PutReadData(tlm::tlm_generic_payload &p, const Transfer &t, uint32_t rdata) {
  unsigned char *d = p.get_data_ptr();
  for (unsigned int i = 0; i < 4; i++)
    if (t.strb & (1u << i)) d[i] = static_cast<unsigned char>(rdata >> (8 * i));
}

bool TargetBase::get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &dmi) {
  dmi.allow_none();  // every access is checked against a lease
  return false;
}

}  // namespace fbmu_tlm
