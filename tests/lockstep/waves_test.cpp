// Waveforms: the harness's trace window, and waves/fbmu.gtkw against real traces and the RTL (every
// signal it names exists, its groups are balanced, its state-encoding notes match the RTL enums).
// A signal renamed in the RTL fails here: update waves/fbmu.gtkw with it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fbmu_sim.h"
#include "gtkw.h"
#include "vcd_scan.h"

namespace fbmu_cosim {
namespace {

std::string Slurp(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Tmp(const std::string &name) {
  return ::testing::TempDir() + "fbmu-waves-" + std::to_string(getpid()) + "-" + name;
}

int Shell(const std::string &cmd) {
  int st = std::system((cmd + " >/dev/null 2>&1").c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// FST -> VCD with GTKWave's fst2vcd, then scanned.
VcdInfo Convert(const std::string &fst) {
  VcdInfo info;
  std::string vcd = fst + ".vcd", err;
  EXPECT_EQ(Shell("fst2vcd -f " + fst + " -o " + vcd), 0) << "fst2vcd " << fst;
  EXPECT_TRUE(ScanVcd(vcd, &info, &err)) << err;
  std::remove(vcd.c_str());
  return info;
}

std::string SaveFile() { return Slurp(std::string(FBMU_SOURCE_DIR) + "/waves/fbmu.gtkw"); }

TEST(Waves, BuiltInSaveFileIsTheCommittedOne) {
  EXPECT_EQ(std::string(GtkwTemplate()), SaveFile()) << "rebuild: waves/fbmu.gtkw changed";
}

TEST(Waves, EverySignalTheSaveFileNamesIsInATrace) {
  std::string fst = Tmp("all.fst");
  fbmu_sim_config_t c{};
  c.trace_path = fst.c_str();
  fbmu_sim_t *sim = fbmu_sim_create(&c);
  ASSERT_NE(sim, nullptr);
  ASSERT_EQ(fbmu_sim_run(sim, 100), FBMU_OK);
  fbmu_sim_destroy(sim);
  VcdInfo info = Convert(fst);
  std::remove(fst.c_str());
  EXPECT_EQ(info.timescale, "1ns");
  std::vector<std::string> sigs = GtkwSignals(SaveFile());
  EXPECT_GT(sigs.size(), 60u);
  for (const auto &s : sigs)
    EXPECT_TRUE(info.signals.count(s))
        << "waves/fbmu.gtkw names " << s << ", which the trace does not have";
}

TEST(Waves, GroupsAreBalancedAndCoverEachArea) {
  std::istringstream in(SaveFile());
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<std::string> open, names;
  for (size_t i = 0; i + 1 < lines.size(); i++) {
    if (lines[i] == "@800200") {
      ASSERT_EQ(lines[i + 1][0], '-') << "group without a name, line " << i + 2;
      open.push_back(lines[i + 1].substr(1));
      names.push_back(open.back());
    } else if (lines[i] == "@1000200") {
      ASSERT_FALSE(open.empty()) << "group end without a begin, line " << i + 1;
      EXPECT_EQ(lines[i + 1].substr(1), open.back()) << "line " << i + 2;
      open.pop_back();
    }
  }
  EXPECT_TRUE(open.empty());
  for (const char *area :
       {"Bus", "Command engine", "Lease table", "Teardown", "Events and interrupt", "RTC time"}) {
    bool found = false;
    for (const auto &n : names) found |= n.find(area) != std::string::npos;
    EXPECT_TRUE(found) << "no group for " << area;
  }
}

// State and code signals show names through GTKWave translate filters (waves/filters/*.txt,
// generated from the RTL enums and the register map; WaveFilters.* checks they match). Each
// filtered signal uses the filter of its kind, shown in decimal (the filters map decimal text).
TEST(Waves, StateAndCodeSignalsUseTheirTranslateFilters) {
  const std::map<std::string, std::string> want = {
      {"cmd_op", "opcode"},          {"cmd_state", "cmd_state"}, {"result", "result"},
      {"hit_state", "rec_state"},    {"td_state", "td_state"},   {"td_rec_state", "rec_state"},
      {"plat_op", "plat_op"},        {"plat_result", "result"},  {"plat_state", "plat_state"},
      {"ev_push_kind", "event_kind"}};
  std::istringstream in(SaveFile());
  std::string line, flags, filter;
  std::map<std::string, std::string> got;
  while (std::getline(in, line)) {
    if (line.rfind("@", 0) == 0) {
      flags = line.substr(1);
      filter.clear();
    } else if (line.rfind("^", 0) == 0) {
      filter = line.substr(line.find(' ') + 1);
      EXPECT_TRUE(std::ifstream(std::string(FBMU_SOURCE_DIR) + "/" + filter).good())
          << "waves/fbmu.gtkw names a missing filter: " << filter;
    } else if (line.rfind("+{", 0) == 0) {
      const std::string alias = line.substr(2, line.find('}') - 2);
      if (!filter.empty()) {
        const unsigned long f = std::stoul(flags, nullptr, 16);
        EXPECT_TRUE(f & 0x2000) << alias << ": filter named but not enabled (TR_FTRANSLATED)";
        EXPECT_TRUE((f & 0x4) && !(f & 0x1a)) << alias << ": a filtered signal must show decimal";
        got[alias] = filter;
      }
    } else if (line.rfind("-", 0) == 0) {
      EXPECT_EQ(line.find(": 0 "), std::string::npos)
          << "an encoding comment row is left (a filter replaces it): " << line;
    }
  }
  for (const auto &[alias, name] : want)
    EXPECT_EQ(got[alias], "waves/filters/" + name + ".txt") << alias;
}

// The trace window: only cycles from..to are in the file, at their absolute times.
TEST(Waves, TraceWindowKeepsOnlyTheWindowAtAbsoluteTimes) {
  std::string fst = Tmp("window.fst");
  fbmu_sim_config_t c{};
  c.trace_path = fst.c_str();
  c.trace_from_cycle = 1000;
  c.trace_to_cycle = 1999;
  fbmu_sim_t *sim = fbmu_sim_create(&c);
  ASSERT_NE(sim, nullptr);
  fbmu_sim_destroy(sim);
  VcdInfo w = Convert(fst);
  std::remove(fst.c_str());
  EXPECT_EQ(w.first_time, 1000u * kTraceTimePerCycle);
  EXPECT_EQ(w.last_time, 2000u * kTraceTimePerCycle);  // the end of cycle 1999
  EXPECT_EQ(w.time_stamps, 2001u);                     // start, then two edges per cycle

  // Set at run time, and a VCD by extension.
  std::string vcd = Tmp("late.vcd");
  sim = fbmu_sim_create(nullptr);
  ASSERT_NE(sim, nullptr);
  const uint64_t now = fbmu_sim_cycles(sim);
  EXPECT_EQ(fbmu_sim_trace_window(sim, now + 10, now + 19), FBMU_OK);
  EXPECT_EQ(fbmu_sim_trace_window(sim, 5, 4), FBMU_E_INVALID_ARGUMENT);
  ASSERT_EQ(fbmu_sim_trace(sim, vcd.c_str()), FBMU_OK);
  ASSERT_EQ(fbmu_sim_run(sim, 100), FBMU_OK);
  ASSERT_EQ(fbmu_sim_trace(sim, nullptr), FBMU_OK);
  fbmu_sim_destroy(sim);
  VcdInfo late;
  std::string err;
  ASSERT_TRUE(ScanVcd(vcd, &late, &err)) << err;
  std::remove(vcd.c_str());
  EXPECT_EQ(late.first_time, (now + 10) * kTraceTimePerCycle);
  EXPECT_EQ(late.last_time, (now + 20) * kTraceTimePerCycle);
}

// A bundle's save file: the template's signals, markers and a view on the failing call.
TEST(Waves, BundleSaveFileKeepsTheSignalsAndSetsMarkers) {
  GtkwView v;
  v.dumpfile = "/x/trace.fst";
  v.savefile = "/x/mismatch.gtkw";
  v.comment = "op 5 fbmu_read_lease(...): data[0]";
  v.marker_time = 177550;
  v.call_time = 176620;
  v.view_from = 175620;
  v.view_to = 178550;
  std::string g = GtkwSaveFile(v);
  EXPECT_EQ(GtkwSignals(g), GtkwSignals(GtkwTemplate()));
  EXPECT_NE(g.find("[dumpfile] \"/x/trace.fst\"\n"), std::string::npos) << g;
  EXPECT_NE(g.find("[timestart] 175620\n"), std::string::npos) << g;
  std::string star = g.substr(g.find("\n*") + 2);
  star.resize(star.find('\n'));
  std::istringstream f(star);
  std::vector<std::string> fields;
  for (std::string w; f >> w;) fields.push_back(w);
  ASSERT_EQ(fields.size(), 28u) << star;  // zoom, marker, 26 named markers
  EXPECT_EQ(fields[1], "177550");
  EXPECT_EQ(fields[2], "177550");
  EXPECT_EQ(fields[3], "176620");
  EXPECT_EQ(fields[27], "-1");
  EXPECT_EQ(g.find("\n*", g.find("\n*") + 1), std::string::npos) << "one marker line only";
}

}  // namespace
}  // namespace fbmu_cosim
