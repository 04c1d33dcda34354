#include "engine/rootcause/changes.h"

#include <algorithm>

#include "engine/time.h"
#include "engine/traversal.h"

namespace provgraph::rootcause {

Result<std::vector<Change>> UpstreamChanges(const Graph& graph, NodeId node, Timestamp from, Timestamp to) {
  if (from > to) {
    return Status::InvalidInput("the range is empty: " + FormatTimestamp(from) + " is after " + FormatTimestamp(to));
  }
  std::vector<Change> out;
  EvidenceReader reader(graph, to);
  std::vector<NodeId> nodes;
  if (auto feeds = graph.edge_types().Find("FEEDS")) {
    Walker walker(graph);
    WalkSpec spec;
    spec.direction = Direction::kUpstream;
    spec.edge_types = {*feeds};
    spec.at = to;
    spec.min_depth = 0;
    for (const Reached& r : walker.Closure(node, spec)) nodes.push_back(r.node);
  } else {
    nodes.push_back(node);
  }
  auto job = graph.labels().Find("Job");
  const TimeRange range{from, to};
  for (NodeId n : nodes) {
    std::vector<Evidence> ev;
    auto add = [&](std::vector<Evidence> more) {
      for (Evidence& e : more) ev.push_back(std::move(e));
    };
    if (job && graph.HasLabel(n, *job, to)) {
      add(reader.CodeChanges(n, range));
      add(reader.FailedRuns(n, range));
    } else {
      add(reader.SchemaChanges(n, range));
      add(reader.NewVersions(n, range));
    }
    for (Evidence& e : ev) out.push_back({n, std::move(e)});
  }
  std::stable_sort(out.begin(), out.end(), [&](const Change& a, const Change& b) {
    if (a.evidence.at != b.evidence.at) return a.evidence.at > b.evidence.at;
    if (a.node != b.node) return reader.Ref(a.node) < reader.Ref(b.node);
    return static_cast<int>(a.evidence.kind) < static_cast<int>(b.evidence.kind);
  });
  return out;
}

}  // namespace provgraph::rootcause
