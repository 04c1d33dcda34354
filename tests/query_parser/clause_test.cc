// Clauses and the query prefix: each clause form parses into the right
// tree, checked through fields and through the canonical printer.
#include <gtest/gtest.h>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::Canon;
using testing::MustParse;

TEST(ClauseTest, MatchReturn) {
  ast::Query query = MustParse("MATCH (n:Model) RETURN n");
  ASSERT_EQ(query.clauses.size(), 2u);
  EXPECT_EQ(query.mode, ast::ExplainMode::kNone);
  EXPECT_FALSE(query.as_of.has_value());
  const auto& match = query.clauses[0]->As<ast::MatchClause>();
  EXPECT_FALSE(match.optional);
  ASSERT_EQ(match.patterns.size(), 1u);
  EXPECT_EQ(match.patterns[0].chain.nodes[0].variable, "n");
  EXPECT_EQ(match.patterns[0].chain.nodes[0].labels, std::vector<std::string>{"Model"});
  EXPECT_EQ(match.where, nullptr);
  const auto& ret = query.clauses[1]->As<ast::ReturnClause>();
  ASSERT_EQ(ret.projection.items.size(), 1u);
  EXPECT_EQ(ret.projection.items[0].expr->As<ast::VariableExpr>().name, "n");
}

TEST(ClauseTest, MatchSeveralPatternsAndWhere) {
  EXPECT_EQ(Canon("MATCH (a:Dataset), (b:Model)-->(c) WHERE a.name = 'x' AND b.v > 2 RETURN a, b, c"),
            "MATCH (a:Dataset), (b:Model)-->(c) WHERE ((a.name = 'x') AND (b.v > 2)) RETURN a, b, c");
}

TEST(ClauseTest, OptionalMatch) {
  ast::Query query = MustParse("MATCH (a) OPTIONAL MATCH (a)-[r]->(b) WHERE b.x IS NULL RETURN a, b");
  ASSERT_EQ(query.clauses.size(), 3u);
  const auto& optional = query.clauses[1]->As<ast::MatchClause>();
  EXPECT_TRUE(optional.optional);
  EXPECT_EQ(optional.pos, (SourcePos{1, 11, 10}));
  EXPECT_EQ(ast::PrintClause(optional), "OPTIONAL MATCH (a)-[r]->(b) WHERE (b.x IS NULL)");
}

TEST(ClauseTest, KeywordsInAnyCase) {
  EXPECT_EQ(Canon("match (n) where n.x = 1 with n order by n.x desc limit 3 return distinct n"),
            "MATCH (n) WHERE (n.x = 1) WITH n ORDER BY n.x DESC LIMIT 3 RETURN DISTINCT n");
}

TEST(ClauseTest, WithFullForm) {
  ast::Query query =
      MustParse("MATCH (n) WITH DISTINCT n.owner AS owner, count(*) AS c ORDER BY c DESC, owner SKIP 1 LIMIT 5 "
                "WHERE c > 1 RETURN owner, c");
  const auto& with = query.clauses[1]->As<ast::WithClause>();
  EXPECT_TRUE(with.projection.distinct);
  EXPECT_FALSE(with.projection.star);
  ASSERT_EQ(with.projection.items.size(), 2u);
  EXPECT_EQ(with.projection.items[0].alias, "owner");
  EXPECT_EQ(with.projection.items[1].alias, "c");
  ASSERT_EQ(with.projection.order_by.size(), 2u);
  EXPECT_TRUE(with.projection.order_by[0].descending);
  EXPECT_FALSE(with.projection.order_by[1].descending);
  ASSERT_NE(with.projection.skip, nullptr);
  ASSERT_NE(with.projection.limit, nullptr);
  ASSERT_NE(with.where, nullptr);
  EXPECT_EQ(ast::PrintClause(with),
            "WITH DISTINCT n.owner AS owner, count(*) AS c ORDER BY c DESC, owner SKIP 1 LIMIT 5 WHERE (c > 1)");
}

TEST(ClauseTest, WithStarAndMore) {
  EXPECT_EQ(Canon("MATCH (n) WITH *, n.x AS x RETURN *"), "MATCH (n) WITH *, n.x AS x RETURN *");
  ast::Query query = MustParse("MATCH (n) RETURN *");
  const auto& ret = query.clauses[1]->As<ast::ReturnClause>();
  EXPECT_TRUE(ret.projection.star);
  EXPECT_TRUE(ret.projection.items.empty());
}

TEST(ClauseTest, Unwind) {
  ast::Query query = MustParse("UNWIND [1, 2, 3] AS x RETURN x");
  const auto& unwind = query.clauses[0]->As<ast::UnwindClause>();
  EXPECT_EQ(unwind.alias, "x");
  EXPECT_EQ(unwind.alias_pos, (SourcePos{1, 21, 20}));
  EXPECT_EQ(ast::PrintExpr(*unwind.list), "[1, 2, 3]");
  EXPECT_EQ(Canon("UNWIND $list AS `my item` RETURN `my item`"), "UNWIND $list AS `my item` RETURN `my item`");
}

TEST(ClauseTest, CallWithYieldAliasAndWhere) {
  ast::Query query = MustParse("CALL lineage.upstream($node, 3) YIELD node, depth AS d WHERE d < 2 RETURN node, d");
  const auto& call = query.clauses[0]->As<ast::CallClause>();
  EXPECT_EQ(call.procedure, (std::vector<std::string>{"lineage", "upstream"}));
  EXPECT_EQ(call.QualifiedName(), "lineage.upstream");
  EXPECT_EQ(call.procedure_pos, (SourcePos{1, 6, 5}));
  ASSERT_EQ(call.args.size(), 2u);
  EXPECT_EQ(call.args[0]->As<ast::ParameterExpr>().name, "node");
  ASSERT_EQ(call.yields.size(), 2u);
  EXPECT_EQ(call.yields[0].name, "node");
  EXPECT_EQ(call.yields[0].alias, "");
  EXPECT_EQ(call.yields[1].name, "depth");
  EXPECT_EQ(call.yields[1].alias, "d");
  EXPECT_EQ(call.yields[1].pos, (SourcePos{1, 45, 44}));
  ASSERT_NE(call.where, nullptr);
  EXPECT_EQ(ast::PrintExpr(*call.where), "(d < 2)");
}

TEST(ClauseTest, LoneCallNeedsNoReturn) {
  EXPECT_EQ(Canon("CALL lineage.impact($n)"), "CALL lineage.impact($n)");
  EXPECT_EQ(Canon("CALL lineage.impact($n) YIELD *"), "CALL lineage.impact($n) YIELD *");
  EXPECT_EQ(Canon("call db.labels()"), "CALL db.labels()");
}

TEST(ClauseTest, CallInsideAQuery) {
  EXPECT_EQ(Canon("MATCH (m:Model {name: $m}) CALL lineage.upstream(m) YIELD node RETURN node.name"),
            "MATCH (m:Model {name: $m}) CALL lineage.upstream(m) YIELD node RETURN node.name");
}

TEST(ClauseTest, ReturnDistinctAliasesOrderSkipLimit) {
  EXPECT_EQ(Canon("MATCH (n) RETURN DISTINCT n.name AS name, n.v ORDER BY name ASC, n.v DESCENDING, n.w "
                  "ASCENDING, n.z DESC SKIP $s LIMIT 10"),
            "MATCH (n) RETURN DISTINCT n.name AS name, n.v ORDER BY name, n.v DESC, n.w, n.z DESC SKIP $s LIMIT 10");
}

TEST(ClauseTest, ReturnOnlyQuery) {
  EXPECT_EQ(Canon("RETURN 1 + 2 AS three"), "RETURN (1 + 2) AS three");
}

TEST(ClauseTest, ProjectionItemKeepsSourceText) {
  ast::Query query = MustParse("MATCH (n) RETURN n.name, count( * ) AS c, toUpper(n.x)\n  + 'y'");
  const auto& items = query.clauses[1]->As<ast::ReturnClause>().projection.items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].text, "n.name");
  EXPECT_EQ(items[1].text, "count( * )");
  EXPECT_EQ(items[2].text, "toUpper(n.x)\n  + 'y'");
  EXPECT_EQ(items[0].pos, (SourcePos{1, 18, 17}));
}

TEST(ClauseTest, ExplainAndProfile) {
  EXPECT_EQ(MustParse("EXPLAIN MATCH (n) RETURN n").mode, ast::ExplainMode::kExplain);
  EXPECT_EQ(MustParse("profile MATCH (n) RETURN n").mode, ast::ExplainMode::kProfile);
  EXPECT_EQ(Canon("explain return 1"), "EXPLAIN RETURN 1");
}

TEST(ClauseTest, AsOfTimeTravel) {
  ast::Query query = MustParse("PROFILE AS OF '2024-03-01T00:00:00Z' MATCH (n) RETURN n");
  EXPECT_EQ(query.mode, ast::ExplainMode::kProfile);
  ASSERT_TRUE(query.as_of.has_value());
  EXPECT_EQ(query.as_of->timestamp, "2024-03-01T00:00:00Z");
  EXPECT_EQ(query.as_of->pos, (SourcePos{1, 15, 14}));
  EXPECT_EQ(Canon("as of \"2024-01-01\" RETURN 1"), "AS OF '2024-01-01' RETURN 1");
}

TEST(ClauseTest, TrailingSemicolonAndComments) {
  EXPECT_EQ(Canon("MATCH (n) // all nodes\nRETURN n; /* done */"), "MATCH (n) RETURN n");
}

TEST(ClauseTest, LongPipelineOfClauses) {
  EXPECT_EQ(Canon("MATCH (d:Dataset)\n"
                  "WITH d\n"
                  "UNWIND d.columns AS col\n"
                  "OPTIONAL MATCH (d)-[:HAS_CHECK]->(c:Check {column: col})\n"
                  "WITH d, col, count(c) AS checks\n"
                  "WHERE checks = 0\n"
                  "RETURN d.name, col\n"
                  "ORDER BY d.name"),
            "MATCH (d:Dataset) WITH d UNWIND d.columns AS col OPTIONAL MATCH (d)-[:HAS_CHECK]->(c:Check {column: col}) "
            "WITH d, col, count(c) AS checks WHERE (checks = 0) RETURN d.name, col ORDER BY d.name");
}

TEST(ClauseTest, NodePositionsInMultiLineQuery) {
  ast::Query query = MustParse("MATCH (a)\n  WHERE a.x = 1\nRETURN a");
  const auto& match = query.clauses[0]->As<ast::MatchClause>();
  ASSERT_NE(match.where, nullptr);
  const auto& eq = match.where->As<ast::BinaryExpr>();
  EXPECT_EQ(eq.op, ast::BinaryOp::kEq);
  EXPECT_EQ(eq.pos.line, 2u);
  EXPECT_EQ(eq.pos.column, 13u);
  EXPECT_EQ(eq.lhs->pos.line, 2u);  // the key "x"
  EXPECT_EQ(eq.lhs->pos.column, 11u);
  EXPECT_EQ(eq.rhs->pos.column, 15u);
  EXPECT_EQ(query.clauses[1]->pos, (SourcePos{3, 1, 26}));
}

TEST(ClauseTest, ReservedWordsAsLabelsKeysAndQuotedNames) {
  // Reserved words may be labels, types and keys; printed back quoted.
  EXPECT_EQ(Canon("MATCH (n:Match)-[:RETURN]->(m {end: 1}) RETURN n.limit AS `order`"),
            "MATCH (n:`Match`)-[:`RETURN`]->(m {`end`: 1}) RETURN n.`limit` AS `order`");
}

}  // namespace
}  // namespace provgraph::query
