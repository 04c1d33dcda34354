#include "query/binder/binder.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "engine/time.h"
#include "query/ast/ast_printer.h"
#include "query/ast/expression.h"
#include "query/ast/pattern.h"
#include "query/common/ascii_lower.h"
#include "query/common/source_location.h"
#include "query/common/str_cat.h"

namespace provgraph::query {
namespace {

const std::vector<ProcedureSignature>& Procedures() {
  static const std::vector<ProcedureSignature> kProcedures = {
      {"lineage.upstream", 1, 2, {"node", "depth"}},
      {"lineage.downstream", 1, 2, {"node", "depth"}},
      {"lineage.impact", 1, 1, {"node", "depth", "owners"}},
      {"drift.history", 2, 2, {"time", "value"}},
      {"lineage.rootcause", 1, 2, {"rank", "node", "score", "evidence", "path"}},
      {"lineage.changes", 3, 3, {"time", "node", "kind", "detail"}},
  };
  return kProcedures;
}

using Scope = std::map<std::string, int>;

class Binder {
 public:
  Binder(const ast::Query& q, const std::unordered_map<std::string, QueryValue>& params) : q_(q), params_(params) {
    out_.query = &q;
  }

  Result<BoundQuery> Run() {
    if (q_.as_of) {
      auto t = ParseTimestamp(q_.as_of->timestamp);
      if (!t.ok()) return QueryError(q_.as_of->pos, StrCat({"invalid AS OF timestamp: ", t.status().message()}));
      out_.at = *t;
    }
    Scope scope;
    for (const auto& clause : q_.clauses) {
      BoundClause bc;
      bc.clause = clause.get();
      Status st = BindClause(*clause, scope, bc);
      if (!st.ok()) return st;
      out_.clauses.push_back(std::move(bc));
    }
    return std::move(out_);
  }

 private:
  int NewSlot() { return out_.num_slots++; }

  Status Unknown(SourcePos pos, const std::string& name) {
    return QueryError(pos, StrCat({"variable `", name, "` is not defined"}));
  }

  Status BindExpr(const ast::Expr& e, const Scope& scope, bool allow_aggregates, bool in_aggregate = false) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::kVariable: {
        const auto& v = e.As<ast::VariableExpr>();
        auto it = scope.find(v.name);
        if (it == scope.end()) return Unknown(e.pos, v.name);
        out_.slot_of[&e] = it->second;
        return Status::Ok();
      }
      case K::kParameter: {
        const auto& p = e.As<ast::ParameterExpr>();
        if (!params_.count(p.name)) return QueryError(e.pos, StrCat({"parameter $", p.name, " is not given"}));
        return Status::Ok();
      }
      case K::kFunctionCall: {
        const auto& f = e.As<ast::FunctionCallExpr>();
        std::string name = AsciiLower(f.QualifiedName());
        bool aggregate = IsAggregateFunction(name);
        if (aggregate) {
          if (!allow_aggregates) {
            return QueryError(e.pos, StrCat({"aggregate function ", f.QualifiedName(), "() is not allowed here"}));
          }
          if (in_aggregate) return QueryError(e.pos, "aggregate functions cannot be nested");
        } else if (!IsScalarFunction(name)) {
          return QueryError(e.pos, StrCat({"unknown function '", f.QualifiedName(), "'"}));
        }
        if (f.star && name != "count")
          return QueryError(e.pos, StrCat({f.QualifiedName(), "(*) is not a function call"}));
        if (f.distinct && !aggregate) return QueryError(e.pos, "DISTINCT is only allowed in aggregate functions");
        for (const auto& a : f.args) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*a, scope, allow_aggregates, aggregate));
        return Status::Ok();
      }
      case K::kListComprehension: {
        const auto& c = e.As<ast::ListComprehensionExpr>();
        PROVGRAPH_RETURN_IF_ERROR(BindExpr(*c.list, scope, allow_aggregates, in_aggregate));
        Scope inner = scope;
        inner[c.variable] = NewSlot();
        out_.slot_of[&c] = inner[c.variable];
        if (c.where) PROVGRAPH_RETURN_IF_ERROR(BindWhere(*c.where, inner));
        if (c.projection) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*c.projection, inner, false));
        return Status::Ok();
      }
      case K::kQuantifier: {
        const auto& c = e.As<ast::QuantifierExpr>();
        PROVGRAPH_RETURN_IF_ERROR(BindExpr(*c.list, scope, allow_aggregates, in_aggregate));
        Scope inner = scope;
        inner[c.variable] = NewSlot();
        out_.slot_of[&c] = inner[c.variable];
        if (c.where) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*c.where, inner, false));
        return Status::Ok();
      }
      case K::kPatternPredicate: {
        const auto& p = e.As<ast::PatternPredicateExpr>();
        for (const auto& n : p.chain.nodes) {
          if (n.variable.empty()) continue;
          auto it = scope.find(n.variable);
          if (it == scope.end()) {
            return QueryError(
                n.pos, StrCat({"a pattern in an expression cannot introduce the new variable `", n.variable, "`"}));
          }
          out_.slot_of[&n] = it->second;
        }
        for (const auto& r : p.chain.relationships) {
          if (r.variable.empty()) continue;
          auto it = scope.find(r.variable);
          if (it == scope.end()) {
            return QueryError(
                r.pos, StrCat({"a pattern in an expression cannot introduce the new variable `", r.variable, "`"}));
          }
          out_.slot_of[&r] = it->second;
          out_.bound_relationships.insert(&r);
        }
        break;
      }
      default:
        break;
    }
    Status st;
    ast::ForEachChild(e, [&](const ast::Expr& child) {
      if (st.ok()) st = BindExpr(child, scope, allow_aggregates, in_aggregate);
    });
    return st;
  }

  // A WHERE whose value is known not to be a boolean (nor null) before
  // running: a literal, list or map, or a parameter -- in any of its
  // AND-ed conjuncts. Anything else is checked as it is evaluated.
  Status CheckWhere(const ast::Expr& e) const {
    using K = ast::ExprKind;
    if (e.kind == K::kBinary && e.As<ast::BinaryExpr>().op == ast::BinaryOp::kAnd) {
      PROVGRAPH_RETURN_IF_ERROR(CheckWhere(*e.As<ast::BinaryExpr>().lhs));
      return CheckWhere(*e.As<ast::BinaryExpr>().rhs);
    }
    using T = QueryValue::Type;
    T type = T::kBool;
    switch (e.kind) {
      case K::kLiteral: {
        const auto& v = e.As<ast::LiteralExpr>().value;
        if (std::holds_alternative<int64_t>(v)) type = T::kInt;
        if (std::holds_alternative<double>(v)) type = T::kFloat;
        if (std::holds_alternative<std::string>(v)) type = T::kString;
        break;
      }
      case K::kList:
        type = T::kList;
        break;
      case K::kMap:
        type = T::kMap;
        break;
      case K::kParameter: {
        auto it = params_.find(e.As<ast::ParameterExpr>().name);
        if (it != params_.end() && !it->second.is_null()) type = it->second.type();
        break;
      }
      default:
        break;
    }
    if (type == T::kBool) return Status::Ok();
    return QueryError(e.pos, StrCat({"WHERE needs a boolean, got ", TypeName(type)}));
  }

  Status BindWhere(const ast::Expr& e, const Scope& scope) {
    PROVGRAPH_RETURN_IF_ERROR(BindExpr(e, scope, false));
    return CheckWhere(e);
  }

  Status BindNode(const ast::NodePattern& n, Scope& scope, BoundClause& bc) {
    if (n.variable.empty()) return Status::Ok();
    auto it = scope.find(n.variable);
    if (it != scope.end()) {
      out_.slot_of[&n] = it->second;
      return Status::Ok();
    }
    int slot = NewSlot();
    scope[n.variable] = slot;
    out_.slot_of[&n] = slot;
    bc.new_slots.push_back(slot);
    return Status::Ok();
  }

  Status BindMatch(const ast::MatchClause& m, Scope& scope, BoundClause& bc) {
    // Property maps may use variables bound before this MATCH.
    Scope before = scope;
    for (const auto& p : m.patterns) {
      for (const auto& n : p.chain.nodes) {
        if (n.properties) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*n.properties, before, false));
      }
      for (const auto& r : p.chain.relationships) {
        if (r.properties) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*r.properties, before, false));
        if (r.var_length && r.var_length->min_hops && r.var_length->max_hops &&
            *r.var_length->min_hops > *r.var_length->max_hops) {
          return QueryError(r.pos, "the lower bound of a variable-length relationship exceeds its upper bound");
        }
      }
    }
    for (const auto& p : m.patterns) {
      for (size_t i = 0; i < p.chain.nodes.size(); ++i) {
        PROVGRAPH_RETURN_IF_ERROR(BindNode(p.chain.nodes[i], scope, bc));
        if (i < p.chain.relationships.size()) {
          const auto& r = p.chain.relationships[i];
          if (r.variable.empty()) continue;
          if (auto it = scope.find(r.variable); it != scope.end()) {
            // A relationship of an earlier clause may be matched again (TCK
            // Match3 [24]); within one MATCH it would be matched twice
            // (Match3 [29]: RelationshipUniquenessViolation).
            bool this_clause = std::find(bc.new_slots.begin(), bc.new_slots.end(), it->second) != bc.new_slots.end();
            if (this_clause || r.var_length) {
              return QueryError(
                  r.pos, StrCat({"variable `", r.variable, "` is already bound", this_clause ? " in this MATCH" : "",
                                 r.var_length ? " (a variable-length relationship cannot reuse it)" : ""}));
            }
            out_.slot_of[&r] = it->second;
            out_.bound_relationships.insert(&r);
            continue;
          }
          int slot = NewSlot();
          scope[r.variable] = slot;
          out_.slot_of[&r] = slot;
          bc.new_slots.push_back(slot);
        }
      }
      if (p.kind != ast::PathKind::kPlain) {
        if (p.chain.relationships.size() != 1) {
          return QueryError(p.pos, "shortestPath needs exactly one relationship pattern");
        }
      }
      if (!p.path_variable.empty()) {
        if (scope.count(p.path_variable)) {
          return QueryError(p.pos, StrCat({"variable `", p.path_variable, "` is already bound"}));
        }
        int slot = NewSlot();
        scope[p.path_variable] = slot;
        out_.slot_of[&p] = slot;
        bc.new_slots.push_back(slot);
      }
    }
    if (m.where) PROVGRAPH_RETURN_IF_ERROR(BindWhere(*m.where, scope));
    return Status::Ok();
  }

  static bool HasAggregate(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::kFunctionCall &&
        IsAggregateFunction(AsciiLower(e.As<ast::FunctionCallExpr>().QualifiedName()))) {
      return true;
    }
    bool found = false;
    ast::ForEachChild(e, [&](const ast::Expr& c) { found = found || HasAggregate(c); });
    return found;
  }

  // Each aggregate call in an ORDER BY expression must equal an aggregating
  // item of the projection (as openCypher allows `RETURN k, count(*) ORDER
  // BY count(*)`): it is mapped to that item's slot, which the evaluator
  // reads.
  Status BindOrderAggregates(const ast::Expr& e, const ast::Projection& p, const BoundProjection& bp) {
    if (e.kind == ast::ExprKind::kFunctionCall) {
      const auto& f = e.As<ast::FunctionCallExpr>();
      if (IsAggregateFunction(AsciiLower(f.QualifiedName()))) {
        std::string text = AsciiLower(ast::PrintExpr(e));
        for (size_t k = 0; k < p.items.size(); ++k) {
          if (bp.is_aggregate[k] && AsciiLower(ast::PrintExpr(*p.items[k].expr)) == text) {
            out_.slot_of[&e] = bp.item_slots[k];
            return Status::Ok();
          }
        }
        return QueryError(e.pos, StrCat({"aggregate function ", f.QualifiedName(),
                                         "() in ORDER BY must be one of the projected items"}));
      }
    }
    Status st;
    ast::ForEachChild(e, [&](const ast::Expr& c) {
      if (st.ok()) st = BindOrderAggregates(c, p, bp);
    });
    return st;
  }

  // What an aggregating or DISTINCT projection groups by: the variables
  // projected as they are (`RETURN n, count(*)`) and the text of every
  // projected item without an aggregate (`RETURN n.x, ...`).
  struct Grouping {
    std::set<std::string> variables;
    std::set<std::string> item_texts;      // lowercased PrintExpr
    std::set<std::string> item_variables;  // variables those items read
    const Scope* projected = nullptr;      // names the projection defines (ORDER BY only)
    bool aggregating = false;
  };

  static bool IsSimpleKey(const ast::Expr& e) {
    return e.kind == ast::ExprKind::kVariable ||
           (e.kind == ast::ExprKind::kProperty && e.As<ast::PropertyExpr>().object->kind == ast::ExprKind::kVariable);
  }

  static void CollectVariables(const ast::Expr& e, std::set<std::string>& out) {
    if (e.kind == ast::ExprKind::kVariable) out.insert(e.As<ast::VariableExpr>().name);
    ast::ForEachChild(e, [&](const ast::Expr& c) { CollectVariables(c, out); });
  }

  static Status Ambiguous(const ast::Expr& e) {
    return QueryError(e.pos, StrCat({"ambiguous aggregation: `", ast::PrintExpr(e),
                                     "` is not a grouping key (project it as a variable or property of its own)"}));
  }

  // openCypher's grouping rules for an expression of an aggregating or
  // DISTINCT projection (its items, or with `g.projected` its ORDER BY).
  // Outside aggregate calls, an expression that holds an aggregate may only
  // combine it with grouping keys that are variables or properties (else
  // AmbiguousAggregationExpression: `RETURN n.x + count(*)`, or `ORDER BY
  // a.x + b.x + count(*)` even with `a.x + b.x` projected); and ORDER BY
  // after such a projection sees only what it projects (`RETURN count(*)
  // ORDER BY n.x` names an undefined `n`). `locals` are the variables of
  // enclosing list comprehensions and quantifiers.
  Status CheckGrouping(const ast::Expr& e, const Grouping& g, bool with_aggregate, std::set<std::string>& locals) {
    using K = ast::ExprKind;
    if (e.kind == K::kFunctionCall && IsAggregateFunction(AsciiLower(e.As<ast::FunctionCallExpr>().QualifiedName()))) {
      return Status::Ok();  // its arguments are read per row
    }
    if (e.kind != K::kLiteral && e.kind != K::kParameter && g.item_texts.count(AsciiLower(ast::PrintExpr(e)))) {
      if (with_aggregate && !IsSimpleKey(e)) return Ambiguous(e);
      return Status::Ok();
    }
    auto variable = [&](const std::string& name, const ast::Expr* expr, SourcePos pos) -> Status {
      if (locals.count(name)) return Status::Ok();
      if (g.projected) {
        if (g.projected->count(name)) return Status::Ok();
        // Part of a projected expression that is not a key of its own.
        if (with_aggregate && expr && g.item_variables.count(name)) return Ambiguous(*expr);
        return QueryError(pos, StrCat({"variable `", name, "` is not projected: after ",
                                       g.aggregating ? "an aggregation" : "DISTINCT",
                                       ", ORDER BY can only use what the projection returns"}));
      }
      if (g.variables.count(name)) return Status::Ok();
      if (expr) return Ambiguous(*expr);
      return QueryError(pos, StrCat({"ambiguous aggregation: `", name, "` is not a grouping key"}));
    };
    switch (e.kind) {
      case K::kVariable:
        return variable(e.As<ast::VariableExpr>().name, &e, e.pos);
      case K::kProperty: {
        const ast::Expr& object = *e.As<ast::PropertyExpr>().object;
        if (object.kind != K::kVariable) break;
        // `n.x` with `n` no key: report the property, as the user wrote it.
        return variable(object.As<ast::VariableExpr>().name, &e, object.pos);
      }
      case K::kListComprehension:
      case K::kQuantifier: {
        const bool comprehension = e.kind == K::kListComprehension;
        const std::string& name =
            comprehension ? e.As<ast::ListComprehensionExpr>().variable : e.As<ast::QuantifierExpr>().variable;
        const ast::Expr& list =
            comprehension ? *e.As<ast::ListComprehensionExpr>().list : *e.As<ast::QuantifierExpr>().list;
        PROVGRAPH_RETURN_IF_ERROR(CheckGrouping(list, g, with_aggregate, locals));
        bool added = locals.insert(name).second;
        Status st;
        ast::ForEachChild(e, [&](const ast::Expr& c) {
          if (st.ok() && &c != &list) st = CheckGrouping(c, g, with_aggregate, locals);
        });
        if (added) locals.erase(name);
        return st;
      }
      case K::kPatternPredicate: {
        const auto& chain = e.As<ast::PatternPredicateExpr>().chain;
        for (const auto& n : chain.nodes) {
          if (!n.variable.empty()) PROVGRAPH_RETURN_IF_ERROR(variable(n.variable, nullptr, n.pos));
        }
        for (const auto& r : chain.relationships) {
          if (!r.variable.empty()) PROVGRAPH_RETURN_IF_ERROR(variable(r.variable, nullptr, r.pos));
        }
        break;
      }
      default:
        break;
    }
    Status st;
    ast::ForEachChild(e, [&](const ast::Expr& c) {
      if (st.ok()) st = CheckGrouping(c, g, with_aggregate, locals);
    });
    return st;
  }

  // `clause_pos` (the WITH or RETURN keyword) places errors of the
  // projection as a whole.
  Status BindProjection(const ast::Projection& p, bool is_with, SourcePos clause_pos, Scope& scope,
                        BoundProjection& bp) {
    bp.projection = &p;
    Scope next;
    if (p.star) {
      if (scope.empty()) {
        return QueryError(clause_pos, StrCat({is_with ? "WITH" : "RETURN", " * has no variables to project"}));
      }
      for (const auto& [name, slot] : scope) {
        int to = NewSlot();
        bp.star_slots.emplace_back(slot, to);
        next[name] = to;
        if (!is_with) out_.columns.push_back(name);
      }
    }
    for (const auto& item : p.items) {
      PROVGRAPH_RETURN_IF_ERROR(BindExpr(*item.expr, scope, true));
      bool agg = HasAggregate(*item.expr);
      bp.is_aggregate.push_back(agg);
      bp.aggregating = bp.aggregating || agg;
      std::string name = item.alias;
      if (name.empty()) {
        if (item.expr->kind == ast::ExprKind::kVariable) {
          name = item.expr->As<ast::VariableExpr>().name;
        } else if (is_with) {
          return QueryError(item.pos, "an expression in WITH must be aliased (use AS)");
        } else {
          name = item.text;
        }
      }
      if (next.count(name) && is_with) return QueryError(item.pos, StrCat({"`", name, "` is projected twice"}));
      int slot = NewSlot();
      next[name] = slot;
      bp.item_slots.push_back(slot);
      bp.names.push_back(name);
      if (!is_with) out_.columns.push_back(name);
    }
    // ORDER BY sees the projected names first, then the variables before
    // the projection (after aggregation they hold the group's first row,
    // which is right for expressions of the grouping keys, e.g. o.key).
    Scope order_scope = next;
    for (const auto& [name, slot] : scope) order_scope.emplace(name, slot);
    Grouping grouping;
    grouping.aggregating = bp.aggregating;
    if (bp.aggregating || p.distinct) {
      for (size_t k = 0; k < p.items.size(); ++k) {
        if (bp.is_aggregate[k]) continue;
        const ast::Expr& e = *p.items[k].expr;
        if (e.kind == ast::ExprKind::kVariable) grouping.variables.insert(e.As<ast::VariableExpr>().name);
        grouping.item_texts.insert(AsciiLower(ast::PrintExpr(e)));
        CollectVariables(e, grouping.item_variables);
      }
      if (p.star) {
        for (const auto& [name, slot] : scope) grouping.variables.insert(name);
      }
      std::set<std::string> locals;
      for (size_t k = 0; k < p.items.size(); ++k) {
        if (bp.is_aggregate[k]) PROVGRAPH_RETURN_IF_ERROR(CheckGrouping(*p.items[k].expr, grouping, true, locals));
      }
    }
    for (const auto& s : p.order_by) {
      // Aggregates only after an aggregating projection (else "not allowed here").
      PROVGRAPH_RETURN_IF_ERROR(BindExpr(*s.expr, order_scope, bp.aggregating));
      PROVGRAPH_RETURN_IF_ERROR(BindOrderAggregates(*s.expr, p, bp));
      if (bp.aggregating || p.distinct) {
        Grouping order = grouping;
        order.projected = &next;
        std::set<std::string> locals;
        PROVGRAPH_RETURN_IF_ERROR(CheckGrouping(*s.expr, order, HasAggregate(*s.expr), locals));
      }
    }
    Scope empty;
    if (p.skip) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*p.skip, empty, false));
    if (p.limit) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*p.limit, empty, false));
    scope = std::move(next);
    return Status::Ok();
  }

  Status BindClause(const ast::Clause& c, Scope& scope, BoundClause& bc) {
    switch (c.kind) {
      case ast::ClauseKind::kMatch:
        return BindMatch(c.As<ast::MatchClause>(), scope, bc);
      case ast::ClauseKind::kUnwind: {
        const auto& u = c.As<ast::UnwindClause>();
        PROVGRAPH_RETURN_IF_ERROR(BindExpr(*u.list, scope, false));
        if (scope.count(u.alias)) return QueryError(u.alias_pos, StrCat({"variable `", u.alias, "` is already bound"}));
        int slot = NewSlot();
        scope[u.alias] = slot;
        bc.new_slots.push_back(slot);
        return Status::Ok();
      }
      case ast::ClauseKind::kWith: {
        const auto& w = c.As<ast::WithClause>();
        PROVGRAPH_RETURN_IF_ERROR(BindProjection(w.projection, true, c.pos, scope, bc.projection));
        if (w.where) PROVGRAPH_RETURN_IF_ERROR(BindWhere(*w.where, scope));
        return Status::Ok();
      }
      case ast::ClauseKind::kReturn:
        return BindProjection(c.As<ast::ReturnClause>().projection, false, c.pos, scope, bc.projection);
      case ast::ClauseKind::kCall: {
        const auto& call = c.As<ast::CallClause>();
        std::string name = AsciiLower(call.QualifiedName());
        const ProcedureSignature* sig = FindProcedure(name);
        if (!sig) return QueryError(call.procedure_pos, StrCat({"unknown procedure '", call.QualifiedName(), "'"}));
        int n = static_cast<int>(call.args.size());
        if (n < sig->min_args || n > sig->max_args) {
          return QueryError(
              call.procedure_pos,
              StrCat({call.QualifiedName(), " takes ", std::to_string(sig->min_args),
                      sig->max_args > sig->min_args ? StrCat({" to ", std::to_string(sig->max_args)}) : "", " argument",
                      sig->max_args == 1 ? "" : "s", ", got ", std::to_string(n)}));
        }
        for (const auto& a : call.args) PROVGRAPH_RETURN_IF_ERROR(BindExpr(*a, scope, false));
        bc.yield_slots.assign(sig->outputs.size(), -1);
        bool standalone = q_.clauses.size() == 1;
        auto yield = [&](size_t i, const std::string& as, SourcePos pos) -> Status {
          if (scope.count(as)) return QueryError(pos, StrCat({"variable `", as, "` is already bound"}));
          int slot = NewSlot();
          scope[as] = slot;
          bc.yield_slots[i] = slot;
          bc.new_slots.push_back(slot);
          bc.yield_names.push_back(as);
          if (standalone) out_.columns.push_back(as);
          return Status::Ok();
        };
        if (call.yields.empty()) {
          if (!standalone && !call.yield_star) {
            return QueryError(call.pos, "CALL inside a larger query needs YIELD");
          }
          for (size_t i = 0; i < sig->outputs.size(); ++i)
            PROVGRAPH_RETURN_IF_ERROR(yield(i, sig->outputs[i], call.pos));
        } else {
          for (const auto& y : call.yields) {
            auto it =
                std::find_if(sig->outputs.begin(), sig->outputs.end(), [&](const char* o) { return y.name == o; });
            if (it == sig->outputs.end()) {
              return QueryError(y.pos, StrCat({call.QualifiedName(), " has no output `", y.name, "`"}));
            }
            PROVGRAPH_RETURN_IF_ERROR(
                yield(static_cast<size_t>(it - sig->outputs.begin()), y.alias.empty() ? y.name : y.alias, y.pos));
          }
        }
        if (call.where) PROVGRAPH_RETURN_IF_ERROR(BindWhere(*call.where, scope));
        return Status::Ok();
      }
    }
    return Status::Internal("unknown clause");
  }

  const ast::Query& q_;
  const std::unordered_map<std::string, QueryValue>& params_;  // names and types checked, values not kept
  BoundQuery out_;
};

}  // namespace

bool IsAggregateFunction(const std::string& n) {
  return n == "count" || n == "collect" || n == "min" || n == "max" || n == "sum" || n == "avg";
}

bool IsScalarFunction(const std::string& n) {
  static const char* const kNames[] = {
      "id",       "labels",  "type",    "properties", "keys",      "length",  "nodes",    "relationships", "size",
      "coalesce", "tolower", "toupper", "tostring",   "tointeger", "tofloat", "datetime", "startnode",     "endnode",
      "head",     "last",    "tail",    "range",      "abs",       "trim",    "exists",   "toboolean",     "duration"};
  return std::find_if(std::begin(kNames), std::end(kNames), [&](const char* k) { return n == k; }) != std::end(kNames);
}

const ProcedureSignature* FindProcedure(const std::string& lower_name) {
  for (const auto& p : Procedures()) {
    if (lower_name == p.name) return &p;
  }
  return nullptr;
}

Result<BoundQuery> Bind(const ast::Query& query, const std::unordered_map<std::string, QueryValue>& params) {
  return Binder(query, params).Run();
}

}  // namespace provgraph::query
