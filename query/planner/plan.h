// Plan: the operators a query runs, in pipeline order (each operator
// pushes its rows into the next). The planner (planner.h) builds it from a
// BoundQuery; the executor runs it; explain.h prints it for EXPLAIN and,
// with the per-operator counters, for PROFILE. A plan refers to the
// parsed and bound trees, which must outlive it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "query/ast/pattern.h"
#include "query/binder/bound_query.h"

namespace provgraph::query {

// How the first node of a pattern is found.
enum class StartKind : uint8_t {
  kBound,              // bound by an earlier clause or pattern
  kNodeByKey,          // label + key: the key index (Graph::FindNode)
  kNodeByKeyAnyLabel,  // key without a label: the key index under every label
  kNodeByLabelScan,    // every node of a label
  kAllNodesScan,       // every node
};

// How one relationship of a pattern is walked.
enum class StepKind : uint8_t {
  kExpand,           // one hop
  kVarLengthExpand,  // trails of a variable-length relationship (it, or the path, is named)
  kReachability,     // the engine's closure: each reachable node once
  kShortestPath,     // shortestPath / allShortestPaths
};

// One comma-separated pattern of a MATCH, as the matcher walks it.
struct PatternPlan {
  const ast::PathPattern* pattern = nullptr;
  // The chain is walked from its last node to its first (the index lookup
  // is at the end); directions are flipped accordingly.
  bool reversed = false;
  StartKind start = StartKind::kAllNodesScan;
  std::string label;               // kNodeByKey / kNodeByLabelScan
  const ast::Expr* key = nullptr;  // kNodeByKey*: the key's value
  // shortestPath: how the other end is found.
  StartKind end_start = StartKind::kAllNodesScan;
  const ast::Expr* end_key = nullptr;
  std::vector<StepKind> steps;  // one per relationship, in walk order
  // filters[i]: WHERE conjuncts checked once the i-th node in walk order
  // (and the relationship before it) is bound; filters.back() (index
  // steps.size() + 1) also waits for the path variable.
  std::vector<std::vector<const ast::Expr*>> filters;
  // Whether the i-th node in walk order needs its labels/properties
  // checked (false: the walk already proved it valid at the instant).
  std::vector<bool> check_node;
  // Whether the i-th node in walk order was bound before this pattern (by
  // an earlier clause or pattern): bound to null (OPTIONAL MATCH), it
  // matches nothing and is never rebound.
  std::vector<bool> bound_before;
  // PROFILE: rows after each node position in walk order.
  mutable std::vector<size_t> rows;
};

enum class OpKind : uint8_t {
  kMatch,           // patterns (nested loops), then the remaining filters
  kCountReachable,  // MATCH (a)-[*]-(u) + count(u)/count(DISTINCT u)/count(*) as closure sizes
  kUnwind,
  kProcedureCall,
  kProjection,  // WITH / RETURN items
  kAggregate,   // grouping + aggregates (blocking)
  kDistinct,
  kSort,  // blocking
  kSkip,
  kLimit,
  kFilter,          // WITH ... WHERE
  kProduceResults,  // copies the output columns into the result
};

struct PlanOp {
  OpKind kind = OpKind::kMatch;
  const BoundClause* clause = nullptr;
  // kMatch / kCountReachable
  bool optional = false;
  std::vector<PatternPlan> patterns;
  std::vector<const ast::Expr*> filters;  // conjuncts left after push-down (kMatch), or the WITH WHERE (kFilter)
  // kCountReachable: the aggregate items it answers, and the slot the
  // projection would write each one to.
  const BoundProjection* projection = nullptr;
  // kProduceResults: the slots copied out, in column order.
  std::vector<int> out_slots;
  // PROFILE counters: rows pushed out and inclusive time (ms).
  mutable size_t rows = 0;
  mutable double ms = 0;
};

struct Plan {
  std::vector<PlanOp> ops;
};

}  // namespace provgraph::query
