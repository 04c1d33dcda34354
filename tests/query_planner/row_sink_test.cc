// Rows streamed to a RowSink, and the runs of node ids a last
// reachability step hands to the result: the same rows, in the same order,
// as the row-by-row path, on the small graph of plan_execution_test:
// FEEDS a -> b -> c -> a (a cycle), c -> d, e -> d; OTHER d -> y.
// Expected rows derived by hand from that picture.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "query/query_engine.h"
#include "tests/query_planner/small_graph_test.h"
#include "tests/test_util.h"

namespace provgraph::query {
namespace {

// Records every row as its cells' text, and how the rows came.
class RecordingSink : public RowSink {
 public:
  explicit RecordingSink(const Graph& g) : g_(g) {}
  void OnRow(std::span<const QueryValue> values) override {
    ++row_calls;
    std::string line;
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) line += " | ";
      line += Text(values[i]);
    }
    rows.push_back(line);
  }
  void OnNodes(std::span<const NodeId> ids) override {
    ++node_calls;
    for (NodeId id : ids) rows.push_back(Text(QueryValue(NodeRef{id})));
  }
  std::string Text(const QueryValue& v) const {
    if (v.type() == QueryValue::Type::kNode) return "node " + std::string(g_.Key(v.as_node().id));
    return ToCellText(v, g_, kLatest);
  }
  const Graph& g_;
  std::vector<std::string> rows;
  size_t row_calls = 0, node_calls = 0;
};

// Only OnRow: the default OnNodes hands it each id as a node row.
class RowOnlySink : public RowSink {
 public:
  void OnRow(std::span<const QueryValue> values) override {
    ASSERT_EQ(values.size(), 1u);
    ASSERT_EQ(values[0].type(), QueryValue::Type::kNode);
    ids.push_back(values[0].as_node().id);
  }
  std::vector<NodeId> ids;
};

using SinkLines = std::vector<std::string>;

class RowSinkTest : public SmallGraphTest {
 protected:
  const Graph& g() { return store_->graph(); }

  // The rows of RunQuery's result, as RecordingSink writes them.
  SinkLines Collected(const std::string& text) {
    auto r = RunQuery(text, g());
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    RecordingSink fmt(g());
    if (r.ok()) {
      for (const auto& row : r->rows) fmt.OnRow(row.values());
    }
    return fmt.rows;
  }
  // The rows streamed to a sink (checked to equal the collected ones).
  RecordingSink Streamed(const std::string& text) {
    RecordingSink sink(g());
    auto r = RunQuery(text, g(), {}, sink);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    if (r.ok()) {
      EXPECT_TRUE(r->rows.empty());
    }
    EXPECT_EQ(sink.rows, Collected(text)) << text;
    return sink;
  }
};

// Upstream of d over FEEDS in BFS order: c and e (d's incoming edges in
// load order: c -> d is the 4th edge, e -> d the 5th), then b (into c),
// then a (into b); c -> a leads back to c, already reached.
TEST_F(RowSinkTest, NodeColumnComesAsOneRunOfIds) {
  const SinkLines upstream{"node c", "node e", "node b", "node a"};
  RecordingSink s = Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u");
  EXPECT_EQ(s.rows, upstream);
  EXPECT_EQ(s.node_calls, 1u);
  EXPECT_EQ(s.row_calls, 0u);
  // Through variable-only projections, renamed, with `*`: still one run.
  for (const char* q : {"MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) WITH u RETURN u AS z",
                        "MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) WITH u AS v, n RETURN v",
                        "MATCH (n:N {key: 'd'}) WITH n MATCH (n)<-[:FEEDS*]-(u) WITH u RETURN *"}) {
    RecordingSink t = Streamed(q);
    EXPECT_EQ(t.rows, upstream) << q;
    EXPECT_EQ(t.node_calls, 1u) << q;
  }
}

TEST_F(RowSinkTest, OtherShapesComeRowByRow) {
  // Two columns, an expression, a blocking or limiting operator, a
  // property on the reached node, a bound end, an anonymous end.
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN n.key, u.key").rows,
            (SinkLines{"d | c", "d | e", "d | b", "d | a"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u.w * 10").rows,
            (SinkLines{"30", "50", "20", "10"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u ORDER BY u.key").rows,
            (SinkLines{"node a", "node b", "node c", "node e"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u LIMIT 2").rows, (SinkLines{"node c", "node e"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN DISTINCT u").rows,
            (SinkLines{"node c", "node e", "node b", "node a"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u:N {w: 5}) RETURN u").rows, (SinkLines{"node e"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) WHERE u.w < 3 RETURN u").rows,
            (SinkLines{"node b", "node a"}));
  EXPECT_EQ(Streamed("MATCH (u:N {key: 'b'}) MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u").rows,
            (SinkLines{"node b"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'd'})<-[:FEEDS*]-() RETURN n.key").rows, (SinkLines{"d", "d", "d", "d"}));
  // Per input row: e reaches d only; a reaches b, c, a (round the cycle)
  // and d (BFS: b; c; a and d in c's outgoing edge order c -> a, c -> d).
  EXPECT_EQ(Streamed("UNWIND ['e', 'a'] AS k MATCH (n:N {key: k})-[:FEEDS*]->(u) RETURN u").rows,
            (SinkLines{"node d", "node b", "node c", "node a", "node d"}));
}

TEST_F(RowSinkTest, OptionalMatchWithoutMatchesGivesNull) {
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'e'}) OPTIONAL MATCH (n)<-[:FEEDS*]-(u) RETURN u").rows, (SinkLines{"null"}));
  EXPECT_EQ(Streamed("MATCH (n:N {key: 'e'}) OPTIONAL MATCH (n)-[:FEEDS*]->(u) RETURN u").rows, (SinkLines{"node d"}));
}

TEST_F(RowSinkTest, DefaultOnNodesCallsOnRow) {
  RowOnlySink sink;
  auto r = RunQuery("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u", g(), {}, sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->columns, (std::vector<std::string>{"u"}));
  std::vector<NodeId> want;
  for (const char* k : {"c", "e", "b", "a"}) want.push_back(*g().FindNode("N", k));
  EXPECT_EQ(sink.ids, want);
}

TEST_F(RowSinkTest, ErrorsAndExplainStreamNothing) {
  RecordingSink sink(g());
  auto bad = RunQuery("MATCH (n) RETURN m", g(), {}, sink);
  EXPECT_FALSE(bad.ok());
  auto plan = RunQuery("EXPLAIN MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u", g(), {}, sink);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->plan.empty());
  EXPECT_TRUE(sink.rows.empty());
  // PROFILE streams its rows one by one, counted per operator.
  auto profiled = RunQuery("PROFILE MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u", g(), {}, sink);
  ASSERT_TRUE(profiled.ok());
  EXPECT_EQ(sink.rows, (SinkLines{"node c", "node e", "node b", "node a"}));
  EXPECT_EQ(sink.row_calls, 4u);
}

}  // namespace
}  // namespace provgraph::query
