// The RTL and the golden model behind the same TLM-2.0 socket: one initiator per target, the same
// payloads and the same driver calls to both, every response status and every byte compared. Where
// the base protocol fixes the answer (malformed payloads, decode errors) the test asserts it too.
// Its own sc_main: the two targets and initiators are elaborated once; each test resets both.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fbmu_tlm.h"

namespace {

constexpr uint64_t kStartTime = 1000;

struct Pair : sc_core::sc_module {
  fbmu_tlm::BusInitiator to_rtl, to_model;
  fbmu_tlm::RtlTarget rtl;
  fbmu_tlm::ModelTarget model;
  explicit Pair(sc_core::sc_module_name name)
      : sc_core::sc_module(name),
        to_rtl("to_rtl"),
        to_model("to_model"),
        rtl("rtl"),
        model("model") {
    to_rtl.socket.bind(rtl.socket);
    to_model.socket.bind(model.socket);
  }
};
Pair *g_pair = nullptr;

// One payload as the test describes it; sent to both targets from identical buffers.
struct Shot {
  tlm::tlm_command cmd = tlm::TLM_READ_COMMAND;
  uint64_t addr = 0;
  uint32_t wdata = 0;
  unsigned int length = 4;
  unsigned int width = 4;
  std::vector<unsigned char> be;  // empty: no byte-enable array
};

struct Answer {
  tlm::tlm_response_status status;
  unsigned char data[8];
};

Answer Send(fbmu_tlm::BusInitiator &ini, const Shot &s) {
  Answer a{};
  std::memset(a.data, 0xA5, sizeof a.data);  // bytes a target must not touch stay 0xA5
  if (s.cmd == tlm::TLM_WRITE_COMMAND)
    for (unsigned int i = 0; i < 4; i++) a.data[i] = static_cast<unsigned char>(s.wdata >> (8 * i));
  std::vector<unsigned char> be = s.be;
  tlm::tlm_generic_payload p;
  p.set_command(s.cmd);
  p.set_address(s.addr);
  p.set_data_ptr(a.data);
  p.set_data_length(s.length);
  p.set_streaming_width(s.width);
  if (!be.empty()) {
    p.set_byte_enable_ptr(be.data());
    p.set_byte_enable_length(static_cast<unsigned int>(be.size()));
  }
  a.status = ini.Transport(p);
  EXPECT_FALSE(p.is_dmi_allowed());
  return a;
}

std::string Describe(const Shot &s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s addr=0x%llx wdata=0x%08x len=%u width=%u be=%zu",
                s.cmd == tlm::TLM_READ_COMMAND    ? "read"
                : s.cmd == tlm::TLM_WRITE_COMMAND ? "write"
                                                  : "ignore",
                static_cast<unsigned long long>(s.addr), s.wdata, s.length, s.width, s.be.size());
  return buf;
}

// Both targets answer the shot alike; returns the common answer.
Answer Both(const Shot &s) {
  const Answer r = Send(g_pair->to_rtl, s);
  const Answer m = Send(g_pair->to_model, s);
  EXPECT_EQ(r.status, m.status) << Describe(s) << ": RTL " << tlm::tlm_response_status(r.status)
                                << ", model " << m.status;
  for (unsigned int i = 0; i < sizeof r.data; i++)
    EXPECT_EQ(r.data[i], m.data[i]) << Describe(s) << ": byte " << i;
  return r;
}

Shot Rd(uint64_t addr) {
  Shot s;
  s.cmd = tlm::TLM_READ_COMMAND;
  s.addr = addr;
  return s;
}
Shot Wr(uint64_t addr, uint32_t v) {
  Shot s;
  s.cmd = tlm::TLM_WRITE_COMMAND;
  s.addr = addr;
  s.wdata = v;
  return s;
}
Shot WrBe(uint64_t addr, uint32_t v, std::vector<unsigned char> be) {
  Shot s = Wr(addr, v);
  s.be = std::move(be);
  return s;
}
constexpr unsigned char E = TLM_BYTE_ENABLED;
constexpr unsigned char D = TLM_BYTE_DISABLED;

class TlmCompare : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const fbmu_platform_t *p : {g_pair->rtl.platform(), g_pair->model.platform()}) {
      ASSERT_EQ(p->reset(p->ctx), FBMU_OK);
      ASSERT_EQ(p->set_time(p->ctx, kStartTime), FBMU_OK);
      ASSERT_EQ(p->now(p->ctx), kStartTime);
    }
  }
};

TEST_F(TlmCompare, EveryWordOfTheWindowReadsAlike) {
  unsigned ok = 0, decerr = 0;
  for (uint64_t a = 0; a < 0x2000; a += 4) {
    const Answer r = Both(Rd(a));
    if (r.status == tlm::TLM_OK_RESPONSE) ok++;
    if (r.status == tlm::TLM_ADDRESS_ERROR_RESPONSE) decerr++;
    ASSERT_FALSE(HasFailure()) << "stopped at 0x" << std::hex << a;
  }
  // Registers and the 4 KiB staging window answer OKAY, the gaps DECERR, nothing else.
  EXPECT_EQ(ok + decerr, 0x2000u / 4);
  EXPECT_GE(ok, FBMU_WIN_STAGING_SIZE / 4 + 30);
  EXPECT_GT(decerr, 0u);
  EXPECT_EQ(Both(Rd(FBMU_REG_ID)).status, tlm::TLM_OK_RESPONSE);
}

TEST_F(TlmCompare, WritesWithByteEnablesLandAlike) {
  const uint32_t stg = FBMU_WIN_STAGING + 64;
  EXPECT_EQ(Both(Wr(stg, 0x11223344u)).status, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(Both(WrBe(stg, 0xAABBCCDDu, {E, D, D, D})).status, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(Both(WrBe(stg, 0xAABBCCDDu, {D, E, E, D})).status, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(Both(WrBe(stg + 4, 0x55667788u, {E, D})).status, tlm::TLM_OK_RESPONSE);  // bytes 0, 2
  EXPECT_EQ(Both(WrBe(stg + 8, 0x01020304u, {E})).status, tlm::TLM_OK_RESPONSE);     // all bytes
  const Answer a = Both(Rd(stg));
  EXPECT_EQ(a.data[0], 0xDD);
  EXPECT_EQ(a.data[1], 0xCC);
  EXPECT_EQ(a.data[2], 0xBB);
  EXPECT_EQ(a.data[3], 0x11);
  // A read with byte enables hands back only the enabled bytes.
  Shot partial = Rd(stg);
  partial.be = {D, E, D, E};
  const Answer b = Both(partial);
  EXPECT_EQ(b.data[0], 0xA5);
  EXPECT_EQ(b.data[1], 0xCC);
  EXPECT_EQ(b.data[2], 0xA5);
  EXPECT_EQ(b.data[3], 0x11);
  Both(Rd(stg + 4));
  Both(Rd(stg + 8));
  // rw registers honour the enables too.
  for (uint32_t reg : {FBMU_REG_ARG_A_LO, FBMU_REG_ARG_B_HI, FBMU_REG_ARG_LEN, FBMU_REG_ARG_ID_2}) {
    EXPECT_EQ(Both(Wr(reg, 0xDEADBEEFu)).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(Both(WrBe(reg, 0x12345678u, {D, E, D, E})).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(Both(Rd(reg)).status, tlm::TLM_OK_RESPONSE);
  }
  EXPECT_EQ(Both(WrBe(FBMU_REG_IRQ_ENABLE, 0u, {D, E, E, E})).status, tlm::TLM_OK_RESPONSE);
  Both(Rd(FBMU_REG_IRQ_ENABLE));
  EXPECT_EQ(Both(Wr(FBMU_REG_IRQ_ENABLE, 0u)).status, tlm::TLM_OK_RESPONSE);
  Both(Rd(FBMU_REG_IRQ_ENABLE));
}

TEST_F(TlmCompare, DecodeErrorsAreAddressAndSlaveErrors) {
  // Read-only registers: SLVERR -> generic error, and nothing changes.
  for (uint32_t reg : {FBMU_REG_ID, FBMU_REG_VERSION, FBMU_REG_STATUS, FBMU_REG_RTC_LO,
                       FBMU_REG_RES_ID_0, FBMU_REG_EVT_COUNT}) {
    EXPECT_EQ(Both(Wr(reg, 0xFFFFFFFFu)).status, tlm::TLM_GENERIC_ERROR_RESPONSE) << reg;
    EXPECT_EQ(Both(Rd(reg)).status, tlm::TLM_OK_RESPONSE);
  }
  // A gap in the register map, and addresses above the unit's window (never truncated onto it).
  for (uint64_t a : {0x028ull, 0x0A0ull, 0x2000ull, 0x3000ull, 0x100000000ull + FBMU_REG_ID}) {
    EXPECT_EQ(Both(Rd(a)).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << a;
    EXPECT_EQ(Both(Wr(a, 1)).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << a;
  }
}

TEST_F(TlmCompare, WhatOneAxiLiteTransferCannotCarryIsRefused) {
  Shot s = Rd(FBMU_REG_ID);
  s.cmd = tlm::TLM_IGNORE_COMMAND;
  EXPECT_EQ(Both(s).status, tlm::TLM_COMMAND_ERROR_RESPONSE);
  for (unsigned int len : {1u, 2u, 8u}) {
    Shot l = Rd(FBMU_WIN_STAGING);
    l.length = len;
    l.width = len;
    EXPECT_EQ(Both(l).status, tlm::TLM_BURST_ERROR_RESPONSE) << len;
  }
  Shot w = Wr(FBMU_WIN_STAGING, 7);
  w.width = 2;
  EXPECT_EQ(Both(w).status, tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_EQ(Both(Rd(FBMU_WIN_STAGING + 2)).status, tlm::TLM_BURST_ERROR_RESPONSE);
  EXPECT_EQ(Both(WrBe(FBMU_WIN_STAGING, 1, {0x0F, E, E, E})).status,
            tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  EXPECT_EQ(Both(WrBe(FBMU_WIN_STAGING, 1, {D, D, D, D})).status,
            tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  // None of it reached the unit.
  const Answer a = Both(Rd(FBMU_WIN_STAGING));
  EXPECT_EQ(a.status, tlm::TLM_OK_RESPONSE);
}

// The unchanged driver on each initiator's bus, call by call.
TEST_F(TlmCompare, SameDriverCallsSameResults) {
  fbmu_t *dr = nullptr, *dm = nullptr;
  ASSERT_EQ(fbmu_open(g_pair->to_rtl.bus(), &dr), FBMU_OK);
  ASSERT_EQ(fbmu_open(g_pair->to_model.bus(), &dm), FBMU_OK);
  fbmu_t *devs[2] = {dr, dm};
  const fbmu_platform_t *plats[2] = {g_pair->rtl.platform(), g_pair->model.platform()};
  int rc[2];
  auto same = [&](const char *what) { EXPECT_EQ(rc[0], rc[1]) << what; };

  for (int i = 0; i < 2; i++) rc[i] = fbmu_hello(devs[i]);
  same("hello");
  EXPECT_EQ(rc[0], FBMU_OK);
  uint64_t arena[2] = {0, 0};
  for (int i = 0; i < 2; i++) rc[i] = fbmu_get_arena_size(devs[i], &arena[i]);
  same("get_arena_size");
  EXPECT_EQ(arena[0], arena[1]);

  fbmu_lease_info_t info[3][2];
  const uint64_t secs[3] = {30, 300, 3000};
  for (int l = 0; l < 3; l++) {
    for (int i = 0; i < 2; i++) rc[i] = fbmu_alloc(devs[i], 100, secs[l], &info[l][i]);
    same("alloc");
    EXPECT_EQ(rc[0], FBMU_OK);
    EXPECT_EQ(info[l][0].lease_id.hi, info[l][1].lease_id.hi);
    EXPECT_EQ(info[l][0].lease_id.lo, info[l][1].lease_id.lo);
    EXPECT_EQ(info[l][0].arena_size, info[l][1].arena_size);
    EXPECT_EQ(info[l][0].expires_at_unix_secs, info[l][1].expires_at_unix_secs);
    EXPECT_EQ(info[l][0].status, info[l][1].status);
  }
  std::vector<uint8_t> pattern(600);
  for (size_t k = 0; k < pattern.size(); k++) pattern[k] = static_cast<uint8_t>(k * 7 + 3);
  for (int i = 0; i < 2; i++)
    rc[i] = fbmu_write_lease(devs[i], info[1][i].lease_id, 10, pattern.data(), 600);
  same("write_lease");
  std::vector<uint8_t> back[2] = {std::vector<uint8_t>(700, 0xEE), std::vector<uint8_t>(700, 0xEE)};
  uint32_t n[2] = {0, 0};
  for (int i = 0; i < 2; i++)
    rc[i] = fbmu_read_lease(devs[i], info[1][i].lease_id, 0, back[i].data(), 700, &n[i]);
  same("read_lease");
  EXPECT_EQ(n[0], n[1]);
  EXPECT_EQ(back[0], back[1]);
  for (int i = 0; i < 2; i++) rc[i] = fbmu_free(devs[i], info[2][i].lease_id);
  same("free");
  uint64_t exp[2] = {0, 0};
  for (int i = 0; i < 2; i++) rc[i] = fbmu_renew(devs[i], info[1][i].lease_id, 60, &exp[i]);
  same("renew");
  EXPECT_EQ(exp[0], exp[1]);
  // Time passes on the platform port: the 30-second lease ends on both.
  for (int i = 0; i < 2; i++) rc[i] = plats[i]->advance_time(plats[i]->ctx, 31);
  same("advance_time");
  fbmu_lease_info_t q[2];
  for (int i = 0; i < 2; i++) rc[i] = fbmu_query(devs[i], info[0][i].lease_id, &q[i]);
  same("query of the ended lease");
  EXPECT_EQ(q[0].status, q[1].status);
  EXPECT_TRUE(rc[0] != FBMU_OK || q[0].status != FBMU_LEASE_ACTIVE);
  uint32_t pending[2] = {0, 0}, dropped[2] = {0, 0};
  for (int i = 0; i < 2; i++) rc[i] = fbmu_event_count(devs[i], &pending[i], &dropped[i]);
  same("event_count");
  EXPECT_EQ(pending[0], pending[1]);
  EXPECT_EQ(pending[0], 2u);  // the freed lease and the expired one
  EXPECT_EQ(dropped[0], dropped[1]);
  for (uint32_t e = 0; e < pending[0] + 1; e++) {
    fbmu_event_t ev[2];
    for (int i = 0; i < 2; i++) rc[i] = fbmu_read_event(devs[i], &ev[i]);
    same("read_event");
    if (rc[0] != FBMU_OK) break;
    EXPECT_EQ(ev[0].lease_id.lo, ev[1].lease_id.lo);
    EXPECT_EQ(ev[0].lease_id.hi, ev[1].lease_id.hi);
    EXPECT_EQ(ev[0].kind, ev[1].kind);
    EXPECT_EQ(ev[0].time_unix_secs, ev[1].time_unix_secs);
  }
  // Plain reads outside any lease, and bad input through the driver.
  for (int i = 0; i < 2; i++) rc[i] = fbmu_read(devs[i], 0, back[i].data(), 64, &n[i]);
  same("read at offset 0");
  for (int i = 0; i < 2; i++) rc[i] = fbmu_query(devs[i], fbmu_lease_id_t{1, 2}, &q[i]);
  same("query of an unknown id");
  fbmu_close(dr);
  fbmu_close(dm);
}

// What only the RTL can show: SLVERR while busy, and a hung bus, through the TLM socket.
TEST_F(TlmCompare, RtlBusyIsGenericErrorAndHungBusLeavesTheResponseIncomplete) {
  fbmu_tlm::BusInitiator &ini = g_pair->to_rtl;
  const fbmu_platform_t *p = g_pair->rtl.platform();
  ASSERT_EQ(p->set_arena_size(p->ctx, 65536), FBMU_OK);  // a FREE then zeroes 8 192 cycles
  fbmu_t *dev = nullptr;
  ASSERT_EQ(fbmu_open(ini.bus(), &dev), FBMU_OK);
  fbmu_lease_info_t l{};
  ASSERT_EQ(fbmu_alloc(dev, 100, 60, &l), FBMU_OK);
  const uint32_t id_words[4] = {
      static_cast<uint32_t>(l.lease_id.lo), static_cast<uint32_t>(l.lease_id.lo >> 32),
      static_cast<uint32_t>(l.lease_id.hi), static_cast<uint32_t>(l.lease_id.hi >> 32)};
  for (uint32_t i = 0; i < 4; i++) {
    uint32_t w = id_words[i];
    ASSERT_EQ(ini.Access(true, FBMU_REG_ARG_ID_0 + 4 * i, &w), tlm::TLM_OK_RESPONSE);
  }
  uint32_t v = FBMU_OP_FREE;
  ASSERT_EQ(ini.Access(true, FBMU_REG_CMD, &v), tlm::TLM_OK_RESPONSE);
  v = 0x77;
  EXPECT_EQ(ini.Access(true, FBMU_REG_ARG_LEN, &v), tlm::TLM_GENERIC_ERROR_RESPONSE);
  uint32_t status = 0;
  ASSERT_EQ(ini.Access(false, FBMU_REG_STATUS, &status), tlm::TLM_OK_RESPONSE);
  EXPECT_NE(status & FBMU_STATUS_BUSY_MASK, 0u) << "the FREE ended before the refused write";
  for (int i = 0; i < 20000 && (status & FBMU_STATUS_BUSY_MASK); i++)
    ASSERT_EQ(ini.Access(false, FBMU_REG_STATUS, &status), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(status & FBMU_STATUS_BUSY_MASK, 0u);

  // The interconnect completes no handshake: no response, the driver sees Disconnected.
  ASSERT_EQ(fbmu_sim_bus_stall(g_pair->rtl.sim(), 1), FBMU_OK);
  v = 0;
  EXPECT_EQ(ini.Access(false, FBMU_REG_ID, &v), tlm::TLM_INCOMPLETE_RESPONSE);
  EXPECT_EQ(fbmu_hello(dev), FBMU_E_DISCONNECTED);
  ASSERT_EQ(fbmu_sim_bus_stall(g_pair->rtl.sim(), 0), FBMU_OK);
  ASSERT_EQ(fbmu_sim_run(g_pair->rtl.sim(), 10), FBMU_OK);  // the abandoned transfers drain
  EXPECT_EQ(ini.Access(false, FBMU_REG_ID, &v), tlm::TLM_OK_RESPONSE);
  fbmu_close(dev);
}

TEST_F(TlmCompare, ModelAnnotatesItsLatencyRtlRunsTheClock) {
  uint32_t v = 0;
  sc_core::sc_time t0 = sc_core::sc_time_stamp();
  ASSERT_EQ(g_pair->to_model.Access(false, FBMU_REG_ID, &v), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(sc_core::sc_time_stamp() - t0, g_pair->model.latency());  // waited out by the initiator
  g_pair->model.set_latency(sc_core::sc_time(7, sc_core::SC_NS));
  t0 = sc_core::sc_time_stamp();
  ASSERT_EQ(g_pair->to_model.Access(false, FBMU_REG_ID, &v), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(sc_core::sc_time_stamp() - t0, sc_core::sc_time(7, sc_core::SC_NS));
  g_pair->model.set_latency(2 * fbmu_sc::ClockPeriod());
  // RTL: two clock cycles per transaction, back to back (the first one after other traffic waits
  // for the clock edge).
  ASSERT_EQ(g_pair->to_rtl.Access(false, FBMU_REG_ID, &v), tlm::TLM_OK_RESPONSE);
  const uint64_t c0 = fbmu_sim_cycles(g_pair->rtl.sim());
  for (int i = 0; i < 10; i++)
    ASSERT_EQ(g_pair->to_rtl.Access(false, FBMU_REG_ID, &v), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(fbmu_sim_cycles(g_pair->rtl.sim()) - c0, 20u);
  // Neither grants DMI.
  tlm::tlm_generic_payload p;
  tlm::tlm_dmi dmi;
  p.set_address(FBMU_WIN_STAGING);
  p.set_command(tlm::TLM_READ_COMMAND);
  EXPECT_FALSE(g_pair->to_rtl.socket->get_direct_mem_ptr(p, dmi));
  EXPECT_FALSE(g_pair->to_model.socket->get_direct_mem_ptr(p, dmi));
}

}  // namespace

int sc_main(int, char **) {
  Pair pair("pair");
  g_pair = &pair;
  return fbmu_sc::RunInThread([] { return RUN_ALL_TESTS(); }, 0);
}

int main(int argc, char **argv) {
  fbmu_sc::QuietKernel();
  ::testing::InitGoogleTest(&argc, argv);
  return sc_core::sc_elab_and_sim(argc, argv);
}
