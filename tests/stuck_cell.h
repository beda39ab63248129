// Stuck-cell faults aimed at one lease, for tests that need its teardown's read-back to fail
// (docs/spec.md section 8). The lease's frame is found through a backdoor read of arena memory: a
// marker written at the lease's offset 0 is looked for at the start of each frame.
#ifndef FBMU_TESTS_STUCK_CELL_H
#define FBMU_TESTS_STUCK_CELL_H

#include <cstdint>

#include "fbmu.h"
#include "test_util.h"

namespace fbmu_test {

// The frame of live lease `id` (>= 1), or -1 (driver call failed or no frame holds the marker).
// The lease's first 12 bytes are overwritten. peek(addr, buf, len) reads arena memory as stored.
template <typename Peek>
int64_t find_lease_frame(fbmu_t *dev, fbmu_lease_id_t id, uint64_t mem_bytes, Peek peek,
                         uint64_t *arena) {
  fbmu_lease_info_t info{};
  if (fbmu_query(dev, id, &info) != FBMU_OK) return -1;
  *arena = info.arena_size;
  const Bytes marker = {0xA5,
                        0x5A,
                        0xC3,
                        0x3C,
                        0x96,
                        0x69,
                        0x0F,
                        0xF0,
                        static_cast<uint8_t>(id.lo),
                        static_cast<uint8_t>(id.lo >> 8),
                        static_cast<uint8_t>(id.hi),
                        static_cast<uint8_t>(id.hi >> 8)};
  if (fbmu_write_lease(dev, id, 0, marker.data(), static_cast<uint32_t>(marker.size())) != FBMU_OK)
    return -1;
  Bytes head(marker.size());
  for (uint64_t f = 1; f < mem_bytes / *arena; f++) {
    if (peek(f * *arena, head.data(), static_cast<uint32_t>(head.size())) != FBMU_OK) return -1;
    if (head == marker) return static_cast<int64_t>(f);
  }
  return -1;
}

// The bit address (byte * 8 + bit) the tests stick: bit 3 of byte 5 of the frame.
inline uint32_t stuck_bit_in_frame(uint64_t frame, uint64_t arena) {
  return static_cast<uint32_t>((frame * arena + 5u) * 8u + 3u);
}

}  // namespace fbmu_test

#endif  // FBMU_TESTS_STUCK_CELL_H
