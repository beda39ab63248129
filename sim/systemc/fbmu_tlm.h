// FBMU TLM-2.0 models: the cycle-accurate RTL (RtlTarget) and the fast golden model (ModelTarget)
// behind the same target socket, and an initiator (BusInitiator) that hands the unchanged C driver
// an fbmu_bus_t over its socket. A platform swaps targets without touching the initiator:
//
//   fbmu_tlm::BusInitiator cpu("cpu");
//   fbmu_tlm::ModelTarget fbmu("fbmu");      // or: fbmu_tlm::RtlTarget fbmu("fbmu", &cfg);
//   cpu.socket.bind(fbmu.socket);
//   ... in an SC_THREAD: fbmu_open(cpu.bus(), &dev); fbmu_alloc(dev, ...);
//                         fbmu.platform()->set_time(fbmu.platform()->ctx, t);
//
// Both targets follow the TLM-2.0 base protocol (blocking transport) for what one AXI4-Lite
// transfer carries: a read or write of 4 bytes at a 4-byte aligned address, byte enables as WSTRB
// (TLM_BYTE_ENABLED / TLM_BYTE_DISABLED per byte; reads leave disabled bytes untouched). Responses:
//   TLM_OK_RESPONSE             OKAY
//   TLM_ADDRESS_ERROR_RESPONSE  DECERR: an unmapped address, or above the unit's 13-bit window
//   TLM_GENERIC_ERROR_RESPONSE  SLVERR: a write to a read-only register, or to CMD/ARG/STAGING
//                               while the unit is busy (RTL only: the model is never busy)
//   TLM_COMMAND_ERROR_RESPONSE  TLM_IGNORE_COMMAND (AXI4-Lite has no such transfer)
//   TLM_BURST_ERROR_RESPONSE    data length other than 4, streaming width other than 4, or an
//                               address not 4-byte aligned (no single AXI4-Lite transfer)
//   TLM_BYTE_ENABLE_ERROR_RESPONSE  a byte-enable value other than 0x00/0xFF, or a write with no
//                               byte enabled
//   TLM_INCOMPLETE_RESPONSE     left as is when the RTL gave no response within its bound (a hung
//                               bus, FBMU_E_DISCONNECTED at the driver)
// No DMI: every access goes through the unit's checks (docs/spec.md), so neither target grants a
// direct memory pointer (get_direct_mem_ptr answers false, payloads carry dmi_allowed false).
#ifndef FBMU_TLM_H
#define FBMU_TLM_H

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <cstdint>
#include <systemc>
#include <tlm>

#include "fbmu.h"
#include "fbmu_model.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "sc_top.h"

namespace fbmu_tlm {

// One AXI4-Lite transfer as a payload describes it.
struct Transfer {
  bool write = false;
  uint32_t addr = 0;   // 4-byte aligned
  uint32_t wdata = 0;  // write data, little-endian from the payload's bytes
  uint8_t strb = 0xF;  // WSTRB; for reads, the bytes to hand back
};

// TLM_INCOMPLETE_RESPONSE when the payload is one AXI4-Lite transfer (then *t describes it), else
// the error response the base protocol asks for (see above).
tlm::tlm_response_status DecodePayload(const tlm::tlm_generic_payload &p, Transfer *t);
// A target's first step on every payload: no DMI, then DecodePayload. False when the payload is
// refused (its response status is then set to the error); true when *t describes the transfer.
bool AcceptPayload(tlm::tlm_generic_payload &p, Transfer *t);
// Read data into the payload's enabled bytes.
void PutReadData(tlm::tlm_generic_payload &p, const Transfer &t, uint32_t rdata);

// What both targets share: the platform port, the count of payloads taken and no DMI.
class TargetBase : public sc_core::sc_module {
 public:
  // Platform port (set_time, reset, ...), valid for the target's lifetime.
  const fbmu_platform_t *platform() { return &platform_; }
  uint64_t transactions() const { return transactions_; }

 protected:
  explicit TargetBase(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
  // Never grants a pointer: every access is checked against a lease (see README, "No DMI").
  bool get_direct_mem_ptr(tlm::tlm_generic_payload &p, tlm::tlm_dmi &dmi);

  fbmu_platform_t platform_{};
  uint64_t transactions_ = 0;
};

// The Verilated RTL under SystemC: its own SimTop (clock, reset, DPI AXI4-Lite master) reset with
// cfg (NULL: defaults, as fbmu_sim_create) by a thread at time 0. Each payload becomes one
// AXI4-Lite transaction: the target first waits out the annotated delay, then runs the transaction
// on the clock (2 cycles, 20 ns, back to back) and returns with the delay zero. Call from an
// SC_THREAD.
// Its platform calls wait on the clock, so make them from an SC_THREAD; before the start-up reset
// is done they wait for it.
class RtlTarget : public TargetBase {
 public:
  tlm_utils::simple_target_socket<RtlTarget> socket;

  explicit RtlTarget(sc_core::sc_module_name name, const fbmu_sim_config_t *cfg = nullptr);
  RtlTarget(const RtlTarget &) = delete;
  RtlTarget &operator=(const RtlTarget &) = delete;

  // The harness (fbmu_sim.h: cycles, settle, peek, test hooks); NULL until the start-up reset is
  // done or when it failed.
  fbmu_sim_t *sim() { return sim_; }

 private:
  void Start();
  bool Ready();
  void b_transport(tlm::tlm_generic_payload &p, sc_core::sc_time &delay);

  fbmu_sc::SimTop top_;
  fbmu_sim_config_t cfg_{};
  fbmu_sim_t *sim_ = nullptr;
  bool started_ = false;
  sc_core::sc_event started_event_;
};

// The golden model behind its register front end (fbmu_model_bus), loosely timed: each payload is
// answered at once with latency() added to the delay. The model's bus has no byte strobes, so a
// partial write merges the enabled bytes into the register's current value (what the RTL does with
// WSTRB); it has one error code, so a failing write is SLVERR when the address reads back, else
// DECERR (the RTL's rule: read-only registers are readable).
class ModelTarget : public TargetBase {
 public:
  tlm_utils::simple_target_socket<ModelTarget> socket;

  // cfg NULL: every size at its default and id seed 0, as an RtlTarget with no config.
  explicit ModelTarget(sc_core::sc_module_name name, const fbmu_model_config_t *cfg = nullptr);
  ~ModelTarget() override;
  ModelTarget(const ModelTarget &) = delete;
  ModelTarget &operator=(const ModelTarget &) = delete;

  fbmu_model_t *model() { return model_; }
  // Annotated per payload; default 20 ns, the RTL's two cycles per transaction.
  void set_latency(const sc_core::sc_time &t) { latency_ = t; }
  const sc_core::sc_time &latency() const { return latency_; }

 private:
  void b_transport(tlm::tlm_generic_payload &p, sc_core::sc_time &delay);

  fbmu_model_t *model_ = nullptr;
  sc_core::sc_time latency_;
};

// An initiator for the C driver: bus() is an fbmu_bus_t whose read32/write32 send one payload each
// through the socket (blocking transport, loosely timed: the annotated delay is kept in a quantum
// keeper and waited out when the global quantum is reached; with the default quantum of zero, after
// every access). Call the bus from an SC_THREAD. Response to driver code: OK -> FBMU_OK, ADDRESS or
// GENERIC error -> FBMU_E_BUS_ERROR, INCOMPLETE -> FBMU_E_DISCONNECTED, any other ->
// FBMU_E_INVALID_ARGUMENT.
class BusInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<BusInitiator> socket;

  explicit BusInitiator(sc_core::sc_module_name name);
  BusInitiator(const BusInitiator &) = delete;
  BusInitiator &operator=(const BusInitiator &) = delete;

  const fbmu_bus_t *bus() { return &bus_; }
  // Send any payload (as the bus does) and synchronise as above; returns its response status.
  tlm::tlm_response_status Transport(tlm::tlm_generic_payload &p);
  // One 32-bit access, bit i of strb enabling byte i; *data is read into or written from.
  tlm::tlm_response_status Access(bool write, uint64_t addr, uint32_t *data, uint8_t strb = 0xF);
  // Wait out the local time the quantum keeper holds.
  void Sync() { qk_.sync(); }
  uint64_t transactions() const { return transactions_; }

  static int DriverCode(tlm::tlm_response_status st);

 private:
  static int Read32(void *ctx, uint32_t addr, uint32_t *val);
  static int Write32(void *ctx, uint32_t addr, uint32_t val);

  fbmu_bus_t bus_{};
  tlm_utils::tlm_quantumkeeper qk_;
  uint64_t transactions_ = 0;
};

}  // namespace fbmu_tlm

#endif  // FBMU_TLM_H
