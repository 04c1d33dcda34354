#include "query/common/ascii_lower.h"
#include "query/executor/executor.h"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "query/ast/ast_printer.h"
#include "query/ast/expression.h"
#include "query/ast/pattern.h"
#include "query/binder/binder.h"
#include "query/common/str_cat.h"
#include "query/executor/evaluator.h"
#include "query/executor/matcher.h"
#include "query/executor/procedures.h"

namespace provgraph::query {
namespace {

using Rows = std::vector<Row>;

struct RowHash {
  const std::vector<int>* slots;
  size_t operator()(const Row& r) const {
    size_t h = 0;
    for (int s : *slots) h = h * 1000003 ^ HashValue(r[s]);
    return h;
  }
};
struct RowEq {
  const std::vector<int>* slots;
  bool operator()(const Row& a, const Row& b) const {
    for (int s : *slots) {
      if (!Equivalent(a[s], b[s])) return false;
    }
    return true;
  }
};

void CollectAggregates(const ast::Expr& e, std::vector<const ast::FunctionCallExpr*>& out) {
  if (e.kind == ast::ExprKind::kFunctionCall) {
    const auto& f = e.As<ast::FunctionCallExpr>();
    if (IsAggregateFunction(AsciiLower(f.QualifiedName()))) {
      out.push_back(&f);
      return;
    }
  }
  ast::ForEachChild(e, [&](const ast::Expr& c) { CollectAggregates(c, out); });
}

// DISTINCT when every value is a node (or every value a relationship), the
// common case of count(DISTINCT n) after a variable-length match: a bitmap
// over the ids instead of a hash set of values (same values kept, first
// occurrences in order). False, with `vals` untouched, for other values or
// ids too sparse for a bitmap.
bool DistinctRefs(std::vector<QueryValue>& vals) {
  using T = QueryValue::Type;
  if (vals.empty()) return true;
  const T type = vals[0].type();
  if (type != T::kNode && type != T::kEdge) return false;
  auto id_of = [type](const QueryValue& v) -> uint64_t { return type == T::kNode ? v.as_node().id : v.as_edge().id; };
  uint64_t max = 0;
  for (const auto& v : vals) {
    if (v.type() != type) return false;
    max = std::max(max, id_of(v));
  }
  if (max / 64 > vals.size() + 4096) return false;  // the bitmap would dwarf the values
  std::vector<uint64_t> seen(max / 64 + 1, 0);
  size_t kept = 0;
  for (size_t i = 0; i < vals.size(); ++i) {
    uint64_t id = id_of(vals[i]);
    uint64_t bit = uint64_t{1} << (id % 64);
    if (seen[id / 64] & bit) continue;
    seen[id / 64] |= bit;
    if (kept != i) vals[kept] = std::move(vals[i]);
    ++kept;
  }
  vals.resize(kept);
  return true;
}

QueryValue Aggregate(const ast::FunctionCallExpr& f, std::vector<QueryValue>& values, size_t rows) {
  std::string name = AsciiLower(f.QualifiedName());
  if (f.star) return QueryValue(static_cast<int64_t>(rows));
  // The non-null values, in place (no second vector of every value).
  std::vector<QueryValue>& vals = values;
  vals.erase(std::remove_if(vals.begin(), vals.end(), [](const QueryValue& v) { return v.is_null(); }), vals.end());
  if (f.distinct && !DistinctRefs(vals)) {  // keeps the first occurrence of each value, in order
    struct Hash {
      size_t operator()(const QueryValue& v) const { return HashValue(v); }
    };
    struct Eq {
      bool operator()(const QueryValue& a, const QueryValue& b) const { return Equivalent(a, b); }
    };
    std::unordered_set<QueryValue, Hash, Eq> seen;
    std::vector<QueryValue> unique;
    for (auto& v : vals) {
      if (seen.insert(v).second) unique.push_back(std::move(v));
    }
    vals = std::move(unique);
  }
  if (name == "count") return QueryValue(static_cast<int64_t>(vals.size()));
  if (name == "collect") return QueryValue(QueryList(std::move(vals)));
  if (vals.empty()) return name == "sum" ? QueryValue(int64_t{0}) : QueryValue();
  if (name == "min" || name == "max") {
    auto cmp = [](const QueryValue& a, const QueryValue& b) { return OrderCompare(a, b) < 0; };
    return name == "min" ? *std::min_element(vals.begin(), vals.end(), cmp) : *std::max_element(vals.begin(), vals.end(), cmp);
  }
  bool all_int = true;
  for (const auto& v : vals) {
    if (!v.is_number()) Fail(f.pos, StrCat({f.QualifiedName(), "() needs numbers, got ", TypeName(v.type())}));
    all_int = all_int && v.type() == QueryValue::Type::kInt;
  }
  if (name == "sum" && all_int) {
    int64_t s = 0;
    for (const auto& v : vals) {
      if (__builtin_add_overflow(s, v.as_int(), &s)) Fail(f.pos, "integer overflow in sum()");
    }
    return QueryValue(s);
  }
  // Neumaier-compensated sum for floats.
  double sum = 0, c = 0;
  for (const auto& v : vals) {
    double x = v.as_number(), t = sum + x;
    c += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  sum += c;
  if (name == "sum") return QueryValue(sum);
  return QueryValue(sum / static_cast<double>(vals.size()));  // avg
}

class Runner {
 public:
  Runner(const BoundQuery& b, const Graph& g) : b_(b), ctx_(g, b), matcher_(ctx_) { ctx_.matcher = &matcher_; }
  void set_series(const SeriesIndex* series) { ctx_.series = series; }

  Result<QueryResult> Run() {
    QueryResult result;
    result.columns = b_.columns;
    result.at = b_.at;
    auto mode = b_.query->mode;
    if (mode == ast::ExplainMode::kExplain) {
      result.plan = PlanText(nullptr);
      return result;
    }
    try {
      Rows rows(1, Row(static_cast<size_t>(b_.num_slots)));
      for (size_t i = 0; i < b_.clauses.size(); ++i) {
        auto t0 = std::chrono::steady_clock::now();
        rows = RunClause(b_.clauses[i], std::move(rows));
        stats_.push_back({rows.size(), std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()});
      }
      const BoundClause& last = b_.clauses.back();
      std::vector<int> out_slots;
      if (last.clause->kind == ast::ClauseKind::kReturn) {
        for (auto [from, to] : last.projection.star_slots) out_slots.push_back(to);
        for (int s : last.projection.item_slots) out_slots.push_back(s);
      } else {
        out_slots = last.new_slots;
      }
      for (Row& r : rows) {
        std::vector<QueryValue> out;
        out.reserve(out_slots.size());
        for (int s : out_slots) out.push_back(std::move(r[s]));
        result.rows.push_back(std::move(out));
      }
    } catch (const QueryFailure& f) {
      return f.status;
    }
    if (mode == ast::ExplainMode::kProfile) result.plan = PlanText(&stats_);
    return result;
  }

 private:
  struct ClauseStats {
    size_t rows;
    double ms;
  };

  std::string Describe(const BoundClause& bc) {
    const ast::Clause& c = *bc.clause;
    switch (c.kind) {
      case ast::ClauseKind::kMatch: {
        const auto& m = c.As<ast::MatchClause>();
        std::string out = m.optional ? "OptionalMatch" : "Match";
        for (const auto& p : m.patterns) {
          out += StrCat({" [", Matcher::DescribeStart(p.chain.nodes[0])});
          for (const auto& r : p.chain.relationships) {
            bool reach = r.var_length && b_.SlotOf(&r) < 0 && p.path_variable.empty() && !r.properties;
            out += r.var_length ? (reach ? " -> VarLengthReachability" : " -> VarLengthTrails") : " -> Expand";
          }
          if (p.kind != ast::PathKind::kPlain) out += " -> ShortestPath";
          out += "]";
        }
        if (m.where) out += StrCat({" -> Filter(", ast::PrintExpr(*m.where), ")"});
        return out;
      }
      case ast::ClauseKind::kUnwind: return "Unwind";
      case ast::ClauseKind::kCall: return StrCat({"ProcedureCall(", c.As<ast::CallClause>().QualifiedName(), ")"});
      case ast::ClauseKind::kWith:
      case ast::ClauseKind::kReturn: {
        const auto& p = *bc.projection.projection;
        std::string out = bc.projection.aggregating ? "Aggregate" : "Projection";
        if (p.distinct) out += " -> Distinct";
        if (!p.order_by.empty()) out += " -> Sort";
        if (p.skip) out += " -> Skip";
        if (p.limit) out += " -> Limit";
        if (c.kind == ast::ClauseKind::kWith && c.As<ast::WithClause>().where) out += " -> Filter";
        return StrCat({c.kind == ast::ClauseKind::kReturn ? "Return: " : "With: ", out});
      }
    }
    return "?";
  }

  std::string PlanText(const std::vector<ClauseStats>* stats) {
    std::ostringstream out;
    out << "plan (as of " << (b_.at.micros >= kLatest.micros ? std::string("now") : FormatTimestamp(b_.at)) << ")\n";
    for (size_t i = 0; i < b_.clauses.size(); ++i) {
      out << "  " << i + 1 << ". " << Describe(b_.clauses[i]);
      if (stats && i < stats->size()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "  rows=%zu time=%.3f ms", (*stats)[i].rows, (*stats)[i].ms);
        out << buf;
      }
      out << "\n";
    }
    return out.str();
  }

  Rows RunClause(const BoundClause& bc, Rows in) {
    switch (bc.clause->kind) {
      case ast::ClauseKind::kMatch: return RunMatch(bc, std::move(in));
      case ast::ClauseKind::kUnwind: {
        const auto& u = bc.clause->As<ast::UnwindClause>();
        Rows out;
        int slot = bc.new_slots[0];
        for (Row& r : in) {
          QueryValue list = Evaluate(*u.list, r, ctx_);
          if (list.is_null()) continue;
          if (list.type() != QueryValue::Type::kList) {
            r[slot] = std::move(list);
            out.push_back(std::move(r));
            continue;
          }
          for (const auto& item : list.as_list()) {
            Row copy = r;
            copy[slot] = item;
            out.push_back(std::move(copy));
          }
        }
        return out;
      }
      case ast::ClauseKind::kCall: {
        const auto& call = bc.clause->As<ast::CallClause>();
        Rows out;
        for (Row& r : in) {
          for (auto& values : RunProcedure(call, r, ctx_)) {
            Row copy = r;
            for (size_t i = 0; i < values.size() && i < bc.yield_slots.size(); ++i) {
              if (bc.yield_slots[i] >= 0) copy[bc.yield_slots[i]] = std::move(values[i]);
            }
            if (call.where && !IsTrue(Evaluate(*call.where, copy, ctx_))) continue;
            out.push_back(std::move(copy));
          }
        }
        return out;
      }
      case ast::ClauseKind::kWith: {
        Rows out = RunProjection(bc.projection, std::move(in));
        const auto& w = bc.clause->As<ast::WithClause>();
        if (!w.where) return out;
        Rows kept;
        for (Row& r : out) {
          if (IsTrue(Evaluate(*w.where, r, ctx_))) kept.push_back(std::move(r));
        }
        return kept;
      }
      case ast::ClauseKind::kReturn: return RunProjection(bc.projection, std::move(in));
    }
    return {};
  }

  Rows RunMatch(const BoundClause& bc, Rows in) {
    const auto& m = bc.clause->As<ast::MatchClause>();
    matcher_.SetNewSlots(&bc.new_slots);
    Rows out;
    for (Row& input : in) {
      Rows current{input};
      for (const auto& pattern : m.patterns) {
        Rows next;
        for (Row& r : current) {
          matcher_.Match(pattern, r, [&](Row& matched) { next.push_back(matched); });
        }
        current = std::move(next);
        if (current.empty()) break;
      }
      size_t before = out.size();
      for (Row& r : current) {
        if (m.where && !IsTrue(Evaluate(*m.where, r, ctx_))) continue;
        out.push_back(std::move(r));
      }
      if (m.optional && out.size() == before) {
        for (int s : bc.new_slots) input[s] = QueryValue();
        out.push_back(std::move(input));
      }
    }
    matcher_.SetNewSlots(nullptr);
    return out;
  }

  Rows RunProjection(const BoundProjection& bp, Rows in) {
    const ast::Projection& p = *bp.projection;
    Rows out;
    if (!bp.aggregating) {
      for (Row& r : in) {
        for (auto [from, to] : bp.star_slots) r[to] = r[from];
        for (size_t i = 0; i < p.items.size(); ++i) r[bp.item_slots[i]] = Evaluate(*p.items[i].expr, r, ctx_);
        out.push_back(std::move(r));
      }
    } else {
      std::vector<int> key_slots;
      std::vector<size_t> key_items, agg_items;
      for (size_t i = 0; i < p.items.size(); ++i) {
        if (bp.is_aggregate[i]) {
          agg_items.push_back(i);
        } else {
          key_items.push_back(i);
          key_slots.push_back(bp.item_slots[i]);
        }
      }
      std::vector<const ast::FunctionCallExpr*> calls;
      for (size_t i : agg_items) CollectAggregates(*p.items[i].expr, calls);
      struct Group {
        Row row;
        std::vector<std::vector<QueryValue>> args;
        size_t count = 0;
      };
      std::unordered_map<Row, size_t, RowHash, RowEq> index(16, RowHash{&key_slots}, RowEq{&key_slots});
      std::vector<Group> groups;
      for (Row& r : in) {
        for (size_t i : key_items) r[bp.item_slots[i]] = Evaluate(*p.items[i].expr, r, ctx_);
        auto [it, inserted] = index.try_emplace(r, groups.size());
        if (inserted) {
          groups.push_back(Group{r, std::vector<std::vector<QueryValue>>(calls.size()), 0});
          // One group for all rows (no grouping keys): its arguments take every row.
          if (key_items.empty()) {
            for (size_t c = 0; c < calls.size(); ++c) {
              if (!calls[c]->star) groups.back().args[c].reserve(in.size());
            }
          }
        }
        Group& g = groups[it->second];
        ++g.count;
        for (size_t c = 0; c < calls.size(); ++c) {
          if (calls[c]->star) continue;
          g.args[c].push_back(calls[c]->args.empty() ? QueryValue() : Evaluate(*calls[c]->args[0], r, ctx_));
        }
      }
      if (groups.empty() && key_items.empty()) {
        groups.push_back(Group{Row(static_cast<size_t>(b_.num_slots)), std::vector<std::vector<QueryValue>>(calls.size()), 0});
      }
      for (Group& g : groups) {
        std::unordered_map<const ast::Expr*, QueryValue> values;
        for (size_t c = 0; c < calls.size(); ++c) values[calls[c]] = Aggregate(*calls[c], g.args[c], g.count);
        ctx_.aggregates = &values;
        for (size_t i : agg_items) g.row[bp.item_slots[i]] = Evaluate(*p.items[i].expr, g.row, ctx_);
        ctx_.aggregates = nullptr;
        out.push_back(std::move(g.row));
      }
    }
    if (p.distinct) {
      std::vector<int> slots = bp.item_slots;
      for (auto [from, to] : bp.star_slots) slots.push_back(to);
      std::unordered_map<Row, bool, RowHash, RowEq> seen(16, RowHash{&slots}, RowEq{&slots});
      Rows unique;
      for (Row& r : out) {
        if (seen.try_emplace(r, true).second) unique.push_back(std::move(r));
      }
      out = std::move(unique);
    }
    if (!p.order_by.empty()) {
      std::vector<std::pair<std::vector<QueryValue>, size_t>> keys;
      for (size_t i = 0; i < out.size(); ++i) {
        std::vector<QueryValue> k;
        for (const auto& s : p.order_by) k.push_back(Evaluate(*s.expr, out[i], ctx_));
        keys.emplace_back(std::move(k), i);
      }
      std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        for (size_t j = 0; j < p.order_by.size(); ++j) {
          int c = OrderCompare(a.first[j], b.first[j]);
          if (c) return p.order_by[j].descending ? c > 0 : c < 0;
        }
        return false;
      });
      Rows sorted;
      sorted.reserve(out.size());
      for (auto& k : keys) sorted.push_back(std::move(out[k.second]));
      out = std::move(sorted);
    }
    auto count = [&](const ast::ExprPtr& e, const char* what) -> size_t {
      Row empty(static_cast<size_t>(b_.num_slots));
      QueryValue v = Evaluate(*e, empty, ctx_);
      if (v.type() != QueryValue::Type::kInt || v.as_int() < 0) {
        Fail(e->pos, StrCat({what, " needs a non-negative integer"}));
      }
      return static_cast<size_t>(v.as_int());
    };
    size_t skip = p.skip ? count(p.skip, "SKIP") : 0;
    size_t limit = p.limit ? count(p.limit, "LIMIT") : SIZE_MAX;
    if (skip || limit < out.size()) {
      Rows window;
      for (size_t i = skip; i < out.size() && window.size() < limit; ++i) window.push_back(std::move(out[i]));
      out = std::move(window);
    }
    return out;
  }

  const BoundQuery& b_;
  ExecContext ctx_;
  Matcher matcher_;
  std::vector<ClauseStats> stats_;
};

}  // namespace

Result<QueryResult> Execute(const BoundQuery& bound, const Graph& graph, const SeriesIndex* series) {
  Runner runner(bound, graph);
  runner.set_series(series);
  return runner.Run();
}

}  // namespace provgraph::query
