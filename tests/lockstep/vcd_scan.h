// A small VCD reader for the tests: the timescale, every variable by its full GTKWave name
// ("TOP.fbmu_tb.u_dut.cmd_op[7:0]", 1-bit signals without a range) and the first and last time
// stamp. Enough to check a trace converted with GTKWave's fst2vcd against a save file.
#ifndef FBMU_TESTS_LOCKSTEP_VCD_SCAN_H
#define FBMU_TESTS_LOCKSTEP_VCD_SCAN_H

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fbmu_cosim {

struct VcdInfo {
  std::string timescale;
  std::set<std::string> signals;
  uint64_t first_time = UINT64_MAX, last_time = 0;
  uint64_t time_stamps = 0;
};

inline bool ScanVcd(const std::string &path, VcdInfo *info, std::string *error) {
  std::ifstream f(path);
  if (!f) {
    *error = path + ": cannot read";
    return false;
  }
  std::vector<std::string> scope;
  std::string line;
  bool in_timescale = false;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      uint64_t t = std::strtoull(line.c_str() + 1, nullptr, 10);
      if (t < info->first_time) info->first_time = t;
      if (t > info->last_time) info->last_time = t;
      info->time_stamps++;
      continue;
    }
    std::istringstream ss(line);
    std::vector<std::string> t;
    for (std::string w; ss >> w;) t.push_back(w);
    if (t.empty()) continue;
    if (in_timescale) {
      if (t[0] == "$end")
        in_timescale = false;
      else
        info->timescale = t[0];
    } else if (t[0] == "$timescale") {
      in_timescale = true;
      if (t.size() >= 2 && t[1] != "$end") info->timescale = t[1], in_timescale = t.size() < 3;
    } else if (t[0] == "$scope" && t.size() >= 3) {
      scope.push_back(t[2]);
    } else if (t[0] == "$upscope") {
      if (!scope.empty()) scope.pop_back();
    } else if (t[0] == "$var" && t.size() >= 6) {
      std::string name;
      for (const auto &s : scope) name += s + ".";
      name += t[4];
      if (t.size() >= 7 && t[5] != "$end") name += t[5];
      info->signals.insert(name);
    }
  }
  return true;
}

}  // namespace fbmu_cosim

#endif  // FBMU_TESTS_LOCKSTEP_VCD_SCAN_H
