/* Functional coverage of the lockstep checker: named bins, each counted when a checked run reaches
 * a place of docs/spec.md that a regression must visit (tests/testplan.md, "Functional coverage").
 *
 * A bin is one line of FBMU_FCOV_BINS below: enum name, the name printed and written to JSON, and
 * what it means. The checker (lockstep.cpp) counts the hits; fbmu-cosim prints the table and
 * writes it as JSON (--coverage FILE); tools/fbmu_regress.py merges the seeds of a profile and
 * fails when a bin stays at zero.
 */
#ifndef FBMU_LOCKSTEP_FCOV_H
#define FBMU_LOCKSTEP_FCOV_H

#include <stdint.h>

/* Commands that name a lease, each in each state the lease can be in when the command runs. */
#define FBMU_FCOV_LEASE_CMD(X, CMD, cmd)                                   \
  X(FBMU_FCOV_##CMD##_ACTIVE, cmd ".active", cmd " of an ACTIVE lease")    \
  X(FBMU_FCOV_##CMD##_EXPIRED, cmd ".expired", cmd " of an EXPIRED lease") \
  X(FBMU_FCOV_##CMD##_REVOKED, cmd ".revoked", cmd " of a REVOKED lease")  \
  X(FBMU_FCOV_##CMD##_FENCED, cmd ".fenced", cmd " of a FENCED lease")     \
  X(FBMU_FCOV_##CMD##_UNKNOWN, cmd ".unknown", cmd " of an id the unit does not know")

#define FBMU_FCOV_BINS(X)                                                                        \
  FBMU_FCOV_LEASE_CMD(X, QUERY, "query")                                                         \
  FBMU_FCOV_LEASE_CMD(X, RENEW, "renew")                                                         \
  FBMU_FCOV_LEASE_CMD(X, FREE, "free")                                                           \
  FBMU_FCOV_LEASE_CMD(X, READ_LEASE, "read_lease")                                               \
  FBMU_FCOV_LEASE_CMD(X, WRITE_LEASE, "write_lease")                                             \
  X(FBMU_FCOV_EXPIRY_EXACT_SECOND, "expiry.exact_second",                                        \
    "a lease ended by a time step to exactly its expires_at")                                    \
  X(FBMU_FCOV_RENEW_LAST_SECOND, "renew.last_live_second",                                       \
    "RENEW of a lease in its last live second (now = expires_at - 1)")                           \
  X(FBMU_FCOV_FREE_DURING_TEARDOWN, "free.during_teardown",                                      \
    "FREE while the RTL still tears down leases a time step ended")                              \
  X(FBMU_FCOV_ALLOC_RECORDS_HELD, "alloc.every_record_live_or_fenced",                           \
    "ALLOC refused because every record is live or holds a fenced frame")                        \
  X(FBMU_FCOV_SHORT_READ, "read.short_at_arena_end", "a read cut short at the end of the arena") \
  X(FBMU_FCOV_EVENT_QUEUE_FULL, "event.queue_full",                                              \
    "a teardown event dropped: the queue was full")                                              \
  X(FBMU_FCOV_FENCE, "teardown.fenced", "a teardown whose zeroing failed: the frame fenced")     \
  X(FBMU_FCOV_FENCE_CLEAR, "fence_clear.frames_cleared", "FENCE_CLEAR with fenced frames")       \
  X(FBMU_FCOV_STEP_IN_CMD, "rtc_step.inside_command",                                            \
    "the RTC stepped while a command ran (it takes the time when the command completes)")        \
  X(FBMU_FCOV_STEP_ENDS_ACCESS, "rtc_step.ends_lease_between_commands",                          \
    "a time step inside a multi-command read or write ended its lease between two commands")     \
  X(FBMU_FCOV_STEP_IN_PLAT_HOLD, "rtc_step.teardown_held_by_platform_request",                   \
    "a time step inside a platform request ended a lease whose teardown waited for the memory")  \
  X(FBMU_FCOV_RESET_IN_COMMAND, "reset.inside_command",                                          \
    "a warm reset that landed inside a driver call's command")                                   \
  X(FBMU_FCOV_BUS_AW_BEFORE_W, "bus.aw_before_w", "a write whose address came before its data")  \
  X(FBMU_FCOV_BUS_W_BEFORE_AW, "bus.w_before_aw", "a write whose data came before its address")  \
  X(FBMU_FCOV_BUS_B_BACKPRESSURE, "bus.b_backpressure", "a write response held by BREADY low")   \
  X(FBMU_FCOV_BUS_R_BACKPRESSURE, "bus.r_backpressure", "a read response held by RREADY low")    \
  X(FBMU_FCOV_BUS_READ_DURING_WRITE, "bus.read_during_write",                                    \
    "a read issued while a write was outstanding")                                               \
  X(FBMU_FCOV_BUS_PARTIAL_STROBE, "bus.partial_strobe", "a register write with partial WSTRB")   \
  X(FBMU_FCOV_STREAM_TIMEOUT, "stream.timeout", "a streamed write abandoned mid-way times out")

#define FBMU_FCOV_ENUM_(id, name, what) id,
typedef enum { FBMU_FCOV_BINS(FBMU_FCOV_ENUM_) FBMU_FCOV_COUNT } fbmu_fcov_bin_t;
#undef FBMU_FCOV_ENUM_

#ifdef __cplusplus
extern "C" {
#endif

const char *fbmu_fcov_name(fbmu_fcov_bin_t bin); /* "query.active"; "?" out of range */
const char *fbmu_fcov_what(fbmu_fcov_bin_t bin); /* one line of what the bin means */

#ifdef __cplusplus
}

#include <string>

namespace fbmu_fcov {

// The table fbmu-cosim prints: "functional coverage: N of M bins hit", then one line per bin.
std::string Table(const uint64_t counts[FBMU_FCOV_COUNT]);
// {"bins": {"query.active": 12, ...}, "hit": N, "total": M} on one line per bin.
std::string Json(const uint64_t counts[FBMU_FCOV_COUNT]);

}  // namespace fbmu_fcov

#endif /* __cplusplus */

#endif /* FBMU_LOCKSTEP_FCOV_H */
