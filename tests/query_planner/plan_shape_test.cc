// Plan shapes: which start, steps, push-down and operators the planner
// picks for given queries (no graph needed: planning reads no data).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/binder/binder.h"
#include "query/parser/parser.h"
#include "query/planner/explain.h"
#include "query/planner/planner.h"

namespace provgraph::query {
namespace {

// Keeps the parsed and bound trees alive as long as the plan.
struct Planned {
  explicit Planned(const std::string& text) {
    auto parsed = ParseQuery(text);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    ast = std::move(parsed).value();
    std::unordered_map<std::string, QueryValue> params;
    params.emplace("k", QueryValue(std::string("x")));
    auto b = Bind(ast, params);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    bound = std::move(b).value();
    plan = BuildPlan(bound);
  }
  std::vector<OpKind> Kinds() const {
    std::vector<OpKind> out;
    for (const auto& op : plan.ops) out.push_back(op.kind);
    return out;
  }
  std::vector<std::string> Pattern(size_t op, size_t p = 0) const { return DescribePattern(plan.ops[op].patterns[p]); }
  ast::Query ast;
  BoundQuery bound;
  Plan plan;
};

using Lines = std::vector<std::string>;

TEST(PlanShape, ClosureCountBecomesCountReachable) {
  Planned q("MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(DISTINCT u)");
  EXPECT_EQ(q.Kinds(), (std::vector<OpKind>{OpKind::kCountReachable, OpKind::kProduceResults}));
  EXPECT_EQ(q.Pattern(0), (Lines{"NodeByKey(d:Dataset {key: $k}) key = $k", "Reachability(d)<-[:FEEDS*]-(u)"}));
}

TEST(PlanShape, CountStarAndPlainCountToo) {
  Planned q("MATCH (d:Dataset {key: $k})-[:FEEDS*1..3]->(u) RETURN count(*) AS n, count(u) AS m");
  EXPECT_EQ(q.plan.ops[0].kind, OpKind::kCountReachable);
}

TEST(PlanShape, ClosureRowsStreamThroughReachability) {
  Planned q("MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN DISTINCT u");
  EXPECT_EQ(q.Kinds(),
            (std::vector<OpKind>{OpKind::kMatch, OpKind::kProjection, OpKind::kDistinct, OpKind::kProduceResults}));
  EXPECT_EQ(q.Pattern(0)[1], "Reachability(d)<-[:FEEDS*]-(u)");
}

TEST(PlanShape, NoCountReachableWhenTheEndNodeIsFilteredOrGrouped) {
  // A label on u, a WHERE on u, a grouping key, another aggregate, an
  // expression around count, an OPTIONAL MATCH: all take the general path.
  for (const char* text : {
           "MATCH (d:D {key: 'a'})<-[:F*]-(u:X) RETURN count(u)",
           "MATCH (d:D {key: 'a'})<-[:F*]-(u) WHERE u.p = 1 RETURN count(u)",
           "MATCH (d:D {key: 'a'})<-[:F*]-(u) RETURN d, count(u)",
           "MATCH (d:D {key: 'a'})<-[:F*]-(u) RETURN count(u), collect(u)",
           "MATCH (d:D {key: 'a'})<-[:F*]-(u) RETURN count(u) + 0",
           "OPTIONAL MATCH (d:D {key: 'a'})<-[:F*]-(u) RETURN count(u)",
           "MATCH (d:D {key: 'a'})<-[:F*]-(u) RETURN count(d)",
       }) {
    Planned q(text);
    EXPECT_EQ(q.plan.ops[0].kind, OpKind::kMatch) << text;
  }
}

TEST(PlanShape, KeyFromWhereStartsFromTheIndexAndReversesTheChain) {
  Planned q("MATCH (u)-[:FEEDS*]->(d:Dataset) WHERE d.key = $k RETURN u");
  EXPECT_EQ(q.Pattern(0),
            (Lines{"NodeByKey(d:Dataset) key = $k", "Filter((d.key = $k))", "Reachability(d)<-[:FEEDS*]-(u)"}));
}

TEST(PlanShape, KeyWithoutLabelProbesEveryLabel) {
  Planned q("MATCH (n) WHERE 'x' = n.key RETURN n");
  EXPECT_EQ(q.Pattern(0)[0], "NodeByKeyAnyLabel(n) key = 'x'");
}

TEST(PlanShape, LabelWithoutKeyScansTheLabel) {
  Planned q("MATCH (n:Job {name: 'x'})-->(m) RETURN m");
  EXPECT_EQ(q.Pattern(0), (Lines{"NodeByLabelScan(n:Job {name: 'x'})", "Expand(n)-[]->(m)"}));
}

TEST(PlanShape, KeyOfAVariableBoundInTheSameMatchIsNoIndexStart) {
  // b.key = a.name needs a first: the pattern starts from the scan of a.
  Planned q("MATCH (a:A)-->(b:B) WHERE b.key = a.name RETURN b");
  EXPECT_EQ(q.Pattern(0)[0], "NodeByLabelScan(a:A)");
}

TEST(PlanShape, FiltersMoveToWhereTheirVariablesAreBound) {
  Planned q(
      "MATCH (a:Job)-[:FEEDS]->(b)-[:FEEDS]->(c) WHERE c.z = a.x AND a.x = 1 AND b.y = 2 AND $k = 'x' "
      "RETURN c");
  EXPECT_EQ(q.Pattern(0),
            (Lines{"NodeByLabelScan(a:Job)", "Filter((a.x = 1) AND ($k = 'x'))", "Expand(a)-[:FEEDS]->(b)",
                   "Filter((b.y = 2))", "Expand(b)-[:FEEDS]->(c)", "Filter((c.z = a.x))"}));
  EXPECT_TRUE(q.plan.ops[0].filters.empty());
}

TEST(PlanShape, FiltersAcrossPatternsWaitForTheLaterPattern) {
  Planned q("MATCH (a:A), (b:B) WHERE a.x = b.x AND a.y = 1 RETURN a, b");
  EXPECT_EQ(q.Pattern(0, 0), (Lines{"NodeByLabelScan(a:A)", "Filter((a.y = 1))"}));
  EXPECT_EQ(q.Pattern(0, 1), (Lines{"NodeByLabelScan(b:B)", "Filter((a.x = b.x))"}));
}

TEST(PlanShape, ABoundNodeIsTheStartAndAComprehensionVariableIsNoDependency) {
  Planned q("MATCH (a:A) WITH a MATCH (b)-[:F]->(a) WHERE all(x IN [1] WHERE x = 1) RETURN b");
  // The second MATCH walks from the bound a, backwards.
  EXPECT_EQ(q.Pattern(2), (Lines{"Argument(a)", "Filter(all(x IN [1] WHERE (x = 1)))", "Expand(a)<-[:F]-(b)"}));
}

TEST(PlanShape, NamedRelationshipOrPathKeepsTrailsAndOrder) {
  Planned r("MATCH (u)-[e:FEEDS*]->(d:D {key: 'k'}) RETURN e");
  EXPECT_EQ(r.Pattern(0), (Lines{"AllNodesScan(u)", "VarLengthExpand(u)-[e:FEEDS*]->(d:D {key: 'k'})"}));
  Planned p("MATCH p = (u)-[:FEEDS*..3]->(d:D {key: 'k'}) RETURN p");
  EXPECT_EQ(p.Pattern(0),
            (Lines{"AllNodesScan(u)", "VarLengthExpand(u)-[:FEEDS*..3]->(d:D {key: 'k'})", "NamedPath(p)"}));
}

TEST(PlanShape, OptionalMatchFiltersStayInside) {
  Planned q("MATCH (a:A) OPTIONAL MATCH (a)-->(b) WHERE b.x = 1 RETURN a, b");
  EXPECT_TRUE(q.plan.ops[1].optional);
  EXPECT_EQ(q.Pattern(1), (Lines{"Argument(a)", "Expand(a)-[]->(b)", "Filter((b.x = 1))"}));
}

TEST(PlanShape, ProjectionTail) {
  Planned q("UNWIND [3, 1, 2] AS x WITH DISTINCT x WHERE x > 1 RETURN x ORDER BY x DESC SKIP 0 LIMIT 5");
  EXPECT_EQ(q.Kinds(), (std::vector<OpKind>{OpKind::kUnwind, OpKind::kProjection, OpKind::kDistinct, OpKind::kFilter,
                                            OpKind::kProjection, OpKind::kSort, OpKind::kSkip, OpKind::kLimit,
                                            OpKind::kProduceResults}));
}

TEST(PlanShape, ExplainText) {
  // Written out by hand from the format in query/planner/explain.h.
  Planned q("EXPLAIN MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) WHERE u.rows > 10 RETURN u.key AS k ORDER BY k");
  EXPECT_EQ(PlanText(q.plan, q.bound.at, false),
            "plan (as of now)\n"
            "  1. Match\n"
            "       NodeByKey(d:Dataset {key: $k}) key = $k\n"
            "       Reachability(d)<-[:FEEDS*]-(u)\n"
            "       Filter((u.rows > 10))\n"
            "  2. Projection(u.key AS k)\n"
            "  3. Sort(k)\n"
            "  4. ProduceResults\n");
}

}  // namespace
}  // namespace provgraph::query
