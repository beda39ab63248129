// The read-only registers of the map, written out by hand (not taken from the generated access
// table, so the suites check the map rather than repeat it): a write to each gives SLVERR.
#ifndef FBMU_TESTS_RO_REGISTERS_H
#define FBMU_TESTS_RO_REGISTERS_H

#include <cstdint>

#include "fbmu_regs.h"

namespace fbmu_test {

inline constexpr uint32_t kReadOnlyRegs[] = {
    FBMU_REG_ID,
    FBMU_REG_VERSION,
    FBMU_REG_CAP_MEM_BYTES,
    FBMU_REG_CAP_SLOTS,
    FBMU_REG_CAP_MAX_IO,
    FBMU_REG_ARENA_SIZE,
    FBMU_REG_RTC_LO,
    FBMU_REG_RTC_HI,
    FBMU_REG_STATUS,
    FBMU_REG_RES_ID_0,
    FBMU_REG_RES_ID_1,
    FBMU_REG_RES_ID_2,
    FBMU_REG_RES_ID_3,
    FBMU_REG_RES_SIZE_LO,
    FBMU_REG_RES_SIZE_HI,
    FBMU_REG_RES_TIME_LO,
    FBMU_REG_RES_TIME_HI,
    FBMU_REG_RES_STATUS,
    FBMU_REG_RES_LEN,
    FBMU_REG_EVT_COUNT,
    FBMU_REG_RESET_EPOCH_LO,
    FBMU_REG_RESET_EPOCH_HI,
};

}  // namespace fbmu_test

#endif  // FBMU_TESTS_RO_REGISTERS_H
