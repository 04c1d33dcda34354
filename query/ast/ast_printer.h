// Prints a parsed tree back as canonical query text: every operator
// application fully parenthesised, keywords upper-case, names quoted only
// when they must be. Used by tests (precedence, round trips) and EXPLAIN.
// Printing a parsed tree and parsing the result gives an equal tree.
#pragma once

#include <string>
#include <string_view>

#include "query/ast/clause.h"
#include "query/ast/expression.h"
#include "query/ast/pattern.h"

namespace provgraph::query::ast {

// `name` bare when it is a plain identifier that is not a reserved word,
// else backtick-quoted with inner backticks doubled.
std::string QuoteName(std::string_view name);

// A single-quoted string literal with \\ \' \n \t \r \b \f and \uXXXX
// escapes for the other control characters.
std::string QuoteString(std::string_view value);

std::string PrintExpr(const Expr& expr);
std::string PrintChain(const PatternChain& chain);
std::string PrintPathPattern(const PathPattern& path);
std::string PrintClause(const Clause& clause);
std::string PrintQuery(const Query& query);  // clauses separated by one space

}  // namespace provgraph::query::ast
