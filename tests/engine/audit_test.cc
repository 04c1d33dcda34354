// The audit chain: verify passes on an honest store and names the batch
// when an audit entry or a stored graph record has one byte flipped.
#include <lmdb.h>

#include "engine/coding.h"
#include "engine/store.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CommitOrDie;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

// Flips one byte of the value stored under `key` in database `db`; a
// negative offset counts from the end (-1 is the last byte).
void FlipByte(const std::string& dir, const char* db, const std::string& key, long offset) {
  MDB_env* env;
  MDB_txn* txn;
  MDB_dbi dbi;
  ASSERT_EQ(mdb_env_create(&env), 0);
  mdb_env_set_maxdbs(env, 8);
  mdb_env_set_mapsize(env, size_t{1} << 30);
  ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), 0);
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  ASSERT_EQ(mdb_dbi_open(txn, db, 0, &dbi), 0);
  MDB_val k{key.size(), const_cast<char*>(key.data())}, v;
  ASSERT_EQ(mdb_get(txn, dbi, &k, &v), 0);
  std::string value(static_cast<char*>(v.mv_data), v.mv_size);
  size_t at = offset < 0 ? value.size() - static_cast<size_t>(-offset) : static_cast<size_t>(offset);
  ASSERT_LT(at, value.size());
  value[at] ^= 0x01;
  MDB_val nv{value.size(), value.data()};
  ASSERT_EQ(mdb_put(txn, dbi, &k, &nv, 0), 0);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenOrDie(dir_.path());
    for (int i = 1; i <= 4; ++i) {
      Batch b;
      auto at = T("2024-01-01T00:00:00Z");
      auto n = b.UpsertNode({"Dataset"}, "d" + std::to_string(i), at);
      b.SetProperty(n, "note", Value("batch number " + std::to_string(i)), at);
      CommitOrDie(*store, b, "load " + std::to_string(i));
    }
    auto report = store->VerifyAudit();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << report->problem;
    EXPECT_EQ(report->entries, 4u);
    head_ = report->head_hash;
    EXPECT_EQ(*store->AuditHead(), head_);
  }
  Result<AuditReport> Verify() {
    StoreOptions options;
    options.skip_graph = true;
    auto store = Store::Open(dir_.path(), options);
    if (!store.ok()) return store.status();
    return (*store)->VerifyAudit();
  }
  static std::string Key32(uint32_t seq) {
    std::string k;
    coding::PutBigEndian32(k, seq);
    return k;
  }
  // Facts are stored in chunk records keyed (seq, chunk) (FORMAT.md).
  static std::string ChunkKey(uint32_t seq, uint32_t chunk) {
    std::string k = Key32(seq);
    coding::PutBigEndian32(k, chunk);
    return k;
  }
  TempDir dir_;
  std::string head_;
};

TEST_F(AuditTest, EntriesCarryTheChainAndTheCounts) {
  auto store = OpenOrDie(dir_.path());
  auto entries = store->AuditEntries();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].prev_hash, kZeroHash);
  for (size_t i = 1; i < entries->size(); ++i) EXPECT_EQ((*entries)[i].prev_hash, (*entries)[i - 1].hash);
  EXPECT_EQ((*entries)[2].command, "load 3");
  EXPECT_EQ((*entries)[2].actor, "tester");
  EXPECT_FALSE((*entries)[2].user.empty());
  EXPECT_EQ((*entries)[2].counts["nodes_created"], 1);
  EXPECT_EQ((*entries)[3].hash, head_);
  EXPECT_EQ((*entries)[3].hash.size(), 64u);
}

TEST_F(AuditTest, AFlippedByteInAnAuditEntryNamesThatBatch) {
  // A byte near the end of entry 3 (its "time_us" / "user" fields).
  FlipByte(dir_.path(), "audit", Key32(3), -30);
  auto report = Verify();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_bad, 3u) << report->problem;
}

TEST_F(AuditTest, AFlippedByteInAStoredGraphRecordNamesTheBatchThatWroteIt) {
  // Batch 2 is small: one chunk record, whose last fact is its property
  // value "batch number 2"; flip the last byte of that string.
  FlipByte(dir_.path(), "facts", ChunkKey(2, 0), -1);
  auto report = Verify();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_bad, 2u);
  EXPECT_NE(report->problem.find("data digest mismatch"), std::string::npos) << report->problem;
  // The graph itself still opens: the flipped byte was inside a string.
  EXPECT_TRUE(Store::Open(dir_.path()).ok());
}

TEST_F(AuditTest, ARecordThatNoLongerDecodesFailsOpenButVerifyStillNamesIt) {
  // The first fact of batch 4 creates its node; corrupt its kind byte
  // (offset 1 of the first chunk: offset 0 is the fact's length varint).
  FlipByte(dir_.path(), "facts", ChunkKey(4, 0), 1);
  auto opened = Store::Open(dir_.path());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(opened.status().message().find("batch 4"), std::string::npos) << opened.status().message();
  auto report = Verify();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(*report->first_bad, 4u);
}

}  // namespace
}  // namespace provgraph
