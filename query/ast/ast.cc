// Out-of-line helpers of the parsed tree (expression.h, pattern.h, clause.h).
#include "query/ast/clause.h"
#include "query/ast/expression.h"
#include "query/ast/pattern.h"

namespace provgraph::query::ast {

namespace {

std::string JoinDotted(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out.push_back('.');
    out += part;
  }
  return out;
}

void ForEachChildOfChain(const PatternChain& chain, const std::function<void(const Expr&)>& fn) {
  for (size_t i = 0; i < chain.nodes.size(); ++i) {
    if (chain.nodes[i].properties) fn(*chain.nodes[i].properties);
    if (i < chain.relationships.size() && chain.relationships[i].properties) fn(*chain.relationships[i].properties);
  }
}

}  // namespace

const char* BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kXor: return "XOR";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNeq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kStartsWith: return "STARTS WITH";
    case BinaryOp::kEndsWith: return "ENDS WITH";
    case BinaryOp::kContains: return "CONTAINS";
    case BinaryOp::kIn: return "IN";
    case BinaryOp::kRegexMatch: return "=~";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kPow: return "^";
  }
  return "?";
}

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNeq:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return true;
    default:
      return false;
  }
}

const char* QuantifierName(QuantifierKind kind) {
  switch (kind) {
    case QuantifierKind::kAll: return "all";
    case QuantifierKind::kAny: return "any";
    case QuantifierKind::kNone: return "none";
    case QuantifierKind::kSingle: return "single";
  }
  return "?";
}

std::string FunctionCallExpr::QualifiedName() const { return JoinDotted(name); }

std::string CallClause::QualifiedName() const { return JoinDotted(procedure); }

void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn) {
  auto visit = [&](const ExprPtr& child) {
    if (child) fn(*child);
  };
  switch (expr.kind) {
    case ExprKind::kLiteral:
    case ExprKind::kParameter:
    case ExprKind::kVariable:
      return;
    case ExprKind::kProperty:
      return visit(expr.As<PropertyExpr>().object);
    case ExprKind::kSubscript: {
      const auto& e = expr.As<SubscriptExpr>();
      visit(e.object);
      return visit(e.index);
    }
    case ExprKind::kSlice: {
      const auto& e = expr.As<SliceExpr>();
      visit(e.object);
      visit(e.from);
      return visit(e.to);
    }
    case ExprKind::kLabelPredicate:
      return visit(expr.As<LabelPredicateExpr>().object);
    case ExprKind::kUnary:
      return visit(expr.As<UnaryExpr>().operand);
    case ExprKind::kBinary: {
      const auto& e = expr.As<BinaryExpr>();
      visit(e.lhs);
      return visit(e.rhs);
    }
    case ExprKind::kComparisonChain:
      for (const ExprPtr& operand : expr.As<ComparisonChainExpr>().operands) visit(operand);
      return;
    case ExprKind::kIsNull:
      return visit(expr.As<IsNullExpr>().operand);
    case ExprKind::kList:
      for (const ExprPtr& item : expr.As<ListExpr>().items) visit(item);
      return;
    case ExprKind::kMap:
      for (const MapEntry& entry : expr.As<MapExpr>().entries) visit(entry.value);
      return;
    case ExprKind::kFunctionCall:
      for (const ExprPtr& arg : expr.As<FunctionCallExpr>().args) visit(arg);
      return;
    case ExprKind::kCase: {
      const auto& e = expr.As<CaseExpr>();
      visit(e.subject);
      for (const CaseAlternative& alt : e.alternatives) {
        visit(alt.when);
        visit(alt.then);
      }
      return visit(e.otherwise);
    }
    case ExprKind::kListComprehension: {
      const auto& e = expr.As<ListComprehensionExpr>();
      visit(e.list);
      visit(e.where);
      return visit(e.projection);
    }
    case ExprKind::kQuantifier: {
      const auto& e = expr.As<QuantifierExpr>();
      visit(e.list);
      return visit(e.where);
    }
    case ExprKind::kPatternPredicate:
      return ForEachChildOfChain(expr.As<PatternPredicateExpr>().chain, fn);
  }
}

}  // namespace provgraph::query::ast
