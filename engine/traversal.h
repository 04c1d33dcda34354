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

  // Every node valid at spec.at reachable from `start` by a walk whose length
  // lies in [min_depth, max_depth], each once, in BFS order. With
  // min_depth <= 1 the depth is the BFS distance; with a larger min_depth,
  // the shortest qualifying walk length. Terminates on cycles. The start
  // itself is reported at depth 0 when min_depth is 0, and otherwise only
  // when a directed cycle leads back to it (never for kBoth).
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
  uint32_t epoch_ = 0;
  std::vector<uint8_t> allowed_;
};

// The valid nodes of `nodes` (all valid nodes when empty) in an order where
// every edge of the given types between them goes forward. Fails with
// InvalidInput naming a node on a cycle when there is none.
Result<std::vector<NodeId>> TopologicalOrder(const Graph& graph, const std::vector<NodeId>& nodes,
                                             const std::vector<uint32_t>& edge_types, Timestamp at = kLatest);

}  // namespace provgraph
