// Adjacency: the CSR form of the graph's edges, as two Boost.Graph
// compressed_sparse_row_graphs (out: source -> target, in: target ->
// source), so Boost algorithms and our own traversals walk the same arrays.
// It holds every edge ever created; walkers filter by type and validity.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

namespace provgraph {

struct CsrEdge {
  static constexpr uint16_t kSimple = 1;  // valid from creation on, never closed
  uint32_t edge = 0;
  uint16_t type = 0;
  uint16_t flags = 0;
};

using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CsrEdge,
                                                    boost::no_property, uint32_t, uint32_t>;

struct EdgeEnds {
  uint32_t src;
  uint32_t dst;
  CsrEdge info;
};

struct Adjacency {
  CsrGraph out;
  CsrGraph in;

  // Builds both directions from `edges` (any order) over `num_nodes` nodes,
  // in O(nodes + edges) with a counting sort.
  static std::unique_ptr<Adjacency> Build(uint32_t num_nodes, const std::vector<EdgeEnds>& edges);
};

}  // namespace provgraph
