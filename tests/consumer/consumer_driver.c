/* Consumer built with pkg-config only (fbmu-driver.pc): the driver on a bus that answers nothing
 * but errors, which the driver must report as such without crashing. */
#include <stdio.h>

#include "fbmu.h"

static int no_read(void *ctx, uint32_t addr, uint32_t *val) {
  (void)ctx, (void)addr, (void)val;
  return FBMU_E_BUS_ERROR;
}
static int no_write(void *ctx, uint32_t addr, uint32_t val) {
  (void)ctx, (void)addr, (void)val;
  return FBMU_E_BUS_ERROR;
}

int main(void) {
  fbmu_bus_t bus = {no_read, no_write, NULL, NULL, NULL};
  fbmu_t *dev = NULL;
  if (fbmu_open(&bus, &dev) != FBMU_OK) return 1;
  int rc = fbmu_hello(dev);
  fbmu_close(dev);
  printf("pkg-config driver: hello on a dead bus gives %d (%s)\n", rc, fbmu_strerror(rc));
  return rc == FBMU_E_BUS_ERROR ? 0 : 1;
}
