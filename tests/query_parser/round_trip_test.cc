// Printing a parsed query and parsing the print gives the same tree: the
// printer's output is a fixed point of parse-then-print.
#include <gtest/gtest.h>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::Canon;

class RoundTripTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTripTest, PrintIsAFixedPoint) {
  std::string first = Canon(GetParam());
  ASSERT_EQ(first.rfind("ERROR", 0), std::string::npos) << first;
  EXPECT_EQ(Canon(first), first);
}

INSTANTIATE_TEST_SUITE_P(
    Queries, RoundTripTest,
    ::testing::Values(
        "MATCH (a:Dataset {name: 'raw.events'})-[:FEEDS*1..5]->(m:Model) WHERE NOT (m)-[:DEPRECATED]->() "
        "RETURN m.name AS name, count(*) AS n ORDER BY n DESC, name SKIP 1 LIMIT 10",
        "EXPLAIN AS OF '2024-05-01' MATCH p = shortestPath((a)-[*]->(b)) RETURN p, length(p)",
        "PROFILE MATCH p = allShortestPaths((a {k: $k})<-[:X|Y*..4]-(b)) RETURN nodes(p)",
        "CALL lineage.upstream($node, 3) YIELD node, depth AS d WHERE d < 2 RETURN node, d",
        "UNWIND [1, -2, 3.5e10, 'x\\ny', null, true] AS v WITH DISTINCT v WHERE v IS NOT NULL RETURN v",
        "RETURN -9223372036854775808 AS min, - -9223372036854775808, 2 ^ -1, -(-1)",
        "RETURN 1e-7, 1e300, 0.1, 123456789.125, .5, 0x7fffffffffffffff",
        "RETURN 'tab\\there', \"dq's\", '\\u0001\\u007f', 'caf\\u00e9 \\uD83D\\uDE00'",
        "MATCH (`weird var`:`Label With Space` {`key``quote`: 1}) RETURN `weird var`.`prop`",
        "MATCH (n:Match)-[r:`RETURN`]->(m) RETURN n.`end`, {`case`: 1, `in`: [x IN [1, 2] WHERE x > 1 | x]}",
        "MATCH (n) WHERE n:A:B AND (n)<--(:C) OR (n)-[:T {w: 1}]-() RETURN n",
        "MATCH (n) WHERE 1 < n.x <= 3 AND n.s =~ 'a.*' AND n.t STARTS WITH 'x' RETURN n",
        "MATCH (n) RETURN CASE n.k WHEN 1 THEN 'one' ELSE 'many' END, CASE WHEN n.x THEN 1 END",
        "MATCH (n) RETURN all(x IN n.l WHERE x > 0), any(x IN n.l WHERE x IS NULL), none(x IN [] WHERE true)",
        "MATCH (n) RETURN n.l[0], n.l[1..2], n.l[..-1], n.l[2..], (n.a + n.b).c",
        "MATCH (n) RETURN count(DISTINCT n.owner), collect(n)[0..3], ns.fn(1), `weird fn`(2)",
        "MATCH (n) WITH *, n.x AS x ORDER BY x SKIP $s LIMIT $l RETURN *",
        "MATCH (a)<-->(b)--(c)<--(d)-->(e) RETURN a",
        "RETURN a <-1, a<--1, -x[0], +y, NOT NOT z",
        "RETURN (a)<-[:T]-(b), exists((a)-->()), [(x)]",
        "OPTIONAL MATCH (n $props) RETURN n",
        "CALL db.labels() YIELD *"));

}  // namespace
}  // namespace provgraph::query
