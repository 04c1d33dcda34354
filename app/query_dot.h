// PrintQueryDot: `query --format dot` and the shell's `:format dot`. The
// nodes and relationships found anywhere in a result (cells holding nodes,
// relationships, paths, and lists or maps of them, nested) as one Graphviz
// digraph, so any lineage answer can be drawn with `dot -Tsvg`.
#pragma once

#include <ostream>

#include "engine/graph.h"
#include "query/executor/executor.h"

namespace provgraph::app {

// Deterministic: nodes by id, then edges by id; a relationship brings both
// its endpoints. Node `n<ID>` is labelled "<primary label>\n<key>", edge
// `e<ID>` by its type; every string is DOT-quoted (app/dot_text.h). A result
// without nodes or relationships prints an empty digraph.
void PrintQueryDot(std::ostream& out, const query::QueryResult& result, const Graph& graph);

}  // namespace provgraph::app
