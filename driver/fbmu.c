/* FBMU driver: handle, control commands (HELLO, arena size, leases, events) and error strings.
 * The data path is in fbmu_io.c, the command engine in fbmu_cmd.c. Behaviour: docs/spec.md 13.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fbmu_priv.h"

int fbmu_open(const fbmu_bus_t *bus, fbmu_t **out) {
  fbmu_t *dev;

  if (!out) return FBMU_E_INVALID_ARGUMENT;
  *out = NULL;
  if (!bus || !bus->read32 || !bus->write32) return FBMU_E_INVALID_ARGUMENT;

  /* The only allocation the driver makes. Out of host memory has no code of its own; the
   * closest is "capacity exceeded". */
  dev = calloc(1, sizeof(*dev));
  if (!dev) return FBMU_E_CAPACITY_EXCEEDED;
  dev->bus = *bus;
  dev->poll_limit = FBMU_DEFAULT_POLL_LIMIT;
  dev->max_io = 0; /* learned on the first data transfer: open never touches the bus */
  *out = dev;
  return FBMU_OK;
}

void fbmu_close(fbmu_t *dev) { free(dev); }

int fbmu_set_poll_limit(fbmu_t *dev, uint32_t max_polls) {
  if (!dev || max_polls == 0) return FBMU_E_INVALID_ARGUMENT;
  dev->poll_limit = max_polls;
  return FBMU_OK;
}

int fbmu_hello(fbmu_t *dev) {
  struct fbmu_cmd cmd = {.opcode = FBMU_OP_HELLO};

  if (!dev) return FBMU_E_INVALID_ARGUMENT;
  return fbmu_cmd_run(dev, &cmd);
}

/* GET_ARENA_SIZE and RENEW: run the command, then read its one 64-bit result (LO, HI). */
static int cmd_res64(fbmu_t *dev, const struct fbmu_cmd *cmd, uint32_t lo_reg, uint32_t hi_reg,
                     uint64_t *val) {
  int rc = fbmu_cmd_run(dev, cmd);

  if (rc) return rc;
  return fbmu_res_read64(dev, lo_reg, hi_reg, val);
}

int fbmu_get_arena_size(fbmu_t *dev, uint64_t *size) {
  const struct fbmu_cmd cmd = {.opcode = FBMU_OP_GET_ARENA_SIZE};

  if (!dev || !size) return FBMU_E_INVALID_ARGUMENT;
  return cmd_res64(dev, &cmd, FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI, size);
}

/* A status value the driver does not know is reported as REVOKED: software fails closed. */
static uint8_t lease_status(uint32_t raw) {
  switch (raw) {
    case FBMU_LEASE_ACTIVE:
    case FBMU_LEASE_EXPIRED:
    case FBMU_LEASE_REVOKED:
    case FBMU_LEASE_FENCED:
      return (uint8_t)raw;
    default:
      return FBMU_LEASE_REVOKED;
  }
}

/* The result registers of a lease answer, in this order: RES_ID (skipped when id is NULL),
 * RES_SIZE (skipped when size is NULL), RES_TIME, RES_STATUS. Stops at the first bus error. */
static int read_res_lease(fbmu_t *dev, fbmu_lease_id_t *id, uint64_t *size, uint64_t *time,
                          uint32_t *status) {
  int rc = id ? fbmu_res_read_id(dev, id) : FBMU_OK;

  if (!rc && size) rc = fbmu_res_read64(dev, FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI, size);
  if (!rc) rc = fbmu_res_read64(dev, FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI, time);
  if (!rc) rc = fbmu_bus_read(dev, FBMU_REG_RES_STATUS, status);
  return rc;
}

/* RES_ID, RES_SIZE, RES_TIME, RES_STATUS after ALLOC or QUERY. *info changes only when every
 * register was read; *id_read is set to 1 (and *id to the id) once RES_ID was (id_read may be
 * NULL). */
static int read_lease_info(fbmu_t *dev, fbmu_lease_info_t *info, fbmu_lease_id_t *id,
                           int *id_read) {
  fbmu_lease_info_t tmp;
  uint32_t status;
  int rc;

  rc = fbmu_res_read_id(dev, &tmp.lease_id);
  if (rc) return rc;
  if (id_read) {
    *id = tmp.lease_id;
    *id_read = 1;
  }
  rc = read_res_lease(dev, NULL, &tmp.arena_size, &tmp.expires_at_unix_secs, &status);
  if (rc) return rc;
  tmp.status = lease_status(status);
  *info = tmp;
  return FBMU_OK;
}

/* A lease granted by ALLOC whose info the driver cannot read would hold its record and frame with
 * nobody able to name it. RES_* hold their values until the next command, so the result is read
 * again, FBMU_RETRY_ATTEMPTS times in all; if it stays unreadable but the id was read, the lease is
 * freed and the read's error returned. Without the id the lease ends at its expiry (spec 13). */
int fbmu_alloc(fbmu_t *dev, uint64_t min_bytes, uint64_t lease_secs, fbmu_lease_info_t *info) {
  const struct fbmu_cmd cmd = {
      .opcode = FBMU_OP_ALLOC, .args = FBMU_ARGS_A | FBMU_ARGS_B, .a = min_bytes, .b = lease_secs};
  fbmu_lease_id_t id = {0, 0};
  fbmu_lease_info_t tmp;
  int id_read = 0;
  int first_rc = FBMU_OK;
  uint32_t attempt;
  int rc;

  if (!dev || !info) return FBMU_E_INVALID_ARGUMENT;
  rc = fbmu_cmd_run(dev, &cmd);
  if (rc) return rc;
  for (attempt = 0; attempt < FBMU_RETRY_ATTEMPTS; attempt++) {
    rc = read_lease_info(dev, &tmp, &id, &id_read);
    /* No lease has id 0: RES_ID reads 0 again only after a warm reset cleared the result
     * registers, and the lease went with the reset; the first failure is the answer. */
    if (!rc && attempt > 0 && tmp.lease_id.lo == 0 && tmp.lease_id.hi == 0) return first_rc;
    if (!rc) {
      *info = tmp;
      return FBMU_OK;
    }
    if (first_rc == FBMU_OK) first_rc = rc;
  }
  if (id_read && (id.lo != 0 || id.hi != 0)) (void)fbmu_free(dev, id);
  return rc;
}

int fbmu_query(fbmu_t *dev, fbmu_lease_id_t id, fbmu_lease_info_t *info) {
  const struct fbmu_cmd cmd = {.opcode = FBMU_OP_QUERY, .args = FBMU_ARGS_ID, .id = id};
  int rc;

  if (!dev || !info) return FBMU_E_INVALID_ARGUMENT;
  rc = fbmu_cmd_run(dev, &cmd);
  if (rc) return rc;
  return read_lease_info(dev, info, NULL, NULL);
}

int fbmu_renew(fbmu_t *dev, fbmu_lease_id_t id, uint64_t secs, uint64_t *expires_at) {
  const struct fbmu_cmd cmd = {
      .opcode = FBMU_OP_RENEW, .args = FBMU_ARGS_ID | FBMU_ARGS_B, .id = id, .b = secs};

  if (!dev || !expires_at) return FBMU_E_INVALID_ARGUMENT;
  return cmd_res64(dev, &cmd, FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI, expires_at);
}

int fbmu_free(fbmu_t *dev, fbmu_lease_id_t id) {
  const struct fbmu_cmd cmd = {.opcode = FBMU_OP_FREE, .args = FBMU_ARGS_ID, .id = id};

  if (!dev) return FBMU_E_INVALID_ARGUMENT;
  return fbmu_cmd_run(dev, &cmd);
}

/* An event kind the driver does not know is reported as 0, which is no valid kind. */
static uint8_t event_kind(uint32_t raw) {
  switch (raw) {
    case FBMU_EVENT_EXPIRED:
    case FBMU_EVENT_REVOKED:
    case FBMU_EVENT_FENCED:
      return (uint8_t)raw;
    default:
      return 0;
  }
}

int fbmu_read_event(fbmu_t *dev, fbmu_event_t *ev) {
  struct fbmu_cmd cmd = {.opcode = FBMU_OP_EVENT_POP};
  fbmu_event_t tmp;
  uint32_t kind;
  int rc;

  if (!dev || !ev) return FBMU_E_INVALID_ARGUMENT;
  rc = fbmu_cmd_run(dev, &cmd);
  if (rc) return rc;
  rc = read_res_lease(dev, &tmp.lease_id, NULL, &tmp.time_unix_secs, &kind);
  if (rc) return rc;
  tmp.kind = event_kind(kind);
  *ev = tmp;
  return FBMU_OK;
}

int fbmu_event_count(fbmu_t *dev, uint32_t *pending, uint32_t *dropped) {
  uint32_t val;
  int rc;

  if (!dev || (!pending && !dropped)) return FBMU_E_INVALID_ARGUMENT;
  /* A plain register read, not a command: allowed while the unit is busy. */
  rc = fbmu_bus_read(dev, FBMU_REG_EVT_COUNT, &val);
  if (rc) return rc;
  if (pending) *pending = fbmu_reg_evt_count_pending_get(val);
  if (dropped) *dropped = fbmu_reg_evt_count_dropped_get(val);
  return FBMU_OK;
}

const char *fbmu_strerror(int code) {
  switch (code) {
    case FBMU_OK:
      return "ok";
    case FBMU_E_DISCONNECTED:
      return "disconnected: unit offline, no HELLO session, or no answer in time";
    case FBMU_E_LEASE_EXPIRED:
      return "lease expired";
    case FBMU_E_FENCED:
      return "lease fenced: arena teardown failed";
    case FBMU_E_CAPACITY_EXCEEDED:
      return "capacity exceeded: no arena of that size can be granted";
    case FBMU_E_UNSUPPORTED:
      return "unsupported command or request";
    case FBMU_E_REVOKED:
      return "lease revoked";
    case FBMU_E_NOT_FOUND:
      return "not found: no such lease, or no event pending";
    case FBMU_E_OUT_OF_RANGE:
      return "offset or length outside the arena";
    case FBMU_E_INVALID_ARGUMENT:
      return "invalid argument";
    case FBMU_E_BUS_ERROR:
      return "bus error response";
    case FBMU_E_TIMEOUT:
      return "streamed write timed out";
    default:
      return "unknown error";
  }
}
