// Functional coverage bins of the lockstep checker: names and the table / JSON (fcov.h).
#include "fcov.h"

#include <cinttypes>
#include <cstdio>

namespace {

struct Row {
  const char *name;
  const char *what;
};

#define FBMU_FCOV_ROW_(id, name, what) {name, what},
constexpr Row kRows[] = {FBMU_FCOV_BINS(FBMU_FCOV_ROW_)};
#undef FBMU_FCOV_ROW_
static_assert(sizeof kRows / sizeof kRows[0] == FBMU_FCOV_COUNT, "one row per bin");

bool InRange(fbmu_fcov_bin_t bin) { return bin >= 0 && bin < FBMU_FCOV_COUNT; }

unsigned Hit(const uint64_t counts[FBMU_FCOV_COUNT]) {
  unsigned n = 0;
  for (unsigned b = 0; b < FBMU_FCOV_COUNT; b++) n += counts[b] != 0;
  return n;
}

}  // namespace

extern "C" const char *fbmu_fcov_name(fbmu_fcov_bin_t bin) {
  return InRange(bin) ? kRows[bin].name : "?";
}

extern "C" const char *fbmu_fcov_what(fbmu_fcov_bin_t bin) {
  return InRange(bin) ? kRows[bin].what : "?";
}

namespace fbmu_fcov {

std::string Table(const uint64_t counts[FBMU_FCOV_COUNT]) {
  char line[256];
  std::snprintf(line, sizeof line, "  functional coverage: %u of %d bins hit\n", Hit(counts),
                FBMU_FCOV_COUNT);
  std::string t = line;
  for (unsigned b = 0; b < FBMU_FCOV_COUNT; b++) {
    std::snprintf(line, sizeof line, "    %-38s %8" PRIu64 "%s\n", kRows[b].name, counts[b],
                  counts[b] ? "" : "   <- not hit");
    t += line;
  }
  return t;
}

std::string Json(const uint64_t counts[FBMU_FCOV_COUNT]) {
  std::string j = "{\n \"bins\": {\n";
  char line[160];
  for (unsigned b = 0; b < FBMU_FCOV_COUNT; b++) {
    std::snprintf(line, sizeof line, "  \"%s\": %" PRIu64 "%s\n", kRows[b].name, counts[b],
                  b + 1 < FBMU_FCOV_COUNT ? "," : "");
    j += line;
  }
  std::snprintf(line, sizeof line, " },\n \"hit\": %u,\n \"total\": %d\n}\n", Hit(counts),
                FBMU_FCOV_COUNT);
  return j + line;
}

}  // namespace fbmu_fcov
