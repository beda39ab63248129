// fbmu-vp: a small virtual platform. A CPU (fbmu_tlm::BusInitiator) runs a lease workload through
// the unchanged C driver; the FBMU behind its socket is the cycle-accurate RTL or the golden model,
// chosen at run time. The CPU code is the same for both: only the bound target differs.
//
//   fbmu-vp [--target rtl|model] [--leases N]     (exit status 0: every check of the workload held)
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fbmu_tlm.h"

namespace {

constexpr uint64_t kBoot = 1700000000;  // RTC at boot (unix seconds)
constexpr uint32_t kBytes = 256;        // written to and read back from every lease

#define CHECK(cond, ...)                                     \
  do {                                                       \
    if (!(cond)) {                                           \
      std::fprintf(stderr, "fbmu-vp: FAILED: " __VA_ARGS__); \
      std::fprintf(stderr, "\n");                            \
      return 1;                                              \
    }                                                        \
  } while (0)

// The CPU: driver calls through its initiator socket; the platform controller (RTC, reset) is the
// target's platform port, as board firmware would reach it.
class Cpu : public sc_core::sc_module {
 public:
  fbmu_tlm::BusInitiator port;
  int result = 1;

  SC_HAS_PROCESS(Cpu);
  Cpu(sc_core::sc_module_name name, const fbmu_platform_t *platform, unsigned leases)
      : sc_core::sc_module(name), port("port"), plat_(platform), leases_(leases) {
    SC_THREAD(Run);
  }

 private:
  void Run() {
    result = Workload();
    sc_core::sc_stop();
  }

  int Workload() {
    CHECK(plat_->set_time(plat_->ctx, kBoot) == FBMU_OK, "set_time");
    fbmu_t *dev = nullptr;
    CHECK(fbmu_open(port.bus(), &dev) == FBMU_OK, "fbmu_open");
    CHECK(fbmu_hello(dev) == FBMU_OK, "hello");
    uint64_t arena = 0;
    CHECK(fbmu_get_arena_size(dev, &arena) == FBMU_OK && arena >= kBytes, "get_arena_size");

    // Lease i lives 10 * (i + 1) seconds and holds its own byte pattern.
    std::vector<fbmu_lease_info_t> lease(leases_);
    for (unsigned i = 0; i < leases_; i++) {
      CHECK(fbmu_alloc(dev, kBytes, 10u * (i + 1), &lease[i]) == FBMU_OK, "alloc %u", i);
      std::vector<uint8_t> data(kBytes);
      for (uint32_t k = 0; k < kBytes; k++) data[k] = static_cast<uint8_t>(i * 31 + k);
      CHECK(fbmu_write_lease(dev, lease[i].lease_id, 0, data.data(), kBytes) == FBMU_OK, "write %u",
            i);
    }
    for (unsigned i = 0; i < leases_; i++) {
      std::vector<uint8_t> back(kBytes);
      uint32_t n = 0;
      CHECK(fbmu_read_lease(dev, lease[i].lease_id, 0, back.data(), kBytes, &n) == FBMU_OK &&
                n == kBytes,
            "read %u", i);
      for (uint32_t k = 0; k < kBytes; k++)
        CHECK(back[k] == static_cast<uint8_t>(i * 31 + k), "lease %u byte %u", i, k);
    }
    // Renew the last lease, free the second, then let the first expire.
    uint64_t expires = 0;
    CHECK(fbmu_renew(dev, lease[leases_ - 1].lease_id, 3600, &expires) == FBMU_OK, "renew");
    if (leases_ > 1) CHECK(fbmu_free(dev, lease[1].lease_id) == FBMU_OK, "free");
    CHECK(plat_->advance_time(plat_->ctx, 15) == FBMU_OK, "advance_time");
    fbmu_lease_info_t q{};
    CHECK(fbmu_query(dev, lease[0].lease_id, &q) == FBMU_OK && q.status == FBMU_LEASE_EXPIRED,
          "the first lease outlived its 10 s");
    uint8_t byte = 0;
    uint32_t n = 0;
    CHECK(fbmu_read_lease(dev, lease[0].lease_id, 0, &byte, 1, &n) != FBMU_OK,
          "read of an expired lease succeeded");
    unsigned events = 0;
    fbmu_event_t ev{};
    while (fbmu_read_event(dev, &ev) == FBMU_OK) events++;
    CHECK(events == (leases_ > 1 ? 2u : 1u), "%u teardown events", events);
    CHECK(fbmu_query(dev, lease[leases_ - 1].lease_id, &q) == FBMU_OK &&
              q.expires_at_unix_secs == expires,
          "renewed lease");
    fbmu_close(dev);
    std::printf(
        "fbmu-vp: %u leases, %u bytes each written and read back, %u teardown events, "
        "%" PRIu64 " bus transactions, %s simulated: PASS\n",
        leases_, kBytes, events, port.transactions(), sc_core::sc_time_stamp().to_string().c_str());
    return 0;
  }

  const fbmu_platform_t *plat_;
  unsigned leases_;
};

int Usage(const char *why) {
  std::fprintf(stderr, "fbmu-vp: %s\nusage: fbmu-vp [--target rtl|model] [--leases N (1..8)]\n",
               why);
  return 2;
}

}  // namespace

int sc_main(int argc, char **argv) {
  std::string target = "model";
  unsigned leases = 4;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--target" && i + 1 < argc) {
      target = argv[++i];
    } else if (a == "--leases" && i + 1 < argc) {
      leases = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
      if (leases < 1 || leases > 8) return Usage("--leases takes 1 to 8");
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
  }

  // The one place the platform differs: which FBMU it instantiates.
  std::unique_ptr<fbmu_tlm::RtlTarget> rtl;
  std::unique_ptr<fbmu_tlm::ModelTarget> model;
  tlm::tlm_target_socket<32> *fbmu_socket = nullptr;
  const fbmu_platform_t *platform = nullptr;
  if (target == "rtl") {
    rtl = std::make_unique<fbmu_tlm::RtlTarget>("fbmu");
    fbmu_socket = &rtl->socket;
    platform = rtl->platform();
  } else if (target == "model") {
    model = std::make_unique<fbmu_tlm::ModelTarget>("fbmu");
    fbmu_socket = &model->socket;
    platform = model->platform();
  } else {
    return Usage(("unknown target '" + target + "' (rtl or model)").c_str());
  }

  Cpu cpu("cpu", platform, leases);
  cpu.port.socket.bind(*fbmu_socket);
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  std::printf("fbmu-vp: target %s\n", target.c_str());
  sc_core::sc_start();
  return cpu.result;
}
