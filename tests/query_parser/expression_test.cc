// Expressions: precedence and associativity (checked by printing the tree
// fully parenthesised), atoms, literals, and the depth limits.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::CanonExpr;

TEST(PrecedenceTest, BooleanOperators) {
  EXPECT_EQ(CanonExpr("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(CanonExpr("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(CanonExpr("a XOR b OR c XOR d"), "((a XOR b) OR (c XOR d))");
  EXPECT_EQ(CanonExpr("a AND b XOR c"), "((a AND b) XOR c)");
  EXPECT_EQ(CanonExpr("a OR b OR c"), "((a OR b) OR c)");
}

TEST(PrecedenceTest, NotBindsBelowComparisonAboveAnd) {
  EXPECT_EQ(CanonExpr("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(CanonExpr("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(CanonExpr("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(CanonExpr("a AND NOT b OR c"), "((a AND (NOT b)) OR c)");
}

TEST(PrecedenceTest, AllLevelsAtOnce) {
  EXPECT_EQ(CanonExpr("a OR b XOR c AND NOT d = e + f * g ^ h"), "(a OR (b XOR (c AND (NOT (d = (e + (f * (g ^ h))))))))");
  EXPECT_EQ(CanonExpr("h ^ g * f + e = d AND c XOR b OR a"), "(((((((h ^ g) * f) + e) = d) AND c) XOR b) OR a)");
}

TEST(PrecedenceTest, Arithmetic) {
  EXPECT_EQ(CanonExpr("a = b + c * d"), "(a = (b + (c * d)))");
  EXPECT_EQ(CanonExpr("a + b - c"), "((a + b) - c)");
  EXPECT_EQ(CanonExpr("a - b + c"), "((a - b) + c)");
  EXPECT_EQ(CanonExpr("a * b / c % d"), "(((a * b) / c) % d)");
  EXPECT_EQ(CanonExpr("a * (b + c)"), "(a * (b + c))");
  EXPECT_EQ(CanonExpr("1 + 2 * 3 - 4 / 2"), "((1 + (2 * 3)) - (4 / 2))");
}

TEST(PrecedenceTest, PowerIsLeftAssociativeAndBelowUnary) {
  EXPECT_EQ(CanonExpr("2 ^ 3 ^ 2"), "((2 ^ 3) ^ 2)");
  EXPECT_EQ(CanonExpr("-2 ^ 2"), "((-2) ^ 2)");
  EXPECT_EQ(CanonExpr("2 ^ -1"), "(2 ^ (-1))");
  EXPECT_EQ(CanonExpr("a * b ^ c"), "(a * (b ^ c))");
}

TEST(PrecedenceTest, UnaryMinusAndPlus) {
  EXPECT_EQ(CanonExpr("-a.b"), "(-a.b)");
  EXPECT_EQ(CanonExpr("a + -b"), "(a + (-b))");
  EXPECT_EQ(CanonExpr("- - a"), "(-(-a))");
  EXPECT_EQ(CanonExpr("+a - -1"), "((+a) - (-1))");
  EXPECT_EQ(CanonExpr("-x[0]"), "(-x[0])");
}

TEST(PrecedenceTest, LeftArrowTokenInsideComparisonIsLessThanMinus) {
  EXPECT_EQ(CanonExpr("a<-1"), "(a < (-1))");
  EXPECT_EQ(CanonExpr("a<-b+c"), "(a < ((-b) + c))");
  EXPECT_EQ(CanonExpr("a <--1"), "(a < (-(-1)))");
}

TEST(PrecedenceTest, ComparisonsAndChains) {
  EXPECT_EQ(CanonExpr("a = b AND c <> d"), "((a = b) AND (c <> d))");
  EXPECT_EQ(CanonExpr("a < b"), "(a < b)");
  EXPECT_EQ(CanonExpr("a >= b"), "(a >= b)");
  ast::ExprPtr chain = std::move(ParseExpression("1 < x <= 3 > y").value());
  ASSERT_EQ(chain->kind, ast::ExprKind::kComparisonChain);
  const auto& c = chain->As<ast::ComparisonChainExpr>();
  ASSERT_EQ(c.operands.size(), 4u);
  EXPECT_EQ(c.ops, (std::vector<ast::BinaryOp>{ast::BinaryOp::kLt, ast::BinaryOp::kLe, ast::BinaryOp::kGt}));
  EXPECT_EQ(ast::PrintExpr(*chain), "(1 < x <= 3 > y)");
}

TEST(PrecedenceTest, StringAndListPredicates) {
  EXPECT_EQ(CanonExpr("a STARTS WITH 'x' AND b ENDS WITH 'y' OR c CONTAINS 'z'"),
            "(((a STARTS WITH 'x') AND (b ENDS WITH 'y')) OR (c CONTAINS 'z'))");
  EXPECT_EQ(CanonExpr("a + b IN c"), "((a + b) IN c)");
  EXPECT_EQ(CanonExpr("a IN b = true"), "((a IN b) = true)");
  EXPECT_EQ(CanonExpr("n.name =~ 'raw_.*' AND b"), "((n.name =~ 'raw_.*') AND b)");
  EXPECT_EQ(CanonExpr("a IN b IN c"), "((a IN b) IN c)");
  EXPECT_EQ(CanonExpr("a starts with b + 'x'"), "(a STARTS WITH (b + 'x'))");
}

TEST(PrecedenceTest, NullPredicates) {
  EXPECT_EQ(CanonExpr("a IS NULL OR b IS NOT NULL"), "((a IS NULL) OR (b IS NOT NULL))");
  EXPECT_EQ(CanonExpr("a + 1 IS NULL"), "((a + 1) IS NULL)");
  EXPECT_EQ(CanonExpr("NOT a IS NULL"), "(NOT (a IS NULL))");
  EXPECT_EQ(CanonExpr("a IS NULL = false"), "((a IS NULL) = false)");
}

TEST(PrecedenceTest, PostfixChains) {
  EXPECT_EQ(CanonExpr("n.a.b[0].c"), "n.a.b[0].c");
  EXPECT_EQ(CanonExpr("(a + b).c"), "(a + b).c");
  EXPECT_EQ(CanonExpr("[1, 2, 3][1..2]"), "[1, 2, 3][1..2]");
  EXPECT_EQ(CanonExpr("l[..2]"), "l[..2]");
  EXPECT_EQ(CanonExpr("l[1..]"), "l[1..]");
  EXPECT_EQ(CanonExpr("l[$i + 1]"), "l[($i + 1)]");
  EXPECT_EQ(CanonExpr("m['key']"), "m['key']");
}

TEST(PrecedenceTest, LabelPredicates) {
  EXPECT_EQ(CanonExpr("n:Model"), "n:Model");
  EXPECT_EQ(CanonExpr("n:A:B"), "n:A:B");
  EXPECT_EQ(CanonExpr("n:A OR m:B"), "(n:A OR m:B)");
  EXPECT_EQ(CanonExpr("NOT n:Deprecated"), "(NOT n:Deprecated)");
  ast::ExprPtr expr = std::move(ParseExpression("n:A:B").value());
  const auto& labels = expr->As<ast::LabelPredicateExpr>();
  EXPECT_EQ(labels.labels, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(labels.pos, (SourcePos{1, 2, 1}));
}

TEST(ExpressionTest, Literals) {
  EXPECT_EQ(CanonExpr("42"), "42");
  EXPECT_EQ(CanonExpr("0x1F"), "31");
  EXPECT_EQ(CanonExpr("1.5"), "1.5");
  EXPECT_EQ(CanonExpr("1e3"), "1000.0");
  EXPECT_EQ(CanonExpr(".5"), "0.5");
  EXPECT_EQ(CanonExpr("2.50E-1"), "0.25");
  EXPECT_EQ(CanonExpr("TRUE"), "true");
  EXPECT_EQ(CanonExpr("false"), "false");
  EXPECT_EQ(CanonExpr("Null"), "null");
  EXPECT_EQ(CanonExpr(R"("it's")"), R"('it\'s')");
  EXPECT_EQ(CanonExpr(R"('a\tb\\c')"), R"('a\tb\\c')");
}

TEST(ExpressionTest, LiteralValues) {
  auto value = [](std::string_view text) {
    ast::ExprPtr expr = std::move(ParseExpression(text).value());
    return expr->As<ast::LiteralExpr>().value;
  };
  EXPECT_EQ(std::get<int64_t>(value("9223372036854775807")), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(std::get<int64_t>(value("-9223372036854775808")), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(std::get<double>(value("1e-400")), 0.0);  // underflow reads as zero
  EXPECT_EQ(std::get<std::string>(value("'\\u00e9'")), "\xC3\xA9");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(value("null")));
  EXPECT_EQ(std::get<bool>(value("true")), true);
}

TEST(ExpressionTest, ParametersAndVariables) {
  EXPECT_EQ(CanonExpr("$p + $1"), "($p + $1)");
  EXPECT_EQ(CanonExpr("`odd name`.`key with space`"), "`odd name`.`key with space`");
  EXPECT_EQ(CanonExpr("((a))"), "a");
}

TEST(ExpressionTest, ListsAndMaps) {
  EXPECT_EQ(CanonExpr("[]"), "[]");
  EXPECT_EQ(CanonExpr("[1, 'a', [2.5, null]]"), "[1, 'a', [2.5, null]]");
  EXPECT_EQ(CanonExpr("{}"), "{}");
  EXPECT_EQ(CanonExpr("{a: 1, b: [1, 2], c: {d: null}}"), "{a: 1, b: [1, 2], c: {d: null}}");
  EXPECT_EQ(CanonExpr("{`weird key`: 1, match: 2}"), "{`weird key`: 1, `match`: 2}");
}

TEST(ExpressionTest, FunctionCalls) {
  EXPECT_EQ(CanonExpr("count(*)"), "count(*)");
  EXPECT_EQ(CanonExpr("COUNT( * )"), "COUNT(*)");
  EXPECT_EQ(CanonExpr("count(DISTINCT n.x)"), "count(DISTINCT n.x)");
  EXPECT_EQ(CanonExpr("collect(distinct n)"), "collect(DISTINCT n)");
  EXPECT_EQ(CanonExpr("coalesce(a, b, 'c')"), "coalesce(a, b, 'c')");
  EXPECT_EQ(CanonExpr("toLower(n.name) + toString(1)"), "(toLower(n.name) + toString(1))");
  EXPECT_EQ(CanonExpr("datetime()"), "datetime()");
  ast::ExprPtr expr = std::move(ParseExpression("lineage.util.f(1, x)").value());
  const auto& call = expr->As<ast::FunctionCallExpr>();
  EXPECT_EQ(call.name, (std::vector<std::string>{"lineage", "util", "f"}));
  EXPECT_EQ(call.QualifiedName(), "lineage.util.f");
  EXPECT_EQ(call.args.size(), 2u);
  EXPECT_FALSE(call.distinct);
  EXPECT_FALSE(call.star);
}

TEST(ExpressionTest, CaseForms) {
  EXPECT_EQ(CanonExpr("CASE n.kind WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 3 END"),
            "CASE n.kind WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 3 END");
  EXPECT_EQ(CanonExpr("case when x > 1 then 'big' when x < 0 then 'neg' end"),
            "CASE WHEN (x > 1) THEN 'big' WHEN (x < 0) THEN 'neg' END");
  EXPECT_EQ(CanonExpr("1 + CASE WHEN a THEN 1 ELSE 2 END * 3"), "(1 + (CASE WHEN a THEN 1 ELSE 2 END * 3))");
  ast::ExprPtr expr = std::move(ParseExpression("CASE WHEN a THEN b END").value());
  const auto& node = expr->As<ast::CaseExpr>();
  EXPECT_EQ(node.subject, nullptr);
  EXPECT_EQ(node.otherwise, nullptr);
  EXPECT_EQ(node.alternatives.size(), 1u);
}

TEST(ExpressionTest, ListComprehensions) {
  EXPECT_EQ(CanonExpr("[x IN list WHERE x > 1 | x * 2]"), "[x IN list WHERE (x > 1) | (x * 2)]");
  EXPECT_EQ(CanonExpr("[x IN range(1, 3)]"), "[x IN range(1, 3)]");
  EXPECT_EQ(CanonExpr("[x IN nodes(p) | x.name]"), "[x IN nodes(p) | x.name]");
  EXPECT_EQ(CanonExpr("[x IN l WHERE x:Model]"), "[x IN l WHERE x:Model]");
}

TEST(ExpressionTest, Quantifiers) {
  EXPECT_EQ(CanonExpr("all(x IN l WHERE x.a STARTS WITH 'b')"), "all(x IN l WHERE (x.a STARTS WITH 'b'))");
  EXPECT_EQ(CanonExpr("ANY(n IN nodes(p) WHERE n:Model)"), "any(n IN nodes(p) WHERE n:Model)");
  EXPECT_EQ(CanonExpr("none(x IN l WHERE x IS NULL) AND single(y IN m WHERE y = 1)"),
            "(none(x IN l WHERE (x IS NULL)) AND single(y IN m WHERE (y = 1)))");
  // Not in the quantifier form: an ordinary call.
  EXPECT_EQ(CanonExpr("all(1)"), "all(1)");
}

TEST(ExpressionTest, HeightIsRecorded) {
  ast::ExprPtr expr = std::move(ParseExpression("a + b * c").value());
  EXPECT_EQ(expr->height, 3);
  EXPECT_EQ(expr->As<ast::BinaryExpr>().lhs->height, 1);
}

TEST(ExpressionTest, LongFlatChainsWithinTheHeightLimit) {
  std::string sum = "1";
  for (int i = 1; i < ast::kMaxExpressionHeight; ++i) sum += " + 1";  // height exactly the limit
  Result<ast::ExprPtr> ok = ParseExpression(sum);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->height, ast::kMaxExpressionHeight);
  Result<ast::ExprPtr> too_tall = ParseExpression(sum + " + 1");
  ASSERT_FALSE(too_tall.ok());
  EXPECT_EQ(too_tall.status().message(), "expression is nested too deeply (more than 500 levels)");
  // A long list is wide, not tall.
  std::string list = "[0";
  for (int i = 1; i < 5000; ++i) list += ", " + std::to_string(i);
  EXPECT_TRUE(ParseExpression(list + "]").ok());
}

TEST(ExpressionTest, DeepNestingIsRejectedNotCrashed) {
  std::string shallow = std::string(50, '(') + "1" + std::string(50, ')');
  EXPECT_EQ(CanonExpr(shallow), "1");
  std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  Result<ast::ExprPtr> result = ParseExpression(deep);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "query is nested too deeply");
  EXPECT_EQ(result.status().where(), "query:1:501");  // the 501st (
  std::string lists = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(ParseExpression(lists).ok());
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_FALSE(ParseExpression(nots + "x").ok());
  std::string minus(100000, '-');
  EXPECT_FALSE(ParseExpression(minus + "x").ok());
}

}  // namespace
}  // namespace provgraph::query
