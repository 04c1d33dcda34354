// The property-graph model: nodes, labels, keys, typed values, edges,
// upsert by (label, key), one edge per (type, source, target).
#include "engine/store.h"
#include "engine/traversal.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CommitOrDie;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

class GraphModelTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_.path()); }
  const Graph& g() { return store_->graph(); }
  uint32_t Prop(const char* name) { return *g().property_keys().Find(name); }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(GraphModelTest, NodesHaveLabelsKeyAndTypedProperties) {
  Batch b;
  auto at = T("2024-03-01T00:00:00Z");
  auto n = b.UpsertNode({"Dataset", "Table"}, "pg:db.public.orders", at);
  b.SetProperty(n, "rows", Value(int64_t{42}), at);
  b.SetProperty(n, "ratio", Value(0.25), at);
  b.SetProperty(n, "pii", Value(true), at);
  b.SetProperty(n, "name", Value("orders"), at);
  b.SetProperty(n, "updated", Value(T("2024-02-29T12:30:00Z")), at);
  b.SetProperty(n, "tags", Value(ValueList{Value("a"), Value(int64_t{2}), Value()}), at);
  b.SetProperty(n, "nothing", Value(), at);
  CommitOrDie(*store_, b);

  auto id = g().FindNode("Dataset", "pg:db.public.orders");
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(g().FindNode("Table", "pg:db.public.orders").has_value()) << "keys are indexed by primary label";
  EXPECT_EQ(g().Key(*id), "pg:db.public.orders");
  auto labels = g().Labels(*id, kLatest);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(g().labels().Name(labels[0]), "Dataset");
  EXPECT_EQ(g().labels().Name(labels[1]), "Table");
  EXPECT_EQ(g().Property(EntityKind::kNode, *id, Prop("rows"), kLatest)->as_int(), 42);
  EXPECT_EQ(g().Property(EntityKind::kNode, *id, Prop("ratio"), kLatest)->as_double(), 0.25);
  EXPECT_TRUE(g().Property(EntityKind::kNode, *id, Prop("pii"), kLatest)->as_bool());
  EXPECT_EQ(g().Property(EntityKind::kNode, *id, Prop("name"), kLatest)->as_string(), "orders");
  EXPECT_EQ(g().Property(EntityKind::kNode, *id, Prop("updated"), kLatest)->as_timestamp(), T("2024-02-29T12:30:00Z"));
  const Value* tags = g().Property(EntityKind::kNode, *id, Prop("tags"), kLatest);
  ASSERT_EQ(tags->type(), ValueType::kList);
  EXPECT_EQ(tags->as_list().size(), 3u);
  EXPECT_TRUE(tags->as_list()[2].is_null());
  EXPECT_TRUE(g().Property(EntityKind::kNode, *id, Prop("nothing"), kLatest)->is_null());
}

TEST_F(GraphModelTest, UpsertByLabelAndKeyNeverDuplicates) {
  auto at = T("2024-03-01T00:00:00Z");
  for (int i = 0; i < 3; ++i) {
    Batch b;
    auto n = b.UpsertNode({"Job"}, "airflow:etl", at);
    b.SetProperty(n, "owner", Value("team-a"), at);
    CommitOrDie(*store_, b);
  }
  EXPECT_EQ(g().node_count(), 1u);
  // The same key under another label is another node.
  Batch b;
  b.UpsertNode({"Dataset"}, "airflow:etl", at);
  auto r = CommitOrDie(*store_, b);
  EXPECT_EQ(r.counts.nodes_created, 1u);
  EXPECT_EQ(g().node_count(), 2u);
}

TEST_F(GraphModelTest, AtMostOneEdgeOfATypeBetweenTwoNodesAndReloadUpdatesIt) {
  auto at = T("2024-03-01T00:00:00Z");
  auto load = [&](int64_t weight, const char* type) {
    Batch b;
    auto a = b.UpsertNode({"Dataset"}, "a", at);
    auto c = b.UpsertNode({"Job"}, "c", at);
    auto e = b.UpsertEdge(type, a, c, at);
    b.SetEdgeProperty(e, "weight", Value(weight), at);
    return CommitOrDie(*store_, b);
  };
  EXPECT_EQ(load(1, "FEEDS").counts.edges_created, 1u);
  EXPECT_EQ(load(1, "FEEDS").counts.edges_created, 0u);
  auto later = T("2024-03-02T00:00:00Z");
  Batch b;
  auto a = b.UpsertNode({"Dataset"}, "a", later);
  auto c = b.UpsertNode({"Job"}, "c", later);
  auto e = b.UpsertEdge("FEEDS", a, c, later);
  b.SetEdgeProperty(e, "weight", Value(int64_t{7}), later);
  CommitOrDie(*store_, b);
  ASSERT_EQ(g().edge_count(), 1u);
  EXPECT_EQ(g().Property(EntityKind::kEdge, 0, Prop("weight"), kLatest)->as_int(), 7);
  EXPECT_EQ(g().Property(EntityKind::kEdge, 0, Prop("weight"), at)->as_int(), 1);
  // Another type between the same nodes is another edge.
  EXPECT_EQ(load(1, "READ_BY").counts.edges_created, 1u);
  EXPECT_EQ(g().edge_count(), 2u);
  auto feeds = *g().edge_types().Find("FEEDS");
  EXPECT_TRUE(g().FindEdge(0, feeds, 1).has_value());
  EXPECT_FALSE(g().FindEdge(1, feeds, 0).has_value()) << "edges are directed";
}

TEST_F(GraphModelTest, EdgesOfNewAndOldNodesAreEachCreatedOnceWithinABatch) {
  // The resolver finds edges of this batch's new nodes on per-node chains
  // and edges between older nodes in the edge index: both must dedupe.
  auto t = T("2024-01-01T00:00:00Z");
  Batch b1;
  auto a = b1.UpsertNode({"Dataset"}, "a", t), c = b1.UpsertNode({"Dataset"}, "c", t);
  b1.UpsertEdge("FEEDS", a, c, t);
  CommitOrDie(*store_, b1);
  Batch b2;
  auto a2 = b2.UpsertNode({"Dataset"}, "a", t), c2 = b2.UpsertNode({"Dataset"}, "c", t);
  auto n = b2.UpsertNode({"Dataset"}, "new", t);
  b2.UpsertEdge("FEEDS", a2, c2, t);  // old -> old, exists
  b2.UpsertEdge("FEEDS", c2, a2, t);  // old -> old, new
  b2.UpsertEdge("FEEDS", c2, a2, t);  // the same again
  b2.UpsertEdge("FEEDS", n, a2, t);   // new -> old
  b2.UpsertEdge("FEEDS", n, a2, t);
  b2.UpsertEdge("FEEDS", a2, n, t);   // old -> new
  b2.UpsertEdge("FEEDS", a2, n, t);
  b2.UpsertEdge("READS", a2, n, t);   // another type
  b2.UpsertEdge("FEEDS", n, n, t);    // new -> new (a self loop)
  b2.UpsertEdge("FEEDS", n, n, t);
  auto r = CommitOrDie(*store_, b2);
  EXPECT_EQ(r.counts.edges_created, 5u);
  EXPECT_EQ(store_->graph().edge_count(), 6u);
  EXPECT_TRUE(store_->graph().CheckInvariants().ok());
  Batch b3;  // a reload of batch 2 changes nothing
  auto a3 = b3.UpsertNode({"Dataset"}, "a", t), c3 = b3.UpsertNode({"Dataset"}, "c", t);
  auto n3 = b3.UpsertNode({"Dataset"}, "new", t);
  b3.UpsertEdge("FEEDS", c3, a3, t);
  b3.UpsertEdge("FEEDS", n3, a3, t);
  b3.UpsertEdge("FEEDS", a3, n3, t);
  b3.UpsertEdge("READS", a3, n3, t);
  b3.UpsertEdge("FEEDS", n3, n3, t);
  EXPECT_EQ(CommitOrDie(*store_, b3).counts.facts, 0u);
}

TEST_F(GraphModelTest, ReloadOfTheSameDataWritesNoFactsButStillAnAuditEntry) {
  auto at = T("2024-03-01T00:00:00Z");
  auto make = [&] {
    Batch b;
    auto a = b.UpsertNode({"Source"}, "crm", at);
    auto j = b.UpsertNode({"Job"}, "ingest", at);
    b.SetProperty(a, "owner", Value("growth"), at);
    b.UpsertEdge("FEEDS", a, j, at);
    return b;
  };
  auto first = CommitOrDie(*store_, make());
  EXPECT_GT(first.counts.facts, 0u);
  auto second = CommitOrDie(*store_, make());
  EXPECT_EQ(second.counts.facts, 0u);
  EXPECT_EQ(second.seq, first.seq + 1);
  auto entries = store_->AuditEntries();
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 2u);
}

TEST_F(GraphModelTest, RefNodeOfAMissingIdFailsAndWritesNothing) {
  Batch b;
  auto at = T("2024-03-01T00:00:00Z");
  auto a = b.UpsertNode({"Source"}, "crm", at);
  auto ghost = b.RefNode(999);
  b.UpsertEdge("FEEDS", a, ghost, at);
  CommitInfo info;
  auto r = store_->Commit(b, info);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(g().node_count(), 0u) << "the in-memory graph is rolled back too";
  EXPECT_EQ(store_->last_seq(), 0u);
}

TEST(ValueTest, EncodingRoundTripsEveryType) {
  std::vector<Value> values = {Value(),           Value(true),        Value(false),
                               Value(int64_t{-5}), Value(INT64_MAX),  Value(INT64_MIN),
                               Value(-0.0),       Value(1e308),       Value(""),
                               Value("héllo, \"world\""), Value(Timestamp{-1}),
                               Value(ValueList{Value(int64_t{1}), Value(ValueList{Value("x")})})};
  for (const Value& v : values) {
    std::string bytes;
    v.EncodeTo(bytes);
    std::string_view in = bytes;
    auto back = Value::DecodeFrom(in);
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE(*back == v) << v.ToJson().dump();
    EXPECT_TRUE(in.empty());
  }
  EXPECT_FALSE(Value(int64_t{1}) == Value(1.0)) << "1 and 1.0 are different values";
}

TEST(ValueTest, TruncatedEncodingIsCorruptionNotACrash) {
  std::string bytes;
  Value(ValueList{Value("abc"), Value(int64_t{300})}).EncodeTo(bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::string_view in(bytes.data(), cut);
    EXPECT_FALSE(Value::DecodeFrom(in).ok()) << cut;
  }
}

TEST(TimeTest, ParsesAndFormatsIso8601) {
  // 2024-02-29T12:30:00Z = 1709209800 s since the epoch (date -u -d ... +%s).
  EXPECT_EQ(T("2024-02-29T12:30:00Z").micros, int64_t{1709209800} * 1000000);
  EXPECT_EQ(T("2024-02-29T14:30:00+02:00").micros, int64_t{1709209800} * 1000000);
  EXPECT_EQ(T("2024-02-29T12:30:00.5Z").micros, int64_t{1709209800} * 1000000 + 500000);
  EXPECT_EQ(T("1970-01-01").micros, 0);
  EXPECT_EQ(FormatTimestamp(T("2024-02-29T12:30:00.000250Z")), "2024-02-29T12:30:00.000250Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-1000000}), "1969-12-31T23:59:59Z");
  EXPECT_FALSE(ParseTimestamp("2023-02-29").ok()) << "not a leap year";
  EXPECT_FALSE(ParseTimestamp("2024-13-01").ok());
  EXPECT_FALSE(ParseTimestamp("yesterday").ok());
  EXPECT_FALSE(ParseTimestamp("2024-01-01T25:00").ok());
}

}  // namespace
}  // namespace provgraph
