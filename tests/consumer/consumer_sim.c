/* Consumer: the driver against the Verilated RTL (fbmu::driver + fbmu::sim). */
#include "consumer_lease.h"
#include "fbmu_sim.h"

int main(void) {
  fbmu_sim_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.start_time = 1000;
  cfg.id_seed = 42;
  fbmu_sim_t *sim = fbmu_sim_create(&cfg);
  if (!sim) return 1;
  int rc = consumer_lease_roundtrip(fbmu_sim_bus(sim), "rtl");
  fbmu_sim_destroy(sim);
  return rc;
}
