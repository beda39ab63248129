// FBMU lockstep ops: the table of op kinds and what reads it (op.h).
#include "op.h"

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lockstep.h"
#include "rng.h"

namespace fbmu_ops {
namespace {

using F = Field;

// One row per fbmu_ls_call_t, in enum order (Find checks it).
const std::vector<OpKind> &Table() {
  static const std::vector<OpKind> table = {
      {FBMU_LS_HELLO,
       "hello",
       "fbmu_hello",
       {},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_hello(ls);
       }},
      {FBMU_LS_GET_ARENA_SIZE,
       "get_arena_size",
       "fbmu_get_arena_size",
       {},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_get_arena_size(ls, &r->value);
       }},
      // ALLOC overlaps a teardown: it must wait for a zeroing slot by itself (contract: no
      // spurious CAPACITY_EXCEEDED).
      {FBMU_LS_ALLOC,
       "alloc",
       "fbmu_alloc",
       {{"min_bytes", F::kA}, {"lease_secs", F::kB}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_alloc(ls, op.a, op.b, &r->info);
       }},
      {FBMU_LS_QUERY,
       "query",
       "fbmu_query",
       {{"id", F::kId}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_query(ls, op.id, &r->info);
       }},
      {FBMU_LS_RENEW,
       "renew",
       "fbmu_renew",
       {{"id", F::kId}, {"secs", F::kB}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_renew(ls, op.id, op.b, &r->value);
       }},
      // FREE overlaps a teardown: its command waits for the teardowns before it (spec 6), so
      // its event still comes after theirs, as in the model.
      {FBMU_LS_FREE,
       "free",
       "fbmu_free",
       {{"id", F::kId}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_free(ls, op.id);
       }},
      {FBMU_LS_READ,
       "read",
       "fbmu_read",
       {{"offset", F::kA}, {"len", F::kLen}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *r) {
         return fbmu_lockstep_read(ls, op.a, io->read_buffer(op.len), op.len, &r->n_read);
       }},
      {FBMU_LS_WRITE,
       "write",
       "fbmu_write",
       {{"offset", F::kA}, {"len", F::kLen}, {"data", F::kData}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *) {
         return fbmu_lockstep_write(ls, op.a, io->data(op), op.len);
       }},
      {FBMU_LS_READ_LEASE,
       "read_lease",
       "fbmu_read_lease",
       {{"id", F::kId}, {"offset", F::kA}, {"len", F::kLen}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *r) {
         return fbmu_lockstep_read_lease(ls, op.id, op.a, io->read_buffer(op.len), op.len,
                                         &r->n_read);
       }},
      {FBMU_LS_WRITE_LEASE,
       "write_lease",
       "fbmu_write_lease",
       {{"id", F::kId}, {"offset", F::kA}, {"len", F::kLen}, {"data", F::kData}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *) {
         return fbmu_lockstep_write_lease(ls, op.id, op.a, io->data(op), op.len);
       }},
      // EVENT_POP is a command: the RTL runs it after the teardowns, which post events, are done.
      // The event count is a register: it waits (the model cannot tell how far the RTL has come).
      {FBMU_LS_READ_EVENT,
       "read_event",
       "fbmu_read_event",
       {},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_read_event(ls, &r->event);
       }},
      {FBMU_LS_EVENT_COUNT,
       "event_count",
       "fbmu_event_count",
       {},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *r) {
         return fbmu_lockstep_event_count(ls, &r->pending, &r->dropped);
       }},
      // Time steps and platform requests wait for the teardowns before them.
      {FBMU_LS_SET_TIME,
       "set_time",
       "plat_set_time",
       {{"secs", F::kA, "unix_secs"}, {"settle", F::kFlag}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_set_time(ls, op.a, op.flag);
       }},
      {FBMU_LS_ADVANCE_TIME,
       "advance_time",
       "plat_advance_time",
       {{"secs", F::kA}, {"settle", F::kFlag}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_advance_time(ls, op.a, op.flag);
       }},
      {FBMU_LS_SET_ONLINE,
       "set_online",
       "plat_set_online",
       {{"online", F::kFlag}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_set_online(ls, op.flag);
       }},
      {FBMU_LS_SET_ARENA_SIZE,
       "set_arena_size",
       "plat_set_arena_size",
       {{"bytes", F::kA}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_set_arena_size(ls, op.a);
       }},
      {FBMU_LS_FENCE_CLEAR,
       "fence_clear",
       "plat_fence_clear",
       {},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_fence_clear(ls);
       }},
      {FBMU_LS_INJECT_FAULT,
       "inject_fault",
       "plat_inject_fault",
       {{"bit", F::kCount, "bit_addr"}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_inject_fault(ls, static_cast<uint32_t>(op.a));
       }},
      // Reset abandons the teardowns; settle and check_memory wait for them by themselves.
      {FBMU_LS_RESET,
       "reset",
       "plat_reset",
       {},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_reset(ls);
       }},
      // A warm reset `cycles` after the cmd-th CMD write of the next call (lockstep.h).
      {FBMU_LS_ARM_RESET,
       "arm_reset",
       "plat_reset_inside_next_command",
       {{"cmd", F::kLen}, {"cycles", F::kA}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_arm_reset(ls, op.len, op.a);
       }},
      {FBMU_LS_SETTLE,
       "settle",
       "plat_settle",
       {},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_settle(ls);
       }},
      {FBMU_LS_CHECK_MEMORY,
       "check_memory",
       "check_memory",
       {},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_check_memory(ls);
       }},
      // A raw register write with byte strobes (it may start a command when it strobes CMD's
      // opcode byte, so it waits for teardowns).
      {FBMU_LS_REG_WRITE,
       "reg_write",
       "reg_write",
       {{"addr", F::kA}, {"value", F::kB}, {"strb", F::kLen}},
       false,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_reg_write(ls, static_cast<uint32_t>(op.a),
                                        static_cast<uint32_t>(op.b), static_cast<uint8_t>(op.len));
       }},
      // Arms a time step for the next call; touches neither side until then.
      {FBMU_LS_STEP_IN_CMD,
       "step_in_cmd",
       "plat_step_in_cmd",
       {{"secs", F::kA}, {"after_cmd", F::kLen}, {"cycles", F::kB}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_step_in_cmd(ls, op.a, op.len, op.b);
       }},
      // Arms a time step for the next platform request; touches neither side until then.
      {FBMU_LS_STEP_IN_PLAT,
       "step_in_plat",
       "plat_step_in_plat",
       {{"secs", F::kA}, {"cycles", F::kB}},
       true,
       [](fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *, fbmu_op_result_t *) {
         return fbmu_lockstep_step_in_plat(ls, op.a, op.b);
       }},
  };
  return table;
}

std::string U64(uint64_t v) { return std::to_string(v); }

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

}  // namespace

const OpKind *Find(fbmu_ls_call_t call) {
  const auto &t = Table();
  if (call < 0 || static_cast<size_t>(call) >= t.size()) return nullptr;
  const OpKind &k = t[static_cast<size_t>(call)];
  return k.call == call ? &k : nullptr;  // a row out of enum order shows as a missing kind
}

const OpKind *Find(const std::string &name) {
  for (const auto &k : Table())
    if (name == k.name) return &k;
  return nullptr;
}

bool HasArg(const OpKind &kind, Field field) {
  for (const auto &a : kind.args)
    if (a.field == field) return true;
  return false;
}

std::string FieldText(const fbmu_op_t &op, Field field) {
  char buf[40];
  switch (field) {
    case Field::kId:
      std::snprintf(buf, sizeof buf, "%016" PRIx64 "_%016" PRIx64, op.id.hi, op.id.lo);
      return buf;
    case Field::kA:
    case Field::kCount:
      return U64(op.a);
    case Field::kB:
      return U64(op.b);
    case Field::kLen:
      return U64(op.len);
    case Field::kData:
      return "@" + U64(op.data_off);
    case Field::kFlag:
      return op.flag ? "1" : "0";
  }
  return "?";
}

bool ParseNumber(const std::string &t, uint64_t max, uint64_t *out) {
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
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  if (v > max) return false;
  *out = v;
  return true;
}

bool ParseField(Field field, const std::string &val, fbmu_op_t *op, std::string *why) {
  uint64_t v = 0;
  switch (field) {
    case Field::kId:
      if (ParseId(val, &op->id)) return true;
      *why =
          "'" + val + "' is not a lease id (hi_lo: 16 hex digits, '_', 16 hex digits; or $label)";
      return false;
    case Field::kData:
      if (val.size() < 2 || val[0] != '@' ||
          !ParseNumber(val.substr(1), FBMU_OP_PATTERN_BYTES, &v)) {
        *why =
            "'" + val + "' is not a pattern offset (@N, N <= " + U64(FBMU_OP_PATTERN_BYTES) + ")";
        return false;
      }
      op->data_off = static_cast<uint32_t>(v);
      return true;
    case Field::kFlag:
      if (val != "0" && val != "1") {
        *why = "'" + val + "' must be 0 or 1";
        return false;
      }
      op->flag = val == "1";
      return true;
    case Field::kLen:
    case Field::kCount:
      if (!ParseNumber(val, UINT32_MAX, &v)) {
        *why = "'" + val + "' is not a number from 0 to 4294967295";
        return false;
      }
      if (field == Field::kLen)
        op->len = static_cast<uint32_t>(v);
      else
        op->a = v;
      return true;
    case Field::kA:
    case Field::kB:
      if (!ParseNumber(val, UINT64_MAX, &v)) {
        *why = "'" + val + "' is not a number (decimal or 0x hex, at most 2^64-1)";
        return false;
      }
      (field == Field::kA ? op->a : op->b) = v;
      return true;
  }
  *why = "internal error";
  return false;
}

std::string ReportText(const fbmu_op_t &op) {
  const OpKind *k = Find(op.call);
  if (!k) return "?()";
  std::string r = std::string(k->call_name) + "(";
  bool first = true;
  for (const auto &a : k->args) {
    if (a.field == Field::kData) continue;  // bytes, not an argument worth a report line
    r += first ? "" : ", ";
    r += std::string(a.report_key ? a.report_key : a.key) + "=";
    r += a.field == Field::kFlag ? std::to_string(op.flag) : FieldText(op, a.field);
    first = false;
  }
  return r + ")";
}

OpIo::OpIo(uint64_t seed) : pattern_(FBMU_OP_PATTERN_BYTES) {
  Rng prng(seed ^ 0xDA7A5EEDull);
  for (uint32_t i = 0; i < FBMU_OP_PATTERN_BYTES; i += 8) {
    uint64_t w = prng.next();
    std::memcpy(&pattern_[i], &w, 8);
  }
}

uint8_t *OpIo::read_buffer(uint32_t len) {
  if (rbuf_.size() < len) rbuf_.resize(len);
  return rbuf_.data();
}

int Run(fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *r) {
  *r = fbmu_op_result_t{};
  const OpKind *k = Find(op.call);
  if (!k) k = Find(FBMU_LS_SETTLE);
  r->rc = k->run(ls, op, io, r);
  return r->rc;
}

}  // namespace fbmu_ops
