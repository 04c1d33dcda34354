// RowSink: receives a query's result rows as the executor produces them,
// instead of collecting them in QueryResult::rows (RunQuery with a sink).
// A result of one column whose values are all nodes (`MATCH ... RETURN u`
// after a reachability step) may arrive in runs of node ids (OnNodes),
// without a QueryValue per row.
#pragma once

#include <span>

#include "engine/graph.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

class RowSink {
 public:
  virtual ~RowSink() = default;
  // One row: the value of each column, in column order. The values are
  // the executor's: valid only during the call (copy what you keep).
  virtual void OnRow(std::span<const QueryValue> values) = 0;
  // Rows of a one-column result, one per id, in result order: the same as
  // OnRow({QueryValue(NodeRef{id})}) for each id (which the default does).
  virtual void OnNodes(std::span<const NodeId> ids);
};

}  // namespace provgraph::query
