// The platform inputs of the simulation top (sim/fbmu_tb.sv) as the harness holds them
// (fbmu_sim_backend.h); fbmu_sim_api.cpp, for both backends, hands these to the
// exported sv_dpi_drive whenever one changes.
#ifndef FBMU_SIM_TB_INPUTS_H
#define FBMU_SIM_TB_INPUTS_H

#include <cstdint>

struct fbmu_tb_inputs {
  uint64_t rtc = 0;  // the time published last (fbmu_tb publishes a changed value)
  bool online = true;
  uint64_t id_seed = 0;
  bool plat_req = false;
  uint8_t plat_op = 0;
  uint32_t plat_arg = 0;
  bool bus_stall = false;
};

#endif  // FBMU_SIM_TB_INPUTS_H
