#include "engine/traversal.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/topological_sort.hpp>

#include "engine/adjacency.h"

namespace provgraph {

Walker::Walker(const Graph& graph) : graph_(graph) {}

void Walker::Prepare(const WalkSpec& spec) {
  NewEpoch();
  PrepareStep(spec);
}

void Walker::NewEpoch() {
  size_t n = graph_.node_count();
  if (mark_.size() < n) mark_.resize(n, 0);
  if (++epoch_ == 0) {  // wrapped: clear once every 4 billion walks
    std::fill(mark_.begin(), mark_.end(), 0);
    epoch_ = 1;
  }
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
  // Every kSimple edge is valid at kLatest and from adj.newest_simple on;
  // one of rank r from adj.simple_since[r] on.
  const bool latest = spec.at == kLatest || spec.at.micros >= adj.newest_simple;
  const uint32_t limit = latest ? UINT32_MAX : adj.SimpleLimit(spec.at.micros);
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
      if (check_valid && !((info.flags & CsrEdge::kSimple) && info.rank() < limit) &&
          !graph_.EdgeValid(info.edge, spec.at)) {
        continue;
      }
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
    const uint32_t limit = latest ? UINT32_MAX : adj.SimpleLimit(at.micros);
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
          if (check_valid && !((info.flags & CsrEdge::kSimple) && info.rank() < limit) &&
              !graph.EdgeValid(info.edge, at)) {
            continue;
          }
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
    // Walking both ways, the start was marked up front (else its first
    // edge would lead straight back): it is reached only by a cycle.
    if (spec.min_depth == 1 && spec.direction == Direction::kBoth) {
      if (uint32_t c = ShortestCycleThrough(start, spec)) emit(start, c);
    }
    return;
  }
  std::vector<Reached> out;
  TrailReach(start, spec, out);
  for (const Reached& r : out) emit(r.node, r.depth);
}

// BFS from the start labelling each node with the first edge of its tree
// path (its branch). A non-tree edge between two branches, or back to the
// start, closes a cycle through the start of depth(u) + depth(w) + 1 edges
// (the two tree paths share only the start), and the shortest such edge
// gives the shortest cycle: going round any cycle through the start, some
// edge changes branch or returns to the start over a non-tree edge, and
// its ends are no deeper than their places on the cycle. Scanning level by
// level, a cycle found from level k has 2k+1 or 2k+2 edges, so the level
// where one is first found holds the shortest.
uint32_t Walker::ShortestCycleThrough(NodeId start, const WalkSpec& spec) {
  // What the BFS knows of each node it reached: kept in a hash map, not in
  // arrays over the graph, as the search usually stops within a few levels
  // (a query's Walker is new, and sizing arrays to a large graph would
  // cost more than the search).
  struct Info {
    uint32_t depth, branch, parent_edge;
  };
  constexpr uint32_t kNone = UINT32_MAX;
  const uint32_t s = static_cast<uint32_t>(start);
  std::unordered_map<uint32_t, Info> info;
  info.reserve(64);
  info[s] = Info{0, kNone, kNone};
  uint64_t best = UINT64_MAX;
  std::vector<uint32_t> frontier{s}, next;
  for (uint32_t level = 0; !frontier.empty() && best == UINT64_MAX; ++level) {
    if (uint64_t{2} * level + 1 > spec.max_depth) break;
    next.clear();
    for (uint32_t u : frontier) {
      const Info iu = info.at(u);
      ForEachStep(u, spec, [&](uint32_t w, EdgeId e, bool) {
        const uint32_t edge = static_cast<uint32_t>(e);
        if (w == u) {  // a self-loop: a cycle through u, not the start unless u is it
          if (u == s) best = std::min<uint64_t>(best, 1);
          return;
        }
        auto [it, fresh] = info.try_emplace(w, Info{level + 1, u == s ? edge : iu.branch, edge});
        if (fresh) {
          next.push_back(w);
          return;
        }
        const Info& iw = it->second;
        if (edge == iu.parent_edge || edge == iw.parent_edge) return;  // a tree edge, seen again
        if (iw.branch == iu.branch) return;                            // a cycle missing the start
        best = std::min<uint64_t>(best, uint64_t{iu.depth} + iw.depth + 1);
      });
    }
    frontier.swap(next);
  }
  return best <= spec.max_depth ? static_cast<uint32_t>(best) : 0;
}

void Walker::TrailReach(NodeId start, const WalkSpec& spec, std::vector<Reached>& out) {
  const size_t n = graph_.node_count();
  const uint32_t min = spec.min_depth, max = spec.max_depth;  // edges
  const uint32_t s = static_cast<uint32_t>(start);
  // BFS distances (up to max): a shortest path is a trail, so every node
  // whose distance is within the bounds is in, at that distance. The
  // nearer ones (the start too) are candidates a longer trail may reach.
  NewEpoch();
  if (depth_.size() < n) depth_.resize(n);
  if (branch_.size() < n) branch_.resize(n);
  if (pending_.size() < n) pending_.resize(n, 0);
  std::vector<uint32_t> seen{s};
  Mark(s);
  depth_[s] = 0;
  for (size_t head = 0; head < seen.size(); ++head) {
    uint32_t v = seen[head];
    if (depth_[v] >= max) continue;
    ForEachStep(v, spec, [&](uint32_t w, EdgeId, bool) {
      if (!Mark(w)) return;
      depth_[w] = depth_[v] + 1;
      seen.push_back(w);
    });
  }
  // pending_[v]: a candidate not yet reached by a qualifying trail (all
  // zero again on return); branch_[v]: v's index in `seen` (valid where
  // marked, until the next epoch).
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < seen.size(); ++i) {
    uint32_t v = seen[i];
    branch_[v] = static_cast<uint32_t>(i);
    if (depth_[v] >= min) {
      out.push_back({v, depth_[v]});
    } else {
      pending_[v] = 1;
      candidates.push_back(v);
    }
  }
  size_t unresolved = candidates.size();
  auto resolve = [&](uint32_t v, uint32_t length) {
    if (!pending_[v]) return;
    pending_[v] = 0;
    --unresolved;
    out.push_back({v, length});
  };
  TrailCandidates(s, spec, seen, unresolved, resolve);
  for (uint32_t v : candidates) pending_[v] = 0;
}

template <typename Resolve>
void Walker::TrailCandidates(uint32_t s, const WalkSpec& spec, const std::vector<uint32_t>& seen, size_t& unresolved,
                             Resolve&& resolve) {
  if (unresolved == 0) return;
  const uint32_t min = spec.min_depth, max = spec.max_depth;
  const uint32_t seen_epoch = epoch_;
  auto local = [&](uint32_t w) { return mark_[w] == seen_epoch ? branch_[w] : UINT32_MAX; };
  if (spec.direction != Direction::kBoth) {
    // No directed cycle among the reached nodes (Kahn's peeling): every
    // walk is a path, so the level sets of walks are exact and end after
    // the longest path.
    std::vector<uint32_t> indegree(seen.size(), 0), ready;
    for (uint32_t v : seen) {
      ForEachStep(v, spec, [&](uint32_t w, EdgeId, bool) {
        if (local(w) != UINT32_MAX) ++indegree[local(w)];
      });
    }
    for (size_t i = 0; i < seen.size(); ++i) {
      if (indegree[i] == 0) ready.push_back(seen[i]);
    }
    size_t peeled = 0;
    while (!ready.empty()) {
      uint32_t v = ready.back();
      ready.pop_back();
      ++peeled;
      ForEachStep(v, spec, [&](uint32_t w, EdgeId, bool) {
        if (local(w) != UINT32_MAX && --indegree[local(w)] == 0) ready.push_back(w);
      });
    }
    if (peeled == seen.size()) {
      std::vector<uint32_t> level_mark(seen.size(), UINT32_MAX);
      std::vector<uint32_t> frontier{s}, next;
      for (uint32_t depth = 1; depth <= max && !frontier.empty() && unresolved > 0; ++depth) {
        next.clear();
        for (uint32_t v : frontier) {
          ForEachStep(v, spec, [&](uint32_t w, EdgeId, bool) {
            uint32_t i = local(w);
            if (i == UINT32_MAX || level_mark[i] == depth) return;
            level_mark[i] = depth;
            next.push_back(w);
          });
        }
        if (depth >= min) {
          for (uint32_t w : next) resolve(w, depth);
        }
        frontier.swap(next);
      }
      return;
    }
  }
  // Cycles: enumerate the trails of exactly `min` edges; past the end of
  // each, any trail continues as a path avoiding its edges, so a BFS
  // without them (up to max - min more edges) finds every node a longer
  // trail with that beginning reaches.
  std::vector<EdgeId> used;
  std::vector<uint32_t> frontier, next;
  auto beyond = [&](uint32_t from) {
    NewEpoch();
    Mark(from);
    resolve(from, min);
    frontier.assign(1, from);
    for (uint32_t extra = 1; extra <= max - min && !frontier.empty() && unresolved > 0; ++extra) {
      next.clear();
      for (uint32_t v : frontier) {
        ForEachStep(v, spec, [&](uint32_t w, EdgeId e, bool) {
          if (std::find(used.begin(), used.end(), e) != used.end() || !Mark(w)) return;
          resolve(w, min + extra);
          next.push_back(w);
        });
      }
      frontier.swap(next);
    }
  };
  auto extend = [&](auto&& self, uint32_t v) -> void {
    if (used.size() == min) return beyond(v);
    ForEachStep(v, spec, [&](uint32_t w, EdgeId e, bool) {
      if (unresolved == 0 || std::find(used.begin(), used.end(), e) != used.end()) return;
      used.push_back(e);
      self(self, w);
      used.pop_back();
    });
  };
  if (unresolved > 0) extend(extend, s);
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
