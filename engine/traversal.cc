#include "engine/traversal.h"

#include <algorithm>
#include <iterator>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/topological_sort.hpp>

#include "engine/adjacency.h"

namespace provgraph {

Walker::Walker(const Graph& graph) : graph_(graph) {}

void Walker::Prepare(const WalkSpec& spec) {
  size_t n = graph_.node_count();
  if (mark_.size() < n) mark_.resize(n, 0);
  if (++epoch_ == 0) {  // wrapped: clear once every 4 billion walks
    std::fill(mark_.begin(), mark_.end(), 0);
    epoch_ = 1;
  }
  PrepareStep(spec);
}

void Walker::PrepareStep(const WalkSpec& spec) {
  adj_ = &graph_.adjacency();
  allowed_.clear();
  for (uint32_t t : spec.edge_types) {
    if (t >= allowed_.size()) allowed_.resize(t + 1, 0);
    allowed_[t] = 1;
  }
  if (!spec.edge_types.empty() && allowed_.empty()) allowed_.push_back(0);
}

// Calls visit(neighbour, edge, outgoing) for each edge of an allowed type
// valid at spec.at whose other end is valid too.
template <typename Visit>
void Walker::ForEachStep(NodeId v, const WalkSpec& spec, Visit&& visit) {
  const Adjacency& adj = *adj_;
  // Every kSimple edge is valid at kLatest and from adj.newest_simple on.
  const bool latest = spec.at == kLatest || spec.at.micros >= adj.newest_simple;
  const bool check_type = !spec.edge_types.empty() && !(adj.single_type != Adjacency::kMixedTypes && TypeAllowed(adj.single_type));
  const bool check_valid = !(latest && adj.all_simple);
  auto walk = [&](const CsrGraph& g, bool outgoing) {
    const uint32_t* rowstart = g.m_forward.m_rowstart.data();
    const uint32_t* column = g.m_forward.m_column.data();
    const CsrEdge* props = g.m_forward.m_edge_properties.data();
    for (uint32_t i = rowstart[v], end = rowstart[v + 1]; i < end; ++i) {
      const CsrEdge& info = props[i];
      if (check_type && !TypeAllowed(info.type)) continue;
      uint32_t w = column[i];
      if (check_valid && !(latest && (info.flags & CsrEdge::kSimple)) && !graph_.EdgeValid(info.edge, spec.at)) continue;
      visit(w, info.edge, outgoing);
    }
  };
  if (spec.direction != Direction::kUpstream) walk(adj.out, true);
  if (spec.direction != Direction::kDownstream) walk(adj.in, false);
}

template <typename Emit>
void Walker::Bfs(NodeId start, const WalkSpec& spec, Emit&& emit) {
  if (start >= graph_.node_count() || !graph_.NodeValid(start, spec.at)) return;
  Prepare(spec);
  if (spec.min_depth <= 1) {
    // Plain BFS: each node at its distance.
    // The start is reported at depth 0 only when asked; otherwise only if
    // a cycle leads back to it (it is not marked until then).
    std::vector<uint32_t> frontier{static_cast<uint32_t>(start)}, next;
    // Walking both ways would lead straight back over the first edge.
    if (spec.min_depth == 0 || spec.direction == Direction::kBoth) Mark(static_cast<uint32_t>(start));
    if (spec.min_depth == 0) emit(start, 0);
    // The walk reads the CSR arrays directly, with everything it needs in
    // locals; the visited mark is tested before anything else, and the type
    // and validity checks are skipped when the adjacency proves them moot
    // (one edge type that is allowed; at kLatest, nothing ever closed).
    const Adjacency& adj = *adj_;
    const Timestamp at = spec.at;
    const bool latest = at == kLatest || at.micros >= adj.newest_simple;
    const bool typed = !spec.edge_types.empty();
    const bool check_type = typed && !(adj.single_type != Adjacency::kMixedTypes && TypeAllowed(adj.single_type));
    const bool check_valid = !(latest && adj.all_simple);
    const bool check_any = check_type || check_valid;
    const uint8_t* allowed = allowed_.data();
    const size_t allowed_size = allowed_.size();
    uint32_t* const mark = mark_.data();
    const uint32_t epoch = epoch_;
    const Graph& graph = graph_;
    auto scan = [&](const CsrGraph& g, uint32_t v, uint32_t depth) {
      const uint32_t* rowstart = g.m_forward.m_rowstart.data();
      const uint32_t* column = g.m_forward.m_column.data();
      const CsrEdge* props = g.m_forward.m_edge_properties.data();
      for (uint32_t i = rowstart[v], end = rowstart[v + 1]; i < end; ++i) {
        uint32_t w = column[i];
        if (mark[w] == epoch) continue;
        if (check_any) {
          const CsrEdge& info = props[i];
          if (check_type && (info.type >= allowed_size || !allowed[info.type])) continue;
          if (check_valid && !(latest && (info.flags & CsrEdge::kSimple)) && !graph.EdgeValid(info.edge, at)) continue;
        }
        mark[w] = epoch;
        next.push_back(w);
        emit(w, depth);
      }
    };
    const bool down = spec.direction != Direction::kUpstream;
    const bool up = spec.direction != Direction::kDownstream;
    for (uint32_t depth = 1; depth <= spec.max_depth && !frontier.empty(); ++depth) {
      next.clear();
      for (uint32_t v : frontier) {
        if (down) scan(adj.out, v, depth);
        if (up) scan(adj.in, v, depth);
      }
      frontier.swap(next);
    }
    return;
  }
  // min_depth > 1: level sets of walks of exactly `depth` edges; a node is
  // reported at the first depth >= min_depth that reaches it. The level
  // sets repeat after at most n levels, so an unbounded walk still ends.
  std::vector<uint32_t> frontier{static_cast<uint32_t>(start)}, next;
  std::vector<uint32_t> level_mark(graph_.node_count(), UINT32_MAX);
  std::vector<uint8_t> reported(graph_.node_count(), 0);
  size_t unreported = graph_.node_count();
  uint32_t limit = spec.max_depth;
  uint64_t hard_stop = uint64_t{spec.min_depth} + graph_.node_count() + 1;
  for (uint32_t depth = 1; depth <= limit && depth <= hard_stop && !frontier.empty() && unreported > 0; ++depth) {
    next.clear();
    for (uint32_t v : frontier) {
      ForEachStep(v, spec, [&](uint32_t w, EdgeId, bool) {
        if (level_mark[w] != depth) {
          level_mark[w] = depth;
          next.push_back(w);
        }
      });
    }
    if (depth >= spec.min_depth) {
      for (uint32_t w : next) {
        if (!reported[w]) {
          reported[w] = 1;
          --unreported;
          emit(w, depth);
        }
      }
    }
    frontier.swap(next);
  }
}

std::vector<Reached> Walker::Closure(NodeId start, const WalkSpec& spec) {
  std::vector<Reached> out;
  Bfs(start, spec, [&](NodeId n, uint32_t d) { out.push_back({n, d}); });
  return out;
}

size_t Walker::ClosureSize(NodeId start, const WalkSpec& spec) {
  size_t count = 0;
  Bfs(start, spec, [&](NodeId, uint32_t) { ++count; });
  return count;
}

Walker::Path Walker::ShortestPath(NodeId from, NodeId to, const WalkSpec& spec) {
  Path path;
  size_t n = graph_.node_count();
  if (from >= n || to >= n || !graph_.NodeValid(from, spec.at) || !graph_.NodeValid(to, spec.at)) return path;
  if (from == to) {
    path.nodes.push_back(from);
    return path;
  }
  Prepare(spec);
  if (parent_edge_.size() < n) parent_edge_.resize(n);
  std::vector<uint32_t> frontier{static_cast<uint32_t>(from)}, next;
  std::vector<uint32_t> parent_node(0);
  Mark(static_cast<uint32_t>(from));
  bool found = false;
  // parent_edge_ holds the edge we arrived by; the previous node is its other end.
  for (uint32_t depth = 1; depth <= spec.max_depth && !frontier.empty() && !found; ++depth) {
    next.clear();
    for (uint32_t v : frontier) {
      ForEachStep(v, spec, [&](uint32_t w, EdgeId e, bool) {
        if (found || !Mark(w)) return;
        parent_edge_[w] = static_cast<uint32_t>(e);
        next.push_back(w);
        if (w == to) found = true;
      });
      if (found) break;
    }
    frontier.swap(next);
  }
  if (!found) return path;
  for (NodeId v = to; v != from;) {
    EdgeId e = parent_edge_[v];
    path.nodes.push_back(v);
    path.edges.push_back(e);
    v = graph_.EdgeSource(e) == v ? graph_.EdgeTarget(e) : graph_.EdgeSource(e);
  }
  path.nodes.push_back(from);
  std::reverse(path.nodes.begin(), path.nodes.end());
  std::reverse(path.edges.begin(), path.edges.end());
  return path;
}

std::vector<Walker::Neighbour> Walker::Neighbours(NodeId node, const WalkSpec& spec) {
  std::vector<Neighbour> out;
  if (node >= graph_.node_count() || !graph_.NodeValid(node, spec.at)) return out;
  PrepareStep(spec);  // one step: no visited marks to size or clear
  ForEachStep(node, spec, [&](uint32_t w, EdgeId e, bool outgoing) { out.push_back({e, w, outgoing}); });
  return out;
}

namespace {

struct EdgeKeep {
  const Graph* graph = nullptr;
  const std::vector<uint8_t>* allowed = nullptr;
  const std::vector<uint8_t>* member = nullptr;
  Timestamp at;
  bool operator()(const boost::graph_traits<CsrGraph>::edge_descriptor& e) const {
    const CsrEdge& info = (*csr)[e];
    if (!allowed->empty() && (info.type >= allowed->size() || !(*allowed)[info.type])) return false;
    if (!(*member)[boost::target(e, *csr)] || !(*member)[boost::source(e, *csr)]) return false;
    return graph->EdgeValid(info.edge, at);
  }
  const CsrGraph* csr = nullptr;
};

struct VertexKeep {
  const std::vector<uint8_t>* member = nullptr;
  bool operator()(uint32_t v) const { return (*member)[v]; }
};

struct CycleFound {
  uint32_t vertex;
};

class CycleDetector : public boost::dfs_visitor<> {
 public:
  template <typename Edge, typename G>
  void back_edge(const Edge& e, const G& g) {
    throw CycleFound{static_cast<uint32_t>(boost::source(e, g))};
  }
};

}  // namespace

Result<std::vector<NodeId>> TopologicalOrder(const Graph& graph, const std::vector<NodeId>& nodes,
                                             const std::vector<uint32_t>& edge_types, Timestamp at) {
  const Adjacency& adj = graph.adjacency();
  size_t n = graph.node_count();
  std::vector<uint8_t> member(n, 0);
  if (nodes.empty()) {
    for (NodeId v = 0; v < n; ++v) member[v] = graph.NodeValid(v, at);
  } else {
    for (NodeId v : nodes) {
      if (v < n && graph.NodeValid(v, at)) member[v] = 1;
    }
  }
  std::vector<uint8_t> allowed;
  for (uint32_t t : edge_types) {
    if (t >= allowed.size()) allowed.resize(t + 1, 0);
    allowed[t] = 1;
  }
  if (!edge_types.empty() && allowed.empty()) allowed.push_back(0);
  EdgeKeep keep_edge;
  keep_edge.graph = &graph;
  keep_edge.allowed = &allowed;
  keep_edge.member = &member;
  keep_edge.at = at;
  keep_edge.csr = &adj.out;
  boost::filtered_graph<CsrGraph, EdgeKeep, VertexKeep> g(adj.out, keep_edge, VertexKeep{&member});
  std::vector<uint32_t> reverse_order;
  try {
    // topological_sort throws not_a_dag on a cycle; a DFS first names a node on it.
    std::vector<boost::default_color_type> colors(n);
    boost::depth_first_search(
        g, boost::visitor(CycleDetector()).color_map(boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, adj.out))));
    std::fill(colors.begin(), colors.end(), boost::white_color);
    boost::topological_sort(g, std::back_inserter(reverse_order),
                            boost::color_map(boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, adj.out))));
  } catch (const CycleFound& c) {
    return Status::InvalidInput("the graph has a cycle through node " + std::to_string(c.vertex) + " (" +
                                graph.labels().Name(graph.PrimaryLabel(c.vertex)) + ":" +
                                std::string(graph.Key(c.vertex)) + ")");
  } catch (const boost::not_a_dag&) {
    return Status::InvalidInput("the graph has a cycle");
  }
  std::vector<NodeId> out(reverse_order.rbegin(), reverse_order.rend());
  return out;
}

}  // namespace provgraph
