// Executor: runs a BoundQuery over the in-memory graph, clause by clause
// (each clause one operator over the rows of the one before), and returns
// the result rows. EXPLAIN returns the plan only; PROFILE the plan with
// rows and time per operator.
#pragma once

#include <string>
#include <vector>

#include "engine/graph.h"
#include "engine/series.h"
#include "engine/status.h"
#include "query/binder/bound_query.h"

namespace provgraph::query {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<QueryValue>> rows;
  Timestamp at;       // the valid-time instant the query read
  std::string plan;   // EXPLAIN / PROFILE text; empty otherwise
};

// `series` (optional) backs drift.history.
Result<QueryResult> Execute(const BoundQuery& bound, const Graph& graph, const SeriesIndex* series = nullptr);

}  // namespace provgraph::query
