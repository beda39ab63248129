/* Consumer: the driver against the golden model (fbmu::driver + fbmu::model). */
#include "consumer_lease.h"
#include "fbmu_model.h"

int main(void) {
  fbmu_model_t *m = fbmu_model_create(NULL);
  if (!m) return 1;
  int rc = consumer_lease_roundtrip(fbmu_model_bus(m), "model");
  fbmu_model_destroy(m);
  return rc;
}
