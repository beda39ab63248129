/* FBMU types and codes shared by the driver, the golden model and the simulation harness.
 *
 * The status codes, opcodes, lease states and event kinds come from the generated fbmu_regs.h
 * (regs/fbmu_regs.toml). This header holds only plain data types, so the model and the harness can
 * speak the driver's language without linking the driver.
 */
#ifndef FBMU_TYPES_H
#define FBMU_TYPES_H

#include <stdint.h>

#include "fbmu_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint64_t hi, lo;
} fbmu_lease_id_t;

typedef struct {
  fbmu_lease_id_t lease_id;
  uint64_t arena_size;
  uint64_t expires_at_unix_secs;
  uint8_t status; /* FBMU_LEASE_ACTIVE, _EXPIRED, _REVOKED, _FENCED */
} fbmu_lease_info_t;

/* read32/write32 return 0 for an OKAY response, FBMU_E_BUS_ERROR for an error response and
 * FBMU_E_DISCONNECTED when the bus gave no answer within its own bound.
 *
 * The block callbacks are optional (NULL: the driver falls back to read32/write32). They move
 * n_words consecutive 32-bit words starting at addr (addr, addr + 4, ...) and may overlap the
 * transactions on the bus; they return 0 when every word got an OKAY response, else the first
 * error in word order (words after an error may or may not have been transferred). */
typedef struct {
  int (*read32)(void *ctx, uint32_t addr, uint32_t *val);
  int (*write32)(void *ctx, uint32_t addr, uint32_t val);
  void *ctx;
  int (*read_block)(void *ctx, uint32_t addr, uint32_t *vals, uint32_t n_words);
  int (*write_block)(void *ctx, uint32_t addr, const uint32_t *vals, uint32_t n_words);
} fbmu_bus_t;

/* A teardown event: which lease ended, why (FBMU_EVENT_*), at which RTC second. */
typedef struct {
  fbmu_lease_id_t lease_id;
  uint8_t kind;
  uint64_t time_unix_secs;
} fbmu_event_t;

#ifdef __cplusplus
}
#endif

#endif /* FBMU_TYPES_H */
