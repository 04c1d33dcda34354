// Parsed graph patterns: node and relationship patterns, chains of them,
// named paths and shortestPath forms, and the pattern predicate that lets
// a chain appear inside an expression (WHERE NOT (d)-[:FEEDS]->()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "query/ast/expression.h"

namespace provgraph::query::ast {

// (v:Label:Other {key: value}) -- every part optional.
struct NodePattern {
  SourcePos pos;                    // the '('
  std::string variable;             // empty when anonymous
  std::vector<std::string> labels;  // all must hold
  ExprPtr properties;               // MapExpr or ParameterExpr; may be null
};

enum class RelDirection : uint8_t {
  kOutgoing,    // (a)-[]->(b)
  kIncoming,    // (a)<-[]-(b)
  kUndirected,  // (a)-[]-(b), also written (a)<-[]->(b)
};

// The hop range of a variable-length relationship. `*` leaves both bounds
// unset, `*2` sets both to 2, `*1..5`, `*..5` and `*2..` set what is written.
struct VarLength {
  std::optional<int64_t> min_hops;
  std::optional<int64_t> max_hops;
};

// -[e:T1|T2 *1..5 {key: value}]-> and the short forms -->, <--, --.
struct RelationshipPattern {
  SourcePos pos;                   // the first '-' or '<-'
  RelDirection direction = RelDirection::kUndirected;
  std::string variable;            // empty when anonymous
  std::vector<std::string> types;  // any may match; empty = any type
  std::optional<VarLength> var_length;
  ExprPtr properties;              // MapExpr or ParameterExpr; may be null
};

// (n0)-[r0]-(n1)-[r1]-(n2)...: nodes.size() == relationships.size() + 1,
// relationships[i] joins nodes[i] and nodes[i + 1].
struct PatternChain {
  std::vector<NodePattern> nodes;
  std::vector<RelationshipPattern> relationships;
};

enum class PathKind : uint8_t {
  kPlain,         // (a)-->(b)
  kShortest,      // shortestPath((a)-[*]->(b))
  kAllShortest,   // allShortestPaths((a)-[*]->(b))
};

// One comma-separated pattern of a MATCH: [p =] chain, or
// [p =] shortestPath(chain) / allShortestPaths(chain).
struct PathPattern {
  SourcePos pos;              // first token (the path variable if any)
  std::string path_variable;  // empty when unnamed
  PathKind kind = PathKind::kPlain;
  PatternChain chain;
};

// A relationship chain used as a boolean expression: true when at least
// one match exists for the already-bound variables. Has at least one
// relationship (a lone (n) in an expression is a parenthesised variable).
struct PatternPredicateExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kPatternPredicate;
  explicit PatternPredicateExpr(SourcePos pos) : Expr(kKind, pos) {}
  PatternChain chain;
};

}  // namespace provgraph::query::ast
