// Syntax errors: exact message and query:LINE:COLUMN, and the rendered
// DESIGN.md form with the query line and a caret under the fault.
#include <gtest/gtest.h>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

using testing::QueryStatus;

// "where: message" of parsing `text` as a query.
std::string Error(std::string_view text) {
  Status status = QueryStatus(text);
  if (status.ok()) return "no error";
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  return status.ToString();
}

std::string Rendered(std::string_view text) { return RenderQueryError(text, QueryStatus(text)); }

constexpr const char* kClauses = "a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN)";

TEST(SyntaxErrorTest, MissingCloseParenInNodePattern) {
  EXPECT_EQ(Error("MATCH (n RETURN n"), "query:1:10: expected ')' to close the node pattern, found 'RETURN'");
}

TEST(SyntaxErrorTest, MissingCloseParenInExpression) {
  EXPECT_EQ(Error("RETURN (1 + 2"), "query:1:14: expected ')', found end of input");
  EXPECT_EQ(Error("RETURN f(1, 2"), "query:1:14: expected ',' or ')' after the argument, found end of input");
  EXPECT_EQ(Error("MATCH p = shortestPath((a)-->(b) RETURN p"), "query:1:34: expected ')', found 'RETURN'");
}

TEST(SyntaxErrorTest, UnknownClauseKeyword) {
  EXPECT_EQ(Error("MATCH (n) RETRUN n"), std::string("query:1:11: expected ") + kClauses + ", found 'RETRUN'");
  EXPECT_EQ(Error("CREATE (n)"), std::string("query:1:1: expected ") + kClauses + ", found 'CREATE'");
}

TEST(SyntaxErrorTest, EmptyQuery) {
  EXPECT_EQ(Error(""), std::string("query:1:1: expected ") + kClauses + ", found end of input");
  EXPECT_EQ(Error("  // only a comment\n"), std::string("query:1:1: expected ") + kClauses + ", found end of input");
}

TEST(SyntaxErrorTest, QueryMustEndWithReturn) {
  EXPECT_EQ(Error("MATCH (n)"), "query:1:10: query must end with RETURN (only a lone CALL may stand without one)");
  EXPECT_EQ(Error("MATCH (n) CALL x.y(n)"),
            "query:1:22: query must end with RETURN (only a lone CALL may stand without one)");
  EXPECT_EQ(Error("RETURN 1 MATCH (n) RETURN n"), "query:1:10: RETURN must be the last clause, found 'MATCH'");
  EXPECT_EQ(Error("RETURN 1)"), "query:1:9: expected end of input, found ')'");
}

TEST(SyntaxErrorTest, MultiLineQueryPointsAtTheRightLine) {
  EXPECT_EQ(Error("MATCH (n:Model)\nWHERE n.score >\nRETURN n"), "query:3:1: expected an expression, found 'RETURN'");
  EXPECT_EQ(Error("MATCH (n)\n\n   WHERE n.x = 'abc\nRETURN n"), "query:3:16: unterminated string literal");
}

TEST(SyntaxErrorTest, BrokenRelationshipPatterns) {
  EXPECT_EQ(Error("MATCH (a)-[r:T->(b) RETURN a"),
            "query:1:15: expected ']' to close the relationship pattern, found '->'");
  EXPECT_EQ(Error("MATCH (a)-[r]>(b) RETURN a"),
            "query:1:14: expected '-' or '->' to finish the relationship pattern, found '>'");
  EXPECT_EQ(Error("MATCH (a)-[:]->(b) RETURN a"), "query:1:13: expected a relationship type, found ']'");
  EXPECT_EQ(Error("MATCH (a)-->b RETURN a"), "query:1:13: expected '(' to start a node pattern, found 'b'");
  EXPECT_EQ(Error("MATCH (a)-[*5..2]->(b) RETURN a"),
            "query:1:13: variable-length lower bound 5 is greater than upper bound 2");
}

TEST(SyntaxErrorTest, ReservedWordsAsNames) {
  EXPECT_EQ(Error("RETURN 1 AS end"),
            "query:1:13: expected a name after AS, found reserved word 'end' (quote it with backticks to use it as "
            "a name)");
  EXPECT_EQ(Error("MATCH (return) RETURN 1"),
            "query:1:8: expected a node variable, found reserved word 'return' (quote it with backticks to use it "
            "as a name)");
  EXPECT_EQ(Error("UNWIND [1] AS 3 RETURN 1"), "query:1:15: expected a variable name after AS, found '3'");
}

TEST(SyntaxErrorTest, ClauseKeywordSequences) {
  EXPECT_EQ(Error("OPTIONAL (n) RETURN n"), "query:1:10: expected MATCH after OPTIONAL, found '('");
  EXPECT_EQ(Error("MATCH (n) RETURN n ORDER n"), "query:1:26: expected BY, found 'n'");
  EXPECT_EQ(Error("UNWIND [1] x RETURN x"), "query:1:12: expected AS, found 'x'");
  EXPECT_EQ(Error("RETURN 1; RETURN 2"), "query:1:11: expected end of input after ';', found 'RETURN'");
}

TEST(SyntaxErrorTest, AsOfNeedsOfAndAString) {
  EXPECT_EQ(Error("AS OF 2024 MATCH (n) RETURN n"),
            "query:1:7: expected a timestamp string after AS OF, found '2024'");
  EXPECT_EQ(Error("AS 'x' RETURN 1"), "query:1:4: expected OF after AS, found 'x'");
  EXPECT_EQ(Error("EXPLAIN PROFILE RETURN 1"), std::string("query:1:9: expected ") + kClauses + ", found 'PROFILE'");
}

TEST(SyntaxErrorTest, CallClauseErrors) {
  EXPECT_EQ(Error("CALL lineage.upstream"), "query:1:22: expected '(' after the procedure name, found end of input");
  EXPECT_EQ(Error("CALL x.y() WHERE a RETURN a"), "query:1:12: WHERE after CALL needs a YIELD first");
  EXPECT_EQ(Error("CALL x.y() YIELD RETURN 1"),
            "query:1:18: expected a result name after YIELD, found reserved word 'RETURN' (quote it with backticks "
            "to use it as a name)");
}

TEST(SyntaxErrorTest, ExpressionErrors) {
  EXPECT_EQ(Error("RETURN"), "query:1:7: expected an expression, found end of input");
  EXPECT_EQ(Error("RETURN 1 +"), "query:1:11: expected an expression, found end of input");
  EXPECT_EQ(Error("RETURN [1, 2"), "query:1:13: expected ',' or ']' in the list, found end of input");
  EXPECT_EQ(Error("RETURN {a 1}"), "query:1:11: expected ':' after the map key, found '1'");
  EXPECT_EQ(Error("RETURN sum(*)"), "query:1:12: '*' is only allowed in count(*)");
  EXPECT_EQ(Error("RETURN count(DISTINCT *)"), "query:1:23: '*' is only allowed in count(*)");
  EXPECT_EQ(Error("RETURN CASE END"), "query:1:13: expected WHEN, found 'END'");
  EXPECT_EQ(Error("RETURN CASE WHEN a THEN 1"), "query:1:26: expected WHEN, ELSE or END, found end of input");
  EXPECT_EQ(Error("RETURN a IS 1"), "query:1:13: expected NULL, found '1'");
  EXPECT_EQ(Error("RETURN a STARTS b"), "query:1:17: expected WITH, found 'b'");
  EXPECT_EQ(Error("RETURN n."), "query:1:10: expected a property name after '.', found end of input");
  EXPECT_EQ(Error("RETURN l[1"), "query:1:11: expected ']' to close the subscript, found end of input");
  EXPECT_EQ(Error("RETURN [x IN l | x"), "query:1:19: expected ']' to close the list comprehension, found end of input");
}

TEST(SyntaxErrorTest, LiteralsOutOfRange) {
  EXPECT_EQ(Error("RETURN 9223372036854775808"), "query:1:8: integer literal '9223372036854775808' is out of range");
  EXPECT_EQ(Error("RETURN 0xFFFFFFFFFFFFFFFFF"), "query:1:8: integer literal '0xFFFFFFFFFFFFFFFFF' is out of range");
  EXPECT_EQ(Error("RETURN 1e999"), "query:1:8: float literal '1e999' is out of range");
}

TEST(SyntaxErrorTest, LongTokensAreShortenedInMessages) {
  std::string name(60, 'x');
  EXPECT_EQ(Error("RETURN 1 " + name), "query:1:10: expected end of input, found '" + std::string(40, 'x') + "...'");
  EXPECT_EQ(Error("RETURN 1 'two\nlines'"), "query:1:10: expected end of input, found 'two...");
}

TEST(SyntaxErrorTest, LexicalErrorsComeThroughParseQuery) {
  EXPECT_EQ(Error("MATCH (n) WHERE n.name = 'abc RETURN n"), "query:1:26: unterminated string literal");
  EXPECT_EQ(Error("MATCH (n)\nRETURN n.x # comment"), "query:2:12: unexpected character '#'");
}

TEST(RenderTest, CaretUnderTheFault) {
  EXPECT_EQ(Rendered("MATCH (n RETURN n"),
            "query:1:10: expected ')' to close the node pattern, found 'RETURN'\n"
            "MATCH (n RETURN n\n"
            "         ^");
}

TEST(RenderTest, CaretOnTheRightLineOfAMultiLineQuery) {
  EXPECT_EQ(Rendered("MATCH (n:Model)\n  WHERE n.score > > 1\nRETURN n"),
            "query:2:19: expected an expression, found '>'\n"
            "  WHERE n.score > > 1\n"
            "                  ^");
}

TEST(RenderTest, CaretAfterTheEndOfInput) {
  EXPECT_EQ(Rendered("RETURN f(1"),
            "query:1:11: expected ',' or ')' after the argument, found end of input\n"
            "RETURN f(1\n"
            "          ^");
}

TEST(RenderTest, TabsAndWideCharactersKeepTheCaretAligned) {
  // A tab before the fault is copied; 'é' (two bytes) takes one column.
  EXPECT_EQ(Rendered("MATCH\t(n RETURN n"),
            "query:1:10: expected ')' to close the node pattern, found 'RETURN'\n"
            "MATCH\t(n RETURN n\n"
            "     \t   ^");
  EXPECT_EQ(Rendered("RETURN 'caf\xC3\xA9' +"),
            "query:1:16: expected an expression, found end of input\n"
            "RETURN 'caf\xC3\xA9' +\n"
            "               ^");
}

TEST(RenderTest, CarriageReturnLineEndsAreStripped) {
  EXPECT_EQ(Rendered("MATCH (n)\r\nRETURN n +\r\n"),
            "query:2:11: expected an expression, found end of input\n"
            "RETURN n +\n"
            "          ^");
}

TEST(RenderTest, StatusWithoutQueryLocation) {
  EXPECT_EQ(RenderQueryError("RETURN 1", Status::InvalidInput("no location")), "no location");
  EXPECT_EQ(RenderQueryError("RETURN 1", Status::InvalidInput("bad", "file.csv:3")), "file.csv:3: bad");
  // A location past the last line cannot be drawn.
  EXPECT_EQ(RenderQueryError("RETURN 1", Status::InvalidInput("x", "query:5:1")), "query:5:1: x");
}

TEST(SourceLocationTest, WhereRoundTrip) {
  EXPECT_EQ(QueryWhere(SourcePos{12, 34, 0}), "query:12:34");
  std::optional<SourcePos> pos = ParseQueryWhere("query:12:34");
  ASSERT_TRUE(pos.has_value());
  EXPECT_EQ(pos->line, 12u);
  EXPECT_EQ(pos->column, 34u);
  EXPECT_FALSE(ParseQueryWhere("query:12").has_value());
  EXPECT_FALSE(ParseQueryWhere("query:0:1").has_value());
  EXPECT_FALSE(ParseQueryWhere("query:1:2x").has_value());
  EXPECT_FALSE(ParseQueryWhere("file.csv:1:2").has_value());
  Status status = QueryError(SourcePos{2, 3, 0}, "boom");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.where(), "query:2:3");
  EXPECT_EQ(status.message(), "boom");
}

}  // namespace
}  // namespace provgraph::query
