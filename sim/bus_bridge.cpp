// C side of the DPI bus bridge: request/response mailbox, the DPI-C functions the SV master
// imports, and the wake-up and the response peek through its exports. Plain DPI (svdpi.h),
// independent of the Verilator harness; time advances only through the owner's hook.
#include "bus_bridge.h"

#include <cstring>

namespace {

constexpr uint32_t kDefaultTimeoutCycles = 1000;

int resp_to_status(uint8_t resp) {
  return (resp == FBMU_AXI_OKAY || resp == FBMU_AXI_EXOKAY) ? FBMU_OK : FBMU_E_BUS_ERROR;
}

// A posted request for a sleeping master: wake it, in its own scope, so it polls on the next rising
// edge. Without a master bound yet nothing happens (the wait then runs into its bound).
void wake_master(fbmu_bridge_t *br) {
  if (!br->master_asleep || !br->sv_scope) return;
  const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
  sv_dpi_bridge_wake(++br->wakes);
  svSetScope(prev);
  br->master_asleep = 0;
}

void deliver(fbmu_bridge_t *br, unsigned char resp, unsigned int rdata) {
  br->in_flight = 0;
  br->resp = static_cast<uint8_t>(resp & 3u);
  br->rdata = rdata;
  br->resp_valid = 1;
}

}  // namespace

extern "C" {

void fbmu_bridge_init(fbmu_bridge_t *br, fbmu_bridge_wait_fn wait_response, void *owner,
                      uint32_t timeout_cycles) {
  std::memset(br, 0, sizeof(*br));
  br->wait_response = wait_response;
  br->owner = owner;
  br->timeout_cycles = timeout_cycles ? timeout_cycles : kDefaultTimeoutCycles;
  br->master_asleep = 1;  // the master starts asleep
}

void fbmu_bridge_reset(fbmu_bridge_t *br) {
  // A new tag makes any response still on its way stale.
  br->tag++;
  br->req_posted = 0;
  br->in_flight = 0;
  br->resp_valid = 0;
  br->master_asleep = 1;  // wake it on the next request, whatever the reset left it in
  br->just_taken = 0;
  br->collected = 0;
}

int fbmu_bridge_has_response(fbmu_bridge_t *br) {
  if (br->just_taken) {
    br->just_taken = 0;  // the slave presents a response one edge after taking the request at best
  } else if (!br->resp_valid && br->in_flight && br->sv_scope) {
    // The slave presents the response and the ready is high: the handshake completes on the next
    // rising edge whatever C does, so take it now and post the next request before that edge.
    unsigned int tag = 0, rdata = 0;
    unsigned char resp = 0;
    const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
    const svBit presented = sv_dpi_bridge_peek(&tag, &resp, &rdata);
    svSetScope(prev);
    if (presented && tag == br->tag) {
      deliver(br, resp, rdata);
      br->collected = 1;
      br->collected_tag = tag;
    }
  }
  return br->resp_valid;
}

int fbmu_bridge_in_flight(const fbmu_bridge_t *br) { return br->in_flight; }

const fbmu_bridge_stats_t *fbmu_bridge_stats(const fbmu_bridge_t *br) { return &br->stats; }

int fbmu_bridge_transact(fbmu_bridge_t *br, int write, uint32_t addr, uint32_t wdata, uint8_t strb,
                         uint32_t *rdata, uint8_t *axi_resp) {
  if (!br || (!write && !rdata) || (write && !strb)) return FBMU_E_INVALID_ARGUMENT;
  if (addr >= FBMU_BRIDGE_ADDR_SPACE) {
    // Outside the unit's window: the interconnect answers DECERR and reads return 0.
    br->stats.out_of_space++;
    if (rdata) *rdata = 0;
    if (axi_resp) *axi_resp = FBMU_AXI_DECERR;
    return FBMU_E_BUS_ERROR;
  }
  br->tag++;
  br->req_posted = 1;
  br->req_write = write;
  br->req_addr = addr;
  br->req_wdata = wdata;
  br->req_strb = strb;
  br->resp_valid = 0;
  br->just_taken = 0;
  wake_master(br);
  int rc = br->wait_response ? br->wait_response(br->owner, br, br->timeout_cycles)
                             : FBMU_E_DISCONNECTED;
  if (rc == FBMU_OK && !br->resp_valid) rc = FBMU_E_DISCONNECTED;  // a hook that lied
  if (rc != FBMU_OK) {
    // Abandon the request. If the master already took it, its response will come with this tag;
    // bumping the tag now makes it stale.
    br->stats.timeouts++;
    br->tag++;
    br->req_posted = 0;
    br->resp_valid = 0;
    return rc < 0 ? rc : FBMU_E_DISCONNECTED;
  }
  br->resp_valid = 0;
  if (write) {
    br->stats.writes++;
  } else {
    br->stats.reads++;
    *rdata = br->rdata;
  }
  if (axi_resp) *axi_resp = br->resp;
  rc = resp_to_status(br->resp);
  if (rc != FBMU_OK) br->stats.error_responses++;
  return rc;
}

int fbmu_bridge_read32(void *ctx, uint32_t addr, uint32_t *val) {
  if (!ctx || !val) return FBMU_E_INVALID_ARGUMENT;
  return fbmu_bridge_transact(static_cast<fbmu_bridge_t *>(ctx), 0, addr, 0, 0, val, nullptr);
}

int fbmu_bridge_write32(void *ctx, uint32_t addr, uint32_t val) {
  return fbmu_bridge_write32_strb(ctx, addr, val, 0xF);
}

int fbmu_bridge_write32_strb(void *ctx, uint32_t addr, uint32_t val, uint8_t strb) {
  if (!ctx || !(strb & 0xF)) return FBMU_E_INVALID_ARGUMENT;
  return fbmu_bridge_transact(static_cast<fbmu_bridge_t *>(ctx), 1, addr, val,
                              static_cast<uint8_t>(strb & 0xF), nullptr, nullptr);
}

fbmu_bus_t fbmu_bridge_bus(fbmu_bridge_t *br) {
  fbmu_bus_t bus = {};  // block callbacks stay NULL until the bridge offers them
  bus.read32 = fbmu_bridge_read32;
  bus.write32 = fbmu_bridge_write32;
  bus.ctx = br;
  return bus;
}

// ---- DPI-C, called by axil_dpi_master.sv -----------------------------------------------------

// From sv_dpi_bridge_set_ctx (a context import): the scope of the master this bridge wakes.
void c_dpi_bridge_bind(void *ctx) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (br) br->sv_scope = svGetScope();
}

// On a rising edge: when a transaction ends there, or while the master is idle and awake. Finding
// nothing, the master goes to sleep.
svBit c_dpi_bridge_poll(void *ctx, svBit *write, unsigned int *addr, unsigned int *wdata,
                        unsigned char *strb, unsigned int *tag) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (!br) return 0;
  if (!br->req_posted) {
    br->master_asleep = 1;
    return 0;
  }
  br->req_posted = 0;
  br->in_flight = 1;
  br->just_taken = 1;
  *write = br->req_write ? 1 : 0;
  *addr = br->req_addr;
  *wdata = br->req_wdata;
  *strb = br->req_strb;
  *tag = br->tag;
  return 1;
}

// On the rising edge where the B or R handshake completes.
void c_dpi_bridge_respond(void *ctx, unsigned int tag, unsigned char resp, unsigned int rdata) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (!br) return;
  if (br->collected && tag == br->collected_tag) {
    br->collected = 0;  // fbmu_bridge_has_response took it already
    return;
  }
  br->in_flight = 0;
  if (tag != br->tag) {
    br->stats.stale_responses++;
    return;
  }
  deliver(br, resp, rdata);
}

}  // extern "C"
