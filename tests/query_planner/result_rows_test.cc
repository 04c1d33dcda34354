// ResultRows: rows stored flat, read as views; and RunQuery's collected
// rows in it (the values by hand from the query text).
#include "query/executor/result_rows.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "engine/graph.h"
#include "query/query_engine.h"

namespace provgraph::query {
namespace {

TEST(ResultRowsTest, AppendAndReadRowsOfTwo) {
  ResultRows rows(2);
  EXPECT_TRUE(rows.empty());
  rows.Append({QueryValue(int64_t{1}), QueryValue(std::string("a"))});
  std::vector<QueryValue> second = {QueryValue(int64_t{2}), QueryValue(std::string("b"))};
  rows.AppendMoving(second);
  const std::vector<QueryValue> third = {QueryValue(), QueryValue(true)};
  rows.Append(std::span<const QueryValue>(third));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows.width(), 2u);
  EXPECT_EQ(rows[1][0].as_int(), 2);
  EXPECT_EQ(rows[1][1].as_string(), "b");
  EXPECT_TRUE(rows[2][0].is_null());
  std::vector<std::string> seen;
  for (ResultRows::RowView row : rows) {
    ASSERT_EQ(row.size(), 2u);
    seen.push_back(row[1].is_null() || row[1].type() != QueryValue::Type::kString ? "-" : row[1].as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "-"}));
}

TEST(ResultRowsTest, RowsOfNoColumnsAreCounted) {
  ResultRows rows(0);
  rows.Append(std::span<const QueryValue>());
  rows.Append(std::span<const QueryValue>());
  EXPECT_EQ(rows.size(), 2u);
  size_t n = 0;
  for (ResultRows::RowView row : rows) n += 1 + row.size();
  EXPECT_EQ(n, 2u);
}

TEST(ResultRowsTest, ReserveGrowsGeometrically) {
  ResultRows rows(1);
  for (int i = 0; i < 1000; ++i) {
    rows.reserve(rows.size() + 1);
    rows.AppendOne(QueryValue(int64_t{i}));
  }
  EXPECT_EQ(rows.size(), 1000u);
  EXPECT_EQ(rows[999][0].as_int(), 999);
}

TEST(ResultRowsTest, NodeColumnKeptAsIdsUntilAnotherValueComes) {
  ResultRows rows(1);
  rows.reserve(3);
  rows.AppendNode(7);
  rows.AppendNode(3);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as_node().id, 7u);
  EXPECT_EQ(rows[1].values().size(), 1u);
  EXPECT_EQ(rows[1].values()[0].as_node().id, 3u);
  // A row of another kind: the ids become values, in order.
  rows.AppendOne(QueryValue(std::string("x")));
  rows.AppendNode(9);
  ASSERT_EQ(rows.size(), 4u);
  std::vector<std::string> seen;
  for (const auto& row : rows) {
    for (const QueryValue& v : row) {
      seen.push_back(v.type() == QueryValue::Type::kNode ? std::to_string(v.as_node().id) : v.as_string());
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"7", "3", "x", "9"}));
  // Two columns: never a node column.
  ResultRows two(2);
  two.Append({QueryValue(NodeRef{1}), QueryValue()});
  EXPECT_EQ(two[0][0].as_node().id, 1u);
  EXPECT_TRUE(two[0][1].is_null());
}

TEST(ResultRowsTest, RunQueryCollectsFlatRows) {
  Graph g;
  // UNWIND [3, 1] AS x RETURN x, x * 2: rows (3, 6), (1, 2).
  auto r = RunQuery("UNWIND [3, 1] AS x RETURN x, x * 2 AS y", g);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows.width(), 2u);
  EXPECT_EQ(r->rows[0][0].as_int(), 3);
  EXPECT_EQ(r->rows[0][1].as_int(), 6);
  EXPECT_EQ(r->rows[1][1].as_int(), 2);
  // EXPLAIN: no rows, the width still that of the columns.
  auto e = RunQuery("EXPLAIN UNWIND [3, 1] AS x RETURN x, x * 2 AS y", g);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->rows.empty());
  EXPECT_EQ(e->rows.width(), 2u);
}

}  // namespace
}  // namespace provgraph::query
