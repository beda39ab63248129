/* fbmu-bench-model: throughput of the golden model's semantic layer (layer a).
 *
 * A seeded mixed stream of lease operations (small read, small write, renew, free, query, event
 * pop, time step) is generated up front, then replayed against the model and timed, so the figure
 * is model work and not random-number generation. The stream acts as up to LEASE_SLOTS tenants:
 * an op on a tenant that holds no live lease allocates one first (that op counts as an alloc), and
 * a tenant forgets its lease when the model reports it ended. Usage: fbmu-bench-model [ops] [seed].
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fbmu_model.h"

enum { OP_ALLOC, OP_READ, OP_WRITE, OP_RENEW, OP_FREE, OP_QUERY, OP_EVENT, OP_TIME, OP_KINDS };

static const char *const op_name[OP_KINDS] = {"alloc", "read",  "write",     "renew",
                                              "free",  "query", "event_pop", "time_step"};
/* Mix in percent: mostly data access, with steady lease churn and time moving on. Allocs are
 * not drawn: they happen on demand (see above). */
static const unsigned op_weight[OP_KINDS] = {0, 32, 32, 8, 6, 12, 3, 7};

#define STREAM_OPS (1u << 20)
#define MAX_LEN 64u

typedef struct {
  uint8_t kind;
  uint8_t slot;  /* tenant */
  uint16_t len;  /* read/write length */
  uint32_t arg;  /* offset, renew seconds or time step */
  uint32_t secs; /* lease seconds if this op has to allocate first */
} op_t;

typedef struct {
  const char *name;
  fbmu_model_config_t cfg;
} bench_cfg_t;

static uint64_t rng_next(uint64_t *s) {
  uint64_t x = *s; /* xorshift64* */
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1Dull;
}

static double now_secs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void gen_stream(op_t *ops, uint32_t n, uint64_t seed, uint32_t arena, uint32_t tenants) {
  uint64_t s = seed ? seed : 1;
  for (uint32_t i = 0; i < n; i++) {
    unsigned pick = (unsigned)(rng_next(&s) % 100u), k = 0, acc = op_weight[0];
    while (pick >= acc) acc += op_weight[++k];
    op_t *o = &ops[i];
    o->kind = (uint8_t)k;
    o->slot = (uint8_t)(rng_next(&s) % tenants);
    o->len = (uint16_t)(1u + rng_next(&s) % MAX_LEN);
    o->secs = (uint32_t)(16u + rng_next(&s) % 241u);
    switch (k) {
      case OP_READ:
      case OP_WRITE:
        o->arg = (uint32_t)(rng_next(&s) % (arena + MAX_LEN));
        break; /* some past the end */
      case OP_RENEW:
        o->arg = (uint32_t)(rng_next(&s) % 33u);
        break;
      case OP_TIME:
        o->arg = (uint32_t)(rng_next(&s) % 4u);
        break;
      default:
        o->arg = 0;
        break;
    }
  }
}

/* A lease the model reports as gone: the tenant stops using it. */
static int lease_gone(int rc) {
  return rc == FBMU_E_NOT_FOUND || rc == FBMU_E_LEASE_EXPIRED || rc == FBMU_E_REVOKED ||
         rc == FBMU_E_FENCED;
}

/* Replay the stream `passes` times; count results per kind (ok / not ok). Time steps go through
 * the model's platform table, as every other driver of the platform port does. */
static void run(fbmu_model_t *m, const op_t *ops, uint32_t n, uint32_t passes,
                uint64_t counts[OP_KINDS][2]) {
  const fbmu_platform_t *plat = fbmu_model_platform(m);
  fbmu_lease_id_t ids[FBMU_MODEL_MAX_SLOTS];
  uint8_t live[FBMU_MODEL_MAX_SLOTS];
  uint8_t buf[MAX_LEN];
  uint64_t now = plat->now(plat->ctx);
  memset(ids, 0, sizeof ids);
  memset(live, 0, sizeof live);
  memset(buf, 0x5A, sizeof buf);
  for (uint32_t p = 0; p < passes; p++) {
    for (uint32_t i = 0; i < n; i++) {
      const op_t *o = &ops[i];
      fbmu_lease_id_t id = ids[o->slot];
      fbmu_lease_info_t info;
      fbmu_event_t ev;
      uint64_t t;
      uint32_t got;
      int kind = o->kind, rc;
      if (kind != OP_TIME && kind != OP_EVENT && !live[o->slot]) kind = OP_ALLOC;
      switch (kind) {
        case OP_ALLOC:
          rc = fbmu_model_alloc(m, 64, o->secs, &info);
          if (rc == FBMU_OK) {
            ids[o->slot] = info.lease_id;
            live[o->slot] = 1;
          }
          break;
        case OP_READ:
          rc = fbmu_model_read_lease(m, id, o->arg, buf, o->len, &got);
          break;
        case OP_WRITE:
          rc = fbmu_model_write_lease(m, id, o->arg, buf, o->len);
          break;
        case OP_RENEW:
          rc = fbmu_model_renew(m, id, o->arg, &t);
          break;
        case OP_FREE:
          rc = fbmu_model_free(m, id, NULL);
          if (rc == FBMU_OK) live[o->slot] = 0;
          break;
        case OP_QUERY:
          rc = fbmu_model_query(m, id, &info);
          if (rc == FBMU_OK && info.status != FBMU_LEASE_ACTIVE) live[o->slot] = 0;
          break;
        case OP_EVENT:
          rc = fbmu_model_event_pop(m, &ev, &got);
          break;
        default:
          now += o->arg;
          rc = plat->set_time(plat->ctx, now);
          break;
      }
      if (kind != OP_ALLOC && lease_gone(rc)) live[o->slot] = 0;
      counts[kind][rc == FBMU_OK]++;
    }
  }
}

int main(int argc, char **argv) {
  uint64_t total = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000ull;
  uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0xBE7C4ull;
  static const bench_cfg_t cfgs[] = {
      {"default: 128 KiB, 16 slots, 4 KiB", {0, 0, 0, 0, 0, 0}},
      {"64 slots, 1 KiB arenas", {0, 64, 0, 0, 1024, 0}},
      {"64 slots, 64 B arenas", {0, 64, 0, 0, 64, 0}},
  };
  const size_t ncfg = sizeof cfgs / sizeof cfgs[0];
  op_t *ops = malloc(sizeof *ops * STREAM_OPS);
  uint32_t n = total < STREAM_OPS ? (uint32_t)total : STREAM_OPS;
  uint32_t passes;
  int status = 0;
  if (!ops || n == 0) {
    fprintf(stderr, "fbmu-bench-model: bad op count or out of memory\n");
    free(ops);
    return 1;
  }
  passes = (uint32_t)((total + n - 1) / n);

  printf(
      "fbmu-bench-model: %llu ops per configuration (%u passes of a %u-op stream), seed 0x%llx\n\n",
      (unsigned long long)((uint64_t)n * passes), passes, n, (unsigned long long)seed);
  printf("%-36s %12s %9s %10s %8s\n", "configuration", "ops", "seconds", "Mops/s", "ns/op");
  for (size_t c = 0; c < ncfg; c++) {
    uint64_t counts[OP_KINDS][2];
    fbmu_model_config_t cfg = cfgs[c].cfg;
    fbmu_model_t *m;
    double t0, dt;
    uint64_t ops_done = (uint64_t)n * passes;
    cfg.id_seed = seed;
    m = fbmu_model_create(&cfg);
    if (!m) {
      fprintf(stderr, "fbmu-bench-model: cannot create model '%s'\n", cfgs[c].name);
      status = 1;
      continue;
    }
    fbmu_model_set_time(m, 1000, NULL, 0, NULL);
    gen_stream(ops, n, seed, (uint32_t)fbmu_model_arena_size(m), fbmu_model_config(m)->lease_slots);
    memset(counts, 0, sizeof counts);
    t0 = now_secs();
    run(m, ops, n, passes, counts);
    dt = now_secs() - t0;
    printf("%-36s %12llu %9.3f %10.2f %8.1f\n", cfgs[c].name, (unsigned long long)ops_done, dt,
           (double)ops_done / dt / 1e6, dt * 1e9 / (double)ops_done);
    if (c == 0) {
      printf("\n  %-10s %12s %12s\n", "op", "count", "ok");
      for (int k = 0; k < OP_KINDS; k++) {
        uint64_t all = counts[k][0] + counts[k][1];
        printf("  %-10s %12llu %11.1f%%\n", op_name[k], (unsigned long long)all,
               all ? 100.0 * (double)counts[k][1] / (double)all : 0.0);
      }
      printf("\n");
    }
    fbmu_model_destroy(m);
  }
  free(ops);
  return status;
}
