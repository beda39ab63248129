// The bus master's mode, its shape counters and the protocol checkers' verdict, for either harness
// (fbmu_sim.cpp, systemc/fbmu_sim_sc.cpp): everything goes through the DPI bridge and the
// testbench scope beside the master's.
#include <cstring>
#include <string>

#include "bus_bridge.h"
#include "fbmu_sim.h"

extern "C" {
// Exported by fbmu_tb.sv.
unsigned int sv_dpi_bus_check(const char **first_rule);
}

namespace {

// The testbench's scope: the parent of the master's (".u_bridge").
svScope tb_scope(const fbmu_bridge_t *br) {
  if (!br || !br->sv_scope) return nullptr;
  const char *name = svGetNameFromScope(static_cast<svScope>(br->sv_scope));
  if (!name) return nullptr;
  std::string tb(name);
  const size_t dot = tb.rfind('.');
  if (dot == std::string::npos) return nullptr;
  tb.resize(dot);
  return svGetScopeFromName(tb.c_str());
}

}  // namespace

extern "C" {

int fbmu_sim_set_bus_seed(fbmu_sim_t *sim, uint32_t seed) {
  fbmu_bridge_t *br = fbmu_sim_bridge(sim);
  if (!br) return FBMU_E_INVALID_ARGUMENT;
  fbmu_bridge_throttle(br, seed);
  return FBMU_OK;
}

int fbmu_sim_bus_shapes(fbmu_sim_t *sim, fbmu_sim_bus_shapes_t *out) {
  const fbmu_bridge_t *br = fbmu_sim_bridge(sim);
  if (!br || !out) return FBMU_E_INVALID_ARGUMENT;
  fbmu_bridge_shapes(br, &out->aw_before_w, &out->w_before_aw, &out->aw_w_together,
                     &out->b_backpressure, &out->r_backpressure, &out->read_during_write,
                     &out->partial_strobe);
  return FBMU_OK;
}

int fbmu_sim_bus_protocol_errors(fbmu_sim_t *sim, uint64_t *count, const char **first_rule) {
  const svScope scope = tb_scope(fbmu_sim_bridge(sim));
  if (!scope || !count) return FBMU_E_INVALID_ARGUMENT;
  const char *rule = "";
  const svScope prev = svSetScope(scope);
  *count = sv_dpi_bus_check(&rule);
  svSetScope(prev);
  if (first_rule) *first_rule = rule ? rule : "";
  return FBMU_OK;
}

int fbmu_sim_bus_break_rule(fbmu_sim_t *sim, uint32_t rule) {
  fbmu_bridge_t *br = fbmu_sim_bridge(sim);
  if (!br) return FBMU_E_INVALID_ARGUMENT;
  fbmu_bridge_break_rule(br, rule);
  return FBMU_OK;
}

}  // extern "C"
