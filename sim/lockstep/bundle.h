// FBMU failure bundles: the folder fbmu-cosim writes on a mismatch (what is in it: README.md of
// this folder). Helpers for the folder and its files; cosim.cpp decides what goes in.
#ifndef FBMU_LOCKSTEP_BUNDLE_H
#define FBMU_LOCKSTEP_BUNDLE_H

#include <string>

namespace fbmu_cosim {

// Creates parent/<name>-<UTC yyyymmdd-hhmmss>[-<n>] (and parent) and returns its path, or "" with
// *error set. A second bundle in the same second gets -2, -3, ...
std::string MakeBundleDir(const std::string &parent, const std::string &name, std::string *error);
// Creates dir and its parents (mkdir -p). False with *error set when that fails.
bool MakeDirs(const std::string &dir, std::string *error);
bool WriteFile(const std::string &path, const std::string &text, std::string *error,
               bool executable = false);
std::string AbsolutePath(const std::string &path);  // unchanged when it cannot be resolved
std::string UtcNow();                               // "2026-11-26 10:15:00 UTC"
// A shell word for s (quoted when it holds anything but [A-Za-z0-9_./=:+-]).
std::string ShellQuote(const std::string &s);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_BUNDLE_H
