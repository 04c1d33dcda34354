#include "query/planner/planner.h"

#include <algorithm>
#include <cctype>

#include "query/common/ascii_lower.h"
#include "query/ast/expression.h"

namespace provgraph::query {
namespace {

void SplitConjuncts(const ast::Expr& e, std::vector<const ast::Expr*>& out) {
  if (e.kind == ast::ExprKind::kBinary && e.As<ast::BinaryExpr>().op == ast::BinaryOp::kAnd) {
    SplitConjuncts(*e.As<ast::BinaryExpr>().lhs, out);
    SplitConjuncts(*e.As<ast::BinaryExpr>().rhs, out);
    return;
  }
  out.push_back(&e);
}

// The slots an expression reads (`used`) and the ones it binds itself
// (list comprehension and quantifier variables, `inner`).
void CollectSlots(const ast::Expr& e, const BoundQuery& b, std::vector<int>& used, std::vector<int>& inner) {
  switch (e.kind) {
    case ast::ExprKind::kVariable:
      used.push_back(b.SlotOf(&e));
      break;
    case ast::ExprKind::kListComprehension:
    case ast::ExprKind::kQuantifier:
      inner.push_back(b.SlotOf(&e));
      break;
    case ast::ExprKind::kPatternPredicate: {
      const auto& chain = e.As<ast::PatternPredicateExpr>().chain;
      for (const auto& n : chain.nodes) used.push_back(b.SlotOf(&n));
      for (const auto& r : chain.relationships) used.push_back(b.SlotOf(&r));
      break;
    }
    default:
      break;
  }
  ast::ForEachChild(e, [&](const ast::Expr& c) { CollectSlots(c, b, used, inner); });
}

struct Conjunct {
  const ast::Expr* expr;
  std::vector<int> needs;  // slots that must be bound first
  bool placed = false;
};

bool Ready(const Conjunct& c, const std::vector<bool>& bound) {
  return std::all_of(c.needs.begin(), c.needs.end(), [&](int s) { return s < 0 || bound[static_cast<size_t>(s)]; });
}

// `e` is `v.key` for the variable in `slot`.
bool IsKeyOf(const ast::Expr& e, const BoundQuery& b, int slot) {
  if (e.kind != ast::ExprKind::kProperty) return false;
  const auto& p = e.As<ast::PropertyExpr>();
  return p.key == "key" && p.object->kind == ast::ExprKind::kVariable && b.SlotOf(p.object.get()) == slot;
}

class Planner {
 public:
  explicit Planner(const BoundQuery& b) : b_(b), bound_(static_cast<size_t>(b.num_slots), false) {}

  Plan Run() {
    Plan plan;
    const auto& clauses = b_.clauses;
    for (size_t i = 0; i < clauses.size(); ++i) {
      const BoundClause& bc = clauses[i];
      switch (bc.clause->kind) {
        case ast::ClauseKind::kMatch: {
          PlanOp op = PlanMatch(bc);
          const BoundClause* next = i + 1 < clauses.size() ? &clauses[i + 1] : nullptr;
          if (next && CanCountReachable(op, *next)) {
            op.kind = OpKind::kCountReachable;
            op.projection = &next->projection;
            plan.ops.push_back(std::move(op));
            AddProjectionTail(*next, plan);
            ++i;
            break;
          }
          plan.ops.push_back(std::move(op));
          break;
        }
        case ast::ClauseKind::kUnwind:
          plan.ops.push_back(Simple(OpKind::kUnwind, bc));
          break;
        case ast::ClauseKind::kCall:
          plan.ops.push_back(Simple(OpKind::kProcedureCall, bc));
          break;
        case ast::ClauseKind::kWith:
        case ast::ClauseKind::kReturn:
          plan.ops.push_back(Simple(bc.projection.aggregating ? OpKind::kAggregate : OpKind::kProjection, bc));
          AddProjectionTail(bc, plan);
          break;
      }
      for (int s : bc.new_slots) MarkBound(s);
      for (auto [from, to] : bc.projection.star_slots) MarkBound(to);
      for (int s : bc.projection.item_slots) MarkBound(s);
    }
    PlanOp produce = Simple(OpKind::kProduceResults, clauses.back());
    const BoundClause& last = clauses.back();
    if (last.clause->kind == ast::ClauseKind::kReturn) {
      for (auto [from, to] : last.projection.star_slots) produce.out_slots.push_back(to);
      for (int s : last.projection.item_slots) produce.out_slots.push_back(s);
    } else {
      produce.out_slots = last.new_slots;
    }
    plan.ops.push_back(std::move(produce));
    return plan;
  }

 private:
  static PlanOp Simple(OpKind kind, const BoundClause& bc) {
    PlanOp op;
    op.kind = kind;
    op.clause = &bc;
    return op;
  }

  void MarkBound(int s) {
    if (s >= 0) bound_[static_cast<size_t>(s)] = true;
  }

  // DISTINCT, ORDER BY, SKIP, LIMIT and WITH's WHERE, after the items.
  static void AddProjectionTail(const BoundClause& bc, Plan& plan) {
    const ast::Projection& p = *bc.projection.projection;
    if (p.distinct) plan.ops.push_back(Simple(OpKind::kDistinct, bc));
    if (!p.order_by.empty()) plan.ops.push_back(Simple(OpKind::kSort, bc));
    if (p.skip) plan.ops.push_back(Simple(OpKind::kSkip, bc));
    if (p.limit) plan.ops.push_back(Simple(OpKind::kLimit, bc));
    if (bc.clause->kind == ast::ClauseKind::kWith && bc.clause->As<ast::WithClause>().where) {
      PlanOp f = Simple(OpKind::kFilter, bc);
      f.filters.push_back(bc.clause->As<ast::WithClause>().where.get());
      plan.ops.push_back(std::move(f));
    }
  }

  // How node `n` could start a walk, best first; `key` receives the key
  // expression for the key lookups.
  StartKind StartFor(const ast::NodePattern& n, const std::vector<Conjunct>& where, const ast::Expr*& key) const {
    key = nullptr;
    int slot = b_.SlotOf(&n);
    if (slot >= 0 && bound_[static_cast<size_t>(slot)]) return StartKind::kBound;
    if (n.properties && n.properties->kind == ast::ExprKind::kMap) {
      for (const auto& e : n.properties->As<ast::MapExpr>().entries) {
        if (e.key == "key") key = e.value.get();
      }
    }
    // WHERE v.key = <expression of what is bound already>.
    for (size_t c = 0; !key && slot >= 0 && c < where.size(); ++c) {
      const ast::Expr& e = *where[c].expr;
      if (e.kind != ast::ExprKind::kBinary || e.As<ast::BinaryExpr>().op != ast::BinaryOp::kEq) continue;
      const auto& eq = e.As<ast::BinaryExpr>();
      for (auto [lhs, rhs] : {std::pair{eq.lhs.get(), eq.rhs.get()}, std::pair{eq.rhs.get(), eq.lhs.get()}}) {
        if (!IsKeyOf(*lhs, b_, slot)) continue;
        std::vector<int> used, inner;
        CollectSlots(*rhs, b_, used, inner);
        bool ok = inner.empty() && std::all_of(used.begin(), used.end(),
                                               [&](int s) { return s >= 0 && bound_[static_cast<size_t>(s)]; });
        if (ok) {
          key = rhs;
          break;
        }
      }
    }
    if (key) return n.labels.empty() ? StartKind::kNodeByKeyAnyLabel : StartKind::kNodeByKey;
    return n.labels.empty() ? StartKind::kAllNodesScan : StartKind::kNodeByLabelScan;
  }

  static bool NeedsTrails(const BoundQuery& b, const ast::PathPattern& p, const ast::RelationshipPattern& r) {
    return b.SlotOf(&r) >= 0 || r.properties || !p.path_variable.empty();
  }

  // Places every ready, unplaced conjunct at position `pos`.
  void Place(std::vector<Conjunct>& where, PatternPlan& pp, size_t pos) const {
    for (Conjunct& c : where) {
      if (c.placed || !Ready(c, bound_)) continue;
      c.placed = true;
      pp.filters[pos].push_back(c.expr);
    }
  }

  PatternPlan PlanPattern(const ast::PathPattern& p, std::vector<Conjunct>& where) {
    PatternPlan pp;
    pp.pattern = &p;
    const auto& chain = p.chain;
    const size_t n = chain.nodes.size();
    const ast::Expr* first_key = nullptr;
    const ast::Expr* last_key = nullptr;
    StartKind first = StartFor(chain.nodes.front(), where, first_key);
    StartKind last = StartFor(chain.nodes.back(), where, last_key);
    bool reversible = p.kind == ast::PathKind::kPlain && p.path_variable.empty() && n > 1 &&
                      std::none_of(chain.relationships.begin(), chain.relationships.end(),
                                   [&](const auto& r) { return r.var_length && b_.SlotOf(&r) >= 0; });
    pp.reversed = reversible && last < first;
    const ast::NodePattern& start = pp.reversed ? chain.nodes.back() : chain.nodes.front();
    pp.start = pp.reversed ? last : first;
    pp.key = pp.reversed ? last_key : first_key;
    pp.end_start = last;
    pp.end_key = last_key;
    if (!start.labels.empty()) pp.label = start.labels[0];
    for (size_t i = 0; i + 1 < n; ++i) {
      const auto& r = chain.relationships[pp.reversed ? n - 2 - i : i];
      if (p.kind != ast::PathKind::kPlain) {
        pp.steps.push_back(StepKind::kShortestPath);
      } else if (!r.var_length) {
        pp.steps.push_back(StepKind::kExpand);
      } else {
        pp.steps.push_back(NeedsTrails(b_, p, r) ? StepKind::kVarLengthExpand : StepKind::kReachability);
      }
    }
    pp.filters.resize(n + 1);
    pp.rows.assign(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
      const auto& node = chain.nodes[pp.reversed ? n - 1 - i : i];
      pp.check_node.push_back(!node.labels.empty() || node.properties != nullptr);
      int slot = b_.SlotOf(&node);
      pp.bound_before.push_back(slot >= 0 && bound_[static_cast<size_t>(slot)]);
    }
    // Bind position by position (a shortest path binds everything at once).
    const bool shortest = p.kind != ast::PathKind::kPlain;
    for (size_t i = 0; i < n; ++i) {
      size_t at = pp.reversed ? n - 1 - i : i;
      MarkBound(b_.SlotOf(&chain.nodes[at]));
      if (i > 0) MarkBound(b_.SlotOf(&chain.relationships[pp.reversed ? at : at - 1]));
      if (!shortest) Place(where, pp, i);
    }
    MarkBound(b_.SlotOf(&p));
    Place(where, pp, n);
    return pp;
  }

  PlanOp PlanMatch(const BoundClause& bc) {
    const auto& m = bc.clause->As<ast::MatchClause>();
    PlanOp op;
    op.kind = OpKind::kMatch;
    op.clause = &bc;
    op.optional = m.optional;
    std::vector<const ast::Expr*> exprs;
    if (m.where) SplitConjuncts(*m.where, exprs);
    std::vector<Conjunct> where;
    for (const ast::Expr* e : exprs) {
      Conjunct c{e, {}, false};
      std::vector<int> inner;
      CollectSlots(*e, b_, c.needs, inner);
      c.needs.erase(std::remove_if(c.needs.begin(), c.needs.end(),
                                   [&](int s) { return std::find(inner.begin(), inner.end(), s) != inner.end(); }),
                    c.needs.end());
      where.push_back(std::move(c));
    }
    for (const auto& p : m.patterns) op.patterns.push_back(PlanPattern(p, where));
    for (const Conjunct& c : where) {
      if (!c.placed) op.filters.push_back(c.expr);
    }
    return op;
  }

  // MATCH (a ...)-[:T*]-(u) then WITH/RETURN of only count(u),
  // count(DISTINCT u) and count(*), u used nowhere else: the closure sizes
  // answer it.
  bool CanCountReachable(const PlanOp& op, const BoundClause& next) const {
    if (op.optional || op.patterns.size() != 1 || !op.filters.empty()) return false;
    const PatternPlan& pp = op.patterns[0];
    if (pp.steps.size() != 1 || pp.steps[0] != StepKind::kReachability) return false;
    if (pp.check_node[1] || !pp.filters[1].empty() || !pp.filters[2].empty()) return false;
    const auto& chain = pp.pattern->chain;
    const ast::NodePattern& end = pp.reversed ? chain.nodes.front() : chain.nodes.back();
    const ast::NodePattern& start = pp.reversed ? chain.nodes.back() : chain.nodes.front();
    int u = b_.SlotOf(&end);
    const auto& bc_new = op.clause->new_slots;
    if (u >= 0 && std::find(bc_new.begin(), bc_new.end(), u) == bc_new.end()) return false;  // bound before
    if (u >= 0 && u == b_.SlotOf(&start)) return false;                                      // (a)-[*]-(a)
    if (next.clause->kind != ast::ClauseKind::kWith && next.clause->kind != ast::ClauseKind::kReturn) return false;
    const BoundProjection& bp = next.projection;
    if (!bp.aggregating || !bp.star_slots.empty() || !bp.projection->order_by.empty()) return false;
    for (const auto& item : bp.projection->items) {
      if (item.expr->kind != ast::ExprKind::kFunctionCall) return false;
      const auto& f = item.expr->As<ast::FunctionCallExpr>();
      if (AsciiLower(f.QualifiedName()) != "count") return false;
      if (f.star) continue;
      if (f.args.size() != 1 || f.args[0]->kind != ast::ExprKind::kVariable) return false;
      if (u < 0 || b_.SlotOf(f.args[0].get()) != u) return false;
    }
    return true;
  }

  const BoundQuery& b_;
  std::vector<bool> bound_;  // slots bound so far, in plan order
};

}  // namespace

Plan BuildPlan(const BoundQuery& bound) { return Planner(bound).Run(); }

}  // namespace provgraph::query
