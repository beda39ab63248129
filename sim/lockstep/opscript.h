// FBMU op scripts: a lockstep op sequence as text, one op per line (grammar: docs/opscript.md).
//
// fbmu-cosim writes the ops it ran as a script when it fails, and --replay runs one. Printing a
// script and parsing the text back gives the same script, and printing that gives the same text.
// A malformed script is rejected with "file:line: reason"; the parser never throws or aborts.
#ifndef FBMU_LOCKSTEP_OPSCRIPT_H
#define FBMU_LOCKSTEP_OPSCRIPT_H

#include <cstdint>
#include <string>
#include <vector>

#include "op.h"

namespace fbmu_cosim {

constexpr uint64_t kDefaultStartTime = 1700000000;  // fbmu-cosim's RTC at create
constexpr size_t kMaxLineLength = 4096;             // longer lines are rejected

// One op. op.id is the literal lease id, used when ref < 0; ref >= 0 names the earlier op of the
// script (an alloc) whose returned id this op uses (written "$label" in the text).
struct ScriptOp {
  fbmu_op_t op{};
  int ref = -1;
  int line = 0;  // line in the file it was parsed from (0: not parsed)
};

struct Script {
  uint64_t seed = 1;  // id seed of both sides and the write-data pattern
  uint64_t start_time = kDefaultStartTime;
  uint32_t bus_seed = 0;            // RTL bus master: random bus shapes from this seed; 0: in order
  std::vector<std::string> header;  // leading comment lines, without the '#'
  std::vector<ScriptOp> ops;
};

// Text of the script (canonical form: the header comments, the directives, one op per line).
std::string PrintScript(const Script &s);
// One op line without its label, e.g. "read_lease id=$3 offset=0 len=64".
std::string PrintOp(const Script &s, size_t index);

// Parse text; `name` is used in error messages. Returns false with *error = "name:line: reason".
bool ParseScript(const std::string &text, const std::string &name, Script *out, std::string *error);
// Read and parse a file ("file: cannot read (reason)" when it cannot be opened).
bool LoadScript(const std::string &path, Script *out, std::string *error);
bool SaveScript(const std::string &path, const Script &s, std::string *error);

// The script's op name of a call ("read_lease"), or nullptr (the op table's name: op.h).
const char *OpName(fbmu_ls_call_t call);

}  // namespace fbmu_cosim

#endif  // FBMU_LOCKSTEP_OPSCRIPT_H
