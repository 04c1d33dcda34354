// PrintQueryResult: query results as an aligned table (long cells cut
// visibly), a JSON array of row objects, RFC 4180 CSV with a header, or a
// Graphviz digraph of the nodes and relationships in it (app/query_dot.h).
// RunAndPrintQuery: one query run and printed, as `provgraph query` and the
// shell both do it.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "engine/graph.h"
#include "engine/store.h"
#include "query/executor/executor.h"
#include "query/query_engine.h"

namespace provgraph::app {

void PrintQueryResult(std::ostream& out, const query::QueryResult& result, const Graph& graph,
                      const std::string& format);

// Runs `text` over the store's graph (and metric series) and prints the result to `out` in `format`, or
// the error to `err` in DESIGN.md's form ("provgraph: query:LINE:COLUMN:
// message", the query line, a caret under the fault). Returns false on an
// error.
bool RunAndPrintQuery(std::string_view text, const Store& store, const query::Params& params, const std::string& format,
                      std::ostream& out, std::ostream& err);

}  // namespace provgraph::app
