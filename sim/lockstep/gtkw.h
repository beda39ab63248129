// GTKWave save files for FBMU traces. The signal list is waves/fbmu.gtkw (committed, hand-written,
// embedded into the program at build time); a failure bundle's save file is that list with a
// header that names the trace, scrolls to the failing call and puts markers on it.
#ifndef FBMU_LOCKSTEP_GTKW_H
#define FBMU_LOCKSTEP_GTKW_H

#include <cstdint>
#include <string>
#include <vector>

namespace fbmu_cosim {

constexpr uint64_t kTraceTimePerCycle = 10;  // trace time units (1 ns) per clock cycle (fbmu_sim)

// The text of waves/fbmu.gtkw as built in.
const char *GtkwTemplate();

struct GtkwView {
  std::string dumpfile;      // trace the save file opens (absolute path preferred)
  std::string savefile;      // where the save file itself is written (absolute path preferred)
  std::string comment;       // one line, shown as a [*] comment
  uint64_t marker_time = 0;  // primary marker and named marker A ("mismatch"), trace time units
  uint64_t call_time = 0;    // named marker B ("call start")
  uint64_t view_from = 0;    // left edge of the view, trace time units
  uint64_t view_to = 0;      // right edge (sets the zoom)
};

// A save file: header for `v`, then the signal lines of the template.
std::string GtkwSaveFile(const GtkwView &v);

// The signal names (full hierarchical, with bit ranges) that a save file's trace lines name, in
// order; comment, group, flag and header lines are skipped, aliases ("+{name} sig") resolved.
std::vector<std::string> GtkwSignals(const std::string &text);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_GTKW_H
