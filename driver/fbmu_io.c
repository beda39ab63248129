/* FBMU driver: the data path. Bootstrap and leased reads and writes, split into chunks of at most
 * CAP_MAX_IO bytes (spec 13). One bus call per STAGING word, none per byte; or, when the bus has
 * block callbacks, one per block of up to FBMU_BLOCK_WORDS words (the block path below).
 */
#include <stddef.h>
#include <stdint.h>

#include "fbmu_priv.h"

/* ---- Block path: STAGING through the bus's read_block/write_block ---------------------------- */

int fbmu_staging_write_blocks(fbmu_t *dev, const uint8_t *data, uint32_t len) {
  uint32_t words[FBMU_BLOCK_WORDS];
  uint32_t i = 0; /* bytes sent */
  uint32_t n, k;
  int rc;

  while (i < len) {
    for (n = 0; n < FBMU_BLOCK_WORDS && i + 4u * n < len; n++)
      words[n] = fbmu_pack_word(data + i + 4u * n, len - i - 4u * n);
    rc = fbmu_bus_code(dev->bus.write_block(dev->bus.ctx, FBMU_WIN_STAGING + i, words, n));
    if (rc) return rc;
    k = 4u * n;
    i = len - i < k ? len : i + k;
  }
  return FBMU_OK;
}

/* Only the len bytes asked for reach buf, whatever the callback did with the words. */
int fbmu_staging_read_blocks(fbmu_t *dev, uint8_t *buf, uint32_t len) {
  uint32_t words[FBMU_BLOCK_WORDS];
  uint32_t i = 0; /* bytes copied */
  uint32_t n, k;
  int rc;

  while (i < len) {
    n = (len - i + 3u) / 4u;
    if (n > FBMU_BLOCK_WORDS) n = FBMU_BLOCK_WORDS;
    rc = fbmu_bus_code(dev->bus.read_block(dev->bus.ctx, FBMU_WIN_STAGING + i, words, n));
    if (rc) return rc;
    for (k = 0; k < 4u * n && i < len; k++, i++)
      buf[i] = (uint8_t)(words[k / 4u] >> (8u * (k % 4u)));
  }
  return FBMU_OK;
}

/* ---- Commands ------------------------------------------------------------------------------ */

/* Learn the bytes one READ/WRITE command moves, once per handle. A value the STAGING window
 * cannot hold word by word (0, not a multiple of 4, larger than the window) falls back to the
 * window size, which the device must support. */
static int learn_max_io(fbmu_t *dev) {
  uint32_t val;
  int rc;

  if (dev->max_io) return FBMU_OK;
  rc = fbmu_bus_read(dev, FBMU_REG_CAP_MAX_IO, &val);
  if (rc) return rc;
  if (val == 0 || val % 4u || val > FBMU_WIN_STAGING_SIZE) val = FBMU_WIN_STAGING_SIZE;
  dev->max_io = val;
  return FBMU_OK;
}

/* A multi-chunk write is not atomic, so check that it fits before the first chunk lands. The size
 * comes from QUERY (leased; the lease's state is left to the device, which reports it on the first
 * chunk) or GET_ARENA_SIZE (bootstrap). */
static int check_write_fits(fbmu_t *dev, const fbmu_lease_id_t *id, uint64_t offset, uint32_t len) {
  fbmu_lease_info_t info;
  uint64_t size;
  int rc;

  if (id) {
    rc = fbmu_query(dev, *id, &info);
    if (rc) return rc;
    size = info.arena_size;
  } else {
    rc = fbmu_get_arena_size(dev, &size);
    if (rc) return rc;
  }
  if (offset > size || len > size - offset) return FBMU_E_OUT_OF_RANGE;
  return FBMU_OK;
}

/* The command of one READ/WRITE family (id NULL: bootstrap opcode), with CAP_MAX_IO known
 * whenever data will move. */
static int io_cmd_init(fbmu_t *dev, const fbmu_lease_id_t *id, uint32_t boot_op, uint32_t lease_op,
                       uint32_t len, struct fbmu_cmd *cmd) {
  cmd->opcode = boot_op;
  cmd->args = FBMU_ARGS_A | FBMU_ARGS_LEN;
  if (id) {
    cmd->opcode = lease_op;
    cmd->args |= FBMU_ARGS_ID;
    cmd->id = *id;
  }
  return len ? learn_max_io(dev) : FBMU_OK;
}

/* id NULL: bootstrap arena. *n_read counts the bytes copied to buf, also when a chunk fails. */
static int io_read(fbmu_t *dev, const fbmu_lease_id_t *id, uint64_t offset, uint8_t *buf,
                   uint32_t len, uint32_t *n_read) {
  struct fbmu_cmd cmd = {0};
  uint32_t done = 0;
  uint32_t got;
  int xfer;
  int rc;

  rc = io_cmd_init(dev, id, FBMU_OP_READ, FBMU_OP_READ_LEASE, len, &cmd);
  if (rc) return rc;
  /* len 0 still sends one command: the device reports session and lease state. */
  do {
    cmd.len = len - done < dev->max_io ? len - done : dev->max_io;
    /* No byte lies beyond 2^64-1: the read ends there (only a device reporting full chunks up to
     * that offset gets here; no arena is that big). */
    if (offset > UINT64_MAX - done) break;
    cmd.a = offset + done;
    rc = fbmu_cmd_run_xfer(dev, &cmd, &xfer);
    /* After full chunks, OUT_OF_RANGE means the previous chunk ended exactly at the arena end:
     * the read ran past the end and returns the bytes up to it, as one long command would. */
    if (rc == FBMU_E_OUT_OF_RANGE && done > 0) break;
    if (rc) return rc;
    rc = fbmu_bus_read(dev, FBMU_REG_RES_LEN, &got);
    if (rc) return rc;
    /* More bytes than asked for would overrun buf: a device breaking the protocol, fail closed. */
    if (got > cmd.len) return FBMU_E_BUS_ERROR;
    /* With XFER the bytes are read while the copy still runs (it stays ahead of the bus), then the
     * command's end is awaited. */
    rc = fbmu_staging_read(dev, buf + done, got);
    if (rc) return rc;
    if (xfer) {
      rc = fbmu_cmd_finish(dev);
      if (rc) return rc;
    }
    done += got;
    *n_read = done;
  } while (got == cmd.len && done < len);
  return FBMU_OK;
}

/* id NULL: bootstrap arena. Each chunk is a streamed write (spec 7): its bytes go to STAGING while
 * the unit copies them. *n_written counts the bytes of the chunks that returned OK, and the prefix
 * of a stream that ended early (FBMU_E_TIMEOUT). */
static int io_write(fbmu_t *dev, const fbmu_lease_id_t *id, uint64_t offset, const uint8_t *data,
                    uint32_t len, uint32_t *n_written) {
  struct fbmu_cmd cmd = {0};
  uint32_t done = 0;
  uint32_t landed;
  int rc;

  rc = io_cmd_init(dev, id, FBMU_OP_WRITE_STREAM, FBMU_OP_WRITE_LEASE_STREAM, len, &cmd);
  if (rc) return rc;
  if (len > dev->max_io) {
    rc = check_write_fits(dev, id, offset, len);
    if (rc) return rc;
  }
  /* len 0 still sends one command: the device reports session and lease state. After the fit
   * check offset + done cannot wrap. */
  do {
    cmd.len = len - done < dev->max_io ? len - done : dev->max_io;
    cmd.a = offset + done;
    rc = fbmu_cmd_run_stream(dev, &cmd, data + done, &landed);
    done += landed;
    *n_written = done;
    if (rc) return rc;
  } while (done < len);
  return FBMU_OK;
}

int fbmu_read(fbmu_t *dev, uint64_t offset, void *buf, uint32_t len, uint32_t *n_read) {
  if (n_read) *n_read = 0;
  if (!dev || !buf || !n_read) return FBMU_E_INVALID_ARGUMENT;
  return io_read(dev, NULL, offset, buf, len, n_read);
}

int fbmu_write_ex(fbmu_t *dev, uint64_t offset, const void *data, uint32_t len,
                  uint32_t *n_written) {
  if (n_written) *n_written = 0;
  if (!dev || !data || !n_written) return FBMU_E_INVALID_ARGUMENT;
  return io_write(dev, NULL, offset, data, len, n_written);
}

int fbmu_write(fbmu_t *dev, uint64_t offset, const void *data, uint32_t len) {
  uint32_t n_written;

  return fbmu_write_ex(dev, offset, data, len, &n_written);
}

int fbmu_read_lease(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, void *buf, uint32_t len,
                    uint32_t *n_read) {
  if (n_read) *n_read = 0;
  if (!dev || !buf || !n_read) return FBMU_E_INVALID_ARGUMENT;
  return io_read(dev, &id, offset, buf, len, n_read);
}

int fbmu_write_lease_ex(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, const void *data,
                        uint32_t len, uint32_t *n_written) {
  if (n_written) *n_written = 0;
  if (!dev || !data || !n_written) return FBMU_E_INVALID_ARGUMENT;
  return io_write(dev, &id, offset, data, len, n_written);
}

int fbmu_write_lease(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, const void *data,
                     uint32_t len) {
  uint32_t n_written;

  return fbmu_write_lease_ex(dev, id, offset, data, len, &n_written);
}
