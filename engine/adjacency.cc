#include "engine/adjacency.h"

#include <algorithm>
#include <utility>

namespace provgraph {
namespace {

// Fills `g` (one direction) by a counting sort of edge(0..num_edges-1)
// straight into Boost's row-start / column / property arrays. Stable within
// a row: edges keep their id order, so walks are deterministic.
void BuildOne(CsrGraph& g, uint32_t num_nodes, size_t num_edges, const std::function<EdgeEnds(size_t)>& edge,
              bool reverse) {
  auto& rowstart = g.m_forward.m_rowstart;
  auto& column = g.m_forward.m_column;
  auto& props = g.m_forward.m_edge_properties;
  rowstart.assign(static_cast<size_t>(num_nodes) + 1, 0);
  for (size_t i = 0; i < num_edges; ++i) {
    EdgeEnds e = edge(i);
    ++rowstart[(reverse ? e.dst : e.src) + 1];
  }
  for (uint32_t v = 0; v < num_nodes; ++v) rowstart[v + 1] += rowstart[v];
  column.resize(num_edges);
  props.resize(num_edges);
  // rowstart[v] is used as the fill cursor of row v, then shifted back.
  for (size_t i = 0; i < num_edges; ++i) {
    EdgeEnds e = edge(i);
    uint32_t from = reverse ? e.dst : e.src;
    uint32_t to = reverse ? e.src : e.dst;
    uint32_t slot = rowstart[from]++;
    column[slot] = to;
    props[slot] = e.info;
  }
  for (uint32_t v = num_nodes; v > 0; --v) rowstart[v] = rowstart[v - 1];
  rowstart[0] = 0;
}

}  // namespace

std::unique_ptr<Adjacency> Adjacency::Build(uint32_t num_nodes, size_t num_edges,
                                            const std::function<EdgeEnds(size_t)>& edge) {
  auto adj = std::make_unique<Adjacency>();
  BuildOne(adj->out, num_nodes, num_edges, edge, false);
  BuildOne(adj->in, num_nodes, num_edges, edge, true);
  uint32_t first = kMixedTypes;
  bool mixed = false, simple = true;
  for (const CsrEdge& info : adj->out.m_forward.m_edge_properties) {
    if (first == kMixedTypes) {
      first = info.type;
    } else if (info.type != first) {
      mixed = true;
    }
    simple = simple && (info.flags & CsrEdge::kSimple);
  }
  uint32_t single = mixed ? kMixedTypes : first;
  adj->single_type = single;
  adj->all_simple = simple;
  return adj;
}

uint32_t Adjacency::SimpleLimit(int64_t at_micros) const {
  if (simple_since.empty()) return UINT32_MAX;
  return static_cast<uint32_t>(std::upper_bound(simple_since.begin(), simple_since.end(), at_micros) -
                               simple_since.begin());
}

std::unique_ptr<Adjacency> Adjacency::Build(uint32_t num_nodes, const std::vector<EdgeEnds>& edges) {
  return Build(num_nodes, edges.size(), [&](size_t i) { return edges[i]; });
}

}  // namespace provgraph
