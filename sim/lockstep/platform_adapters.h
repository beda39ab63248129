// FBMU lockstep: the platform port (driver/fbmu_platform.h) of each side of the checker.
//
// STOPGAP, to be replaced: the model and the harness are getting their own tables,
// fbmu_model_platform(model) and fbmu_sim_platform(sim). When they land, the checker takes those
// (two lines in fbmu_lockstep_create, lockstep.cpp) and this file and platform_adapters.cpp go.
#ifndef FBMU_LOCKSTEP_PLATFORM_ADAPTERS_H
#define FBMU_LOCKSTEP_PLATFORM_ADAPTERS_H

#include "fbmu.h"
#include "fbmu_model.h"
#include "fbmu_platform.h"
#include "fbmu_sim.h"

namespace fbmu_lockstep_stopgap {

// Fill *out with the platform ops of the model / the RTL harness (ctx = the model / simulation).
void ModelPlatform(fbmu_model_t *m, fbmu_platform_t *out);
void SimPlatform(fbmu_sim_t *sim, fbmu_platform_t *out);

}  // namespace fbmu_lockstep_stopgap

#endif  // FBMU_LOCKSTEP_PLATFORM_ADAPTERS_H
