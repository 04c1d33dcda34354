// ExecContext: what evaluation and execution share for one query run: the
// graph, the valid-time instant, the bound query, a walker, and the
// aggregate values of the group being projected. QueryFailure carries a
// Status out of deep evaluation; Execute() turns it back into a Status.
#pragma once

#include <unordered_map>
#include <vector>

#include "engine/graph.h"
#include "engine/series.h"
#include "engine/status.h"
#include "engine/traversal.h"
#include "query/binder/bound_query.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

using Row = std::vector<QueryValue>;

struct QueryFailure {
  Status status;
};

[[noreturn]] void Fail(SourcePos pos, std::string message);

class Matcher;

struct ExecContext {
  ExecContext(const Graph& g, const BoundQuery& b, const std::unordered_map<std::string, QueryValue>& p)
      : graph(g), bound(b), params(p), at(b.at), walker(g) {}
  const Graph& graph;
  const BoundQuery& bound;
  const std::unordered_map<std::string, QueryValue>& params;
  Timestamp at;
  Walker walker;
  const std::unordered_map<const ast::Expr*, QueryValue>* aggregates = nullptr;
  Matcher* matcher = nullptr;
  // Metric series for drift.history; null when the caller has none.
  const SeriesIndex* series = nullptr;
};

}  // namespace provgraph::query
