// RootCause: ranks the likely causes of a symptom (a KPI, model or
// dataset that moved). Walks upstream of the symptom along FEEDS as of an
// instant, finds when the symptom moved (engine/rootcause/symptom.h), reads
// the evidence of every upstream node in the window before that moment
// (engine/rootcause/evidence.h, shift.h) and scores each node:
//
// - each item's strength is weighed by how well its time leads the move
//   (1 just before it, falling linearly to 0.4 at the window's start; up to
//   a day after it counts at most 0.6, fading to 0);
// - a code or schema change counts in full only when its nearest observed
//   outputs moved at their first (or, a run late, second) observation
//   after it (and what feeds it did not move from a day before): a
//   change whose outputs were observed and did not move is benign (x0.15),
//   one whose outputs nobody observes is uncertain (x0.6);
// - a node's kinds of evidence combine as independent signals
//   (1 - prod(1 - weighed strength), the strongest item of each kind);
// - an upstream node whose own change happened no later than a
//   downstream node's shift, schema change, staleness or violation explains
//   it: the downstream node's effect evidence counts a quarter, and the
//   explaining node's doubt (1 - score) shrinks by 15% per node it explains.
//   The most upstream cause that explains the moves below it ranks first.
//
// Thread-safety: as Graph (one thread).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/graph.h"
#include "engine/rootcause/evidence.h"
#include "engine/rootcause/symptom.h"
#include "engine/rootcause/window.h"
#include "engine/series.h"

namespace provgraph::rootcause {

struct RootCauseOptions {
  Timestamp as_of = kLatest;
  int64_t window = 7 * kDayMicros;
};

struct Candidate {
  NodeId node = 0;
  double score = 0;
  uint32_t depth = 0;              // FEEDS edges to the symptom
  std::vector<Evidence> evidence;  // in the window, oldest first
  std::vector<NodeId> path;        // this node ... the symptom, along FEEDS
  std::vector<EdgeId> path_edges;  // path_edges[i] joins path[i] and path[i + 1]
  std::vector<NodeId> explains;    // downstream nodes whose moves this explains
  std::optional<NodeId> explained_by;
};

struct RootCauseReport {
  NodeId symptom = 0;
  Timestamp as_of = kLatest;
  int64_t window = 0;
  SymptomMove moved;
  TimeRange range;                    // where evidence counts
  std::vector<Candidate> candidates;  // score > 0, best first
};

// The node named "Label:key" valid at `as_of`; NotFound "no node Label:key"
// (with " as of T" when as_of is not the latest) otherwise.
Result<NodeId> ResolveNode(const Graph& graph, std::string_view ref, Timestamp as_of);

// Ranks the causes. InvalidInput when the window is not positive or the
// symptom has nothing upstream along FEEDS as of options.as_of.
Result<RootCauseReport> FindRootCauses(const Graph& graph, const SeriesIndex* series, NodeId symptom,
                                       const RootCauseOptions& options);

// DESIGN.md's JSON: {"symptom", "as_of", "window", "candidates": [{"node",
// "score", "evidence": [{"kind", "at", "detail"}], "path"}]}; `window_text`
// as the user wrote it. as_of is null when the report is as of the latest.
nlohmann::ordered_json ReportToJson(const Graph& graph, const RootCauseReport& report, const std::string& window_text);
std::string ReportToText(const Graph& graph, const RootCauseReport& report, const std::string& window_text);

}  // namespace provgraph::rootcause
