// The LMDB store: persistence round trip, batch atomicity, format checks,
// map growth, a full disk, and other processes' commits.
#include <lmdb.h>

#include <filesystem>

#include "engine/store.h"
#include "tests/engine/child_process.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::ChildProcess;
using testing::CommitOrDie;
using testing::DumpGraph;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

void LoadSample(Store& store) {
  auto t1 = T("2024-01-01T00:00:00Z"), t2 = T("2024-02-01T00:00:00Z"), t3 = T("2024-03-01T00:00:00Z");
  Batch b1;
  auto s = b1.UpsertNode({"Source", "Postgres"}, "crm", t1);
  auto j = b1.UpsertNode({"Job"}, "airflow:ingest", t1);
  auto d = b1.UpsertNode({"Dataset"}, "pg:raw.accounts", t1);
  b1.SetProperty(s, "tags", Value(ValueList{Value("PII"), Value("retention-7y")}), t1);
  b1.SetProperty(d, "rows", Value(int64_t{1000}), t1);
  b1.UpsertEdge("FEEDS", s, j, t1);
  auto e = b1.UpsertEdge("FEEDS", j, d, t1);
  b1.SetEdgeProperty(e, "runs", Value(int64_t{1}), t1);
  CommitOrDie(store, b1);
  Batch b2;
  auto d2 = b2.UpsertNode({"Dataset"}, "pg:raw.accounts", t2);
  b2.SetProperty(d2, "rows", Value(int64_t{1200}), t2);
  b2.RemoveProperty(d2, "rows", t3);
  auto s2 = b2.UpsertNode({"Source"}, "crm", t3);
  b2.CloseNode(s2, t3);
  CommitOrDie(store, b2);
}

TEST(StoreTest, PersistenceRoundTripWriteCloseReopenCompare) {
  TempDir dir;
  std::string before;
  {
    auto store = OpenOrDie(dir.path());
    LoadSample(*store);
    before = DumpGraph(store->graph());
    EXPECT_NE(before.find("rows=1200"), std::string::npos);
  }
  auto reopened = OpenOrDie(dir.path());
  EXPECT_EQ(DumpGraph(reopened->graph()), before);
  EXPECT_EQ(reopened->last_seq(), 2u);
  EXPECT_TRUE(reopened->graph().CheckInvariants().ok());
  // And it keeps working after the reopen.
  Batch b;
  b.UpsertNode({"KPI"}, "churn_auc", T("2024-04-01T00:00:00Z"));
  EXPECT_EQ(CommitOrDie(*reopened, b).seq, 3u);
}

TEST(StoreTest, OpeningAMissingStoreIsNotFoundAndCreatesNothing) {
  TempDir dir;
  auto s = Store::Open(dir / "nope");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "nope"));
  EXPECT_TRUE(Store::Create(dir / "new").ok());
  EXPECT_EQ(Store::Create(dir / "new").code(), StatusCode::kAlreadyExists);
}

TEST(StoreTest, FormatVersionIsCheckedAtOpen) {
  TempDir dir;
  ASSERT_TRUE(Store::Create(dir.path()).ok());
  {
    MDB_env* env;
    MDB_txn* txn;
    MDB_dbi meta;
    ASSERT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 8);
    ASSERT_EQ(mdb_env_open(env, dir.path().c_str(), 0, 0644), 0);
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    ASSERT_EQ(mdb_dbi_open(txn, "meta", 0, &meta), 0);
    std::string k = "format_version", v = "99";
    MDB_val key{k.size(), k.data()}, val{v.size(), v.data()};
    ASSERT_EQ(mdb_put(txn, meta, &key, &val, 0), 0);
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  auto s = Store::Open(dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIncompatible);
  EXPECT_EQ(s.status().message(), "store format version 99 is not supported: this provgraph reads version " + std::to_string(kFormatVersion));
}

TEST(StoreTest, AFailedBatchWritesNothingAndLeavesTheGraphAsItWas) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  LoadSample(*store);
  std::string before = DumpGraph(store->graph());
  Batch bad;
  auto at = T("2024-05-01T00:00:00Z");
  for (int i = 0; i < 1000; ++i) bad.UpsertNode({"Dataset"}, "new-" + std::to_string(i), at);
  auto n = bad.UpsertNode({"Dataset"}, "pg:raw.accounts", at);
  bad.SetProperty(n, "rows", Value(int64_t{5}), at);
  bad.UpsertEdge("FEEDS", n, bad.RefNode(123456), at);  // fails after 1000 nodes were resolved
  auto r = store->Commit(bad, CommitInfo{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DumpGraph(store->graph()), before);
  EXPECT_EQ(store->last_seq(), 2u);
  auto reopened = OpenOrDie(dir.path(), {});
  store.reset();
  EXPECT_EQ(DumpGraph(reopened->graph()), before);
}

TEST(StoreTest, MapGrowsFromATinyInitialMap) {
  TempDir dir;
  StoreOptions options;
  options.initial_map_size = 64 * 1024;
  auto store = OpenOrDie(dir.path(), options);
  size_t initial = store->map_size();
  Batch b;
  auto at = T("2024-01-01T00:00:00Z");
  Batch::NodeRef prev = 0;
  for (int i = 0; i < 20000; ++i) {
    auto n = b.UpsertNode({"Dataset"}, "d" + std::to_string(i), at);
    b.SetProperty(n, "payload", Value(std::string(100, 'p')), at);
    if (i) b.UpsertEdge("FEEDS", prev, n, at);
    prev = n;
  }
  auto r = CommitOrDie(*store, b);
  EXPECT_EQ(r.counts.nodes_created, 20000u);
  EXPECT_GT(store->map_size(), initial);
  EXPECT_GT(store->size_bytes(), 2000000u);
  std::string before = DumpGraph(store->graph());
  store.reset();
  auto reopened = OpenOrDie(dir.path(), options);
  EXPECT_EQ(reopened->graph().node_count(), 20000u);
  EXPECT_EQ(DumpGraph(reopened->graph()), before);
  EXPECT_TRUE(reopened->VerifyAudit()->ok());
}

// A batch of 16 MB of facts or more frees each chunk once LMDB copied it
// and the digest has it (the load's peak memory): what is stored, the
// digest and the graph after a reopen must not notice. 20,000 keys of 900
// bytes: each node fact is a little over 900 bytes, ~18 MB in all.
TEST(StoreTest, ALargeBatchFreedChunkByChunkIsStoredWhole) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), {});
  Batch b;
  auto at = T("2024-01-01T00:00:00Z");
  auto key = [](int i) { return std::to_string(i) + std::string(900, 'k'); };
  for (int i = 0; i < 20000; ++i) b.UpsertNode({"Dataset"}, key(i), at);
  auto r = CommitOrDie(*store, b);
  EXPECT_EQ(r.counts.nodes_created, 20000u);
  EXPECT_GT(store->size_bytes(), size_t{18000000});
  std::string before = DumpGraph(store->graph());
  store.reset();
  auto reopened = OpenOrDie(dir.path(), {});
  ASSERT_EQ(reopened->graph().node_count(), 20000u);
  EXPECT_EQ(reopened->graph().Key(12345), key(12345));
  EXPECT_EQ(DumpGraph(reopened->graph()), before);
  auto report = reopened->VerifyAudit();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok());
}

TEST(StoreTest, ACommitFromAnotherProcessIsSeenAtTheNextRefresh) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  LoadSample(*store);
  ChildProcess child({PROVGRAPH_STORE_WRITER, dir.path(), "50", "other"});
  ASSERT_TRUE(child.ok());
  EXPECT_TRUE(child.WaitFor("COMMITTED 3"));
  EXPECT_EQ(child.Wait(), 0);
  EXPECT_FALSE(store->graph().FindNode("Dataset", "other-0").has_value());
  ASSERT_TRUE(store->Refresh().ok());
  EXPECT_TRUE(store->graph().FindNode("Dataset", "other-49").has_value());
  EXPECT_EQ(store->last_seq(), 3u);
  // Our next commit follows theirs.
  Batch b;
  b.UpsertNode({"KPI"}, "k", T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(CommitOrDie(*store, b).seq, 4u);
}

TEST(StoreTest, AFullDiskIsAClearErrorThatLosesNothingCommitted) {
  TempDir dir;
  std::string before;
  uint64_t size = 0;
  {
    auto store = OpenOrDie(dir.path());
    LoadSample(*store);
    before = DumpGraph(store->graph());
  }
  size = std::filesystem::file_size(dir / "data.mdb");
  // The writer may grow data.mdb by at most 64 KiB: its 20000-node batch cannot fit.
  ChildProcess child({PROVGRAPH_STORE_WRITER, dir.path(), "20000", "big", "--fsize-limit",
                      std::to_string(size + 64 * 1024)});
  ASSERT_TRUE(child.ok());
  std::string output = child.output();
  int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(output.find("disk full"), std::string::npos) << output;
  EXPECT_NE(output.find("nothing of this batch was written"), std::string::npos) << output;
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(DumpGraph(store->graph()), before);
  EXPECT_EQ(store->last_seq(), 2u);
  EXPECT_TRUE(store->VerifyAudit()->ok());
  // And the store still takes batches.
  Batch b;
  b.UpsertNode({"KPI"}, "k", T("2024-01-01T00:00:00Z"));
  EXPECT_EQ(CommitOrDie(*store, b).seq, 3u);
}

}  // namespace
}  // namespace provgraph
