/* FBMU C driver: lease-based arena memory over an AXI4-Lite register interface.
 *
 * Every function returns an int status code: FBMU_OK (0) or a negative FBMU_E_* code (generated
 * from regs/fbmu_regs.toml into fbmu_regs.h). The driver reaches the device only through the
 * fbmu_bus_t it is opened with, keeps no globals, checks its arguments before any bus access and
 * bounds every wait. Behaviour: docs/spec.md.
 */
#ifndef FBMU_H
#define FBMU_H

#include <stdint.h>

#include "fbmu_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fbmu fbmu_t; /* opaque driver handle */

/* Default bound on STATUS polls while waiting for BUSY to clear. */
#define FBMU_DEFAULT_POLL_LIMIT 1000000u

int fbmu_open(const fbmu_bus_t *bus, fbmu_t **out);
void fbmu_close(fbmu_t *dev);
int fbmu_hello(fbmu_t *dev);
int fbmu_get_arena_size(fbmu_t *dev, uint64_t *size);
int fbmu_read(fbmu_t *dev, uint64_t offset, void *buf, uint32_t len, uint32_t *n_read);
int fbmu_write(fbmu_t *dev, uint64_t offset, const void *data, uint32_t len);
int fbmu_alloc(fbmu_t *dev, uint64_t min_bytes, uint64_t lease_secs, fbmu_lease_info_t *info);
int fbmu_query(fbmu_t *dev, fbmu_lease_id_t id, fbmu_lease_info_t *info);
int fbmu_renew(fbmu_t *dev, fbmu_lease_id_t id, uint64_t secs, uint64_t *expires_at);
int fbmu_free(fbmu_t *dev, fbmu_lease_id_t id);
int fbmu_read_lease(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, void *buf, uint32_t len,
                    uint32_t *n_read);
int fbmu_write_lease(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, const void *data,
                     uint32_t len);
const char *fbmu_strerror(int code);

/* Extensions beyond the contract's fixed API. */

/* Pop the oldest teardown event: FBMU_OK with *ev filled, FBMU_E_NOT_FOUND when none is pending. */
int fbmu_read_event(fbmu_t *dev, fbmu_event_t *ev);
/* Events pending and events dropped on a full FIFO (either pointer may be NULL, not both). */
int fbmu_event_count(fbmu_t *dev, uint32_t *pending, uint32_t *dropped);
/* Bound on STATUS polls per wait (>= 1); exceeding it gives FBMU_E_DISCONNECTED. */
int fbmu_set_poll_limit(fbmu_t *dev, uint32_t max_polls);

/* fbmu_write and fbmu_write_lease, also saying how many bytes landed. *n_written (not NULL) is set
 * to 0 on entry, then counts the bytes of the chunks the unit confirmed written, also when a later
 * chunk fails. Each chunk is atomic: a chunk that failed wrote nothing, except when the bus failed
 * while the driver waited for that chunk's result (the chunk may have landed; it is not counted),
 * and except a chunk whose streamed write the bus abandoned: it ends with FBMU_E_TIMEOUT after a
 * prefix landed, and that prefix is counted (docs/spec.md section 7).
 */
int fbmu_write_ex(fbmu_t *dev, uint64_t offset, const void *data, uint32_t len,
                  uint32_t *n_written);
int fbmu_write_lease_ex(fbmu_t *dev, fbmu_lease_id_t id, uint64_t offset, const void *data,
                        uint32_t len, uint32_t *n_written);

/* Attempts of one command whose setup writes get an error response (the unit went busy between the
 * driver's idle check and its writes: a platform request came in), and of reading ALLOC's result
 * (docs/spec.md section 13). */
#define FBMU_RETRY_ATTEMPTS 4u

#ifdef __cplusplus
}
#endif

#endif /* FBMU_H */
