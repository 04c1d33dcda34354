// Graph patterns: every node and relationship form, variable lengths,
// named paths, shortestPath, and pattern predicates inside expressions.
#include <gtest/gtest.h>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::Canon;
using testing::CanonExpr;
using testing::MustParse;

// The chain of the first pattern of the first (MATCH) clause.
const ast::PathPattern& FirstPattern(const ast::Query& query) {
  return query.clauses.at(0)->As<ast::MatchClause>().patterns.at(0);
}

// "MATCH <pattern> RETURN 1" printed back, without the fixed parts.
std::string CanonPattern(const std::string& pattern) {
  std::string printed = Canon("MATCH " + pattern + " RETURN 1");
  const std::string prefix = "MATCH ";
  const std::string suffix = " RETURN 1";
  if (printed.rfind(prefix, 0) != 0 || printed.size() < prefix.size() + suffix.size()) return printed;
  return printed.substr(prefix.size(), printed.size() - prefix.size() - suffix.size());
}

TEST(PatternTest, NodeForms) {
  EXPECT_EQ(CanonPattern("()"), "()");
  EXPECT_EQ(CanonPattern("(n)"), "(n)");
  EXPECT_EQ(CanonPattern("(:Model)"), "(:Model)");
  EXPECT_EQ(CanonPattern("(n:Model:Deployed)"), "(n:Model:Deployed)");
  EXPECT_EQ(CanonPattern("({name: 'x'})"), "({name: 'x'})");
  EXPECT_EQ(CanonPattern("(n {name: 'x', version: 2})"), "(n {name: 'x', version: 2})");
  EXPECT_EQ(CanonPattern("(n:Dataset {name: $name})"), "(n:Dataset {name: $name})");
  EXPECT_EQ(CanonPattern("(n $props)"), "(n $props)");
  EXPECT_EQ(CanonPattern("( n : A : B { } )"), "(n:A:B {})");
}

TEST(PatternTest, NodeFields) {
  ast::Query query = MustParse("MATCH\n  (n:A:B {k: 1}) RETURN n");
  const ast::NodePattern& node = FirstPattern(query).chain.nodes[0];
  EXPECT_EQ(node.pos, (SourcePos{2, 3, 8}));
  EXPECT_EQ(node.variable, "n");
  EXPECT_EQ(node.labels, (std::vector<std::string>{"A", "B"}));
  ASSERT_NE(node.properties, nullptr);
  const auto& map = node.properties->As<ast::MapExpr>();
  ASSERT_EQ(map.entries.size(), 1u);
  EXPECT_EQ(map.entries[0].key, "k");
  EXPECT_EQ(map.entries[0].key_pos, (SourcePos{2, 11, 16}));
}

TEST(PatternTest, ShortRelationshipForms) {
  EXPECT_EQ(CanonPattern("(a)-->(b)"), "(a)-->(b)");
  EXPECT_EQ(CanonPattern("(a)<--(b)"), "(a)<--(b)");
  EXPECT_EQ(CanonPattern("(a)--(b)"), "(a)--(b)");
  EXPECT_EQ(CanonPattern("(a)-[]->(b)"), "(a)-->(b)");
  EXPECT_EQ(CanonPattern("(a) - - > (b)"), "ERROR query:1:15: expected '(' to start a node pattern, found '>'");
}

TEST(PatternTest, Directions) {
  ast::Query query = MustParse("MATCH (a)-[r]->(b)<-[s]-(c)-[t]-(d)<-[u]->(e) RETURN a");
  const ast::PatternChain& chain = FirstPattern(query).chain;
  ASSERT_EQ(chain.nodes.size(), 5u);
  ASSERT_EQ(chain.relationships.size(), 4u);
  EXPECT_EQ(chain.relationships[0].direction, ast::RelDirection::kOutgoing);
  EXPECT_EQ(chain.relationships[1].direction, ast::RelDirection::kIncoming);
  EXPECT_EQ(chain.relationships[2].direction, ast::RelDirection::kUndirected);
  EXPECT_EQ(chain.relationships[3].direction, ast::RelDirection::kUndirected);  // <-> is either way
  EXPECT_EQ(chain.relationships[1].variable, "s");
  EXPECT_EQ(chain.relationships[1].pos, (SourcePos{1, 19, 18}));
  EXPECT_EQ(chain.nodes[4].variable, "e");
}

TEST(PatternTest, RelationshipDetail) {
  EXPECT_EQ(CanonPattern("(a)-[r:FEEDS]->(b)"), "(a)-[r:FEEDS]->(b)");
  EXPECT_EQ(CanonPattern("(a)<-[:FEEDS|PRODUCES]-(b)"), "(a)<-[:FEEDS|PRODUCES]-(b)");
  EXPECT_EQ(CanonPattern("(a)-[:A|:B]-(b)"), "(a)-[:A|B]-(b)");
  EXPECT_EQ(CanonPattern("(a)-[r {since: 2020}]->(b)"), "(a)-[r {since: 2020}]->(b)");
  EXPECT_EQ(CanonPattern("(a)-[r:T $p]->(b)"), "(a)-[r:T $p]->(b)");
  ast::Query query = MustParse("MATCH (a)-[e:T1|T2]->(b) RETURN e");
  const ast::RelationshipPattern& rel = FirstPattern(query).chain.relationships[0];
  EXPECT_EQ(rel.variable, "e");
  EXPECT_EQ(rel.types, (std::vector<std::string>{"T1", "T2"}));
  EXPECT_FALSE(rel.var_length.has_value());
  EXPECT_EQ(rel.properties, nullptr);
}

TEST(PatternTest, VariableLengthForms) {
  struct Case {
    const char* pattern;
    std::optional<int64_t> min;
    std::optional<int64_t> max;
    const char* printed;
  };
  const Case cases[] = {
      {"(a)-[*]->(b)", std::nullopt, std::nullopt, "(a)-[*]->(b)"},
      {"(a)-[*2]->(b)", 2, 2, "(a)-[*2]->(b)"},
      {"(a)-[*1..5]->(b)", 1, 5, "(a)-[*1..5]->(b)"},
      {"(a)-[*..5]->(b)", std::nullopt, 5, "(a)-[*..5]->(b)"},
      {"(a)-[*2..]->(b)", 2, std::nullopt, "(a)-[*2..]->(b)"},
      {"(a)-[*0..1]->(b)", 0, 1, "(a)-[*0..1]->(b)"},
      {"(a)-[* 3 .. 3]->(b)", 3, 3, "(a)-[*3]->(b)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pattern);
    ast::Query query = MustParse(std::string("MATCH ") + c.pattern + " RETURN a");
    const ast::RelationshipPattern& rel = FirstPattern(query).chain.relationships.at(0);
    ASSERT_TRUE(rel.var_length.has_value());
    EXPECT_EQ(rel.var_length->min_hops, c.min);
    EXPECT_EQ(rel.var_length->max_hops, c.max);
    EXPECT_EQ(CanonPattern(c.pattern), c.printed);
  }
}

TEST(PatternTest, VariableLengthWithEverything) {
  EXPECT_EQ(CanonPattern("(a)<-[e:FEEDS|READS*1..3 {active: true}]-(b)"),
            "(a)<-[e:FEEDS|READS*1..3 {active: true}]-(b)");
}

TEST(PatternTest, NamedPath) {
  ast::Query query = MustParse("MATCH p = (a:Dataset)-[:FEEDS*]->(m:Model) RETURN p");
  const ast::PathPattern& path = FirstPattern(query);
  EXPECT_EQ(path.path_variable, "p");
  EXPECT_EQ(path.kind, ast::PathKind::kPlain);
  EXPECT_EQ(path.pos, (SourcePos{1, 7, 6}));
  EXPECT_EQ(ast::PrintPathPattern(path), "p = (a:Dataset)-[:FEEDS*]->(m:Model)");
}

TEST(PatternTest, ShortestPathForms) {
  ast::Query query = MustParse("MATCH p = shortestPath((a)-[*]->(b)) RETURN p");
  EXPECT_EQ(FirstPattern(query).kind, ast::PathKind::kShortest);
  EXPECT_EQ(FirstPattern(query).path_variable, "p");
  EXPECT_EQ(CanonPattern("allShortestPaths((a)-[:T*..10]-(b))"), "allShortestPaths((a)-[:T*..10]-(b))");
  EXPECT_EQ(CanonPattern("q = ALLSHORTESTPATHS((a)-[*]->(b))"), "q = allShortestPaths((a)-[*]->(b))");
  // Without a '(' after it, shortestPath is just a path variable... and '=' follows.
  EXPECT_EQ(CanonPattern("shortestPath = (a)-->(b)"), "shortestPath = (a)-->(b)");
}

TEST(PatternTest, CommaSeparatedPatternsAndLongChain) {
  EXPECT_EQ(CanonPattern("(a)-->(b), p = (c)<-[:X]-(d)-->(e)-->(f)"),
            "(a)-->(b), p = (c)<-[:X]-(d)-->(e)-->(f)");
}

TEST(PatternTest, PatternPredicateInWhere) {
  ast::Query query = MustParse("MATCH (d:Dataset) WHERE NOT (d)-[:FEEDS]->() RETURN d");
  const auto& where = query.clauses[0]->As<ast::MatchClause>().where;
  ASSERT_NE(where, nullptr);
  const auto& negation = where->As<ast::UnaryExpr>();
  EXPECT_EQ(negation.op, ast::UnaryOp::kNot);
  const auto& predicate = negation.operand->As<ast::PatternPredicateExpr>();
  EXPECT_EQ(predicate.pos, (SourcePos{1, 29, 28}));
  ASSERT_EQ(predicate.chain.relationships.size(), 1u);
  EXPECT_EQ(predicate.chain.relationships[0].types, std::vector<std::string>{"FEEDS"});
  EXPECT_EQ(ast::PrintExpr(*where), "(NOT (d)-[:FEEDS]->())");
}

TEST(PatternTest, PatternPredicateForms) {
  EXPECT_EQ(CanonExpr("(a)<--(b)"), "(a)<--(b)");
  EXPECT_EQ(CanonExpr("(a)--()"), "(a)--()");
  EXPECT_EQ(CanonExpr("(a:L {x: 1})-->(:M) AND x"), "((a:L {x: 1})-->(:M) AND x)");
  EXPECT_EQ(CanonExpr("(a $p)<-[:T*2]-(b) OR (c)-[r]-(d)"), "((a $p)<-[:T*2]-(b) OR (c)-[r]-(d))");
  EXPECT_EQ(CanonExpr("exists((a)-->())"), "exists((a)-->())");
}

TEST(PatternTest, ParenthesisedExpressionIsNotAPattern) {
  EXPECT_EQ(CanonExpr("(a) AND b"), "(a AND b)");
  EXPECT_EQ(CanonExpr("(n:Model) OR (n)"), "(n:Model OR n)");
  EXPECT_EQ(CanonExpr("(a) - 1"), "(a - 1)");
  EXPECT_EQ(CanonExpr("(a + b) - [1]"), "((a + b) - [1])");
  EXPECT_EQ(CanonExpr("(a)<-1"), "(a < (-1))");
}

TEST(PatternTest, MapPropertyValuesAreExpressions) {
  EXPECT_EQ(CanonPattern("(n {a: 1 + 2, b: [x IN $l | x.y], c: {d: null}})"),
            "(n {a: (1 + 2), b: [x IN $l | x.y], c: {d: null}})");
}

}  // namespace
}  // namespace provgraph::query
