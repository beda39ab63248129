// FBMU failure bundles: folder and file helpers (bundle.h).
#include "bundle.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>

namespace fbmu_cosim {

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
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./=:+-@%", c))) plain = false;
  if (plain) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace fbmu_cosim
