// Parsed (unbound) expression tree of the query language. Names are still
// strings here; the binder resolves them into a separate bound tree.
// Every node records where it starts in the query text, for errors.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "query/ast/node.h"
#include "query/common/source_location.h"

namespace provgraph::query::ast {

// The parser rejects expressions whose tree is taller than this, so every
// later stage may walk a parsed tree recursively without risking the stack.
// Brackets may nest as deep (printing a tree of this height nests its
// parentheses as deep). Parsing, printing and freeing a tree at the limit
// needs about 0.5 MB of stack in a release build, 3 MB under ASan at -O0.
inline constexpr int kMaxExpressionHeight = 500;

enum class ExprKind : uint8_t {
  kLiteral,            // LiteralExpr
  kParameter,          // ParameterExpr        $name
  kVariable,           // VariableExpr         n
  kProperty,           // PropertyExpr         n.key
  kSubscript,          // SubscriptExpr        list[i]
  kSlice,              // SliceExpr            list[a..b]
  kLabelPredicate,     // LabelPredicateExpr   n:Label:Other
  kUnary,              // UnaryExpr            NOT a, -a, +a
  kBinary,             // BinaryExpr           a + b, a AND b, a = b, a IN b
  kComparisonChain,    // ComparisonChainExpr  a < b <= c
  kIsNull,             // IsNullExpr           a IS [NOT] NULL
  kList,               // ListExpr             [a, b]
  kMap,                // MapExpr              {k: v}
  kFunctionCall,       // FunctionCallExpr     f(x), count(*), ns.f(DISTINCT x)
  kCase,               // CaseExpr             CASE ... END
  kListComprehension,  // ListComprehensionExpr [x IN l WHERE p | e]
  kQuantifier,         // QuantifierExpr       all(x IN l WHERE p)
  kPatternPredicate,   // PatternPredicateExpr (a)-[:T]->() (see pattern.h)
};

struct Expr : Node<ExprKind> {
  using Node::Node;
  // `pos`: for operators the position of the operator token; for a
  // property access the key; otherwise the first token of the expression.

  // Height of this subtree (a leaf is 1); at most kMaxExpressionHeight.
  int height = 1;
};

using ExprPtr = std::unique_ptr<Expr>;

// null, true/false, 64-bit integer, double, string (UTF-8).
using LiteralValue = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  LiteralExpr(SourcePos pos, LiteralValue value) : Expr(kKind, pos), value(std::move(value)) {}
  LiteralValue value;
};

struct ParameterExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kParameter;
  ParameterExpr(SourcePos pos, std::string name) : Expr(kKind, pos), name(std::move(name)) {}
  std::string name;  // without the '$'
};

struct VariableExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kVariable;
  VariableExpr(SourcePos pos, std::string name) : Expr(kKind, pos), name(std::move(name)) {}
  std::string name;
};

struct PropertyExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kProperty;
  PropertyExpr(SourcePos key_pos, ExprPtr object, std::string key)
      : Expr(kKind, key_pos), object(std::move(object)), key(std::move(key)) {}
  ExprPtr object;
  std::string key;
};

struct SubscriptExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubscript;
  SubscriptExpr(SourcePos pos, ExprPtr object, ExprPtr index)
      : Expr(kKind, pos), object(std::move(object)), index(std::move(index)) {}
  ExprPtr object;
  ExprPtr index;
};

struct SliceExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSlice;
  SliceExpr(SourcePos pos, ExprPtr object, ExprPtr from, ExprPtr to)
      : Expr(kKind, pos), object(std::move(object)), from(std::move(from)), to(std::move(to)) {}
  ExprPtr object;
  ExprPtr from;  // null when omitted: list[..b]
  ExprPtr to;    // null when omitted: list[a..]
};

struct LabelPredicateExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLabelPredicate;
  LabelPredicateExpr(SourcePos pos, ExprPtr object, std::vector<std::string> labels)
      : Expr(kKind, pos), object(std::move(object)), labels(std::move(labels)) {}
  ExprPtr object;
  std::vector<std::string> labels;  // all must hold; never empty
};

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus };

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryExpr(SourcePos pos, UnaryOp op, ExprPtr operand) : Expr(kKind, pos), op(op), operand(std::move(operand)) {}
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr, kXor, kAnd,
  kEq, kNeq, kLt, kLe, kGt, kGe,
  kStartsWith, kEndsWith, kContains, kIn, kRegexMatch,
  kAdd, kSub, kMul, kDiv, kMod, kPow,
};

// "AND", "<=", "STARTS WITH", ...
const char* BinaryOpName(BinaryOp op);
bool IsComparison(BinaryOp op);  // = <> < <= > >=

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryExpr(SourcePos op_pos, BinaryOp op, ExprPtr lhs, ExprPtr rhs)
      : Expr(kKind, op_pos), op(op), lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

// Two or more chained comparisons, a < b <= c, which openCypher defines as
// (a < b) AND (b <= c) with b evaluated once. A single comparison is a
// BinaryExpr. operands.size() == ops.size() + 1 >= 3.
struct ComparisonChainExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kComparisonChain;
  explicit ComparisonChainExpr(SourcePos first_op_pos) : Expr(kKind, first_op_pos) {}
  std::vector<ExprPtr> operands;
  std::vector<BinaryOp> ops;
};

struct IsNullExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIsNull;
  IsNullExpr(SourcePos is_pos, ExprPtr operand, bool negated)
      : Expr(kKind, is_pos), operand(std::move(operand)), negated(negated) {}
  ExprPtr operand;
  bool negated;  // IS NOT NULL
};

struct ListExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kList;
  explicit ListExpr(SourcePos pos) : Expr(kKind, pos) {}
  std::vector<ExprPtr> items;
};

struct MapEntry {
  std::string key;
  SourcePos key_pos;
  ExprPtr value;
};

struct MapExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kMap;
  explicit MapExpr(SourcePos pos) : Expr(kKind, pos) {}
  std::vector<MapEntry> entries;  // in written order; duplicates kept
};

struct FunctionCallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunctionCall;
  explicit FunctionCallExpr(SourcePos pos) : Expr(kKind, pos) {}
  // "ns.sub.f" as written (case kept).
  std::string QualifiedName() const;

  std::vector<std::string> name;  // namespace parts then the function name
  bool distinct = false;          // f(DISTINCT x)
  bool star = false;              // count(*); args is then empty
  std::vector<ExprPtr> args;
};

struct CaseAlternative {
  ExprPtr when;
  ExprPtr then;
};

struct CaseExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  explicit CaseExpr(SourcePos pos) : Expr(kKind, pos) {}
  ExprPtr subject;  // CASE subject WHEN value ...; null for CASE WHEN cond ...
  std::vector<CaseAlternative> alternatives;  // never empty
  ExprPtr otherwise;                          // ELSE; may be null
};

struct ListComprehensionExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kListComprehension;
  explicit ListComprehensionExpr(SourcePos pos) : Expr(kKind, pos) {}
  std::string variable;
  ExprPtr list;
  ExprPtr where;       // may be null
  ExprPtr projection;  // after '|'; may be null
};

enum class QuantifierKind : uint8_t { kAll, kAny, kNone, kSingle };
const char* QuantifierName(QuantifierKind kind);  // "all", "any", ...

struct QuantifierExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kQuantifier;
  QuantifierExpr(SourcePos pos, QuantifierKind quantifier) : Expr(kKind, pos), quantifier(quantifier) {}
  QuantifierKind quantifier;
  std::string variable;
  ExprPtr list;
  ExprPtr where;  // may be null
};

// Calls `fn` on each direct child expression of `expr`, in source order
// (including the property maps of a pattern predicate).
void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn);

}  // namespace provgraph::query::ast
