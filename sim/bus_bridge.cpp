// C side of the DPI bus bridge: request/response mailbox, the DPI-C functions the SV master
// imports, and the wake-up and the response peek through its exports. Plain DPI (svdpi.h),
// independent of the Verilator harness; time advances only through the owner's hook.
#include "bus_bridge.h"

#include <cstring>

namespace {

constexpr uint32_t kDefaultTimeoutCycles = 1000;

bool is_error(uint8_t resp) { return resp != FBMU_AXI_OKAY && resp != FBMU_AXI_EXOKAY; }

int resp_to_status(uint8_t resp) { return is_error(resp) ? FBMU_E_BUS_ERROR : FBMU_OK; }

// A posted request for a sleeping master: wake it, in its own scope, so it polls on the next rising
// edge. Without a master bound yet nothing happens (the wait then runs into its bound).
void wake_master(fbmu_bridge_t *br) {
  if (!br->master_asleep || !br->sv_scope) return;
  const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
  sv_dpi_bridge_wake(++br->wakes);
  svSetScope(prev);
  br->master_asleep = 0;
}

// Tell the observer, if any, of a response.
void observe_response(fbmu_bridge_t *br, uint32_t tag, uint8_t resp, uint32_t rdata) {
  if (!br->observe) return;
  fbmu_bridge_event_t ev{};
  ev.kind = FBMU_BRIDGE_EV_RESPONSE;
  ev.tag = tag;
  ev.resp = resp;
  ev.rdata = rdata;
  br->observe(br->observe_ctx, &ev);
}

// The response of batch word br->done (responses come in order).
void deliver(fbmu_bridge_t *br, unsigned char resp, unsigned int rdata) {
  const uint32_t k = br->done++;
  const uint8_t r = static_cast<uint8_t>(resp & 3u);
  observe_response(br, br->base_tag + k, r, br->write ? 0u : rdata);
  if (!br->write) br->rvals[k] = rdata;
  if (is_error(r)) {
    br->stats.error_responses++;
    if (br->first_err == br->n) {
      br->first_err = k;
      br->err_resp = r;
    }
  }
  br->last_resp = r;
  if (br->write)
    br->stats.writes++;
  else
    br->stats.reads++;
  br->progress = 1;
}

// Post a batch of n >= 1 requests to consecutive words and wait for every response, each within
// the bound. FBMU_OK when all came back (their codes are in the batch), else the wait's failure.
int run_batch(fbmu_bridge_t *br, int write, uint32_t addr, const uint32_t *wvals, uint32_t *rvals,
              uint8_t strb, uint32_t n) {
  br->active = 1;
  br->write = write;
  br->addr = addr;
  br->wvals = wvals;
  br->rvals = rvals;
  br->strb = strb;
  br->n = n;
  br->taken = 0;
  br->done = 0;
  br->first_err = n;
  br->base_tag = br->next_tag;
  br->next_tag += n;
  br->just_taken = 0;
  wake_master(br);
  while (br->done < br->n) {
    br->progress = 0;
    int rc = br->wait_response ? br->wait_response(br->owner, br, br->timeout_cycles)
                               : FBMU_E_DISCONNECTED;
    if (rc == FBMU_OK && !br->progress) rc = FBMU_E_DISCONNECTED;  // a hook that lied
    if (rc != FBMU_OK) {
      // Abandon the batch: responses still on their way carry its tags and are dropped.
      br->stats.timeouts++;
      br->active = 0;
      return rc < 0 ? rc : FBMU_E_DISCONNECTED;
    }
  }
  br->active = 0;
  return FBMU_OK;
}

// Words of a block from addr that lie inside the unit's window (the rest get DECERR locally).
uint32_t words_in_space(uint32_t addr, uint32_t n) {
  if (addr >= FBMU_BRIDGE_ADDR_SPACE) return 0;
  const uint32_t fit = (FBMU_BRIDGE_ADDR_SPACE - addr + 3u) / 4u;
  return n < fit ? n : fit;
}

int block(fbmu_bridge_t *br, int write, uint32_t addr, const uint32_t *wvals, uint32_t *rvals,
          uint32_t n) {
  const uint32_t m = words_in_space(addr, n);
  int status = FBMU_OK;
  if (m) {
    br->stats.blocks++;
    int rc = run_batch(br, write, addr, wvals, rvals, 0xF, m);
    if (rc != FBMU_OK) return rc;
    if (br->first_err < m) status = resp_to_status(br->err_resp);
  }
  for (uint32_t k = m; k < n; k++) {
    br->stats.out_of_space++;
    if (rvals) rvals[k] = 0;
    status = status != FBMU_OK ? status : FBMU_E_BUS_ERROR;
  }
  return status;
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
  // Tags keep counting, so any response still on its way is stale.
  br->active = 0;
  br->master_asleep = 1;  // wake it on the next request, whatever the reset left it in
  br->just_taken = 0;
  br->collected = 0;
}

int fbmu_bridge_has_response(fbmu_bridge_t *br) {
  if (br->just_taken) {
    br->just_taken = 0;  // the slave presents a response one edge after taking the request at best
  } else if (br->active && br->taken == br->n && br->done + 1 == br->n && br->sv_scope) {
    // The batch's last response is presented with the ready high: its handshake completes on the
    // next rising edge whatever C does, so take it now and post the next batch before that edge.
    unsigned int tag = 0, rdata = 0;
    unsigned char resp = 0;
    const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
    const svBit presented = sv_dpi_bridge_peek(br->write ? 1 : 0, &tag, &resp, &rdata);
    svSetScope(prev);
    if (presented && tag == br->base_tag + br->n - 1) {
      deliver(br, resp, rdata);
      br->collected = 1;
      br->collected_tag = tag;
    }
  }
  return br->done == br->n || br->progress;
}

int fbmu_bridge_in_flight(const fbmu_bridge_t *br) { return br->active && br->taken > br->done; }

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
  br->single_wdata = wdata;
  int rc = run_batch(br, write, addr, &br->single_wdata, &br->single_rdata, strb, 1);
  if (rc != FBMU_OK) return rc;
  if (!write) *rdata = br->single_rdata;
  if (axi_resp) *axi_resp = br->last_resp;
  return resp_to_status(br->last_resp);
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

int fbmu_bridge_read_block(void *ctx, uint32_t addr, uint32_t *vals, uint32_t n_words) {
  if (!ctx || (n_words && !vals)) return FBMU_E_INVALID_ARGUMENT;
  return block(static_cast<fbmu_bridge_t *>(ctx), 0, addr, nullptr, vals, n_words);
}

int fbmu_bridge_write_block(void *ctx, uint32_t addr, const uint32_t *vals, uint32_t n_words) {
  if (!ctx || (n_words && !vals)) return FBMU_E_INVALID_ARGUMENT;
  return block(static_cast<fbmu_bridge_t *>(ctx), 1, addr, vals, nullptr, n_words);
}

void fbmu_bridge_throttle(fbmu_bridge_t *br, uint32_t seed) {
  if (!br || !br->sv_scope) return;
  if (br->observe) {
    fbmu_bridge_event_t ev{};
    ev.kind = FBMU_BRIDGE_EV_THROTTLE;
    ev.addr = seed;
    br->observe(br->observe_ctx, &ev);
  }
  const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
  sv_dpi_bridge_throttle(seed);
  svSetScope(prev);
}

void fbmu_bridge_shapes(const fbmu_bridge_t *br, uint64_t *aw_before_w, uint64_t *w_before_aw,
                        uint64_t *aw_w_together, uint64_t *b_backpressure, uint64_t *r_backpressure,
                        uint64_t *read_during_write, uint64_t *partial_strobe) {
  unsigned long long v[7] = {};
  if (br && br->sv_scope) {
    const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
    sv_dpi_bridge_shapes(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]);
    svSetScope(prev);
  }
  uint64_t *out[7] = {aw_before_w,    w_before_aw,       aw_w_together, b_backpressure,
                      r_backpressure, read_during_write, partial_strobe};
  for (int i = 0; i < 7; i++)
    if (out[i]) *out[i] = v[i];
}

void fbmu_bridge_break_rule(fbmu_bridge_t *br, uint32_t rule) {
  if (!br || !br->sv_scope) return;
  const svScope prev = svSetScope(static_cast<svScope>(br->sv_scope));
  sv_dpi_bridge_break(rule);
  svSetScope(prev);
}

void fbmu_bridge_observe(fbmu_bridge_t *br, fbmu_bridge_observe_fn fn, void *ctx) {
  if (!br) return;
  br->observe = fn;
  br->observe_ctx = fn ? ctx : nullptr;
}

fbmu_bus_t fbmu_bridge_bus(fbmu_bridge_t *br) {
  // In the member order of fbmu_bus_t.
  return fbmu_bus_t{fbmu_bridge_read32, fbmu_bridge_write32, br, fbmu_bridge_read_block,
                    fbmu_bridge_write_block};
}

// ---- DPI-C, called by axil_dpi_master.sv -----------------------------------------------------

// From sv_dpi_bridge_set_ctx (a context import): the scope of the master this bridge wakes.
void c_dpi_bridge_bind(void *ctx) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (br) br->sv_scope = svGetScope();
}

// On a rising edge while the master is awake and a channel is free after it: hand out the batch's
// next request when its channel is free (1), else keep the master awake while the batch runs (2);
// with no batch, the master goes to sleep (0).
unsigned char c_dpi_bridge_poll(void *ctx, svBit free_w, svBit free_r, svBit *write,
                                unsigned int *addr, unsigned int *wdata, unsigned char *strb,
                                unsigned int *tag) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (!br) return 0;
  if (!br->active) {
    br->master_asleep = 1;
    return 0;
  }
  if (br->taken == br->n || !(br->write ? free_w : free_r)) return 2;
  const uint32_t k = br->taken++;
  br->just_taken = 1;
  *write = br->write ? 1 : 0;
  *addr = br->addr + 4u * k;
  *wdata = br->write ? br->wvals[k] : 0u;
  *strb = br->strb;
  *tag = br->base_tag + k;
  if (br->observe) {
    fbmu_bridge_event_t ev{};
    ev.kind = FBMU_BRIDGE_EV_REQUEST;
    ev.tag = *tag;
    ev.write = br->write;
    ev.addr = *addr;
    ev.wdata = *wdata;
    ev.strb = *strb;
    br->observe(br->observe_ctx, &ev);
  }
  return 1;
}

// On the rising edge where a B or R handshake completes, in order per channel.
void c_dpi_bridge_respond(void *ctx, unsigned int tag, unsigned char resp, unsigned int rdata) {
  fbmu_bridge_t *br = static_cast<fbmu_bridge_t *>(ctx);
  if (!br) return;
  if (br->collected && tag == br->collected_tag) {
    br->collected = 0;  // fbmu_bridge_has_response took it already
    return;
  }
  if (!br->active || br->done >= br->taken || tag != br->base_tag + br->done) {
    br->stats.stale_responses++;
    observe_response(br, tag, static_cast<uint8_t>(resp & 3u), rdata);
    return;
  }
  deliver(br, resp, rdata);
}

}  // extern "C"
