// Executor: runs a query's plan (planner/plan.h) over the in-memory graph
// as a push pipeline (each operator hands its rows to the next) and
// returns the result rows. EXPLAIN returns the plan only; PROFILE the plan
// with rows and time per operator.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/graph.h"
#include "engine/series.h"
#include "engine/status.h"
#include "query/binder/bound_query.h"
#include "query/executor/result_rows.h"
#include "query/executor/row_sink.h"
#include "query/planner/plan.h"

namespace provgraph::query {

struct QueryResult {
  std::vector<std::string> columns;
  ResultRows rows;   // columns.size() values a row
  Timestamp at;      // the valid-time instant the query read
  std::string plan;  // EXPLAIN / PROFILE text; empty otherwise
};

// `params`: the parameter values (names and types as bound).
// `series` (optional) backs drift.history.
// `plan` must be BuildPlan(bound).
// With a `sink`, the rows go to it as they are produced and the result's
// `rows` stay empty.
Result<QueryResult> Execute(const BoundQuery& bound, const Plan& plan, const Graph& graph,
                            const std::unordered_map<std::string, QueryValue>& params,
                            const SeriesIndex* series = nullptr, RowSink* sink = nullptr);

}  // namespace provgraph::query
