// PrintQueryResult: query results as an aligned table (long cells cut
// visibly), a JSON array of row objects, or RFC 4180 CSV with a header.
#pragma once

#include <ostream>
#include <string>

#include "engine/graph.h"
#include "query/executor/executor.h"

namespace provgraph::app {

void PrintQueryResult(std::ostream& out, const query::QueryResult& result, const Graph& graph,
                      const std::string& format);

}  // namespace provgraph::app
