// Source positions inside query text, and the syntax-error form of
// DESIGN.md ("query:LINE:COLUMN: message", the query line, a caret).
// Shared by every query stage that reports an error against the text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace provgraph::query {

// A 1-based position in query text. `column` counts Unicode code points
// from the start of the line (a tab counts as one); `offset` is the byte
// offset from the start of the text. Lines are separated by '\n'.
struct SourcePos {
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t offset = 0;

  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

// "query:LINE:COLUMN", the `where` of every Status that points into a query.
std::string QueryWhere(SourcePos pos);

// Status::InvalidInput(message, QueryWhere(pos)).
Status QueryError(SourcePos pos, std::string message);

// Parses a `where` of the form "query:LINE:COLUMN" back into line and
// column (offset is left 0); std::nullopt for any other form.
std::optional<SourcePos> ParseQueryWhere(std::string_view where);

// Renders `status` against the query it refers to, in the DESIGN.md form:
//
//   query:1:10: expected ')', found 'RETURN'
//   MATCH (n RETURN n
//            ^
//
// Tabs before the fault are kept in the caret line so that the caret lines
// up in a terminal. When `status` carries no query location (or the line
// does not exist in `query`) only Status::ToString() is returned. The
// result never ends with a newline.
std::string RenderQueryError(std::string_view query, const Status& status);

}  // namespace provgraph::query
