/* FBMU golden model: the state struct shared by the semantic layer and the register front end,
 * and the entry points the front end uses to build the unit on the semantic layer.
 * Private to model/; users go through fbmu_model.h.
 *
 * Layering: fbmu_model.c (semantics, layer a) never touches the register state (regs, bus) and
 * never calls into fbmu_model_regs.c; the register front end (layer b) owns create, destroy,
 * reset and the IRQ level, which need both layers. fbmu_model_platform.c uses the public API only.
 */
#ifndef FBMU_MODEL_INTERNAL_H
#define FBMU_MODEL_INTERNAL_H

#include <stdint.h>

#include "fbmu_model.h"
#include "fbmu_platform.h"
#include "fbmu_regs.h"

/* Record state: 0 is an empty record, otherwise one of FBMU_LEASE_*. */
#define FBMU_REC_EMPTY 0u

/* Frame states. Zeroing is instantaneous in the model, so there is no "zeroing" state. */
#define FBMU_FRAME_FREE ((uint8_t)FBMU_MODEL_FRAME_FREE)
#define FBMU_FRAME_LEASED ((uint8_t)FBMU_MODEL_FRAME_LEASED)
#define FBMU_FRAME_FENCED ((uint8_t)FBMU_MODEL_FRAME_FENCED)

/* End of the ended-record list. */
#define FBMU_MODEL_NIL 0xFFu

/* id -> record lookup: open addressing, linear probing, at most half full. */
#define FBMU_MODEL_ID_TAB 128u

typedef struct {
  fbmu_lease_id_t id;
  uint64_t expires_at;
  uint64_t size; /* arena size the lease was granted with (QUERY reports it) */
  uint32_t frame;
  uint8_t state;       /* FBMU_REC_EMPTY or FBMU_LEASE_* */
  uint8_t holds_fence; /* FENCED and its frame not yet cleared: never recycled */
} fbmu_model_rec_t;

/* Register front end state: what the RTL holds in flops. */
typedef struct {
  uint32_t arg_id[4];
  uint64_t arg_a;
  uint64_t arg_b;
  uint32_t arg_len;
  uint32_t cmd; /* last opcode written (CMD is wo, reads back) */
  uint32_t res_id[4];
  uint64_t res_size;
  uint64_t res_time;
  uint32_t res_status;
  uint32_t res_len;
  int8_t result; /* STATUS.RESULT of the last command */
  uint32_t irq_enable;
  uint8_t staging[FBMU_WIN_STAGING_SIZE];
  /* Streamed write (spec section 7): open from its CMD write until its last byte or its timeout. */
  int stream;           /* the stream takes STAGING writes */
  uint64_t stream_addr; /* arena byte address of transfer byte 0 */
  uint32_t stream_len;  /* ARG_LEN */
  uint32_t stream_mark; /* end of the highest 32-bit STAGING word written */
  uint32_t stream_done; /* transfer bytes landed */
} fbmu_model_regs_t;

struct fbmu_model {
  fbmu_model_config_t cfg;

  /* Platform inputs (kept over reset). */
  uint64_t now;
  int online;

  /* Unit state. */
  int session;
  uint64_t arena_size;
  uint32_t frames;      /* mem_bytes / arena_size */
  uint8_t *mem;         /* mem_bytes, allocated in create */
  uint8_t *frame_state; /* FBMU_FRAME_*, mem_bytes / FBMU_MODEL_MIN_ARENA entries */
  uint32_t fenced_frames;
  uint32_t fault_bit[FBMU_MODEL_FAULT_SLOTS]; /* stuck-at-1 cells: bit address byte * 8 + bit */
  uint32_t n_faults;
  uint64_t epoch;      /* warm resets since power-on (kept over reset; the L half of every id) */
  uint64_t min_expiry; /* lower bound of expires_at over ACTIVE records: set_time fast path */

  fbmu_model_rec_t rec[FBMU_MODEL_MAX_SLOTS];
  uint64_t empty_mask;               /* bit i: record i is empty */
  uint8_t id_tab[FBMU_MODEL_ID_TAB]; /* record index + 1, 0 = unused */
  /* Ended records, oldest end first: a doubly linked list in end-sequence order, so ALLOC finds
   * the record to recycle at (or, past still-fenced records, near) the head. */
  uint8_t ended_next[FBMU_MODEL_MAX_SLOTS];
  uint8_t ended_prev[FBMU_MODEL_MAX_SLOTS];
  uint8_t ended_head, ended_tail; /* FBMU_MODEL_NIL when empty */

  /* Lease-id generator. */
  uint64_t key[4];
  uint64_t counter; /* next counter value to issue (its id is not 0) */
  fbmu_lease_id_t next_id;

  /* Teardown event FIFO. */
  fbmu_event_t evt[FBMU_MODEL_MAX_EVENTS];
  uint32_t evt_head;
  uint32_t evt_count;
  uint32_t evt_dropped; /* saturates at 0xFFFF */

  /* Layer (b) only. */
  fbmu_model_regs_t regs;
  fbmu_bus_t bus;
  fbmu_platform_t platform; /* filled by the first fbmu_model_platform() call */
};

/* ---- layer (a) entry points for the front end ------------------------------------------------ */

/* Resolve cfg, allocate memory and the frame table, set the platform inputs to their power-on
 * values (RTC 0, online) and reset the semantic state. On error nothing stays allocated:
 * FBMU_E_INVALID_ARGUMENT for a bad configuration, FBMU_E_CAPACITY_EXCEEDED out of memory. */
int fbmu_model_core_init(fbmu_model_t *m, const fbmu_model_config_t *cfg);
/* Free what fbmu_model_core_init allocated (safe on a partly initialised model). */
void fbmu_model_core_release(fbmu_model_t *m);
/* Hardware reset of the semantic state (records, events, session, memory, arena size, id
 * generator); the RTC and the online flag are kept. */
void fbmu_model_core_reset(fbmu_model_t *m);
/* The checks of a WRITE in the device's order (id NULL: the bootstrap arena, which needs the
 * session); on FBMU_OK with len > 0, *addr is the arena byte address of transfer byte 0. */
int fbmu_model_write_check(fbmu_model_t *m, const fbmu_lease_id_t *id, uint64_t offset,
                           uint32_t len, uint64_t *addr);
/* Store len bytes at arena byte address addr, as the RTL's copy does (stuck cells store 1). */
void fbmu_model_land(fbmu_model_t *m, uint64_t addr, const void *data, uint32_t len);

#endif /* FBMU_MODEL_INTERNAL_H */
