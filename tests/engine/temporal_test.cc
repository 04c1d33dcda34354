// Valid time: every read is "as of" an instant; updates and closes keep
// history; late data lands at its own time without disturbing newer state;
// every change records its batch.
#include "engine/store.h"
#include "engine/traversal.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CommitOrDie;
using testing::DumpGraph;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

class TemporalTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_.path()); }
  const Graph& g() { return store_->graph(); }
  std::string OwnerAt(const char* iso) {
    auto id = g().FindNode("Dataset", "orders");
    const Value* v = g().Property(EntityKind::kNode, *id, *g().property_keys().Find("owner"), T(iso));
    return v ? v->as_string() : "<absent>";
  }
  void SetOwner(const char* iso, const char* owner) {
    Batch b;
    auto n = b.UpsertNode({"Dataset"}, "orders", T(iso));
    b.SetProperty(n, "owner", Value(owner), T(iso));
    CommitOrDie(*store_, b);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(TemporalTest, UpdatesCloseTheOldIntervalAndKeepHistory) {
  SetOwner("2024-01-01T00:00:00Z", "alice");
  SetOwner("2024-02-01T00:00:00Z", "bob");
  EXPECT_EQ(OwnerAt("2023-12-31T23:59:59Z"), "<absent>");
  EXPECT_EQ(OwnerAt("2024-01-01T00:00:00Z"), "alice");
  EXPECT_EQ(OwnerAt("2024-01-31T23:59:59Z"), "alice");
  EXPECT_EQ(OwnerAt("2024-02-01T00:00:00Z"), "bob");
  EXPECT_EQ(g().Property(EntityKind::kNode, 0, *g().property_keys().Find("owner"), kLatest)->as_string(), "bob");
  auto id = *g().FindNode("Dataset", "orders");
  EXPECT_FALSE(g().NodeValid(id, T("2023-12-31T00:00:00Z")));
  EXPECT_TRUE(g().NodeValid(id, T("2024-01-01T00:00:00Z")));
  auto history = g().PropertyHistory(EntityKind::kNode, id, *g().property_keys().Find("owner"));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].value.as_string(), "alice");
  EXPECT_EQ(history[0].valid, (Interval{T("2024-01-01").micros, T("2024-02-01").micros}));
  EXPECT_EQ(history[0].seq, 1u);
  EXPECT_EQ(history[1].value.as_string(), "bob");
  EXPECT_EQ(history[1].valid, (Interval{T("2024-02-01").micros, kForever}));
  EXPECT_EQ(history[1].seq, 2u);
}

TEST_F(TemporalTest, LateDataLandsAtItsOwnTimeWithoutDisturbingNewerState) {
  SetOwner("2024-01-01T00:00:00Z", "alice");
  SetOwner("2024-03-01T00:00:00Z", "carol");
  SetOwner("2024-02-01T00:00:00Z", "bob");  // arrives last, happened in between
  EXPECT_EQ(OwnerAt("2024-01-15T00:00:00Z"), "alice");
  EXPECT_EQ(OwnerAt("2024-02-15T00:00:00Z"), "bob");
  EXPECT_EQ(OwnerAt("2024-03-15T00:00:00Z"), "carol");
  EXPECT_EQ(g().Property(EntityKind::kNode, 0, *g().property_keys().Find("owner"), kLatest)->as_string(), "carol");
  // Data older than the node's creation extends its validity backwards.
  SetOwner("2023-12-01T00:00:00Z", "zed");
  EXPECT_TRUE(g().NodeValid(0, T("2023-12-01T00:00:00Z")));
  EXPECT_EQ(OwnerAt("2023-12-15T00:00:00Z"), "zed");
  EXPECT_EQ(OwnerAt("2024-01-15T00:00:00Z"), "alice");
}

TEST_F(TemporalTest, CloseEndsValidityAndKeepsTheNodeVisibleAsOfEarlier) {
  SetOwner("2024-01-01T00:00:00Z", "alice");
  Batch drop;
  auto n = drop.UpsertNode({"Dataset"}, "orders", T("2024-01-10T00:00:00Z"));
  drop.CloseNode(n, T("2024-01-10T00:00:00Z"));
  EXPECT_EQ(CommitOrDie(*store_, drop).counts.nodes_closed, 1u);
  EXPECT_TRUE(g().NodeValid(0, T("2024-01-09T23:59:59Z")));
  EXPECT_FALSE(g().NodeValid(0, T("2024-01-10T00:00:00Z")));
  EXPECT_FALSE(g().NodeValid(0, kLatest));
  EXPECT_EQ(g().node_count(), 1u) << "nothing is physically deleted";
  // Re-created later: a second interval.
  SetOwner("2024-02-01T00:00:00Z", "bob");
  EXPECT_FALSE(g().NodeValid(0, T("2024-01-20T00:00:00Z")));
  EXPECT_TRUE(g().NodeValid(0, kLatest));
  auto intervals = g().Validity(EntityKind::kNode, 0);
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0], (Interval{T("2024-01-01").micros, T("2024-01-10").micros}));
  EXPECT_EQ(intervals[1], (Interval{T("2024-02-01").micros, kForever}));
  // Each change with its batch: created by batch 1, closed by 2 (the drop), reopened by 3.
  auto changes = g().ValidityChanges(EntityKind::kNode, 0);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].t, T("2024-01-01").micros);
  EXPECT_EQ(changes[0].seq, 1u);
  EXPECT_TRUE(changes[0].on);
  EXPECT_EQ(changes[1].t, T("2024-01-10").micros);
  EXPECT_EQ(changes[1].seq, 2u);
  EXPECT_FALSE(changes[1].on);
  EXPECT_EQ(changes[2].t, T("2024-02-01").micros);
  EXPECT_EQ(changes[2].seq, 3u);
  EXPECT_TRUE(changes[2].on);
}

TEST_F(TemporalTest, EdgesAreVisibleOnlyWhileThemselvesAndBothEndsAreValid) {
  Batch b;
  auto t1 = T("2024-01-01T00:00:00Z");
  auto a = b.UpsertNode({"Dataset"}, "a", t1);
  auto j = b.UpsertNode({"Job"}, "j", t1);
  auto c = b.UpsertNode({"Dataset"}, "c", t1);
  b.UpsertEdge("FEEDS", a, j, t1);
  auto e2 = b.UpsertEdge("FEEDS", j, c, T("2024-01-05T00:00:00Z"));
  b.CloseEdge(e2, T("2024-01-20T00:00:00Z"));
  b.CloseNode(a, T("2024-01-10T00:00:00Z"));
  CommitOrDie(*store_, b);
  auto feeds = *g().edge_types().Find("FEEDS");
  auto cid = *g().FindNode("Dataset", "c");
  Walker w(g());
  auto upstream_of_c = [&](const char* iso) {
    WalkSpec spec;
    spec.edge_types = {feeds};
    spec.at = T(iso);
    return w.Closure(cid, spec).size();
  };
  EXPECT_EQ(upstream_of_c("2024-01-02T00:00:00Z"), 0u) << "j -> c starts on the 5th";
  EXPECT_EQ(upstream_of_c("2024-01-06T00:00:00Z"), 2u) << "j and a";
  EXPECT_EQ(upstream_of_c("2024-01-11T00:00:00Z"), 1u) << "a closed on the 10th";
  EXPECT_EQ(upstream_of_c("2024-01-21T00:00:00Z"), 0u) << "j -> c closed on the 20th";
  EXPECT_EQ(w.Closure(cid, WalkSpec{}).size(), 0u);
}

TEST_F(TemporalTest, EveryChangeRecordsItsBatch) {
  SetOwner("2024-01-01T00:00:00Z", "alice");
  SetOwner("2024-01-01T00:00:00Z", "alice");  // no change, but an audit entry
  SetOwner("2024-02-01T00:00:00Z", "bob");
  EXPECT_EQ(store_->last_seq(), 3u);
  EXPECT_EQ(g().CreatedSeq(EntityKind::kNode, 0), 1u);
  auto history = g().PropertyHistory(EntityKind::kNode, 0, *g().property_keys().Find("owner"));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].seq, 3u);
}

// An edge's creating batch, validity history and properties (kept apart
// from its 24-byte record) over several batches, and the same after a
// replay. Expected values by hand: batch 1 creates edges 0 (a->b) and 1
// (b->c); batch 2 creates edge 2 (a->c) and sets a property on edge 0;
// batch 3 closes edge 1 at March and creates edge 3 (c->a); batch 4
// upserts b->c again at May (a reopen of edge 1, no new edge).
TEST_F(TemporalTest, EdgesKeepTheirBatchHistoryAndPropertiesOverBatches) {
  const Timestamp jan = T("2024-01-01T00:00:00Z"), feb = T("2024-02-01T00:00:00Z");
  const Timestamp mar = T("2024-03-01T00:00:00Z"), may = T("2024-05-01T00:00:00Z");
  Batch b1;
  auto a = b1.UpsertNode({"Dataset"}, "a", jan), b = b1.UpsertNode({"Dataset"}, "b", jan);
  auto c = b1.UpsertNode({"Dataset"}, "c", jan);
  b1.UpsertEdge("FEEDS", a, b, jan);
  b1.UpsertEdge("FEEDS", b, c, jan);
  CommitOrDie(*store_, b1);
  Batch b2;
  a = b2.UpsertNode({"Dataset"}, "a", feb), b = b2.UpsertNode({"Dataset"}, "b", feb);
  c = b2.UpsertNode({"Dataset"}, "c", feb);
  b2.UpsertEdge("FEEDS", a, c, feb);
  auto ab = b2.UpsertEdge("FEEDS", a, b, feb);  // edge 0 again: no new edge
  b2.SetEdgeProperty(ab, "weight", Value(0.5), feb);
  CommitOrDie(*store_, b2);
  Batch b3;
  a = b3.UpsertNode({"Dataset"}, "a", mar), b = b3.UpsertNode({"Dataset"}, "b", mar);
  c = b3.UpsertNode({"Dataset"}, "c", mar);
  b3.CloseEdge(b3.UpsertEdge("FEEDS", b, c, mar), mar);
  b3.UpsertEdge("FEEDS", c, a, mar);
  CommitOrDie(*store_, b3);
  Batch b4;
  b = b4.UpsertNode({"Dataset"}, "b", may), c = b4.UpsertNode({"Dataset"}, "c", may);
  b4.UpsertEdge("FEEDS", b, c, may);
  auto r4 = CommitOrDie(*store_, b4);
  EXPECT_EQ(r4.counts.edges_reopened, 1u);
  EXPECT_EQ(r4.counts.edges_created, 0u);

  auto check = [&](const Graph& graph) {
    ASSERT_EQ(graph.edge_count(), 4u);
    EXPECT_EQ(graph.CreatedSeq(EntityKind::kEdge, 0), 1u);
    EXPECT_EQ(graph.CreatedSeq(EntityKind::kEdge, 1), 1u);
    EXPECT_EQ(graph.CreatedSeq(EntityKind::kEdge, 2), 2u);
    EXPECT_EQ(graph.CreatedSeq(EntityKind::kEdge, 3), 3u);
    auto changes = graph.ValidityChanges(EntityKind::kEdge, 1);
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0].t, jan.micros);
    EXPECT_EQ(changes[0].seq, 1u);
    EXPECT_TRUE(changes[0].on);
    EXPECT_EQ(changes[1].t, mar.micros);
    EXPECT_EQ(changes[1].seq, 3u);
    EXPECT_FALSE(changes[1].on);
    EXPECT_EQ(changes[2].t, may.micros);
    EXPECT_EQ(changes[2].seq, 4u);
    EXPECT_TRUE(changes[2].on);
    EXPECT_EQ(graph.Validity(EntityKind::kEdge, 1),
              (std::vector<Interval>{{jan.micros, mar.micros}, {may.micros, kForever}}));
    EXPECT_TRUE(graph.EdgeValid(1, T("2024-02-15T00:00:00Z")));
    EXPECT_FALSE(graph.EdgeValid(1, T("2024-04-01T00:00:00Z")));
    EXPECT_TRUE(graph.EdgeValid(1, kLatest));
    // Edge 0 has a property and no history; edge 1 a history and no property.
    EXPECT_EQ(graph.Validity(EntityKind::kEdge, 0), (std::vector<Interval>{{jan.micros, kForever}}));
    auto history = graph.PropertyHistory(EntityKind::kEdge, 0, *graph.property_keys().Find("weight"));
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].value, Value(0.5));
    EXPECT_EQ(history[0].seq, 2u);
    EXPECT_EQ(history[0].valid, (Interval{feb.micros, kForever}));
    EXPECT_TRUE(graph.Properties(EntityKind::kEdge, 1, kLatest).empty());
    EXPECT_TRUE(graph.Properties(EntityKind::kEdge, 3, kLatest).empty());
    EXPECT_EQ(graph.Property(EntityKind::kEdge, 0, "weight", T("2024-01-15T00:00:00Z")), nullptr);
    EXPECT_TRUE(graph.CheckInvariants().ok());
  };
  check(g());
  std::string before = DumpGraph(g());
  store_.reset();
  store_ = OpenOrDie(dir_.path());
  check(g());
  EXPECT_EQ(DumpGraph(g()), before);
}

}  // namespace
}  // namespace provgraph
