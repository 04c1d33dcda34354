// Procedures callable with CALL: lineage.upstream(node[, maxDepth]),
// lineage.downstream(node[, maxDepth]) and lineage.impact(node)
// (downstream assets with their owners), all along FEEDS; and
// drift.history(node, metric), a metric's points as of the query's time;
// lineage.rootcause(node[, window]) and lineage.changes(node, from, to)
// (engine/rootcause).
#pragma once

#include <vector>

#include "query/ast/clause.h"
#include "query/executor/exec_context.h"

namespace provgraph::query {

// Rows of the procedure's outputs, in its signature's order.
std::vector<std::vector<QueryValue>> RunProcedure(const ast::CallClause& call, Row& row, ExecContext& ctx);

}  // namespace provgraph::query
