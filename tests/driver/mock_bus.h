// A scripted fbmu_bus_t for driver unit tests.
//
// The expected register accesses are data: a list of steps {read/write, address, value, return
// code}. For a write step the value is the one the driver must write; for a read step it is the
// value handed back. Each access the driver makes is checked against the next step. The first
// mismatch is recorded with a readable message (step index, expected and actual access) and the
// bus derails: every later access answers FBMU_E_BUS_ERROR, so the driver stops at once and the
// report shows the real cause instead of a cascade.
//
// Modes: fail_step(n, rc) makes step n answer rc (its access is still checked);
// busy_forever(from) makes every STATUS read after the first `from` steps answer BUSY without
// consuming a step; enable_blocks() offers read_block/write_block callbacks, which check each word
// against the script as single accesses would and are logged as block calls.
#ifndef FBMU_TESTS_DRIVER_MOCK_BUS_H
#define FBMU_TESTS_DRIVER_MOCK_BUS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fbmu.h"

namespace fbmu_mock {

enum class Kind { kRead, kWrite };

struct Step {
  Kind kind;
  uint32_t addr;
  uint32_t value;  // write: expected value; read: value returned
  int rc;          // what the bus callback returns
};

// After an error response inside a block: stop there (the word that failed is the last one), or
// run on through the block's remaining words as a pipelined bus would, returning the first error.
enum class BlockError { kStop, kRunOn };

struct BlockCall {
  Kind kind;
  uint32_t addr;
  uint32_t n_words;
};

struct Access {
  Kind kind;
  uint32_t addr;
  uint32_t value;  // write: value written; read: value returned
};

// A STATUS word with BUSY and RESULT set (RESULT as the device's signed 8-bit code).
uint32_t status_word(bool busy, int result);
// "STATUS", "ARG_ID_0", "STAGING+0x10", ... for messages.
std::string reg_name(uint32_t addr);

class MockBus {
 public:
  MockBus();
  MockBus(const MockBus &) = delete;
  MockBus &operator=(const MockBus &) = delete;

  const fbmu_bus_t *bus() const { return &bus_; }

  // ---- Script: single accesses ----
  MockBus &expect_read(uint32_t addr, uint32_t value, int rc = 0);
  MockBus &expect_write(uint32_t addr, uint32_t value, int rc = 0);

  // ---- Script: the pieces of a command (spec 13) ----
  // One STATUS read showing the unit idle (BUSY clear); `stale` is the RESULT left from before.
  MockBus &idle(int stale = 0);
  // n STATUS reads with BUSY set.
  MockBus &busy(unsigned n);
  // One STATUS read with BUSY and XFER set (a READ's copy runs, or a streamed write takes data).
  MockBus &xfer();
  MockBus &arg_id(fbmu_lease_id_t id);  // ARG_ID_0..3
  MockBus &arg_a(uint64_t v);           // ARG_A_LO, ARG_A_HI
  MockBus &arg_b(uint64_t v);           // ARG_B_LO, ARG_B_HI
  MockBus &arg_len(uint32_t v);         // ARG_LEN
  // CMD write, busy_polls BUSY reads, then the STATUS read that carries the result.
  MockBus &cmd(uint32_t opcode, int result, unsigned busy_polls = 0);
  MockBus &res_id(fbmu_lease_id_t id);  // RES_ID_0..3
  MockBus &res_size(uint64_t v);        // RES_SIZE_LO, RES_SIZE_HI
  MockBus &res_time(uint64_t v);        // RES_TIME_LO, RES_TIME_HI
  MockBus &res_status(uint32_t v);      // RES_STATUS
  MockBus &res_len(uint32_t v);         // RES_LEN
  // A lease's info as ALLOC and QUERY return it: res_id, res_size, res_time, res_status.
  MockBus &res_info(fbmu_lease_id_t id, uint64_t size, uint64_t expires, uint32_t status);
  // STAGING words carrying len bytes (little-endian, last word zero-padded): writes or reads.
  MockBus &staging_write(const uint8_t *data, uint32_t len);
  MockBus &staging_read(const uint8_t *data, uint32_t len);
  MockBus &cap_max_io(uint32_t v);  // CAP_MAX_IO read

  // ---- Modes ----
  void fail_step(size_t index, int rc);
  void busy_forever(size_t from_step = 0);
  void enable_blocks(BlockError on_error = BlockError::kStop);

  // ---- Results ----
  const std::vector<Step> &steps() const { return steps_; }
  const std::vector<Access> &log() const { return log_; }
  size_t consumed() const { return next_; }
  size_t accesses() const { return log_.size(); }
  size_t writes() const;
  size_t status_reads() const;  // every STATUS read, scripted or busy-forever
  const std::vector<BlockCall> &block_calls() const { return blocks_; }
  bool mismatched() const { return !mismatches_.empty(); }
  // Mismatches and unconsumed steps, one per line; empty when the script ran exactly.
  std::string report() const;
  bool clean() const { return !mismatched() && next_ == steps_.size(); }

 private:
  static int read_cb(void *ctx, uint32_t addr, uint32_t *val);
  static int write_cb(void *ctx, uint32_t addr, uint32_t val);
  static int read_block_cb(void *ctx, uint32_t addr, uint32_t *vals, uint32_t n_words);
  static int write_block_cb(void *ctx, uint32_t addr, const uint32_t *vals, uint32_t n_words);
  // A 64-bit value as two 32-bit steps (LO then HI), and a lease id as four (ID_0..3).
  MockBus &expect_u64(Kind kind, uint32_t lo_reg, uint32_t hi_reg, uint64_t v);
  MockBus &expect_id(Kind kind, const uint32_t (&regs)[4], fbmu_lease_id_t id);
  int access(Kind kind, uint32_t addr, uint32_t *val);
  int block(Kind kind, uint32_t addr, uint32_t *vals, uint32_t n_words);

  fbmu_bus_t bus_;
  std::vector<Step> steps_;
  std::vector<Access> log_;
  std::vector<std::string> mismatches_;
  size_t next_ = 0;
  bool derailed_ = false;
  bool busy_forever_ = false;
  size_t busy_from_ = 0;
  std::vector<std::pair<size_t, int>> failures_;
  std::vector<BlockCall> blocks_;
  BlockError block_error_ = BlockError::kStop;
};

}  // namespace fbmu_mock

#endif  // FBMU_TESTS_DRIVER_MOCK_BUS_H
