/* FBMU driver internals: the handle and the command engine shared by the driver's source files.
 * Not installed, not part of the API; only the driver's own .c files include it.
 */
#ifndef FBMU_PRIV_H
#define FBMU_PRIV_H

#include <stdint.h>

#include "fbmu.h"

struct fbmu {
  fbmu_bus_t bus;      /* the caller's bus, copied at open */
  uint32_t poll_limit; /* STATUS reads per wait before giving up with FBMU_E_DISCONNECTED */
  uint32_t max_io;     /* bytes per READ/WRITE command; 0 until learned from CAP_MAX_IO */
};

/* Which argument registers a command writes; a command writes only the ones it uses. */
#define FBMU_ARGS_ID 0x1u  /* ARG_ID_0..3 */
#define FBMU_ARGS_A 0x2u   /* ARG_A_LO, ARG_A_HI */
#define FBMU_ARGS_B 0x4u   /* ARG_B_LO, ARG_B_HI */
#define FBMU_ARGS_LEN 0x8u /* ARG_LEN */

/* One command: opcode and its arguments. */
struct fbmu_cmd {
  uint32_t opcode;    /* FBMU_OP_* */
  uint32_t args;      /* FBMU_ARGS_* */
  fbmu_lease_id_t id; /* ARG_ID */
  uint64_t a, b;      /* ARG_A, ARG_B */
  uint32_t len;       /* ARG_LEN */
};

/* A bus callback's return as a driver code: 0, FBMU_E_DISCONNECTED, else FBMU_E_BUS_ERROR. */
int fbmu_bus_code(int rc);

/* One register read through the bus, its return mapped to a driver code (spec 13). */
int fbmu_bus_read(fbmu_t *dev, uint32_t addr, uint32_t *val);

/* Run one command (spec 13): wait for !BUSY, write arguments, write CMD, wait for
 * !BUSY. Returns the device's result code, or the driver's own code when the bus failed or the unit
 * stayed busy past the poll limit. Reads no result register. */
int fbmu_cmd_run(fbmu_t *dev, const struct fbmu_cmd *cmd);
/* As fbmu_cmd_run, but the wait after CMD also ends when STATUS shows XFER (a READ copying into
 * STAGING; spec 7): then *xfer is 1, the command will return OK, RES_LEN is valid and STAGING may
 * be read while the copy runs; finish with fbmu_cmd_finish. Else *xfer is 0 and the return is as
 * fbmu_cmd_run's. */
int fbmu_cmd_run_xfer(fbmu_t *dev, const struct fbmu_cmd *cmd, int *xfer);
/* Wait for !BUSY after an XFER and return the command's result code. */
int fbmu_cmd_finish(fbmu_t *dev);
/* One streamed write (WRITE_STREAM / WRITE_LEASE_STREAM, spec 7): the command, whose
 * checks run before any byte moves, then, once STATUS shows XFER, cmd->len bytes of data to STAGING
 * while the unit copies them, then its end. *landed: the bytes that reached the arena (all on OK;
 * after FBMU_E_TIMEOUT the prefix RES_LEN reports; else 0). Returns the first error: the bus's
 * while sending, else the command's result. */
int fbmu_cmd_run_stream(fbmu_t *dev, const struct fbmu_cmd *cmd, const uint8_t *data,
                        uint32_t *landed);

/* Result registers, read after a command returned FBMU_OK. */
int fbmu_res_read64(fbmu_t *dev, uint32_t lo_reg, uint32_t hi_reg, uint64_t *val);
int fbmu_res_read_id(fbmu_t *dev, fbmu_lease_id_t *id);
/* Copy the first len bytes of STAGING to buf: one bus read per 32-bit word, or the bus's block
 * callback when it has one. */
int fbmu_staging_read(fbmu_t *dev, uint8_t *buf, uint32_t len);

/* Byte i of a transfer is byte i%4 (little-endian) of STAGING word i/4. pack: the word holding the
 * first n bytes at p (n >= 4: a full word; fewer: zero-padded). unpack: the first n of its bytes
 * (at most 4) to p. Shared by the single path (fbmu_cmd.c) and the block path (fbmu_io.c). */
static inline uint32_t fbmu_pack_word(const uint8_t *p, uint32_t n) {
  uint32_t word = 0;
  uint32_t k;

  for (k = 0; k < n && k < 4u; k++) word |= (uint32_t)p[k] << (8u * k);
  return word;
}

static inline void fbmu_unpack_word(uint8_t *p, uint32_t word, uint32_t n) {
  uint32_t k;

  for (k = 0; k < n && k < 4u; k++) p[k] = (uint8_t)(word >> (8u * k));
}

/* The block path (fbmu_io.c), for a bus with read_block/write_block: STAGING words moved in blocks
 * of at most FBMU_BLOCK_WORDS; the same words, in the same order, as the single path. */
#define FBMU_BLOCK_WORDS 256u
int fbmu_staging_write_blocks(fbmu_t *dev, const uint8_t *data, uint32_t len);
int fbmu_staging_read_blocks(fbmu_t *dev, uint8_t *buf, uint32_t len);

#endif /* FBMU_PRIV_H */
