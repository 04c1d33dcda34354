// Adjacency: the CSR form of the graph's edges, as two Boost.Graph
// compressed_sparse_row_graphs (out: source -> target, in: target ->
// source), so Boost algorithms and our own traversals walk the same arrays.
// It holds every edge ever created; walkers filter by type and validity.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace provgraph {

struct CsrEdge {
  static constexpr uint16_t kSimple = 1;  // valid from creation on, never closed
  // Bits 1-15 of `flags` of a kSimple edge: its rank in
  // Adjacency::simple_since (the edge is valid from simple_since[rank] on).
  static constexpr int kRankShift = 1;
  static constexpr uint32_t kMaxRanks = 1u << 15;
  uint32_t edge = 0;
  uint16_t type = 0;
  uint16_t flags = 0;
  uint32_t rank() const { return flags >> kRankShift; }
};

using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CsrEdge,
                                                    boost::no_property, uint32_t, uint32_t>;

struct EdgeEnds {
  uint32_t src;
  uint32_t dst;
  CsrEdge info;
};

struct Adjacency {
  static constexpr uint32_t kMixedTypes = UINT32_MAX;

  CsrGraph out;
  CsrGraph in;
  // Summaries that let walkers skip reading the per-edge CsrEdge: the one
  // edge type every edge has (kMixedTypes when there are several, or none),
  // and whether every edge is CsrEdge::kSimple.
  uint32_t single_type = kMixedTypes;
  bool all_simple = true;
  // The latest creation time (µs) of any kSimple edge or either of its
  // ends: at or after it every kSimple edge is valid, so an AS OF walk
  // that late skips the per-edge check as a walk at kLatest does. Set by
  // Graph::adjacency().
  int64_t newest_simple = INT64_MIN;
  // Ascending instants (µs), at most CsrEdge::kMaxRanks: a kSimple edge of
  // rank r is valid at every instant >= simple_since[r] (its creation and
  // its ends' are no later), so a walk as of `at` skips the per-edge check
  // of every kSimple edge whose rank is below SimpleLimit(at). Distinct
  // creation instants get distinct ranks while there are few (one per
  // loaded batch, typically); beyond kMaxRanks an edge's rank is that of
  // the next larger kept instant (a conservative bound). Set by
  // Graph::adjacency(); empty: every kSimple edge is valid at any instant.
  std::vector<int64_t> simple_since;
  uint32_t SimpleLimit(int64_t at_micros) const;

  // Builds both directions from `edges` (any order) over `num_nodes` nodes,
  // in O(nodes + edges) with a counting sort.
  static std::unique_ptr<Adjacency> Build(uint32_t num_nodes, const std::vector<EdgeEnds>& edges);
  // The same from edge(i) for i in [0, num_edges), counting-sorted straight
  // into the final CSR arrays (no intermediate copy of the edge list).
  static std::unique_ptr<Adjacency> Build(uint32_t num_nodes, size_t num_edges,
                                          const std::function<EdgeEnds(size_t)>& edge);
};

}  // namespace provgraph
