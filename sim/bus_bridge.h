/* C side of the DPI bus bridge: a one-transaction mailbox between C and the SV AXI4-Lite master
 * (sim/axil_dpi_master.sv).
 *
 * The C side posts one request and then waits through the owner's wait_response hook. The SV
 * master takes the request with c_dpi_bridge_poll() on the next rising clock edge and drives AXI.
 * Once the slave presents the response (ready is high, so its handshake completes on the next
 * rising edge), fbmu_bridge_has_response() collects it from the master through the exported,
 * read-only sv_dpi_bridge_peek; on the edge the handshake completes the master reports it again
 * with c_dpi_bridge_respond() (ignored when collected, else that is how it arrives) and takes the
 * next request. Against the unit's slave that is two clock cycles per transaction. The master polls
 * only on the edge a transaction ends or while awake; a poll that finds nothing puts it to sleep,
 * and posting to a sleeping master wakes it through the exported sv_dpi_bridge_wake.
 *
 * Nothing here knows how time advances: the Verilator harness (fbmu_sim.cpp) ticks the clock in its
 * hook, a SystemC top would wait on an event. The SV side holds a pointer to the bridge as its
 * context chandle (set through the exported sv_dpi_bridge_set_ctx, which hands back the master's
 * scope through c_dpi_bridge_bind), so any number of simulations can live in one process.
 *
 * Every request carries a tag. A request that timed out is abandoned: its late response (the AXI
 * master cannot withdraw a valid it already raised) is recognised by its stale tag and dropped.
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

/* Block until fbmu_bridge_has_response(br) or until max_cycles bus clock cycles have passed (ask it
 * after each clock: it collects a response the master presents).
 * Returns FBMU_OK when the response is there, FBMU_E_DISCONNECTED when the bound was hit (or any
 * other negative code when time cannot advance). Never hangs. */
typedef int (*fbmu_bridge_wait_fn)(void *owner, fbmu_bridge_t *br, uint32_t max_cycles);

typedef struct {
  uint64_t reads, writes;   /* transactions that completed with a response */
  uint64_t error_responses; /* of them, SLVERR or DECERR */
  uint64_t timeouts;        /* requests abandoned because wait_response hit its bound */
  uint64_t stale_responses; /* late responses to abandoned requests, dropped */
  uint64_t out_of_space;    /* requests above FBMU_BRIDGE_ADDR_SPACE, answered without a transaction */
} fbmu_bridge_stats_t;

/* Embedded by value in its owner; the fields are private to bus_bridge.cpp. */
struct fbmu_bridge {
  fbmu_bridge_wait_fn wait_response;
  void *owner;
  uint32_t timeout_cycles;
  void *sv_scope;      /* svScope of the SV master (c_dpi_bridge_bind); NULL: no master yet */
  uint32_t wakes;      /* wake-ups sent to the master (sv_dpi_bridge_wake) */
  int master_asleep;   /* the master's last poll found nothing: it polls again only when woken */
  int just_taken;      /* the master took the request on the clock edge just run: nothing to peek */
  int collected;       /* response `collected_tag` was collected by peek; its report is dropped */
  uint32_t collected_tag;
  uint32_t tag;        /* tag of the newest request */
  int req_posted;      /* posted, not yet taken by the SV master */
  int req_write;
  uint32_t req_addr, req_wdata;
  uint8_t req_strb;
  int in_flight;       /* taken by the SV master, response not yet back */
  int resp_valid;      /* response for `tag` arrived */
  uint8_t resp;
  uint32_t rdata;
  fbmu_bridge_stats_t stats;
};

/* timeout_cycles: bound of one transaction (0 means 1000). */
void fbmu_bridge_init(fbmu_bridge_t *br, fbmu_bridge_wait_fn wait_response, void *owner,
                      uint32_t timeout_cycles);
/* Hardware reset of the bus: forget any request posted or in flight (a late response is dropped). */
void fbmu_bridge_reset(fbmu_bridge_t *br);
/* The response to the current request is there; collects it from the master when the slave is
 * presenting it (a read-only DPI call, only while a request is in flight). */
int fbmu_bridge_has_response(fbmu_bridge_t *br);
/* The SV master holds a request (taken, response not yet back). */
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

/* A bus for the driver over this bridge. */
fbmu_bus_t fbmu_bridge_bus(fbmu_bridge_t *br);

/* DPI-C of axil_dpi_master.sv (the model's generated __Dpi.h declares the same): the imports this
 * file implements and the exports it calls. */
#ifndef FBMU_BRIDGE_NO_DPI_DECLS
#include "svdpi.h"
void c_dpi_bridge_bind(void *ctx);
svBit c_dpi_bridge_poll(void *ctx, svBit *write, unsigned int *addr, unsigned int *wdata,
                        unsigned char *strb, unsigned int *tag);
void c_dpi_bridge_respond(void *ctx, unsigned int tag, unsigned char resp, unsigned int rdata);
void sv_dpi_bridge_wake(unsigned int count);
svBit sv_dpi_bridge_peek(unsigned int *tag, unsigned char *resp, unsigned int *rdata);
#endif

#ifdef __cplusplus
}
#endif

#endif /* FBMU_BUS_BRIDGE_H */
