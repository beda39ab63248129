// Bus trace recorder (sim/bus_trace.h): buffers one simulation's records and appends them to the
// file when it ends, so a response that arrives after later records still lands on its request's
// line.
#include "bus_trace.h"

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr uint8_t kNoResponse = 4;  // request still unanswered when the simulation ended

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

}  // namespace

bool fbmu_trace_pins::operator==(const fbmu_trace_pins &o) const {
  return rst_n == o.rst_n && rtc_secs == o.rtc_secs && rtc_tgl == o.rtc_tgl &&
         in.online == o.in.online && in.id_seed == o.in.id_seed && in.plat_req == o.in.plat_req &&
         in.plat_op == o.in.plat_op && in.plat_arg == o.in.plat_arg &&
         in.bus_stall == o.in.bus_stall;
}

std::unique_ptr<fbmu_bus_trace> fbmu_bus_trace::from_env(uint32_t mem_bytes, uint32_t lease_slots) {
  const char *path = std::getenv("FBMU_BUS_TRACE");
  if (path == nullptr || *path == '\0') return nullptr;
  auto t = std::unique_ptr<fbmu_bus_trace>(new fbmu_bus_trace);
  t->path_ = path;
  t->mem_bytes_ = mem_bytes;
  t->lease_slots_ = lease_slots;
  return t;
}

void fbmu_bus_trace::pins(uint64_t cycle, const fbmu_trace_pins &p) {
  if (have_last_ && p == last_) return;
  last_ = p;
  have_last_ = true;
  lines_.push_back({'P',
                    format("P %" PRIx64 " %x %" PRIx64 " %x %x %" PRIx64 " %x %x %x %x", cycle,
                           p.rst_n, p.rtc_secs, p.rtc_tgl, p.in.online, p.in.id_seed, p.in.plat_req,
                           p.in.plat_op, p.in.plat_arg, p.in.bus_stall),
                    0});
}

void fbmu_bus_trace::bridge_event(uint64_t cycle, const fbmu_bridge_event_t &ev) {
  switch (ev.kind) {
    case FBMU_BRIDGE_EV_REQUEST:
      by_tag_[ev.tag] = txns_.size();
      lines_.push_back({'X', std::string(), txns_.size()});
      txns_.push_back({cycle, ev.write != 0, ev.addr, ev.wdata, ev.strb, kNoResponse});
      break;
    case FBMU_BRIDGE_EV_RESPONSE: {
      auto it = by_tag_.find(ev.tag);
      if (it == by_tag_.end()) break;  // taken before recording began
      Txn &t = txns_[it->second];
      t.resp = ev.resp;
      if (!t.write) t.data = ev.rdata;
      by_tag_.erase(it);
      break;
    }
    case FBMU_BRIDGE_EV_THROTTLE:
      // Seed 0 is the in-order master, which the replay reproduces; any other seed is not.
      if (ev.addr != 0) lines_.push_back({'T', format("T %" PRIx64 " %x", cycle, ev.addr), 0});
      break;
    default:
      break;
  }
}

fbmu_bus_trace::~fbmu_bus_trace() {
  FILE *f = std::fopen(path_.c_str(), "a");
  if (f == nullptr) {
    std::fprintf(stderr, "FBMU_BUS_TRACE: cannot append to %s\n", path_.c_str());
    return;
  }
  std::fprintf(f, "S %x %x\n", mem_bytes_, lease_slots_);
  for (const Line &l : lines_) {
    if (l.kind != 'X') {
      std::fprintf(f, "%s\n", l.text.c_str());
      continue;
    }
    const Txn &t = txns_[l.index];
    if (t.write)
      std::fprintf(f, "W %" PRIx64 " %x %x %x %x\n", t.cycle, t.addr, t.data, t.strb, t.resp);
    else
      std::fprintf(f, "R %" PRIx64 " %x %x %x\n", t.cycle, t.addr, t.data, t.resp);
  }
  std::fprintf(f, "E %" PRIx64 "\n", end_cycle_);
  std::fclose(f);
}
