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
  // A 4 KiB lease holding pattern(4096, seed) (*data), read back whole once, which fills STAGING.
  fbmu_lease_info_t filled_lease(uint8_t seed, Bytes *data) {
    fbmu_lease_info_t a = alloc_ok(4096);
    *data = pattern(4096, seed);
    EXPECT_OK(fbmu_write_lease(dev, a.lease_id, 0, data->data(), 4096));
    Bytes buf(4096);
    uint32_t n = 0;
    EXPECT_OK(fbmu_read_lease(dev, a.lease_id, 0, buf.data(), 4096, &n));
    EXPECT_EQ(buf, *data);
    return a;
  }
  // READ_LEASE of len bytes at off that must succeed with n bytes; then STAGING must hold exactly
  // data[off, off + n) followed by zeros.
  void read_leaves_only(const fbmu_lease_info_t &a, const Bytes &data, uint32_t off, uint32_t len,
                        uint32_t n) {
    Bytes buf(len);
    uint32_t got = 0;
    ASSERT_OK(fbmu_read_lease(dev, a.lease_id, off, buf.data(), len, &got));
    ASSERT_EQ(got, n);
    const std::vector<uint8_t> s = staging();
    EXPECT_EQ(Bytes(s.begin(), s.begin() + n), Bytes(data.begin() + off, data.begin() + off + n));
    EXPECT_EQ(nonzero_from(s, n), 0u);
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
  Bytes data;
  const fbmu_lease_info_t a = filled_lease(11, &data);
  // A shorter, unaligned read: STAGING holds its 13 bytes and nothing of the 4 KiB before.
  read_leaves_only(a, data, 5, 13, 13);
  // The next command clears it, whatever it is.
  fbmu_lease_info_t info{};
  ASSERT_OK(fbmu_query(dev, a.lease_id, &info));
  EXPECT_EQ(nonzero_from(staging(), 0), 0u);
}

TEST_F(StagingClear, BytesPastAShortReadReadZero) {
  Bytes data;
  const fbmu_lease_info_t a = filled_lease(29, &data);
  read_leaves_only(a, data, 4096 - 37, 4096, 37);  // 37 bytes left before the arena's end
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
