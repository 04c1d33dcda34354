// RunQuery: the whole query pipeline in one call, readable top to bottom:
// lexer+parser -> binder -> planner -> executor. Errors in the text come back
// as InvalidInput at query:LINE:COLUMN (render with RenderQueryError).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/graph.h"
#include "engine/status.h"
#include "query/executor/executor.h"
#include "query/plan_cache.h"

namespace provgraph::query {

// `series` (optional: the store's metric series) backs drift.history.
Result<QueryResult> RunQuery(std::string_view text, const Graph& graph, const Params& params = {},
                             const SeriesIndex* series = nullptr);

// The same, the rows going to `sink` as they are produced (the result's
// `rows` stay empty): a consumer that needs no table of them all.
Result<QueryResult> RunQuery(std::string_view text, const Graph& graph, const Params& params, RowSink& sink,
                             const SeriesIndex* series = nullptr);

// Reads a --param value: JSON when it parses as JSON (numbers, true,
// null, "quoted", lists), else the text as a string.
QueryValue ParseParamValue(std::string_view text);

}  // namespace provgraph::query
