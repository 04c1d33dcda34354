// The planned fast paths give the same rows as the general ones: the
// closure count (CountReachable), the streamed reachability, reversed
// chains and pushed-down filters, on a small graph with a cycle and
// several start nodes. Expected values derived by hand from the picture.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/query_engine.h"
#include "tests/query_planner/small_graph_test.h"
#include "tests/test_util.h"

namespace provgraph::query {
namespace {

// FEEDS: a -> b -> c -> a (a cycle), c -> d, e -> d; OTHER: d -> y;
// x stands alone. Labels: a..e are N, x and y are M.
class PlanExecution : public SmallGraphTest {
 protected:
  QueryResult Ask(const std::string& text) {
    auto r = RunQuery(text, store_->graph());
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? std::move(r).value() : QueryResult{};
  }
  // Every row's cells joined by " | ".
  std::vector<std::string> Rows(const std::string& text) {
    QueryResult r = Ask(text);
    std::vector<std::string> out;
    for (const auto& row : r.rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i ? " | " : "") + ToCellText(row[i], store_->graph(), r.at);
      out.push_back(line);
    }
    return out;
  }
  std::string Plan(const std::string& text) { return Ask("EXPLAIN " + text).plan; }
};

using Lines = std::vector<std::string>;

TEST_F(PlanExecution, CountReachableFromOneStart) {
  // Upstream of d over FEEDS: c, e, b, a (a via the cycle) = 4.
  const std::string q = "MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN count(DISTINCT u), count(u), count(*)";
  ASSERT_NE(Plan(q).find("CountReachable"), std::string::npos);
  EXPECT_EQ(Rows(q), (Lines{"4 | 4 | 4"}));
  // The general path (an expression around count) agrees.
  EXPECT_EQ(Rows("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN count(DISTINCT u) + 0, count(u) + 0, count(*) + 0"),
            (Lines{"4 | 4 | 4"}));
}

TEST_F(PlanExecution, CountReachableFromSeveralStartsAndOnTheCycle) {
  // Downstream of a: b, c, a (back round the cycle), d = 4; of e: d = 1.
  // count(u) = 5 rows, DISTINCT {a, b, c, d} = 4.
  const std::string q =
      "MATCH (n:N) WHERE n.key IN ['a', 'e'] MATCH (n)-[:FEEDS*]->(u) RETURN count(u), count(DISTINCT u)";
  ASSERT_NE(Plan(q).find("CountReachable"), std::string::npos);
  EXPECT_EQ(Rows(q), (Lines{"5 | 4"}));
  EXPECT_EQ(Rows("MATCH (n:N) WHERE n.key IN ['a', 'e'] MATCH (n)-[:FEEDS*]->(u) "
                 "RETURN count(u) + 0, count(DISTINCT u) + 0"),
            (Lines{"5 | 4"}));
  // The same from a single MATCH with the start filter pushed down.
  EXPECT_EQ(Rows("MATCH (n:N)-[:FEEDS*]->(u) WHERE n.key IN ['a', 'e'] RETURN count(u), count(DISTINCT u)"),
            (Lines{"5 | 4"}));
  // Every N as a start: a, b and c each reach {a, b, c, d} (4), d none,
  // e one: 13 rows, 4 distinct.
  EXPECT_EQ(Rows("MATCH (n:N)-[:FEEDS*]->(u) RETURN count(u), count(DISTINCT u)"), (Lines{"13 | 4"}));
}

TEST_F(PlanExecution, CountReachableWithoutAnyStartOrType) {
  EXPECT_EQ(Rows("MATCH (n:N {key: 'nope'})<-[:FEEDS*]-(u) RETURN count(u)"), (Lines{"0"}));
  EXPECT_EQ(Rows("MATCH (n:N {key: 'd'})<-[:NOPE*]-(u) RETURN count(DISTINCT u)"), (Lines{"0"}));
  // Bounded: within 1..2 hops upstream of d: c, e (1), b (2) = 3.
  EXPECT_EQ(Rows("MATCH (n:N {key: 'd'})<-[:FEEDS*1..2]-(u) RETURN count(u)"), (Lines{"3"}));
}

TEST_F(PlanExecution, StreamedReachabilityRows) {
  EXPECT_EQ(Rows("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) RETURN u.key ORDER BY u.key"), (Lines{"a", "b", "c", "e"}));
  EXPECT_EQ(Rows("MATCH (n:N) WHERE n.key IN ['a', 'e'] MATCH (n)-[:FEEDS*]->(u) RETURN DISTINCT u.key AS k "
                 "ORDER BY k"),
            (Lines{"a", "b", "c", "d"}));
  EXPECT_EQ(Rows("MATCH (n:N) WHERE n.key IN ['a', 'e'] MATCH (n)-[:FEEDS*]->(u) RETURN n.key, u.key "
                 "ORDER BY n.key, u.key"),
            (Lines{"a | a", "a | b", "a | c", "a | d", "e | d"}));
  // Filters on the reached node, pushed into the walk's step.
  EXPECT_EQ(Rows("MATCH (n:N {key: 'd'})<-[:FEEDS*]-(u) WHERE u.w > 2 RETURN u.key ORDER BY u.key"), (Lines{"c", "e"}));
}

TEST_F(PlanExecution, ReversedChainGivesTheSameRows) {
  const std::string q = "MATCH (u)-[:FEEDS*]->(n:N) WHERE n.key = 'd' RETURN u.key ORDER BY u.key";
  ASSERT_NE(Plan(q).find("NodeByKey(n:N) key = 'd'"), std::string::npos);
  EXPECT_EQ(Rows(q), (Lines{"a", "b", "c", "e"}));
  // Fixed-length chain, reversed: who feeds something that feeds d?
  // c <- b, d <- c <- b; d <- e has no parent: only b (through c).
  EXPECT_EQ(Rows("MATCH (u)-[:FEEDS]->(m)-[r:FEEDS]->(n:N {key: 'd'}) RETURN u.key, m.key, type(r)"),
            (Lines{"b | c | FEEDS"}));
  // A key without a label.
  EXPECT_EQ(Rows("MATCH (n) WHERE n.key = 'y' RETURN labels(n)"), (Lines{"[\"M\"]"}));
}

TEST_F(PlanExecution, OptionalMatchWithPushedFilter) {
  // d's downstream over any type: y (OTHER), w = 7; e's: d (w = 4).
  EXPECT_EQ(Rows("MATCH (n:N) WHERE n.key IN ['d', 'e', 'x'] OPTIONAL MATCH (n)-->(m) WHERE m.w > 5 "
                 "RETURN n.key, m.key ORDER BY n.key"),
            (Lines{"d | y", "e | null"}));
}

TEST_F(PlanExecution, ProfileCountsRowsPerOperator) {
  QueryResult r = Ask("PROFILE MATCH (n:N {key: 'c'})-[:FEEDS]->(m) RETURN m.key ORDER BY m.key");
  EXPECT_EQ(r.rows.size(), 2u);  // c -> a, c -> d
  EXPECT_NE(r.plan.find("  1. Match  rows=2 time="), std::string::npos) << r.plan;
  EXPECT_NE(r.plan.find("NodeByKey(n:N {key: 'c'}) key = 'c'  rows=1\n"), std::string::npos) << r.plan;
  EXPECT_NE(r.plan.find("Expand(n)-[:FEEDS]->(m)  rows=2\n"), std::string::npos) << r.plan;
  EXPECT_NE(r.plan.find("  4. ProduceResults  rows=2 time="), std::string::npos) << r.plan;
}

}  // namespace
}  // namespace provgraph::query
