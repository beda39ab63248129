// Op scripts (sim/lockstep/opscript.h, grammar docs/opscript.md): every op the generator emits can
// be written, printing and parsing round-trip exactly, a recorded random run replays to the same
// cycle, and each kind of malformed script is rejected with "file:line: reason".
#include "opscript.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "op.h"
#include "runner.h"

namespace fbmu_cosim {
namespace {

fbmu_op_t Op(fbmu_ls_call_t call, uint64_t a = 0, uint64_t b = 0, uint32_t len = 0, int flag = 0,
             uint32_t data_off = 0) {
  // In the member order of fbmu_op_t; no id (WithId adds one).
  return fbmu_op_t{call, fbmu_lease_id_t{}, a, b, len, data_off, flag};
}

ScriptOp WithId(fbmu_op_t op, fbmu_lease_id_t id, int ref = -1) {
  op.id = id;
  ScriptOp so;
  so.op = op;
  so.ref = ref;
  return so;
}

ScriptOp Plain(fbmu_op_t op) { return WithId(op, {0, 0}); }

// Every call kind, with labels, literal ids and the extremes of every field.
Script EveryOp() {
  Script s;
  s.seed = 0xFFFFFFFFFFFFFFFFull;
  s.start_time = 0;
  s.header = {" a header comment", "second line, no space after the hash"};
  const fbmu_lease_id_t lit{0x0123456789abcdefull, 0xfedcba9876543210ull};
  s.ops.push_back(Plain(Op(FBMU_LS_HELLO)));
  s.ops.push_back(Plain(Op(FBMU_LS_GET_ARENA_SIZE)));
  s.ops.push_back(Plain(Op(FBMU_LS_ALLOC, 4096, UINT64_MAX)));  // 3: referenced below
  s.ops.push_back(WithId(Op(FBMU_LS_QUERY), {}, 2));
  s.ops.push_back(WithId(Op(FBMU_LS_RENEW, 0, 1), {}, 2));
  s.ops.push_back(WithId(Op(FBMU_LS_FREE), lit));
  s.ops.push_back(Plain(Op(FBMU_LS_READ, UINT64_MAX, 0, UINT32_MAX)));
  s.ops.push_back(Plain(Op(FBMU_LS_WRITE, 7, 0, 100, 0, 65535)));
  s.ops.push_back(WithId(Op(FBMU_LS_READ_LEASE, 4095, 0, 1), {}, 2));
  s.ops.push_back(WithId(Op(FBMU_LS_WRITE_LEASE, 0, 0, 4096, 0, 1234), {0, 0}));
  s.ops.push_back(Plain(Op(FBMU_LS_READ_EVENT)));
  s.ops.push_back(Plain(Op(FBMU_LS_EVENT_COUNT)));
  s.ops.push_back(Plain(Op(FBMU_LS_SET_TIME, UINT64_MAX, 0, 0, 1)));
  s.ops.push_back(Plain(Op(FBMU_LS_ADVANCE_TIME, 5, 0, 0, 0)));
  s.ops.push_back(Plain(Op(FBMU_LS_SET_ONLINE, 0, 0, 0, 0)));
  s.ops.push_back(Plain(Op(FBMU_LS_SET_ONLINE, 0, 0, 0, 1)));
  s.ops.push_back(Plain(Op(FBMU_LS_SET_ARENA_SIZE, 65536)));
  s.ops.push_back(Plain(Op(FBMU_LS_FENCE_CLEAR)));
  s.ops.push_back(Plain(Op(FBMU_LS_INJECT_FAULT, UINT32_MAX)));
  s.ops.push_back(Plain(Op(FBMU_LS_RESET)));
  s.ops.push_back(Plain(Op(FBMU_LS_ARM_RESET, UINT64_MAX, 0, 2)));
  s.ops.push_back(Plain(Op(FBMU_LS_SETTLE)));
  s.ops.push_back(Plain(Op(FBMU_LS_CHECK_MEMORY)));
  s.ops.push_back(Plain(Op(FBMU_LS_ALLOC, 1, 2)));  // 24: referenced
  s.ops.push_back(WithId(Op(FBMU_LS_FREE), {}, 23));
  return s;
}

bool SameOp(const ScriptOp &x, const ScriptOp &y) {
  const fbmu_op_t &a = x.op, &b = y.op;
  bool id_same = x.ref >= 0 || (a.id.hi == b.id.hi && a.id.lo == b.id.lo);
  return a.call == b.call && x.ref == y.ref && id_same && a.a == b.a && a.b == b.b &&
         a.len == b.len && a.flag == b.flag && a.data_off == b.data_off;
}

void ExpectSameScript(const Script &x, const Script &y) {
  EXPECT_EQ(x.seed, y.seed);
  EXPECT_EQ(x.start_time, y.start_time);
  EXPECT_EQ(x.header, y.header);
  ASSERT_EQ(x.ops.size(), y.ops.size());
  for (size_t i = 0; i < x.ops.size(); i++)
    EXPECT_TRUE(SameOp(x.ops[i], y.ops[i]))
        << "op " << i + 1 << ": " << PrintOp(x, i) << " vs " << PrintOp(y, i);
}

std::string ParseError(const std::string &text) {
  std::string err;
  Script s;
  EXPECT_FALSE(ParseScript(text, "t.fbmuops", &s, &err)) << "accepted:\n" << text;
  return err;
}

TEST(OpScript, EveryCallKindHasAnOpName) {
  for (int c = 0; c < FBMU_LS_CALL_COUNT; c++)
    EXPECT_NE(OpName(static_cast<fbmu_ls_call_t>(c)), nullptr)
        << fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(c));
}

// The op table (op.h): one row per kind, in enum order, with distinct names, a way to run it, and
// every argument printed in scripts; reports show the call with its arguments but not the data.
TEST(OpTable, OneRowPerKindWithDistinctNamesAndArguments) {
  std::set<std::string> names, call_names;
  for (int c = 0; c < FBMU_LS_CALL_COUNT; c++) {
    const fbmu_ops::OpKind *k = fbmu_ops::Find(static_cast<fbmu_ls_call_t>(c));
    ASSERT_NE(k, nullptr) << "no row for call " << c;
    EXPECT_EQ(k->call, c);
    EXPECT_NE(k->run, nullptr) << k->name;
    EXPECT_TRUE(names.insert(k->name).second) << "script name used twice: " << k->name;
    EXPECT_TRUE(call_names.insert(k->call_name).second) << "call name used twice: " << k->call_name;
    EXPECT_EQ(fbmu_ops::Find(k->name), k);
    EXPECT_STREQ(fbmu_lockstep_call_name(k->call), k->call_name);
  }
  EXPECT_EQ(fbmu_ops::Find(static_cast<fbmu_ls_call_t>(FBMU_LS_CALL_COUNT)), nullptr);
  EXPECT_EQ(fbmu_ops::Find(std::string("frobnicate")), nullptr);
  EXPECT_STREQ(fbmu_lockstep_call_name(static_cast<fbmu_ls_call_t>(FBMU_LS_CALL_COUNT)), "?");
}

TEST(OpTable, ReportTextNamesTheCallAndItsArguments) {
  fbmu_op_t renew = Op(FBMU_LS_RENEW, 0, 5);
  renew.id = {0x0123456789abcdefull, 0xfedcba9876543210ull};
  EXPECT_EQ(fbmu_ops::ReportText(renew),
            "fbmu_renew(id=0123456789abcdef_fedcba9876543210, secs=5)");
  EXPECT_EQ(fbmu_ops::ReportText(Op(FBMU_LS_WRITE, 7, 0, 100, 0, 65535)),
            "fbmu_write(offset=7, len=100)");
  EXPECT_EQ(fbmu_ops::ReportText(Op(FBMU_LS_SET_TIME, 99, 0, 0, 1)),
            "plat_set_time(unix_secs=99, settle=1)");
  EXPECT_EQ(fbmu_ops::ReportText(Op(FBMU_LS_INJECT_FAULT, 3)), "plat_inject_fault(bit_addr=3)");
  EXPECT_EQ(fbmu_ops::ReportText(Op(FBMU_LS_ARM_RESET, 40, 0, 1)),
            "plat_reset_inside_next_command(cmd=1, cycles=40)");
  EXPECT_EQ(fbmu_ops::ReportText(Op(FBMU_LS_CHECK_MEMORY)), "check_memory()");
}

TEST(OpScript, PrintThenParseRoundTripsEveryOpExactly) {
  Script s = EveryOp();
  std::string text = PrintScript(s);
  Script back;
  std::string err;
  ASSERT_TRUE(ParseScript(text, "every.fbmuops", &back, &err)) << err << "\n" << text;
  ExpectSameScript(s, back);
  EXPECT_EQ(PrintScript(back), text);
  // Labels name the allocs by op number; unreferenced allocs get none.
  EXPECT_NE(text.find("\n$3 = alloc min_bytes=4096 lease_secs=18446744073709551615\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nquery id=$3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nfree id=0123456789abcdef_fedcba9876543210\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nwrite offset=7 len=100 data=@65535\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ninject_fault bit=4294967295\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\narm_reset cmd=2 cycles=18446744073709551615\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\nset_online online=1\n"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("# a header comment\n#second line", 0), 0u) << text;
}

TEST(OpScript, HandWrittenScriptWithCommentsLabelsAndHexParses) {
  const std::string text =
      "# my repro\n"
      "\n"
      "seed 0x10   # id seed 16\n"
      "start_time 1000000\n"
      "  $a = alloc min_bytes=0x1000 lease_secs=100\n"
      "write_lease\tid=$a offset=0 len=64 data=@0   # tabs are spaces\n"
      "\n"
      "free id=$a\r\n"
      "$b = alloc lease_secs=100 min_bytes=4096      # any argument order\n"
      "read_lease id=$b offset=0 len=64\n";
  Script s;
  std::string err;
  ASSERT_TRUE(ParseScript(text, "hand.fbmuops", &s, &err)) << err;
  EXPECT_EQ(s.seed, 16u);
  EXPECT_EQ(s.start_time, 1000000u);
  EXPECT_EQ(s.header, std::vector<std::string>{" my repro"});
  ASSERT_EQ(s.ops.size(), 5u);
  EXPECT_EQ(s.ops[0].op.a, 4096u);
  EXPECT_EQ(s.ops[1].ref, 0);
  EXPECT_EQ(s.ops[2].ref, 0);
  EXPECT_EQ(s.ops[2].line, 8);
  EXPECT_EQ(s.ops[4].ref, 3);
  EXPECT_EQ(PrintOp(s, 4), "read_lease id=$4 offset=0 len=64");
}

TEST(OpScript, EmptyScriptIsValidAndHasNoOps) {
  Script s;
  std::string err;
  ASSERT_TRUE(ParseScript("", "empty.fbmuops", &s, &err)) << err;
  EXPECT_TRUE(s.ops.empty());
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.start_time, kDefaultStartTime);
  ASSERT_TRUE(ParseScript("# only a comment\n\n   \n", "c.fbmuops", &s, &err)) << err;
  EXPECT_TRUE(s.ops.empty());
}

TEST(OpScript, MalformedScriptsGiveFileLineAndReason) {
  const std::string lid = "0123456789abcdef_0123456789abcdef";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"hello\nfrobnicate\n",
       "t.fbmuops:2: unknown op 'frobnicate' (docs/opscript.md lists the ops)"},
      {"alloc min_bytes=12x lease_secs=1\n",
       "t.fbmuops:1: alloc: min_bytes: '12x' is not a number (decimal or 0x hex, at most 2^64-1)"},
      {"alloc min_bytes=18446744073709551616 lease_secs=1\n",
       "t.fbmuops:1: alloc: min_bytes: '18446744073709551616' is not a number (decimal or 0x hex, "
       "at most 2^64-1)"},
      {"read offset=0 len=4294967296\n",
       "t.fbmuops:1: read: len: '4294967296' is not a number from 0 to 4294967295"},
      {"alloc min_bytes=1\n", "t.fbmuops:1: alloc: missing argument 'lease_secs'"},
      {"alloc min_bytes=1 lease_secs=2 junk\n",
       "t.fbmuops:1: alloc: expected key=value, got 'junk'"},
      {"alloc min_bytes=1 lease_secs=2 size=3\n",
       "t.fbmuops:1: alloc: unknown argument 'size' (takes: min_bytes, lease_secs)"},
      {"hello now=1\n", "t.fbmuops:1: hello: unknown argument 'now' (takes: none)"},
      {"alloc min_bytes=1 min_bytes=2 lease_secs=3\n",
       "t.fbmuops:1: alloc: argument 'min_bytes' given twice"},
      {"set_time secs=5 settle=2\n", "t.fbmuops:1: set_time: settle: '2' must be 0 or 1"},
      {"query id=12345\n",
       "t.fbmuops:1: query: id: '12345' is not a lease id (hi_lo: 16 hex digits, '_', 16 hex "
       "digits; or $label)"},
      {"query id=$nope\n", "t.fbmuops:1: query: id: unknown label '$nope'"},
      {"$x = hello\n", "t.fbmuops:1: a label names an alloc, not 'hello'"},
      {"$x alloc min_bytes=1 lease_secs=1\n",
       "t.fbmuops:1: expected '$x = alloc ...' after the label"},
      {"$x = alloc min_bytes=1 lease_secs=1\n$x = alloc min_bytes=1 lease_secs=1\n",
       "t.fbmuops:2: label '$x' already names the alloc on line 1"},
      {"$ = alloc min_bytes=1 lease_secs=1\n",
       "t.fbmuops:1: bad label '$' (a '$' and letters, digits or '_')"},
      {"write offset=0 len=16 data=1234\n",
       "t.fbmuops:1: write: data: '1234' is not a pattern offset (@N, N <= 262144)"},
      {"write_lease id=" + lid + " offset=0 len=4096 data=@262000\n",
       "t.fbmuops:1: write_lease: data: @262000 + len 4096 runs past the 262144-byte data pattern"},
      {"hello\nseed 5\n", "t.fbmuops:2: 'seed' must come before the first op"},
      {"seed 1\nseed 2\n", "t.fbmuops:2: 'seed' given twice"},
      {"start_time\n", "t.fbmuops:1: 'start_time' takes one number"},
      {"seed -1\n", "t.fbmuops:1: seed: '-1' is not a number (decimal or 0x hex, at most 2^64-1)"},
      {"hello\n" + std::string(kMaxLineLength + 1, 'x') + "\n",
       "t.fbmuops:2: line is longer than 4096 characters"},
      {std::string("hello\nhel\0lo\n", 13), "t.fbmuops:2: unexpected control character 0x00"},
  };
  for (const auto &c : cases) EXPECT_EQ(ParseError(c.first), c.second) << c.first;
}

TEST(OpScript, UnreadableFileIsNamed) {
  Script s;
  std::string err;
  EXPECT_FALSE(LoadScript("/nonexistent/x.fbmuops", &s, &err));
  EXPECT_EQ(err, "/nonexistent/x.fbmuops: cannot read (No such file or directory)");
}

// The generator's own stream, recorded: it prints, parses back to the same text, and replaying it
// runs the same ops to the same cycle count (the harness is deterministic), random bus shapes
// included: the script carries the bus seed.
TEST(OpScript, RecordedRandomRunRoundTripsAndReplaysToTheSameCycle) {
  constexpr size_t kOps = 400;
  Script rec;
  rec.seed = 11;
  rec.start_time = 1700000000;
  rec.bus_seed = BusSeedFor(rec.seed);
  uint64_t cycles = 0;
  {
    Session s(rec.seed, rec.start_time, rec.bus_seed, RunOptions{});
    ASSERT_TRUE(s.ok());
    for (size_t i = 0; i < kOps; i++)
      ASSERT_NE(s.Step(&rec.ops), FBMU_LOCKSTEP_DIVERGED) << fbmu_lockstep_report(s.lockstep());
    cycles = fbmu_lockstep_cycles(s.lockstep());
  }
  std::string text = PrintScript(rec);
  Script back;
  std::string err;
  ASSERT_TRUE(ParseScript(text, "rec.fbmuops", &back, &err)) << err;
  EXPECT_EQ(PrintScript(back), text);
  EXPECT_EQ(back.bus_seed, rec.bus_seed);
  size_t refs = 0;
  for (const auto &so : back.ops) refs += so.ref >= 0;
  EXPECT_GT(refs, 10u) << "ids of leases the stream allocated should be written as $labels";
  RunResult r = RunScript(back, RunOptions{});
  ASSERT_TRUE(r.setup_ok);
  EXPECT_FALSE(r.div.diverged) << r.div.report;
  EXPECT_EQ(r.ops_run, kOps);
  EXPECT_EQ(r.cycles, cycles);
}

// The program itself: a malformed script is a usage error (exit 2) naming file and line.
TEST(OpScript, CosimRejectsAMalformedScriptWithFileAndLine) {
  std::string path = ::testing::TempDir() + "bad.fbmuops";
  std::ofstream(path) << "seed 3\nhello\nalloc min_bytes=1\n";
  std::string cmd = std::string(FBMU_COSIM_BIN) + " --replay " + path + " 2>&1";
  FILE *p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 2) << out;
  EXPECT_NE(out.find(path + ":3: alloc: missing argument 'lease_secs'"), std::string::npos) << out;
}

}  // namespace
}  // namespace fbmu_cosim
