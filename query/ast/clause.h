// Parsed clauses and the parsed query: the root of the tree the parser
// returns. MATCH / OPTIONAL MATCH, WITH, UNWIND, CALL, RETURN, plus the
// query prefix EXPLAIN / PROFILE and AS OF time travel.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/ast/expression.h"
#include "query/ast/node.h"
#include "query/ast/pattern.h"

namespace provgraph::query::ast {

enum class ClauseKind : uint8_t { kMatch, kWith, kUnwind, kCall, kReturn };

struct Clause : Node<ClauseKind> {
  using Node::Node;  // `pos`: the clause's first keyword
};

using ClausePtr = std::unique_ptr<Clause>;

struct MatchClause : Clause {
  static constexpr ClauseKind kKind = ClauseKind::kMatch;
  explicit MatchClause(SourcePos pos) : Clause(kKind, pos) {}
  bool optional = false;              // OPTIONAL MATCH
  std::vector<PathPattern> patterns;  // never empty
  ExprPtr where;                      // may be null
};

// expr [AS alias]
struct ProjectionItem {
  SourcePos pos;       // the expression's first token
  ExprPtr expr;
  std::string alias;   // empty when there is no AS
  std::string text;    // the expression's source text, e.g. "n.name"
};

// expr [ASC | DESC]
struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

// What WITH and RETURN share: [DISTINCT] (* | items) [ORDER BY] [SKIP] [LIMIT].
struct Projection {
  bool distinct = false;
  bool star = false;  // `*`, possibly followed by more items
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;   // may be null
  ExprPtr limit;  // may be null
};

struct WithClause : Clause {
  static constexpr ClauseKind kKind = ClauseKind::kWith;
  explicit WithClause(SourcePos pos) : Clause(kKind, pos) {}
  Projection projection;
  ExprPtr where;  // may be null
};

struct ReturnClause : Clause {
  static constexpr ClauseKind kKind = ClauseKind::kReturn;
  explicit ReturnClause(SourcePos pos) : Clause(kKind, pos) {}
  Projection projection;
};

struct UnwindClause : Clause {
  static constexpr ClauseKind kKind = ClauseKind::kUnwind;
  explicit UnwindClause(SourcePos pos) : Clause(kKind, pos) {}
  ExprPtr list;
  std::string alias;
  SourcePos alias_pos;
};

// YIELD name [AS alias]
struct YieldItem {
  SourcePos pos;
  std::string name;
  std::string alias;  // empty when there is no AS
};

struct CallClause : Clause {
  static constexpr ClauseKind kKind = ClauseKind::kCall;
  explicit CallClause(SourcePos pos) : Clause(kKind, pos) {}
  // "lineage.upstream" as written.
  std::string QualifiedName() const;

  std::vector<std::string> procedure;  // namespace parts then the name
  SourcePos procedure_pos;
  std::vector<ExprPtr> args;
  bool yield_star = false;        // YIELD *
  std::vector<YieldItem> yields;  // empty when there is no YIELD (or YIELD *)
  ExprPtr where;                  // only after YIELD; may be null
};

enum class ExplainMode : uint8_t { kNone, kExplain, kProfile };

struct AsOf {
  SourcePos pos;          // the string literal
  std::string timestamp;  // as written inside the quotes; not yet validated
};

// The parsed query. Guarantees: at least one clause; the last clause is a
// RETURN, or the query is a single CALL; RETURN appears nowhere else.
struct Query {
  ExplainMode mode = ExplainMode::kNone;
  std::optional<AsOf> as_of;
  std::vector<ClausePtr> clauses;
};

}  // namespace provgraph::query::ast
