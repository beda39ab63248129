/* C side of the DPI bus bridge: a request/response mailbox between C and the pipelined SV AXI4-Lite
 * master (sim/axil_dpi_master.sv).
 *
 * C posts a batch: one transaction (read32/write32) or a block of n consecutive words
 * (fbmu_bridge_read_block/write_block, the fbmu_bus_t block callbacks), all reads or all writes,
 * and waits through the owner's wait_response hook. The SV master takes one request of the batch
 * with c_dpi_bridge_poll() on each rising edge where its channel is free, drives AXI, and reports
 * each response with its tag through c_dpi_bridge_respond(). Against the unit's slave a block
 * moves one word per cycle. The batch's last response is collected one edge early: once the slave
 * presents it with the master's ready high, fbmu_bridge_has_response() takes it through the
 * exported, read-only sv_dpi_bridge_peek, so C can post the next batch before the edge where that
 * handshake completes (the master's later report of it is dropped). A single transaction therefore
 * takes two clock cycles back to back. The master polls only while awake; a poll that finds nothing
 * posted or awaited puts it to sleep, and posting to a sleeping master wakes it through the
 * exported sv_dpi_bridge_wake.
 *
 * Nothing here knows how time advances: the Verilator harness (fbmu_sim.cpp) ticks the clock in its
 * hook, a SystemC top would wait on an event. The SV side holds a pointer to the bridge as its
 * context chandle (set through the exported sv_dpi_bridge_set_ctx, which hands back the master's
 * scope through c_dpi_bridge_bind), so any number of simulations can live in one process.
 *
 * Every request carries its own tag, counting up. A batch that timed out is abandoned: the late
 * responses of its requests (the AXI master cannot withdraw a valid it already raised) carry tags
 * outside the current batch and are dropped.
 */
#ifndef FBMU_BUS_BRIDGE_H
#define FBMU_BUS_BRIDGE_H

#include <stdint.h>

#include "fbmu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Byte addresses the bridge can reach: the unit's 13-bit AXI address space. Anything above is
 * answered by the (modelled) interconnect with DECERR, without a transaction on the unit's bus. */
#define FBMU_BRIDGE_ADDR_SPACE (1u << FBMU_ADDR_WIDTH)

/* AXI response codes as they come back from the bus. */
#define FBMU_AXI_OKAY 0u
#define FBMU_AXI_EXOKAY 1u
#define FBMU_AXI_SLVERR 2u
#define FBMU_AXI_DECERR 3u

typedef struct fbmu_bridge fbmu_bridge_t;

/* What an observer of the bus sees (a recording hook, e.g. the bus trace of sim/bus_trace.h). */
enum {
  FBMU_BRIDGE_EV_REQUEST = 0, /* the master took this request (raises its valids after this edge) */
  FBMU_BRIDGE_EV_RESPONSE =
      1, /* the response to request `tag` came back (also a late, dropped one) */
  FBMU_BRIDGE_EV_THROTTLE = 2 /* fbmu_bridge_throttle with seed `addr` */
};
typedef struct {
  int kind;       /* FBMU_BRIDGE_EV_* */
  uint32_t tag;   /* request tag: pairs a response with its request */
  int write;      /* request: 1 write, 0 read */
  uint32_t addr;  /* request: byte address */
  uint32_t wdata; /* request: write data */
  uint8_t strb;   /* request: write strobes */
  uint8_t resp;   /* response: AXI response code */
  uint32_t rdata; /* response: read data (0 for a write) */
} fbmu_bridge_event_t;

typedef void (*fbmu_bridge_observe_fn)(void *ctx, const fbmu_bridge_event_t *ev);

/* Block until fbmu_bridge_has_response(br) or until max_cycles bus clock cycles have passed (ask it
 * after each clock: it collects a response the master presents). A block waits once per response,
 * so max_cycles bounds the wait for each of them.
 * Returns FBMU_OK when the response is there, FBMU_E_DISCONNECTED when the bound was hit (or any
 * other negative code when time cannot advance). Never hangs. */
typedef int (*fbmu_bridge_wait_fn)(void *owner, fbmu_bridge_t *br, uint32_t max_cycles);

typedef struct {
  uint64_t reads, writes; /* transactions that completed with a response (each block word counts) */
  uint64_t blocks;        /* read_block / write_block calls that ran on the bus */
  uint64_t error_responses; /* of them, SLVERR or DECERR */
  uint64_t timeouts;        /* requests abandoned because wait_response hit its bound */
  uint64_t stale_responses; /* late responses to abandoned requests, dropped */
  uint64_t out_of_space; /* requests above FBMU_BRIDGE_ADDR_SPACE, answered without a transaction */
} fbmu_bridge_stats_t;

/* Embedded by value in its owner; the fields are private to bus_bridge.cpp. */
struct fbmu_bridge {
  fbmu_bridge_wait_fn wait_response;
  void *owner;
  uint32_t timeout_cycles;
  void *sv_scope;    /* svScope of the SV master (c_dpi_bridge_bind); NULL: no master yet */
  uint32_t wakes;    /* wake-ups sent to the master (sv_dpi_bridge_wake) */
  int master_asleep; /* the master's last poll found nothing: it polls again only when woken */
  uint32_t next_tag; /* tag of the next request */
  /* The batch: n requests of one kind to consecutive words, tags base_tag .. base_tag + n - 1. */
  int active; /* posted and not finished (nor abandoned) */
  int write;
  uint32_t addr; /* byte address of word 0 */
  const uint32_t *wvals;
  uint32_t *rvals;
  uint32_t single_wdata, single_rdata; /* storage of a one-word batch */
  uint8_t strb;
  uint32_t n, taken, done; /* words; taken by the master; responses received */
  uint32_t base_tag;
  uint32_t first_err; /* index of the first error response; n while none */
  uint8_t err_resp, last_resp;
  int progress;   /* a response arrived since the current wait began */
  int just_taken; /* the master took a request on the clock edge just run */
  int collected;  /* response `collected_tag` was collected by peek; its report is dropped */
  uint32_t collected_tag;
  fbmu_bridge_stats_t stats;
  fbmu_bridge_observe_fn observe; /* NULL: nobody records the bus (fbmu_bridge_observe) */
  void *observe_ctx;
};

/* timeout_cycles: bound of one transaction (0 means 1000). */
void fbmu_bridge_init(fbmu_bridge_t *br, fbmu_bridge_wait_fn wait_response, void *owner,
                      uint32_t timeout_cycles);
/* Hardware reset of the bus: forget any request posted or in flight (a late response is dropped).
 */
void fbmu_bridge_reset(fbmu_bridge_t *br);
/* The response to the current request is there; collects it from the master when the slave is
 * presenting it (a read-only DPI call, only while a request is in flight). */
int fbmu_bridge_has_response(fbmu_bridge_t *br);
/* A request of the current batch was taken by the SV master and its response is not back yet. */
int fbmu_bridge_in_flight(const fbmu_bridge_t *br);
const fbmu_bridge_stats_t *fbmu_bridge_stats(const fbmu_bridge_t *br);

/* One transaction each. 0: OKAY; FBMU_E_BUS_ERROR: SLVERR/DECERR (*val still gets RDATA);
 * FBMU_E_DISCONNECTED: no response within the bound; FBMU_E_INVALID_ARGUMENT: NULL pointer or
 * strb 0. ctx is the fbmu_bridge_t, so these fit fbmu_bus_t directly. */
int fbmu_bridge_read32(void *ctx, uint32_t addr, uint32_t *val);
int fbmu_bridge_write32(void *ctx, uint32_t addr, uint32_t val);
int fbmu_bridge_write32_strb(void *ctx, uint32_t addr, uint32_t val, uint8_t strb);
/* Like the above, but also hand back the raw AXI response code (may be NULL). */
int fbmu_bridge_transact(fbmu_bridge_t *br, int write, uint32_t addr, uint32_t wdata, uint8_t strb,
                         uint32_t *rdata, uint8_t *axi_resp);

/* n_words consecutive words from addr as pipelined transactions (the fbmu_bus_t block callbacks).
 * 0 when every word got OKAY, else the status of the first error response in word order (every
 * word is still transferred and, reading, stored); FBMU_E_DISCONNECTED when a response did not come
 * within the bound (the rest is abandoned). Words at or above FBMU_BRIDGE_ADDR_SPACE are answered
 * DECERR without a transaction, as single accesses are. n_words 0 does nothing and returns 0. */
int fbmu_bridge_read_block(void *ctx, uint32_t addr, uint32_t *vals, uint32_t n_words);
int fbmu_bridge_write_block(void *ctx, uint32_t addr, const uint32_t *vals, uint32_t n_words);

/* Random bus shapes from this seed (0: in order at full speed): the SV master then drops
 * BREADY/RREADY, delays its valids, raises AW and W of a write together or either first, and reads
 * a side-effect-free register while a write is outstanding (axil_dpi_master.sv). */
void fbmu_bridge_throttle(fbmu_bridge_t *br, uint32_t seed);
/* Counts of each bus shape the master saw (sv_dpi_bridge_shapes); all 0 without a master. */
void fbmu_bridge_shapes(const fbmu_bridge_t *br, uint64_t *aw_before_w, uint64_t *w_before_aw,
                        uint64_t *aw_w_together, uint64_t *b_backpressure, uint64_t *r_backpressure,
                        uint64_t *read_during_write, uint64_t *partial_strobe);
/* Test hook: make the master break an AXI rule (1: withdraw a waiting valid; 2: change a waiting
 * payload; 0: keep the rules), so the protocol checkers can be seen to fire. */
void fbmu_bridge_break_rule(fbmu_bridge_t *br, uint32_t rule);

/* Call fn(ctx, ev) for every request the master takes and every response it gets back (NULL fn:
 * stop). Survives fbmu_bridge_reset. */
void fbmu_bridge_observe(fbmu_bridge_t *br, fbmu_bridge_observe_fn fn, void *ctx);

/* A bus for the driver over this bridge, block callbacks included. */
fbmu_bus_t fbmu_bridge_bus(fbmu_bridge_t *br);

/* DPI-C of axil_dpi_master.sv (the model's generated __Dpi.h declares the same): the imports this
 * file implements and the exports it calls. */
#ifndef FBMU_BRIDGE_NO_DPI_DECLS
#include "svdpi.h"
void c_dpi_bridge_bind(void *ctx);
unsigned char c_dpi_bridge_poll(void *ctx, svBit free_w, svBit free_r, svBit *write,
                                unsigned int *addr, unsigned int *wdata, unsigned char *strb,
                                unsigned int *tag);
void c_dpi_bridge_respond(void *ctx, unsigned int tag, unsigned char resp, unsigned int rdata);
void sv_dpi_bridge_wake(unsigned int count);
svBit sv_dpi_bridge_peek(svBit write, unsigned int *tag, unsigned char *resp, unsigned int *rdata);
void sv_dpi_bridge_throttle(unsigned int seed);
void sv_dpi_bridge_shapes(unsigned long long *aw_before_w, unsigned long long *w_before_aw,
                          unsigned long long *aw_w_together, unsigned long long *b_backpressure,
                          unsigned long long *r_backpressure, unsigned long long *read_during_write,
                          unsigned long long *partial_strobe);
void sv_dpi_bridge_break(unsigned int rule);
#endif

#ifdef __cplusplus
}
#endif

#endif /* FBMU_BUS_BRIDGE_H */
