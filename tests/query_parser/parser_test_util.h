// Helpers shared by the query parser tests: parse and print back, or
// parse and return the error.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "query/ast/ast_printer.h"
#include "query/parser/parser.h"

namespace provgraph::query {

// Lets GoogleTest show a SourcePos as line:column@offset.
inline void PrintTo(const SourcePos& pos, std::ostream* os) {
  *os << pos.line << ":" << pos.column << "@" << pos.offset;
}

}  // namespace provgraph::query

namespace provgraph::query::testing {

// The canonical print of `text` parsed as a query, or "ERROR <where>: <message>".
inline std::string Canon(std::string_view text) {
  Result<ast::Query> query = ParseQuery(text);
  if (!query.ok()) return "ERROR " + query.status().ToString();
  return ast::PrintQuery(*query);
}

// The canonical print of `text` parsed as one expression, or "ERROR ...".
inline std::string CanonExpr(std::string_view text) {
  Result<ast::ExprPtr> expr = ParseExpression(text);
  if (!expr.ok()) return "ERROR " + expr.status().ToString();
  return ast::PrintExpr(**expr);
}

// The status of parsing `text` as a query (OK when it parses).
inline Status QueryStatus(std::string_view text) {
  Result<ast::Query> query = ParseQuery(text);
  return query.ok() ? Status::Ok() : query.status();
}

// Parses `text`, failing the current test if it does not parse.
inline ast::Query MustParse(std::string_view text) {
  Result<ast::Query> query = ParseQuery(text);
  EXPECT_TRUE(query.ok()) << query.status().ToString() << "\n  in: " << text;
  if (!query.ok()) return ast::Query{};
  return std::move(query).value();
}

}  // namespace provgraph::query::testing
