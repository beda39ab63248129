// fbmu-cosim: constrained-random lockstep regression of the RTL against the golden model.
//
//   fbmu-cosim [--seed N] [--ops N] [--quiet] [--trace FILE]
//
// Exit status: 0 every op agreed, 1 divergence (report and a reproduce line on stderr/stdout),
// 2 bad command line, 3 the simulation or the model could not be created.
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "lockstep.h"
#include "opgen.h"

namespace {

constexpr uint64_t kDefaultSeed = 1;
constexpr uint64_t kDefaultOps = 20000;
constexpr uint64_t kStartTime = 1700000000;  // an ordinary unix second, far from both ends

void usage(FILE *f, const char *prog) {
  std::fprintf(f,
               "usage: %s [--seed N] [--ops N] [--max-rtc N] [--quiet] [--trace FILE] [--help]\n"
               "\n"
               "Drives the Verilated FBMU RTL and the golden model in lockstep through the C\n"
               "driver with a constrained-random op stream, and stops at the first divergence.\n"
               "\n"
               "  --seed N      PRNG seed of the op stream and lease-id key seed (default %" PRIu64 ")\n"
               "  --ops N       number of ops to run, N >= 1 (default %" PRIu64 ")\n"
               "  --max-rtc N   highest RTC second the stream drives (default 2^64-1)\n"
               "  --quiet       print only the summary (and a divergence report)\n"
               "  --trace FILE  write an RTL waveform (.fst or .vcd) -- slow, for short runs\n"
               "  --help        this text\n"
               "\n"
               "Exit status: 0 pass, 1 divergence, 2 bad arguments, 3 setup failure.\n",
               prog, kDefaultSeed, kDefaultOps);
}

bool parse_u64(const char *s, uint64_t *out) {
  if (!s || !*s || *s == '-') return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 0);
  if (errno || *end) return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  const char *prog = argv[0];
  uint64_t seed = kDefaultSeed, ops = kDefaultOps, max_rtc = 0;
  bool quiet = false;
  const char *trace = nullptr;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    auto value = [&](const char *flag) -> const char * {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n\n", prog, flag);
        usage(stderr, prog);
        std::exit(2);
      }
      return argv[++i];
    };
    if (!std::strcmp(a, "--help") || !std::strcmp(a, "-h")) {
      usage(stdout, prog);
      return 0;
    } else if (!std::strcmp(a, "--seed")) {
      const char *v = value(a);
      if (!parse_u64(v, &seed)) {
        std::fprintf(stderr, "%s: --seed wants an unsigned integer, got '%s'\n\n", prog, v);
        usage(stderr, prog);
        return 2;
      }
    } else if (!std::strcmp(a, "--ops")) {
      const char *v = value(a);
      if (!parse_u64(v, &ops) || ops == 0) {
        std::fprintf(stderr, "%s: --ops wants an integer >= 1, got '%s'\n\n", prog, v);
        usage(stderr, prog);
        return 2;
      }
    } else if (!std::strcmp(a, "--max-rtc")) {
      const char *v = value(a);
      if (!parse_u64(v, &max_rtc) || max_rtc < kStartTime) {
        std::fprintf(stderr, "%s: --max-rtc wants an integer >= %" PRIu64 ", got '%s'\n\n", prog,
                     kStartTime, v);
        usage(stderr, prog);
        return 2;
      }
    } else if (!std::strcmp(a, "--quiet") || !std::strcmp(a, "-q")) {
      quiet = true;
    } else if (!std::strcmp(a, "--trace")) {
      trace = value(a);
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n\n", prog, a);
      usage(stderr, prog);
      return 2;
    }
  }

  std::string label = "fbmu-cosim --seed " + std::to_string(seed);
  fbmu_lockstep_config_t cfg{};
  cfg.id_seed = seed;
  cfg.start_time = kStartTime;
  cfg.trace_path = trace;
  cfg.label = label.c_str();
  auto t0 = std::chrono::steady_clock::now();
  fbmu_lockstep_t *ls = fbmu_lockstep_create(&cfg);
  if (!ls) {
    std::fprintf(stderr, "%s: could not create the RTL simulation and the golden model\n", prog);
    return 3;
  }
  fbmu_opgen_config_t gc{};
  gc.id_seed = seed;
  gc.max_rtc = max_rtc;
  fbmu_opgen_t *gen = fbmu_opgen_create(seed, &gc);

  if (!quiet)
    std::printf("fbmu-cosim: seed %" PRIu64 ", %" PRIu64 " ops, RTL vs golden model in lockstep\n",
                seed, ops);
  uint64_t step = ops >= 1000 ? (ops + 9) / 10 : 0;
  uint64_t done = 0;
  for (; done < ops; done++) {
    if (fbmu_opgen_step(gen, ls, nullptr) == FBMU_LOCKSTEP_DIVERGED) {
      done++;
      break;
    }
    if (!quiet && step && (done + 1) % step == 0 && done + 1 < ops) {
      double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("  %3" PRIu64 "%%  %" PRIu64 " ops  %" PRIu64 " cycles  RTC %" PRIu64
                  "  %.1f s\n",
                  (done + 1) * 100 / ops, done + 1, fbmu_lockstep_cycles(ls),
                  fbmu_lockstep_now(ls), wall);
      std::fflush(stdout);
    }
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  fbmu_lockstep_stats_t st;
  fbmu_lockstep_get_stats(ls, &st);
  bool bad = fbmu_lockstep_diverged(ls);

  std::printf("\nsummary (seed %" PRIu64 ")\n", seed);
  std::printf("  ops                %" PRIu64 " of %" PRIu64 "\n", st.ops, ops);
  std::printf("  cycles             %" PRIu64 "\n", st.cycles);
  std::printf("  simulated seconds  %" PRIu64 " (RTC moved forward; now %" PRIu64 ")\n",
              st.rtc_stepped, fbmu_lockstep_now(ls));
  std::printf("  wall seconds       %.2f\n", wall);
  std::printf("  ops/s              %.0f\n", wall > 0 ? static_cast<double>(st.ops) / wall : 0.0);
  std::printf("  cycles/s           %.0f\n", wall > 0 ? static_cast<double>(st.cycles) / wall : 0.0);
  std::printf("  bytes compared     %" PRIu64 "\n", st.bytes_compared);
  std::printf("  teardowns timed    %" PRIu64 " (worst %" PRIu64 " cycles, bound %" PRIu64 ")\n",
              st.teardowns, st.worst_teardown_cycles, st.worst_teardown_bound);
  std::printf("  coverage           %" PRIu64 " short reads, %" PRIu64 " deferred teardown windows, %" PRIu64
              " calls during teardown, up to %" PRIu64 " events dropped, %" PRIu64
              " memory checks\n",
              st.short_reads, st.deferred_windows, st.calls_during_teardown, st.max_events_dropped,
              st.memory_checks);
  std::printf("  mismatches         %" PRIu64 "\n", st.mismatches);
  std::printf("  per op kind        count      ok  results (code:count)\n");
  for (int c = 0; c < FBMU_LS_CALL_COUNT; c++) {
    if (!st.calls[c]) continue;
    std::string codes;
    for (int b = 1; b < FBMU_LS_RC_BUCKETS; b++) {
      if (!st.rc_hist[c][b]) continue;
      char tmp[48];
      if (b == FBMU_LS_RC_BUCKETS - 1) std::snprintf(tmp, sizeof tmp, " other:%" PRIu64, st.rc_hist[c][b]);
      else std::snprintf(tmp, sizeof tmp, " %d:%" PRIu64, -b, st.rc_hist[c][b]);
      codes += tmp;
    }
    std::printf("    %-22s %7" PRIu64 " %7" PRIu64 " %s\n",
                fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(c)), st.calls[c],
                st.rc_hist[c][0], codes.c_str());
  }

  int status = 0;
  if (bad) {
    std::printf("\n%s", fbmu_lockstep_report(ls));
    std::string extra;
    if (max_rtc) extra = " --max-rtc " + std::to_string(max_rtc);
    std::printf("reproduce: %s --seed %" PRIu64 " --ops %" PRIu64 "%s\n", prog, seed, st.ops,
                extra.c_str());
    std::printf("waves:     %s --seed %" PRIu64 " --ops %" PRIu64 "%s --trace fbmu-cosim.fst\n",
                prog, seed, st.ops, extra.c_str());
    std::printf("FAIL\n");
    status = 1;
  } else {
    std::printf("PASS\n");
  }
  fbmu_opgen_destroy(gen);
  fbmu_lockstep_destroy(ls);
  return status;
}
