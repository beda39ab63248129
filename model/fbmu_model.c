/* FBMU golden model, layer (a): lease and arena semantics of docs/spec.md.
 *
 * One state struct, time passed in by fbmu_model_set_time(), no globals, no I/O; memory and the
 * frame table are allocated once in create. Teardown is instantaneous: the call that ends a lease
 * zeroes (or fences) its frame and queues its event before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "fbmu_model_internal.h"

#define DEFAULT_MEM_BYTES 131072u
#define DEFAULT_SLOTS 16u
#define DEFAULT_EVENT_DEPTH 16u
#define DEFAULT_MAX_IO 4096u
#define DEFAULT_ARENA 4096u
#define DROPPED_MAX 0xFFFFu /* EVT_COUNT.DROPPED is 16 bits and saturates */

/* ---- small helpers --------------------------------------------------------------------------- */

static int is_pow2(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

static uint64_t sat_add(uint64_t a, uint64_t b) {
  uint64_t r = a + b;
  return r < a ? UINT64_MAX : r;
}

static unsigned ctz64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned n = 0;
  while (!(x & 1u)) {
    x >>= 1;
    n++;
  }
  return n;
#endif
}

static int id_is_zero(fbmu_lease_id_t id) { return id.hi == 0 && id.lo == 0; }

static int id_eq(fbmu_lease_id_t a, fbmu_lease_id_t b) { return a.hi == b.hi && a.lo == b.lo; }

/* ---- lease ids (spec section 5) -------------------------------------------------------------- */

#define SPLITMIX_GAMMA 0x9E3779B97F4A7C15ull

/* The three lines of a splitmix64 step after "z = s". */
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void derive_keys(uint64_t seed, uint64_t key[4]) {
  uint64_t s = seed;
  for (int i = 0; i < 4; i++) {
    s += SPLITMIX_GAMMA;
    key[i] = mix64(s);
  }
}

static fbmu_lease_id_t feistel(const uint64_t key[4], uint64_t epoch, uint64_t counter) {
  uint64_t l = epoch, r = counter;
  for (int i = 0; i < 4; i++) {
    uint64_t t = l ^ mix64(r ^ key[i]);
    l = r;
    r = t;
  }
  fbmu_lease_id_t id = {l, r};
  return id;
}

fbmu_lease_id_t fbmu_model_id_for(uint64_t id_seed, uint64_t counter) {
  return fbmu_model_id_for_epoch(id_seed, 0, counter);
}

fbmu_lease_id_t fbmu_model_id_for_epoch(uint64_t id_seed, uint64_t epoch, uint64_t counter) {
  uint64_t key[4];
  derive_keys(id_seed, key);
  return feistel(key, epoch, counter);
}

/* Move m->counter to the first value >= it whose id is not 0 and cache that id. */
static void settle_counter(fbmu_model_t *m) {
  for (;;) {
    m->next_id = feistel(m->key, m->epoch, m->counter);
    if (!id_is_zero(m->next_id)) return;
    m->counter++;
  }
}

static fbmu_lease_id_t issue_id(fbmu_model_t *m) {
  fbmu_lease_id_t id = m->next_id;
  m->counter++;
  settle_counter(m);
  return id;
}

/* ---- id -> record table ---------------------------------------------------------------------- */

#define TAB_MASK (FBMU_MODEL_ID_TAB - 1u)

static uint32_t tab_home(fbmu_lease_id_t id) { return (uint32_t)(id.lo & TAB_MASK); }

/* Record index of id, or -1. Ids are a keyed permutation, so their low bits spread well; a
 * tenant's chosen ids can at worst walk one cluster of at most LEASE_SLOTS entries. */
static int tab_find(const fbmu_model_t *m, fbmu_lease_id_t id) {
  if (id_is_zero(id)) return -1;
  for (uint32_t p = tab_home(id);; p = (p + 1u) & TAB_MASK) {
    uint8_t e = m->id_tab[p];
    if (e == 0) return -1;
    if (id_eq(m->rec[e - 1u].id, id)) return (int)(e - 1u);
  }
}

static void tab_insert(fbmu_model_t *m, uint32_t r) {
  uint32_t p = tab_home(m->rec[r].id);
  while (m->id_tab[p] != 0) p = (p + 1u) & TAB_MASK;
  m->id_tab[p] = (uint8_t)(r + 1u);
}

/* Remove record r; backward-shift deletion keeps every probe chain unbroken without tombstones. */
static void tab_remove(fbmu_model_t *m, uint32_t r) {
  uint32_t i = tab_home(m->rec[r].id);
  while (m->id_tab[i] != r + 1u) i = (i + 1u) & TAB_MASK;
  for (uint32_t j = (i + 1u) & TAB_MASK; m->id_tab[j] != 0; j = (j + 1u) & TAB_MASK) {
    uint32_t k = tab_home(m->rec[m->id_tab[j] - 1u].id);
    /* Entry j may fill hole i unless its home lies cyclically in (i, j]. */
    int stays = (i <= j) ? (i < k && k <= j) : (i < k || k <= j);
    if (!stays) {
      m->id_tab[i] = m->id_tab[j];
      i = j;
    }
  }
  m->id_tab[i] = 0;
}

/* ---- ended-record list (end-sequence order) ---------------------------------------------------
 */

static void ended_append(fbmu_model_t *m, uint32_t r) {
  m->ended_next[r] = FBMU_MODEL_NIL;
  m->ended_prev[r] = m->ended_tail;
  if (m->ended_tail == FBMU_MODEL_NIL)
    m->ended_head = (uint8_t)r;
  else
    m->ended_next[m->ended_tail] = (uint8_t)r;
  m->ended_tail = (uint8_t)r;
}

static void ended_unlink(fbmu_model_t *m, uint32_t r) {
  uint8_t p = m->ended_prev[r], n = m->ended_next[r];
  if (p == FBMU_MODEL_NIL)
    m->ended_head = n;
  else
    m->ended_next[p] = n;
  if (n == FBMU_MODEL_NIL)
    m->ended_tail = p;
  else
    m->ended_prev[n] = p;
}

/* ---- configuration, storage, reset ------------------------------------------------------------
 */

int fbmu_model_config_resolve(const fbmu_model_config_t *cfg, fbmu_model_config_t *out) {
  fbmu_model_config_t c;
  if (!out) return FBMU_E_INVALID_ARGUMENT;
  if (cfg)
    c = *cfg;
  else
    memset(&c, 0, sizeof c);
  if (c.mem_bytes == 0) c.mem_bytes = DEFAULT_MEM_BYTES;
  if (c.lease_slots == 0) c.lease_slots = DEFAULT_SLOTS;
  if (c.event_depth == 0) c.event_depth = DEFAULT_EVENT_DEPTH;
  if (c.max_io == 0) c.max_io = DEFAULT_MAX_IO;
  /* A small memory cannot hold the default arena twice: default to half of it instead. */
  if (c.arena_size == 0)
    c.arena_size = DEFAULT_ARENA <= c.mem_bytes / 2u ? DEFAULT_ARENA : c.mem_bytes / 2u;

  if (!is_pow2(c.mem_bytes) || c.mem_bytes < 2u * FBMU_MODEL_MIN_ARENA)
    return FBMU_E_INVALID_ARGUMENT;
  if (c.lease_slots < 2u || c.lease_slots > FBMU_MODEL_MAX_SLOTS) return FBMU_E_INVALID_ARGUMENT;
  if (c.event_depth > FBMU_MODEL_MAX_EVENTS) return FBMU_E_INVALID_ARGUMENT;
  /* One command moves at most the STAGING window. */
  if (c.max_io % 4u != 0 || c.max_io > FBMU_WIN_STAGING_SIZE) return FBMU_E_INVALID_ARGUMENT;
  if (!is_pow2(c.arena_size) || c.arena_size < FBMU_MODEL_MIN_ARENA ||
      c.arena_size > c.mem_bytes / 2u)
    return FBMU_E_INVALID_ARGUMENT;
  *out = c;
  return FBMU_OK;
}

int fbmu_model_core_init(fbmu_model_t *m, const fbmu_model_config_t *cfg) {
  fbmu_model_config_t c;
  int rc = fbmu_model_config_resolve(cfg, &c);
  if (rc != FBMU_OK) return rc;
  m->mem = calloc(c.mem_bytes, 1);
  m->frame_state = calloc(c.mem_bytes / FBMU_MODEL_MIN_ARENA, 1);
  if (!m->mem || !m->frame_state) {
    fbmu_model_core_release(m);
    return FBMU_E_CAPACITY_EXCEEDED;
  }
  m->cfg = c;
  m->online = 1;
  m->now = 0;
  m->epoch = 0; /* power-on */
  fbmu_model_core_reset(m);
  return FBMU_OK;
}

void fbmu_model_core_release(fbmu_model_t *m) {
  free(m->frame_state);
  free(m->mem);
  m->frame_state = NULL;
  m->mem = NULL;
}

const fbmu_model_config_t *fbmu_model_config(const fbmu_model_t *m) { return m ? &m->cfg : NULL; }

/* ---- stuck cells (spec section 8) ------------------------------------------------------------ */

/* OR the stuck bits of arena bytes [addr, addr + len) into p[0 .. len): what a read of those bytes
 * returns, and what a write of them stores. */
static void stuck_or(const fbmu_model_t *m, uint64_t addr, uint8_t *p, uint64_t len) {
  for (uint32_t f = 0; f < m->n_faults; f++) {
    uint64_t byte = m->fault_bit[f] / 8u;
    if (byte >= addr && byte - addr < len)
      p[byte - addr] |= (uint8_t)(1u << (m->fault_bit[f] % 8u));
  }
}

/* Zero arena bytes [addr, addr + len) and read them back (the RTL's zero engine): 1 when a stuck
 * cell kept a byte non-zero. */
static int zero_verified(fbmu_model_t *m, uint64_t addr, uint64_t len) {
  int faulty = 0;
  memset(m->mem + addr, 0, len);
  stuck_or(m, addr, m->mem + addr, len);
  for (uint32_t f = 0; f < m->n_faults; f++)
    if (m->fault_bit[f] / 8u >= addr && m->fault_bit[f] / 8u - addr < len) faulty = 1;
  return faulty;
}

/* Cut memory into frames of `arena` bytes, all free and zero (stuck cells aside: the zeroing of
 * a re-partition is not checked, no lease owns the memory). */
static void partition(fbmu_model_t *m, uint64_t arena) {
  m->arena_size = arena;
  m->frames = (uint32_t)(m->cfg.mem_bytes / arena);
  (void)zero_verified(m, 0, m->cfg.mem_bytes);
  memset(m->frame_state, FBMU_FRAME_FREE, m->cfg.mem_bytes / FBMU_MODEL_MIN_ARENA);
  m->fenced_frames = 0;
}

void fbmu_model_core_reset(fbmu_model_t *m) {
  memset(m->rec, 0, sizeof m->rec);
  memset(m->id_tab, 0, sizeof m->id_tab);
  m->empty_mask = m->cfg.lease_slots >= 64u ? UINT64_MAX : (UINT64_C(1) << m->cfg.lease_slots) - 1u;
  m->evt_head = m->evt_count = m->evt_dropped = 0;
  m->session = 0;
  m->n_faults = 0; /* the fault table is test logic: reset clears it */
  m->ended_head = m->ended_tail = FBMU_MODEL_NIL;
  m->min_expiry = UINT64_MAX;
  partition(m, m->cfg.arena_size);
  derive_keys(m->cfg.id_seed, m->key);
  m->counter = 1;
  settle_counter(m);
}

/* ---- teardown and events --------------------------------------------------------------------- */

static void push_event(fbmu_model_t *m, const fbmu_event_t *ev) {
  uint32_t depth = m->cfg.event_depth;
  if (m->evt_count < depth) {
    m->evt[(m->evt_head + m->evt_count) % depth] = *ev;
    m->evt_count++;
  } else if (m->evt_dropped < DROPPED_MAX) {
    m->evt_dropped++;
  }
}

/* End ACTIVE record r as `state` (REVOKED or EXPIRED) seen at time t: zero its frame and read it
 * back; a stuck cell in it fences the frame. Queue the event. */
static fbmu_event_t end_lease(fbmu_model_t *m, uint32_t r, uint8_t state, uint64_t t) {
  fbmu_model_rec_t *rec = &m->rec[r];
  fbmu_event_t ev;
  ended_append(m, r);
  ev.lease_id = rec->id;
  ev.time_unix_secs = t;
  if (zero_verified(m, (uint64_t)rec->frame * rec->size, rec->size)) {
    m->frame_state[rec->frame] = FBMU_FRAME_FENCED;
    m->fenced_frames++;
    rec->state = FBMU_LEASE_FENCED;
    rec->holds_fence = 1;
    ev.kind = FBMU_EVENT_FENCED;
  } else {
    m->frame_state[rec->frame] = FBMU_FRAME_FREE;
    rec->state = state;
    ev.kind = (uint8_t)(state == FBMU_LEASE_EXPIRED ? FBMU_EVENT_EXPIRED : FBMU_EVENT_REVOKED);
  }
  push_event(m, &ev);
  return ev;
}

/* Common check 1: offline gives E_DISCONNECTED and closes the session. */
static int disconnected(fbmu_model_t *m) {
  m->session = 0;
  return FBMU_E_DISCONNECTED;
}

/* Lease lookup and state checks of section 4, in the order FENCED, REVOKED, EXPIRED. */
static int lease_check(const fbmu_model_t *m, fbmu_lease_id_t id, int *r_out) {
  int r = tab_find(m, id);
  const fbmu_model_rec_t *rec;
  if (r < 0) return FBMU_E_NOT_FOUND;
  rec = &m->rec[r];
  if (rec->state == FBMU_LEASE_FENCED) return FBMU_E_FENCED;
  if (rec->state == FBMU_LEASE_REVOKED) return FBMU_E_REVOKED;
  if (rec->state == FBMU_LEASE_EXPIRED || m->now >= rec->expires_at) return FBMU_E_LEASE_EXPIRED;
  *r_out = r;
  return FBMU_OK;
}

/* The checks every call on a lease makes: online (else DISCONNECTED, which closes the session),
 * then the lease's state. */
static int live_lease(fbmu_model_t *m, fbmu_lease_id_t id, int *r_out) {
  if (!m->online) return disconnected(m);
  return lease_check(m, id, r_out);
}

/* A lease data access: online, len within max_io, then the lease's state; *rec_out is its record.
 */
static int lease_io(fbmu_model_t *m, fbmu_lease_id_t id, uint32_t len,
                    const fbmu_model_rec_t **rec_out) {
  int r = -1, rc;
  if (!m->online) return disconnected(m);
  if (len > m->cfg.max_io) return FBMU_E_INVALID_ARGUMENT;
  rc = lease_check(m, id, &r);
  if (rc == FBMU_OK) *rec_out = &m->rec[r];
  return rc;
}

/* ---- platform side --------------------------------------------------------------------------- */

int fbmu_model_set_time(fbmu_model_t *m, uint64_t now, fbmu_event_t *ended, uint32_t max,
                        uint32_t *n_ended) {
  uint32_t n = 0;
  if (n_ended) *n_ended = 0;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!ended) max = 0;
  m->now = now;
  /* min_expiry is a lower bound over ACTIVE records: below it nothing can end. */
  if (now >= m->min_expiry) {
    uint64_t lo = UINT64_MAX;
    for (uint32_t r = 0; r < m->cfg.lease_slots; r++) {
      fbmu_model_rec_t *rec = &m->rec[r];
      if (rec->state != FBMU_LEASE_ACTIVE) continue;
      if (rec->expires_at <= now) {
        fbmu_event_t ev = end_lease(m, r, FBMU_LEASE_EXPIRED, now);
        if (n < max) ended[n++] = ev;
      } else if (rec->expires_at < lo) {
        lo = rec->expires_at;
      }
    }
    m->min_expiry = lo;
  }
  if (n_ended) *n_ended = n;
  return FBMU_OK;
}

uint64_t fbmu_model_now(const fbmu_model_t *m) { return m ? m->now : 0; }

void fbmu_model_set_online(fbmu_model_t *m, int online) {
  if (!m) return;
  m->online = online != 0;
  if (!m->online) m->session = 0;
}

int fbmu_model_set_arena_size(fbmu_model_t *m, uint64_t bytes) {
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!is_pow2(bytes) || bytes < FBMU_MODEL_MIN_ARENA || bytes > m->cfg.mem_bytes / 2u)
    return FBMU_E_INVALID_ARGUMENT;
  for (uint32_t r = 0; r < m->cfg.lease_slots; r++)
    if (m->rec[r].state == FBMU_LEASE_ACTIVE && m->now < m->rec[r].expires_at)
      return FBMU_E_UNSUPPORTED;
  if (m->fenced_frames > 0) return FBMU_E_UNSUPPORTED;
  /* Ended records keep their granted size for QUERY; their frame numbers are never used again. */
  partition(m, bytes);
  return FBMU_OK;
}

int fbmu_model_fence_clear(fbmu_model_t *m) {
  int rc = FBMU_OK;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  /* Each fenced frame is zeroed and read back once; one that still holds a stuck cell stays
   * fenced. A FENCED record stays FENCED (terminal); it becomes recyclable once its frame is clear.
   * (The RTL visits the frames in record order; each frame's outcome does not depend on it.) */
  for (uint32_t r = 0; r < m->cfg.lease_slots; r++) {
    fbmu_model_rec_t *rec = &m->rec[r];
    if (!rec->holds_fence) continue;
    if (zero_verified(m, (uint64_t)rec->frame * m->arena_size, m->arena_size)) {
      rc = FBMU_E_FENCED;
      continue;
    }
    m->frame_state[rec->frame] = FBMU_FRAME_FREE;
    m->fenced_frames--;
    rec->holds_fence = 0;
  }
  return rc;
}

int fbmu_model_inject_fault(fbmu_model_t *m, uint32_t bit_addr) {
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (bit_addr == FBMU_FAULT_CLEAR_ALL) {
    m->n_faults = 0; /* the cells work again and keep what they hold */
    return FBMU_OK;
  }
  if ((uint64_t)bit_addr >= (uint64_t)m->cfg.mem_bytes * 8u) return FBMU_E_INVALID_ARGUMENT;
  if (m->n_faults >= FBMU_MODEL_FAULT_SLOTS) return FBMU_E_CAPACITY_EXCEEDED;
  m->fault_bit[m->n_faults++] = bit_addr;
  return FBMU_OK;
}

uint32_t fbmu_model_faults(const fbmu_model_t *m) { return m ? m->n_faults : 0; }

int fbmu_model_lease_frame(const fbmu_model_t *m, fbmu_lease_id_t id, uint32_t *frame) {
  int r;
  if (!m || !frame) return FBMU_E_INVALID_ARGUMENT;
  r = tab_find(m, id);
  if (r < 0) return FBMU_E_NOT_FOUND;
  *frame = m->rec[r].frame;
  return FBMU_OK;
}

uint64_t fbmu_model_reset_epoch(const fbmu_model_t *m) { return m ? m->epoch : 0; }

/* ---- commands -------------------------------------------------------------------------------- */

int fbmu_model_hello(fbmu_model_t *m) {
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online) return disconnected(m);
  m->session = 1;
  return FBMU_OK;
}

int fbmu_model_get_arena_size(fbmu_model_t *m, uint64_t *size) {
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online) return disconnected(m);
  if (size) *size = m->arena_size;
  return FBMU_OK;
}

/* Record for ALLOC without changing anything: lowest empty, else the ended record with the
 * smallest end sequence number that is not still fenced; -1 if none. */
static int pick_record(const fbmu_model_t *m) {
  if (m->empty_mask) return (int)ctz64(m->empty_mask);
  for (uint8_t r = m->ended_head; r != FBMU_MODEL_NIL; r = m->ended_next[r])
    if (!m->rec[r].holds_fence) return r;
  return -1;
}

/* Lowest free lease frame (1 ..), or 0 if none. Non-free frames are at most LEASE_SLOTS, so the
 * search stops early. */
static uint32_t pick_frame(const fbmu_model_t *m) {
  const uint8_t *p = memchr(m->frame_state + 1, FBMU_FRAME_FREE, m->frames - 1u);
  return p ? (uint32_t)(p - m->frame_state) : 0;
}

static void fill_info(const fbmu_model_t *m, const fbmu_model_rec_t *rec, fbmu_lease_info_t *info) {
  info->lease_id = rec->id;
  info->arena_size = rec->size;
  info->expires_at_unix_secs = rec->expires_at;
  info->status = rec->state;
  if (rec->state == FBMU_LEASE_ACTIVE && m->now >= rec->expires_at)
    info->status = FBMU_LEASE_EXPIRED;
}

int fbmu_model_alloc(fbmu_model_t *m, uint64_t min_bytes, uint64_t lease_secs,
                     fbmu_lease_info_t *info) {
  int r;
  uint32_t f;
  fbmu_model_rec_t *rec;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online) return disconnected(m);
  if (lease_secs == 0) return FBMU_E_INVALID_ARGUMENT;
  if (min_bytes > m->arena_size) return FBMU_E_CAPACITY_EXCEEDED;
  r = pick_record(m);
  if (r < 0) return FBMU_E_CAPACITY_EXCEEDED;
  f = pick_frame(m);
  if (f == 0) return FBMU_E_CAPACITY_EXCEEDED;

  rec = &m->rec[r];
  if (rec->state == FBMU_REC_EMPTY) {
    m->empty_mask &= ~(UINT64_C(1) << r);
  } else {
    tab_remove(m, (uint32_t)r); /* the oldest ended lease is forgotten: its id gives E_NOT_FOUND */
    ended_unlink(m, (uint32_t)r);
  }
  rec->id = issue_id(m);
  rec->frame = f;
  rec->size = m->arena_size;
  rec->expires_at = sat_add(m->now, lease_secs);
  rec->state = FBMU_LEASE_ACTIVE;
  rec->holds_fence = 0;
  m->frame_state[f] = FBMU_FRAME_LEASED;
  tab_insert(m, (uint32_t)r);
  if (rec->expires_at < m->min_expiry) m->min_expiry = rec->expires_at;
  if (info) {
    fill_info(m, rec, info);
    info->status = FBMU_LEASE_ACTIVE; /* ALLOC reports ACTIVE (spec section 6) */
  }
  /* Only at now == 2^64-1 does a new lease expire at once (saturated expiry == now): the unit's
   * teardown engine would end it right away, so the model does too. */
  if (rec->expires_at <= m->now) end_lease(m, (uint32_t)r, FBMU_LEASE_EXPIRED, m->now);
  return FBMU_OK;
}

int fbmu_model_query(fbmu_model_t *m, fbmu_lease_id_t id, fbmu_lease_info_t *info) {
  int r;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online) return disconnected(m);
  r = tab_find(m, id);
  if (r < 0) return FBMU_E_NOT_FOUND;
  if (info) fill_info(m, &m->rec[r], info);
  return FBMU_OK;
}

int fbmu_model_renew(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t secs, uint64_t *expires_at) {
  int r = -1, rc;
  uint64_t want;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  rc = live_lease(m, id, &r);
  if (rc != FBMU_OK) return rc;
  want = sat_add(m->now, secs);
  /* Never shortens; min_expiry stays a valid lower bound. */
  if (want > m->rec[r].expires_at) m->rec[r].expires_at = want;
  if (expires_at) *expires_at = m->rec[r].expires_at;
  return FBMU_OK;
}

int fbmu_model_free(fbmu_model_t *m, fbmu_lease_id_t id, fbmu_event_t *ended) {
  int r = -1, rc;
  fbmu_event_t ev;
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  rc = live_lease(m, id, &r);
  if (rc != FBMU_OK) return rc;
  ev = end_lease(m, (uint32_t)r, FBMU_LEASE_REVOKED, m->now);
  if (ended) *ended = ev;
  return FBMU_OK;
}

/* Section 7 on the frame at arena byte `base`. len <= max_io already checked. Stuck cells read 1
 * and store 1. */
static int frame_read(const fbmu_model_t *m, uint64_t base, uint64_t size, uint64_t off, void *buf,
                      uint32_t len, uint32_t *n_read) {
  uint64_t avail;
  uint32_t n;
  if (len == 0) return FBMU_OK;
  if (off >= size) return FBMU_E_OUT_OF_RANGE;
  avail = size - off;
  n = len <= avail ? len : (uint32_t)avail; /* short read at the end of the arena */
  memcpy(buf, m->mem + base + off, n);
  stuck_or(m, base + off, buf, n);
  if (n_read) *n_read = n;
  return FBMU_OK;
}

void fbmu_model_land(fbmu_model_t *m, uint64_t addr, const void *data, uint32_t len) {
  memcpy(m->mem + addr, data, len);
  stuck_or(m, addr, m->mem + addr, len);
}

int fbmu_model_write_check(fbmu_model_t *m, const fbmu_lease_id_t *id, uint64_t offset,
                           uint32_t len, uint64_t *addr) {
  const fbmu_model_rec_t *rec = NULL;
  uint64_t base = 0, size = m->arena_size;
  int rc;
  if (id) {
    rc = lease_io(m, *id, len, &rec);
    if (rc != FBMU_OK) return rc;
    base = (uint64_t)rec->frame * rec->size;
    size = rec->size;
  } else {
    if (!m->online || !m->session) return disconnected(m);
    if (len > m->cfg.max_io) return FBMU_E_INVALID_ARGUMENT;
  }
  if (len == 0) return FBMU_OK;
  if (offset >= size || len > size - offset) return FBMU_E_OUT_OF_RANGE; /* all or nothing */
  *addr = base + offset;
  return FBMU_OK;
}

/* A whole WRITE: the checks, then every byte. */
static int write_all(fbmu_model_t *m, const fbmu_lease_id_t *id, uint64_t offset, const void *data,
                     uint32_t len) {
  uint64_t addr = 0;
  int rc = fbmu_model_write_check(m, id, offset, len, &addr);
  if (rc == FBMU_OK && len) fbmu_model_land(m, addr, data, len);
  return rc;
}

int fbmu_model_read(fbmu_model_t *m, uint64_t offset, void *buf, uint32_t len, uint32_t *n_read) {
  if (n_read) *n_read = 0;
  if (!m || (!buf && len)) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online || !m->session) return disconnected(m);
  if (len > m->cfg.max_io) return FBMU_E_INVALID_ARGUMENT;
  return frame_read(m, 0, m->arena_size, offset, buf, len, n_read);
}

int fbmu_model_write(fbmu_model_t *m, uint64_t offset, const void *data, uint32_t len) {
  if (!m || (!data && len)) return FBMU_E_INVALID_ARGUMENT;
  return write_all(m, NULL, offset, data, len);
}

int fbmu_model_read_lease(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t offset, void *buf,
                          uint32_t len, uint32_t *n_read) {
  const fbmu_model_rec_t *rec = NULL;
  int rc;
  if (n_read) *n_read = 0;
  if (!m || (!buf && len)) return FBMU_E_INVALID_ARGUMENT;
  rc = lease_io(m, id, len, &rec);
  if (rc != FBMU_OK) return rc;
  return frame_read(m, (uint64_t)rec->frame * rec->size, rec->size, offset, buf, len, n_read);
}

int fbmu_model_write_lease(fbmu_model_t *m, fbmu_lease_id_t id, uint64_t offset, const void *data,
                           uint32_t len) {
  if (!m || (!data && len)) return FBMU_E_INVALID_ARGUMENT;
  return write_all(m, &id, offset, data, len);
}

/* Like the driver's outputs, *ev and *left change only on success. */
int fbmu_model_event_pop(fbmu_model_t *m, fbmu_event_t *ev, uint32_t *left) {
  if (!m) return FBMU_E_INVALID_ARGUMENT;
  if (!m->online) return disconnected(m);
  if (m->evt_count == 0) return FBMU_E_NOT_FOUND;
  if (ev) *ev = m->evt[m->evt_head];
  m->evt_head = (m->evt_head + 1u) % m->cfg.event_depth;
  m->evt_count--;
  if (left) *left = m->evt_count;
  return FBMU_OK;
}

void fbmu_model_event_count(const fbmu_model_t *m, uint32_t *pending, uint32_t *dropped) {
  if (pending) *pending = m ? m->evt_count : 0;
  if (dropped) *dropped = m ? m->evt_dropped : 0;
}

/* ---- inspection ------------------------------------------------------------------------------ */

int fbmu_model_online(const fbmu_model_t *m) { return m ? m->online : 0; }

int fbmu_model_session_open(const fbmu_model_t *m) { return m ? m->session : 0; }

uint64_t fbmu_model_arena_size(const fbmu_model_t *m) { return m ? m->arena_size : 0; }

uint32_t fbmu_model_fenced_frames(const fbmu_model_t *m) { return m ? m->fenced_frames : 0; }

uint32_t fbmu_model_records_held(const fbmu_model_t *m) {
  uint32_t i, n = 0;
  if (!m) return 0;
  for (i = 0; i < m->cfg.lease_slots; i++)
    n += m->rec[i].state == FBMU_LEASE_ACTIVE || m->rec[i].holds_fence;
  return n;
}

int fbmu_model_frame_state(const fbmu_model_t *m, uint32_t f) {
  if (!m || f >= m->frames) return FBMU_MODEL_FRAME_FREE;
  return f == 0 ? FBMU_MODEL_FRAME_LEASED : m->frame_state[f];
}

fbmu_lease_id_t fbmu_model_peek_next_id(const fbmu_model_t *m) {
  fbmu_lease_id_t none = {0, 0};
  return m ? m->next_id : none;
}

const uint8_t *fbmu_model_memory(const fbmu_model_t *m) { return m ? m->mem : NULL; }
