#include "engine/adjacency.h"

#include <utility>

namespace provgraph {
namespace {

CsrGraph BuildOne(uint32_t num_nodes, const std::vector<EdgeEnds>& edges, bool reverse) {
  std::vector<uint32_t> start(static_cast<size_t>(num_nodes) + 1, 0);
  for (const EdgeEnds& e : edges) ++start[(reverse ? e.dst : e.src) + 1];
  for (uint32_t v = 0; v < num_nodes; ++v) start[v + 1] += start[v];
  std::vector<std::pair<uint32_t, uint32_t>> sorted(edges.size());
  std::vector<CsrEdge> props(edges.size());
  // Stable within a row: edges keep their id order, so walks are deterministic.
  for (const EdgeEnds& e : edges) {
    uint32_t from = reverse ? e.dst : e.src;
    uint32_t to = reverse ? e.src : e.dst;
    uint32_t slot = start[from]++;
    sorted[slot] = {from, to};
    props[slot] = e.info;
  }
  return CsrGraph(boost::edges_are_sorted, sorted.begin(), sorted.end(), props.begin(), num_nodes);
}

}  // namespace

std::unique_ptr<Adjacency> Adjacency::Build(uint32_t num_nodes, const std::vector<EdgeEnds>& edges) {
  auto adj = std::make_unique<Adjacency>();
  adj->out = BuildOne(num_nodes, edges, false);
  adj->in = BuildOne(num_nodes, edges, true);
  return adj;
}

}  // namespace provgraph
