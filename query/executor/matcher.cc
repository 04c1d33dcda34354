#include "query/executor/matcher.h"

#include <algorithm>
#include <unordered_map>

#include "query/common/str_cat.h"
#include "query/executor/evaluator.h"

namespace provgraph::query {

using T = QueryValue::Type;

Direction DirectionOf(ast::RelDirection d) {
  switch (d) {
    case ast::RelDirection::kOutgoing:
      return Direction::kDownstream;
    case ast::RelDirection::kIncoming:
      return Direction::kUpstream;
    case ast::RelDirection::kUndirected:
      return Direction::kBoth;
  }
  return Direction::kBoth;
}

Direction Matcher::DirAt(const State& s, size_t i) const {
  Direction d = DirectionOf(RelAt(s, i).direction);
  if (!s.reversed || d == Direction::kBoth) return d;
  return d == Direction::kUpstream ? Direction::kDownstream : Direction::kUpstream;
}

bool Matcher::Pass(State& s, size_t pos, Row& row) {
  if (!s.plan) return true;
  for (const ast::Expr* f : s.plan->filters[pos]) {
    if (!Holds(*f, row, ctx_)) return false;
  }
  ++s.plan->rows[pos];
  return true;
}

// A property map written out whose keys are distinct and few: its entries
// can be checked one by one, no map value built.
static bool DistinctFewKeys(const ast::Expr& props, size_t most) {
  if (props.kind != ast::ExprKind::kMap) return false;
  const auto& entries = props.As<ast::MapExpr>().entries;
  if (entries.size() > most) return false;
  for (size_t i = 0; i < entries.size(); ++i) {
    for (size_t j = i + 1; j < entries.size(); ++j) {
      if (entries[i].key == entries[j].key) return false;
    }
  }
  return true;
}

bool Matcher::NodeMatches(const ast::NodePattern& n, NodeId id, Row& row, const ast::Expr* found_by_key,
                          const std::string* primary_label) {
  const Graph& g = ctx_.graph;
  if (!g.NodeValid(id, ctx_.at)) return false;
  for (const auto& label : n.labels) {
    if (primary_label && label == *primary_label) continue;  // a valid node has its primary label
    auto l = g.labels().Find(label);
    if (!l || !g.HasLabel(id, *l, ctx_.at)) return false;
  }
  constexpr size_t kFew = 8;
  if (n.properties && DistinctFewKeys(*n.properties, kFew)) {
    // Every value first (as the map would be), then the comparisons; the
    // entry the key index found `id` by holds already.
    const auto& entries = n.properties->As<ast::MapExpr>().entries;
    boost::container::small_vector<QueryValue, 4> values(entries.size());
    for (size_t k = 0; k < entries.size(); ++k) {
      if (entries[k].value.get() != found_by_key) values[k] = Evaluate(*entries[k].value, row, ctx_);
    }
    QueryValue self(NodeRef{id});
    for (size_t k = 0; k < entries.size(); ++k) {
      if (entries[k].value.get() == found_by_key) continue;
      if (Equals(PropertyOf(self, entries[k].key, ctx_, n.pos), values[k]) != true) return false;
    }
    return true;
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

StartKind Matcher::DefaultStart(const ast::NodePattern& n, Row& row, const ast::Expr*& key) const {
  key = nullptr;
  (void)row;
  // A named node of a pattern predicate is always bound (perhaps to null).
  if (ctx_.bound.SlotOf(&n) >= 0) return StartKind::kBound;
  if (n.properties && n.properties->kind == ast::ExprKind::kMap) {
    for (const auto& e : n.properties->As<ast::MapExpr>().entries) {
      if (e.key == "key") key = e.value.get();
    }
  }
  if (key) return n.labels.empty() ? StartKind::kNodeByKeyAnyLabel : StartKind::kNodeByKey;
  return n.labels.empty() ? StartKind::kAllNodesScan : StartKind::kNodeByLabelScan;
}

Matcher::NodeList Matcher::Candidates(const ast::NodePattern& n, StartKind start, const ast::Expr* key, Row& row) {
  const Graph& g = ctx_.graph;
  NodeList out;
  int slot = ctx_.bound.SlotOf(&n);
  switch (start) {
    case StartKind::kBound:
      // Bound to null (OPTIONAL MATCH) matches nothing.
      if (slot >= 0 && row[slot].type() == T::kNode && NodeMatches(n, row[slot].as_node().id, row)) {
        out.push_back(row[slot].as_node().id);
      }
      return out;
    case StartKind::kNodeByKey: {
      QueryValue scratch;
      const QueryValue& k = EvaluateInPlace(*key, row, ctx_, scratch);
      if (k.type() != T::kString) return out;
      for (const auto& label : n.labels) {
        auto id = g.FindNode(label, k.as_string());
        if (id && NodeMatches(n, *id, row, key, &label)) {
          out.push_back(*id);
          return out;
        }
      }
      break;  // not the primary label of any node with that key: scan below
    }
    case StartKind::kNodeByKeyAnyLabel: {
      QueryValue scratch;
      const QueryValue& k = EvaluateInPlace(*key, row, ctx_, scratch);
      if (k.type() != T::kString) return out;
      // Every node has a primary label: one probe per label finds them all.
      for (uint32_t l = 0; l < g.labels().size(); ++l) {
        auto id = g.FindNode(l, k.as_string());
        if (id && NodeMatches(n, *id, row, key)) out.push_back(*id);
      }
      std::sort(out.begin(), out.end());  // the order of a scan
      return out;
    }
    case StartKind::kNodeByLabelScan:
    case StartKind::kAllNodesScan:
      break;
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

bool Matcher::EdgeUsed(const State& s, EdgeId e) const {
  if (std::find(s.edges.begin(), s.edges.end(), e) != s.edges.end()) return true;
  return s.plan && std::find(clause_edges_.begin(), clause_edges_.end(), e) != clause_edges_.end();
}

bool Matcher::AnyClauseEdgeOfSpec(const State& s, const WalkSpec& spec) const {
  auto of_spec = [&](EdgeId e) {
    return spec.edge_types.empty() ||
           std::find(spec.edge_types.begin(), spec.edge_types.end(), ctx_.graph.EdgeType(e)) != spec.edge_types.end();
  };
  return std::any_of(clause_edges_.begin(), clause_edges_.end(), of_spec) ||
         std::any_of(s.edges.begin(), s.edges.end(), of_spec);
}

bool Matcher::ReachMatchesHold(const State& s) {
  std::vector<EdgeId> avoid;
  for (const ReachMatch& m : clause_reach_) {
    if (!AnyClauseEdgeOfSpec(s, m.spec)) continue;  // no matched relationship could lie on its trail
    if (avoid.empty()) {
      avoid = clause_edges_;
      avoid.insert(avoid.end(), s.edges.begin(), s.edges.end());
      std::sort(avoid.begin(), avoid.end());
    }
    if (!TrailAvoiding(m, avoid)) return false;
  }
  return true;
}

bool Matcher::TrailAvoiding(const ReachMatch& m, const std::vector<EdgeId>& avoid) {
  const WalkSpec& spec = m.spec;
  if (spec.min_depth == 0 && m.from == m.to) return true;  // the empty trail
  auto usable = [&](const Walker::Neighbour& nb, NodeId at) {
    return !SecondLoopSide(spec, nb, at) && !std::binary_search(avoid.begin(), avoid.end(), nb.edge);
  };
  if (spec.min_depth <= 1 && m.from != m.to) {
    // The shortest walk between two distinct nodes is a path, so a trail
    // within [1, max] exists iff a breadth-first walk avoiding `avoid`
    // finds `to` by max. The walk's nodes are kept for the next rows of the
    // same start and clause relationships (every `to` of one closure).
    const bool cached = avoid_walk_.valid && avoid_walk_.from == m.from && avoid_walk_.avoid == avoid &&
                        avoid_walk_.spec.direction == spec.direction &&
                        avoid_walk_.spec.edge_types == spec.edge_types &&
                        avoid_walk_.spec.max_depth == spec.max_depth && avoid_walk_.spec.at == spec.at;
    if (!cached) {
      const size_t n = ctx_.graph.node_count();
      if (avoid_walk_.mark.size() < n) avoid_walk_.mark.resize(n, 0);
      if (++avoid_walk_.epoch == 0) {  // wrapped: clear the marks once
        std::fill(avoid_walk_.mark.begin(), avoid_walk_.mark.end(), 0);
        avoid_walk_.epoch = 1;
      }
      const uint32_t epoch = avoid_walk_.epoch;
      std::vector<NodeId> frontier{m.from}, next;
      for (uint32_t d = 1; d <= spec.max_depth && !frontier.empty(); ++d) {
        next.clear();
        for (NodeId v : frontier) {
          for (const auto& nb : ctx_.walker.Neighbours(v, spec)) {
            if (!usable(nb, v) || nb.node == m.from || avoid_walk_.mark[nb.node] == epoch) continue;
            avoid_walk_.mark[nb.node] = epoch;
            next.push_back(nb.node);
          }
        }
        frontier.swap(next);
      }
      avoid_walk_.valid = true;
      avoid_walk_.from = m.from;
      avoid_walk_.spec = spec;
      avoid_walk_.avoid = avoid;
    }
    return m.to < avoid_walk_.mark.size() && avoid_walk_.mark[m.to] == avoid_walk_.epoch;
  }
  // Back to the start, or at least min_depth edges: search the trails
  // themselves (stops at the first that fits).
  std::vector<EdgeId> trail;
  auto search = [&](auto&& self, NodeId at) -> bool {
    const auto depth = static_cast<uint32_t>(trail.size());
    if (depth >= std::max<uint32_t>(spec.min_depth, 1) && at == m.to) return true;
    if (depth >= spec.max_depth) return false;
    for (const auto& nb : ctx_.walker.Neighbours(at, spec)) {
      if (!usable(nb, at) || std::find(trail.begin(), trail.end(), nb.edge) != trail.end()) continue;
      trail.push_back(nb.edge);
      const bool found = self(self, nb.node);
      trail.pop_back();
      if (found) return true;
    }
    return false;
  };
  return search(search, m.from);
}

void Matcher::Finish(State& s, Row& row) {
  if (s.plan && !clause_reach_.empty() && !ReachMatchesHold(s)) return;
  if (s.pattern && !s.pattern->path_variable.empty()) {
    row[ctx_.bound.SlotOf(s.pattern)] = QueryValue(
        PathValue{std::vector<NodeId>(s.nodes.begin(), s.nodes.end()), std::vector<EdgeId>(s.edges.begin(), s.edges.end())});
  }
  if (!Pass(s, s.chain->nodes.size(), row)) return;
  s.found = true;
  if (!s.emit) return;
  if (!s.plan || s.edges.empty()) {
    (*s.emit)(row);
    return;
  }
  // The clause's later patterns run inside this emit: they must not match
  // these relationships again.
  size_t before = clause_edges_.size();
  clause_edges_.insert(clause_edges_.end(), s.edges.begin(), s.edges.end());
  (*s.emit)(row);
  clause_edges_.resize(before);
}

void Matcher::Trails(State& s, size_t i, NodeId from, NodeId current, uint32_t depth, std::vector<EdgeId>& trail,
                     Row& row) {
  (void)from;
  const auto& r = RelAt(s, i);
  const auto& next = NodeAt(s, i + 1);
  uint32_t min = r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
  uint32_t max = r.var_length->max_hops ? static_cast<uint32_t>(*r.var_length->max_hops) : UINT32_MAX;
  if (depth >= min) {
    int slot = ctx_.bound.SlotOf(&next);
    bool ok = !CheckNode(s, i + 1) || NodeMatches(next, current, row);
    if (ok && slot >= 0 && row[slot].type() == T::kNode) {
      ok = row[slot].as_node().id == current;
    } else if (ok && slot >= 0 && BoundBefore(s, i + 1)) {
      ok = false;  // bound to null: matches nothing
    }
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
      if (Pass(s, i + 1, row)) Step(s, i + 1, current, row);
      s.nodes.resize(nodes_before);
      s.edges.resize(edges_before);
      if (slot >= 0) row[slot] = saved;
    }
  }
  if (depth >= max || Done(s)) return;
  bool none;
  WalkSpec spec;
  spec.direction = DirAt(s, i);
  spec.edge_types = TypeIds(r, none);
  if (none) return;
  spec.at = ctx_.at;
  for (const auto& nb : ctx_.walker.Neighbours(current, spec)) {
    if (SecondLoopSide(spec, nb, current)) continue;
    if (std::find(trail.begin(), trail.end(), nb.edge) != trail.end()) continue;
    if (EdgeUsed(s, nb.edge)) continue;
    if (!EdgeMatches(r, nb.edge, row)) continue;
    trail.push_back(nb.edge);
    Trails(s, i, from, nb.node, depth + 1, trail, row);
    trail.pop_back();
    if (Done(s)) return;
  }
}

bool Matcher::LastStepIsOneRun(const State& s, size_t i, bool check, int next_slot, const Row& row) const {
  // i + 2 is the position after the last node (see PatternPlan::filters);
  // a path variable needs each match's path.
  return s.batch && i + 1 == s.chain->relationships.size() && !check && s.plan->filters[i + 1].empty() &&
         s.plan->filters[i + 2].empty() && s.pattern->path_variable.empty() &&
         !(next_slot >= 0 && (row[next_slot].type() == T::kNode || BoundBefore(s, i + 1))) && clause_reach_.empty();
}

void Matcher::HandOverRun(State& s, size_t i, int next_slot, const std::vector<Reached>& run, Row& row) {
  s.plan->rows[i + 1] += run.size();
  s.plan->rows[i + 2] += run.size();
  if (run.empty()) return;
  s.found = true;
  (*s.batch)(row, next_slot, run);
}

// Node i (in walk order) is matched to `at`; extend with relationship i.
void Matcher::Step(State& s, size_t i, NodeId at, Row& row) {
  if (Done(s)) return;
  if (i == s.chain->relationships.size()) {
    Finish(s, row);
    return;
  }
  const auto& r = RelAt(s, i);
  const auto& next = NodeAt(s, i + 1);
  const bool check = CheckNode(s, i + 1);
  bool none;
  WalkSpec spec;
  spec.direction = DirAt(s, i);
  spec.edge_types = TypeIds(r, none);
  spec.at = ctx_.at;
  if (none) return;
  int next_slot = ctx_.bound.SlotOf(&next);
  auto bind_next = [&](NodeId n, auto&& then) {
    if (next_slot >= 0 && row[next_slot].type() == T::kNode) {
      if (row[next_slot].as_node().id != n) return;
      if (check && !NodeMatches(next, n, row)) return;
      then();
      return;
    }
    if (next_slot >= 0 && BoundBefore(s, i + 1)) return;  // bound to null: matches nothing
    if (check && !NodeMatches(next, n, row)) return;
    QueryValue saved = next_slot >= 0 ? std::move(row[next_slot]) : QueryValue();
    if (next_slot >= 0) row[next_slot] = QueryValue(NodeRef{n});
    then();
    if (next_slot >= 0) row[next_slot] = std::move(saved);
  };
  if (!r.var_length) {
    int rslot = ctx_.bound.SlotOf(&r);
    // A relationship variable bound before this pattern: only that one.
    const bool bound_edge = rslot >= 0 && ctx_.bound.bound_relationships.count(&r);
    EdgeId only = 0;
    if (bound_edge) {
      const QueryValue& v = row[rslot];
      if (v.is_null()) return;  // bound to null: matches nothing
      if (v.type() != T::kEdge) {
        Fail(r.pos, StrCat({"variable `", r.variable, "` is a ", TypeName(v.type()), ", not a relationship"}));
      }
      only = v.as_edge().id;
    }
    // The last step, its relationship unnamed and its nodes needing no
    // check: the matches as one run (as for reachability below).
    if (rslot < 0 && !r.properties && LastStepIsOneRun(s, i, check, next_slot, row)) {
      std::vector<Reached> run;
      for (const auto& nb : ctx_.walker.Neighbours(at, spec)) {
        if (SecondLoopSide(spec, nb, at) || EdgeUsed(s, nb.edge)) continue;
        run.push_back(Reached{nb.node, 1});
      }
      HandOverRun(s, i, next_slot, run, row);
      return;
    }
    for (const auto& nb : ctx_.walker.Neighbours(at, spec)) {
      if (bound_edge && nb.edge != only) continue;
      if (SecondLoopSide(spec, nb, at)) continue;
      if (EdgeUsed(s, nb.edge)) continue;  // each edge once
      if (!EdgeMatches(r, nb.edge, row)) continue;
      bind_next(nb.node, [&] {
        if (rslot >= 0) row[rslot] = QueryValue(EdgeRef{nb.edge});
        s.nodes.push_back(nb.node);
        s.edges.push_back(nb.edge);
        if (Pass(s, i + 1, row)) Step(s, i + 1, nb.node, row);
        s.nodes.pop_back();
        s.edges.pop_back();
      });
      if (Done(s)) return;
    }
    return;
  }
  bool needs_trails = ctx_.bound.SlotOf(&r) >= 0 || r.properties || (s.pattern && !s.pattern->path_variable.empty());
  if (needs_trails) {
    std::vector<EdgeId> trail;
    Trails(s, i, at, at, 0, trail, row);
    return;
  }
  // Reachability: each reachable node once, by the engine's walk (which
  // only reaches nodes valid at the instant).
  spec.min_depth = r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
  spec.max_depth = r.var_length->max_hops ? static_cast<uint32_t>(*r.var_length->max_hops) : UINT32_MAX;
  std::vector<Reached> reached = ctx_.walker.Closure(at, spec);
  // The last step, and nothing left to check for its nodes (i + 2 is the
  // position after the last node, see PatternPlan::filters; a path
  // variable takes the trails branch above): the whole run at once.
  if (LastStepIsOneRun(s, i, check, next_slot, row) && !AnyClauseEdgeOfSpec(s, spec)) {
    HandOverRun(s, i, next_slot, reached, row);
    return;
  }
  for (const Reached& x : reached) {
    bind_next(x.node, [&] {
      s.nodes.push_back(x.node);
      if (s.plan) clause_reach_.push_back(ReachMatch{at, x.node, spec});
      if (Pass(s, i + 1, row)) Step(s, i + 1, x.node, row);
      if (s.plan) clause_reach_.pop_back();
      s.nodes.pop_back();
    });
    if (Done(s)) return;
  }
}

bool Matcher::SecondLoopSide(const WalkSpec& spec, const Walker::Neighbour& nb, NodeId at) {
  // Walking both ways lists a self-loop as leaving and as entering `at`:
  // it is one relationship, matched once.
  return spec.direction == Direction::kBoth && !nb.outgoing && nb.node == at;
}

void Matcher::AllShortestPaths(NodeId a, NodeId b, const WalkSpec& spec, std::vector<Walker::Path>& out) {
  const Graph& g = ctx_.graph;
  if (a >= g.node_count() || b >= g.node_count() || !g.NodeValid(a, spec.at) || !g.NodeValid(b, spec.at)) return;
  if (a == b) {
    out.push_back(Walker::Path{{a}, {}});
    return;
  }
  // BFS distances from a until b's level, then every way back from b
  // through nodes one edge nearer (a shortest path is a path: no edge twice).
  std::unordered_map<NodeId, uint32_t> dist{{a, 0}};
  std::vector<NodeId> frontier{a}, next;
  bool found = false;
  for (uint32_t d = 1; d <= spec.max_depth && !frontier.empty() && !found; ++d) {
    next.clear();
    for (NodeId v : frontier) {
      for (const auto& nb : ctx_.walker.Neighbours(v, spec)) {
        if (!dist.emplace(nb.node, d).second) continue;
        next.push_back(nb.node);
        found = found || nb.node == b;
      }
    }
    frontier.swap(next);
  }
  if (!found) return;
  WalkSpec back = spec;
  if (spec.direction != Direction::kBoth) {
    back.direction = spec.direction == Direction::kDownstream ? Direction::kUpstream : Direction::kDownstream;
  }
  Walker::Path rev;  // from b back towards a
  auto walk = [&](auto&& self, NodeId v) -> void {
    rev.nodes.push_back(v);
    if (v == a) {
      out.push_back(Walker::Path{{rev.nodes.rbegin(), rev.nodes.rend()}, {rev.edges.rbegin(), rev.edges.rend()}});
    } else {
      uint32_t d = dist.at(v);
      for (const auto& nb : ctx_.walker.Neighbours(v, back)) {
        if (SecondLoopSide(back, nb, v)) continue;
        auto it = dist.find(nb.node);
        if (it == dist.end() || it->second + 1 != d) continue;
        rev.edges.push_back(nb.edge);
        self(self, nb.node);
        rev.edges.pop_back();
      }
    }
    rev.nodes.pop_back();
  };
  walk(walk, b);
}

void Matcher::Match(const PatternPlan& plan, Row& row, const std::function<void(Row&)>& emit, const NodeBatch* batch) {
  const ast::PathPattern& pattern = *plan.pattern;
  State s;
  s.pattern = &pattern;
  s.chain = &pattern.chain;
  s.plan = &plan;
  s.reversed = plan.reversed;
  s.emit = &emit;
  s.batch = batch;
  const auto& first = NodeAt(s, 0);
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
    int pslot = pattern.path_variable.empty() ? -1 : ctx_.bound.SlotOf(&pattern);
    uint32_t min = r.var_length && r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
    NodeList ends = Candidates(last, plan.end_start, plan.end_key, row);
    const bool all = pattern.kind == ast::PathKind::kAllShortest;
    std::vector<Walker::Path> paths;
    for (NodeId a : Candidates(first, plan.start, plan.key, row)) {
      ++plan.rows[0];
      for (NodeId b : ends) {
        paths.clear();
        if (all) {
          AllShortestPaths(a, b, spec, paths);
        } else {
          paths.push_back(ctx_.walker.ShortestPath(a, b, spec));
        }
        for (const Walker::Path& p : paths) {
          if (p.nodes.empty() || p.edges.size() < min) continue;
          Row out = row;
          if (slot >= 0) out[slot] = QueryValue(NodeRef{a});
          if (last_slot >= 0) out[last_slot] = QueryValue(NodeRef{b});
          if (rslot >= 0) {
            QueryList edges;
            for (EdgeId e : p.edges) edges.emplace_back(EdgeRef{e});
            out[rslot] = QueryValue(std::move(edges));
          }
          if (pslot >= 0) out[pslot] = QueryValue(PathValue{p.nodes, p.edges});
          if (!Pass(s, pattern.chain.nodes.size(), out)) continue;
          emit(out);
        }
      }
    }
    return;
  }
  for (NodeId a : Candidates(first, plan.start, plan.key, row)) {
    QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
    if (slot >= 0) row[slot] = QueryValue(NodeRef{a});
    if (Pass(s, 0, row)) {
      s.nodes.assign(1, a);
      s.edges.clear();
      Step(s, 0, a, row);
    }
    if (slot >= 0) row[slot] = std::move(saved);
  }
}

std::vector<NodeId> Matcher::Starts(const PatternPlan& plan, Row& row) {
  State s;
  s.pattern = plan.pattern;
  s.chain = &plan.pattern->chain;
  s.plan = &plan;
  s.reversed = plan.reversed;
  const auto& first = NodeAt(s, 0);
  int slot = ctx_.bound.SlotOf(&first);
  std::vector<NodeId> out;
  for (NodeId a : Candidates(first, plan.start, plan.key, row)) {
    QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
    if (slot >= 0) row[slot] = QueryValue(NodeRef{a});
    if (Pass(s, 0, row)) out.push_back(a);
    if (slot >= 0) row[slot] = std::move(saved);
  }
  return out;
}

WalkSpec Matcher::ReachSpec(const PatternPlan& plan, bool& none) {
  State s;
  s.chain = &plan.pattern->chain;
  s.reversed = plan.reversed;
  const auto& r = RelAt(s, 0);
  WalkSpec spec;
  spec.direction = DirAt(s, 0);
  spec.edge_types = TypeIds(r, none);
  spec.at = ctx_.at;
  spec.min_depth = r.var_length->min_hops ? static_cast<uint32_t>(*r.var_length->min_hops) : 1;
  spec.max_depth = r.var_length->max_hops ? static_cast<uint32_t>(*r.var_length->max_hops) : UINT32_MAX;
  return spec;
}

bool Matcher::Exists(const ast::PatternChain& chain, Row& row) {
  State s;
  s.chain = &chain;
  s.stop_after_first = true;
  const ast::Expr* key = nullptr;
  StartKind start = DefaultStart(chain.nodes[0], row, key);
  int slot = ctx_.bound.SlotOf(&chain.nodes[0]);
  for (NodeId a : Candidates(chain.nodes[0], start, key, row)) {
    QueryValue saved = slot >= 0 ? row[slot] : QueryValue();
    if (slot >= 0) row[slot] = QueryValue(NodeRef{a});
    s.nodes.assign(1, a);
    s.edges.clear();
    Step(s, 0, a, row);
    if (slot >= 0) row[slot] = std::move(saved);
    if (s.found) return true;
  }
  return false;
}

}  // namespace provgraph::query
