// FBMU op scripts: print and parse (grammar: docs/opscript.md).
#include "opscript.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace fbmu_cosim {
namespace {

using fbmu_ops::Arg;
using fbmu_ops::Field;
using fbmu_ops::OpKind;

std::string U64(uint64_t v) { return std::to_string(v); }

bool ValidLabel(const std::string &t) {
  if (t.size() < 2 || t[0] != '$') return false;
  for (size_t i = 1; i < t.size(); i++) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

std::string KeyList(const OpKind &d) {
  if (d.args.empty()) return "none";
  std::string r;
  for (const auto &k : d.args) r += std::string(r.empty() ? "" : ", ") + k.key;
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

    if (t[0] == "seed" || t[0] == "start_time" || t[0] == "bus_seed") return Directive(t);

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

    const OpKind *d = fbmu_ops::Find(t[0]);
    if (!d) return Fail("unknown op '" + t[0] + "' (docs/opscript.md lists the ops)");
    ScriptOp so;
    so.op.call = d->call;
    so.line = lineno;
    std::vector<bool> seen(d->args.size(), false);
    for (size_t k = 1; k < t.size(); k++) {
      size_t eq = t[k].find('=');
      if (eq == std::string::npos || eq == 0)
        return Fail(std::string(d->name) + ": expected key=value, got '" + t[k] + "'");
      std::string key = t[k].substr(0, eq), val = t[k].substr(eq + 1);
      size_t ki = 0;
      while (ki < d->args.size() && key != d->args[ki].key) ki++;
      if (ki == d->args.size())
        return Fail(std::string(d->name) + ": unknown argument '" + key +
                    "' (takes: " + KeyList(*d) + ")");
      if (seen[ki]) return Fail(std::string(d->name) + ": argument '" + key + "' given twice");
      seen[ki] = true;
      if (!Value(*d, d->args[ki], val, &so)) return false;
    }
    for (size_t ki = 0; ki < d->args.size(); ki++)
      if (!seen[ki])
        return Fail(std::string(d->name) + ": missing argument '" + d->args[ki].key + "'");
    // Write data must lie inside the pattern.
    if (fbmu_ops::HasArg(*d, Field::kData) &&
        static_cast<uint64_t>(so.op.data_off) + so.op.len > FBMU_OP_PATTERN_BYTES)
      return Fail(std::string(d->name) + ": data: @" + U64(so.op.data_off) + " + len " +
                  U64(so.op.len) + " runs past the " + U64(FBMU_OP_PATTERN_BYTES) +
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
    bool &seen = d == "seed" ? seen_seed_ : d == "start_time" ? seen_start_ : seen_bus_;
    if (seen) return Fail("'" + d + "' given twice");
    if (t.size() != 2) return Fail("'" + d + "' takes one number");
    uint64_t v = 0;
    if (d == "bus_seed") {
      if (!fbmu_ops::ParseNumber(t[1], UINT32_MAX, &v))
        return Fail(d + ": '" + t[1] + "' is not a number from 0 to 4294967295");
      s_->bus_seed = static_cast<uint32_t>(v);
    } else {
      if (!fbmu_ops::ParseNumber(t[1], UINT64_MAX, &v))
        return Fail(d + ": '" + t[1] + "' is not a number (decimal or 0x hex, at most 2^64-1)");
      (d == "seed" ? s_->seed : s_->start_time) = v;
    }
    seen = true;
    return true;
  }

  // One argument's value: a $label for an id, else as the op table parses the field.
  bool Value(const OpKind &d, const Arg &k, const std::string &val, ScriptOp *so) {
    std::string where = std::string(d.name) + ": " + k.key + ": ";
    if (k.field == Field::kId && val.size() > 1 && val[0] == '$') {
      auto it = labels_.find(val);
      if (it == labels_.end()) return Fail(where + "unknown label '" + val + "'");
      so->ref = it->second;
      return true;
    }
    std::string why;
    if (!fbmu_ops::ParseField(k.field, val, &so->op, &why)) return Fail(where + why);
    return true;
  }

  std::string name_;
  Script *s_;
  int lineno_ = 0;
  std::string error_;
  std::map<std::string, int> labels_;  // "$x" -> op index
  bool seen_seed_ = false, seen_start_ = false, seen_bus_ = false;
};

// ops[i] uses the id returned by an earlier alloc of the script.
bool ValidRef(const Script &s, size_t i) {
  int r = s.ops[i].ref;
  return r >= 0 && static_cast<size_t>(r) < i &&
         s.ops[static_cast<size_t>(r)].op.call == FBMU_LS_ALLOC;
}

}  // namespace

const char *OpName(fbmu_ls_call_t call) {
  const OpKind *d = fbmu_ops::Find(call);
  return d ? d->name : nullptr;
}

std::string PrintOp(const Script &s, size_t index) {
  const ScriptOp &so = s.ops[index];
  const OpKind *d = fbmu_ops::Find(so.op.call);
  if (!d) return "settle";
  std::string r = d->name;
  for (const auto &k : d->args) {
    r += std::string(" ") + k.key + "=";
    if (k.field == Field::kId && ValidRef(s, index))
      r += "$" + U64(static_cast<uint64_t>(so.ref) + 1u);
    else
      r += fbmu_ops::FieldText(so.op, k.field);
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
  out += "start_time " + U64(s.start_time) + "\n";
  if (s.bus_seed) out += "bus_seed " + U64(s.bus_seed) + "\n";
  out += "\n";
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
