// FBMU constrained-random op generator: see opgen.h for what it aims at.
//
// The mix (kMix below) is per mille of generated ops; phases (fill the lease table, drain it and
// change the arena size, pop events in bursts, come back online) override it for a few ops at a
// time.
#include "opgen.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "rng.h"

namespace {

using fbmu_ops::Rng;

enum PoolState : uint8_t { kLive, kFreed, kEnded, kStale };

struct PoolEntry {
  fbmu_lease_id_t id;
  uint64_t expires;
  uint64_t size;
  PoolState state;
};

constexpr size_t kPoolMax = 40;
constexpr unsigned kRegWritePercent = 4;          // raw register writes between driver-level ops
constexpr uint64_t kMemoryCheckEvery = 100;       // and once more at the end of a run (cosim)
constexpr uint32_t kPatternWindow = 64u * 1024u;  // data_off is below this

uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
bool same_id(fbmu_lease_id_t x, fbmu_lease_id_t y) { return x.hi == y.hi && x.lo == y.lo; }

}  // namespace

struct fbmu_opgen {
  explicit fbmu_opgen(uint64_t s) : seed(s), rng(s), reg_rng(s ^ 0x57524F4245535ull) {}
  uint64_t seed;
  Rng rng;
  Rng reg_rng;  // raw register writes, drawn apart so the driver-level stream stays the same
  fbmu_opgen_config_t cfg{};

  uint64_t now = 0;
  uint64_t home = 0;  // RTC before a jump to the top of the range, to come back to
  uint64_t arena = 0;
  bool online = true;
  bool session = false;
  uint64_t counter = 1;  // counter of the next id the unit will issue (spec 5)

  std::vector<PoolEntry> pool;
  std::unique_ptr<fbmu_ops::OpIo> io;  // write data and read buffer of fbmu_opgen_exec (made then)
  std::deque<fbmu_op_t> queue;         // scripted ops of a phase

  uint64_t ops = 0;          // ops generated, raw register writes included
  unsigned fill_left = 0;    // allocs left in a fill-the-table phase
  bool event_burst = false;  // last pop found an event: likely pop again
};

namespace {

// ---- choices
// -------------------------------------------------------------------------------------

uint32_t max_io(const fbmu_opgen *g) { return g->cfg.max_io; }

int live_count(const fbmu_opgen *g) {
  int n = 0;
  for (const auto &e : g->pool) n += e.state == kLive;
  return n;
}

const PoolEntry *pick_entry(fbmu_opgen *g, int want) {  // want: a PoolState, or -1 for any
  size_t n = 0;
  for (const auto &e : g->pool)
    if (want < 0 || e.state == want) n++;
  if (!n) return nullptr;
  size_t k = g->rng.range(0, n - 1);
  for (const auto &e : g->pool)
    if ((want < 0 || e.state == want) && k-- == 0) return &e;
  return nullptr;
}

fbmu_lease_id_t pick_id(fbmu_opgen *g, unsigned live_percent) {
  const PoolEntry *e = nullptr;
  if (g->rng.chance(live_percent)) {
    e = pick_entry(g, kLive);
  } else {
    unsigned q = static_cast<unsigned>(g->rng.range(0, 99));
    if (q < 35) {
      e = pick_entry(g, -1);  // whatever the pool holds: ended, freed, forgotten
    } else if (q < 45) {
      e = pick_entry(g, kStale);  // from before a reset
    } else if (q < 55) {
      return fbmu_lease_id_t{0, 0};
    } else if (q < 65) {
      return fbmu_lease_id_t{g->rng.next(), g->rng.next()};
    } else if (q < 80) {
      // A live id one bit off: the RTL must compare all 128 bits.
      e = pick_entry(g, kLive);
      if (e) {
        fbmu_lease_id_t id = e->id;
        unsigned bit = static_cast<unsigned>(g->rng.range(0, 127));
        if (bit < 64)
          id.lo ^= 1ull << bit;
        else
          id.hi ^= 1ull << (bit - 64);
        return id;
      }
    } else {
      // An id the unit will issue soon but has not yet.
      return fbmu_model_id_for(g->cfg.id_seed, g->counter + g->rng.range(0, 2));
    }
  }
  if (!e) e = pick_entry(g, -1);
  if (!e) return fbmu_lease_id_t{g->rng.next(), g->rng.next() | 1u};
  return e->id;
}

// A length biased to the edges of one command (max_io) and of the arena.
uint32_t pick_len(fbmu_opgen *g, uint64_t arena) {
  const uint32_t io = max_io(g);
  const uint32_t ar = static_cast<uint32_t>(arena);
  unsigned p = g->rng.permille();
  uint32_t len;
  if (p < 50)
    len = 0;
  else if (p < 350)
    len = static_cast<uint32_t>(g->rng.range(1, 64));
  else if (p < 480)
    len = static_cast<uint32_t>(g->rng.range(65, io - 1));
  else if (p < 530)
    len = io;
  else if (p < 560)
    len = io - 1;
  else if (p < 600)
    len = io + 1;
  else if (p < 650)
    len = ar;
  else if (p < 680)
    len = ar - 1;
  else if (p < 720)
    len = ar + 1;
  else if (p < 800)
    len = static_cast<uint32_t>(g->rng.range(io + 1, 2u * io + 7u));
  else if (p < 870)
    len = static_cast<uint32_t>(g->rng.range(1, ar));
  else if (p < 900)
    len = static_cast<uint32_t>(g->rng.range(1, ar + io));
  else
    len = 4u * static_cast<uint32_t>(g->rng.range(1, 128));
  return len;
}

uint64_t pick_offset(fbmu_opgen *g, uint64_t arena, uint32_t len) {
  unsigned p = g->rng.permille();
  if (p < 300) return 0;
  if (p < 480) return g->rng.range(0, arena - 1);
  if (p < 560) return len <= arena ? arena - len : 0;
  if (p < 610) return len <= arena ? arena - len + 1 : 1;
  if (p < 660) return arena - 1;
  if (p < 720) return arena;
  if (p < 750) return arena + 1;
  if (p < 780) return UINT64_MAX;
  if (p < 810) return UINT64_MAX - (len ? len - 1u : 0u);  // offset + len wraps to exactly 0
  if (p < 830) return (1ull << 32) + g->rng.range(0, 7);
  if (p < 930) return g->rng.range(1, 15);
  return arena - g->rng.range(1, arena < 64 ? arena : 64);
}

uint64_t pick_lease_secs(fbmu_opgen *g) {
  unsigned p = g->rng.permille();
  if (p < 40) return 0;
  if (p < 110) return 1;
  if (p < 360) return g->rng.range(2, 30);
  if (p < 720) return g->rng.range(31, 300);
  if (p < 870) return g->rng.range(301, 100000);
  if (p < 900) return UINT64_MAX;
  if (p < 930) return UINT64_MAX - g->now;       // now + secs == UINT64_MAX exactly
  if (p < 960) return UINT64_MAX - g->now + 1u;  // one past: must saturate, never wrap
  return 1ull << 63;
}

uint64_t pick_min_bytes(fbmu_opgen *g) {
  unsigned p = g->rng.permille();
  if (p < 350) return g->rng.range(1, g->arena);
  if (p < 550) return g->arena;
  if (p < 650) return 0;
  if (p < 730) return 1;
  if (p < 810) return g->arena + 1;
  if (p < 850) return UINT64_MAX;
  if (p < 900) return g->arena / 2 + 1;
  return g->rng.range(1, 2 * g->arena);
}

uint64_t pick_arena_size(fbmu_opgen *g) {
  static const uint64_t good[] = {64,   128,  256,  512,   1024,  2048,  4096,
                                  4096, 4096, 8192, 16384, 32768, 65536, 65536};
  static const uint64_t bad[] = {
      0, 32, 63, 96, 4095, 65537, 131072, 262144, 1ull << 31, (1ull << 32) + 4096, UINT64_MAX};
  if (g->rng.chance(75)) return good[g->rng.range(0, sizeof good / sizeof good[0] - 1)];
  return bad[g->rng.range(0, sizeof bad / sizeof bad[0] - 1)];
}

// The earliest expiry among live leases, or 0 when none.
uint64_t next_expiry(const fbmu_opgen *g) {
  uint64_t best = 0;
  for (const auto &e : g->pool)
    if (e.state == kLive && (best == 0 || e.expires < best)) best = e.expires;
  return best;
}

void time_op(fbmu_opgen *g, fbmu_op_t *op) {
  op->flag = g->rng.chance(80) ? 1 : 0;  // settle now, or let teardowns run behind later calls
  const PoolEntry *e = pick_entry(g, kLive);
  unsigned p = g->rng.permille();
  op->call = FBMU_LS_SET_TIME;
  if (g->now > (1ull << 62)) {
    // Up at the top of the range: mostly come back home (time may go backwards, spec 3).
    if (g->rng.chance(40) || !e)
      op->a = g->home;
    else
      op->a = g->rng.chance(50) ? e->expires : e->expires - 1u;
    if (op->a > g->cfg.max_rtc) op->a = g->cfg.max_rtc;
    return;
  }
  if (p < 300) {
    op->call = FBMU_LS_ADVANCE_TIME;
    op->a = g->rng.range(1, 5);
  } else if (p < 500 && e) {
    op->a = e->expires;  // exactly at the expiry: the lease must be dead from this second on
  } else if (p < 650 && e) {
    op->a = e->expires - 1u;  // one second before: still live
  } else if (p < 700 && e) {
    op->a = sat_add(e->expires, 1);
  } else if (p < 760) {
    uint64_t n = next_expiry(g);
    op->a = n ? n : g->now + 1u;
  } else if (p < 830) {
    op->call = FBMU_LS_ADVANCE_TIME;
    op->a = 0;
  } else if (p < 910) {
    op->call = FBMU_LS_ADVANCE_TIME;
    op->a = g->rng.range(10, 100);
  } else if (p < 970) {
    uint64_t back = g->rng.range(1, 50);
    op->a = g->now > back ? g->now - back : 0;
  } else if (p < 985) {
    g->home = g->now;
    op->a = g->cfg.max_rtc - g->rng.range(0, 3);
  } else {
    op->call = FBMU_LS_ADVANCE_TIME;
    op->a = g->rng.range(100000, 10000000);
  }
  // The RTC never goes past max_rtc (2^64-1 by default): an advance that would is a set_time to
  // the top instead.
  const uint64_t top = g->cfg.max_rtc;
  if (op->call == FBMU_LS_ADVANCE_TIME && (g->now > top || op->a > top - g->now)) {
    op->call = FBMU_LS_SET_TIME;
    op->a = top;
  }
  if (op->call == FBMU_LS_SET_TIME && op->a > top) op->a = top;
}

void data_op(fbmu_opgen *g, fbmu_op_t *op, fbmu_ls_call_t call, bool leased) {
  if (leased && live_count(g) == 0 && g->rng.chance(60)) {
    // Nothing live to access: make a lease first (an access to a dead id is the minority case).
    op->call = FBMU_LS_ALLOC;
    op->a = g->rng.chance(50) ? g->arena : g->rng.range(1, g->arena);
    op->b = g->rng.range(5, 300);
    return;
  }
  op->call = call;
  uint64_t arena = g->arena;
  if (leased) {
    op->id = pick_id(g, 70);
    for (const auto &e : g->pool)
      if (same_id(e.id, op->id)) arena = e.size;
  }
  op->len = pick_len(g, arena);
  op->a = pick_offset(g, arena, op->len);
  op->data_off = static_cast<uint32_t>(g->rng.range(0, kPatternWindow - 1));
}

void queue_drain(fbmu_opgen *g) {
  for (const auto &e : g->pool) {
    if (e.state != kLive) continue;
    fbmu_op_t f{};
    f.call = FBMU_LS_FREE;
    f.id = e.id;
    g->queue.push_back(f);
  }
  // A frame with a stuck cell stays fenced (FENCED); with the faults removed the next clear frees
  // it.
  fbmu_op_t op{};
  op.call = FBMU_LS_FENCE_CLEAR;
  g->queue.push_back(op);
  op.call = FBMU_LS_INJECT_FAULT;
  op.a = FBMU_FAULT_CLEAR_ALL;
  g->queue.push_back(op);
  op = fbmu_op_t{};
  op.call = FBMU_LS_FENCE_CLEAR;
  g->queue.push_back(op);
  op.call = FBMU_LS_SET_ARENA_SIZE;
  op.a = pick_arena_size(g);
  g->queue.push_back(op);
  op = fbmu_op_t{};
  op.call = FBMU_LS_GET_ARENA_SIZE;
  g->queue.push_back(op);
}

// One command on a lease that has just ended (revoked or fenced): every command must fail closed.
void queue_ended_access(fbmu_opgen *g, fbmu_lease_id_t id) {
  static const fbmu_ls_call_t kCalls[] = {FBMU_LS_QUERY, FBMU_LS_RENEW, FBMU_LS_FREE,
                                          FBMU_LS_READ_LEASE, FBMU_LS_WRITE_LEASE};
  fbmu_op_t op{};
  op.call = kCalls[g->rng.range(0, sizeof kCalls / sizeof kCalls[0] - 1)];
  op.id = id;
  op.b = g->rng.range(1, 100);
  op.len = static_cast<uint32_t>(g->rng.range(0, 64));
  op.data_off = static_cast<uint32_t>(g->rng.range(0, kPatternWindow - 1));
  g->queue.push_back(op);
}

void add_pool(fbmu_opgen *g, const fbmu_lease_info_t &info) {
  PoolEntry n{info.lease_id, info.expires_at_unix_secs, info.arena_size, kLive};
  if (g->pool.size() < kPoolMax) {
    g->pool.push_back(n);
    return;
  }
  // Forget an old stale entry first, then any ended one, never a live one if it can be helped.
  for (PoolState want : {kStale, kFreed, kEnded, kLive}) {
    size_t cnt = 0;
    for (const auto &e : g->pool) cnt += e.state == want;
    if (!cnt) continue;
    size_t k = g->rng.range(0, cnt - 1);
    for (auto &e : g->pool)
      if (e.state == want && k-- == 0) {
        e = n;
        return;
      }
  }
}

PoolEntry *find_pool(fbmu_opgen *g, fbmu_lease_id_t id) {
  for (auto &e : g->pool)
    if (same_id(e.id, id)) return &e;
  return nullptr;
}

// ---- the mix: one maker per slice of the per-mille draw -------------------------------------

void make_alloc(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_ALLOC;
  op->a = pick_min_bytes(g);
  op->b = pick_lease_secs(g);
}

void make_query(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_QUERY;
  op->id = pick_id(g, 55);
}

void make_renew(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_RENEW;
  op->id = pick_id(g, 65);
  const PoolEntry *e = find_pool(g, op->id);
  unsigned q = g->rng.permille();
  if (q < 100)
    op->b = 0;
  else if (q < 200)
    op->b = 1;
  else if (q < 700)
    op->b = g->rng.range(1, 60);
  else if (q < 850)
    op->b = g->rng.range(61, 1000);
  else if (q < 900)
    op->b = UINT64_MAX;
  else if (q < 950)
    op->b = UINT64_MAX - g->now;
  else
    op->b = (e && e->expires > g->now + 1u) ? e->expires - g->now - 1u : 1u;  // below: kept
}

void make_free(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_FREE;
  op->id = pick_id(g, 70);
}

void make_read_lease(fbmu_opgen *g, fbmu_op_t *op) { data_op(g, op, FBMU_LS_READ_LEASE, true); }
void make_write_lease(fbmu_opgen *g, fbmu_op_t *op) { data_op(g, op, FBMU_LS_WRITE_LEASE, true); }

// Bootstrap access needs a session: usually open one first.
void make_boot_access(fbmu_opgen *g, fbmu_op_t *op, fbmu_ls_call_t call) {
  if (!g->session && g->online && g->rng.chance(50))
    op->call = FBMU_LS_HELLO;
  else
    data_op(g, op, call, false);
}
void make_read(fbmu_opgen *g, fbmu_op_t *op) { make_boot_access(g, op, FBMU_LS_READ); }
void make_write(fbmu_opgen *g, fbmu_op_t *op) { make_boot_access(g, op, FBMU_LS_WRITE); }

void make_hello(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_HELLO; }
void make_get_arena_size(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_GET_ARENA_SIZE; }
void make_read_event(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_READ_EVENT; }
void make_event_count(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_EVENT_COUNT; }

void make_time_step(fbmu_opgen *g, fbmu_op_t *op) {
  time_op(g, op);
  if (!op->flag && g->rng.chance(40)) {
    // Right behind an un-settled step: an ALLOC that may need a frame or a record still being
    // torn down must wait for it, never fail with CAPACITY_EXCEEDED (contract, Free()).
    fbmu_op_t alloc{};
    alloc.call = FBMU_LS_ALLOC;
    alloc.a = g->rng.chance(70) ? g->arena : g->rng.range(1, g->arena);
    alloc.b = g->rng.range(5, 300);
    g->queue.push_back(alloc);
  } else if (!op->flag && g->rng.chance(50)) {
    // A FREE while the teardowns run: its command waits for them, its event comes after theirs.
    const PoolEntry *e = pick_entry(g, kLive);
    if (e) {
      fbmu_op_t f{};
      f.call = FBMU_LS_FREE;
      f.id = e->id;
      g->queue.push_back(f);
    }
  }
}

// The seconds of a time step inside a call: to live lease e's expiry with `to_expiry` percent
// chance (one second short of it with `one_short` percent of those), else 0 to 3; never past
// max_rtc.
uint64_t inside_step_secs(fbmu_opgen *g, const PoolEntry *e, unsigned to_expiry,
                          unsigned one_short) {
  uint64_t secs;
  if (e && e->expires > g->now && g->rng.chance(to_expiry))
    secs = e->expires - g->now - (g->rng.chance(one_short) ? 1u : 0u);
  else
    secs = g->rng.range(0, 3);
  const uint64_t top = g->cfg.max_rtc;
  return g->now >= top ? 0 : std::min(secs, top - g->now);
}

// A time step inside the next call, then that call: mostly an access to a live lease that the
// step ends (its expiry) or spares (one second before), several commands long when the arena is
// larger than one command moves, with the step after its first, second or third command.
void make_step_in_cmd(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_STEP_IN_CMD;
  const PoolEntry *e = pick_entry(g, kLive);
  op->a = inside_step_secs(g, e, 70, 25);
  op->len = g->rng.chance(60) ? 1u : static_cast<uint32_t>(g->rng.range(2, 3));
  unsigned q = g->rng.permille();
  op->b = q < 300 ? g->rng.range(0, 3) : q < 700 ? g->rng.range(4, 64) : g->rng.range(65, 1500);

  fbmu_op_t next{};
  if (e && g->rng.chance(75)) {
    next.call = g->rng.chance(50) ? FBMU_LS_READ_LEASE : FBMU_LS_WRITE_LEASE;
    next.id = e->id;
    const uint64_t io = max_io(g);
    if (e->size > io && g->rng.chance(70)) {
      next.a = g->rng.range(0, 15);
      next.len = static_cast<uint32_t>(g->rng.range(io + 1, e->size - next.a));
    } else {
      next.len = pick_len(g, e->size);
      next.a = pick_offset(g, e->size, next.len);
    }
    next.data_off = static_cast<uint32_t>(g->rng.range(0, kPatternWindow - 1));
  } else {
    static void (*const kAny[])(fbmu_opgen *, fbmu_op_t *) = {
        make_alloc, make_query, make_renew, make_free, make_read, make_write, make_read_event};
    kAny[g->rng.range(0, sizeof kAny / sizeof kAny[0] - 1)](g, &next);
  }
  g->queue.push_back(next);
}

void make_go_offline(fbmu_opgen *, fbmu_op_t *op) {
  op->call = FBMU_LS_SET_ONLINE;
  op->flag = 0;
}

void make_set_arena_size(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_SET_ARENA_SIZE;
  op->a = pick_arena_size(g);
}

// A stuck cell at a random bit: mostly in the low lease frames, which ALLOC hands out first (so
// the fault meets a lease and its teardown fences it), sometimes anywhere (the bootstrap arena and
// free frames included); now and then every fault is removed, or a bit past the memory is refused.
void make_inject_fault(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_INJECT_FAULT;
  const uint64_t bits = uint64_t{g->cfg.mem_bytes} * 8u;
  const uint64_t arena_bits = g->arena * 8u;
  const uint64_t low_frames = std::min<uint64_t>(4u, g->cfg.mem_bytes / g->arena - 1u);
  unsigned q = g->rng.permille();
  if (q < 600)
    op->a = g->rng.range(1, low_frames) * arena_bits + g->rng.range(0, arena_bits - 1);
  else if (q < 800)
    op->a = g->rng.range(0, bits - 1);
  else if (q < 970)
    op->a = FBMU_FAULT_CLEAR_ALL;
  else
    op->a = g->rng.range(bits, bits + 63);
}

void make_fence_clear(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_FENCE_CLEAR; }
void make_reset(fbmu_opgen *, fbmu_op_t *op) { op->call = FBMU_LS_RESET; }

// A time step inside the next platform request, then the request: mostly FENCE_CLEAR, which holds
// the arena memory while it zeroes each fenced frame (arena_size/32 cycles a frame), with the step
// to a live lease's expiry published early in the request, so the expiry scan marks the lease while
// the zeroing still runs and its teardown must wait for the request (spec 3); sometimes the step
// comes later, ends nothing, or rides on SET_ARENA_SIZE or INJECT_FAULT.
void make_step_in_plat(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_STEP_IN_PLAT;
  op->a = inside_step_secs(g, pick_entry(g, kLive), 80, 0);
  const uint64_t rows = g->arena / 32u;  // cycles of one frame's zeroing
  const unsigned q = g->rng.permille();
  op->b = q < 300   ? g->rng.range(0, 3)
          : q < 800 ? g->rng.range(0, rows / 2u)
                    : g->rng.range(0, 3u * rows + 64u);

  fbmu_op_t next{};
  const unsigned r = g->rng.permille();
  if (r < 700)
    next.call = FBMU_LS_FENCE_CLEAR;
  else if (r < 850)
    make_inject_fault(g, &next);
  else
    make_set_arena_size(g, &next);
  g->queue.push_back(next);
}

// A warm reset inside the next call's command: mostly within a few dozen cycles of its first CMD
// write (while the command runs or its results are read), sometimes later in a long transfer or
// after a later chunk's CMD write. A call that ends first drops it.
void make_arm_reset(fbmu_opgen *g, fbmu_op_t *op) {
  op->call = FBMU_LS_ARM_RESET;
  op->len = g->rng.chance(80) ? 1u : 2u;
  const unsigned when = g->rng.permille();
  op->a = when < 700   ? g->rng.range(0, 40)
          : when < 900 ? g->rng.range(40, 400)
                       : g->rng.range(400, 6000);
  fbmu_op_t next{};
  const unsigned q = g->rng.permille();
  if (q < 250)
    make_alloc(g, &next);
  else if (q < 450)
    make_free(g, &next);
  else if (q < 700)
    make_write_lease(g, &next);
  else
    make_read_lease(g, &next);
  g->queue.push_back(next);
}

// Fill the lease table (or the arena) until CAPACITY_EXCEEDED, then a few more.
void make_fill(fbmu_opgen *g, fbmu_op_t *op) {
  g->fill_left = g->cfg.lease_slots + 2u;
  op->call = FBMU_LS_ALLOC;
  op->a = g->arena;
  op->b = g->rng.range(100, 5000);
}

// Drain: free every live lease, clear fences, change the arena size.
void make_drain(fbmu_opgen *g, fbmu_op_t *op) {
  queue_drain(g);
  *op = g->queue.front();
  g->queue.pop_front();
}

// A raw register write with random byte strobes, to any kind of register: the arguments, the
// interrupt enable, read-only and unmapped addresses, the STAGING window, and CMD with opcodes that
// change no lease (GET_ARENA_SIZE, QUERY, unknown ones, abandoned streamed writes), its opcode byte
// strobed or not. The low two address bits are random (ignored by the unit).
void make_reg_write(fbmu_opgen *g, fbmu_op_t *op) {
  static const uint32_t kRegs[] = {
      FBMU_REG_ARG_ID_0,
      FBMU_REG_ARG_ID_1,
      FBMU_REG_ARG_ID_2,
      FBMU_REG_ARG_ID_3,
      FBMU_REG_ARG_A_LO,
      FBMU_REG_ARG_A_HI,
      FBMU_REG_ARG_B_LO,
      FBMU_REG_ARG_B_HI,
      FBMU_REG_ARG_LEN,
      FBMU_REG_IRQ_ENABLE,
      FBMU_REG_IRQ_ENABLE,
      FBMU_REG_ID,
      FBMU_REG_STATUS,
      FBMU_REG_RES_ID_0,
      FBMU_REG_EVT_COUNT,
      FBMU_REG_RTC_LO,
      0x028u,
      0x200u,  // unmapped
  };
  // The streamed writes take the arguments the last driver call left (often a live lease's) and
  // get a few STAGING words (bits 13:8 of the value), then the bus goes quiet (abandoned).
  static const uint32_t kOpcodes[] = {0x00u, FBMU_OP_GET_ARENA_SIZE, FBMU_OP_QUERY,
                                      0xEEu, FBMU_OP_WRITE_STREAM,   FBMU_OP_WRITE_LEASE_STREAM};
  Rng &r = g->reg_rng;
  op->call = FBMU_LS_REG_WRITE;
  op->len = r.chance(20) ? 0xFu : static_cast<uint32_t>(r.range(1, 14));
  op->b = r.next() & 0xFFFFFFFFu;
  const unsigned q = r.permille();
  uint64_t addr;
  if (q < 150) {
    addr = FBMU_WIN_STAGING + 4u * r.range(0, FBMU_WIN_STAGING_SIZE / 4u - 1u);
  } else if (q < 400) {
    addr = FBMU_REG_CMD;
    op->b = (op->b & ~0xFFull) | kOpcodes[r.range(0, 5)];
  } else {
    addr = kRegs[r.range(0, sizeof kRegs / sizeof kRegs[0] - 1u)];
  }
  op->a = addr | r.range(0, 3);
}

struct Weighted {
  unsigned per_mille;
  void (*make)(fbmu_opgen *g, fbmu_op_t *op);
};

// The op mix, per mille of the ops not made by a phase. Order matters: the same seed must give
// the same stream, so a slice's place in the draw is part of the stream.
constexpr Weighted kMix[] = {
    {100, make_alloc},         {80, make_query},        {55, make_renew},
    {55, make_free},           {140, make_read_lease},  {140, make_write_lease},
    {55, make_read},           {55, make_write},        {25, make_hello},
    {15, make_get_arena_size}, {60, make_read_event},   {20, make_event_count},
    {117, make_time_step},     {12, make_go_offline},   {10, make_set_arena_size},
    {8, make_inject_fault},    {9, make_fence_clear},   {1, make_reset},
    {3, make_arm_reset},       {8, make_fill},          {2, make_drain},
    {20, make_step_in_cmd},    {10, make_step_in_plat},
};

constexpr unsigned MixTotal() {
  unsigned t = 0;
  for (const Weighted &w : kMix) t += w.per_mille;
  return t;
}
static_assert(MixTotal() == 1000, "the op mix must add up to 1000 per mille");

}  // namespace

extern "C" {

fbmu_opgen_t *fbmu_opgen_create(uint64_t seed, const fbmu_opgen_config_t *cfg) {
  auto *g = new fbmu_opgen(seed);
  if (cfg) g->cfg = *cfg;
  if (!g->cfg.mem_bytes) g->cfg.mem_bytes = 131072;
  if (!g->cfg.lease_slots) g->cfg.lease_slots = 16;
  if (!g->cfg.max_io) g->cfg.max_io = 4096;
  if (!g->cfg.arena_size) g->cfg.arena_size = 4096;
  if (!g->cfg.max_rtc) g->cfg.max_rtc = UINT64_MAX;
  g->arena = g->cfg.arena_size;
  g->pool.reserve(kPoolMax);
  return g;
}

void fbmu_opgen_destroy(fbmu_opgen_t *g) { delete g; }

void fbmu_opgen_next(fbmu_opgen_t *g, fbmu_op_t *op) {
  *op = fbmu_op_t{};
  op->call = FBMU_LS_QUERY;
  // Between driver-level ops, now and then a raw register write (its own draw, so the ops around
  // it are those of the stream without it); never inside a phase of scripted ops.
  if (++g->ops % kMemoryCheckEvery == 0) {
    op->call = FBMU_LS_CHECK_MEMORY;  // the checker's deep look at all memory, now and then
    return;
  }
  if (g->queue.empty() && !g->fill_left && g->reg_rng.chance(kRegWritePercent)) {
    make_reg_write(g, op);
    return;
  }
  if (!g->queue.empty()) {
    *op = g->queue.front();
    g->queue.pop_front();
    return;
  }
  if (!g->online && g->rng.chance(30)) {
    op->call = FBMU_LS_SET_ONLINE;
    op->flag = 1;
    return;
  }
  if (g->event_burst && g->rng.chance(60)) {
    op->call = FBMU_LS_READ_EVENT;
    return;
  }
  if (g->fill_left) {
    g->fill_left--;
    op->call = FBMU_LS_ALLOC;
    op->a = g->rng.chance(80) ? g->arena : g->rng.range(1, g->arena);
    op->b = g->rng.range(100, 5000);
    return;
  }

  unsigned p = g->rng.permille();
  for (const Weighted &w : kMix) {
    if (p < w.per_mille) {
      w.make(g, op);
      return;
    }
    p -= w.per_mille;
  }
}

void fbmu_opgen_observe(fbmu_opgen_t *g, const fbmu_op_t *op, const fbmu_op_result_t *res,
                        uint64_t now) {
  const int rc = res->rc;
  g->now = now;
  for (auto &e : g->pool)
    if (e.state == kLive && e.expires <= now) e.state = kEnded;
  if (rc == FBMU_E_DISCONNECTED) g->session = false;
  g->event_burst = false;

  PoolEntry *e = nullptr;
  switch (op->call) {
    case FBMU_LS_ALLOC:
      if (rc == FBMU_OK) {
        g->counter++;
        add_pool(g, res->info);
        if (res->info.expires_at_unix_secs <= now) find_pool(g, res->info.lease_id)->state = kEnded;
      } else if (rc == FBMU_E_CAPACITY_EXCEEDED && g->fill_left > 2) {
        g->fill_left = 2;  // table (or arena) full: probe twice more, then stop
      }
      break;
    case FBMU_LS_QUERY:
      e = find_pool(g, op->id);
      if (e && rc == FBMU_OK) {
        e->expires = res->info.expires_at_unix_secs;
        e->state = res->info.status == FBMU_LEASE_ACTIVE    ? kLive
                   : res->info.status == FBMU_LEASE_REVOKED ? kFreed
                                                            : kEnded;
      }
      break;
    case FBMU_LS_RENEW:
      e = find_pool(g, op->id);
      if (e && rc == FBMU_OK) e->expires = res->value;
      break;
    case FBMU_LS_FREE:
      e = find_pool(g, op->id);
      if (e && rc == FBMU_OK) e->state = kFreed;
      if (rc == FBMU_OK && g->rng.chance(25)) queue_ended_access(g, op->id);
      break;
    case FBMU_LS_HELLO:
      if (rc == FBMU_OK) g->session = true;
      break;
    case FBMU_LS_GET_ARENA_SIZE:
      if (rc == FBMU_OK) g->arena = res->value;
      break;
    case FBMU_LS_READ_EVENT:
      g->event_burst = rc == FBMU_OK;
      // A fenced lease is rare and its record soon recycled: use it while it is there.
      if (rc == FBMU_OK && res->event.kind == FBMU_EVENT_FENCED && g->rng.chance(70))
        queue_ended_access(g, res->event.lease_id);
      break;
    case FBMU_LS_SET_ONLINE:
      g->online = op->flag != 0;
      if (!g->online) g->session = false;
      break;
    case FBMU_LS_SET_ARENA_SIZE:
      if (rc == FBMU_OK) g->arena = op->a;
      break;
    case FBMU_LS_RESET:
      for (auto &pe : g->pool) pe.state = kStale;
      g->counter = 1;
      g->arena = g->cfg.arena_size;
      g->session = false;
      g->fill_left = 0;
      g->queue.clear();
      break;
    default:
      break;
  }
  // An error that names the lease's end tells the pool too.
  const fbmu_ops::OpKind *kind = fbmu_ops::Find(op->call);
  if (kind && fbmu_ops::HasArg(*kind, fbmu_ops::Field::kId)) {
    e = find_pool(g, op->id);
    if (e && e->state == kLive &&
        (rc == FBMU_E_LEASE_EXPIRED || rc == FBMU_E_REVOKED || rc == FBMU_E_FENCED ||
         rc == FBMU_E_NOT_FOUND))
      e->state = rc == FBMU_E_REVOKED ? kFreed : kEnded;
  }
}

int fbmu_opgen_exec(fbmu_opgen_t *g, fbmu_lockstep_t *ls, const fbmu_op_t *op,
                    fbmu_op_result_t *res) {
  fbmu_op_result_t local;
  fbmu_op_result_t *r = res ? res : &local;
  if (!g->io) g->io = std::make_unique<fbmu_ops::OpIo>(g->seed);
  int rc = fbmu_ops::Run(ls, *op, g->io.get(), r);
  if (rc != FBMU_LOCKSTEP_DIVERGED) fbmu_opgen_observe(g, op, r, fbmu_lockstep_now(ls));
  return rc;
}

int fbmu_opgen_step(fbmu_opgen_t *g, fbmu_lockstep_t *ls, fbmu_op_t *op) {
  fbmu_op_t local;
  fbmu_op_t *o = op ? op : &local;
  fbmu_opgen_next(g, o);
  return fbmu_opgen_exec(g, ls, o, nullptr);
}

}  // extern "C"
