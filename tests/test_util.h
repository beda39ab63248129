// Helpers shared by every GoogleTest suite: result codes compared and printed with their names
// ("fbmu_free(dev, id) gave -2 (lease expired), expected FBMU_OK = 0 (ok)"), and test data.
#ifndef FBMU_TESTS_TEST_UTIL_H
#define FBMU_TESTS_TEST_UTIL_H

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fbmu.h"

namespace fbmu_test {

inline ::testing::AssertionResult RcEq(const char *expected_expr, const char *actual_expr,
                                       int expected, int actual) {
  if (expected == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << actual_expr << " gave " << actual << " (" << fbmu_strerror(actual) << "), expected "
         << expected_expr << " = " << expected << " (" << fbmu_strerror(expected) << ")";
}

using Bytes = std::vector<uint8_t>;

// A deterministic non-repeating-looking pattern; different salts give different patterns.
inline Bytes pattern(size_t n, uint32_t salt = 1) {
  Bytes b(n);
  uint32_t x = 0x9E3779B9u * (salt + 1u);
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    b[i] = static_cast<uint8_t>(x >> 24);
  }
  return b;
}

// Stdout since ::testing::internal::CaptureStdout() (Verilator prints assertion failures there),
// echoed so that a failing test still shows it.
inline std::string TakeCapturedStdout() {
  std::fflush(stdout);
  std::string out = ::testing::internal::GetCapturedStdout();
  std::printf("%s", out.c_str());
  return out;
}

}  // namespace fbmu_test

#define EXPECT_RC(expected, expr) EXPECT_PRED_FORMAT2(::fbmu_test::RcEq, expected, expr)
#define ASSERT_RC(expected, expr) ASSERT_PRED_FORMAT2(::fbmu_test::RcEq, expected, expr)
#define EXPECT_OK(expr) EXPECT_RC(FBMU_OK, expr)
#define ASSERT_OK(expr) ASSERT_RC(FBMU_OK, expr)

#endif  // FBMU_TESTS_TEST_UTIL_H
