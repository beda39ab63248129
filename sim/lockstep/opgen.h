/* FBMU constrained-random op generator for the lockstep checker.
 *
 * Seeded, with its own PRNG: the same seed gives the same op stream on every machine (the stream
 * also depends on the answers, which the model makes deterministic). It keeps a small pool of lease
 * ids it has seen (live, freed, expired, from before a reset) and biases every choice toward the
 * boundaries of docs/spec.md: time steps landing exactly on a lease's expiry and one second before,
 * a full lease table, lengths around CAP_MAX_IO and the whole arena, unaligned offsets and lengths,
 * offsets at and past the end (arena_size - 1, arena_size, UINT64_MAX), unknown, stale, future and
 * one-bit-off ids, saturating expiry arithmetic, offline spells, arena-size changes, injected
 * zeroing failures with fence clears, and the odd reset.
 */
#ifndef FBMU_OPGEN_H
#define FBMU_OPGEN_H

#include <stdint.h>

#include "lockstep.h"
#include "op.h" /* fbmu_op_t, fbmu_op_result_t: the ops it makes */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint32_t mem_bytes;   /* 0: 131072 */
  uint32_t lease_slots; /* 0: 16 */
  uint32_t max_io;      /* 0: 4096 */
  uint32_t arena_size;  /* arena after reset; 0: 4096 */
  uint64_t id_seed;     /* the checker's id seed (to name ids that will be issued later) */
  uint64_t max_rtc;     /* highest RTC second the stream drives; 0: 2^64-1 */
} fbmu_opgen_config_t;

typedef struct fbmu_opgen fbmu_opgen_t;

/* NULL cfg: the defaults, id_seed 0. */
fbmu_opgen_t *fbmu_opgen_create(uint64_t seed, const fbmu_opgen_config_t *cfg);
void fbmu_opgen_destroy(fbmu_opgen_t *g);

/* The next op, chosen from what the generator has seen so far. */
void fbmu_opgen_next(fbmu_opgen_t *g, fbmu_op_t *op);
/* Tell the generator what op gave (updates the id pool, time, arena size, session...). now = RTC.
 */
void fbmu_opgen_observe(fbmu_opgen_t *g, const fbmu_op_t *op, const fbmu_op_result_t *res,
                        uint64_t now);

/* Run op on the checker (fbmu_ops::Run, write data from the pattern of the generator's seed), fill
 * *res (may be NULL) and observe it. Returns the checker's result. */
int fbmu_opgen_exec(fbmu_opgen_t *g, fbmu_lockstep_t *ls, const fbmu_op_t *op,
                    fbmu_op_result_t *res);
/* next + exec. */
int fbmu_opgen_step(fbmu_opgen_t *g, fbmu_lockstep_t *ls, fbmu_op_t *op);

#ifdef __cplusplus
}
#endif

#endif /* FBMU_OPGEN_H */
