// Matcher: finds the matches of a graph pattern for one input row, as of
// the query's instant. A pattern that fixes a label and `key` starts from
// the key index; variable-length relationships without a relationship or
// path variable use the engine's reachability walk (each reachable node
// once); with one, trails are enumerated as Cypher does.
#pragma once

#include <functional>
#include <vector>

#include "query/ast/pattern.h"
#include "query/executor/exec_context.h"

namespace provgraph::query {

class Matcher {
 public:
  explicit Matcher(ExecContext& ctx) : ctx_(ctx) {}

  // The slots the MATCH being run introduces (others are bound already).
  void SetNewSlots(const std::vector<int>* slots) { new_slots_ = slots; }

  // Calls emit(row) once per match of `pattern` extending `row`.
  void Match(const ast::PathPattern& pattern, Row& row, const std::function<void(Row&)>& emit);
  // Whether `chain` has at least one match extending `row`.
  bool Exists(const ast::PatternChain& chain, Row& row);

  // How the first node of a chain is found, for EXPLAIN.
  static std::string DescribeStart(const ast::NodePattern& n);

 private:
  struct State {
    const ast::PathPattern* pattern = nullptr;
    const ast::PatternChain* chain = nullptr;
    std::vector<NodeId> nodes;
    std::vector<EdgeId> edges;
    const std::function<void(Row&)>* emit = nullptr;
    bool stop_after_first = false;
    bool found = false;
  };

  void Step(State& s, size_t i, NodeId at, Row& row);
  void Finish(State& s, Row& row);
  bool NodeMatches(const ast::NodePattern& n, NodeId id, Row& row);
  bool EdgeMatches(const ast::RelationshipPattern& r, EdgeId e, Row& row);
  std::vector<NodeId> Candidates(const ast::NodePattern& n, Row& row);
  std::vector<uint32_t> TypeIds(const ast::RelationshipPattern& r, bool& none_exist);
  void Trails(State& s, size_t i, NodeId from, NodeId current, uint32_t depth, std::vector<EdgeId>& trail, Row& row);
  bool Done(const State& s) const { return s.stop_after_first && s.found; }

  ExecContext& ctx_;
  const std::vector<int>* new_slots_ = nullptr;
};

Direction DirectionOf(ast::RelDirection d);

}  // namespace provgraph::query
