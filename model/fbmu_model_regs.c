/* FBMU golden model, layer (b): the register map of docs/registers.md on a fbmu_bus_t, and the
 * unit built from both layers (create, destroy, reset, IRQ level).
 *
 * Every offset, field (through its generated get/set helpers), access kind and code comes from the
 * generated fbmu_regs.h. A CMD write runs the command
 * on layer (a) at once, so STATUS.BUSY always reads 0 and the BUSY-time SLVERR never happens.
 * Result registers are written only by a command that returns FBMU_OK; a failing command changes
 * STATUS.RESULT alone. Low two address bits ignored. Writes honour byte strobes as the spec's
 * "Byte strobes" says (fbmu_model_write32_strb; the bus's write32 strobes all four bytes).
 * The one command that outlasts its CMD write is a streamed write (spec section 7): BUSY and XFER
 * read 1 while it takes STAGING writes, and each write lands the bytes it completes at once.
 */
#include <stdlib.h>
#include <string.h>

#include "fbmu_model_internal.h"

static uint32_t lo32(uint64_t v) { return (uint32_t)(v & 0xFFFFFFFFu); }
static uint32_t hi32(uint64_t v) { return (uint32_t)(v >> 32); }
static uint64_t set_lo32(uint64_t v, uint32_t w) { return (v & ~(uint64_t)0xFFFFFFFFu) | w; }
static uint64_t set_hi32(uint64_t v, uint32_t w) { return (v & 0xFFFFFFFFu) | ((uint64_t)w << 32); }

static int in_staging(uint32_t a) {
  return a >= FBMU_WIN_STAGING && a - FBMU_WIN_STAGING < FBMU_WIN_STAGING_SIZE;
}

/* ---- commands -------------------------------------------------------------------------------- */

static fbmu_lease_id_t arg_id(const fbmu_model_regs_t *g) {
  fbmu_lease_id_t id;
  id.hi = ((uint64_t)g->arg_id[3] << 32) | g->arg_id[2];
  id.lo = ((uint64_t)g->arg_id[1] << 32) | g->arg_id[0];
  return id;
}

static void set_res_id(fbmu_model_regs_t *g, fbmu_lease_id_t id) {
  g->res_id[0] = lo32(id.lo);
  g->res_id[1] = hi32(id.lo);
  g->res_id[2] = lo32(id.hi);
  g->res_id[3] = hi32(id.hi);
}

static void set_res_info(fbmu_model_regs_t *g, const fbmu_lease_info_t *info) {
  set_res_id(g, info->lease_id);
  g->res_size = info->arena_size;
  g->res_time = info->expires_at_unix_secs;
  g->res_status = info->status;
}

/* ---- streamed write (spec section 7) ------------------------------------------------------- */

/* Transfer bytes landed once the mark reaches `mark`: all of them at the length; else the RTL's
 * copy has written each arena word whose STAGING words are complete, 8r - offset mod 8 bytes for r
 * complete 64-bit words (none for r = 0). */
static uint32_t stream_landed(const fbmu_model_regs_t *g, uint32_t mark) {
  uint32_t r = mark / 8u;
  if (mark >= g->stream_len) return g->stream_len;
  return r ? 8u * r - (uint32_t)(g->stream_addr % 8u) : 0u;
}

/* The checks of section 7 at once; on success the stream opens (nothing lands before its data). */
static int stream_start(fbmu_model_t *m, const fbmu_lease_id_t *id) {
  fbmu_model_regs_t *g = &m->regs;
  uint64_t addr = 0;
  int rc = fbmu_model_write_check(m, id, g->arg_a, g->arg_len, &addr);
  if (rc != FBMU_OK) return rc;
  if (g->arg_len == 0) {
    g->res_len = 0;
    return FBMU_OK;
  }
  g->stream = 1;
  g->stream_addr = addr;
  g->stream_len = g->arg_len;
  g->stream_mark = 0;
  g->stream_done = 0;
  return FBMU_OK;
}

/* A STAGING write a stream takes: the mark moves to the end of its 32-bit word, the bytes that
 * completes land, and the last byte ends the command OK. */
static void stream_advance(fbmu_model_t *m, uint32_t ofs) {
  fbmu_model_regs_t *g = &m->regs;
  uint32_t end = (ofs & ~3u) + 4u;
  uint32_t landed;
  if (end > g->stream_mark) g->stream_mark = end;
  landed = stream_landed(g, g->stream_mark);
  if (landed > g->stream_done) {
    fbmu_model_land(m, g->stream_addr + g->stream_done, g->staging + g->stream_done,
                    landed - g->stream_done);
    g->stream_done = landed;
  }
  if (g->stream_mark >= g->stream_len) {
    g->stream = 0;
    g->res_len = g->stream_len;
    g->result = (int8_t)FBMU_OK;
    memset(g->staging, 0, sizeof g->staging);
  }
}

int fbmu_model_stream_open(const fbmu_model_t *m) { return m ? m->regs.stream : 0; }

int fbmu_model_stream_timeout(fbmu_model_t *m) {
  fbmu_model_regs_t *g;
  if (!m || !m->regs.stream) return FBMU_E_INVALID_ARGUMENT;
  g = &m->regs;
  g->stream = 0;
  g->res_len = g->stream_done;
  g->result = (int8_t)FBMU_E_TIMEOUT;
  memset(g->staging, 0, sizeof g->staging);
  return FBMU_OK;
}

/* Run one opcode on layer (a) and latch its results (spec section 6). */
static void execute(fbmu_model_t *m, uint32_t op) {
  fbmu_model_regs_t *g = &m->regs;
  fbmu_lease_id_t id = arg_id(g);
  fbmu_lease_info_t info;
  fbmu_event_t ev;
  uint64_t v64 = 0;
  uint32_t n = 0;
  int rc;
  /* STAGING (spec section 7): a WRITE takes it as input and clears it when done; every other
   * command clears it when it starts, so a READ leaves its bytes followed by zeros. */
  const int is_write = op == FBMU_OP_WRITE || op == FBMU_OP_WRITE_LEASE;

  if (!is_write) memset(g->staging, 0, sizeof g->staging);
  switch (op) {
    case FBMU_OP_HELLO:
      rc = fbmu_model_hello(m);
      break;
    case FBMU_OP_GET_ARENA_SIZE:
      rc = fbmu_model_get_arena_size(m, &v64);
      if (rc == FBMU_OK) g->res_size = v64;
      break;
    case FBMU_OP_ALLOC:
      rc = fbmu_model_alloc(m, g->arg_a, g->arg_b, &info);
      if (rc == FBMU_OK) set_res_info(g, &info);
      break;
    case FBMU_OP_QUERY:
      rc = fbmu_model_query(m, id, &info);
      if (rc == FBMU_OK) set_res_info(g, &info);
      break;
    case FBMU_OP_RENEW:
      rc = fbmu_model_renew(m, id, g->arg_b, &v64);
      if (rc == FBMU_OK) g->res_time = v64;
      break;
    case FBMU_OP_FREE:
      rc = fbmu_model_free(m, id, NULL);
      break;
    case FBMU_OP_READ:
      rc = fbmu_model_read(m, g->arg_a, g->staging, g->arg_len, &n);
      if (rc == FBMU_OK) g->res_len = n;
      break;
    case FBMU_OP_WRITE:
      rc = fbmu_model_write(m, g->arg_a, g->staging, g->arg_len);
      if (rc == FBMU_OK) g->res_len = g->arg_len;
      break;
    case FBMU_OP_READ_LEASE:
      rc = fbmu_model_read_lease(m, id, g->arg_a, g->staging, g->arg_len, &n);
      if (rc == FBMU_OK) g->res_len = n;
      break;
    case FBMU_OP_WRITE_LEASE:
      rc = fbmu_model_write_lease(m, id, g->arg_a, g->staging, g->arg_len);
      if (rc == FBMU_OK) g->res_len = g->arg_len;
      break;
    case FBMU_OP_WRITE_STREAM:
      rc = stream_start(m, NULL);
      break;
    case FBMU_OP_WRITE_LEASE_STREAM:
      rc = stream_start(m, &id);
      break;
    case FBMU_OP_EVENT_POP:
      rc = fbmu_model_event_pop(m, &ev, &n);
      if (rc == FBMU_OK) {
        set_res_id(g, ev.lease_id);
        g->res_status = ev.kind;
        g->res_time = ev.time_unix_secs;
        g->res_len = n;
      }
      break;
    default:
      /* Common checks: offline first (closes the session), then unknown opcode. */
      if (!m->online) {
        m->session = 0;
        rc = FBMU_E_DISCONNECTED;
      } else {
        rc = FBMU_E_UNSUPPORTED;
      }
      break;
  }
  if (is_write) memset(g->staging, 0, sizeof g->staging);
  if (!g->stream) g->result = (int8_t)rc; /* an open stream sets it when it ends */
}

/* ---- bus ------------------------------------------------------------------------------------- */

static uint32_t status_value(const fbmu_model_t *m) {
  uint32_t v = 0;
  v = fbmu_reg_status_busy_set(v, (uint32_t)m->regs.stream);
  v = fbmu_reg_status_xfer_set(v, (uint32_t)m->regs.stream);
  v = fbmu_reg_status_online_set(v, m->online != 0);
  v = fbmu_reg_status_session_set(v, m->session != 0);
  v = fbmu_reg_status_evt_pending_set(v, m->evt_count > 0);
  v = fbmu_reg_status_irq_set(v, (uint32_t)fbmu_model_irq(m));
  return fbmu_reg_status_result_set(v, (uint8_t)m->regs.result);
}

/* A lease id is four consecutive word registers (ARG_ID_0..3, RES_ID_0..3; word 0 = id bits
 * 31:0). The word of the id at id0_reg that register a is, or -1. */
_Static_assert(FBMU_REG_ARG_ID_3 == FBMU_REG_ARG_ID_0 + 12u, "ARG_ID words are consecutive");
_Static_assert(FBMU_REG_RES_ID_3 == FBMU_REG_RES_ID_0 + 12u, "RES_ID words are consecutive");
static int id_word(uint32_t a, uint32_t id0_reg) {
  return (a >= id0_reg && a <= id0_reg + 12u) ? (int)((a - id0_reg) / 4u) : -1;
}

static int bus_read32(void *ctx, uint32_t addr, uint32_t *val) {
  fbmu_model_t *m = ctx;
  const fbmu_model_regs_t *g;
  uint32_t a = addr & ~3u;
  uint32_t v;
  int k;
  if (!m || !val) return FBMU_E_INVALID_ARGUMENT;
  g = &m->regs;
  *val = 0;
  if (in_staging(a)) {
    const uint8_t *p = g->staging + (a - FBMU_WIN_STAGING);
    *val = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return FBMU_OK;
  }
  if ((k = id_word(a, FBMU_REG_ARG_ID_0)) >= 0) {
    *val = g->arg_id[k];
    return FBMU_OK;
  }
  if ((k = id_word(a, FBMU_REG_RES_ID_0)) >= 0) {
    *val = g->res_id[k];
    return FBMU_OK;
  }
  switch (a) {
    case FBMU_REG_ID:
      v = FBMU_ID_VALUE;
      break;
    case FBMU_REG_VERSION:
      v = fbmu_reg_version_major_set(0u, FBMU_VERSION_MAJOR_VALUE);
      v = fbmu_reg_version_minor_set(v, FBMU_VERSION_MINOR_VALUE);
      break;
    case FBMU_REG_CAP_MEM_BYTES:
      v = m->cfg.mem_bytes;
      break;
    case FBMU_REG_CAP_SLOTS:
      v = fbmu_reg_cap_slots_lease_slots_set(0u, m->cfg.lease_slots);
      v = fbmu_reg_cap_slots_event_depth_set(v, m->cfg.event_depth);
      break;
    case FBMU_REG_CAP_MAX_IO:
      v = m->cfg.max_io;
      break;
    case FBMU_REG_ARENA_SIZE:
      v = lo32(m->arena_size);
      break;
    case FBMU_REG_RTC_LO:
      v = lo32(m->now);
      break;
    case FBMU_REG_RTC_HI:
      v = hi32(m->now);
      break;
    case FBMU_REG_CMD:
      v = fbmu_reg_cmd_opcode_set(0u, g->cmd);
      break;
    case FBMU_REG_STATUS:
      v = status_value(m);
      break;
    case FBMU_REG_ARG_A_LO:
      v = lo32(g->arg_a);
      break;
    case FBMU_REG_ARG_A_HI:
      v = hi32(g->arg_a);
      break;
    case FBMU_REG_ARG_B_LO:
      v = lo32(g->arg_b);
      break;
    case FBMU_REG_ARG_B_HI:
      v = hi32(g->arg_b);
      break;
    case FBMU_REG_ARG_LEN:
      v = g->arg_len;
      break;
    case FBMU_REG_RES_SIZE_LO:
      v = lo32(g->res_size);
      break;
    case FBMU_REG_RES_SIZE_HI:
      v = hi32(g->res_size);
      break;
    case FBMU_REG_RES_TIME_LO:
      v = lo32(g->res_time);
      break;
    case FBMU_REG_RES_TIME_HI:
      v = hi32(g->res_time);
      break;
    case FBMU_REG_RES_STATUS:
      v = g->res_status;
      break;
    case FBMU_REG_RES_LEN:
      v = g->res_len;
      break;
    case FBMU_REG_EVT_COUNT:
      v = fbmu_reg_evt_count_pending_set(0u, m->evt_count);
      v = fbmu_reg_evt_count_dropped_set(v, m->evt_dropped);
      break;
    case FBMU_REG_IRQ_ENABLE:
      v = g->irq_enable;
      break;
    case FBMU_REG_RESET_EPOCH_LO:
      v = lo32(m->epoch);
      break;
    case FBMU_REG_RESET_EPOCH_HI:
      v = hi32(m->epoch);
      break;
    default:
      return FBMU_E_BUS_ERROR; /* DECERR: reads return 0 */
  }
  *val = v;
  return FBMU_OK;
}

/* The strobed bytes of val over old (bit i of strb: byte i). */
static uint32_t merge(uint32_t old, uint32_t val, uint8_t strb) {
  uint32_t mask = 0;
  for (unsigned i = 0; i < 4; i++)
    if (strb & (1u << i)) mask |= 0xFFu << (8u * i);
  return (old & ~mask) | (val & mask);
}

/* The byte of a field that starts at bit lsb is strobed. */
static int strobed(uint8_t strb, unsigned lsb) { return (strb >> (lsb / 8u)) & 1u; }

int fbmu_model_write32_strb(fbmu_model_t *m, uint32_t addr, uint32_t val, uint8_t strb) {
  fbmu_model_regs_t *g;
  uint32_t a = addr & ~3u;
  int k;
  strb &= 0xFu;
  if (!m || !strb) return FBMU_E_INVALID_ARGUMENT;
  g = &m->regs;
  if (in_staging(a)) {
    uint32_t ofs = a - FBMU_WIN_STAGING;
    uint8_t *p = g->staging + ofs;
    /* While a stream runs only its words at or above the mark's 64-bit word take writes. */
    if (g->stream && ofs / 8u < g->stream_mark / 8u) return FBMU_E_BUS_ERROR;
    for (unsigned i = 0; i < 4; i++)
      if (strb & (1u << i)) p[i] = (uint8_t)(val >> (8u * i));
    if (g->stream) stream_advance(m, ofs);
    return FBMU_OK;
  }
  if (FBMU_REG_IS_RO(a)) return FBMU_E_BUS_ERROR; /* SLVERR: a read-only register, no effect */
  /* SLVERR while busy: the unit is busy only while a stream runs. */
  if (g->stream && (a == FBMU_REG_CMD || id_word(a, FBMU_REG_ARG_ID_0) >= 0 ||
                    a == FBMU_REG_ARG_A_LO || a == FBMU_REG_ARG_A_HI || a == FBMU_REG_ARG_B_LO ||
                    a == FBMU_REG_ARG_B_HI || a == FBMU_REG_ARG_LEN))
    return FBMU_E_BUS_ERROR;
  if ((k = id_word(a, FBMU_REG_ARG_ID_0)) >= 0) {
    g->arg_id[k] = merge(g->arg_id[k], val, strb);
    return FBMU_OK;
  }
  switch (a) {
    case FBMU_REG_ARG_A_LO:
      g->arg_a = set_lo32(g->arg_a, merge(lo32(g->arg_a), val, strb));
      break;
    case FBMU_REG_ARG_A_HI:
      g->arg_a = set_hi32(g->arg_a, merge(hi32(g->arg_a), val, strb));
      break;
    case FBMU_REG_ARG_B_LO:
      g->arg_b = set_lo32(g->arg_b, merge(lo32(g->arg_b), val, strb));
      break;
    case FBMU_REG_ARG_B_HI:
      g->arg_b = set_hi32(g->arg_b, merge(hi32(g->arg_b), val, strb));
      break;
    case FBMU_REG_ARG_LEN:
      g->arg_len = merge(g->arg_len, val, strb);
      break;
    case FBMU_REG_IRQ_ENABLE:
      if (strobed(strb, FBMU_IRQ_ENABLE_EVT_SHIFT))
        g->irq_enable = fbmu_reg_irq_enable_evt_set(0u, fbmu_reg_irq_enable_evt_get(val));
      break;
    case FBMU_REG_CMD:
      /* A command starts only when its opcode byte is written; otherwise nothing happens. */
      if (strobed(strb, FBMU_CMD_OPCODE_SHIFT)) {
        g->cmd = fbmu_reg_cmd_opcode_get(val);
        execute(m, g->cmd);
      }
      break;
    default:
      return FBMU_E_BUS_ERROR; /* DECERR: unmapped, nothing changes */
  }
  return FBMU_OK;
}

static int bus_write32(void *ctx, uint32_t addr, uint32_t val) {
  return fbmu_model_write32_strb(ctx, addr, val, 0xFu);
}

/* ---- the unit: both layers ------------------------------------------------------------------ */

/* Register state back to reset values; the bus table points at this model. */
static void regs_reset(fbmu_model_t *m) {
  memset(&m->regs, 0, sizeof m->regs);
  m->regs.irq_enable = FBMU_REG_IRQ_ENABLE_RESET;
  memset(&m->bus, 0, sizeof m->bus);
  m->bus.read32 = bus_read32;
  m->bus.write32 = bus_write32;
  m->bus.ctx = m;
}

fbmu_model_t *fbmu_model_create(const fbmu_model_config_t *cfg) {
  fbmu_model_t *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  if (fbmu_model_core_init(m, cfg) != FBMU_OK) {
    free(m);
    return NULL;
  }
  regs_reset(m);
  return m;
}

void fbmu_model_destroy(fbmu_model_t *m) {
  if (!m) return;
  fbmu_model_core_release(m);
  free(m);
}

void fbmu_model_reset(fbmu_model_t *m) {
  if (!m) return;
  m->epoch++; /* a warm reset: the epoch lives in the power-on domain */
  fbmu_model_core_reset(m);
  regs_reset(m);
}

int fbmu_model_irq(const fbmu_model_t *m) {
  if (!m) return 0;
  return fbmu_reg_irq_enable_evt_get(m->regs.irq_enable) != 0 && m->evt_count > 0;
}

const fbmu_bus_t *fbmu_model_bus(fbmu_model_t *m) { return m ? &m->bus : NULL; }
