// Output text of query values written straight into a string: the same
// bytes as ToJson(v, graph, at).dump(...) and ToCellText (query_value.h),
// without building an nlohmann value per cell. The per-row path of
// `provgraph query` and the shell (issue 3: 1-hop end to end in the shell).
#pragma once

#include <string>
#include <string_view>

#include "engine/graph.h"
#include "engine/value.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

// A stored string that is not valid UTF-8, as nlohmann's dump handles it
// with its error handler `strict` (throws nlohmann::json::type_error 316)
// or `replace` (U+FFFD in place of the bad bytes).
enum class BadUtf8 { kThrow, kReplace };

// `s` as a JSON string literal (quotes included), escaped as nlohmann's
// dump with ensure_ascii off: \" \\ \b \f \n \r \t, other control
// characters as \u00xx, everything else (UTF-8 included) as is.
void AppendJsonString(std::string& out, std::string_view s, BadUtf8 bad);

// ToJson(v, graph, at).dump(-1, ' ', false, handler) appended to `out`.
void AppendJsonText(std::string& out, const QueryValue& v, const Graph& graph, Timestamp at, BadUtf8 bad);

// A stored value's Value::ToJson().dump(-1, ' ', false, handler).
void AppendJsonText(std::string& out, const Value& v, BadUtf8 bad);

// ToCellText(v, graph, at) appended to `out`.
void AppendCellText(std::string& out, const QueryValue& v, const Graph& graph, Timestamp at);

}  // namespace provgraph::query
