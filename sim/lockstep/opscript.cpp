// FBMU op scripts: print and parse (grammar: docs/opscript.md).
#include "opscript.h"

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace fbmu_cosim {
namespace {

// Where an argument lives in fbmu_op_t.
enum class Field { kId, kA, kB, kLen, kData, kFlag, kCount };

struct Key {
  const char *name;
  Field field;
};

struct OpDef {
  fbmu_ls_call_t call;
  const char *name;
  std::vector<Key> keys;  // in printing order; all required
};

const std::vector<OpDef> &Ops() {
  static const std::vector<OpDef> ops = {
      {FBMU_LS_HELLO, "hello", {}},
      {FBMU_LS_GET_ARENA_SIZE, "get_arena_size", {}},
      {FBMU_LS_ALLOC, "alloc", {{"min_bytes", Field::kA}, {"lease_secs", Field::kB}}},
      {FBMU_LS_QUERY, "query", {{"id", Field::kId}}},
      {FBMU_LS_RENEW, "renew", {{"id", Field::kId}, {"secs", Field::kB}}},
      {FBMU_LS_FREE, "free", {{"id", Field::kId}}},
      {FBMU_LS_READ, "read", {{"offset", Field::kA}, {"len", Field::kLen}}},
      {FBMU_LS_WRITE, "write", {{"offset", Field::kA}, {"len", Field::kLen}, {"data", Field::kData}}},
      {FBMU_LS_READ_LEASE, "read_lease",
       {{"id", Field::kId}, {"offset", Field::kA}, {"len", Field::kLen}}},
      {FBMU_LS_WRITE_LEASE, "write_lease",
       {{"id", Field::kId}, {"offset", Field::kA}, {"len", Field::kLen}, {"data", Field::kData}}},
      {FBMU_LS_READ_EVENT, "read_event", {}},
      {FBMU_LS_EVENT_COUNT, "event_count", {}},
      {FBMU_LS_SET_TIME, "set_time", {{"secs", Field::kA}, {"settle", Field::kFlag}}},
      {FBMU_LS_ADVANCE_TIME, "advance_time", {{"secs", Field::kA}, {"settle", Field::kFlag}}},
      {FBMU_LS_SET_ONLINE, "set_online", {{"online", Field::kFlag}}},
      {FBMU_LS_SET_ARENA_SIZE, "set_arena_size", {{"bytes", Field::kA}}},
      {FBMU_LS_FENCE_CLEAR, "fence_clear", {}},
      {FBMU_LS_INJECT_ZERO_FAIL, "inject_zero_fail", {{"count", Field::kCount}}},
      {FBMU_LS_RESET, "reset", {}},
      {FBMU_LS_SETTLE, "settle", {}},
      {FBMU_LS_CHECK_MEMORY, "check_memory", {}},
  };
  return ops;
}

const OpDef *FindOp(fbmu_ls_call_t call) {
  for (const auto &d : Ops())
    if (d.call == call) return &d;
  return nullptr;
}

const OpDef *FindOp(const std::string &name) {
  for (const auto &d : Ops())
    if (name == d.name) return &d;
  return nullptr;
}

std::string IdText(fbmu_lease_id_t id) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "_%016" PRIx64, id.hi, id.lo);
  return buf;
}

std::string U64(uint64_t v) { return std::to_string(v); }

// Decimal, or hexadecimal with 0x; the whole token; at most max.
bool ParseNum(const std::string &t, uint64_t max, uint64_t *out) {
  if (t.empty()) return false;
  uint64_t v = 0;
  size_t i = 0;
  unsigned base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    i = 2;
  }
  for (; i < t.size(); i++) {
    char c = t[i];
    unsigned d;
    if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
    else return false;
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  if (v > max) return false;
  *out = v;
  return true;
}

bool IsHex(const std::string &t, size_t from, size_t n) {
  for (size_t i = from; i < from + n; i++)
    if (!std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  return true;
}

bool ParseId(const std::string &t, fbmu_lease_id_t *out) {
  if (t.size() != 33 || t[16] != '_' || !IsHex(t, 0, 16) || !IsHex(t, 17, 16)) return false;
  out->hi = std::strtoull(t.substr(0, 16).c_str(), nullptr, 16);
  out->lo = std::strtoull(t.substr(17).c_str(), nullptr, 16);
  return true;
}

bool ValidLabel(const std::string &t) {
  if (t.size() < 2 || t[0] != '$') return false;
  for (size_t i = 1; i < t.size(); i++) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

std::string KeyList(const OpDef &d) {
  if (d.keys.empty()) return "none";
  std::string r;
  for (const auto &k : d.keys) r += std::string(r.empty() ? "" : ", ") + k.name;
  return r;
}

// Whitespace-separated tokens of a line whose comment is already cut off.
std::vector<std::string> Tokens(const std::string &line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) i++;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') j++;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

class Parser {
 public:
  Parser(const std::string &name, Script *out) : name_(name), s_(out) {}

  bool Line(int lineno, std::string line, bool *in_header) {
    lineno_ = lineno;
    if (line.size() > kMaxLineLength)
      return Fail("line is longer than " + std::to_string(kMaxLineLength) + " characters");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    for (char ch : line) {
      unsigned char c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "unexpected control character 0x%02x", c);
        return Fail(buf);
      }
    }
    size_t hash = line.find('#');
    if (*in_header) {
      if (hash == 0) {
        s_->header.push_back(line.substr(1));
        return true;
      }
      *in_header = false;
    }
    if (hash != std::string::npos) line.resize(hash);
    std::vector<std::string> t = Tokens(line);
    if (t.empty()) return true;

    if (t[0] == "seed" || t[0] == "start_time") return Directive(t);

    std::string label;
    if (t[0][0] == '$') {
      if (!ValidLabel(t[0]))
        return Fail("bad label '" + t[0] + "' (a '$' and letters, digits or '_')");
      if (t.size() < 3 || t[1] != "=")
        return Fail("expected '" + t[0] + " = alloc ...' after the label");
      label = t[0];
      t.erase(t.begin(), t.begin() + 2);
      if (t[0] != "alloc") return Fail("a label names an alloc, not '" + t[0] + "'");
      auto it = labels_.find(label);
      if (it != labels_.end())
        return Fail("label '" + label + "' already names the alloc on line " +
                    std::to_string(s_->ops[static_cast<size_t>(it->second)].line));
    }

    const OpDef *d = FindOp(t[0]);
    if (!d) return Fail("unknown op '" + t[0] + "' (docs/opscript.md lists the ops)");
    ScriptOp so;
    so.op.call = d->call;
    so.line = lineno;
    std::vector<bool> seen(d->keys.size(), false);
    for (size_t k = 1; k < t.size(); k++) {
      size_t eq = t[k].find('=');
      if (eq == std::string::npos || eq == 0)
        return Fail(std::string(d->name) + ": expected key=value, got '" + t[k] + "'");
      std::string key = t[k].substr(0, eq), val = t[k].substr(eq + 1);
      size_t ki = 0;
      while (ki < d->keys.size() && key != d->keys[ki].name) ki++;
      if (ki == d->keys.size())
        return Fail(std::string(d->name) + ": unknown argument '" + key + "' (takes: " + KeyList(*d) +
                    ")");
      if (seen[ki]) return Fail(std::string(d->name) + ": argument '" + key + "' given twice");
      seen[ki] = true;
      if (!Value(*d, d->keys[ki], val, &so)) return false;
    }
    for (size_t ki = 0; ki < d->keys.size(); ki++)
      if (!seen[ki])
        return Fail(std::string(d->name) + ": missing argument '" + d->keys[ki].name + "'");
    // Write data must lie inside the pattern.
    if ((d->call == FBMU_LS_WRITE || d->call == FBMU_LS_WRITE_LEASE) &&
        static_cast<uint64_t>(so.op.data_off) + so.op.len > FBMU_OPGEN_PATTERN_BYTES)
      return Fail(std::string(d->name) + ": data: @" + U64(so.op.data_off) + " + len " +
                  U64(so.op.len) + " runs past the " + U64(FBMU_OPGEN_PATTERN_BYTES) +
                  "-byte data pattern");
    if (!label.empty()) labels_[label] = static_cast<int>(s_->ops.size());
    s_->ops.push_back(so);
    return true;
  }

  const std::string &error() const { return error_; }

 private:
  bool Fail(const std::string &why) {
    error_ = name_ + ":" + std::to_string(lineno_) + ": " + why;
    return false;
  }

  bool Directive(const std::vector<std::string> &t) {
    const std::string &d = t[0];
    if (!s_->ops.empty()) return Fail("'" + d + "' must come before the first op");
    bool &seen = d == "seed" ? seen_seed_ : seen_start_;
    if (seen) return Fail("'" + d + "' given twice");
    if (t.size() != 2) return Fail("'" + d + "' takes one number");
    uint64_t v = 0;
    if (!ParseNum(t[1], UINT64_MAX, &v))
      return Fail(d + ": '" + t[1] + "' is not a number (decimal or 0x hex, at most 2^64-1)");
    (d == "seed" ? s_->seed : s_->start_time) = v;
    seen = true;
    return true;
  }

  bool Value(const OpDef &d, const Key &k, const std::string &val, ScriptOp *so) {
    std::string where = std::string(d.name) + ": " + k.name + ": ";
    uint64_t v = 0;
    switch (k.field) {
    case Field::kId:
      if (val.size() > 1 && val[0] == '$') {
        auto it = labels_.find(val);
        if (it == labels_.end()) return Fail(where + "unknown label '" + val + "'");
        so->ref = it->second;
        return true;
      }
      if (!ParseId(val, &so->op.id))
        return Fail(where + "'" + val +
                    "' is not a lease id (hi_lo: 16 hex digits, '_', 16 hex digits; or $label)");
      return true;
    case Field::kData:
      if (val.size() < 2 || val[0] != '@' ||
          !ParseNum(val.substr(1), FBMU_OPGEN_PATTERN_BYTES, &v))
        return Fail(where + "'" + val + "' is not a pattern offset (@N, N <= " +
                    U64(FBMU_OPGEN_PATTERN_BYTES) + ")");
      so->op.data_off = static_cast<uint32_t>(v);
      return true;
    case Field::kFlag:
      if (val != "0" && val != "1") return Fail(where + "'" + val + "' must be 0 or 1");
      so->op.flag = val == "1";
      return true;
    case Field::kLen:
    case Field::kCount:
      if (!ParseNum(val, UINT32_MAX, &v))
        return Fail(where + "'" + val + "' is not a number from 0 to 4294967295");
      if (k.field == Field::kLen) so->op.len = static_cast<uint32_t>(v);
      else so->op.a = v;
      return true;
    case Field::kA:
    case Field::kB:
      if (!ParseNum(val, UINT64_MAX, &v))
        return Fail(where + "'" + val + "' is not a number (decimal or 0x hex, at most 2^64-1)");
      (k.field == Field::kA ? so->op.a : so->op.b) = v;
      return true;
    }
    return Fail(where + "internal error");
  }

  std::string name_;
  Script *s_;
  int lineno_ = 0;
  std::string error_;
  std::map<std::string, int> labels_;  // "$x" -> op index
  bool seen_seed_ = false, seen_start_ = false;
};

// ops[i] uses the id returned by an earlier alloc of the script.
bool ValidRef(const Script &s, size_t i) {
  int r = s.ops[i].ref;
  return r >= 0 && static_cast<size_t>(r) < i &&
         s.ops[static_cast<size_t>(r)].op.call == FBMU_LS_ALLOC;
}

}  // namespace

const char *OpName(fbmu_ls_call_t call) {
  const OpDef *d = FindOp(call);
  return d ? d->name : nullptr;
}

std::string PrintOp(const Script &s, size_t index) {
  const ScriptOp &so = s.ops[index];
  const OpDef *d = FindOp(so.op.call);
  if (!d) return "settle";
  std::string r = d->name;
  for (const auto &k : d->keys) {
    r += ' ';
    r += k.name;
    r += '=';
    switch (k.field) {
    case Field::kId:
      r += ValidRef(s, index) ? "$" + U64(static_cast<uint64_t>(so.ref) + 1u) : IdText(so.op.id);
      break;
    case Field::kA:
    case Field::kCount: r += U64(so.op.a); break;
    case Field::kB: r += U64(so.op.b); break;
    case Field::kLen: r += U64(so.op.len); break;
    case Field::kData: r += "@" + U64(so.op.data_off); break;
    case Field::kFlag: r += so.op.flag ? "1" : "0"; break;
    }
  }
  return r;
}

std::string PrintScript(const Script &s) {
  std::vector<bool> referenced(s.ops.size(), false);
  for (size_t i = 0; i < s.ops.size(); i++)
    if (ValidRef(s, i)) referenced[static_cast<size_t>(s.ops[i].ref)] = true;
  std::string out;
  for (const auto &h : s.header) out += "#" + h + "\n";
  if (!s.header.empty()) out += "\n";
  out += "seed " + U64(s.seed) + "\n";
  out += "start_time " + U64(s.start_time) + "\n\n";
  for (size_t i = 0; i < s.ops.size(); i++) {
    if (referenced[i]) out += "$" + U64(i + 1u) + " = ";
    out += PrintOp(s, i);
    out += '\n';
  }
  return out;
}

bool ParseScript(const std::string &text, const std::string &name, Script *out,
                 std::string *error) {
  Script s;
  Parser p(name, &s);
  bool in_header = true;
  size_t pos = 0;
  int lineno = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    if (!p.Line(++lineno, text.substr(pos, end - pos), &in_header)) {
      if (error) *error = p.error();
      return false;
    }
    pos = end + 1;
  }
  if (out) *out = std::move(s);
  return true;
}

bool LoadScript(const std::string &path, Script *out, std::string *error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    if (error) *error = path + ": cannot read (" + std::strerror(errno) + ")";
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  return ParseScript(ss.str(), path, out, error);
}

bool SaveScript(const std::string &path, const Script &s, std::string *error) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f << PrintScript(s);
  if (!f) {
    if (error) *error = path + ": cannot write (" + std::strerror(errno) + ")";
    return false;
  }
  return true;
}

}  // namespace fbmu_cosim
