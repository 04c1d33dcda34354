// Changes: every change upstream of a node (and on the node itself) between
// two instants: code changes of jobs, schema changes and new versions of
// datasets, failed runs and missing runs, newest first. Backs
// CALL lineage.changes(node, from, to).
#pragma once

#include <vector>

#include "engine/graph.h"
#include "engine/rootcause/evidence.h"

namespace provgraph::rootcause {

struct Change {
  NodeId node = 0;
  Evidence evidence;
};

// The lineage is taken along FEEDS as of `to`. InvalidInput when from > to.
Result<std::vector<Change>> UpstreamChanges(const Graph& graph, NodeId node, Timestamp from, Timestamp to);

}  // namespace provgraph::rootcause
