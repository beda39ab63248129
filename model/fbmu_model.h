/* FBMU golden reference model (C11).
 *
 * Two layers:
 *   (a) lease and arena semantics: fbmu_model_* functions on a plain state struct. Time comes in
 *       only through fbmu_model_set_time(); no globals, no I/O, no allocation after create.
 *   (b) a register-level front end (fbmu_model_bus) implementing regs/fbmu_regs.toml on top of (a),
 *       so the driver runs against the model through the same fbmu_bus_t it uses for the RTL.
 * The platform port is also offered as a fbmu_platform_t (fbmu_model_platform), the same table
 * the RTL harness gives (fbmu_sim_platform).
 * Behaviour: docs/spec.md. Teardown is instantaneous in the model: an ended lease's frame is zeroed
 * (or fenced) and its event queued within the call that ended it.
 */
#ifndef FBMU_MODEL_H
#define FBMU_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "fbmu_platform.h"
#include "fbmu_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FBMU_MODEL_MAX_SLOTS 64u
#define FBMU_MODEL_MAX_EVENTS 64u
#define FBMU_MODEL_MIN_ARENA 64u
#define FBMU_MODEL_FAULT_SLOTS 4u /* stuck cells the fault table holds (FAULT_SLOTS) */

typedef struct {
  uint32_t mem_bytes;   /* power of two, >= 2 * FBMU_MODEL_MIN_ARENA; 0: 131072 */
  uint32_t lease_slots; /* 2 .. FBMU_MODEL_MAX_SLOTS; 0: 16 */
  uint32_t event_depth; /* 1 .. FBMU_MODEL_MAX_EVENTS; 0: 16 */
  uint32_t max_io;      /* bytes per READ/WRITE command, multiple of 4, at most the STAGING
                           window (4096); 0: 4096 */
  uint32_t arena_size;  /* size after reset, power of two in 64 .. mem_bytes/2; 0: 4096 (or
                           mem_bytes/2 when that is smaller) */
  uint64_t id_seed;     /* lease-id key seed */
} fbmu_model_config_t;

/* The configuration with every default filled in (zero fields of *cfg replaced; cfg may be NULL).
 * Returns FBMU_E_INVALID_ARGUMENT for an impossible configuration. */
int fbmu_model_config_resolve(const fbmu_model_config_t *cfg, fbmu_model_config_t *out);

typedef struct fbmu_model fbmu_model_t;

/* NULL cfg or zeroed fields: defaults. Returns NULL on a bad configuration or out of memory. */
fbmu_model_t *fbmu_model_create(const fbmu_model_config_t *cfg);
void fbmu_model_destroy(fbmu_model_t *m);
const fbmu_model_config_t *fbmu_model_config(const fbmu_model_t *m);

/* ---- (a) semantics: platform side ---------------------------------------------------------- */

/* Hardware (warm) reset: records, events, session, faults and counter cleared, memory zeroed, arena
 * size back to the configured one, the reset epoch one up. RTC time and the online flag are
 * platform inputs and are kept. */
void fbmu_model_reset(fbmu_model_t *m);
/* Set the RTC. Every ACTIVE lease with expires_at <= now ends (lowest record first); the events
 * this causes are copied to ended[0 .. *n_ended) (up to max; ended may be NULL when max is 0). */
int fbmu_model_set_time(fbmu_model_t *m, uint64_t now, fbmu_event_t *ended, uint32_t max,
                        uint32_t *n_ended);
uint64_t fbmu_model_now(const fbmu_model_t *m);
void fbmu_model_set_online(fbmu_model_t *m, int online);
int fbmu_model_set_arena_size(fbmu_model_t *m, uint64_t bytes);
/* Zero and read back every fenced frame; one that still holds a stuck cell stays fenced and the
 * result is FBMU_E_FENCED, else FBMU_OK. */
int fbmu_model_fence_clear(fbmu_model_t *m);
/* INJECT_FAULT: the arena cell at bit address bit_addr (byte * 8 + bit) is stuck at 1 from now on
 * (FBMU_E_INVALID_ARGUMENT past MEM_BYTES, FBMU_E_CAPACITY_EXCEEDED when FBMU_MODEL_FAULT_SLOTS
 * cells are stuck already); FBMU_FAULT_CLEAR_ALL removes every fault. Reset clears them. */
int fbmu_model_inject_fault(fbmu_model_t *m, uint32_t bit_addr);

/* ---- (a) semantics: commands (one function per opcode) --------------------------------------- */

int fbmu_model_hello(fbmu_model_t *m);
int fbmu_model_get_arena_size(fbmu_model_t *m, uint64_t *size);
int fbmu_model_alloc(fbmu_model_t *m, uint64_t min_bytes, uint64_t lease_secs,
                     fbmu_lease_info_t *info);
int fbmu_model_query(fbmu_model_t *m, fbmu_lease_id_t id, fbmu_lease_info_t *info);
int fbmu_model_renew(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t secs, uint64_t *expires_at);
/* On OK the teardown event is copied to *ended when ended is not NULL. */
int fbmu_model_free(fbmu_model_t *m, fbmu_lease_id_t id, fbmu_event_t *ended);
/* len is at most max_io (else FBMU_E_INVALID_ARGUMENT), as for one device command. */
int fbmu_model_read(fbmu_model_t *m, uint64_t offset, void *buf, uint32_t len, uint32_t *n_read);
int fbmu_model_write(fbmu_model_t *m, uint64_t offset, const void *data, uint32_t len);
int fbmu_model_read_lease(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t offset, void *buf,
                          uint32_t len, uint32_t *n_read);
int fbmu_model_write_lease(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t offset, const void *data,
                           uint32_t len);
/* FBMU_E_NOT_FOUND when empty; *left = events still pending after the pop (may be NULL). */
int fbmu_model_event_pop(fbmu_model_t *m, fbmu_event_t *ev, uint32_t *left);
void fbmu_model_event_count(const fbmu_model_t *m, uint32_t *pending, uint32_t *dropped);

/* ---- inspection for checkers and tests (no side effects) ------------------------------------ */

int fbmu_model_online(const fbmu_model_t *m);
int fbmu_model_session_open(const fbmu_model_t *m);
uint64_t fbmu_model_arena_size(const fbmu_model_t *m);
uint32_t fbmu_model_fenced_frames(const fbmu_model_t *m);
/* State of frame f of the current partition (0 is the bootstrap arena, always LEASED);
 * FBMU_MODEL_FRAME_FREE for a frame past the last. */
#define FBMU_MODEL_FRAME_FREE 0
#define FBMU_MODEL_FRAME_LEASED 1
#define FBMU_MODEL_FRAME_FENCED 2
int fbmu_model_frame_state(const fbmu_model_t *m, uint32_t f);
/* Records ALLOC cannot take: ACTIVE ones and FENCED ones whose frame is still fenced. */
uint32_t fbmu_model_records_held(const fbmu_model_t *m);
uint32_t fbmu_model_faults(const fbmu_model_t *m); /* stuck cells injected */
/* The frame a remembered lease was granted (FBMU_E_NOT_FOUND for an unknown id). */
int fbmu_model_lease_frame(const fbmu_model_t *m, fbmu_lease_id_t id, uint32_t *frame);
uint64_t fbmu_model_reset_epoch(const fbmu_model_t *m); /* warm resets since create */
/* The id the next successful ALLOC will return. */
fbmu_lease_id_t fbmu_model_peek_next_id(const fbmu_model_t *m);
/* The spec's lease-id permutation (section 5) for one key seed and counter value. */
fbmu_lease_id_t fbmu_model_id_for(uint64_t id_seed, uint64_t counter); /* reset epoch 0 */
fbmu_lease_id_t fbmu_model_id_for_epoch(uint64_t id_seed, uint64_t epoch, uint64_t counter);
/* Raw arena memory (mem_bytes long), for isolation checks. */
const uint8_t *fbmu_model_memory(const fbmu_model_t *m);
/* Level of the interrupt output: IRQ_ENABLE.EVT and at least one event pending. */
int fbmu_model_irq(const fbmu_model_t *m);

/* ---- (b) register front end ------------------------------------------------------------------ */

/* A bus that decodes the register map of docs/registers.md on this model. Valid for the model's
 * lifetime. Commands complete within the CMD write, so STATUS.BUSY always reads 0. Unmapped
 * addresses and writes to read-only registers give FBMU_E_BUS_ERROR, as the RTL's error responses.
 */
const fbmu_bus_t *fbmu_model_bus(fbmu_model_t *m);
/* One register write with byte strobes (bit i enables byte i), as the RTL takes an AXI write with
 * WSTRB (docs/spec.md, byte strobes): FBMU_OK, FBMU_E_BUS_ERROR for SLVERR/DECERR;
 * FBMU_E_INVALID_ARGUMENT for NULL m or strb 0. */
int fbmu_model_write32_strb(fbmu_model_t *m, uint32_t addr, uint32_t val, uint8_t strb);
/* A streamed write (WRITE_STREAM, WRITE_LEASE_STREAM; spec section 7) is open: its CMD write ran
 * the checks and it takes STAGING writes; STATUS reads BUSY and XFER until its last byte. */
int fbmu_model_stream_open(const fbmu_model_t *m);
/* The open stream is abandoned (the RTL's STREAM_TIMEOUT cycles passed without a STAGING write):
 * it ends with FBMU_E_TIMEOUT, RES_LEN = the bytes that landed. FBMU_E_INVALID_ARGUMENT when no
 * stream is open. */
int fbmu_model_stream_timeout(fbmu_model_t *m);

/* ---- platform port as an ops table ------------------------------------------------------------
 */

/* The platform side above as a fbmu_platform_t whose ctx is m: set_time is fbmu_model_set_time
 * (ended events not copied), advance_time adds saturating at 2^64-1, set_online and reset always
 * give FBMU_OK, now is fbmu_model_now. Valid for the model's lifetime; NULL when m is NULL. */
const fbmu_platform_t *fbmu_model_platform(fbmu_model_t *m);

#ifdef __cplusplus
}
#endif

#endif /* FBMU_MODEL_H */
