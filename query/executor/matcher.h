// Matcher: finds the matches of a graph pattern for one input row, as of
// the query's instant, the way the planner's PatternPlan says: where to
// start (key index, label scan, ...), in which direction to walk the chain,
// which WHERE conjuncts to check at each position. Variable-length
// relationships without a relationship or path variable use the engine's
// reachability walk (each node a trail within the bounds reaches, once);
// with one, trails are enumerated as Cypher does. No relationship is
// matched twice within one MATCH clause (a self-loop walked both ways is
// one); a reachability step binds no relationships, so a row with one is
// kept when some trail between its two nodes avoids the clause's other
// relationships (checked once they are all bound).
#pragma once

#include <boost/container/small_vector.hpp>
#include <functional>
#include <utility>
#include <vector>

#include "query/ast/pattern.h"
#include "query/executor/exec_context.h"
#include "query/planner/plan.h"

namespace provgraph::query {

class Matcher {
 public:
  explicit Matcher(ExecContext& ctx) : ctx_(ctx) {}

  // Receives a run of matches at once (a last one-hop or reachability
  // step): `row` with the node slot `slot`
  // (-1: an anonymous node) bound to each of `reached` in turn (the slot is
  // left as it was: the receiver binds it if it needs the rows).
  using NodeBatch = std::function<void(Row& row, int slot, const std::vector<Reached>& reached)>;

  // Calls emit(row) once per match of the planned pattern extending `row`
  // (row is restored before Match returns; emit may not keep a reference).
  // With `batch`, the matches of a last step (reachability, or one hop
  // with no relationship variable) whose nodes need no check (labels,
  // properties, conjuncts, an earlier binding) go to batch instead, in the
  // same order.
  void Match(const PatternPlan& plan, Row& row, const std::function<void(Row&)>& emit,
             const NodeBatch* batch = nullptr);
  // The start nodes of a planned pattern for `row` that pass the
  // conjuncts planned at its first position (row is restored).
  std::vector<NodeId> Starts(const PatternPlan& plan, Row& row);
  // The walk of the first relationship of a planned reachability pattern;
  // `none` when its relationship types do not exist.
  WalkSpec ReachSpec(const PatternPlan& plan, bool& none);
  // Whether `chain` (a pattern predicate: its variables are bound or
  // anonymous) has at least one match extending `row`.
  bool Exists(const ast::PatternChain& chain, Row& row);
  // A MATCH clause begins: relationships matched by earlier clauses are no
  // longer excluded. Returns what EndClause restores once the clause's
  // matches have been passed on.
  std::vector<EdgeId> BeginClause() {
    outer_reach_.push_back(std::exchange(clause_reach_, {}));
    return std::exchange(clause_edges_, {});
  }
  void EndClause(std::vector<EdgeId> saved) {
    clause_edges_ = std::move(saved);
    clause_reach_ = std::move(outer_reach_.back());
    outer_reach_.pop_back();
  }

 private:
  struct State {
    const ast::PathPattern* pattern = nullptr;
    const ast::PatternChain* chain = nullptr;
    const PatternPlan* plan = nullptr;  // null for pattern predicates
    bool reversed = false;
    // Short patterns keep their nodes and relationships inline.
    boost::container::small_vector<NodeId, 8> nodes;
    boost::container::small_vector<EdgeId, 8> edges;
    const std::function<void(Row&)>* emit = nullptr;
    const NodeBatch* batch = nullptr;
    bool stop_after_first = false;
    bool found = false;
  };

  // The i-th node / relationship in walk order, and its direction.
  const ast::NodePattern& NodeAt(const State& s, size_t i) const {
    return s.chain->nodes[s.reversed ? s.chain->nodes.size() - 1 - i : i];
  }
  const ast::RelationshipPattern& RelAt(const State& s, size_t i) const {
    return s.chain->relationships[s.reversed ? s.chain->relationships.size() - 1 - i : i];
  }
  Direction DirAt(const State& s, size_t i) const;
  // Relationship uniqueness: `e` is already matched by this pattern, or by
  // an earlier pattern of the same MATCH clause (openCypher's rule spans the
  // clause; pattern predicates are checked on their own).
  bool EdgeUsed(const State& s, EdgeId e) const;
  // The planned conjuncts at walk position `pos` hold (and counts the row).
  bool Pass(State& s, size_t pos, Row& row);
  bool CheckNode(const State& s, size_t i) const { return !s.plan || s.plan->check_node[i]; }
  // Node i (walk order) was bound before the pattern; every named node of a
  // pattern predicate is.
  bool BoundBefore(const State& s, size_t i) const { return !s.plan || s.plan->bound_before[i]; }
  static bool SecondLoopSide(const WalkSpec& spec, const Walker::Neighbour& nb, NodeId at);
  // Every shortest path from a to b (allShortestPaths), appended to `out`.
  void AllShortestPaths(NodeId a, NodeId b, const WalkSpec& spec, std::vector<Walker::Path>& out);
  void Step(State& s, size_t i, NodeId at, Row& row);
  // Step i is the pattern's last and its matches may go to the batch as
  // one run: nothing to check at its node or after it, the node not bound
  // before, no reachability match of the clause waiting for its check.
  bool LastStepIsOneRun(const State& s, size_t i, bool check, int next_slot, const Row& row) const;
  // The last step's matches, `row` with its node bound to each of `run`.
  void HandOverRun(State& s, size_t i, int next_slot, const std::vector<Reached>& run, Row& row);
  void Finish(State& s, Row& row);
  // Node `id` has the pattern's labels and properties at the instant;
  // `found_by_key`: the key expression the key index found it by (that
  // entry of the property map holds already), `primary_label`: the label
  // it was found under (its primary label: no need to check it).
  bool NodeMatches(const ast::NodePattern& n, NodeId id, Row& row, const ast::Expr* found_by_key = nullptr,
                   const std::string* primary_label = nullptr);
  bool EdgeMatches(const ast::RelationshipPattern& r, EdgeId e, Row& row);
  // One or a few candidates (a key lookup) need no allocation.
  using NodeList = boost::container::small_vector<NodeId, 4>;
  NodeList Candidates(const ast::NodePattern& n, StartKind start, const ast::Expr* key, Row& row);
  // The start the pattern itself suggests (pattern predicates, the far
  // end of a shortest path).
  StartKind DefaultStart(const ast::NodePattern& n, Row& row, const ast::Expr*& key) const;
  std::vector<uint32_t> TypeIds(const ast::RelationshipPattern& r, bool& none_exist);
  void Trails(State& s, size_t i, NodeId from, NodeId current, uint32_t depth, std::vector<EdgeId>& trail, Row& row);
  bool Done(const State& s) const { return s.stop_after_first && s.found; }

  // A reachability step's match in the current MATCH clause: `to` reached
  // from `from` by a walk of `spec`.
  struct ReachMatch {
    NodeId from, to;
    WalkSpec spec;
  };
  // Some relationship matched so far in the clause (earlier patterns' and
  // this one's) has a type a walk of `spec` may use.
  bool AnyClauseEdgeOfSpec(const State& s, const WalkSpec& spec) const;
  // Every reachability match of the clause still has a trail between its
  // nodes that uses none of the clause's relationships.
  bool ReachMatchesHold(const State& s);
  // A trail from `from` to `to` of spec's length bounds using none of `avoid`.
  bool TrailAvoiding(const ReachMatch& m, const std::vector<EdgeId>& avoid);

  ExecContext& ctx_;
  // The relationships matched by the enclosing patterns of the current
  // MATCH clause (a later pattern runs inside an earlier one's match).
  std::vector<EdgeId> clause_edges_;
  // The reachability matches of the current clause's enclosing steps, and
  // those of the clauses it is nested in (BeginClause / EndClause).
  std::vector<ReachMatch> clause_reach_;
  boost::container::small_vector<std::vector<ReachMatch>, 2> outer_reach_;
  // The nodes the last breadth-first walk avoiding clause relationships
  // reached (epoch-stamped marks), reused while start and avoided
  // relationships stay the same.
  struct AvoidingWalk {
    bool valid = false;
    NodeId from = 0;
    WalkSpec spec;
    std::vector<EdgeId> avoid;
    std::vector<uint32_t> mark;
    uint32_t epoch = 0;
  } avoid_walk_;
};

Direction DirectionOf(ast::RelDirection d);

}  // namespace provgraph::query
