// The #[test]s of the seed SDK module (shared/seed/mem.rs), ported to the C driver. Each test keeps
// the seed's steps and assertions; the seed's mock controls become Target platform calls
// (mock_set_fbmu_arena_size -> set_arena_size, mock_set_unix_time_secs -> set_time,
// mock_advance_time_secs -> advance_time, mock_set_fbmu_hello_error(-1) -> unit offline).
// The small `sdk` layer below re-states the SDK logic those tests go through (MemBuilder::acquire,
// MemBuilder::attach, MemLease, FabricMem) on top of the driver, so the tests read like the seed.
#include "conformance/fixture.h"

namespace fbmu_test {
namespace {

// ---- the SDK logic of mem.rs, over the driver -----------------------------------------------

enum class LeaseStatus { Active, Expired, Revoked };

// mem.rs lease_status_from_host: any status other than ACTIVE/EXPIRED (FENCED, unknown) is Revoked.
LeaseStatus status_from_host(uint8_t code) {
  switch (code) {
    case FBMU_LEASE_ACTIVE:
      return LeaseStatus::Active;
    case FBMU_LEASE_EXPIRED:
      return LeaseStatus::Expired;
    default:
      return LeaseStatus::Revoked;
  }
}
// mem.rs lease::ensure_active: Expired -> LeaseExpired, Revoked -> Revoked.
int ensure_active(LeaseStatus s) {
  switch (s) {
    case LeaseStatus::Active:
      return FBMU_OK;
    case LeaseStatus::Expired:
      return FBMU_E_LEASE_EXPIRED;
    default:
      return FBMU_E_REVOKED;
  }
}

// FabricMem: without a lease it uses the bootstrap arena (after HELLO); with one, every access
// first queries the lease, syncs its state, insists on Active, then uses the leased commands.
class FabricMem {
 public:
  FabricMem(fbmu_t *dev, bool leased, fbmu_lease_id_t id) : dev_(dev), leased_(leased), id_(id) {}

  static int hello(fbmu_t *dev, std::unique_ptr<FabricMem> *out) {
    int rc = fbmu_hello(dev);
    if (rc != FBMU_OK) return rc;
    out->reset(new FabricMem(dev, false, id128(0)));
    return FBMU_OK;
  }
  int arena_size(uint64_t *size) {
    if (!leased_) return fbmu_get_arena_size(dev_, size);
    fbmu_lease_info_t info{};
    int rc = fbmu_query(dev_, id_, &info);
    if (rc != FBMU_OK) return rc;
    sync(info);
    *size = info.arena_size;
    return FBMU_OK;
  }
  int write(uint64_t off, const Bytes &data) {
    if (!leased_) return fbmu_write(dev_, off, data.data(), static_cast<uint32_t>(data.size()));
    int rc = sync_and_ensure_active();
    if (rc != FBMU_OK) return rc;
    return fbmu_write_lease(dev_, id_, off, data.data(), static_cast<uint32_t>(data.size()));
  }
  int read(uint64_t off, uint32_t len, Bytes *out) {
    Bytes buf(len);
    uint32_t n = 0;
    int rc;
    if (leased_) {
      rc = sync_and_ensure_active();
      if (rc != FBMU_OK) return rc;
      rc = fbmu_read_lease(dev_, id_, off, buf.data(), len, &n);
    } else {
      rc = fbmu_read(dev_, off, buf.data(), len, &n);
    }
    if (rc != FBMU_OK) return rc;
    buf.resize(n);  // the seed truncates to what the host returned
    *out = buf;
    return FBMU_OK;
  }

  LeaseStatus status = LeaseStatus::Active;
  uint64_t expires_at = 0;

  void sync(const fbmu_lease_info_t &info) {
    expires_at = info.expires_at_unix_secs;
    status = status_from_host(info.status);
  }

 private:
  int sync_and_ensure_active() {
    fbmu_lease_info_t info{};
    int rc = fbmu_query(dev_, id_, &info);
    if (rc != FBMU_OK) return rc;
    sync(info);
    return ensure_active(status);
  }

  fbmu_t *dev_;
  bool leased_;
  fbmu_lease_id_t id_;
};

// MemLease: the lease state is shared with its FabricMem (here: the FabricMem holds it).
class MemLease {
 public:
  MemLease(fbmu_t *dev, const fbmu_lease_info_t &info)
      : dev_(dev), id_(info.lease_id), mem_(dev, true, info.lease_id) {
    mem_.sync(info);
  }
  FabricMem &mem() { return mem_; }
  fbmu_lease_id_t lease_id() const { return id_; }
  LeaseStatus status() {
    sync_from_host();
    return mem_.status;
  }
  uint64_t expires_at_unix_secs() {
    sync_from_host();
    return mem_.expires_at;
  }
  int renew(uint64_t secs) {
    uint64_t exp = 0;
    int rc = fbmu_renew(dev_, id_, secs, &exp);
    if (rc != FBMU_OK) return rc;
    mem_.expires_at = exp;
    mem_.status = LeaseStatus::Active;
    return FBMU_OK;
  }
  void free() {
    (void)fbmu_free(dev_, id_);  // the seed ignores the host's answer
    mem_.status = LeaseStatus::Revoked;
  }

 private:
  void sync_from_host() {
    fbmu_lease_info_t info{};
    if (fbmu_query(dev_, id_, &info) == FBMU_OK) mem_.sync(info);
  }
  fbmu_t *dev_;
  fbmu_lease_id_t id_;
  FabricMem mem_;
};

class MemBuilder {
 public:
  explicit MemBuilder(fbmu_t *dev) : dev_(dev) {}
  MemBuilder &min_bytes(uint64_t n) {
    min_bytes_ = n;
    return *this;
  }
  MemBuilder &lease_secs(uint64_t secs) {
    lease_secs_ = secs < 1 ? 1 : secs;
    return *this;
  }
  // alloc(min_bytes, lease_secs), then check the granted size. The seed's Unsupported fallback
  // (HELLO and the bootstrap arena) is kept for completeness; our unit always supports ALLOC.
  int acquire(std::unique_ptr<MemLease> *out) {
    fbmu_lease_info_t info{};
    int rc = fbmu_alloc(dev_, min_bytes_, lease_secs_, &info);
    if (rc == FBMU_E_UNSUPPORTED) return fallback_rc();
    if (rc != FBMU_OK) return rc;
    if (info.arena_size < min_bytes_) return FBMU_E_CAPACITY_EXCEEDED;
    out->reset(new MemLease(dev_, info));
    return FBMU_OK;
  }
  static int attach(fbmu_t *dev, fbmu_lease_id_t id, std::unique_ptr<MemLease> *out) {
    fbmu_lease_info_t info{};
    int rc = fbmu_query(dev, id, &info);
    if (rc != FBMU_OK) return rc;
    int st = ensure_active(status_from_host(info.status));
    if (st != FBMU_OK) return st;
    out->reset(new MemLease(dev, info));
    return FBMU_OK;
  }

 private:
  int fallback_rc() {
    std::unique_ptr<FabricMem> mem;
    int rc = FabricMem::hello(dev_, &mem);
    if (rc != FBMU_OK) return rc;
    uint64_t arena = 0;
    rc = mem->arena_size(&arena);
    if (rc != FBMU_OK) return rc;
    return arena < min_bytes_ ? FBMU_E_CAPACITY_EXCEEDED : FBMU_E_UNSUPPORTED;
  }
  fbmu_t *dev_;
  uint64_t min_bytes_ = 0;
  uint64_t lease_secs_ = 300;
};

// host::reset_mock(): a fresh unit at the fixed start time (the fixture's SetUp).
using SeedPort = Conformance;

// ---- the seed's tests -------------------------------------------------------------------------

// mem_hello_write_read_roundtrip
TEST_F(SeedPort, HelloWriteReadRoundtrip) {
  set_arena(4096);
  std::unique_ptr<FabricMem> mem;
  ASSERT_OK(FabricMem::hello(dev, &mem));
  uint64_t size = 0;
  ASSERT_OK(mem->arena_size(&size));
  EXPECT_EQ(size, 4096u);

  const Bytes data = bytes("fabricBIOS-grafos-std");
  ASSERT_OK(mem->write(0, data));
  Bytes readback;
  ASSERT_OK(mem->read(0, static_cast<uint32_t>(data.size()), &readback));
  EXPECT_EQ(readback, data);
}

// mem_hello_error_propagates: the mock's hello error -1 is the platform holding the unit offline.
TEST_F(SeedPort, HelloErrorPropagatesAsDisconnected) {
  ASSERT_OK(target->set_online(false));
  std::unique_ptr<FabricMem> mem;
  EXPECT_RC(FBMU_E_DISCONNECTED, FabricMem::hello(dev, &mem));
  EXPECT_EQ(mem, nullptr);
  ASSERT_OK(target->set_online(true));
  EXPECT_OK(FabricMem::hello(dev, &mem));
}

// mem_builder_checks_capacity
TEST_F(SeedPort, BuilderChecksCapacity) {
  set_arena(1024);
  std::unique_ptr<MemLease> lease;
  EXPECT_RC(FBMU_E_CAPACITY_EXCEEDED, MemBuilder(dev).min_bytes(2048).acquire(&lease));
  EXPECT_EQ(lease, nullptr);

  ASSERT_OK(MemBuilder(dev).min_bytes(1024).acquire(&lease));
  uint64_t size = 0;
  ASSERT_OK(lease->mem().arena_size(&size));
  EXPECT_EQ(size, 1024u);
}

// mem_builder_default_acquires
TEST_F(SeedPort, BuilderDefaultAcquires) {
  set_arena(65536);
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).acquire(&lease));
  const Bytes data = bytes("test");
  ASSERT_OK(lease->mem().write(100, data));
  Bytes readback;
  ASSERT_OK(lease->mem().read(100, 4, &readback));
  EXPECT_EQ(readback, data);
}

// mem_lease_expires_and_can_be_renewed
TEST_F(SeedPort, LeaseExpiresAndCanBeRenewed) {
  set_arena(4096);
  ASSERT_OK(target->set_time(1000));
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).lease_secs(10).acquire(&lease));
  EXPECT_EQ(lease->status(), LeaseStatus::Active);
  EXPECT_EQ(lease->expires_at_unix_secs(), 1010u);

  ASSERT_OK(lease->renew(20));
  EXPECT_EQ(lease->expires_at_unix_secs(), 1020u);

  ASSERT_OK(target->advance_time(21));
  EXPECT_EQ(lease->status(), LeaseStatus::Expired);
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, lease->mem().write(0, bytes("x")));
}

// mem_lease_free_revokes_operations
TEST_F(SeedPort, LeaseFreeRevokesOperations) {
  set_arena(4096);
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).acquire(&lease));
  lease->free();
  EXPECT_EQ(lease->status(), LeaseStatus::Revoked);
  Bytes out;
  EXPECT_RC(FBMU_E_REVOKED, lease->mem().read(0, 1, &out));
}

// mem_attach_reconnects_to_active_lease
TEST_F(SeedPort, AttachReconnectsToActiveLease) {
  set_arena(4096);
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).lease_secs(300).acquire(&lease));
  const fbmu_lease_id_t id = lease->lease_id();
  ASSERT_OK(lease->mem().write(0, bytes("hello")));

  std::unique_ptr<MemLease> attached;
  ASSERT_OK(MemBuilder::attach(dev, id, &attached));
  EXPECT_EQ(attached->lease_id(), id);
  EXPECT_EQ(attached->status(), LeaseStatus::Active);

  Bytes readback;
  ASSERT_OK(attached->mem().read(0, 5, &readback));
  EXPECT_EQ(readback, bytes("hello"));
}

// mem_attach_expired_returns_error
TEST_F(SeedPort, AttachToExpiredLeaseGivesLeaseExpired) {
  set_arena(4096);
  ASSERT_OK(target->set_time(1000));
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).lease_secs(5).acquire(&lease));
  const fbmu_lease_id_t id = lease->lease_id();

  ASSERT_OK(target->advance_time(10));
  std::unique_ptr<MemLease> attached;
  EXPECT_RC(FBMU_E_LEASE_EXPIRED, MemBuilder::attach(dev, id, &attached));
  EXPECT_EQ(attached, nullptr);
}

// mem_attach_revoked_returns_error
TEST_F(SeedPort, AttachToRevokedLeaseGivesRevoked) {
  set_arena(4096);
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).acquire(&lease));
  const fbmu_lease_id_t id = lease->lease_id();
  lease->free();

  std::unique_ptr<MemLease> attached;
  EXPECT_RC(FBMU_E_REVOKED, MemBuilder::attach(dev, id, &attached));
}

// mem_attach_unknown_lease_returns_error: the seed only asks for an error; ours is NotFound.
TEST_F(SeedPort, AttachToUnknownLeaseGivesNotFound) {
  set_arena(4096);
  std::unique_ptr<MemLease> attached;
  EXPECT_RC(FBMU_E_NOT_FOUND, MemBuilder::attach(dev, id128(0xDEADBEEF), &attached));
  EXPECT_EQ(attached, nullptr);
}

// mem_leases_are_isolated_by_lease_id
TEST_F(SeedPort, LeasesAreIsolatedByLeaseId) {
  set_arena(4096);
  std::unique_ptr<MemLease> a, b;
  ASSERT_OK(MemBuilder(dev).acquire(&a));
  ASSERT_OK(MemBuilder(dev).acquire(&b));
  EXPECT_NE(a->lease_id(), b->lease_id());

  ASSERT_OK(a->mem().write(0, bytes("aaa")));
  ASSERT_OK(b->mem().write(0, bytes("bbb")));

  Bytes ra, rb;
  ASSERT_OK(a->mem().read(0, 3, &ra));
  ASSERT_OK(b->mem().read(0, 3, &rb));
  EXPECT_EQ(ra, bytes("aaa"));
  EXPECT_EQ(rb, bytes("bbb"));
}

// The seed's doc examples (MemBuilder at 8192 with min 4096; at 65536 with min 8192): the unit
// grants one arena size, so a request below it is met and one above it is refused.
TEST_F(SeedPort, DocExampleBuilderMeetsMinimumBelowArenaSize) {
  set_arena(8192);
  std::unique_ptr<MemLease> lease;
  ASSERT_OK(MemBuilder(dev).min_bytes(4096).acquire(&lease));
  ASSERT_OK(lease->mem().write(0, filled(100, 42)));
  uint64_t size = 0;
  ASSERT_OK(lease->mem().arena_size(&size));
  EXPECT_GE(size, 4096u);
}

}  // namespace
}  // namespace fbmu_test
