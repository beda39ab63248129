/* FBMU lockstep ops: the vocabulary of the lockstep checker in one place.
 *
 * An op is one checked call: a driver call or a platform step, made on the RTL and on the golden
 * model at once (lockstep.h). The table in op.cpp has one row per kind: its script name
 * (docs/opscript.md), the checker's call name, its arguments (which fbmu_op_t field each lives in,
 * in printing order), whether it may run while the RTL still tears down leases, and how to run it
 * on a checker. The generator (opgen.cpp), the script reader and writer (opscript.cpp), the runner
 * (runner.cpp) and the checker's reports (lockstep.cpp) all read it. A new kind is a new enum value
 * below and a new row in op.cpp (plus, for a new driver call, its checked call in lockstep.h).
 */
#ifndef FBMU_LOCKSTEP_OP_H
#define FBMU_LOCKSTEP_OP_H

#include <stdint.h>

#include "fbmu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The calls the checker makes, one per driver function or platform step. */
typedef enum {
  FBMU_LS_HELLO,
  FBMU_LS_GET_ARENA_SIZE,
  FBMU_LS_ALLOC,
  FBMU_LS_QUERY,
  FBMU_LS_RENEW,
  FBMU_LS_FREE,
  FBMU_LS_READ,
  FBMU_LS_WRITE,
  FBMU_LS_READ_LEASE,
  FBMU_LS_WRITE_LEASE,
  FBMU_LS_READ_EVENT,
  FBMU_LS_EVENT_COUNT,
  FBMU_LS_SET_TIME,
  FBMU_LS_ADVANCE_TIME,
  FBMU_LS_SET_ONLINE,
  FBMU_LS_SET_ARENA_SIZE,
  FBMU_LS_FENCE_CLEAR,
  FBMU_LS_INJECT_FAULT,
  FBMU_LS_RESET,
  FBMU_LS_ARM_RESET, /* a warm reset inside the next call's command */
  FBMU_LS_SETTLE,
  FBMU_LS_CHECK_MEMORY,
  FBMU_LS_REG_WRITE,
  FBMU_LS_STEP_IN_CMD,
  FBMU_LS_STEP_IN_PLAT, /* a time step inside the next platform request */
  FBMU_LS_CALL_COUNT
} fbmu_ls_call_t;

/* Write data comes from a seeded pattern of this many bytes; data_off + len stays within it. */
#define FBMU_OP_PATTERN_BYTES (256u * 1024u)

/* One op. Which fields matter depends on `call`: the table in op.cpp lists them (and
 * docs/opscript.md shows them by their script names). */
typedef struct {
  fbmu_ls_call_t call;
  fbmu_lease_id_t id;
  uint64_t a, b;
  uint32_t len;
  uint32_t data_off; /* start of the write data in the pattern */
  int flag;
} fbmu_op_t;

/* What the call gave back (the model's values: they equal the RTL's unless the checker diverged).
 */
typedef struct {
  int rc;
  fbmu_lease_info_t info;    /* ALLOC, QUERY */
  uint64_t value;            /* RENEW: new expiry; GET_ARENA_SIZE: size */
  uint32_t n_read;           /* READ, READ_LEASE */
  fbmu_event_t event;        /* READ_EVENT */
  uint32_t pending, dropped; /* EVENT_COUNT */
} fbmu_op_result_t;

#ifdef __cplusplus
}

#include <string>
#include <vector>

struct fbmu_lockstep; /* lockstep.h */

namespace fbmu_ops {

// Where an argument lives in fbmu_op_t, and so how its value is written and read.
enum class Field {
  kId,  // id: 32 hex digits as hi_lo
  kA,   // a, b: 64-bit numbers
  kB,
  kLen,    // len: 32-bit number
  kData,   // data_off, written @N (scripts only: reports leave the data out)
  kFlag,   // flag: 0 or 1
  kCount,  // a, as a 32-bit number
};

struct Arg {
  const char *key;  // script key, e.g. "min_bytes"
  Field field;
  const char *report_key = nullptr;  // key in the checker's report when not the same
};

class OpIo;

struct OpKind {
  fbmu_ls_call_t call;
  const char *name;       // script name, e.g. "read_lease"
  const char *call_name;  // the checked call in reports, e.g. "fbmu_read_lease"
  std::vector<Arg> args;  // in printing order; a script gives every one
  // May run while the RTL still tears down leases ended by an un-settled time step: its answer
  // cannot depend on how far the teardown engine has come. Else the checker settles first.
  bool overlaps_teardown;
  int (*run)(fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *r);
};

// The row of a kind; nullptr for a value outside the enum.
const OpKind *Find(fbmu_ls_call_t call);
// The row of a script name; nullptr when there is none.
const OpKind *Find(const std::string &name);
bool HasArg(const OpKind &kind, Field field);

// A field's value as written in scripts and reports (an id as hi_lo hex; data as @N).
std::string FieldText(const fbmu_op_t &op, Field field);
// Parse a script value of a field into *op (not "$label" ids: the script resolves those). False
// with *why = the reason, e.g. "'12x' is not a number (decimal or 0x hex, at most 2^64-1)".
bool ParseField(Field field, const std::string &text, fbmu_op_t *op, std::string *why);
// Decimal, or hexadecimal with 0x; the whole token; at most max.
bool ParseNumber(const std::string &text, uint64_t max, uint64_t *out);
// The op as the checker's reports show it: "fbmu_renew(id=..., secs=5)".
std::string ReportText(const fbmu_op_t &op);

// What running ops needs besides the checker: the seeded write-data pattern and a read buffer.
class OpIo {
 public:
  explicit OpIo(uint64_t seed);  // the write-data pattern of `seed`
  const uint8_t *data(const fbmu_op_t &op) const { return pattern_.data() + op.data_off; }
  uint8_t *read_buffer(uint32_t len);  // grown to the largest read so far

 private:
  std::vector<uint8_t> pattern_;
  std::vector<uint8_t> rbuf_;
};

// Run op on the checker (both sides) and fill *r (rc and the call's outputs). An unknown kind
// runs as settle. Returns the checker's result (FBMU_LOCKSTEP_DIVERGED on a mismatch).
int Run(fbmu_lockstep *ls, const fbmu_op_t &op, OpIo *io, fbmu_op_result_t *r);

}  // namespace fbmu_ops

#endif /* __cplusplus */

#endif /* FBMU_LOCKSTEP_OP_H */
