// Traversal: lineage walks over the in-memory graph as of a valid-time
// instant: upstream/downstream closure with depth bounds (cycle-safe),
// shortest path, topological order and neighbours. Walks use the CSR
// adjacency (engine/adjacency.h); topological order runs Boost.Graph.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/graph.h"
#include "engine/status.h"

namespace provgraph {

enum class Direction : uint8_t {
  kDownstream,  // along edge direction (source -> target)
  kUpstream,    // against it: everything with a path into the start
  kBoth,
};

struct WalkSpec {
  Direction direction = Direction::kUpstream;
  std::vector<uint32_t> edge_types;  // empty: every type
  uint32_t min_depth = 1;            // 0 includes the start node
  uint32_t max_depth = UINT32_MAX;   // edges; UINT32_MAX = unbounded
  Timestamp at = kLatest;
};

struct Reached {
  NodeId node;
  uint32_t depth;  // the fewest edges from the start (within the bounds)
};

// A reusable walker: keeps its visited marks between calls (epoch-stamped),
// so repeated walks over a large graph allocate nothing.
class Walker {
 public:
  explicit Walker(const Graph& graph);

  // Every node valid at spec.at reachable from `start` by a trail (a walk
  // that never repeats an edge: openCypher's relationship isomorphism)
  // whose length lies in [min_depth, max_depth], each once. Terminates on
  // cycles. The start itself is reported at depth 0 when min_depth is 0,
  // and otherwise only when a closed trail leads back to it: a directed
  // cycle, or for kBoth any cycle (a self-loop, two edges between the same
  // nodes, a triangle whatever its edges' directions), reported last at
  // the length of the shortest one. With min_depth <= 1 this is plain BFS
  // (a shortest walk is a path, so a trail), nodes in BFS order at their
  // distance. With a larger min_depth: nodes whose distance is within the
  // bounds at that distance, then the nearer ones that some longer trail
  // reaches, at that trail's length. Walks and trails agree when no cycle
  // is reachable along a direction (a lineage DAG: level sets of walks);
  // otherwise the trails of exactly min_depth edges are enumerated and the
  // rest found by BFS past each without its edges -- exponential in
  // min_depth on dense cyclic graphs, as trail enumeration is.
  std::vector<Reached> Closure(NodeId start, const WalkSpec& spec);
  // Only the count of Closure(start, spec) (no result vector).
  size_t ClosureSize(NodeId start, const WalkSpec& spec);

  // The nodes and edges of one shortest path from `from` to `to` along
  // spec.direction (empty when none within max_depth).
  struct Path {
    std::vector<NodeId> nodes;
    std::vector<EdgeId> edges;
  };
  Path ShortestPath(NodeId from, NodeId to, const WalkSpec& spec);

  struct Neighbour {
    EdgeId edge;
    NodeId node;
    bool outgoing;  // the edge leaves the given node
  };
  std::vector<Neighbour> Neighbours(NodeId node, const WalkSpec& spec);

 private:
  template <typename Visit>
  void ForEachStep(NodeId v, const WalkSpec& spec, Visit&& visit);
  template <typename Emit>
  void Bfs(NodeId start, const WalkSpec& spec, Emit&& emit);
  // The fewest edges of a cycle through `start` when edges are walked both
  // ways (0 when there is none of at most spec.max_depth edges).
  uint32_t ShortestCycleThrough(NodeId start, const WalkSpec& spec);
  // Closure for min_depth > 1 (see Closure).
  void TrailReach(NodeId start, const WalkSpec& spec, std::vector<Reached>& out);
  // TrailReach past the BFS: resolves the nodes of `seen` nearer than
  // min_depth that a longer trail reaches.
  template <typename Resolve>
  void TrailCandidates(uint32_t s, const WalkSpec& spec, const std::vector<uint32_t>& seen, size_t& unresolved,
                       Resolve&& resolve);
  // A fresh visited epoch (marks sized to the graph); PrepareStep is kept.
  void NewEpoch();
  bool TypeAllowed(uint32_t type) const { return allowed_.empty() || (type < allowed_.size() && allowed_[type]); }
  // Sizes and clears the visited marks, then PrepareStep.
  void Prepare(const WalkSpec& spec);
  // The adjacency and the allowed edge types (all a single step needs).
  void PrepareStep(const WalkSpec& spec);
  bool Mark(uint32_t v) {
    if (mark_[v] == epoch_) return false;
    mark_[v] = epoch_;
    return true;
  }

  const Graph& graph_;
  const Adjacency* adj_ = nullptr;  // graph_.adjacency(), fetched by Prepare
  std::vector<uint32_t> mark_;
  std::vector<uint32_t> parent_edge_;
  std::vector<uint32_t> depth_, branch_;  // TrailReach: valid where marked
  std::vector<uint8_t> pending_;          // TrailReach: all zero between calls
  uint32_t epoch_ = 0;
  std::vector<uint8_t> allowed_;
};

// The valid nodes of `nodes` (all valid nodes when empty) in an order where
// every edge of the given types between them goes forward. Fails with
// InvalidInput naming a node on a cycle when there is none.
Result<std::vector<NodeId>> TopologicalOrder(const Graph& graph, const std::vector<NodeId>& nodes,
                                             const std::vector<uint32_t>& edge_types, Timestamp at = kLatest);

}  // namespace provgraph
