#include "query/executor/matcher.h"

#include <algorithm>

#include "query/common/str_cat.h"
#include "query/executor/evaluator.h"

namespace provgraph::query {

using T = QueryValue::Type;

Direction DirectionOf(ast::RelDirection d) {
  switch (d) {
    case ast::RelDirection::kOutgoing: return Direction::kDownstream;
    case ast::RelDirection::kIncoming: return Direction::kUpstream;
    case ast::RelDirection::kUndirected: return Direction::kBoth;
  }
  return Direction::kBoth;
}

std::string Matcher::DescribeStart(const ast::NodePattern& n) {
  bool key = false;
  if (n.properties && n.properties->kind == ast::ExprKind::kMap) {
    for (const auto& e : n.properties->As<ast::MapExpr>().entries) key = key || e.key == "key";
  }
  if (!n.labels.empty() && key) return StrCat({"NodeByKey(:", n.labels[0], " {key})"});
  if (!n.labels.empty()) return StrCat({"NodeByLabelScan(:", n.labels[0], ")"});
  return "AllNodesScan";
}

bool Matcher::NodeMatches(const ast::NodePattern& n, NodeId id, Row& row) {
  const Graph& g = ctx_.graph;
  if (!g.NodeValid(id, ctx_.at)) return false;
  for (const auto& label : n.labels) {
    auto l = g.labels().Find(label);
    if (!l || !g.HasLabel(id, *l, ctx_.at)) return false;
  }
  if (n.properties) {
    QueryValue props = Evaluate(*n.properties, row, ctx_);
    if (props.type() != T::kMap) Fail(n.properties->pos, "a pattern's properties must be a map");
    QueryValue self(NodeRef{id});
    for (const auto& [k, v] : props.as_map()) {
      if (Equals(PropertyOf(self, k, ctx_, n.pos), v) != true) return false;
    }
  }
  return true;
}

bool Matcher::EdgeMatches(const ast::RelationshipPattern& r, EdgeId e, Row& row) {
  if (!r.properties) return true;
  QueryValue props = Evaluate(*r.properties, row, ctx_);
  if (props.type() != T::kMap) Fail(r.properties->pos, "a pattern's properties must be a map");
  QueryValue self(EdgeRef{e});
  for (const auto& [k, v] : props.as_map()) {
    if (Equals(PropertyOf(self, k, ctx_, r.pos), v) != true) return false;
  }
  return true;
}

std::vector<NodeId> Matcher::Candidates(const ast::NodePattern& n, Row& row) {
  const Graph& g = ctx_.graph;
  std::vector<NodeId> out;
  int slot = ctx_.bound.SlotOf(&n);
  if (slot >= 0 && row[slot].type() == T::kNode) {
    if (NodeMatches(n, row[slot].as_node().id, row)) out.push_back(row[slot].as_node().id);
    return out;
  }
  bool introduced_here = new_slots_ && std::find(new_slots_->begin(), new_slots_->end(), slot) != new_slots_->end();
  if (slot >= 0 && !introduced_here) return out;  // bound earlier to null (OPTIONAL MATCH): matches nothing
  // Index lookup: a label and a key fix the node.
  if (!n.labels.empty() && n.properties && n.properties->kind == ast::ExprKind::kMap) {
    for (const auto& e : n.properties->As<ast::MapExpr>().entries) {
      if (e.key != "key") continue;
      QueryValue key = Evaluate(*e.value, row, ctx_);
      if (key.type() != T::kString) return out;
      for (const auto& label : n.labels) {
        auto id = g.FindNode(label, key.as_string());
        if (id && NodeMatches(n, *id, row)) {
          out.push_back(*id);
          return out;
        }
      }
      // Not the primary label of any node with that key: scan below.
      break;
    }
  }
  std::optional<uint32_t> label;
  if (!n.labels.empty()) {
    label = g.labels().Find(n.labels[0]);
    if (!label) return out;
  }
  for (NodeId id = 0; id < g.node_count(); ++id) {
    if (label && !g.HasLabel(id, *label, ctx_.at)) continue;
    if (NodeMatches(n, id, row)) out.push_back(id);
  }
  return out;
}

std::vector<uint32_t> Matcher::TypeIds(const ast::RelationshipPattern& r, bool& none_exist) {
  std::vector<uint32_t> ids;
  none_exist = false;
  for (const auto& t : r.types) {
    if (auto id = ctx_.graph.edge_types().Find(t)) ids.push_back(*id);
  }
  none_exist = !r.types.empty() && ids.empty();
  return ids;
}

void Matcher::Finish(State& s, Row& row) {
  s.found = true;
  if (s.pattern && !s.pattern->path_variable.empty()) {
    row[ctx_.bound.SlotOf(s.pattern)] = QueryValue(PathValue{s.nodes, s.edges});
  }
  if (s.emit) (*s.emit)(row);
}

void Matcher::Trails(State& s, size_t i, NodeId from, NodeId current, uint32_t depth, std::vector<EdgeId>& trail,
                     Row& row) {
  (void)from;
  const auto& r = s.chain->relationships[i];
  const auto& next = s.chain->nodes[i + 1];
  uint32_t min = r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
  uint32_t max = r.var_length->max_hops ? static_cast<uint32_t>(*r.var_length->max_hops) : UINT32_MAX;
  if (depth >= min) {
    int slot = ctx_.bound.SlotOf(&next);
    bool ok = NodeMatches(next, current, row);
    if (ok && slot >= 0 && row[slot].type() == T::kNode) ok = row[slot].as_node().id == current;
    if (ok) {
      int rslot = ctx_.bound.SlotOf(&r);
      QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
      if (rslot >= 0) {
        QueryList edges;
        for (EdgeId e : trail) edges.emplace_back(EdgeRef{e});
        row[rslot] = QueryValue(std::move(edges));
      }
      if (slot >= 0) row[slot] = QueryValue(NodeRef{current});
      size_t nodes_before = s.nodes.size(), edges_before = s.edges.size();
      // The path records every hop of the trail.
      NodeId walk = s.nodes.back();
      for (EdgeId e : trail) {
        walk = ctx_.graph.EdgeSource(e) == walk ? ctx_.graph.EdgeTarget(e) : ctx_.graph.EdgeSource(e);
        s.edges.push_back(e);
        s.nodes.push_back(walk);
      }
      Step(s, i + 1, current, row);
      s.nodes.resize(nodes_before);
      s.edges.resize(edges_before);
      if (slot >= 0) row[slot] = saved;
    }
  }
  if (depth >= max || Done(s)) return;
  bool none;
  WalkSpec spec;
  spec.direction = DirectionOf(r.direction);
  spec.edge_types = TypeIds(r, none);
  if (none) return;
  spec.at = ctx_.at;
  for (const auto& nb : ctx_.walker.Neighbours(current, spec)) {
    if (std::find(trail.begin(), trail.end(), nb.edge) != trail.end()) continue;
    if (std::find(s.edges.begin(), s.edges.end(), nb.edge) != s.edges.end()) continue;
    if (!EdgeMatches(r, nb.edge, row)) continue;
    trail.push_back(nb.edge);
    Trails(s, i, from, nb.node, depth + 1, trail, row);
    trail.pop_back();
    if (Done(s)) return;
  }
}

// Node i of the chain is matched to `at`; extend with relationship i.
void Matcher::Step(State& s, size_t i, NodeId at, Row& row) {
  if (Done(s)) return;
  const auto& chain = *s.chain;
  if (i == chain.relationships.size()) {
    Finish(s, row);
    return;
  }
  const auto& r = chain.relationships[i];
  const auto& next = chain.nodes[i + 1];
  bool none;
  WalkSpec spec;
  spec.direction = DirectionOf(r.direction);
  spec.edge_types = TypeIds(r, none);
  spec.at = ctx_.at;
  if (none) return;
  int next_slot = ctx_.bound.SlotOf(&next);
  auto bind_next = [&](NodeId n, auto&& then) {
    if (next_slot >= 0 && row[next_slot].type() == T::kNode) {
      if (row[next_slot].as_node().id != n) return;
      if (!NodeMatches(next, n, row)) return;
      then();
      return;
    }
    if (!NodeMatches(next, n, row)) return;
    QueryValue saved = next_slot >= 0 ? row[next_slot] : QueryValue();
    if (next_slot >= 0) row[next_slot] = QueryValue(NodeRef{n});
    then();
    if (next_slot >= 0) row[next_slot] = saved;
  };
  if (!r.var_length) {
    int rslot = ctx_.bound.SlotOf(&r);
    for (const auto& nb : ctx_.walker.Neighbours(at, spec)) {
      if (std::find(s.edges.begin(), s.edges.end(), nb.edge) != s.edges.end()) continue;  // each edge once
      if (!EdgeMatches(r, nb.edge, row)) continue;
      bind_next(nb.node, [&] {
        if (rslot >= 0) row[rslot] = QueryValue(EdgeRef{nb.edge});
        s.nodes.push_back(nb.node);
        s.edges.push_back(nb.edge);
        Step(s, i + 1, nb.node, row);
        s.nodes.pop_back();
        s.edges.pop_back();
      });
      if (Done(s)) return;
    }
    return;
  }
  bool needs_trails = ctx_.bound.SlotOf(&r) >= 0 || r.properties ||
                      (s.pattern && !s.pattern->path_variable.empty());
  if (needs_trails) {
    std::vector<EdgeId> trail;
    Trails(s, i, at, at, 0, trail, row);
    return;
  }
  // Reachability: each reachable node once, by the engine's walk.
  spec.min_depth = r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
  spec.max_depth = r.var_length->max_hops ? static_cast<uint32_t>(*r.var_length->max_hops) : UINT32_MAX;
  std::vector<Reached> reached = ctx_.walker.Closure(at, spec);
  for (const Reached& x : reached) {
    bind_next(x.node, [&] {
      s.nodes.push_back(x.node);
      Step(s, i + 1, x.node, row);
      s.nodes.pop_back();
    });
    if (Done(s)) return;
  }
}

void Matcher::Match(const ast::PathPattern& pattern, Row& row, const std::function<void(Row&)>& emit) {
  State s;
  s.pattern = &pattern;
  s.chain = &pattern.chain;
  s.emit = &emit;
  const auto& first = pattern.chain.nodes[0];
  int slot = ctx_.bound.SlotOf(&first);
  if (pattern.kind != ast::PathKind::kPlain) {
    const auto& r = pattern.chain.relationships[0];
    const auto& last = pattern.chain.nodes[1];
    bool none;
    WalkSpec spec;
    spec.direction = DirectionOf(r.direction);
    spec.edge_types = TypeIds(r, none);
    spec.at = ctx_.at;
    if (r.var_length && r.var_length->max_hops) spec.max_depth = static_cast<uint32_t>(*r.var_length->max_hops);
    if (!r.var_length) spec.max_depth = 1;
    if (none) return;
    int last_slot = ctx_.bound.SlotOf(&last);
    int rslot = ctx_.bound.SlotOf(&r);
    for (NodeId a : Candidates(first, row)) {
      for (NodeId b : Candidates(last, row)) {
        Walker::Path p = ctx_.walker.ShortestPath(a, b, spec);
        if (p.nodes.empty()) continue;
        uint32_t min = r.var_length && r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
        if (p.edges.size() < min) continue;
        Row out = row;
        if (slot >= 0) out[slot] = QueryValue(NodeRef{a});
        if (last_slot >= 0) out[last_slot] = QueryValue(NodeRef{b});
        if (rslot >= 0) {
          QueryList edges;
          for (EdgeId e : p.edges) edges.emplace_back(EdgeRef{e});
          out[rslot] = QueryValue(std::move(edges));
        }
        if (!pattern.path_variable.empty()) out[ctx_.bound.SlotOf(&pattern)] = QueryValue(PathValue{p.nodes, p.edges});
        emit(out);
      }
    }
    return;
  }
  for (NodeId a : Candidates(first, row)) {
    QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
    if (slot >= 0) row[slot] = QueryValue(NodeRef{a});
    s.nodes.assign(1, a);
    s.edges.clear();
    Step(s, 0, a, row);
    if (slot >= 0) row[slot] = saved;
  }
}

bool Matcher::Exists(const ast::PatternChain& chain, Row& row) {
  State s;
  s.chain = &chain;
  s.stop_after_first = true;
  for (NodeId a : Candidates(chain.nodes[0], row)) {
    int slot = ctx_.bound.SlotOf(&chain.nodes[0]);
    QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
    if (slot >= 0) row[slot] = QueryValue(NodeRef{a});
    s.nodes.assign(1, a);
    s.edges.clear();
    Step(s, 0, a, row);
    if (slot >= 0) row[slot] = saved;
    if (s.found) return true;
  }
  return false;
}

}  // namespace provgraph::query
