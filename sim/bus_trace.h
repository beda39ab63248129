// Bus trace recorder of the Verilated harness (FBMU_BUS_TRACE=<file>): every AXI4-Lite transaction
// the DPI master runs, with the cycle it raised its valids and the response it got, and every
// change of the unit's other inputs (reset, RTC pins and strobe, online, id seed, platform port,
// bus stall), with the cycle before whose rising edge it happened. sim/icarus/fbmu_replay_tb.sv
// replays such a trace on the four-state simulator and compares the responses.
//
// One simulation is one session of the file; sessions are appended when the simulation ends, so
// the simulations of one process (each test makes its own) follow one another. Format, one record
// per line, numbers in hex:
//   S <mem_bytes> <lease_slots>                  a new simulation: cycles count from 0 again
//   P <cycle> <rst_n> <rtc_secs> <rtc_tgl> <online> <id_seed> <plat_req> <plat_op> <plat_arg>
//   <stall> W <cycle> <addr> <wdata> <strb> <resp>       write; resp 4: no response before the end
//   R <cycle> <addr> <rdata> <resp>              read; as W
//   T <cycle> <seed>                             master throttled (not replayable)
//   E <cycle>                                    end of the simulation
#ifndef FBMU_SIM_BUS_TRACE_H
#define FBMU_SIM_BUS_TRACE_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bus_bridge.h"
#include "tb_inputs.h"

// The unit's inputs other than the AXI channels, as the testbench drives them: the harness's
// platform inputs (in.rtc, the time published last, is not a pin) and reset and the RTC pins.
struct fbmu_trace_pins {
  bool rst_n = true;
  uint64_t rtc_secs = 0;  // rtc_secs_i
  bool rtc_tgl = false;   // rtc_tgl_i
  fbmu_tb_inputs in;
  bool operator==(const fbmu_trace_pins &o) const;
};

class fbmu_bus_trace {
 public:
  // A recorder appending to the file named by FBMU_BUS_TRACE, or null when it is unset or empty.
  static std::unique_ptr<fbmu_bus_trace> from_env(uint32_t mem_bytes, uint32_t lease_slots);
  ~fbmu_bus_trace();  // appends the session to the file

  void pins(uint64_t cycle, const fbmu_trace_pins &p);               // records a change only
  void bridge_event(uint64_t cycle, const fbmu_bridge_event_t &ev);  // the bridge's observer
  void end(uint64_t cycle) { end_cycle_ = cycle; }

 private:
  struct Txn {
    uint64_t cycle;
    bool write;
    uint32_t addr, data;
    uint8_t strb, resp;
  };
  struct Line {
    char kind;  // 'P', 'T' or 'X' (transaction txns_[index])
    std::string text;
    size_t index;
  };
  std::string path_;
  uint32_t mem_bytes_, lease_slots_;
  std::vector<Line> lines_;
  std::vector<Txn> txns_;
  std::map<uint32_t, size_t> by_tag_;  // requests without a response yet
  fbmu_trace_pins last_;
  bool have_last_ = false;
  uint64_t end_cycle_ = 0;
};

#endif  // FBMU_SIM_BUS_TRACE_H
