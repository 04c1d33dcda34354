// The parser: query text -> parsed tree (query/ast/). A hand-written
// recursive-descent parser over the lexer's tokens, for the openCypher
// subset of DESIGN.md "Query language" plus EXPLAIN / PROFILE and AS OF.
#pragma once

#include <string_view>

#include "engine/status.h"
#include "query/ast/clause.h"
#include "query/ast/expression.h"

namespace provgraph::query {

// Parses a whole query:
//   [EXPLAIN | PROFILE] [AS OF 'timestamp'] clause+ [;]
// On a lexical or syntax error returns Status::InvalidInput(message,
// "query:LINE:COLUMN") pointing at the offending token (or just past the
// last token for an unexpected end of input); RenderQueryError() in
// query/common/source_location.h draws it with a caret. Never throws
// (beyond std::bad_alloc). Pure function; safe to call from any thread.
Result<ast::Query> ParseQuery(std::string_view text);

// Parses `text` as one expression (all of it), with the same error
// contract as ParseQuery. For tests and for expressions stored as text.
Result<ast::ExprPtr> ParseExpression(std::string_view text);

}  // namespace provgraph::query
