// FBMU failure bundles (bundle.h): one function per artefact, then the folder and file helpers.
#include "bundle.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <vector>

#include "gtkw.h"
#include "shrink.h"

namespace fbmu_cosim {
namespace {

constexpr uint64_t kTraceBefore = 20000;  // trace: cycles kept before the failing call
constexpr uint64_t kTraceAfter = 1000;    // ... and after the mismatch (the RTL clocked on, idle)
constexpr size_t kSummaryOps = 40;        // shrunk ops listed in the summary at most

std::string U64(uint64_t v) { return std::to_string(v); }

std::string ScriptHeaderLine(const std::string &key, const std::string &value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, " %-10s", (key + ":").c_str());
  return buf + value;
}

// The header comments of a bundle's script: what it is, how to run it, how it failed.
std::vector<std::string> ScriptHeader(const FailedRun &run, const Divergence &d,
                                      const std::string &what, const std::string &run_line) {
  const Script &s = run.script;
  return {" fbmu-cosim op script (grammar: docs/opscript.md); " + what,
          ScriptHeaderLine("run", run_line),
          ScriptHeaderLine("seed", U64(s.seed) + ", start time " + U64(s.start_time)),
          ScriptHeaderLine(
              "RTL", "MEM_BYTES " + U64(run.mem_bytes) + ", LEASE_SLOTS " + U64(run.lease_slots)),
          ScriptHeaderLine("failed", "op " + U64(d.index + 1) + " " + d.call_text),
          ScriptHeaderLine("field", d.field),
          ScriptHeaderLine("expected", d.expected + "  (model)"),
          ScriptHeaderLine("actual", d.actual + "  (RTL)"),
          ScriptHeaderLine("cycle", U64(d.cycle) + ", RTC " + U64(d.rtc_model) + " s"),
          ScriptHeaderLine("written", UtcNow())};
}

void SaveOrSay(const std::string &path, const Script &s) {
  std::string err;
  if (!SaveScript(path, s, &err)) std::printf("  %s\n", err.c_str());
}

// ops.fbmuops: the op log as a replayable script.
Script WriteOpLog(const std::string &dir, const FailedRun &run) {
  Script ops = run.script;
  ops.header =
      ScriptHeader(run, run.div, "the ops that ran, up to the failing one", run.run_command);
  SaveOrSay(dir + "/ops.fbmuops", ops);
  return ops;
}

struct TraceWindow {
  uint64_t from = 0, to = 0;  // RTL cycles
  std::string note;           // "" when the re-simulation failed the same way
};

// trace.fst: the cycles around the mismatch. The same ops again, deterministically, with the trace
// on only in the window.
TraceWindow WriteTrace(const std::string &dir, const Script &ops, const Divergence &d) {
  TraceWindow w;
  w.from = d.call_start_cycle > kTraceBefore ? d.call_start_cycle - kTraceBefore : 0;
  w.to = d.cycle + kTraceAfter;
  const std::string trace = dir + "/trace.fst";
  RunOptions ro;
  ro.trace_path = trace.c_str();
  ro.trace_from = w.from;
  ro.trace_to = w.to;
  ro.cycles_after_failure = kTraceAfter;
  RunResult again = RunScript(ops, ro);
  if (!again.setup_ok) {
    w.note = "not written: the simulation could not be created";
  } else if (!again.div.diverged || again.div.index != d.index || again.div.cycle != d.cycle) {
    w.note =
        "WARNING: the re-simulation did not fail the same way (" +
        (again.div.diverged ? "op " + U64(again.div.index + 1) + " cycle " + U64(again.div.cycle)
                            : std::string("no divergence")) +
        "): the run is not deterministic";
  }
  std::printf("  trace.fst       cycles %" PRIu64 " .. %" PRIu64 ", mismatch at cycle %" PRIu64
              " = %" PRIu64 " ns%s%s\n",
              w.from, w.to, d.cycle, d.cycle * kTraceTimePerCycle, w.note.empty() ? "" : "; ",
              w.note.c_str());
  return w;
}

// mismatch.gtkw: the signal groups of waves/fbmu.gtkw, markers on the mismatch (A) and on the
// start of the failing call (B), the view on the call.
void WriteSaveFile(const std::string &dir, const Divergence &d, const TraceWindow &w) {
  const std::string abs = AbsolutePath(dir);
  GtkwView view;
  view.dumpfile = abs + "/trace.fst";
  view.savefile = abs + "/mismatch.gtkw";
  view.comment = "op " + U64(d.index + 1) + " " + d.call_text + ": " + d.field;
  view.marker_time = d.cycle * kTraceTimePerCycle;
  view.call_time = d.call_start_cycle * kTraceTimePerCycle;
  const uint64_t margin = 100;
  view.view_from = (d.call_start_cycle > w.from + margin ? d.call_start_cycle - margin : w.from) *
                   kTraceTimePerCycle;
  view.view_to = (d.cycle + margin) * kTraceTimePerCycle;
  std::string err;
  if (!WriteFile(dir + "/mismatch.gtkw", GtkwSaveFile(view), &err))
    std::printf("  %s\n", err.c_str());
}

struct Shrunk {
  Script script;
  std::string note;  // "12 ops -> 5 ops in 40 runs, 1.2 s (minimal)"
};

// shrunk.fbmuops: the fewest ops that still fail the same way (opt.shrink != 0 only).
Shrunk WriteShrunk(const std::string &dir, const FailedRun &run, const Script &ops,
                   const BundleOptions &opt) {
  ShrinkOptions so;
  so.max_runs = opt.shrink == 2 ? SIZE_MAX : opt.shrink_runs;
  so.max_seconds = opt.shrink == 2 ? 1e12 : opt.shrink_seconds;
  std::printf("  shrinking %zu ops (delta debugging; budget %s) ...\n", ops.ops.size(),
              opt.shrink == 2 ? "none"
                              : (U64(so.max_runs) + " runs, " +
                                 U64(static_cast<uint64_t>(so.max_seconds)) + " s")
                                    .c_str());
  std::fflush(stdout);
  ShrinkResult sr = Shrink(ops, run.div, so);
  Shrunk r;
  r.script = sr.script;
  char buf[200];
  std::snprintf(buf, sizeof buf, "%zu ops -> %zu ops in %zu runs, %.1f s%s", sr.from_ops,
                r.script.ops.size(), sr.runs, sr.seconds,
                sr.complete ? " (minimal)" : " (budget spent; --shrink goes on to the end)");
  r.note = buf;
  r.script.header = ScriptHeader(run, sr.div, "shrunk from ops.fbmuops: " + r.note,
                                 run.prog + " --replay " + ShellQuote(dir + "/shrunk.fbmuops"));
  SaveOrSay(dir + "/shrunk.fbmuops", r.script);
  std::printf("  shrunk.fbmuops  %s\n", r.note.c_str());
  return r;
}

// The commands a bundle hands on.
struct Commands {
  std::string run;     // the original run
  std::string replay;  // the shrunk script (or the op log)
  std::string waves;   // gtkwave on the trace with the save file
  std::string cwd;     // where the run ran
};

Commands MakeCommands(const std::string &dir, const FailedRun &run, bool shrunk) {
  Commands c;
  c.run = run.run_command;
  c.replay =
      run.prog + " --replay " + ShellQuote(dir + (shrunk ? "/shrunk.fbmuops" : "/ops.fbmuops"));
  c.waves = "gtkwave " + ShellQuote(dir + "/trace.fst") + " " + ShellQuote(dir + "/mismatch.gtkw");
  char cwd[4096] = ".";
  if (!getcwd(cwd, sizeof cwd)) std::strcpy(cwd, ".");
  c.cwd = cwd;
  return c;
}

// config.txt: seed and configuration.
void WriteConfig(const std::string &dir, const FailedRun &run, const Commands &cmd,
                 const TraceWindow &w) {
  std::string config;
  auto kv = [&](const char *k, const std::string &v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%-14s", k);
    config += buf + v + "\n";
  };
  kv("command", cmd.run);
  kv("program", AbsolutePath(run.prog));
  kv("cwd", cmd.cwd);
  kv("written", UtcNow());
  if (run.script_path.empty()) {
    kv("seed", U64(run.script.seed) + " (op stream and lease-id key seed)");
    kv("ops", U64(run.planned_ops) + " planned, " + U64(run.script.ops.size()) + " run");
    kv("max_rtc", run.max_rtc ? U64(run.max_rtc) : "2^64-1");
  } else {
    kv("script", run.script_path);
    kv("seed", U64(run.script.seed));
  }
  kv("start_time", U64(run.script.start_time));
  kv("bus_seed", run.script.bus_seed ? U64(run.script.bus_seed) + " (random bus shapes)"
                                     : std::string("0 (in-order bus master)"));
  kv("mem_bytes", U64(run.mem_bytes) + " (Verilated MEM_BYTES)");
  kv("lease_slots", U64(run.lease_slots) + " (Verilated LEASE_SLOTS)");
  kv("trace_window", U64(w.from) + " .. " + U64(w.to) + " cycles, 10 ns per cycle");
  std::string err;
  WriteFile(dir + "/config.txt", config, &err);
}

// reproduce.sh: the original run; the replay and gtkwave commands as comments.
void WriteReproduce(const std::string &dir, const Commands &cmd) {
  std::string sh = "#!/bin/sh\n# Reproduce the fbmu-cosim failure of " + UtcNow() +
                   " (run from the folder it ran in).\nset -e\ncd " + ShellQuote(cmd.cwd) + "\n";
  sh += "# The original run (prints the same report and writes a new bundle):\n" + cmd.run + "\n";
  sh += "# The shrunk script alone:\n#   " + cmd.replay + "\n";
  sh += "# The waveform at the mismatch:\n#   " + cmd.waves + "\n";
  std::string err;
  WriteFile(dir + "/reproduce.sh", sh, &err, true);
}

std::string OpLines(const Script &s, size_t max) {
  std::string r;
  for (size_t i = 0; i < s.ops.size() && i < max; i++)
    r += "    " + std::to_string(i + 1) + ": " + PrintOp(s, i) + "\n";
  if (s.ops.size() > max) r += "    ... (" + U64(s.ops.size() - max) + " more)\n";
  return r;
}

// summary.txt: the failure, the files, the shrunk script, the commands, the checker's report.
void WriteSummary(const std::string &dir, const FailedRun &run, const Script &ops,
                  const Shrunk *shrunk, const TraceWindow &w, const Commands &cmd) {
  const Divergence &d = run.div;
  std::string sum;
  sum += "FBMU lockstep mismatch: fbmu-cosim failure bundle\n\n";
  sum += "op:        #" + U64(d.index + 1) + " " + d.call_text + "\n";
  sum += "           script: " + PrintOp(ops, d.index) + "\n";
  sum += "field:     " + d.field + "\n";
  sum += "expected:  " + d.expected + "   (model)\n";
  sum += "actual:    " + d.actual + "   (RTL)\n";
  sum += "cycle:     " + U64(d.cycle) + " (call began at cycle " + U64(d.call_start_cycle) +
         "); trace time " + U64(d.cycle * kTraceTimePerCycle) + " ns\n";
  sum += "RTC:       " + U64(d.rtc_model) + " s (model) / " + U64(d.rtc_rtl) + " s (RTL input)\n";
  sum += "seed:      " + U64(ops.seed) + ", start time " + U64(ops.start_time) + ", bus seed " +
         U64(ops.bus_seed) + (ops.bus_seed ? " (random bus shapes)" : " (in-order bus)") + "\n\n";
  sum += "files:\n";
  sum += "  ops.fbmuops     the " + U64(ops.ops.size()) + " ops that ran (replayable script)\n";
  if (shrunk) sum += "  shrunk.fbmuops  " + shrunk->note + "\n";
  sum += "  trace.fst       cycles " + U64(w.from) + " .. " + U64(w.to) + " (re-simulated)" +
         (w.note.empty() ? "" : "; " + w.note) + "\n";
  sum += "  mismatch.gtkw   GTKWave save file: marker A at the mismatch, B at the call start\n";
  sum += "  config.txt      seed and configuration\n";
  sum += "  reproduce.sh    the commands below\n\n";
  if (shrunk) sum += "shrunk script:\n" + OpLines(shrunk->script, kSummaryOps) + "\n";
  sum += "reproduce: " + cmd.run + "\n";
  sum += "replay:    " + cmd.replay + "\n";
  sum += "waves:     " + cmd.waves + "\n\n";
  sum += d.report;
  std::string err;
  WriteFile(dir + "/summary.txt", sum, &err);
}

}  // namespace

int WriteBundle(const FailedRun &run, const BundleOptions &opt) {
  std::string err;
  std::string dir = opt.dir;
  if (dir.empty())
    dir = MakeBundleDir("failures", opt.name, &err);
  else if (!MakeDirs(dir, &err))
    dir.clear();
  if (dir.empty()) {
    std::printf("failure bundle: not written (%s)\nreproduce: %s\nFAIL\n", err.c_str(),
                run.run_command.c_str());
    return 1;
  }
  std::printf("failure bundle: %s/\n", dir.c_str());
  std::fflush(stdout);

  const Script ops = WriteOpLog(dir, run);
  const TraceWindow window = WriteTrace(dir, ops, run.div);
  WriteSaveFile(dir, run.div, window);
  Shrunk shrunk;
  if (opt.shrink) shrunk = WriteShrunk(dir, run, ops, opt);
  const Commands cmd = MakeCommands(dir, run, opt.shrink != 0);
  WriteConfig(dir, run, cmd, window);
  WriteReproduce(dir, cmd);
  WriteSummary(dir, run, ops, opt.shrink ? &shrunk : nullptr, window, cmd);

  std::printf("\nreproduce: %s\n", cmd.run.c_str());
  std::printf("replay:    %s   (%zu ops)\n", cmd.replay.c_str(),
              opt.shrink ? shrunk.script.ops.size() : ops.ops.size());
  std::printf("waves:     %s\n", cmd.waves.c_str());
  std::printf("FAIL\n");
  return 1;
}

// ---- folder and file helpers ------------------------------------------------------------------

bool MakeDirs(const std::string &dir, std::string *error) {
  std::string cur;
  size_t pos = 0;
  while (pos <= dir.size()) {
    size_t slash = dir.find('/', pos);
    if (slash == std::string::npos) slash = dir.size();
    cur = dir.substr(0, slash);
    if (!cur.empty() && mkdir(cur.c_str(), 0777) != 0 && errno != EEXIST) {
      if (error) *error = cur + ": cannot create (" + std::strerror(errno) + ")";
      return false;
    }
    pos = slash + 1;
  }
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    if (error) *error = dir + ": not a folder";
    return false;
  }
  return true;
}

std::string MakeBundleDir(const std::string &parent, const std::string &name, std::string *error) {
  if (!MakeDirs(parent, error)) return "";
  char stamp[32];
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string base = parent + "/" + name + "-" + stamp;
  for (int n = 1; n < 1000; n++) {
    std::string dir = n == 1 ? base : base + "-" + std::to_string(n);
    if (mkdir(dir.c_str(), 0777) == 0) return dir;
    if (errno != EEXIST) {
      if (error) *error = dir + ": cannot create (" + std::strerror(errno) + ")";
      return "";
    }
  }
  if (error) *error = base + ": too many bundles in one second";
  return "";
}

bool WriteFile(const std::string &path, const std::string &text, std::string *error,
               bool executable) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f << text;
  f.close();
  if (!f) {
    if (error) *error = path + ": cannot write (" + std::strerror(errno) + ")";
    return false;
  }
  if (executable) chmod(path.c_str(), 0755);
  return true;
}

std::string AbsolutePath(const std::string &path) {
  char buf[PATH_MAX];
  if (realpath(path.c_str(), buf)) return buf;
  return path;
}

std::string UtcNow() {
  char buf[40];
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string ShellQuote(const std::string &s) {
  bool plain = !s.empty();
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./=:+-@%", c)))
      plain = false;
  if (plain) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace fbmu_cosim
