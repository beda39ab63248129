// fbmu-bench-systemc: what the SystemC top costs, and how fast the TLM model target runs.
//
// One source, two programs: fbmu-bench-systemc-cxx links the C++ harness (fbmu_sim), and
// fbmu-bench-systemc links the SystemC top (fbmu_sim_sc) and the TLM targets. Both run the same op
// streams through the fbmu_sim.h API and the C driver; the SystemC program then runs the C++ one
// (--machine), prints both cycles per CPU second side by side with their ratio and checks that the
// two took the same number of clock cycles (they simulate the same RTL cycle for cycle). Last, TLM
// transactions per second through the model target (and, for scale, the RTL target). CPU time
// (std::clock), not wall time: the machine may be shared. Measured and printed, never asserted.
//
//   fbmu-bench-systemc [--quick] [--stream idle-clock|lease-churn|random-lockstep]
//   fbmu-bench-systemc-cxx [--quick] [--machine] [--stream NAME]
// --stream runs one stream and prints one line (for valgrind --tool=callgrind instruction counts).
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "fbmu.h"
#include "fbmu_sim.h"
#include "lockstep.h"
#include "opgen.h"

#ifdef FBMU_BENCH_SYSTEMC
#include "fbmu_tlm.h"
#endif

namespace {

constexpr uint64_t kSeed = 1;
constexpr uint64_t kStartTime = 1700000000;
constexpr uint32_t kXfer = 4096;

struct Stream {
  std::string name;
  uint64_t cycles = 0;
  uint64_t calls = 0;
  double cpu = 0;
  bool failed = false;
};

double CpuNow() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// A harness or lockstep configuration with the bench's id seed and start time, the rest default.
template <typename Config>
Config Seeded() {
  Config c{};
  c.id_seed = kSeed;
  c.start_time = kStartTime;
  return c;
}

// Runs body and books its CPU seconds and the clock cycles it took (cycles(): the running count).
template <typename Cycles, typename Body>
void Measure(Stream *s, Cycles cycles, Body body) {
  const uint64_t c0 = cycles();
  const double t0 = CpuNow();
  body();
  s->cpu = CpuNow() - t0;
  s->cycles = cycles() - c0;
}

// A stream on a fresh simulation made with cfg: body(sim, &stream) is measured.
template <typename Body>
Stream OnSim(const char *name, const fbmu_sim_config_t &cfg, Body body) {
  Stream s;
  s.name = name;
  fbmu_sim_t *sim = fbmu_sim_create(&cfg);
  if (!sim) return s.failed = true, s;
  Measure(
      &s, [&] { return fbmu_sim_cycles(sim); }, [&] { body(sim, &s); });
  fbmu_sim_destroy(sim);
  return s;
}

// The bare clock: nothing on the bus.
Stream IdleClock(uint64_t cycles) {
  return OnSim("idle-clock", fbmu_sim_config_t{}, [&](fbmu_sim_t *sim, Stream *s) {
    s->failed = fbmu_sim_run(sim, cycles) != FBMU_OK;
  });
}

// Lease churn through the driver on the RTL alone: alloc, 1000-byte write, 4 KiB read, query,
// renew, free every other lease, one RTC second, events. Opening the driver touches no register.
Stream Churn(uint32_t loops) {
  return OnSim("lease-churn", Seeded<fbmu_sim_config_t>(), [&](fbmu_sim_t *sim, Stream *s) {
    fbmu_t *dev = nullptr;
    if (fbmu_open(fbmu_sim_bus(sim), &dev) != FBMU_OK) return void(s->failed = true);
    std::vector<uint8_t> data(kXfer, 0x5A), buf(kXfer);
    for (uint32_t i = 0; i < loops && !s->failed; i++) {
      fbmu_lease_info_t info{};
      fbmu_event_t ev{};
      uint32_t n = 0;
      uint64_t e = 0;
      s->calls++;
      if (fbmu_alloc(dev, kXfer, 3 + i % 5, &info) == FBMU_OK) {
        s->failed |= fbmu_write_lease(dev, info.lease_id, i % 61, data.data(), 1000) < 0;
        s->failed |= fbmu_read_lease(dev, info.lease_id, 0, buf.data(), kXfer, &n) < 0;
        s->failed |= fbmu_query(dev, info.lease_id, &info) < 0;
        s->failed |= fbmu_renew(dev, info.lease_id, 2, &e) < 0;
        s->calls += 4;
        if (i & 1) {
          s->failed |= fbmu_free(dev, info.lease_id) < 0;
          s->calls++;
        }
      }
      s->failed |= fbmu_sim_advance_time(sim, 1) != FBMU_OK;
      for (int k = 0; k < 4; k++, s->calls++)
        if (fbmu_read_event(dev, &ev) != FBMU_OK) break;
    }
    fbmu_close(dev);
  });
}

// The lockstep regression's op stream (seed 1): RTL and golden model, every answer compared.
Stream RandomLockstep(uint64_t ops) {
  Stream s;
  s.name = "random-lockstep";
  const fbmu_lockstep_config_t c = Seeded<fbmu_lockstep_config_t>();
  fbmu_lockstep_t *ls = fbmu_lockstep_create(&c);
  if (!ls) return s.failed = true, s;
  fbmu_opgen_config_t gc{};
  gc.id_seed = kSeed;
  fbmu_opgen_t *g = fbmu_opgen_create(kSeed, &gc);
  Measure(
      &s, [&] { return fbmu_lockstep_cycles(ls); },
      [&] {
        for (uint64_t i = 0; i < ops && !s.failed; i++, s.calls++)
          s.failed = fbmu_opgen_step(g, ls, nullptr) == FBMU_LOCKSTEP_DIVERGED;
      });
  fbmu_opgen_destroy(g);
  fbmu_lockstep_destroy(ls);
  return s;
}

// only: run that stream alone (empty: all).
std::vector<Stream> RunStreams(bool quick, const std::string &only = std::string()) {
  std::vector<Stream> out;
  if (only.empty() || only == "idle-clock") out.push_back(IdleClock(quick ? 200000 : 2000000));
  if (only.empty() || only == "lease-churn") out.push_back(Churn(quick ? 40 : 300));
  if (only.empty() || only == "random-lockstep") out.push_back(RandomLockstep(quick ? 500 : 4000));
  return out;
}

void PrintMachine(const Stream &s) {
  std::printf("stream=%s cycles=%" PRIu64 " calls=%" PRIu64 " cpu=%.6f failed=%d\n", s.name.c_str(),
              s.cycles, s.calls, s.cpu, s.failed ? 1 : 0);
}

double PerSec(double x, double cpu) { return cpu > 0 ? x / cpu : 0.0; }

#ifdef FBMU_BENCH_SYSTEMC

// Runs a command and hands back its output lines.
bool Lines(const std::string &cmd, std::vector<std::string> *out) {
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char line[256];
  while (std::fgets(line, sizeof line, p)) out->push_back(line);
  return pclose(p) == 0;
}

// The C++ harness's figures for the same streams, from fbmu-bench-systemc-cxx --machine.
bool RunCxx(bool quick, std::vector<Stream> *out) {
  std::vector<std::string> lines;
  const bool ok =
      Lines(std::string(FBMU_BENCH_CXX_BIN) + " --machine" + (quick ? " --quick" : ""), &lines);
  for (const std::string &line : lines) {
    char name[64];
    unsigned long long cycles = 0, calls = 0;
    double cpu = 0;
    int failed = 0;
    if (std::sscanf(line.c_str(), "stream=%63s cycles=%llu calls=%llu cpu=%lf failed=%d", name,
                    &cycles, &calls, &cpu, &failed) == 5) {
      Stream s;
      s.name = name;
      s.cycles = cycles;
      s.calls = calls;
      s.cpu = cpu;
      s.failed = failed != 0;
      out->push_back(s);
    }
  }
  return ok;
}

// TLM-2.0 transactions per CPU second through one target: alternating 32-bit staging writes and
// reads, then driver calls (alloc, 1000-byte leased write and read, free).
struct TlmRun {
  unsigned long long transactions = 0, calls = 0;
  double cpu_raw = 0, cpu_driver = 0, simulated_ns = 0;
  int failed = 0;
};

TlmRun RunTlm(fbmu_tlm::BusInitiator &ini, const fbmu_platform_t *plat, uint64_t raw,
              uint32_t loops) {
  TlmRun r;
  if (plat->set_time(plat->ctx, kStartTime) != FBMU_OK) return r.failed = 1, r;
  const sc_core::sc_time s0 = sc_core::sc_time_stamp();
  const uint64_t n0 = ini.transactions();
  double t0 = CpuNow();
  for (uint64_t i = 0; i < raw && !r.failed; i++) {
    uint32_t v = static_cast<uint32_t>(i);
    const uint64_t addr = FBMU_WIN_STAGING + 4 * (i / 2 % 1024);
    r.failed = ini.Access(i % 2 == 0, addr, &v) != tlm::TLM_OK_RESPONSE;
  }
  r.cpu_raw = CpuNow() - t0;
  r.transactions = ini.transactions() - n0;
  fbmu_t *dev = nullptr;
  if (fbmu_open(ini.bus(), &dev) != FBMU_OK) return r.failed = 1, r;
  std::vector<uint8_t> data(1000, 0x3C), buf(1000);
  t0 = CpuNow();
  for (uint32_t i = 0; i < loops && !r.failed; i++) {
    fbmu_lease_info_t info{};
    uint32_t n = 0;
    r.failed |= fbmu_alloc(dev, 1000, 60, &info) != FBMU_OK;
    r.failed |= fbmu_write_lease(dev, info.lease_id, 0, data.data(), 1000) != FBMU_OK;
    r.failed |= fbmu_read_lease(dev, info.lease_id, 0, buf.data(), 1000, &n) != FBMU_OK;
    r.failed |= fbmu_free(dev, info.lease_id) != FBMU_OK;
    r.calls += 4;
  }
  r.cpu_driver = CpuNow() - t0;
  ini.Sync();
  r.simulated_ns = (sc_core::sc_time_stamp() - s0).to_seconds() * 1e9;
  fbmu_close(dev);
  return r;
}

// --tlm model|rtl: a program with that one target and an initiator elaborated, nothing else (an
// idle RtlTarget's clock would run while the model target's annotated time passes).
int TlmChild(const std::string &which, bool quick) {
  const uint64_t raw = quick ? 20000 : 400000;
  const uint32_t loops = quick ? 50 : 500;
  fbmu_tlm::BusInitiator ini("cpu");
  std::unique_ptr<fbmu_tlm::ModelTarget> model;
  std::unique_ptr<fbmu_tlm::RtlTarget> rtl;
  const fbmu_platform_t *plat = nullptr;
  if (which == "model") {
    model = std::make_unique<fbmu_tlm::ModelTarget>("fbmu");
    ini.socket.bind(model->socket);
    plat = model->platform();
  } else {
    rtl = std::make_unique<fbmu_tlm::RtlTarget>("fbmu");
    ini.socket.bind(rtl->socket);
    plat = rtl->platform();
  }
  const bool is_model = which == "model";
  return fbmu_sc::RunInThread(
      [&] {
        const TlmRun r =
            RunTlm(ini, plat, is_model ? raw : raw / 20, is_model ? loops : loops / 10);
        std::printf(
            "tlm=%s transactions=%llu cpu_raw=%.6f calls=%llu cpu_driver=%.6f sim_ns=%.0f "
            "failed=%d\n",
            which.c_str(), r.transactions, r.cpu_raw, r.calls, r.cpu_driver, r.simulated_ns,
            r.failed);
        return r.failed;
      },
      0);
}

std::string g_self;
std::string g_tlm;
std::string g_stream;  // --stream NAME: that stream alone, one machine-readable line
bool g_quick = false;

int Report(bool quick) {
  std::printf(
      "fbmu-bench-systemc: the SystemC top against the C++ harness, same op streams "
      "(cycles per CPU second)\n");
  const std::vector<Stream> sc = RunStreams(quick);
  std::vector<Stream> cxx;
  const bool cxx_ok = RunCxx(quick, &cxx);
  std::printf("  %-16s %10s %14s %12s %8s  %s\n", "stream", "cycles", "C++ harness/s", "SystemC/s",
              "SC/C++", "same cycles");
  int rc = 0;
  for (const Stream &s : sc) {
    const Stream *c = nullptr;
    for (const Stream &x : cxx)
      if (x.name == s.name) c = &x;
    const double f_sc = PerSec(static_cast<double>(s.cycles), s.cpu);
    const double f_cxx = c ? PerSec(static_cast<double>(c->cycles), c->cpu) : 0.0;
    const bool failed = s.failed || (c && c->failed);
    std::printf("  %-16s %10" PRIu64 " %14.0f %12.0f %8.2f  %s%s\n", s.name.c_str(), s.cycles,
                f_cxx, f_sc, f_cxx > 0 ? f_sc / f_cxx : 0.0,
                c ? (c->cycles == s.cycles ? "yes" : "NO") : "n/a",
                failed ? "  (a call failed)" : "");
    if (failed || (c && c->cycles != s.cycles)) rc = 1;
  }
  if (!cxx_ok) {
    std::printf("  (the C++ harness run %s failed)\n", FBMU_BENCH_CXX_BIN);
    rc = 1;
  }

  std::printf(
      "\nTLM-2.0 blocking transport through fbmu_tlm::BusInitiator, one target per program "
      "(per CPU second)\n");
  std::printf("  %-12s %15s %15s %14s\n", "target", "transactions/s", "driver calls/s",
              "simulated");
  for (const char *which : {"model", "rtl"}) {
    std::vector<std::string> lines;
    const bool ok = Lines(g_self + " --tlm " + which + (quick ? " --quick" : ""), &lines);
    TlmRun r;
    char name[16];
    bool parsed = false;
    for (const std::string &line : lines)
      parsed |= std::sscanf(line.c_str(),
                            "tlm=%15s transactions=%llu cpu_raw=%lf calls=%llu cpu_driver=%lf "
                            "sim_ns=%lf failed=%d",
                            name, &r.transactions, &r.cpu_raw, &r.calls, &r.cpu_driver,
                            &r.simulated_ns, &r.failed) == 7;
    std::printf("  %-12s %15.0f %15.0f %11.0f ns%s\n",
                std::string(which) == "model" ? "ModelTarget" : "RtlTarget",
                PerSec(static_cast<double>(r.transactions), r.cpu_raw),
                PerSec(static_cast<double>(r.calls), r.cpu_driver), r.simulated_ns,
                (!ok || !parsed || r.failed) ? "  (failed)" : "");
    if (!ok || !parsed || r.failed) rc = 1;
  }
  return rc;
}

}  // namespace

int sc_main(int, char **) {
  if (!g_tlm.empty()) return TlmChild(g_tlm, g_quick);
  if (!g_stream.empty()) {
    return fbmu_sc::RunInThread([] {
      int rc = 0;
      for (const Stream &s : RunStreams(g_quick, g_stream)) {
        PrintMachine(s);
        rc |= s.failed ? 1 : 0;
      }
      return rc;
    });
  }
  return fbmu_sc::RunInThread([] { return Report(g_quick); }, 1);
}

int main(int argc, char **argv) {
  fbmu_sc::QuietKernel();
  g_self = argv[0];
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--quick") {
      g_quick = true;
    } else if (a == "--tlm" && i + 1 < argc &&
               (std::string(argv[i + 1]) == "model" || std::string(argv[i + 1]) == "rtl")) {
      g_tlm = argv[++i];
    } else if (a == "--stream" && i + 1 < argc) {
      g_stream = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: fbmu-bench-systemc [--quick] [--tlm model|rtl] [--stream NAME]\n");
      return 2;
    }
  }
  return sc_core::sc_elab_and_sim(argc, argv);
}

#else  // the C++ harness

}  // namespace

int main(int argc, char **argv) {
  bool quick = false, machine = false;
  std::string only;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--machine") == 0) {
      machine = true;
    } else if (std::strcmp(argv[i], "--stream") == 0 && i + 1 < argc) {
      only = argv[++i];
      machine = true;
    } else {
      std::fprintf(stderr, "usage: fbmu-bench-systemc-cxx [--quick] [--machine] [--stream NAME]\n");
      return 2;
    }
  }
  int rc = 0;
  for (const Stream &s : RunStreams(quick, only)) {
    if (machine)
      PrintMachine(s);
    else
      std::printf("%-16s %12" PRIu64 " cycles %10.0f cycles/s%s\n", s.name.c_str(), s.cycles,
                  PerSec(static_cast<double>(s.cycles), s.cpu),
                  s.failed ? "  (a call failed)" : "");
    if (s.failed) rc = 1;
  }
  return rc;
}

#endif
