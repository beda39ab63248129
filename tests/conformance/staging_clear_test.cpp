// STAGING holds no earlier command's bytes (spec section 7): after a leased write it reads zero,
// after a leased read it holds exactly the bytes read and zeros after them (also after a short
// read), and the next command clears it. Read through plain register accesses on the target's bus.
#include <cstdint>
#include <vector>

#include "fixture.h"

namespace fbmu_test {
namespace {

class StagingClear : public Conformance {
 protected:
  // The whole STAGING window, word by word.
  std::vector<uint8_t> staging() {
    std::vector<uint8_t> out(FBMU_WIN_STAGING_SIZE, 0xEE);
    const fbmu_bus_t *bus = target->bus();
    for (uint32_t i = 0; i < FBMU_WIN_STAGING_SIZE; i += 4) {
      uint32_t w = 0xEEEEEEEEu;
      EXPECT_OK(bus->read32(bus->ctx, FBMU_WIN_STAGING + i, &w)) << "STAGING +" << i;
      for (uint32_t b = 0; b < 4; b++) out[i + b] = static_cast<uint8_t>(w >> (8 * b));
    }
    return out;
  }
  static size_t nonzero_from(const std::vector<uint8_t> &v, size_t from) {
    size_t n = 0;
    for (size_t i = from; i < v.size(); i++) n += v[i] != 0;
    return n;
  }
  static Bytes pattern(size_t n, uint8_t seed) {
    Bytes b(n);
    for (size_t i = 0; i < n; i++) b[i] = static_cast<uint8_t>(seed + 7 * i) | 1;  // never zero
    return b;
  }
};

TEST_F(StagingClear, ReadsZeroAfterALeasedWrite) {
  fbmu_lease_info_t a = alloc_ok(4096);
  const Bytes data = pattern(4096, 3);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, data.data(), 4096));
  EXPECT_EQ(nonzero_from(staging(), 0), 0u);
  // Also after a write that failed its range check: its bytes were never copied, and are gone.
  EXPECT_RC(FBMU_E_OUT_OF_RANGE, fbmu_write_lease(dev, a.lease_id, 4000, data.data(), 200));
  EXPECT_EQ(nonzero_from(staging(), 0), 0u);
}

TEST_F(StagingClear, HoldsOnlyTheBytesOfTheLastReadThenZeros) {
  fbmu_lease_info_t a = alloc_ok(4096);
  const Bytes data = pattern(4096, 11);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, data.data(), 4096));
  std::vector<uint8_t> buf(4096);
  uint32_t n = 0;
  ASSERT_OK(fbmu_read_lease(dev, a.lease_id, 0, buf.data(), 4096, &n));
  ASSERT_EQ(n, 4096u);
  // A shorter, unaligned read: STAGING holds its 13 bytes and nothing of the 4 KiB before.
  ASSERT_OK(fbmu_read_lease(dev, a.lease_id, 5, buf.data(), 13, &n));
  ASSERT_EQ(n, 13u);
  std::vector<uint8_t> s = staging();
  EXPECT_EQ(Bytes(s.begin(), s.begin() + 13), Bytes(data.begin() + 5, data.begin() + 18));
  EXPECT_EQ(nonzero_from(s, 13), 0u);
  // The next command clears it, whatever it is.
  fbmu_lease_info_t info{};
  ASSERT_OK(fbmu_query(dev, a.lease_id, &info));
  EXPECT_EQ(nonzero_from(staging(), 0), 0u);
}

TEST_F(StagingClear, BytesPastAShortReadReadZero) {
  fbmu_lease_info_t a = alloc_ok(4096);
  const Bytes data = pattern(4096, 29);
  ASSERT_OK(fbmu_write_lease(dev, a.lease_id, 0, data.data(), 4096));
  std::vector<uint8_t> buf(4096);
  uint32_t n = 0;
  ASSERT_OK(fbmu_read_lease(dev, a.lease_id, 0, buf.data(), 4096, &n));  // fills STAGING
  ASSERT_OK(fbmu_read_lease(dev, a.lease_id, 4096 - 37, buf.data(), 4096, &n));
  ASSERT_EQ(n, 37u);
  std::vector<uint8_t> s = staging();
  EXPECT_EQ(Bytes(s.begin(), s.begin() + 37), Bytes(data.end() - 37, data.end()));
  EXPECT_EQ(nonzero_from(s, 37), 0u);
}

TEST_F(StagingClear, BytesWrittenToStagingAreGoneAfterAnotherCommand) {
  const fbmu_bus_t *bus = target->bus();
  ASSERT_OK(bus->write32(bus->ctx, FBMU_WIN_STAGING + 8, 0xA5A5A5A5u));
  EXPECT_EQ(staging()[8], 0xA5);
  uint64_t size = 0;
  ASSERT_OK(fbmu_get_arena_size(dev, &size));
  EXPECT_EQ(nonzero_from(staging(), 0), 0u);
}

}  // namespace
}  // namespace fbmu_test
