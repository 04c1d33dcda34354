// Batches delivered in segments (BatchSource), nodes referred to by
// Label:key, and a batch resolved against a graph that another process
// made stale before the write transaction began.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "engine/batch_source.h"
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

// Hands out prepared segments, then optionally an error.
class VectorSource : public BatchSource {
 public:
  explicit VectorSource(const std::vector<Batch>& segments, Status error_at_end = Status::Ok())
      : segments_(segments), error_(std::move(error_at_end)) {}
  Result<const Batch*> Next() override {
    if (next_ < segments_.size()) return &segments_[next_++];
    if (!error_.ok()) return error_;
    return static_cast<const Batch*>(nullptr);
  }
  Status Rewind() override {
    ++rewinds;
    next_ = 0;
    return Status::Ok();
  }
  int rewinds = 0;

 private:
  const std::vector<Batch>& segments_;
  size_t next_ = 0;
  Status error_;
};

const Timestamp kAt = T("2024-03-01T00:00:00Z");

// A chain of `n` datasets with a property each, edges i -> i+1, built into
// segments of `per_segment` nodes; every edge after the first segment's
// refers to a node of the segment before.
std::vector<Batch> Chain(int n, int per_segment) {
  std::vector<Batch> segments(1);
  std::vector<Batch::NodeRef> refs;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && i % per_segment == 0) {
      Batch next = Batch::After(segments.back());
      segments.push_back(std::move(next));
    }
    Batch& b = segments.back();
    refs.push_back(b.UpsertNode({"Dataset"}, "d" + std::to_string(i), kAt));
    b.SetProperty(refs.back(), "rows", Value(int64_t{i * 10}), kAt);
    if (i > 0) {
      auto e = b.UpsertEdge("FEEDS", refs[i - 1], refs[i], kAt);
      b.SetEdgeProperty(e, "weight", Value(static_cast<double>(i) / 2), kAt);
    }
  }
  return segments;
}

TEST(BatchSegmentsTest, RefsContinueAcrossSegments) {
  auto segments = Chain(10, 4);
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].node_ref_base(), 0u);
  EXPECT_EQ(segments[1].node_ref_base(), 4u);
  EXPECT_EQ(segments[2].node_ref_base(), 8u);
  EXPECT_EQ(segments[2].node_ref_end(), 10u);
  // Edges 1..3 are in the first segment, 4..7 in the second.
  EXPECT_EQ(segments[1].edge_ref_base(), 3u);
  EXPECT_EQ(segments[1].edge(3).src, 3u);  // d3 -> d4 crosses segments
  EXPECT_EQ(segments[1].key(4), "d4");
}

TEST(BatchSegmentsTest, ASegmentedBatchGivesTheSameGraphAsOneBatch) {
  TempDir one_dir, seg_dir;
  auto one = OpenOrDie(one_dir.path());
  auto seg = OpenOrDie(seg_dir.path());
  auto whole = Chain(50, 1000);
  ASSERT_EQ(whole.size(), 1u);
  auto r1 = CommitOrDie(*one, whole[0]);
  auto segments = Chain(50, 7);
  ASSERT_EQ(segments.size(), 8u);
  VectorSource source(segments);
  auto r2 = seg->Commit(source, CommitInfo{});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  // 50 nodes + 49 edges + 99 properties + 3 symbols (Dataset, rows, FEEDS,
  // weight: 4) = 202 facts.
  EXPECT_EQ(r2->counts.nodes_created, 50u);
  EXPECT_EQ(r2->counts.edges_created, 49u);
  EXPECT_EQ(r2->counts.properties_set, 99u);
  EXPECT_EQ(r2->counts.symbols, 4u);
  EXPECT_EQ(r2->counts.facts, 202u);
  EXPECT_EQ(r1.counts.facts, r2->counts.facts);
  EXPECT_EQ(DumpGraph(one->graph()), DumpGraph(seg->graph()));
  std::string before = DumpGraph(seg->graph());
  seg.reset();
  EXPECT_EQ(DumpGraph(OpenOrDie(seg_dir.path())->graph()), before);
}

TEST(BatchSegmentsTest, RefNodeByKeyFindsANodeTheStoreHeld) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  first.UpsertNode({"Model"}, "churn", kAt);
  CommitOrDie(*store, first);
  Batch b;
  auto kpi = b.UpsertNode({"KPI"}, "auc", kAt);
  auto model = b.RefNodeByKey("Model", "churn", "no model", "here:1");
  b.UpsertEdge("FEEDS", model, kpi, kAt);
  auto r = CommitOrDie(*store, b);
  EXPECT_EQ(r.counts.edges_created, 1u);
  const Graph& g = store->graph();
  auto feeds = g.edge_types().Find("FEEDS");
  ASSERT_TRUE(feeds.has_value());
  EXPECT_TRUE(g.FindEdge(*g.FindNode("Model", "churn"), *feeds, *g.FindNode("KPI", "auc")).has_value());
}

TEST(BatchSegmentsTest, RefNodeByKeyFindsANodeByAnExtraLabel) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  first.UpsertNode({"Dataset", "Model"}, "ml:churn", kAt);  // a dataset that is a model
  first.UpsertNode({"Dataset"}, "ml:plain", kAt);
  CommitOrDie(*store, first);
  const Graph& g = store->graph();
  EXPECT_EQ(g.FindNodeByRef("Model", "ml:churn"), NodeId{0});
  EXPECT_EQ(g.FindNodeByRef("Dataset", "ml:churn"), NodeId{0});
  EXPECT_FALSE(g.FindNodeByRef("Model", "ml:plain").has_value());
  EXPECT_FALSE(g.FindNodeByRef("Nope", "ml:churn").has_value());
  Batch b;
  auto kpi = b.UpsertNode({"KPI"}, "auc", kAt);
  b.UpsertEdge("FEEDS", b.RefNodeByKey("Model", "ml:churn", "no model", "here:1"), kpi, kAt);
  EXPECT_EQ(CommitOrDie(*store, b).counts.edges_created, 1u);
}

TEST(BatchSegmentsTest, RefNodeByKeyToAMissingNodeFailsWithItsMessageAndWritesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  first.UpsertNode({"Model"}, "churn", kAt);
  CommitOrDie(*store, first);
  std::string before = DumpGraph(store->graph());
  Batch b;
  auto kpi = b.UpsertNode({"KPI"}, "auc", kAt);
  // Created by this very batch: not a node the store held before it.
  auto same = b.UpsertNode({"Model"}, "fresh", kAt);
  (void)same;
  auto fresh = b.RefNodeByKey("Model", "fresh", ":START_ID 'Model:fresh' is not in the store", "edges.csv:7");
  b.UpsertEdge("FEEDS", fresh, kpi, kAt);
  auto r = store->Commit(b, CommitInfo{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), "edges.csv:7: :START_ID 'Model:fresh' is not in the store");
  EXPECT_EQ(store->last_seq(), 1u);
  EXPECT_EQ(DumpGraph(store->graph()), before);
}

TEST(BatchSegmentsTest, AnErrorAfterSomeSegmentsWritesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  first.UpsertNode({"Model"}, "churn", kAt);
  CommitOrDie(*store, first);
  std::string before = DumpGraph(store->graph());
  auto segments = Chain(30, 10);
  VectorSource source(segments, Status::InvalidInput("bad row", "edges.csv:31"));
  auto r = store->Commit(source, CommitInfo{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), "edges.csv:31: bad row");
  EXPECT_EQ(store->last_seq(), 1u);
  EXPECT_EQ(DumpGraph(store->graph()), before);
  store.reset();
  EXPECT_EQ(DumpGraph(OpenOrDie(dir.path())->graph()), before);
}

TEST(BatchSegmentsTest, ABatchResolvedBeforeAnotherProcessCommittedIsResolvedAgain) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  first.UpsertNode({"Model"}, "churn", kAt);
  CommitOrDie(*store, first);
  auto segments = Chain(20, 6);
  VectorSource source(segments);
  CommitInfo info;
  int resolved = 0;
  // After our first resolve (as batch 2), another process commits batch 2
  // (50 nodes "other-*"): our batch must become batch 3, resolved anew
  // against a graph that holds theirs.
  info.on_resolved = [&] {
    if (resolved++ > 0) return;
    ChildProcess child({PROVGRAPH_STORE_WRITER, dir.path(), "50", "other"});
    ASSERT_TRUE(child.ok());
    EXPECT_TRUE(child.WaitFor("COMMITTED 2"));
    EXPECT_EQ(child.Wait(), 0);
  };
  auto r = store->Commit(source, info);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->seq, 3u);
  EXPECT_EQ(resolved, 2);
  EXPECT_EQ(source.rewinds, 1);
  const Graph& g = store->graph();
  // Node ids are dense in commit order: churn 0, other-0..49 1..50, d0.. 51..
  EXPECT_EQ(g.FindNode("Dataset", "other-49"), NodeId{50});
  EXPECT_EQ(g.FindNode("Dataset", "d0"), NodeId{51});
  std::string live = DumpGraph(g);
  store.reset();
  auto reopened = OpenOrDie(dir.path());
  EXPECT_EQ(DumpGraph(reopened->graph()), live);
  EXPECT_TRUE(reopened->VerifyAudit()->ok());
}

TEST(BatchSegmentsTest, ASmallBatchGrowsATinyMapWhenTheWriteMeetsMapFull) {
  TempDir dir;
  StoreOptions options;
  options.initial_map_size = 64 * 1024;
  auto store = OpenOrDie(dir.path(), options);
  size_t initial = store->map_size();
  // About 200 KB of facts: below the size the store grows the map for up
  // front, so the first write fails with MDB_MAP_FULL and is retried.
  Batch b;
  for (int i = 0; i < 1500; ++i) {
    auto n = b.UpsertNode({"Dataset"}, "d" + std::to_string(i), kAt);
    b.SetProperty(n, "payload", Value(std::string(100, 'p')), kAt);
  }
  auto r = CommitOrDie(*store, b);
  EXPECT_EQ(r.counts.nodes_created, 1500u);
  EXPECT_GT(store->map_size(), initial);
  std::string before = DumpGraph(store->graph());
  store.reset();
  EXPECT_EQ(DumpGraph(OpenOrDie(dir.path(), options)->graph()), before);
}

// Edge refs that create edges in order need no per-ref array in the
// resolver; a ref that finds an edge (of the store or of the batch itself)
// ends that run. Ops on refs of every kind, in a later segment, must reach
// the right edge. By hand: the store holds edge 0 (x->y); the batch's refs
// 0 (y->z) and 1 (z->x) create edges 1 and 2, ref 2 (x->y) finds edge 0,
// ref 3 (y->z again) finds edge 1, ref 4 (x->z) creates edge 3.
TEST(BatchSegmentsTest, EdgeRefsReachTheirEdgesWhetherCreatedOrFound) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch first;
  auto x0 = first.UpsertNode({"Dataset"}, "x", kAt), y0 = first.UpsertNode({"Dataset"}, "y", kAt);
  first.UpsertNode({"Dataset"}, "z", kAt);
  first.UpsertEdge("FEEDS", x0, y0, kAt);
  CommitOrDie(*store, first);
  std::vector<Batch> segments(1);
  Batch& s0 = segments[0];
  auto x = s0.UpsertNode({"Dataset"}, "x", kAt), y = s0.UpsertNode({"Dataset"}, "y", kAt);
  auto z = s0.UpsertNode({"Dataset"}, "z", kAt);
  std::vector<Batch::EdgeRef> refs{s0.UpsertEdge("FEEDS", y, z, kAt), s0.UpsertEdge("FEEDS", z, x, kAt),
                                   s0.UpsertEdge("FEEDS", x, y, kAt), s0.UpsertEdge("FEEDS", y, z, kAt)};
  segments.push_back(Batch::After(segments[0]));
  Batch& s1 = segments[1];
  refs.push_back(s1.UpsertEdge("FEEDS", x, z, kAt));
  // Weights 1..5 by ref; ref 3 (edge 1 again) overrides ref 0's weight.
  for (size_t i = 0; i < refs.size(); ++i) s1.SetEdgeProperty(refs[i], "w", Value(int64_t(i + 1)), kAt);
  s1.CloseEdge(refs[1], T("2024-04-01T00:00:00Z"));
  VectorSource source(segments);
  auto r = store->Commit(source, CommitInfo{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->counts.edges_created, 3u);
  const Graph& g = store->graph();
  ASSERT_EQ(g.edge_count(), 4u);
  auto w = [&](EdgeId e) {
    const Value* v = g.Property(EntityKind::kEdge, e, "w", kLatest);
    return v ? v->as_int() : -1;
  };
  EXPECT_EQ(w(0), 3);
  EXPECT_EQ(w(1), 4);
  EXPECT_EQ(w(2), 2);
  EXPECT_EQ(w(3), 5);
  EXPECT_EQ(g.EdgeSource(3), *g.FindNode("Dataset", "x"));
  EXPECT_EQ(g.EdgeTarget(3), *g.FindNode("Dataset", "z"));
  EXPECT_TRUE(g.EdgeValid(2, T("2024-03-15T00:00:00Z")));
  EXPECT_FALSE(g.EdgeValid(2, T("2024-04-01T00:00:00Z")));
  EXPECT_TRUE(g.EdgeValid(1, kLatest));
}

}  // namespace
}  // namespace provgraph
