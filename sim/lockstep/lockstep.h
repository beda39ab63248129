/* FBMU lockstep checker: the Verilated RTL and the golden model driven call by call.
 *
 * A checker owns one RTL simulation (fbmu_sim, driver opened on fbmu_sim_bus) and one golden model
 * (driver opened on fbmu_model_bus), both with the same id seed, RTC and configuration. Every
 * fbmu_lockstep_* call below makes the same driver call or platform step on both and compares
 * everything that comes back: result code, lease id and info, expiry, bytes read and n_read, events
 * (lease, kind, RTC second), event counts, the raw STATUS word and the irq line, and that the RTL's
 * bus kept the AXI4-Lite rules (fbmu_sim_bus_protocol_errors). After every
 * teardown (FREE, a time step that ends leases, a fence clear) it also checks that the RTL went
 * idle within the spec's bound (docs/spec.md 8: arena_size/32 + 64 cycles per frame, plus a small
 * slack).
 *
 * The checker stops at the first divergence: from then on every call returns FBMU_LOCKSTEP_DIVERGED
 * without touching either side, and fbmu_lockstep_report() says what differed (op number, call and
 * arguments, expected = model, actual = RTL, cycle, RTC, seed, the last few calls).
 *
 * Return values: when both sides agree, the common result (FBMU_OK or a negative FBMU_E_* code);
 * outputs (info, buffers, events) hold the model's values. On a divergence: FBMU_LOCKSTEP_DIVERGED.
 */
#ifndef FBMU_LOCKSTEP_H
#define FBMU_LOCKSTEP_H

#include <stdint.h>

#include "fbmu.h"
#include "fbmu_model.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"
#include "fcov.h" /* fbmu_fcov_bin_t: the functional coverage bins it counts */
#include "op.h"   /* fbmu_ls_call_t: the calls below, one per driver function or platform step */

#ifdef __cplusplus
extern "C" {
#endif

/* Positive, so no device or driver code can be mistaken for it. */
#define FBMU_LOCKSTEP_DIVERGED 1

/* Default cycles allowed on top of the spec's teardown bound: the bus traffic of the command that
 * started the teardown (arguments, CMD, STATUS polls) and the engine's start/finish handshake. */
#define FBMU_LOCKSTEP_DEFAULT_SLACK 256u

/* Result-code buckets of the per-call histogram: index -rc for rc in 0 .. -10, 11 for others. */
#define FBMU_LS_RC_BUCKETS 12

typedef struct {
  uint64_t id_seed;          /* lease-id key seed of both sides; also printed in reports */
  uint64_t start_time;       /* RTC seconds at create (both sides) */
  uint32_t teardown_slack;   /* cycles on top of the spec's teardown bound; 0: the default */
  const char *trace_path;    /* non-NULL: RTL waveform (.fst / .vcd) */
  uint64_t trace_from_cycle; /* trace only RTL cycles from .. to (fbmu_sim_trace_window) */
  uint64_t trace_to_cycle;   /* 0: to the end */
  const char *label;         /* optional, printed in reports (e.g. "fbmu-cosim --seed 7") */
  uint32_t bus_seed;         /* RTL bus master: random bus shapes from this seed; 0: in order
                                (fbmu_sim_set_bus_seed) */
} fbmu_lockstep_config_t;

typedef struct {
  uint64_t ops;                       /* checked calls */
  uint64_t calls[FBMU_LS_CALL_COUNT]; /* per call kind */
  uint64_t rc_hist[FBMU_LS_CALL_COUNT][FBMU_LS_RC_BUCKETS];
  uint64_t call_cycles[FBMU_LS_CALL_COUNT]; /* RTL cycles spent inside each kind */
  uint64_t cycles;                          /* RTL cycles since create */
  uint64_t rtc_stepped;                     /* RTC seconds moved forward (jumps to the
                                               top of the 64-bit range not counted) */
  uint64_t teardowns;                       /* teardown windows whose latency was checked */
  uint64_t worst_teardown_cycles;           /* the window closest to its bound ... */
  uint64_t worst_teardown_bound;            /* ... and that bound */
  uint64_t bytes_compared;                  /* read data compared */
  /* Coverage of the awkward places. */
  uint64_t short_reads;           /* OK reads that returned fewer bytes than asked */
  uint64_t max_events_dropped;    /* highest EVT_COUNT.DROPPED seen */
  uint64_t deferred_windows;      /* teardown windows that ran behind later calls */
  uint64_t calls_during_teardown; /* calls made while the RTL was tearing down */
  uint64_t memory_checks;         /* check_memory calls that compared memory */
  uint64_t frames_compared;       /* frames compared by those checks (fenced ones skipped) */
  uint64_t steps_in_cmd;          /* armed time steps published after a CMD write of a call */
  uint64_t steps_in_busy_cmd;     /* ... of them, published while that command still ran */
  uint64_t steps_between_chunks;  /* ... that ended the lease of a multi-command access between two
                                     of its commands */
  uint64_t steps_in_plat;         /* armed time steps published inside a platform request's call
                                     (step_in_plat; the rest land when the request returns) */
  uint64_t resets_in_command;     /* warm resets that landed inside a driver call's command */
  uint64_t mismatches;            /* 0, or 1: the checker stops at the first */
  uint64_t fcov[FBMU_FCOV_COUNT]; /* functional coverage: hits per bin (fcov.h) */
} fbmu_lockstep_stats_t;

/* The first divergence, as fields (fbmu_lockstep_report() has them as text). Strings belong to the
 * checker and stay valid until it is destroyed. */
typedef struct {
  uint64_t opno; /* checked call that diverged, 1-based (the n-th fbmu_lockstep_* call) */
  fbmu_ls_call_t call;
  const char *call_text;     /* the call with its arguments, e.g. "fbmu_free(id=...)" */
  const char *field;         /* what differed */
  const char *expected;      /* model */
  const char *actual;        /* RTL */
  uint64_t cycle;            /* RTL cycle count when it was seen */
  uint64_t call_start_cycle; /* RTL cycle count when the call began */
  uint64_t rtc_model;        /* RTC seconds, model */
  uint64_t rtc_rtl;          /* RTC seconds driven on the RTL */
} fbmu_lockstep_divergence_t;

typedef struct fbmu_lockstep fbmu_lockstep_t;

/* NULL cfg: seed 0, time 0. Returns NULL if either side cannot be created. */
fbmu_lockstep_t *fbmu_lockstep_create(const fbmu_lockstep_config_t *cfg);
void fbmu_lockstep_destroy(fbmu_lockstep_t *ls);

/* Driver calls, on both sides. */
int fbmu_lockstep_hello(fbmu_lockstep_t *ls);
int fbmu_lockstep_get_arena_size(fbmu_lockstep_t *ls, uint64_t *size);
int fbmu_lockstep_alloc(fbmu_lockstep_t *ls, uint64_t min_bytes, uint64_t lease_secs,
                        fbmu_lease_info_t *info);
int fbmu_lockstep_query(fbmu_lockstep_t *ls, fbmu_lease_id_t id, fbmu_lease_info_t *info);
int fbmu_lockstep_renew(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t secs,
                        uint64_t *expires_at);
int fbmu_lockstep_free(fbmu_lockstep_t *ls, fbmu_lease_id_t id);
int fbmu_lockstep_read(fbmu_lockstep_t *ls, uint64_t offset, void *buf, uint32_t len,
                       uint32_t *n_read);
int fbmu_lockstep_write(fbmu_lockstep_t *ls, uint64_t offset, const void *data, uint32_t len);
int fbmu_lockstep_read_lease(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t offset, void *buf,
                             uint32_t len, uint32_t *n_read);
int fbmu_lockstep_write_lease(fbmu_lockstep_t *ls, fbmu_lease_id_t id, uint64_t offset,
                              const void *data, uint32_t len);
int fbmu_lockstep_read_event(fbmu_lockstep_t *ls, fbmu_event_t *ev);
int fbmu_lockstep_event_count(fbmu_lockstep_t *ls, uint32_t *pending, uint32_t *dropped);
/* One register write with byte strobes on both buses (docs/spec.md, byte strobes): compares the
 * bus responses, then reads the register back on both; a write that strobes CMD's opcode byte runs
 * its command (the RTL to idle) and the result registers are compared too. Keep CMD opcodes to
 * ones that change no lease (the random stream writes GET_ARENA_SIZE, QUERY or unknown ones). */
int fbmu_lockstep_reg_write(fbmu_lockstep_t *ls, uint32_t addr, uint32_t value, uint8_t strb);

/* Platform steps, on both sides. settle != 0: wait for the RTL's teardowns right away and check
 * their latency; settle == 0: let them run on behind the following calls (the checker settles by
 * itself before any call whose answer could legally depend on teardown progress). */
int fbmu_lockstep_set_time(fbmu_lockstep_t *ls, uint64_t unix_secs, int settle);
int fbmu_lockstep_advance_time(fbmu_lockstep_t *ls, uint64_t secs, int settle); /* saturates */
int fbmu_lockstep_set_online(fbmu_lockstep_t *ls, int online);
int fbmu_lockstep_set_arena_size(fbmu_lockstep_t *ls, uint64_t bytes);
int fbmu_lockstep_fence_clear(fbmu_lockstep_t *ls);
int fbmu_lockstep_inject_fault(fbmu_lockstep_t *ls, uint32_t bit_addr);
int fbmu_lockstep_reset(fbmu_lockstep_t *ls);
/* Reset inside a command: the next driver call gets a warm reset on the RTL `cycles` cycles after
 * its cmd-th write to CMD (cmd >= 1). The bus transaction it cuts gets no answer, so the call must
 * return FBMU_E_DISCONNECTED (docs/spec.md 11); the model is reset at that point and both sides
 * are compared from a fresh unit on (after the RTL's scrub). A call that ends first (fewer CMD
 * writes, or done within the cycles) runs as usual and the reset is dropped. */
int fbmu_lockstep_arm_reset(fbmu_lockstep_t *ls, uint32_t cmd, uint64_t cycles);
/* Wait for the RTL to go idle and check the pending teardowns' latency. */
int fbmu_lockstep_settle(fbmu_lockstep_t *ls);
/* Deep check (it reads all arena memory of both sides through backdoors): every frame at its own
 * index, byte for byte: the bootstrap arena, each lease frame (the RTL takes the lowest free
 * frame, as the model does: spec 6), and every free frame, which must be zero. So a freed or
 * expired frame that kept its bytes, a lease placed in another frame, or a write that strayed into
 * another frame shows even if no read ever looks there. Fenced frames are skipped (their contents
 * are unspecified); every other frame is compared. Settles first. */
int fbmu_lockstep_check_memory(fbmu_lockstep_t *ls);

/* A time step inside the next call (docs/spec.md section 3, "A command sees one time"): the RTC
 * moves forward by secs (saturating) `cycles` clock cycles after the after_cmd-th CMD write
 * (1-based) of the next checked call returns on the RTL; on the model, right after that CMD write
 * (its commands are instantaneous), so before the call's next command on both sides. A call with
 * fewer CMD writes (a platform step, an argument error) gets the step when it returns. Leases the
 * step ends are torn down behind the following calls, as after an un-settled time step. A later
 * arm replaces one not yet used. after_cmd 0 is taken as 1. */
int fbmu_lockstep_step_in_cmd(fbmu_lockstep_t *ls, uint64_t secs, uint32_t after_cmd,
                              uint64_t cycles);

/* A time step inside the next platform request (docs/spec.md section 3, "A time step during a
 * platform request"): on the RTL the RTC moves forward by secs (saturating) `cycles` clock cycles
 * after the cycle plat_req_i rises, so while the request runs (the unit is idle when a checked
 * request starts, so even cycles 0 reaches the core after the request's checks); on the model
 * right after the request (its requests are instantaneous). Both must then agree on the result and
 * on everything after: the leases the step ends are torn down once the request has given the
 * memory back. A request that completes before the step is published gets it when it returns, and
 * so does any other call. A later arm (of either kind) replaces one not yet used. */
int fbmu_lockstep_step_in_plat(fbmu_lockstep_t *ls, uint64_t secs, uint64_t cycles);

/* The checker as one platform port (driver/fbmu_platform.h), for code written against the port:
 * each step goes to both sides and is checked like the fbmu_lockstep_* step of the same name (time
 * steps settle); now() is the model's RTC. A divergence gives FBMU_LOCKSTEP_DIVERGED. ctx is ls;
 * valid until ls is destroyed. */
const fbmu_platform_t *fbmu_lockstep_platform(fbmu_lockstep_t *ls);

/* State and results. */
int fbmu_lockstep_diverged(const fbmu_lockstep_t *ls);
const char *fbmu_lockstep_report(const fbmu_lockstep_t *ls); /* "" while no divergence */
/* 1 and *out filled after a divergence; 0 (out untouched) before. */
int fbmu_lockstep_divergence(const fbmu_lockstep_t *ls, fbmu_lockstep_divergence_t *out);
void fbmu_lockstep_get_stats(const fbmu_lockstep_t *ls, fbmu_lockstep_stats_t *out);
uint64_t fbmu_lockstep_now(const fbmu_lockstep_t *ls);        /* RTC seconds (model) */
uint64_t fbmu_lockstep_cycles(const fbmu_lockstep_t *ls);     /* RTL cycles */
uint64_t fbmu_lockstep_arena_size(const fbmu_lockstep_t *ls); /* model's current arena size */
const char *fbmu_lockstep_call_name(fbmu_ls_call_t call);

/* The two sides, for tests that need to look underneath (never change them behind its back). */
fbmu_sim_t *fbmu_lockstep_sim(fbmu_lockstep_t *ls);
fbmu_model_t *fbmu_lockstep_model(fbmu_lockstep_t *ls);

#ifdef __cplusplus
}
#endif

#endif /* FBMU_LOCKSTEP_H */
