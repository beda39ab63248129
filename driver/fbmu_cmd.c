/* FBMU driver: the command engine. Bus access, bounded STATUS polling, argument and STAGING
 * transfer, result registers. Every register address comes from the generated fbmu_regs.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "fbmu_priv.h"

/* Bus callbacks answer 0, FBMU_E_BUS_ERROR or FBMU_E_DISCONNECTED; anything else is a
 * misbehaving bus and counts as an error response. */
int fbmu_bus_code(int rc) {
  if (rc == 0) return FBMU_OK;
  if (rc == FBMU_E_DISCONNECTED) return FBMU_E_DISCONNECTED;
  return FBMU_E_BUS_ERROR;
}

int fbmu_bus_read(fbmu_t *dev, uint32_t addr, uint32_t *val) {
  return fbmu_bus_code(dev->bus.read32(dev->bus.ctx, addr, val));
}

static int bus_write(fbmu_t *dev, uint32_t addr, uint32_t val) {
  return fbmu_bus_code(dev->bus.write32(dev->bus.ctx, addr, val));
}

static int write64(fbmu_t *dev, uint32_t lo_reg, uint32_t hi_reg, uint64_t val) {
  int rc = bus_write(dev, lo_reg, (uint32_t)val);

  if (rc) return rc;
  return bus_write(dev, hi_reg, (uint32_t)(val >> 32));
}

/* STATUS.RESULT is a signed two's-complement field; widen it to an int. */
static int status_result(uint32_t status) {
  int result = (int)fbmu_reg_status_result_get_signed(status);

  /* The device only reports 0 or negative codes. A positive one is a protocol violation: fail
   * closed rather than let a caller that tests for "< 0" take it for success. */
  if (result > 0) return FBMU_E_BUS_ERROR;
  return result;
}

/* Read STATUS until BUSY is clear (or, with stop_on_xfer, XFER is set), at most poll_limit times.
 * The last STATUS word read goes to *status. A unit that stays busy is treated as gone: the driver
 * never hangs. */
static int wait_status(fbmu_t *dev, uint32_t *status, int stop_on_xfer) {
  uint32_t polls;
  int rc;

  for (polls = 0; polls < dev->poll_limit; polls++) {
    rc = fbmu_bus_read(dev, FBMU_REG_STATUS, status);
    if (rc) return rc;
    if (!fbmu_reg_status_busy_get(*status)) return FBMU_OK;
    if (stop_on_xfer && fbmu_reg_status_xfer_get(*status)) return FBMU_OK;
  }
  return FBMU_E_DISCONNECTED;
}

static int wait_idle(fbmu_t *dev, uint32_t *status) { return wait_status(dev, status, 0); }

/* One bus write per STAGING word (fbmu_pack_word: a trailing partial word is zero-padded). */
static int staging_write(fbmu_t *dev, const uint8_t *data, uint32_t len) {
  uint32_t i;
  int rc;

  if (dev->bus.write_block) return fbmu_staging_write_blocks(dev, data, len);
  for (i = 0; i < len; i += 4u) {
    rc = bus_write(dev, FBMU_WIN_STAGING + i, fbmu_pack_word(data + i, len - i));
    if (rc) return rc;
  }
  return FBMU_OK;
}

int fbmu_staging_read(fbmu_t *dev, uint8_t *buf, uint32_t len) {
  uint32_t i;
  uint32_t word;
  int rc;

  if (dev->bus.read_block) return fbmu_staging_read_blocks(dev, buf, len);
  for (i = 0; i < len; i += 4u) {
    rc = fbmu_bus_read(dev, FBMU_WIN_STAGING + i, &word);
    if (rc) return rc;
    fbmu_unpack_word(buf + i, word, len - i);
  }
  return FBMU_OK;
}

static int write_args(fbmu_t *dev, const struct fbmu_cmd *cmd) {
  int rc;

  if (cmd->args & FBMU_ARGS_ID) {
    /* ARG_ID_0 holds id bits 31:0 (lo word), ARG_ID_3 bits 127:96 (hi word). */
    rc = write64(dev, FBMU_REG_ARG_ID_0, FBMU_REG_ARG_ID_1, cmd->id.lo);
    if (rc) return rc;
    rc = write64(dev, FBMU_REG_ARG_ID_2, FBMU_REG_ARG_ID_3, cmd->id.hi);
    if (rc) return rc;
  }
  if (cmd->args & FBMU_ARGS_A) {
    rc = write64(dev, FBMU_REG_ARG_A_LO, FBMU_REG_ARG_A_HI, cmd->a);
    if (rc) return rc;
  }
  if (cmd->args & FBMU_ARGS_B) {
    rc = write64(dev, FBMU_REG_ARG_B_LO, FBMU_REG_ARG_B_HI, cmd->b);
    if (rc) return rc;
  }
  if (cmd->args & FBMU_ARGS_LEN) {
    rc = bus_write(dev, FBMU_REG_ARG_LEN, cmd->len);
    if (rc) return rc;
  }
  return FBMU_OK;
}

/* wait_idle, arguments, CMD, then the wait for !BUSY (or XFER with stop_on_xfer). */
static int run(fbmu_t *dev, const struct fbmu_cmd *cmd, int stop_on_xfer, int *xfer) {
  uint32_t status;
  uint32_t attempt;
  int rc;

  *xfer = 0;
  for (attempt = 1;; attempt++) {
    /* A unit still busy (reset scrub, platform request) rejects argument writes with SLVERR. */
    rc = wait_idle(dev, &status);
    if (rc) return rc;
    rc = write_args(dev, cmd);
    if (!rc) rc = bus_write(dev, FBMU_REG_CMD, fbmu_reg_cmd_opcode_set(0u, cmd->opcode));
    /* The unit answers a write of CMD, an ARG register or STAGING with an error only while busy,
     * and the write has no effect (spec 12). A platform request may have come in after the idle
     * check (it waits for a running command, not for one being set up): start again. */
    if (rc != FBMU_E_BUS_ERROR || attempt == FBMU_RETRY_ATTEMPTS) break;
  }
  if (rc) return rc;
  rc = wait_status(dev, &status, stop_on_xfer);
  if (rc) return rc;
  if (fbmu_reg_status_busy_get(status)) {
    *xfer = 1;
    return FBMU_OK;
  }
  return status_result(status);
}

int fbmu_cmd_run_xfer(fbmu_t *dev, const struct fbmu_cmd *cmd, int *xfer) {
  return run(dev, cmd, 1, xfer);
}

int fbmu_cmd_run(fbmu_t *dev, const struct fbmu_cmd *cmd) {
  int xfer;

  return run(dev, cmd, 0, &xfer);
}

int fbmu_cmd_finish(fbmu_t *dev) {
  uint32_t status;
  int rc = wait_idle(dev, &status);

  if (rc) return rc;
  return status_result(status);
}

int fbmu_cmd_run_stream(fbmu_t *dev, const struct fbmu_cmd *cmd, const uint8_t *data,
                        uint32_t *landed) {
  uint32_t res_len;
  int xfer;
  int rc, frc;

  *landed = 0;
  rc = run(dev, cmd, 1, &xfer);
  if (rc || !xfer) return rc; /* a failed check wrote nothing; length 0 ends at once */
  /* XFER: the checks passed and the unit takes the bytes while it copies them. */
  rc = staging_write(dev, data, cmd->len);
  frc = fbmu_cmd_finish(dev);
  if (frc == FBMU_OK) *landed = cmd->len;
  /* A stream the bus abandoned ends after STREAM_TIMEOUT cycles with the prefix that landed. */
  if (frc == FBMU_E_TIMEOUT && !fbmu_bus_read(dev, FBMU_REG_RES_LEN, &res_len))
    *landed = res_len < cmd->len ? res_len : cmd->len;
  return rc ? rc : frc;
}

int fbmu_res_read64(fbmu_t *dev, uint32_t lo_reg, uint32_t hi_reg, uint64_t *val) {
  uint32_t lo, hi;
  int rc;

  rc = fbmu_bus_read(dev, lo_reg, &lo);
  if (rc) return rc;
  rc = fbmu_bus_read(dev, hi_reg, &hi);
  if (rc) return rc;
  *val = (uint64_t)hi << 32 | lo;
  return FBMU_OK;
}

int fbmu_res_read_id(fbmu_t *dev, fbmu_lease_id_t *id) {
  uint64_t lo, hi;
  int rc;

  rc = fbmu_res_read64(dev, FBMU_REG_RES_ID_0, FBMU_REG_RES_ID_1, &lo);
  if (rc) return rc;
  rc = fbmu_res_read64(dev, FBMU_REG_RES_ID_2, FBMU_REG_RES_ID_3, &hi);
  if (rc) return rc;
  id->lo = lo;
  id->hi = hi;
  return FBMU_OK;
}
