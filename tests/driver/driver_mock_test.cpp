// The C driver against a scripted mock bus: exact register sequences, result codes, argument
// checks, lengths and chunking, bus failures at every step, bounded polling, error strings.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "fbmu.h"
#include "mock_bus.h"

using fbmu_mock::Kind;
using fbmu_mock::MockBus;
using fbmu_mock::status_word;

namespace {

const fbmu_lease_id_t kId = {0x1122334455667788ull, 0x99AABBCCDDEEFF00ull};  // {hi, lo}

std::vector<uint8_t> pattern(size_t n, uint8_t seed = 1) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; i++) v[i] = static_cast<uint8_t>(seed + 37 * i);
  return v;
}

// The QUERY a chunked lease write starts with (spec 13), answered with an Active lease.
MockBus &query_active(MockBus &m, uint64_t arena_size, uint64_t expires) {
  return m.idle()
      .arg_id(kId)
      .cmd(FBMU_OP_QUERY, FBMU_OK)
      .res_info(kId, arena_size, expires, FBMU_LEASE_ACTIVE);
}

// One streamed write chunk after the idle check (and the id, under a lease): the arguments and
// CMD; a failed check (or length 0) ends there with its result; else XFER, the STAGING words, and
// the command's end.
MockBus &write_args(MockBus &m, uint32_t opcode, uint64_t off, const uint8_t *data, uint32_t len,
                    int result, unsigned busy_polls) {
  m.arg_a(off).arg_len(len);
  if (result != FBMU_OK || len == 0) return m.cmd(opcode, result, busy_polls);
  return m.expect_write(FBMU_REG_CMD, opcode)
      .busy(busy_polls)
      .xfer()
      .staging_write(data, len)
      .expect_read(FBMU_REG_STATUS, status_word(false, FBMU_OK));
}

// One WRITE_STREAM chunk to the bootstrap arena.
MockBus &write_chunk(MockBus &m, uint64_t off, const uint8_t *data, uint32_t len, int result) {
  return write_args(m.idle(), FBMU_OP_WRITE_STREAM, off, data, len, result, 0);
}

// One WRITE_LEASE_STREAM chunk of kId.
MockBus &write_lease_chunk(MockBus &m, uint64_t off, const uint8_t *data, uint32_t len, int result,
                           unsigned busy_polls = 0) {
  return write_args(m.idle().arg_id(kId), FBMU_OP_WRITE_LEASE_STREAM, off, data, len, result,
                    busy_polls);
}

// One read chunk that succeeds, after the idle check (and the id): asks for `asked` bytes at
// `off`, the device returns `got` (a short chunk when got < asked) and the driver reads them from
// STAGING.
MockBus &read_args(MockBus &m, uint32_t opcode, uint64_t off, uint32_t asked, const uint8_t *data,
                   uint32_t got) {
  return m.arg_a(off).arg_len(asked).cmd(opcode, FBMU_OK).res_len(got).staging_read(data, got);
}

// One READ chunk of the bootstrap arena that succeeds.
MockBus &read_chunk(MockBus &m, uint64_t off, uint32_t asked, const uint8_t *data, uint32_t got) {
  return read_args(m.idle(), FBMU_OP_READ, off, asked, data, got);
}

// One READ_LEASE chunk of kId that succeeds.
MockBus &read_lease_chunk(MockBus &m, uint64_t off, uint32_t asked, const uint8_t *data,
                          uint32_t got) {
  return read_args(m.idle().arg_id(kId), FBMU_OP_READ_LEASE, off, asked, data, got);
}

// A read returned exactly `want` bytes (*n_read), the first ones of src.
void expect_got(const uint8_t *buf, const uint8_t *src, uint32_t n, uint32_t want) {
  EXPECT_EQ(n, want);
  EXPECT_EQ(0, std::memcmp(buf, src, want));
}

// Steps [from, to) of src's script appended to m's.
void copy_steps(MockBus &m, const MockBus &src, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    const fbmu_mock::Step &st = src.steps()[i];
    if (st.kind == Kind::kRead)
      m.expect_read(st.addr, st.value, st.rc);
    else
      m.expect_write(st.addr, st.value, st.rc);
  }
}

// The lease info a command returned is kId's with these fields.
void expect_info(const fbmu_lease_info_t &info, uint64_t size, uint64_t expires, uint8_t status) {
  EXPECT_EQ(info.lease_id.hi, kId.hi);
  EXPECT_EQ(info.lease_id.lo, kId.lo);
  EXPECT_EQ(info.arena_size, size);
  EXPECT_EQ(info.expires_at_unix_secs, expires);
  EXPECT_EQ(info.status, status);
}

// The contract's error codes, and every code the device or the bus may produce: these and
// unknown ones (IoError).
const int kKnownErrors[] = {FBMU_E_DISCONNECTED,      FBMU_E_LEASE_EXPIRED, FBMU_E_FENCED,
                            FBMU_E_CAPACITY_EXCEEDED, FBMU_E_UNSUPPORTED,   FBMU_E_REVOKED,
                            FBMU_E_NOT_FOUND,         FBMU_E_OUT_OF_RANGE,  FBMU_E_INVALID_ARGUMENT,
                            FBMU_E_BUS_ERROR};
std::vector<int> AllCodes() {
  std::vector<int> codes(std::begin(kKnownErrors), std::end(kKnownErrors));
  codes.insert(codes.end(), {-11, -100, -128});
  return codes;
}
const std::vector<int> kAllCodes = AllCodes();

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(fbmu_open(mock.bus(), &dev), FBMU_OK); }
  void TearDown() override { fbmu_close(dev); }
  void expect_clean() { EXPECT_TRUE(mock.clean()) << mock.report(); }

  MockBus mock;
  fbmu_t *dev = nullptr;
};

// ---- Open, close ----------------------------------------------------------------------------

int dummy_read(void *, uint32_t, uint32_t *) { return 0; }
int dummy_write(void *, uint32_t, uint32_t) { return 0; }

TEST(OpenTest, OpenRejectsNullOutBusOrCallbacksAndClearsOut) {
  fbmu_bus_t bus = {dummy_read, dummy_write, nullptr, nullptr, nullptr};
  fbmu_t *dev = reinterpret_cast<fbmu_t *>(&bus);  // non-NULL sentinel, never dereferenced

  EXPECT_EQ(fbmu_open(&bus, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_open(nullptr, &dev), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(dev, nullptr);

  dev = reinterpret_cast<fbmu_t *>(&bus);
  fbmu_bus_t no_read = {nullptr, dummy_write, nullptr, nullptr, nullptr};
  EXPECT_EQ(fbmu_open(&no_read, &dev), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(dev, nullptr);

  dev = reinterpret_cast<fbmu_t *>(&bus);
  fbmu_bus_t no_write = {dummy_read, nullptr, nullptr, nullptr, nullptr};
  EXPECT_EQ(fbmu_open(&no_write, &dev), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(dev, nullptr);
}

TEST(OpenTest, OpenAndCloseNeverTouchTheBus) {
  MockBus mock;
  fbmu_t *dev = nullptr;
  ASSERT_EQ(fbmu_open(mock.bus(), &dev), FBMU_OK);
  EXPECT_NE(dev, nullptr);
  fbmu_close(dev);
  EXPECT_EQ(mock.accesses(), 0u);
}

TEST(OpenTest, CloseAcceptsNull) { fbmu_close(nullptr); }

TEST(OpenTest, OpenCopiesTheBusSoTheCallersStructMayChange) {
  MockBus mock;
  fbmu_bus_t bus = *mock.bus();
  fbmu_t *dev = nullptr;
  ASSERT_EQ(fbmu_open(&bus, &dev), FBMU_OK);
  bus.read32 = nullptr;
  bus.write32 = nullptr;
  bus.ctx = nullptr;
  mock.idle().cmd(FBMU_OP_HELLO, FBMU_OK);
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  EXPECT_TRUE(mock.clean()) << mock.report();
  fbmu_close(dev);
}

TEST(OpenTest, TwoHandlesKeepTheirOwnBus) {
  MockBus a, b;
  fbmu_t *da = nullptr, *db = nullptr;
  ASSERT_EQ(fbmu_open(a.bus(), &da), FBMU_OK);
  ASSERT_EQ(fbmu_open(b.bus(), &db), FBMU_OK);
  b.idle().cmd(FBMU_OP_HELLO, FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_hello(db), FBMU_E_DISCONNECTED);
  EXPECT_EQ(a.accesses(), 0u);
  EXPECT_TRUE(b.clean()) << b.report();
  fbmu_close(da);
  fbmu_close(db);
}

// ---- Exact register sequences for success ---------------------------------------------------

TEST_F(DriverTest, HelloWritesOpcodeAndReadsResult) {
  mock.idle().cmd(FBMU_OP_HELLO, FBMU_OK);
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, CommandWaitsForBusyToClearBeforeAndAfterCmd) {
  mock.busy(3).idle().cmd(FBMU_OP_HELLO, FBMU_OK, 4);
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, StaleResultBeforeTheCommandIsIgnored) {
  mock.idle(FBMU_E_BUS_ERROR).cmd(FBMU_OP_HELLO, FBMU_OK);
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, OtherStatusBitsDoNotChangeTheResult) {
  const uint32_t others = FBMU_STATUS_ONLINE_MASK | FBMU_STATUS_SESSION_MASK |
                          FBMU_STATUS_EVT_PENDING_MASK | FBMU_STATUS_IRQ_MASK;
  mock.expect_read(FBMU_REG_STATUS, others | status_word(false, FBMU_OK))
      .expect_write(FBMU_REG_CMD, FBMU_OP_HELLO)
      .expect_read(FBMU_REG_STATUS, others | status_word(false, FBMU_E_NOT_FOUND));
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_NOT_FOUND);
  mock.idle()
      .expect_write(FBMU_REG_CMD, FBMU_OP_HELLO)
      .expect_read(FBMU_REG_STATUS, others | status_word(false, FBMU_OK));
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, GetArenaSizeReadsResSizeLowThenHigh) {
  uint64_t size = 0;
  mock.idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(0x0000000500001000ull);
  EXPECT_EQ(fbmu_get_arena_size(dev, &size), FBMU_OK);
  EXPECT_EQ(size, 0x0000000500001000ull);
  expect_clean();
}

TEST_F(DriverTest, AllocWritesMinBytesAndSecsThenReadsLeaseInfo) {
  fbmu_lease_info_t info{};
  mock.idle()
      .arg_a(0x0000000100000040ull)
      .arg_b(0xFFFFFFFF00000010ull)
      .cmd(FBMU_OP_ALLOC, FBMU_OK)
      .res_info(kId, 4096, 0x0000000200000123ull, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_alloc(dev, 0x0000000100000040ull, 0xFFFFFFFF00000010ull, &info), FBMU_OK);
  expect_info(info, 4096, 0x0000000200000123ull, FBMU_LEASE_ACTIVE);
  expect_clean();
}

TEST_F(DriverTest, QueryWritesIdLowWordFirstAndReadsLeaseInfo) {
  fbmu_lease_info_t info{};
  // ARG_ID_0 = id.lo[31:0], ARG_ID_1 = id.lo[63:32], ARG_ID_2 = id.hi[31:0], ARG_ID_3 =
  // id.hi[63:32].
  mock.idle()
      .expect_write(FBMU_REG_ARG_ID_0, 0xDDEEFF00u)
      .expect_write(FBMU_REG_ARG_ID_1, 0x99AABBCCu)
      .expect_write(FBMU_REG_ARG_ID_2, 0x55667788u)
      .expect_write(FBMU_REG_ARG_ID_3, 0x11223344u)
      .cmd(FBMU_OP_QUERY, FBMU_OK)
      .res_info(kId, 65536, 77, FBMU_LEASE_EXPIRED);
  EXPECT_EQ(fbmu_query(dev, kId, &info), FBMU_OK);
  expect_info(info, 65536, 77, FBMU_LEASE_EXPIRED);
  expect_clean();
}

TEST_F(DriverTest, QueryReportsEveryKnownStatusAsIs) {
  for (uint32_t st :
       {FBMU_LEASE_ACTIVE, FBMU_LEASE_EXPIRED, FBMU_LEASE_REVOKED, FBMU_LEASE_FENCED}) {
    fbmu_lease_info_t info{};
    mock.idle().arg_id(kId).cmd(FBMU_OP_QUERY, FBMU_OK).res_info(kId, 64, 1, st);
    EXPECT_EQ(fbmu_query(dev, kId, &info), FBMU_OK);
    EXPECT_EQ(info.status, st);
  }
  expect_clean();
}

TEST_F(DriverTest, QueryReportsUnknownStatusAsRevokedToFailClosed) {
  // 0x101 would truncate to ACTIVE in a uint8_t.
  for (uint32_t st : {0u, 5u, 0xFFu, 0x101u, 0xFFFFFFFFu}) {
    fbmu_lease_info_t info{};
    mock.idle().arg_id(kId).cmd(FBMU_OP_QUERY, FBMU_OK).res_info(kId, 64, 1, st);
    EXPECT_EQ(fbmu_query(dev, kId, &info), FBMU_OK);
    EXPECT_EQ(info.status, FBMU_LEASE_REVOKED) << "RES_STATUS " << st;
  }
  expect_clean();
}

TEST_F(DriverTest, RenewWritesIdAndSecsThenReadsNewExpiry) {
  uint64_t expires = 0;
  mock.idle()
      .arg_id(kId)
      .arg_b(0x0000000300000004ull)
      .cmd(FBMU_OP_RENEW, FBMU_OK)
      .res_time(0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(fbmu_renew(dev, kId, 0x0000000300000004ull, &expires), FBMU_OK);
  EXPECT_EQ(expires, 0xFFFFFFFFFFFFFFFFull);
  expect_clean();
}

TEST_F(DriverTest, FreeWritesIdOnlyAndReadsNoResultRegister) {
  mock.idle().arg_id(kId).cmd(FBMU_OP_FREE, FBMU_OK);
  EXPECT_EQ(fbmu_free(dev, kId), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ReadEventPopsAndFillsIdKindAndTime) {
  fbmu_event_t ev{};
  mock.idle()
      .cmd(FBMU_OP_EVENT_POP, FBMU_OK)
      .res_id(kId)
      .res_time(0x0000000100000002ull)
      .res_status(FBMU_EVENT_FENCED);
  EXPECT_EQ(fbmu_read_event(dev, &ev), FBMU_OK);
  EXPECT_EQ(ev.lease_id.hi, kId.hi);
  EXPECT_EQ(ev.lease_id.lo, kId.lo);
  EXPECT_EQ(ev.kind, FBMU_EVENT_FENCED);
  EXPECT_EQ(ev.time_unix_secs, 0x0000000100000002ull);
  expect_clean();
}

TEST_F(DriverTest, ReadEventWithNoEventGivesNotFoundAndLeavesEventUntouched) {
  fbmu_event_t ev{};
  ev.kind = 0x5A;
  mock.idle().cmd(FBMU_OP_EVENT_POP, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_read_event(dev, &ev), FBMU_E_NOT_FOUND);
  EXPECT_EQ(ev.kind, 0x5A);
  expect_clean();
}

TEST_F(DriverTest, ReadEventReportsUnknownKindAsZero) {
  fbmu_event_t ev{};
  mock.idle().cmd(FBMU_OP_EVENT_POP, FBMU_OK).res_id(kId).res_time(9).res_status(0x102);
  EXPECT_EQ(fbmu_read_event(dev, &ev), FBMU_OK);
  EXPECT_EQ(ev.kind, 0u);
  expect_clean();
}

TEST_F(DriverTest, EventCountSplitsPendingAndDroppedFromOneRead) {
  uint32_t pending = 0, dropped = 0;
  mock.expect_read(FBMU_REG_EVT_COUNT, 0xABCD0012u);
  EXPECT_EQ(fbmu_event_count(dev, &pending, &dropped), FBMU_OK);
  EXPECT_EQ(pending, 0x0012u);
  EXPECT_EQ(dropped, 0xABCDu);

  pending = dropped = 7;
  mock.expect_read(FBMU_REG_EVT_COUNT, 0x00030004u).expect_read(FBMU_REG_EVT_COUNT, 0x00050006u);
  EXPECT_EQ(fbmu_event_count(dev, &pending, nullptr), FBMU_OK);
  EXPECT_EQ(pending, 4u);
  EXPECT_EQ(fbmu_event_count(dev, nullptr, &dropped), FBMU_OK);
  EXPECT_EQ(dropped, 5u);
  expect_clean();
}

TEST_F(DriverTest, SetPollLimitRejectsZeroAndNullHandle) {
  EXPECT_EQ(fbmu_set_poll_limit(dev, 0), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_set_poll_limit(nullptr, 5), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_set_poll_limit(dev, 1), FBMU_OK);
  EXPECT_EQ(mock.accesses(), 0u);
}

// ---- Data path: single command ---------------------------------------------------------------

TEST_F(DriverTest, ReadLearnsMaxIoThenReadsResLenBytesFromStaging) {
  std::vector<uint8_t> src = pattern(10);
  std::vector<uint8_t> buf(16, 0xEE);
  uint32_t n = 99;
  read_chunk(mock.cap_max_io(4096), 0x0000000700000005ull, 10, src.data(), 10);
  EXPECT_EQ(fbmu_read(dev, 0x0000000700000005ull, buf.data(), 10, &n), FBMU_OK);
  expect_got(buf.data(), src.data(), n, 10);
  for (size_t i = 10; i < buf.size(); i++)
    EXPECT_EQ(buf[i], 0xEE) << "byte " << i << " beyond the transfer was written";
  expect_clean();
}

TEST_F(DriverTest, ReadStagingBytesAreLittleEndianWithinEachWord) {
  uint8_t buf[6] = {};
  uint32_t n = 0;
  mock.cap_max_io(4096)
      .idle()
      .arg_a(0)
      .arg_len(6)
      .cmd(FBMU_OP_READ, FBMU_OK)
      .res_len(6)
      .expect_read(FBMU_WIN_STAGING, 0x44332211u)
      .expect_read(FBMU_WIN_STAGING + 4, 0xCCBB6655u);  // upper bytes beyond RES_LEN are not copied
  EXPECT_EQ(fbmu_read(dev, 0, buf, 6, &n), FBMU_OK);
  const uint8_t want[6] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
  EXPECT_EQ(0, std::memcmp(buf, want, 6));
  expect_clean();
}

// The rest of a READ command after its CMD write when the device shows STATUS.XFER (spec 7):
// `polls` BUSY reads, STATUS with BUSY and XFER, RES_LEN, the STAGING words (read while BUSY), one
// more BUSY read, then STATUS with the result.
MockBus &xfer_read(MockBus &m, unsigned polls, const std::vector<uint32_t> &words, uint32_t len,
                   int result) {
  m.busy(polls).expect_read(FBMU_REG_STATUS,
                            fbmu_reg_status_xfer_set(fbmu_reg_status_busy_set(0u, 1u), 1u));
  m.res_len(len);
  for (size_t k = 0; k < words.size(); k++)
    m.expect_read(FBMU_WIN_STAGING + 4u * static_cast<uint32_t>(k), words[k]);
  return m.busy(1).idle(result);
}

// With XFER the driver stops polling, reads RES_LEN and STAGING while the copy runs, then waits
// for BUSY to clear and takes the result.
TEST_F(DriverTest, ReadWithXferReadsStagingWhileBusyThenWaitsForTheResult) {
  uint8_t buf[6] = {};
  uint32_t n = 0;
  mock.cap_max_io(4096).idle().arg_id(kId).arg_a(0).arg_len(6).expect_write(FBMU_REG_CMD,
                                                                            FBMU_OP_READ_LEASE);
  xfer_read(mock, 2, {0x44332211u, 0xCCBB6655u}, 6, FBMU_OK);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf, 6, &n), FBMU_OK);
  EXPECT_EQ(n, 6u);
  const uint8_t want[6] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
  EXPECT_EQ(0, std::memcmp(buf, want, 6));
  expect_clean();
}

// An error result after the XFER bytes were read is still the call's result.
TEST_F(DriverTest, ReadWithXferReportsTheFinalResult) {
  uint8_t buf[4] = {};
  uint32_t n = 0;
  mock.cap_max_io(4096).idle().arg_a(0).arg_len(4).expect_write(FBMU_REG_CMD, FBMU_OP_READ);
  xfer_read(mock, 0, {0x44332211u}, 4, FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_read(dev, 0, buf, 4, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(n, 0u);
  expect_clean();
}

TEST_F(DriverTest, WriteStreamsBytesLittleEndianIntoStagingAfterXfer) {
  const uint8_t data[6] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
  mock.cap_max_io(4096)
      .idle()
      .arg_a(3)
      .arg_len(6)
      .expect_write(FBMU_REG_CMD, FBMU_OP_WRITE_STREAM)
      .busy(2)  // the checks: BUSY without XFER
      .xfer()
      .expect_write(FBMU_WIN_STAGING, 0x44332211u)
      .expect_write(FBMU_WIN_STAGING + 4, 0x00006655u)
      .busy(1)  // the last words land
      .idle(FBMU_OK);
  EXPECT_EQ(fbmu_write(dev, 3, data, 6), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, WriteTrailingPartialWordIsPaddedWithZeros) {
  // The bytes after len in the caller's buffer are non-zero: none of them may reach the bus.
  std::vector<uint8_t> data(16, 0xFF);
  for (uint32_t len = 1; len <= 9; len++) {
    SCOPED_TRACE("len " + std::to_string(len));
    MockBus m;
    fbmu_t *d = nullptr;
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    write_chunk(m.cap_max_io(4096), 0, data.data(), len, FBMU_OK);
    EXPECT_EQ(fbmu_write(d, 0, data.data(), len), FBMU_OK);
    EXPECT_TRUE(m.clean()) << m.report();
    fbmu_close(d);
  }
}

TEST_F(DriverTest, ReadLeaseWritesIdOffsetAndLen) {
  std::vector<uint8_t> src = pattern(7);
  uint8_t buf[7] = {};
  uint32_t n = 0;
  read_lease_chunk(mock.cap_max_io(4096), 100, 7, src.data(), 7);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 100, buf, 7, &n), FBMU_OK);
  expect_got(buf, src.data(), n, 7);
  expect_clean();
}

TEST_F(DriverTest, WriteLeaseWritesIdOffsetLenAndData) {
  std::vector<uint8_t> data = pattern(12);
  write_lease_chunk(mock.cap_max_io(4096), 4000, data.data(), 12, FBMU_OK);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 4000, data.data(), 12), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ShortReadAtArenaEndReturnsOkWithFewerBytes) {
  std::vector<uint8_t> src = pattern(3);
  uint8_t buf[10];
  std::memset(buf, 0xEE, sizeof(buf));
  uint32_t n = 0;
  read_chunk(mock.cap_max_io(4096), 4093, 10, src.data(), 3);
  EXPECT_EQ(fbmu_read(dev, 4093, buf, 10, &n), FBMU_OK);
  expect_got(buf, src.data(), n, 3);
  EXPECT_EQ(buf[3], 0xEE);
  expect_clean();
}

TEST_F(DriverTest, MaxIoIsReadOnceAndCached) {
  uint8_t buf[4];
  uint32_t n;
  const uint8_t zero[4] = {};
  read_chunk(mock.cap_max_io(4096), 0, 4, zero, 4);
  write_chunk(mock, 0, zero, 4, FBMU_OK);
  read_lease_chunk(mock, 0, 4, zero, 4);
  EXPECT_EQ(fbmu_read(dev, 0, buf, 4, &n), FBMU_OK);
  EXPECT_EQ(fbmu_write(dev, 0, zero, 4), FBMU_OK);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf, 4, &n), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, MaxIoReadErrorIsReturnedAndNotCached) {
  uint8_t buf[4];
  uint32_t n = 5;
  const uint8_t zero[4] = {};
  mock.expect_read(FBMU_REG_CAP_MAX_IO, 0, FBMU_E_BUS_ERROR);
  EXPECT_EQ(fbmu_read(dev, 0, buf, 4, &n), FBMU_E_BUS_ERROR);
  EXPECT_EQ(n, 0u);
  read_chunk(mock.cap_max_io(4096), 0, 4, zero, 4);
  EXPECT_EQ(fbmu_read(dev, 0, buf, 4, &n), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ImpossibleMaxIoFallsBackToStagingWindowSize) {
  // 0, not a multiple of 4, bigger than the window: a 4100-byte read is cut at 4096.
  for (uint32_t cap : {0u, 6u, 2 * FBMU_WIN_STAGING_SIZE}) {
    SCOPED_TRACE("CAP_MAX_IO " + std::to_string(cap));
    MockBus m;
    fbmu_t *d = nullptr;
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    std::vector<uint8_t> src = pattern(4100);
    std::vector<uint8_t> buf(4100);
    uint32_t n = 0;
    m.cap_max_io(cap).idle().arg_a(0).arg_len(FBMU_WIN_STAGING_SIZE).cmd(FBMU_OP_READ, FBMU_OK);
    m.res_len(FBMU_WIN_STAGING_SIZE).staging_read(src.data(), FBMU_WIN_STAGING_SIZE);
    m.idle().arg_a(FBMU_WIN_STAGING_SIZE).arg_len(4).cmd(FBMU_OP_READ, FBMU_OK).res_len(4);
    m.staging_read(src.data() + FBMU_WIN_STAGING_SIZE, 4);
    EXPECT_EQ(fbmu_read(d, 0, buf.data(), 4100, &n), FBMU_OK);
    EXPECT_EQ(n, 4100u);
    EXPECT_EQ(buf, src);
    EXPECT_TRUE(m.clean()) << m.report();
    fbmu_close(d);
  }
}

// ---- Zero and huge lengths -------------------------------------------------------------------

TEST_F(DriverTest, ZeroLengthWriteSendsOneCommandWithLenZeroAndNoData) {
  const uint8_t byte = 0xAB;
  mock.idle().arg_a(16).arg_len(0).cmd(FBMU_OP_WRITE_STREAM, FBMU_OK);
  EXPECT_EQ(fbmu_write(dev, 16, &byte, 0), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ZeroLengthReadSendsOneCommandAndReadsNoStaging) {
  uint8_t buf[1] = {0xEE};
  uint32_t n = 5;
  mock.idle().arg_a(16).arg_len(0).cmd(FBMU_OP_READ, FBMU_OK).res_len(0);
  EXPECT_EQ(fbmu_read(dev, 16, buf, 0, &n), FBMU_OK);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(buf[0], 0xEE);
  expect_clean();
}

TEST_F(DriverTest, ZeroLengthAccessReportsTheDevicesStateError) {
  uint8_t buf[1];
  uint32_t n = 5;
  mock.idle().arg_a(0).arg_len(0).cmd(FBMU_OP_WRITE_STREAM, FBMU_E_DISCONNECTED);
  EXPECT_EQ(fbmu_write(dev, 0, buf, 0), FBMU_E_DISCONNECTED);
  mock.idle().arg_id(kId).arg_a(0).arg_len(0).cmd(FBMU_OP_READ_LEASE, FBMU_E_REVOKED);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf, 0, &n), FBMU_E_REVOKED);
  EXPECT_EQ(n, 0u);
  mock.idle().arg_id(kId).arg_a(0).arg_len(0).cmd(FBMU_OP_WRITE_LEASE_STREAM, FBMU_E_LEASE_EXPIRED);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 0, buf, 0), FBMU_E_LEASE_EXPIRED);
  expect_clean();
}

TEST_F(DriverTest, HugeWriteIsRejectedOutOfRangeBeforeAnyDataIsSent) {
  // The buffer is small: the driver must not read it before the size check fails.
  uint8_t data[8] = {};
  mock.cap_max_io(4096).idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(4096);
  EXPECT_EQ(fbmu_write(dev, 0, data, 0xFFFFFFFFu), FBMU_E_OUT_OF_RANGE);
  expect_clean();
  EXPECT_EQ(mock.writes(), 1u);  // only the GET_ARENA_SIZE opcode
}

TEST_F(DriverTest, HugeLeaseWriteIsRejectedOutOfRangeWhateverTheLeaseState) {
  uint8_t data[8] = {};
  mock.cap_max_io(4096)
      .idle()
      .arg_id(kId)
      .cmd(FBMU_OP_QUERY, FBMU_OK)
      .res_info(kId, 65536, 5, FBMU_LEASE_REVOKED);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 0, data, 0xFFFFFFFFu), FBMU_E_OUT_OF_RANGE);
  expect_clean();
}

TEST_F(DriverTest, ChunkedWriteNearUint64MaxIsRejectedWithoutOverflow) {
  // offset + len wraps to a small number; an unguarded sum would accept it.
  uint8_t data[8] = {};
  mock.cap_max_io(4096).idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(UINT64_MAX);
  EXPECT_EQ(fbmu_write(dev, UINT64_MAX - 2, data, 8192), FBMU_E_OUT_OF_RANGE);
  mock.idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(4096);
  EXPECT_EQ(fbmu_write(dev, 4097, data, 8192), FBMU_E_OUT_OF_RANGE);
  expect_clean();
}

TEST_F(DriverTest, SingleCommandAccessNearUint64MaxIsLeftToTheDevice) {
  uint8_t buf[8] = {};
  uint32_t n = 3;
  mock.cap_max_io(4096)
      .idle()
      .arg_a(UINT64_MAX - 1)
      .arg_len(8)
      .cmd(FBMU_OP_READ, FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_read(dev, UINT64_MAX - 1, buf, 8, &n), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(n, 0u);
  write_lease_chunk(mock, UINT64_MAX, buf, 8, FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_write_lease(dev, kId, UINT64_MAX, buf, 8), FBMU_E_OUT_OF_RANGE);
  expect_clean();
}

// ---- Chunking (CAP_MAX_IO = 8) ----------------------------------------------------------------

TEST_F(DriverTest, ReadLargerThanMaxIoIsSplitIntoChunks) {
  std::vector<uint8_t> src = pattern(20);
  std::vector<uint8_t> buf(20);
  uint32_t n = 0;
  mock.cap_max_io(8);
  const uint32_t offs[] = {3, 11, 19}, lens[] = {8, 8, 4};
  for (int c = 0; c < 3; c++) read_chunk(mock, offs[c], lens[c], src.data() + offs[c] - 3, lens[c]);
  EXPECT_EQ(fbmu_read(dev, 3, buf.data(), 20, &n), FBMU_OK);
  EXPECT_EQ(n, 20u);
  EXPECT_EQ(buf, src);
  expect_clean();
}

TEST_F(DriverTest, LeaseReadChunksRepeatTheIdInEveryCommand) {
  std::vector<uint8_t> src = pattern(13);
  std::vector<uint8_t> buf(13);
  uint32_t n = 0;
  mock.cap_max_io(8);
  read_lease_chunk(mock, 0, 8, src.data(), 8);
  read_lease_chunk(mock, 8, 5, src.data() + 8, 5);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf.data(), 13, &n), FBMU_OK);
  EXPECT_EQ(n, 13u);
  EXPECT_EQ(buf, src);
  expect_clean();
}

TEST_F(DriverTest, ChunkedReadStopsAtFirstShortChunk) {
  std::vector<uint8_t> src = pattern(13);
  std::vector<uint8_t> buf(24, 0xEE);
  uint32_t n = 0;
  mock.cap_max_io(8);
  read_chunk(mock, 0, 8, src.data(), 8);
  read_chunk(mock, 8, 8, src.data() + 8, 5);
  EXPECT_EQ(fbmu_read(dev, 0, buf.data(), 24, &n), FBMU_OK);
  expect_got(buf.data(), src.data(), n, 13);
  EXPECT_EQ(buf[13], 0xEE);
  expect_clean();
}

TEST_F(DriverTest, ChunkedReadErrorReturnsItWithBytesReadSoFar) {
  std::vector<uint8_t> src = pattern(8);
  std::vector<uint8_t> buf(24);
  uint32_t n = 0;
  mock.cap_max_io(8);
  read_lease_chunk(mock, 0, 8, src.data(), 8);
  mock.idle().arg_id(kId).arg_a(8).arg_len(8).cmd(FBMU_OP_READ_LEASE, FBMU_E_LEASE_EXPIRED);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf.data(), 24, &n), FBMU_E_LEASE_EXPIRED);
  expect_got(buf.data(), src.data(), n, 8);
  expect_clean();
}

TEST_F(DriverTest, ChunkedReadEndingExactlyAtTheArenaEndReturnsOkWithTheBytesUpToIt) {
  // Two full chunks reach the end; the third chunk starts at the end and the device answers
  // OUT_OF_RANGE. The caller asked for a read running past the end: that is a short read.
  std::vector<uint8_t> src = pattern(16);
  std::vector<uint8_t> buf(24, 0xEE);
  uint32_t n = 0;
  mock.cap_max_io(8);
  read_lease_chunk(mock, 0, 8, src.data(), 8);
  read_lease_chunk(mock, 8, 8, src.data() + 8, 8);
  mock.idle().arg_id(kId).arg_a(16).arg_len(8).cmd(FBMU_OP_READ_LEASE, FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf.data(), 24, &n), FBMU_OK);
  expect_got(buf.data(), src.data(), n, 16);
  EXPECT_EQ(buf[16], 0xEE);
  expect_clean();
}

TEST_F(DriverTest, ChunkedReadStartingAtOrPastTheEndIsOutOfRange) {
  std::vector<uint8_t> buf(24);
  uint32_t n = 5;
  mock.cap_max_io(8).idle().arg_a(4096).arg_len(8).cmd(FBMU_OP_READ, FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(fbmu_read(dev, 4096, buf.data(), 24, &n), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(n, 0u);
  expect_clean();
}

TEST_F(DriverTest, ChunkedReadUpToUint64MaxEndsThereWithoutWrapping) {
  // A (hypothetical) device with data up to 2^64-1: the read ends there and never asks for offset
  // 0.
  std::vector<uint8_t> src = pattern(8);
  std::vector<uint8_t> buf(16);
  uint32_t n = 0;
  read_chunk(mock.cap_max_io(8), UINT64_MAX - 7, 8, src.data(), 8);
  EXPECT_EQ(fbmu_read(dev, UINT64_MAX - 7, buf.data(), 16, &n), FBMU_OK);
  EXPECT_EQ(n, 8u);
  expect_clean();
}

TEST_F(DriverTest, ResLenAboveTheRequestIsABusErrorAndNothingIsCopied) {
  uint8_t buf[8];
  std::memset(buf, 0xEE, sizeof(buf));
  uint32_t n = 0;
  mock.cap_max_io(4096).idle().arg_a(0).arg_len(4).cmd(FBMU_OP_READ, FBMU_OK).res_len(8);
  EXPECT_EQ(fbmu_read(dev, 0, buf, 4, &n), FBMU_E_BUS_ERROR);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(buf[0], 0xEE);
  expect_clean();
}

TEST_F(DriverTest, WriteOfExactlyMaxIoIsOneCommandWithoutSizeLookup) {
  std::vector<uint8_t> data = pattern(8);
  write_chunk(mock.cap_max_io(8), 0, data.data(), 8, FBMU_OK);
  EXPECT_EQ(fbmu_write(dev, 0, data.data(), 8), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, WriteLargerThanMaxIoChecksArenaSizeThenSendsChunks) {
  std::vector<uint8_t> data = pattern(20, 9);
  mock.cap_max_io(8)
      .idle()
      .cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK)
      .res_size(23);  // 3 + 20 fits exactly
  const uint32_t offs[] = {3, 11, 19}, lens[] = {8, 8, 4};
  for (int c = 0; c < 3; c++)
    write_chunk(mock, offs[c], data.data() + offs[c] - 3, lens[c], FBMU_OK);
  EXPECT_EQ(fbmu_write(dev, 3, data.data(), 20), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ChunkedWriteOneByteTooLongIsRejectedBeforeAnyChunk) {
  std::vector<uint8_t> data = pattern(20);
  mock.cap_max_io(8).idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(22);
  EXPECT_EQ(fbmu_write(dev, 3, data.data(), 20), FBMU_E_OUT_OF_RANGE);
  expect_clean();
}

TEST_F(DriverTest, LeaseWriteLargerThanMaxIoQueriesThenSendsChunks) {
  std::vector<uint8_t> data = pattern(11, 3);
  query_active(mock.cap_max_io(8), 4096, 50);
  write_lease_chunk(mock, 4085, data.data(), 8, FBMU_OK);
  write_lease_chunk(mock, 4093, data.data() + 8, 3, FBMU_OK);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 4085, data.data(), 11), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, LeaseWriteChunkErrorStopsTheRemainingChunks) {
  std::vector<uint8_t> data = pattern(24);
  query_active(mock.cap_max_io(8), 4096, 50);
  write_lease_chunk(mock, 0, data.data(), 8, FBMU_OK);
  write_lease_chunk(mock, 8, data.data() + 8, 8, FBMU_E_REVOKED);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 0, data.data(), 24), FBMU_E_REVOKED);
  expect_clean();
}

// ---- Unknown ids -----------------------------------------------------------------------------

TEST_F(DriverTest, UnknownIdGivesNotFoundAndLeavesOutputsUntouched) {
  const fbmu_lease_id_t unknown = {0, 0x1234};
  fbmu_lease_info_t info{};
  info.arena_size = 0x5A5A;
  uint64_t expires = 0x77;
  uint8_t buf[4] = {0xEE, 0xEE, 0xEE, 0xEE};
  uint32_t n = 9;

  mock.idle().arg_id(unknown).cmd(FBMU_OP_QUERY, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_query(dev, unknown, &info), FBMU_E_NOT_FOUND);
  EXPECT_EQ(info.arena_size, 0x5A5Au);
  mock.idle().arg_id(unknown).arg_b(10).cmd(FBMU_OP_RENEW, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_renew(dev, unknown, 10, &expires), FBMU_E_NOT_FOUND);
  EXPECT_EQ(expires, 0x77u);
  mock.idle().arg_id(unknown).cmd(FBMU_OP_FREE, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_free(dev, unknown), FBMU_E_NOT_FOUND);
  mock.cap_max_io(4096).idle().arg_id(unknown).arg_a(0).arg_len(4).cmd(FBMU_OP_READ_LEASE,
                                                                       FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_read_lease(dev, unknown, 0, buf, 4, &n), FBMU_E_NOT_FOUND);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(buf[0], 0xEE);
  mock.idle().arg_id(unknown).arg_a(0).arg_len(4).cmd(FBMU_OP_WRITE_LEASE_STREAM, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_write_lease(dev, unknown, 0, buf, 4), FBMU_E_NOT_FOUND);
  expect_clean();
}

TEST_F(DriverTest, ChunkedLeaseWriteWithUnknownIdStopsAtTheQuery) {
  std::vector<uint8_t> data = pattern(20);
  mock.cap_max_io(8).idle().arg_id(kId).cmd(FBMU_OP_QUERY, FBMU_E_NOT_FOUND);
  EXPECT_EQ(fbmu_write_lease(dev, kId, 0, data.data(), 20), FBMU_E_NOT_FOUND);
  expect_clean();
}

// ---- Result codes ----------------------------------------------------------------------------

// One API call that issues a command: the script up to and including the STATUS read carrying
// `result`, and the call itself.
struct ApiCall {
  const char *name;
  std::function<void(MockBus &, int)> script;
  std::function<int(fbmu_t *)> call;
};

const std::vector<ApiCall> &api_calls() {
  static uint8_t buf[4];
  static uint32_t n;
  static uint64_t u64;
  static fbmu_lease_info_t info;
  static fbmu_event_t ev;
  static const std::vector<ApiCall> calls = {
      {"hello", [](MockBus &m, int r) { m.idle().cmd(FBMU_OP_HELLO, r); },
       [](fbmu_t *d) { return fbmu_hello(d); }},
      {"get_arena_size", [](MockBus &m, int r) { m.idle().cmd(FBMU_OP_GET_ARENA_SIZE, r); },
       [](fbmu_t *d) { return fbmu_get_arena_size(d, &u64); }},
      {"alloc", [](MockBus &m, int r) { m.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, r); },
       [](fbmu_t *d) { return fbmu_alloc(d, 64, 10, &info); }},
      {"query", [](MockBus &m, int r) { m.idle().arg_id(kId).cmd(FBMU_OP_QUERY, r); },
       [](fbmu_t *d) { return fbmu_query(d, kId, &info); }},
      {"renew", [](MockBus &m, int r) { m.idle().arg_id(kId).arg_b(5).cmd(FBMU_OP_RENEW, r); },
       [](fbmu_t *d) { return fbmu_renew(d, kId, 5, &u64); }},
      {"free", [](MockBus &m, int r) { m.idle().arg_id(kId).cmd(FBMU_OP_FREE, r); },
       [](fbmu_t *d) { return fbmu_free(d, kId); }},
      {"read",
       [](MockBus &m, int r) {
         m.cap_max_io(4096).idle().arg_a(1).arg_len(4).cmd(FBMU_OP_READ, r);
       },
       [](fbmu_t *d) { return fbmu_read(d, 1, buf, 4, &n); }},
      {"write",
       [](MockBus &m, int r) {
         const uint8_t z[4] = {};
         write_chunk(m.cap_max_io(4096), 1, z, 4, r);
       },
       [](fbmu_t *d) {
         const uint8_t z[4] = {};
         return fbmu_write(d, 1, z, 4);
       }},
      {"read_lease",
       [](MockBus &m, int r) {
         m.cap_max_io(4096).idle().arg_id(kId).arg_a(1).arg_len(4).cmd(FBMU_OP_READ_LEASE, r);
       },
       [](fbmu_t *d) { return fbmu_read_lease(d, kId, 1, buf, 4, &n); }},
      {"write_lease",
       [](MockBus &m, int r) {
         const uint8_t z[4] = {};
         write_lease_chunk(m.cap_max_io(4096), 1, z, 4, r);
       },
       [](fbmu_t *d) {
         const uint8_t z[4] = {};
         return fbmu_write_lease(d, kId, 1, z, 4);
       }},
      {"read_event", [](MockBus &m, int r) { m.idle().cmd(FBMU_OP_EVENT_POP, r); },
       [](fbmu_t *d) { return fbmu_read_event(d, &ev); }},
  };
  return calls;
}

class ResultCodeTest : public ::testing::TestWithParam<std::tuple<size_t, int>> {};

TEST_P(ResultCodeTest, DeviceResultIsReturnedAndNoResultRegisterIsRead) {
  const ApiCall &c = api_calls()[std::get<0>(GetParam())];
  const int code = std::get<1>(GetParam());
  MockBus m;
  fbmu_t *d = nullptr;
  ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
  c.script(m, code);
  EXPECT_EQ(c.call(d), code);
  EXPECT_TRUE(m.clean()) << m.report();
  fbmu_close(d);
}

INSTANTIATE_TEST_SUITE_P(EveryCallEveryCode, ResultCodeTest,
                         ::testing::Combine(::testing::Range<size_t>(0, 11),
                                            ::testing::ValuesIn(kAllCodes)),
                         [](const ::testing::TestParamInfo<std::tuple<size_t, int>> &p) {
                           return std::string(api_calls()[std::get<0>(p.param)].name) + "_minus" +
                                  std::to_string(-std::get<1>(p.param));
                         });

TEST(ResultCodeListTest, TableCoversEveryApiCallThatIssuesACommand) {
  EXPECT_EQ(api_calls().size(), 11u);
}

TEST_F(DriverTest, PositiveResultIsAProtocolViolationReportedAsBusError) {
  mock.idle().cmd(FBMU_OP_HELLO, 5);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_BUS_ERROR);
  mock.idle().cmd(FBMU_OP_HELLO, 127);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_BUS_ERROR);
  expect_clean();
}

// ---- NULL pointers: invalid, and the bus is never touched --------------------------------------

TEST_F(DriverTest, NullHandleIsInvalidForEveryFunction) {
  uint8_t buf[4] = {};
  uint32_t n = 7, p = 0, q = 0;
  uint64_t u = 0;
  fbmu_lease_info_t info{};
  fbmu_event_t ev{};
  EXPECT_EQ(fbmu_hello(nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_get_arena_size(nullptr, &u), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_read(nullptr, 0, buf, 4, &n), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(fbmu_write(nullptr, 0, buf, 4), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_alloc(nullptr, 64, 10, &info), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_query(nullptr, kId, &info), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_renew(nullptr, kId, 1, &u), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_free(nullptr, kId), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_read_lease(nullptr, kId, 0, buf, 4, &n), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_write_lease(nullptr, kId, 0, buf, 4), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_read_event(nullptr, &ev), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_event_count(nullptr, &p, &q), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_set_poll_limit(nullptr, 10), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(mock.accesses(), 0u);
}

TEST_F(DriverTest, NullOutputPointersAreInvalidWithoutBusAccess) {
  EXPECT_EQ(fbmu_get_arena_size(dev, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_query(dev, kId, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_renew(dev, kId, 1, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_read_event(dev, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_event_count(dev, nullptr, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(mock.accesses(), 0u);
}

TEST_F(DriverTest, NullBufferIsInvalidEvenWithLengthZero) {
  uint8_t buf[4] = {};
  uint32_t n = 7;
  for (uint32_t len : {0u, 4u}) {
    n = 7;
    EXPECT_EQ(fbmu_read(dev, 0, nullptr, len, &n), FBMU_E_INVALID_ARGUMENT);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(fbmu_read(dev, 0, buf, len, nullptr), FBMU_E_INVALID_ARGUMENT);
    EXPECT_EQ(fbmu_write(dev, 0, nullptr, len), FBMU_E_INVALID_ARGUMENT);
    n = 7;
    EXPECT_EQ(fbmu_read_lease(dev, kId, 0, nullptr, len, &n), FBMU_E_INVALID_ARGUMENT);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(fbmu_read_lease(dev, kId, 0, buf, len, nullptr), FBMU_E_INVALID_ARGUMENT);
    EXPECT_EQ(fbmu_write_lease(dev, kId, 0, nullptr, len), FBMU_E_INVALID_ARGUMENT);
  }
  EXPECT_EQ(mock.accesses(), 0u);
}

// ---- Bus failures at every step ----------------------------------------------------------------

// A successful call whose script covers every stage: busy wait before and after CMD, argument
// writes, STAGING, CMD, result registers.
struct Scenario {
  const char *name;
  std::function<void(MockBus &)> script;
  std::function<int(fbmu_t *)> call;
};

const std::vector<Scenario> &scenarios() {
  static uint8_t rbuf[24];
  static uint32_t n;
  static uint64_t u64;
  static fbmu_lease_info_t info;
  static fbmu_event_t ev;
  static uint32_t p, q;
  static const std::vector<uint8_t> wdata = pattern(11);
  static const std::vector<Scenario> all = {
      {"alloc",
       [](MockBus &m) {
         m.busy(1)
             .idle()
             .arg_a(64)
             .arg_b(10)
             .cmd(FBMU_OP_ALLOC, FBMU_OK, 1)
             .res_info(kId, 64, 9, FBMU_LEASE_ACTIVE);
       },
       [](fbmu_t *d) { return fbmu_alloc(d, 64, 10, &info); }},
      {"renew",
       [](MockBus &m) {
         m.idle().arg_id(kId).arg_b(3).cmd(FBMU_OP_RENEW, FBMU_OK, 1).res_time(12);
       },
       [](fbmu_t *d) { return fbmu_renew(d, kId, 3, &u64); }},
      {"get_arena_size",
       [](MockBus &m) { m.idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(4096); },
       [](fbmu_t *d) { return fbmu_get_arena_size(d, &u64); }},
      {"read_event",
       [](MockBus &m) {
         m.idle()
             .cmd(FBMU_OP_EVENT_POP, FBMU_OK)
             .res_id(kId)
             .res_time(4)
             .res_status(FBMU_EVENT_REVOKED);
       },
       [](fbmu_t *d) { return fbmu_read_event(d, &ev); }},
      {"event_count", [](MockBus &m) { m.expect_read(FBMU_REG_EVT_COUNT, 1); },
       [](fbmu_t *d) { return fbmu_event_count(d, &p, &q); }},
      {"chunked_read_lease",
       [](MockBus &m) {
         std::vector<uint8_t> s = pattern(12);
         m.cap_max_io(8);
         m.idle()
             .arg_id(kId)
             .arg_a(0)
             .arg_len(8)
             .cmd(FBMU_OP_READ_LEASE, FBMU_OK, 1)
             .res_len(8)
             .staging_read(s.data(), 8);
         read_lease_chunk(m, 8, 4, s.data() + 8, 4);
       },
       [](fbmu_t *d) { return fbmu_read_lease(d, kId, 0, rbuf, 12, &n); }},
      {"chunked_write_lease",
       [](MockBus &m) {
         query_active(m.cap_max_io(8), 64, 9);
         write_lease_chunk(m, 0, wdata.data(), 8, FBMU_OK, 1);
         write_lease_chunk(m, 8, wdata.data() + 8, 3, FBMU_OK);
       },
       [](fbmu_t *d) { return fbmu_write_lease(d, kId, 0, wdata.data(), 11); }},
      {"chunked_write",
       [](MockBus &m) {
         m.cap_max_io(8).idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(4096);
         write_chunk(m, 2, wdata.data(), 8, FBMU_OK);
         write_chunk(m, 10, wdata.data() + 8, 3, FBMU_OK);
       },
       [](fbmu_t *d) { return fbmu_write(d, 2, wdata.data(), 11); }},
  };
  return all;
}

class BusFailureTest : public ::testing::TestWithParam<std::tuple<size_t, int, bool>> {};

constexpr size_t kCallEnds = SIZE_MAX;

// Where the driver starts again after step k of a scenario's script failed with rc once, or
// kCallEnds when the call ends there (spec 13). An error response to a register write (each
// belongs to a command's setup; STAGING words of a stream are handled apart) means the unit had
// gone busy and the write had no effect: the command starts again from its idle check, the last
// STATUS read before k. After any failure to read ALLOC's result the result registers are read
// again from RES_ID_0.
size_t restart_at(const Scenario &s, const std::vector<fbmu_mock::Step> &steps, size_t k, int rc) {
  if (steps[k].kind == Kind::kWrite && rc != FBMU_E_DISCONNECTED) {
    for (size_t j = k; j-- > 0;)
      if (steps[j].addr == FBMU_REG_STATUS) return j;
  }
  const std::set<uint32_t> results = {
      FBMU_REG_RES_ID_0,    FBMU_REG_RES_ID_1,    FBMU_REG_RES_ID_2,
      FBMU_REG_RES_ID_3,    FBMU_REG_RES_SIZE_LO, FBMU_REG_RES_SIZE_HI,
      FBMU_REG_RES_TIME_LO, FBMU_REG_RES_TIME_HI, FBMU_REG_RES_STATUS};
  if (std::string(s.name) == "alloc" && results.count(steps[k].addr)) {
    for (size_t j = k + 1; j-- > 0;)
      if (steps[j].addr == FBMU_REG_RES_ID_0) return j;
  }
  return kCallEnds;
}

// The bus callback's return at step k decides the call's result: 0 -> the script runs on,
// FBMU_E_DISCONNECTED passes through, every other non-zero value is a bus error. After a failed
// access the driver makes no further access, except where it starts again (restart_at): then a
// bus that answers from there on gives success. With block callbacks (third parameter) STAGING
// moves through them (a block stops at its failing word) and the same holds word for word.
TEST_P(BusFailureTest, FailureAtAnyStepEndsTheCallWithTheMappedCode) {
  const Scenario &s = scenarios()[std::get<0>(GetParam())];
  const int bus_rc = std::get<1>(GetParam());
  const bool blocks = std::get<2>(GetParam());
  const int want = bus_rc == FBMU_E_DISCONNECTED ? FBMU_E_DISCONNECTED : FBMU_E_BUS_ERROR;

  MockBus probe;
  s.script(probe);
  const size_t n_steps = probe.steps().size();
  ASSERT_GT(n_steps, 0u);

  {
    SCOPED_TRACE("no failure");
    MockBus m;
    fbmu_t *d = nullptr;
    if (blocks) m.enable_blocks();
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    s.script(m);
    EXPECT_EQ(s.call(d), FBMU_OK);
    EXPECT_TRUE(m.clean()) << m.report();
    bool staging = false;
    for (const fbmu_mock::Step &st : m.steps()) staging |= st.addr >= FBMU_WIN_STAGING;
    EXPECT_EQ(m.block_calls().empty(), !(blocks && staging));
    fbmu_close(d);
  }
  for (size_t k = 0; k < n_steps; k++) {
    SCOPED_TRACE("failing step " + std::to_string(k) + " (" +
                 fbmu_mock::reg_name(probe.steps()[k].addr) + ")");
    MockBus m;
    fbmu_t *d = nullptr;
    if (blocks) m.enable_blocks();
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    const fbmu_mock::Step &failing = probe.steps()[k];
    if (failing.kind == Kind::kWrite && failing.addr >= FBMU_WIN_STAGING) {
      // A STAGING word of a stream (spec 7): no more words; the command's end (the unit times
      // the stream out) and its prefix are read, and the call returns the bus's code.
      copy_steps(m, probe, 0, k + 1);
      m.idle(FBMU_E_TIMEOUT).res_len(0);
      m.fail_step(k, bus_rc);
      EXPECT_EQ(s.call(d), want);
      EXPECT_TRUE(m.clean()) << m.report();
      fbmu_close(d);
      continue;
    }
    const size_t again = restart_at(s, probe.steps(), k, bus_rc);
    if (again == kCallEnds) {
      s.script(m);
    } else {
      copy_steps(m, probe, 0, k + 1);
      copy_steps(m, probe, again, n_steps);
    }
    m.fail_step(k, bus_rc);
    if (again == kCallEnds) {
      EXPECT_EQ(s.call(d), want);
      EXPECT_FALSE(m.mismatched()) << m.report();
      EXPECT_EQ(m.consumed(), k + 1);
      EXPECT_EQ(m.accesses(), k + 1);
    } else {
      EXPECT_EQ(s.call(d), FBMU_OK);
      EXPECT_TRUE(m.clean()) << m.report();
    }
    fbmu_close(d);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStage, BusFailureTest,
                         ::testing::Combine(::testing::Range<size_t>(0, 8),
                                            ::testing::Values(FBMU_E_BUS_ERROR, FBMU_E_DISCONNECTED,
                                                              1, -99, INT_MIN),
                                            ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<size_t, int, bool>> &p) {
                           int rc = std::get<1>(p.param);
                           std::string code = rc == FBMU_E_BUS_ERROR      ? "BusError"
                                              : rc == FBMU_E_DISCONNECTED ? "Disconnected"
                                              : rc == 1                   ? "Plus1"
                                              : rc == -99                 ? "Minus99"
                                                                          : "IntMin";
                           return std::string(scenarios()[std::get<0>(p.param)].name) + "_" + code +
                                  (std::get<2>(p.param) ? "_Blocks" : "");
                         });

TEST(BusFailureListTest, ScenarioTableHasEightEntries) { EXPECT_EQ(scenarios().size(), 8u); }

TEST_F(DriverTest, FailedResultReadLeavesLeaseInfoUntouched) {
  fbmu_lease_info_t info{};
  info.arena_size = 0x5A5A;
  info.status = 0x42;
  mock.idle().arg_id(kId).cmd(FBMU_OP_QUERY, FBMU_OK).res_id(kId).res_size(64).res_time(9);
  mock.expect_read(FBMU_REG_RES_STATUS, FBMU_LEASE_ACTIVE, FBMU_E_BUS_ERROR);
  EXPECT_EQ(fbmu_query(dev, kId, &info), FBMU_E_BUS_ERROR);
  EXPECT_EQ(info.arena_size, 0x5A5Au);
  EXPECT_EQ(info.status, 0x42);
  expect_clean();
}

// ---- Partial failure (spec 13) --------------------------------------------------------------

// A multi-chunk write that fails part way says how many bytes landed: the chunks the device
// confirmed before the failing one (each chunk is atomic). Leased and bootstrap, a failure at each
// chunk and none.
TEST_F(DriverTest, WriteExCountsTheBytesOfTheChunksBeforeTheFailingOne) {
  const std::vector<uint8_t> data = pattern(20, 5);
  const uint32_t offs[] = {0, 8, 16}, lens[] = {8, 8, 4};
  for (bool leased : {true, false}) {
    for (int fail = 0; fail <= 3; fail++) {  // 3: every chunk lands
      SCOPED_TRACE(std::string(leased ? "leased" : "bootstrap") + ", failing chunk " +
                   std::to_string(fail));
      const int err = leased ? FBMU_E_LEASE_EXPIRED : FBMU_E_DISCONNECTED;
      MockBus m;
      fbmu_t *d = nullptr;
      ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
      if (leased)
        query_active(m.cap_max_io(8), 64, 9);
      else
        m.cap_max_io(8).idle().cmd(FBMU_OP_GET_ARENA_SIZE, FBMU_OK).res_size(4096);
      for (int c = 0; c < 3 && c <= fail; c++) {
        const int r = c == fail ? err : FBMU_OK;
        if (leased)
          write_lease_chunk(m, offs[c], data.data() + offs[c], lens[c], r);
        else
          write_chunk(m, offs[c], data.data() + offs[c], lens[c], r);
      }
      uint32_t n = 99;
      const int rc = leased ? fbmu_write_lease_ex(d, kId, 0, data.data(), 20, &n)
                            : fbmu_write_ex(d, 0, data.data(), 20, &n);
      EXPECT_EQ(rc, fail < 3 ? err : FBMU_OK);
      EXPECT_EQ(n, fail < 3 ? offs[fail] : 20u);
      EXPECT_TRUE(m.clean()) << m.report();
      fbmu_close(d);
    }
  }
}

// The bus fails while the driver waits for a chunk's result: that chunk may or may not have landed,
// so it is not counted; the chunks confirmed before it are.
TEST_F(DriverTest, WriteExLeavesOutAChunkWhoseResultTheBusLost) {
  const std::vector<uint8_t> data = pattern(20, 5);
  uint32_t n = 99;
  query_active(mock.cap_max_io(8), 64, 9);
  write_lease_chunk(mock, 0, data.data(), 8, FBMU_OK);
  write_lease_chunk(mock, 8, data.data() + 8, 8, FBMU_OK);
  mock.fail_step(mock.steps().size() - 1, FBMU_E_DISCONNECTED);  // the STATUS read after CMD
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, data.data(), 20, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(n, 8u);
  expect_clean();
}

TEST_F(DriverTest, WriteExNeedsACountAndSetsItToZeroOnBadInput) {
  uint8_t b[4] = {};
  uint32_t n = 7;
  EXPECT_EQ(fbmu_write_ex(dev, 0, b, 4, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, b, 4, nullptr), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(fbmu_write_ex(nullptr, 0, b, 4, &n), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  n = 7;
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, nullptr, 4, &n), FBMU_E_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(mock.accesses(), 0u);
}

// A write that does not fit is refused before any chunk: nothing landed.
TEST_F(DriverTest, WriteExThatDoesNotFitCountsNothing) {
  const std::vector<uint8_t> data = pattern(20, 5);
  uint32_t n = 99;
  query_active(mock.cap_max_io(8), 16, 9);
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, data.data(), 20, &n), FBMU_E_OUT_OF_RANGE);
  EXPECT_EQ(n, 0u);
  expect_clean();
}

// ALLOC's result registers hold until the next command: a read that fails is made again.
TEST_F(DriverTest, AllocResultReadFailingOnceIsReadAgain) {
  fbmu_lease_info_t info{};
  mock.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, FBMU_OK).res_id(kId).res_size(64);
  mock.expect_read(FBMU_REG_RES_TIME_LO, 9, FBMU_E_BUS_ERROR);
  mock.res_info(kId, 64, 9, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_OK);
  expect_info(info, 64, 9, FBMU_LEASE_ACTIVE);
  expect_clean();
}

// A warm reset that cut a result read also cleared the result registers and ended the lease: a
// re-read finding RES_ID zero (no lease has id 0) gives the first failure, frees nothing.
TEST_F(DriverTest, AllocResultClearedByAResetGivesTheFirstFailure) {
  fbmu_lease_info_t info{};
  info.arena_size = 0x5A5A;
  mock.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, FBMU_OK).res_id(kId);
  mock.expect_read(FBMU_REG_RES_SIZE_LO, 64, FBMU_E_DISCONNECTED);
  mock.res_info(fbmu_lease_id_t{0, 0}, 0, 0, 0);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_E_DISCONNECTED);
  EXPECT_EQ(info.arena_size, 0x5A5Au);
  expect_clean();
}

// A granted lease whose info stays unreadable would hold its record and frame with nobody able to
// name it: once the id has been read, the driver frees the lease and returns the read's error.
TEST_F(DriverTest, AllocWhoseResultStaysUnreadableIsFreedByItsId) {
  fbmu_lease_info_t info{};
  info.arena_size = 0x5A5A;
  mock.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, FBMU_OK);
  for (unsigned a = 0; a < FBMU_RETRY_ATTEMPTS; a++) {
    mock.res_id(kId).res_size(64).res_time(9);
    mock.expect_read(FBMU_REG_RES_STATUS, FBMU_LEASE_ACTIVE, FBMU_E_DISCONNECTED);
  }
  mock.idle().arg_id(kId).cmd(FBMU_OP_FREE, FBMU_OK);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_E_DISCONNECTED);
  EXPECT_EQ(info.arena_size, 0x5A5Au);
  expect_clean();
}

// The id read on an earlier attempt is the one freed, also when a later attempt fails on it.
TEST_F(DriverTest, AllocFreesTheIdReadOnAnEarlierAttempt) {
  fbmu_lease_info_t info{};
  mock.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, FBMU_OK).res_id(kId);
  mock.expect_read(FBMU_REG_RES_SIZE_LO, 64, FBMU_E_BUS_ERROR);
  for (unsigned a = 1; a < FBMU_RETRY_ATTEMPTS; a++)
    mock.expect_read(FBMU_REG_RES_ID_0, 0, FBMU_E_BUS_ERROR);
  mock.idle().arg_id(kId).cmd(FBMU_OP_FREE, FBMU_OK);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_E_BUS_ERROR);
  expect_clean();
}

// Without the id nothing can name the lease: no FREE, the read's error after the bound (the lease
// ends at its expiry).
TEST_F(DriverTest, AllocWhoseIdCannotBeReadEndsAfterTheBoundWithoutFree) {
  fbmu_lease_info_t info{};
  mock.idle().arg_a(64).arg_b(10).cmd(FBMU_OP_ALLOC, FBMU_OK);
  for (unsigned a = 0; a < FBMU_RETRY_ATTEMPTS; a++)
    mock.expect_read(FBMU_REG_RES_ID_0, 0, FBMU_E_BUS_ERROR);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_E_BUS_ERROR);
  expect_clean();
}

// A platform request that comes in between the idle check and the command's writes makes the
// unit busy; those writes then get SLVERR and have no effect (spec 12). The driver starts the
// command again from the idle check: no spurious bus error.
TEST_F(DriverTest, CmdWriteRejectedByAUnitGoneBusyStartsTheCommandAgain) {
  mock.idle().arg_id(kId).expect_write(FBMU_REG_CMD, FBMU_OP_FREE, FBMU_E_BUS_ERROR);
  mock.busy(3).idle().arg_id(kId).cmd(FBMU_OP_FREE, FBMU_OK);
  EXPECT_EQ(fbmu_free(dev, kId), FBMU_OK);
  expect_clean();
}

TEST_F(DriverTest, ArgumentWriteRejectedByAUnitGoneBusyStartsTheCommandAgain) {
  fbmu_lease_info_t info{};
  mock.idle().expect_write(FBMU_REG_ARG_A_LO, 64, FBMU_E_BUS_ERROR);
  mock.busy(2)
      .idle()
      .arg_a(64)
      .arg_b(10)
      .cmd(FBMU_OP_ALLOC, FBMU_OK)
      .res_info(kId, 64, 9, FBMU_LEASE_ACTIVE);
  EXPECT_EQ(fbmu_alloc(dev, 64, 10, &info), FBMU_OK);
  expect_info(info, 64, 9, FBMU_LEASE_ACTIVE);
  expect_clean();
}

// A STAGING write fails in the middle of a stream (spec 7, 13): the driver sends no more words,
// waits for the command's end (the unit times the stream out) and counts the prefix it reports.
TEST_F(DriverTest, StagingWriteFailingMidStreamCountsThePrefixTheUnitLanded) {
  for (int bus_rc : {FBMU_E_BUS_ERROR, FBMU_E_DISCONNECTED}) {
    SCOPED_TRACE("rc " + std::to_string(bus_rc));
    const std::vector<uint8_t> data = pattern(16, 3);
    MockBus m;
    fbmu_t *d = nullptr;
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    m.cap_max_io(4096).idle().arg_id(kId).arg_a(0).arg_len(16);
    m.expect_write(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE_STREAM).xfer().staging_write(data.data(), 12);
    m.fail_step(m.steps().size() - 1, bus_rc);  // the third STAGING word
    m.busy(3).idle(FBMU_E_TIMEOUT).res_len(8);
    uint32_t n = 0;
    EXPECT_EQ(fbmu_write_lease_ex(d, kId, 0, data.data(), 16, &n), bus_rc);
    EXPECT_EQ(n, 8u);
    EXPECT_TRUE(m.clean()) << m.report();
    fbmu_close(d);
  }
}

// One WRITE_LEASE_STREAM chunk of kId whose every word the bus took, yet the unit timed the
// stream out (it saw no last byte) and reports `landed` bytes.
MockBus &timed_out_chunk(MockBus &m, uint64_t off, const uint8_t *data, uint32_t len,
                         uint32_t landed) {
  m.idle().arg_id(kId).arg_a(off).arg_len(len);
  m.expect_write(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE_STREAM).xfer().staging_write(data, len);
  return m.idle(FBMU_E_TIMEOUT).res_len(landed);
}

TEST_F(DriverTest, StreamThatTimesOutReturnsTimeoutAndCountsItsPrefix) {
  const std::vector<uint8_t> data = pattern(24, 5);
  query_active(mock.cap_max_io(8), 4096, 50);
  write_lease_chunk(mock, 0, data.data(), 8, FBMU_OK);
  timed_out_chunk(mock, 8, data.data() + 8, 8, 3);
  uint32_t n = 0;
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, data.data(), 24, &n), FBMU_E_TIMEOUT);
  EXPECT_EQ(n, 11u);
  expect_clean();
}

TEST_F(DriverTest, TimedOutStreamReportingMoreThanItsChunkCountsTheChunkAtMost) {
  const std::vector<uint8_t> data = pattern(8, 5);
  timed_out_chunk(mock.cap_max_io(4096), 0, data.data(), 8, 4096);
  uint32_t n = 0;
  EXPECT_EQ(fbmu_write_lease_ex(dev, kId, 0, data.data(), 8, &n), FBMU_E_TIMEOUT);
  EXPECT_EQ(n, 8u);
  expect_clean();
}

// A write refused on every attempt is a bus error after FBMU_RETRY_ATTEMPTS commands; a bus with
// no answer is not retried.
TEST_F(DriverTest, WriteRefusedOnEveryAttemptIsABusErrorAfterTheBound) {
  for (unsigned a = 0; a < FBMU_RETRY_ATTEMPTS; a++)
    mock.idle().expect_write(FBMU_REG_CMD, FBMU_OP_HELLO, FBMU_E_BUS_ERROR);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_BUS_ERROR);
  expect_clean();
  EXPECT_EQ(mock.accesses(), 2u * FBMU_RETRY_ATTEMPTS);
}

// ---- Bounded polling ---------------------------------------------------------------------------

TEST_F(DriverTest, BusyForeverBeforeCmdGivesDisconnectedAfterExactlyThePollLimit) {
  ASSERT_EQ(fbmu_set_poll_limit(dev, 5), FBMU_OK);
  mock.busy_forever(0);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_DISCONNECTED);
  EXPECT_EQ(mock.status_reads(), 5u);
  EXPECT_EQ(mock.writes(), 0u);
  EXPECT_FALSE(mock.mismatched()) << mock.report();
}

TEST_F(DriverTest, BusyForeverAfterCmdGivesDisconnectedAfterExactlyThePollLimit) {
  ASSERT_EQ(fbmu_set_poll_limit(dev, 7), FBMU_OK);
  mock.idle().arg_id(kId).expect_write(FBMU_REG_CMD, FBMU_OP_FREE);
  mock.busy_forever(mock.steps().size());
  EXPECT_EQ(fbmu_free(dev, kId), FBMU_E_DISCONNECTED);
  EXPECT_EQ(mock.status_reads(), 1u + 7u);
  EXPECT_EQ(mock.accesses(), 6u + 7u);  // nothing after the last poll
  expect_clean();
}

TEST_F(DriverTest, BusyForOneLessThanThePollLimitStillSucceeds) {
  ASSERT_EQ(fbmu_set_poll_limit(dev, 5), FBMU_OK);
  mock.busy(4).idle().cmd(FBMU_OP_HELLO, FBMU_OK, 4);
  EXPECT_EQ(fbmu_hello(dev), FBMU_OK);
  expect_clean();
  mock.busy(5).idle();
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_DISCONNECTED);
  EXPECT_EQ(mock.consumed(),
            mock.steps().size() - 1);  // the idle read after 5 busy ones is not made
}

TEST_F(DriverTest, DefaultPollLimitIsTheHeadersDefault) {
  mock.busy_forever(0);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_DISCONNECTED);
  EXPECT_EQ(mock.status_reads(), static_cast<size_t>(FBMU_DEFAULT_POLL_LIMIT));
}

TEST_F(DriverTest, BusyForeverDuringChunkedReadKeepsBytesAlreadyRead) {
  std::vector<uint8_t> src = pattern(8);
  std::vector<uint8_t> buf(16);
  uint32_t n = 0;
  ASSERT_EQ(fbmu_set_poll_limit(dev, 3), FBMU_OK);
  read_chunk(mock.cap_max_io(8), 0, 8, src.data(), 8);
  mock.idle().arg_a(8).arg_len(8).expect_write(FBMU_REG_CMD, FBMU_OP_READ);
  mock.busy_forever(mock.steps().size());
  EXPECT_EQ(fbmu_read(dev, 0, buf.data(), 16, &n), FBMU_E_DISCONNECTED);
  EXPECT_EQ(n, 8u);
  expect_clean();
}

// ---- Error strings
// -------------------------------------------------------------------------------

// ---- Block path: STAGING through the bus's block callbacks -------------------------------------

// The bus offers read_block/write_block before fbmu_open copies it.
class BlockDriverTest : public ::testing::Test {
 protected:
  void open(fbmu_mock::BlockError on_error = fbmu_mock::BlockError::kStop) {
    mock.enable_blocks(on_error);
    ASSERT_EQ(fbmu_open(mock.bus(), &dev), FBMU_OK);
  }
  void TearDown() override { fbmu_close(dev); }
  void expect_clean() { EXPECT_TRUE(mock.clean()) << mock.report(); }
  // The block calls cover exactly the STAGING words from the window's start, in order, in blocks
  // of at most FBMU_BLOCK_WORDS (256) words, every one of them of this kind.
  void expect_blocks_cover(Kind kind, uint32_t words) {
    uint32_t next = FBMU_WIN_STAGING;
    for (const fbmu_mock::BlockCall &b : mock.block_calls()) {
      EXPECT_EQ(b.kind, kind);
      EXPECT_EQ(b.addr, next);
      EXPECT_GE(b.n_words, 1u);
      EXPECT_LE(b.n_words, 256u);
      next += 4u * b.n_words;
    }
    EXPECT_EQ(next, FBMU_WIN_STAGING + 4u * words);
  }

  MockBus mock;
  fbmu_t *dev = nullptr;
};

TEST_F(BlockDriverTest, FourKibLeasedReadMovesStagingInFourBlocks) {
  open();
  std::vector<uint8_t> src = pattern(4096, 9);
  std::vector<uint8_t> buf(4096 + 8, 0xEE);
  uint32_t n = 0;
  read_lease_chunk(mock.cap_max_io(4096), 0, 4096, src.data(), 4096);
  ASSERT_EQ(fbmu_read_lease(dev, kId, 0, buf.data(), 4096, &n), FBMU_OK);
  expect_got(buf.data(), src.data(), n, 4096);
  for (size_t i = 4096; i < buf.size(); i++)
    EXPECT_EQ(buf[i], 0xEE) << "byte " << i << " beyond the transfer was written";
  EXPECT_EQ(mock.block_calls().size(), 4u);
  expect_blocks_cover(Kind::kRead, 1024);
  expect_clean();
}

TEST_F(BlockDriverTest, FourKibLeasedWriteStreamsStagingInFourBlocksAfterXfer) {
  open();
  std::vector<uint8_t> data = pattern(4096, 3);
  write_lease_chunk(mock.cap_max_io(4096), 8, data.data(), 4096, FBMU_OK);
  ASSERT_EQ(fbmu_write_lease(dev, kId, 8, data.data(), 4096), FBMU_OK);
  EXPECT_EQ(mock.block_calls().size(), 4u);
  expect_blocks_cover(Kind::kWrite, 1024);
  expect_clean();
}

// Any length: the last word is zero-padded on the way out and only len bytes come back in.
TEST_F(BlockDriverTest, OddLengthsAskForWholeWordsAndCopyOnlyTheBytesAsked) {
  std::vector<uint8_t> data(1030, 0xFF);  // bytes after len are non-zero: none may reach the bus
  for (uint32_t len : {1u, 3u, 4u, 5u, 1023u, 1025u, 1029u}) {
    SCOPED_TRACE("len " + std::to_string(len));
    MockBus m;
    fbmu_t *d = nullptr;
    m.enable_blocks();
    ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
    std::vector<uint8_t> src = pattern(len, 5);
    std::vector<uint8_t> buf(len + 8, 0xEE);
    uint32_t n = 0;
    write_chunk(m.cap_max_io(4096), 0, data.data(), len, FBMU_OK);
    read_chunk(m, 0, len, src.data(), len);
    EXPECT_EQ(fbmu_write(d, 0, data.data(), len), FBMU_OK);
    EXPECT_EQ(fbmu_read(d, 0, buf.data(), len, &n), FBMU_OK);
    expect_got(buf.data(), src.data(), n, len);
    for (size_t i = len; i < buf.size(); i++)
      EXPECT_EQ(buf[i], 0xEE) << "byte " << i << " beyond the transfer was written";
    uint32_t words = 0;
    for (const fbmu_mock::BlockCall &b : m.block_calls()) words += b.n_words;
    EXPECT_EQ(words, 2u * ((len + 3u) / 4u));  // written once, read once, no word more
    EXPECT_TRUE(m.clean()) << m.report();
    fbmu_close(d);
  }
}

// A block that fails part way ends the read with the mapped code: no later block, no byte past
// the buffer, *n_read counts only earlier chunks. Both a bus that stops at the failing word and one
// that runs on through the block (pipelined) are covered.
TEST_F(BlockDriverTest, ReadBlockFailingPartWayEndsTheReadAndOverrunsNothing) {
  for (auto mode : {fbmu_mock::BlockError::kStop, fbmu_mock::BlockError::kRunOn}) {
    for (int bus_rc : {FBMU_E_BUS_ERROR, FBMU_E_DISCONNECTED, 7}) {
      const bool run_on = mode == fbmu_mock::BlockError::kRunOn;
      SCOPED_TRACE(std::string(run_on ? "run on" : "stop") + ", rc " + std::to_string(bus_rc));
      MockBus m;
      fbmu_t *d = nullptr;
      m.enable_blocks(mode);
      ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
      std::vector<uint8_t> src = pattern(4096 + 8, 2);
      std::vector<uint8_t> buf(4096 + 8 + 16, 0xEE);
      uint32_t n = 0;
      // Chunk 1 (4096 bytes) fails at its STAGING word 300 (in block 2); chunk 2 (8 bytes) is
      // scripted but must never run.
      m.cap_max_io(4096).idle().arg_a(0).arg_len(4096).cmd(FBMU_OP_READ, FBMU_OK).res_len(4096);
      const size_t chunk1_words = m.steps().size();
      const size_t fail_at = chunk1_words + 300;
      m.staging_read(src.data(), 4096);
      const size_t chunk2 = m.steps().size();
      read_chunk(m, 4096, 8, src.data() + 4096, 8);
      m.fail_step(fail_at, bus_rc);
      const int want = bus_rc == FBMU_E_DISCONNECTED ? FBMU_E_DISCONNECTED : FBMU_E_BUS_ERROR;
      EXPECT_EQ(fbmu_read(d, 0, buf.data(), 4096 + 8, &n), want);
      EXPECT_EQ(n, 0u);
      for (size_t i = 4096 + 8; i < buf.size(); i++)
        ASSERT_EQ(buf[i], 0xEE) << "byte " << i << " beyond the buffer was written";
      EXPECT_FALSE(m.mismatched()) << m.report();
      EXPECT_EQ(m.block_calls().size(), 2u) << "a block after the failing one was started";
      EXPECT_EQ(m.consumed(), run_on ? chunk1_words + 512 : fail_at + 1);
      EXPECT_LT(m.consumed(), chunk2);  // the second chunk's command never ran
      fbmu_close(d);
    }
  }
}

// A bus that stops answering inside a STAGING block ends the write there: no later block, no CMD.
// A STAGING block of a stream fails part way (either way a bus ends a block): no later block
// starts, the driver waits for the command's end and counts the prefix the unit reports.
TEST_F(BlockDriverTest, WriteBlockFailingPartWayEndsTheStreamAndCountsItsPrefix) {
  for (auto mode : {fbmu_mock::BlockError::kStop, fbmu_mock::BlockError::kRunOn}) {
    for (int bus_rc : {FBMU_E_DISCONNECTED, FBMU_E_BUS_ERROR, -99}) {
      const bool run_on = mode == fbmu_mock::BlockError::kRunOn;
      SCOPED_TRACE(std::string(run_on ? "run on" : "stop") + ", rc " + std::to_string(bus_rc));
      MockBus m;
      fbmu_t *d = nullptr;
      m.enable_blocks(mode);
      ASSERT_EQ(fbmu_open(m.bus(), &d), FBMU_OK);
      std::vector<uint8_t> data = pattern(2048, 4);
      m.cap_max_io(4096).idle().arg_id(kId).arg_a(0).arg_len(2048);
      m.expect_write(FBMU_REG_CMD, FBMU_OP_WRITE_LEASE_STREAM).xfer();
      const size_t first_word = m.steps().size();
      m.staging_write(data.data(), run_on ? 1024 : 44);  // block 1 up to where it ends
      m.fail_step(first_word + 10, bus_rc);              // word 10 of block 1
      m.idle(FBMU_E_TIMEOUT).res_len(40);
      const int want = bus_rc == FBMU_E_DISCONNECTED ? FBMU_E_DISCONNECTED : FBMU_E_BUS_ERROR;
      uint32_t n = 0;
      EXPECT_EQ(fbmu_write_lease_ex(d, kId, 0, data.data(), 2048, &n), want);
      EXPECT_EQ(n, 40u);
      EXPECT_TRUE(m.clean()) << m.report();
      EXPECT_EQ(m.block_calls().size(), 1u) << "a block after the failing one was started";
      fbmu_close(d);
    }
  }
}

TEST_F(BlockDriverTest, OnlyTheCallbacksPresentAreUsed) {
  MockBus m;
  fbmu_bus_t bus = *m.bus();
  bus.read_block = nullptr;
  m.enable_blocks();
  bus.write_block = m.bus()->write_block;  // write block only
  fbmu_t *d = nullptr;
  ASSERT_EQ(fbmu_open(&bus, &d), FBMU_OK);
  std::vector<uint8_t> data = pattern(12, 8), buf(12);
  uint32_t n = 0;
  write_chunk(m.cap_max_io(4096), 0, data.data(), 12, FBMU_OK);
  read_chunk(m, 0, 12, data.data(), 12);
  EXPECT_EQ(fbmu_write(d, 0, data.data(), 12), FBMU_OK);
  EXPECT_EQ(fbmu_read(d, 0, buf.data(), 12, &n), FBMU_OK);
  EXPECT_EQ(buf, data);
  ASSERT_EQ(m.block_calls().size(), 1u);
  EXPECT_EQ(m.block_calls()[0].kind, Kind::kWrite);
  EXPECT_EQ(m.block_calls()[0].n_words, 3u);
  EXPECT_TRUE(m.clean()) << m.report();
  fbmu_close(d);
}

// Without block callbacks nothing changes: word by word, no block call.
TEST_F(DriverTest, BusWithoutBlockCallbacksMovesStagingWordByWord) {
  std::vector<uint8_t> src = pattern(4096, 6);
  std::vector<uint8_t> buf(4096);
  uint32_t n = 0;
  read_chunk(mock.cap_max_io(4096), 0, 4096, src.data(), 4096);
  ASSERT_EQ(fbmu_read(dev, 0, buf.data(), 4096, &n), FBMU_OK);
  EXPECT_EQ(buf, src);
  EXPECT_TRUE(mock.block_calls().empty());
  expect_clean();
}

TEST(StrerrorTest, EveryCodeHasItsOwnClearMessage) {
  std::vector<int> codes(std::begin(kKnownErrors), std::end(kKnownErrors));
  codes.push_back(FBMU_OK);
  std::set<std::string> seen;
  for (int c : codes) {
    const char *s = fbmu_strerror(c);
    ASSERT_NE(s, nullptr) << c;
    EXPECT_GT(std::strlen(s), 1u) << c;
    EXPECT_STRNE(s, "unknown error") << c;
    EXPECT_TRUE(seen.insert(s).second) << "duplicate message for " << c << ": " << s;
  }
  EXPECT_NE(std::string(fbmu_strerror(FBMU_E_LEASE_EXPIRED)).find("expired"), std::string::npos);
  EXPECT_NE(std::string(fbmu_strerror(FBMU_E_REVOKED)).find("revoked"), std::string::npos);
  EXPECT_NE(std::string(fbmu_strerror(FBMU_E_FENCED)).find("fenced"), std::string::npos);
}

TEST(StrerrorTest, UnknownCodesSayUnknownError) {
  for (int c : {1, 5, -12, -128, INT_MIN, INT_MAX})
    EXPECT_STREQ(fbmu_strerror(c), "unknown error") << c;
}

TEST(StrerrorTest, MessagesAreStaticStrings) {
  EXPECT_EQ(fbmu_strerror(FBMU_E_NOT_FOUND), fbmu_strerror(FBMU_E_NOT_FOUND));
  EXPECT_EQ(fbmu_strerror(-55), fbmu_strerror(77));
}

// ---- The mock itself: it must catch a driver that strays ----------------------------------------

TEST(MockBusTest, ReportsWrongAccessWithStepIndexExpectedAndActual) {
  MockBus m;
  m.idle().expect_write(FBMU_REG_CMD, FBMU_OP_HELLO);
  uint32_t v = 0;
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_STATUS, &v), 0);
  EXPECT_EQ(m.bus()->write32(m.bus()->ctx, FBMU_REG_CMD, FBMU_OP_FREE), FBMU_E_BUS_ERROR);
  EXPECT_TRUE(m.mismatched());
  EXPECT_FALSE(m.clean());
  const std::string r = m.report();
  EXPECT_NE(r.find("step 1"), std::string::npos) << r;
  EXPECT_NE(r.find("write CMD <- 0x00000001"), std::string::npos) << r;
  EXPECT_NE(r.find("write CMD <- 0x00000006"), std::string::npos) << r;
}

TEST(MockBusTest, DerailsAfterAMismatchAndReportsUnconsumedSteps) {
  MockBus m;
  m.idle().idle();
  uint32_t v = 123;
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_ARG_LEN, &v), FBMU_E_BUS_ERROR);
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_STATUS, &v), FBMU_E_BUS_ERROR);  // derailed
  EXPECT_EQ(m.consumed(), 0u);
  EXPECT_NE(m.report().find("never happened: read STATUS"), std::string::npos) << m.report();
}

TEST(MockBusTest, AccessBeyondTheScriptIsAMismatch) {
  MockBus m;
  uint32_t v;
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_WIN_STAGING + 8, &v), FBMU_E_BUS_ERROR);
  EXPECT_NE(m.report().find("script ended, got read STAGING+0x8"), std::string::npos) << m.report();
}

TEST(MockBusTest, FailStepAndBusyForeverAnswerAsScripted) {
  MockBus m;
  m.idle().expect_read(FBMU_REG_RES_LEN, 4).expect_read(FBMU_REG_RES_LEN, 6);
  m.fail_step(1, FBMU_E_DISCONNECTED);
  m.busy_forever(2);
  uint32_t v = 0;
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_STATUS, &v), 0);
  EXPECT_EQ(v, status_word(false, 0));
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_RES_LEN, &v), FBMU_E_DISCONNECTED);
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_STATUS, &v), 0);
  EXPECT_EQ(v, status_word(true, 0));
  EXPECT_EQ(m.bus()->read32(m.bus()->ctx, FBMU_REG_RES_LEN, &v), 0);
  EXPECT_EQ(v, 6u);
  EXPECT_TRUE(m.clean()) << m.report();
  EXPECT_EQ(m.status_reads(), 2u);
}

TEST(MockBusTest, StatusWordCarriesNegativeResultInEightBits) {
  EXPECT_EQ(status_word(false, -1), 0xFFu << FBMU_STATUS_RESULT_SHIFT);
  EXPECT_EQ(status_word(true, -128), (0x80u << FBMU_STATUS_RESULT_SHIFT) | FBMU_STATUS_BUSY_MASK);
}

}  // namespace
