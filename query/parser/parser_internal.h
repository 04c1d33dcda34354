// Private to query/parser/: the Parser class shared by parser.cc (query
// and clauses), pattern_parser.cc and expression_parser.cc. Not part of
// the public API; include query/parser/parser.h instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "query/ast/clause.h"
#include "query/ast/expression.h"
#include "query/ast/pattern.h"
#include "query/lexer/token.h"

namespace provgraph::query::internal {

// Parentheses, brackets and braces may nest this deep (stack safety). Equal
// to the height limit so that every printed tree parses again.
inline constexpr int kMaxNestingDepth = ast::kMaxExpressionHeight;

// One parse over one token vector. Every Parse* method either consumes a
// construct and fills its out-parameter, or returns the first syntax error.
class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens);

  Status ParseQuery(ast::Query* query);
  Status ParseStandaloneExpression(ast::ExprPtr* out);

 private:
  // --- tokens and errors (parser.cc)
  const Token& Peek(size_t ahead = 0) const;
  const Token& Advance();
  bool Match(TokenKind kind);
  bool Match(Keyword keyword);
  uint32_t PreviousEnd() const;  // byte offset just after the last consumed token
  Status Expect(TokenKind kind);
  Status Expect(Keyword keyword);
  // "expected <what>, found <token>" at `found`.
  Status Unexpected(const Token& found, std::string_view what) const;
  Status ErrorAt(SourcePos pos, std::string message) const;
  std::string Describe(const Token& token) const;
  // An unquoted identifier spelled `word` in any case (soft keywords: OF,
  // shortestPath, count, all, ...).
  static bool IsWord(const Token& token, std::string_view word);
  // A variable / alias name: an identifier, not a reserved word.
  Status ParseName(std::string_view what, std::string* name, SourcePos* pos = nullptr);
  // A label, type, key or namespace part: identifiers and reserved words.
  Status ParseSymbolicName(std::string_view what, std::string* name, SourcePos* pos = nullptr);
  Status ParseInteger(const Token& token, int64_t* value) const;

  // --- query and clauses (parser.cc)
  bool AtClauseStart() const;
  Status ParseClause(ast::ClausePtr* out);
  Status ParseMatch(ast::ClausePtr* out);
  Status ParseWith(ast::ClausePtr* out);
  Status ParseUnwind(ast::ClausePtr* out);
  Status ParseCall(ast::ClausePtr* out);
  Status ParseReturn(ast::ClausePtr* out);
  Status ParseProjection(ast::Projection* projection);
  Status ParseWhere(ast::ExprPtr* out);  // optional WHERE expr

  // --- patterns (pattern_parser.cc)
  Status ParsePathPattern(ast::PathPattern* path);
  Status ParseChain(ast::PatternChain* chain);
  Status ParseNodePattern(ast::NodePattern* node);
  Status ParseRelationshipPattern(ast::RelationshipPattern* rel);
  Status ParseVarLength(ast::VarLength* range);
  Status ParsePatternProperties(ast::ExprPtr* out);  // {map} or $param
  // True when the '(' at token `index` starts a relationship chain, i.e.
  // it is a node pattern followed by -[, --, -->, <-[ or <--.
  bool IsPatternPredicateStart(size_t index) const;

  // --- expressions (expression_parser.cc)
  Status ParseExpr(ast::ExprPtr* out);
  // Precedence climbing over the binary levels (see expression_parser.cc):
  // parses an expression whose operators all bind at least as tightly as
  // `min_level`. One frame per level of nesting keeps deep input cheap.
  Status ParseBinary(int min_level, ast::ExprPtr* out);
  Status ParseComparisonChain(ast::ExprPtr* out);  // after the first operand
  Status ParseUnary(ast::ExprPtr* out);
  Status ParsePostfix(ast::ExprPtr* out);
  Status ParseAtom(ast::ExprPtr* out);
  Status ParseLiteral(ast::ExprPtr* out);
  Status ParseListOrComprehension(ast::ExprPtr* out);
  Status ParseMap(ast::ExprPtr* out);
  Status ParseCase(ast::ExprPtr* out);
  Status ParseFunctionCall(size_t name_parts, ast::ExprPtr* out);
  Status ParseQuantifier(ast::QuantifierKind kind, ast::ExprPtr* out);
  Status ParsePatternPredicate(ast::ExprPtr* out);
  Status ParseArguments(std::vector<ast::ExprPtr>* args);  // after '(' up to ')'
  // Sets expr->height from its children; fails when it exceeds
  // ast::kMaxExpressionHeight.
  Status Finish(ast::Expr* expr) const;
  // *lhs = BinaryExpr(op, *lhs, rhs), finished.
  Status Combine(ast::BinaryOp op, SourcePos op_pos, ast::ExprPtr* lhs, ast::ExprPtr rhs) const;

  std::string_view text_;
  std::vector<Token> tokens_;
  std::vector<int32_t> partner_;  // index of the matching bracket, or -1
  size_t pos_ = 0;
  int depth_ = 0;
  // Set when "a <-b" was read as "a < -b": ParseUnary starts with this minus.
  std::optional<SourcePos> pending_minus_;
};

}  // namespace provgraph::query::internal
