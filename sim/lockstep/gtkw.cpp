// GTKWave save files for FBMU traces (gtkw.h). Format: GTKWave's own save files (savefile.c):
// "[key] value" header lines, "*zoom marker named-markers..." (26 named markers, -1 = unset),
// "@flags" for the lines that follow (0x2 hex, 0x4 decimal, 0x8 binary, 0x20 right-justify,
// 0x200 comment, 0x400 signed, 0x800000 group begin, 0x1000000 group end), "-text" comments and
// group names, "+{alias} signal" and plain "signal" trace lines.
#include "gtkw.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace fbmu_cosim {
namespace {

constexpr int kNamedMarkers = 26;
// Wave-area width of the window the header asks for ([size] 1600 900, minus the SST and signal
// panes), and GTKWave's time per pixel at zoom 0 on a 1 ns trace (measured with GTKWave 3.3.118:
// time per pixel = 2^-zoom / 184).
constexpr double kWavePixels = 650.0;
constexpr double kZoomScale = 184.0;

std::vector<std::string> Lines(const std::string &text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string l = text.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    out.push_back(l);
    pos = nl + 1;
  }
  return out;
}

bool StartsWith(const std::string &s, const char *p) { return s.rfind(p, 0) == 0; }

std::string Trim(const std::string &s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

}  // namespace

std::string GtkwSaveFile(const GtkwView &v) {
  std::string out;
  char buf[256];
  out += "[*]\n[*] FBMU failure bundle: " + v.comment + "\n";
  out += "[*] markers: A = mismatch, B = start of the failing call\n[*]\n";
  out += "[dumpfile] \"" + v.dumpfile + "\"\n";
  out += "[savefile] \"" + v.savefile + "\"\n";  // lets GTKWave find the trace if both move
  std::snprintf(buf, sizeof buf, "[timestart] %" PRIu64 "\n", v.view_from);
  out += buf;
  out += "[size] 1600 900\n[pos] -1 -1\n";
  double span = v.view_to > v.view_from ? static_cast<double>(v.view_to - v.view_from) : 1000.0;
  double zoom = -std::log2(span / kWavePixels * kZoomScale);
  std::snprintf(buf, sizeof buf, "*%.6f %" PRIu64 " %" PRIu64 " %" PRIu64, zoom, v.marker_time,
                v.marker_time, v.call_time);
  out += buf;
  for (int i = 2; i < kNamedMarkers; i++) out += " -1";
  out += "\n[markername] Amismatch\n[markername] Bcall start\n";
  // The template's view settings and signal lines; its own header is replaced above.
  for (const std::string &l : Lines(GtkwTemplate())) {
    if (StartsWith(l, "[*]") || StartsWith(l, "[dumpfile]") || StartsWith(l, "[savefile]") ||
        StartsWith(l, "[timestart]") || StartsWith(l, "[size]") || StartsWith(l, "[pos]") ||
        StartsWith(l, "[markername]") || StartsWith(l, "*") || StartsWith(l, "[dumpfile_"))
      continue;
    // Translate filters are named relative to the source tree (waves/filters/...); the bundle
    // is opened from anywhere, so it names them by their absolute path.
    if (StartsWith(l, "^") && l.find(" waves/filters/") != std::string::npos) {
      const size_t sp = l.find(' ');
      out += l.substr(0, sp + 1) + FBMU_SOURCE_DIR + "/" + l.substr(sp + 1) + "\n";
      continue;
    }
    out += l + "\n";
  }
  return out;
}

std::vector<std::string> GtkwSignals(const std::string &text) {
  std::vector<std::string> out;
  for (std::string l : Lines(text)) {
    l = Trim(l);
    if (l.empty()) continue;
    char c = l[0];
    if (c == '[' || c == '*' || c == '@' || c == '-' || c == '^' || c == '>' || c == '!' ||
        c == '?' || c == '#' || c == ':')
      continue;
    if (c == '+') {  // "+{alias} signal"
      size_t close = l.find('}');
      if (close == std::string::npos) continue;
      l = Trim(l.substr(close + 1));
    }
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

}  // namespace fbmu_cosim
