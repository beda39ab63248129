/* The consumer's workload: one lease through the public driver API on any bus. Returns 0 on
 * success, else prints what failed and returns 1. */
#ifndef CONSUMER_LEASE_H
#define CONSUMER_LEASE_H

#include <stdio.h>
#include <string.h>

#include "fbmu.h"

#define CONSUMER_CHECK(call)                                                             \
  do {                                                                                   \
    int rc_ = (call);                                                                    \
    if (rc_ != FBMU_OK) {                                                                \
      fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, fbmu_strerror(rc_)); \
      return 1;                                                                          \
    }                                                                                    \
  } while (0)

static int consumer_lease_roundtrip(const fbmu_bus_t *bus, const char *what) {
  fbmu_t *dev = NULL;
  fbmu_lease_info_t info;
  char out[32] = {0};
  const char msg[] = "hello from a consumer";
  uint32_t n = 0;
  CONSUMER_CHECK(fbmu_open(bus, &dev));
  CONSUMER_CHECK(fbmu_alloc(dev, 64, 60, &info));
  CONSUMER_CHECK(fbmu_write_lease(dev, info.lease_id, 3, msg, sizeof msg));
  CONSUMER_CHECK(fbmu_read_lease(dev, info.lease_id, 3, out, sizeof msg, &n));
  if (n != sizeof msg || memcmp(out, msg, sizeof msg) != 0) {
    fprintf(stderr, "%s: read back %u bytes that differ from what was written\n", what, n);
    return 1;
  }
  CONSUMER_CHECK(fbmu_free(dev, info.lease_id));
  if (fbmu_read_lease(dev, info.lease_id, 0, out, 1, &n) != FBMU_E_REVOKED) {
    fprintf(stderr, "%s: a freed lease still reads\n", what);
    return 1;
  }
  fbmu_close(dev);
  printf("%s: lease of %llu bytes written, read back and revoked\n", what,
         (unsigned long long)info.arena_size);
  return 0;
}

#endif /* CONSUMER_LEASE_H */
