// RowSink: receives a query's result rows as the executor produces them,
// instead of collecting them in QueryResult::rows (RunQuery with a sink).
// A result of one column whose values are all nodes (`MATCH ... RETURN u`
// after a reachability step) may arrive in runs of node ids (OnNodes),
// without a QueryValue per row.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/graph.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

class RowSink {
 public:
  virtual ~RowSink() = default;
  // Before the first row (and before any operator runs: a run-time error
  // may follow): the result's columns, the valid-time instant the query
  // reads (for rendering values) and whether it is a PROFILE (whose plan
  // text, with rows and times, comes in the result after the last row).
  // Not called for EXPLAIN or when the text does not parse or bind.
  virtual void OnStart(const std::vector<std::string>& columns, Timestamp at, bool profile);
  // One row: the value of each column, in column order. The values are
  // the executor's: valid only during the call (copy what you keep).
  virtual void OnRow(std::span<const QueryValue> values) = 0;
  // Rows of a one-column result, one per id, in result order: the same as
  // OnRow({QueryValue(NodeRef{id})}) for each id (which the default does).
  virtual void OnNodes(std::span<const NodeId> ids);
};

}  // namespace provgraph::query
