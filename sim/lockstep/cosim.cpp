// fbmu-cosim (cosim.h): constrained-random lockstep regression of the RTL against the golden model,
// op-script replay, and on the first mismatch a failure bundle (bundle.h writes it). Here: the
// arguments, the run loop and the summary.
#include "cosim.h"

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "bundle.h"
#include "lockstep.h"
#include "opscript.h"
#include "runner.h"

namespace fbmu_cosim {
namespace {

constexpr uint64_t kDefaultSeed = 1;
constexpr uint64_t kDefaultOps = 20000;
constexpr size_t kShrinkRuns = 500;  // default shrink budget
constexpr double kShrinkSeconds = 60;

struct Options {
  std::string prog;
  uint64_t seed = kDefaultSeed, ops = kDefaultOps, max_rtc = 0, start_time = kDefaultStartTime;
  bool random_flags = false;  // --seed / --ops / --max-rtc / --start-time / --bus given
  bool quiet = false;
  std::string trace;         // waveform path; "" = no trace
  std::string trace_format;  // fst | vcd | "" (by extension)
  bool window = false;
  uint64_t trace_from = 0, trace_to = 0;
  std::string replay;  // op script to run instead of the random stream
  int shrink = 1;      // 0 --no-shrink, 1 bounded (default), 2 --shrink (no budget)
  size_t shrink_runs = kShrinkRuns;
  double shrink_seconds = kShrinkSeconds;
  std::string bundle_dir;
  std::string bus;       // --bus random | inorder; "": FBMU_BUS from the environment, else random
  std::string coverage;  // write the functional coverage bins here as JSON; "" = no file
};

void Usage(FILE *f, const char *prog) {
  std::fprintf(
      f,
      "usage: %s [--seed N] [--ops N] [--max-rtc N] [--start-time N] [--quiet]\n"
      "         [--trace FILE] [--trace-format fst|vcd] [--trace-from N] [--trace-to N]\n"
      "         [--replay FILE] [--shrink | --no-shrink] [--shrink-runs N] [--shrink-seconds S]\n"
      "         [--bundle-dir DIR] [--bus random|inorder] [--coverage FILE] [--version] [--help]\n"
      "\n"
      "Drives the Verilated FBMU RTL and the golden model in lockstep through the C driver with a\n"
      "constrained-random op stream (or an op script), and stops at the first divergence. Then it\n"
      "writes a failure bundle: the op log as a script, the script shrunk to a minimal one that\n"
      "still fails, a trace of the cycles around the mismatch (re-simulated), a GTKWave save file\n"
      "with markers on it, a summary, and the commands that reproduce it.\n"
      "\n"
      "  --seed N           PRNG seed of the op stream and lease-id key seed (default %" PRIu64
      ")\n"
      "  --ops N            number of ops to run, N >= 1 (default %" PRIu64
      ")\n"
      "  --max-rtc N        highest RTC second the stream drives (default 2^64-1)\n"
      "  --start-time N     RTC second at start (default %" PRIu64
      ")\n"
      "  --quiet            print only the summary (and a divergence report)\n"
      "  --trace FILE       write an RTL waveform, FST or VCD by extension (slow: use a window)\n"
      "  --trace-format F   fst or vcd; alone: trace to traces/fbmu-cosim-<seed or script>.<F>\n"
      "  --trace-from N     first RTL cycle traced (implies tracing; time is 10 ns per cycle)\n"
      "  --trace-to N       last RTL cycle traced (implies tracing)\n"
      "  --replay FILE      run an op script (docs/opscript.md) instead of the random stream;\n"
      "                     seed and start time come from the script\n"
      "  --shrink           on failure, shrink the op sequence until minimal, with no budget\n"
      "  --no-shrink        on failure, do not shrink (default: shrink, at most %zu runs / %.0f "
      "s)\n"
      "  --shrink-runs N    shrink budget in lockstep runs\n"
      "  --shrink-seconds S shrink budget in seconds\n"
      "  --bundle-dir DIR   write the failure bundle to DIR (default failures/<seed or "
      "script>-<UTC>)\n"
      "  --bus MODE         the RTL's bus master: random (default) varies VALID delays, AW/W "
      "order,\n"
      "                     BREADY/RREADY back-pressure and reads during writes, seeded from\n"
      "                     --seed; inorder is the fast in-order master (also FBMU_BUS=inorder)\n"
      "  --coverage FILE    write the functional coverage bins as JSON (pass or fail)\n"
      "  --version          print the FBMU testbench version and exit\n"
      "  --help             this text\n"
      "\n"
      "WAVES=1 (or fst) / WAVES=vcd in the environment: trace as with --trace-format.\n"
      "Exit status: 0 pass, 1 divergence, 2 bad arguments or op script, 3 setup failure.\n",
      prog, kDefaultSeed, kDefaultOps, kDefaultStartTime, kShrinkRuns, kShrinkSeconds);
}

bool ParseU64(const char *s, uint64_t *out) {
  if (!s || !*s || *s == '-') return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 0);
  if (errno || *end) return false;
  *out = v;
  return true;
}

bool EndsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::string Stem(const std::string &path) {
  size_t slash = path.find_last_of('/');
  std::string b = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = b.find_last_of('.');
  if (dot != std::string::npos && dot > 0) b.resize(dot);
  for (char &c : b)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return b.empty() ? "script" : b;
}

// -1: go on; else the exit status.
int ParseArgs(int argc, char **argv, Options *o) {
  const char *prog = o->prog.c_str();
  auto bad = [&](const std::string &msg) {
    std::fprintf(stderr, "%s: %s\n\n", prog, msg.c_str());
    Usage(stderr, prog);
    return 2;
  };
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    const char *v = nullptr;
    auto value = [&]() -> bool {
      if (i + 1 >= argc) return false;
      v = argv[++i];
      return true;
    };
    auto number = [&](uint64_t *out) -> bool { return value() && ParseU64(v, out); };
    // The options taking one unsigned number: its field, the least value allowed, what the error
    // says it wants, and the flag it raises.
    struct NumberOption {
      const char *name;
      uint64_t *out;
      uint64_t min;
      const char *wants;
      bool *raises;
    };
    const NumberOption numbers[] = {
        {"--seed", &o->seed, 0, "an unsigned integer", &o->random_flags},
        {"--ops", &o->ops, 1, "an integer >= 1", &o->random_flags},
        {"--max-rtc", &o->max_rtc, 0, "an unsigned integer", &o->random_flags},
        {"--start-time", &o->start_time, 0, "an unsigned integer", &o->random_flags},
        {"--trace-from", &o->trace_from, 0, "a cycle number", &o->window},
        {"--trace-to", &o->trace_to, 1, "a cycle number >= 1", &o->window},
    };
    const NumberOption *num = nullptr;
    for (const NumberOption &n : numbers)
      if (a == n.name) num = &n;
    if (num) {
      if (!number(num->out) || *num->out < num->min)
        return bad(std::string(num->name) + " wants " + num->wants);
      *num->raises = true;
    } else if (a == "--help" || a == "-h") {
      Usage(stdout, prog);
      return 0;
    } else if (a == "--version") {
      std::printf("fbmu-cosim %s\n", FBMU_VERSION_STRING);
      return 0;
    } else if (a == "--quiet" || a == "-q") {
      o->quiet = true;
    } else if (a == "--trace") {
      if (!value() || !*v) return bad("--trace wants a file name");
      o->trace = v;
    } else if (a == "--trace-format") {
      if (!value() || (std::strcmp(v, "fst") && std::strcmp(v, "vcd")))
        return bad("--trace-format wants fst or vcd");
      o->trace_format = v;
    } else if (a == "--replay") {
      if (!value() || !*v) return bad("--replay wants an op script file");
      o->replay = v;
    } else if (a == "--shrink") {
      o->shrink = 2;
    } else if (a == "--no-shrink") {
      o->shrink = 0;
    } else if (a == "--shrink-runs") {
      uint64_t n = 0;
      if (!number(&n) || n == 0) return bad("--shrink-runs wants an integer >= 1");
      o->shrink_runs = static_cast<size_t>(n);
    } else if (a == "--shrink-seconds") {
      uint64_t n = 0;
      if (!number(&n) || n == 0) return bad("--shrink-seconds wants an integer >= 1");
      o->shrink_seconds = static_cast<double>(n);
    } else if (a == "--bundle-dir") {
      if (!value() || !*v) return bad("--bundle-dir wants a folder");
      o->bundle_dir = v;
    } else if (a == "--bus") {
      if (!value() || (std::strcmp(v, "random") != 0 && std::strcmp(v, "inorder") != 0))
        return bad("--bus wants random or inorder");
      o->bus = v;
      o->random_flags = true;
    } else if (a == "--coverage") {
      if (!value() || !*v) return bad("--coverage wants a file name");
      o->coverage = v;
    } else {
      return bad("unknown argument '" + a + "'");
    }
  }
  if (!o->replay.empty() && o->random_flags)
    return bad(
        "--replay takes seed, start time and bus seed from the script: no --seed, --ops, "
        "--max-rtc, --start-time or --bus with it");
  if (o->bus.empty()) {
    const char *env = std::getenv("FBMU_BUS");
    o->bus = env != nullptr && std::strcmp(env, "inorder") == 0 ? "inorder" : "random";
  }
  if (o->max_rtc && o->max_rtc < o->start_time)
    return bad("--max-rtc must not be below the start time (" + std::to_string(o->start_time) +
               ")");
  if (o->window && o->trace_to && o->trace_to < o->trace_from)
    return bad("--trace-to must not be below --trace-from");

  // Tracing: --trace FILE, --trace-format, a window, or WAVES in the environment.
  std::string fmt = o->trace_format;
  const char *waves = std::getenv("WAVES");
  if (fmt.empty() && waves && *waves && std::strcmp(waves, "0") != 0) {
    if (!std::strcmp(waves, "1") || !std::strcmp(waves, "fst"))
      fmt = "fst";
    else if (!std::strcmp(waves, "vcd"))
      fmt = "vcd";
    else
      return bad(std::string("WAVES must be 1, fst or vcd, not '") + waves + "'");
  }
  if (!o->trace.empty()) {
    bool fst = EndsWith(o->trace, ".fst"), vcd = EndsWith(o->trace, ".vcd");
    if (!fst && !vcd)
      o->trace += "." + (fmt.empty() ? std::string("fst") : fmt);
    else if (!o->trace_format.empty() && o->trace_format != (fst ? "fst" : "vcd"))
      return bad("--trace " + o->trace + " does not end in ." + o->trace_format);
  } else if (!fmt.empty() || o->window) {
    std::string err;
    if (!MakeDirs("traces", &err)) return bad(err);
    std::string what = o->replay.empty() ? "seed" + std::to_string(o->seed) : Stem(o->replay);
    o->trace = "traces/fbmu-cosim-" + what + "." + (fmt.empty() ? std::string("fst") : fmt);
  }
  return -1;
}

std::string U64(uint64_t v) { return std::to_string(v); }

// The command that reruns this run (random stream: up to the op that failed).
std::string RunCommand(const Options &o, uint64_t ops) {
  if (!o.replay.empty()) return o.prog + " --replay " + ShellQuote(o.replay);
  std::string c = o.prog + " --seed " + U64(o.seed) + " --ops " + U64(ops);
  if (o.max_rtc) c += " --max-rtc " + U64(o.max_rtc);
  if (o.start_time != kDefaultStartTime) c += " --start-time " + U64(o.start_time);
  c += " --bus " + o.bus;
  return c;
}

// final_check: the run's closing memory check ran (not one of the planned ops).
void PrintSummary(const Options &o, fbmu_lockstep_t *ls, uint64_t planned, bool final_check,
                  double wall, uint32_t bus_seed) {
  fbmu_lockstep_stats_t st;
  fbmu_lockstep_get_stats(ls, &st);
  if (o.replay.empty())
    std::printf("\nsummary (seed %" PRIu64 ")\n", o.seed);
  else
    std::printf("\nsummary (%s)\n", o.replay.c_str());
  std::printf("  ops                %" PRIu64 " of %" PRIu64 "\n", st.ops - (final_check ? 1 : 0),
              planned);
  std::printf("  cycles             %" PRIu64 "\n", st.cycles);
  std::printf("  simulated seconds  %" PRIu64 " (RTC moved forward; now %" PRIu64 ")\n",
              st.rtc_stepped, fbmu_lockstep_now(ls));
  std::printf("  wall seconds       %.2f\n", wall);
  std::printf("  ops/s              %.0f\n", wall > 0 ? static_cast<double>(st.ops) / wall : 0.0);
  std::printf("  cycles/s           %.0f\n",
              wall > 0 ? static_cast<double>(st.cycles) / wall : 0.0);
  std::printf("  bytes compared     %" PRIu64 "\n", st.bytes_compared);
  std::printf("  teardowns timed    %" PRIu64 " (worst %" PRIu64 " cycles, bound %" PRIu64 ")\n",
              st.teardowns, st.worst_teardown_cycles, st.worst_teardown_bound);
  std::printf("  coverage           %" PRIu64 " short reads, %" PRIu64
              " deferred teardown windows, %" PRIu64 " calls during teardown, up to %" PRIu64
              " events dropped\n",
              st.short_reads, st.deferred_windows, st.calls_during_teardown, st.max_events_dropped);
  fbmu_sim_bus_shapes_t sh{};
  fbmu_sim_bus_shapes(fbmu_lockstep_sim(ls), &sh);
  std::printf("  bus shapes         %" PRIu64 " AW before W, %" PRIu64 " W before AW, %" PRIu64
              " together, %" PRIu64 " B and %" PRIu64 " R back-pressured, %" PRIu64
              " reads during writes, %" PRIu64 " partial strobes (bus seed %u)\n",
              sh.aw_before_w, sh.w_before_aw, sh.aw_w_together, sh.b_backpressure,
              sh.r_backpressure, sh.read_during_write, sh.partial_strobe, bus_seed);
  std::printf("  memory checks      %" PRIu64 " (the last at the end; %" PRIu64
              " frames compared in place, fenced ones skipped)\n",
              st.memory_checks, st.frames_compared);
  std::printf("  steps in commands  %" PRIu64 " (%" PRIu64 " while the command ran, %" PRIu64
              " ended the accessed lease between its commands)\n",
              st.steps_in_cmd, st.steps_in_busy_cmd, st.steps_between_chunks);
  std::printf("  steps in requests  %" PRIu64 " (inside a platform request; %" PRIu64
              " ended a lease whose teardown waited for the request)\n",
              st.steps_in_plat, st.fcov[FBMU_FCOV_STEP_IN_PLAT_HOLD]);
  std::printf("  resets in command  %" PRIu64 "\n", st.resets_in_command);
  std::printf("  mismatches         %" PRIu64 "\n", st.mismatches);
  std::fputs(fbmu_fcov::Table(st.fcov).c_str(), stdout);
  std::printf("  per op kind        count      ok  results (code:count)\n");
  for (int c = 0; c < FBMU_LS_CALL_COUNT; c++) {
    if (!st.calls[c]) continue;
    std::string codes;
    for (int b = 1; b < FBMU_LS_RC_BUCKETS; b++) {
      if (!st.rc_hist[c][b]) continue;
      char tmp[48];
      if (b == FBMU_LS_RC_BUCKETS - 1)
        std::snprintf(tmp, sizeof tmp, " other:%" PRIu64, st.rc_hist[c][b]);
      else
        std::snprintf(tmp, sizeof tmp, " %d:%" PRIu64, -b, st.rc_hist[c][b]);
      codes += tmp;
    }
    std::printf("    %-22s %7" PRIu64 " %7" PRIu64 " %s\n",
                fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(c)), st.calls[c],
                st.rc_hist[c][0], codes.c_str());
  }
}

}  // namespace

int CosimMain(int argc, char **argv) {
  Options o;
  o.prog = argc > 0 ? argv[0] : "fbmu-cosim";
  int rc = ParseArgs(argc, argv, &o);
  if (rc >= 0) return rc;

  Script script;
  if (!o.replay.empty()) {
    std::string err;
    if (!LoadScript(o.replay, &script, &err)) {
      std::fprintf(stderr, "%s: %s\n", o.prog.c_str(), err.c_str());
      return 2;
    }
    o.seed = script.seed;
    o.start_time = script.start_time;
  }
  const uint32_t bus_seed = !o.replay.empty()   ? script.bus_seed
                            : o.bus == "random" ? BusSeedFor(o.seed)
                                                : 0u;
  const uint64_t planned = o.replay.empty() ? o.ops : script.ops.size();

  std::string label =
      o.replay.empty() ? "fbmu-cosim --seed " + U64(o.seed) : "fbmu-cosim --replay " + o.replay;
  RunOptions ro;
  ro.trace_path = o.trace.empty() ? nullptr : o.trace.c_str();
  ro.trace_from = o.trace_from;
  ro.trace_to = o.trace_to;
  ro.label = label.c_str();
  ro.max_rtc = o.max_rtc;
  auto t0 = std::chrono::steady_clock::now();
  auto session = std::make_unique<Session>(o.seed, o.start_time, bus_seed, ro);
  if (!session->ok()) {
    std::fprintf(stderr, "%s: could not create the RTL simulation and the golden model%s\n",
                 o.prog.c_str(), o.trace.empty() ? "" : " (or the trace file)");
    return 3;
  }

  if (!o.quiet) {
    if (o.replay.empty())
      std::printf("fbmu-cosim: seed %" PRIu64 ", %" PRIu64
                  " ops, RTL vs golden model in lockstep\n",
                  o.seed, o.ops);
    else
      std::printf("fbmu-cosim: replay %s (%zu ops, seed %" PRIu64
                  "), RTL vs golden model in "
                  "lockstep\n",
                  o.replay.c_str(), script.ops.size(), o.seed);
    if (!o.trace.empty())
      std::printf("  trace: %s%s\n", o.trace.c_str(),
                  o.window ? (" (cycles " + U64(o.trace_from) + " .. " +
                              (o.trace_to ? U64(o.trace_to) : std::string("end")) + ")")
                                 .c_str()
                           : "");
  }
  std::vector<ScriptOp> log;
  const uint64_t step = planned >= 1000 ? (planned + 9) / 10 : 0;
  uint64_t done = 0;
  bool diverged = false;
  for (; done < planned; done++) {
    int r = o.replay.empty() ? session->Step(&log) : session->Exec(script.ops, done);
    if (r == FBMU_LOCKSTEP_DIVERGED) {
      done++;
      diverged = true;
      break;
    }
    if (!o.quiet && step && (done + 1) % step == 0 && done + 1 < planned) {
      double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("  %3" PRIu64 "%%  %" PRIu64 " ops  %" PRIu64 " cycles  RTC %" PRIu64
                  "  %.1f s\n",
                  (done + 1) * 100 / planned, done + 1, fbmu_lockstep_cycles(session->lockstep()),
                  fbmu_lockstep_now(session->lockstep()), wall);
      std::fflush(stdout);
    }
  }
  // Every run ends with a deep memory check (the stream also makes one every 100 ops).
  bool final_check = false;
  if (!diverged) {
    ScriptOp check;
    check.op.call = FBMU_LS_CHECK_MEMORY;
    std::vector<ScriptOp> &ops = o.replay.empty() ? log : script.ops;
    ops.push_back(check);
    final_check = true;
    if (session->Exec(ops, ops.size() - 1) == FBMU_LOCKSTEP_DIVERGED) {
      done = ops.size();
      diverged = true;
    }
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  PrintSummary(o, session->lockstep(), planned, final_check, wall, bus_seed);
  if (!o.coverage.empty()) {
    fbmu_lockstep_stats_t st;
    fbmu_lockstep_get_stats(session->lockstep(), &st);
    std::string err;
    if (!WriteFile(o.coverage, fbmu_fcov::Json(st.fcov), &err)) {
      std::fprintf(stderr, "%s: %s\n", o.prog.c_str(), err.c_str());
      return 3;
    }
  }

  if (!diverged) {
    if (!o.trace.empty()) std::printf("trace:     %s\n", o.trace.c_str());
    std::printf("PASS\n");
    return 0;
  }

  std::printf("\n%s", fbmu_lockstep_report(session->lockstep()));
  if (!o.trace.empty()) std::printf("trace of this run: %s\n", o.trace.c_str());
  std::fflush(stdout);
  FailedRun f;
  f.prog = o.prog;
  f.run_command = RunCommand(o, final_check ? planned : done);
  f.script_path = o.replay;
  f.max_rtc = o.max_rtc;
  f.planned_ops = planned;
  f.div = session->Failure(done - 1);
  f.mem_bytes = fbmu_sim_mem_bytes(fbmu_lockstep_sim(session->lockstep()));
  f.lease_slots = fbmu_sim_lease_slots(fbmu_lockstep_sim(session->lockstep()));
  f.script.seed = o.seed;
  f.script.start_time = o.start_time;
  f.script.bus_seed = bus_seed;
  if (o.replay.empty()) {
    f.script.ops = std::move(log);
  } else {
    f.script.ops = script.ops;
    f.script.ops.resize(done);
  }
  session.reset();  // the bundle re-simulates on its own
  BundleOptions bo;
  bo.dir = o.bundle_dir;
  bo.name = o.replay.empty() ? "seed" + U64(o.seed) : Stem(o.replay);
  bo.shrink = o.shrink;
  bo.shrink_runs = o.shrink_runs;
  bo.shrink_seconds = o.shrink_seconds;
  return WriteBundle(f, bo);
}

}  // namespace fbmu_cosim
