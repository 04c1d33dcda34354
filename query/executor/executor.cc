#include "query/executor/executor.h"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "query/ast/expression.h"
#include "query/common/str_cat.h"
#include "query/executor/aggregate.h"
#include "query/executor/evaluator.h"
#include "query/executor/matcher.h"
#include "query/executor/procedures.h"
#include "query/planner/explain.h"

namespace provgraph::query {
namespace {

using Clock = std::chrono::steady_clock;

// Runs a plan as a push pipeline: operator i hands each row it produces to
// operator i + 1 (Push), by reference, without copying; operators that
// need all their input first (aggregation, sort, closure counts) keep
// copies and emit them when flushed, in pipeline order.
class Runner {
 public:
  Runner(const BoundQuery& b, const Graph& g, const std::unordered_map<std::string, QueryValue>& params,
         const Plan& plan)
      : b_(b), plan_(plan), ctx_(g, b, params), matcher_(ctx_), state_(plan.ops.size()) {
    ctx_.matcher = &matcher_;
    profile_ = b.query->mode == ast::ExplainMode::kProfile;
  }
  void set_series(const SeriesIndex* series) { ctx_.series = series; }
  void set_sink(RowSink* sink) { sink_ = sink; }

  Result<QueryResult> Run() {
    QueryResult result;
    result.columns = b_.columns;
    result.at = b_.at;
    result.rows = ResultRows(b_.columns.size());
    if (b_.query->mode == ast::ExplainMode::kExplain) {
      result.plan = PlanText(plan_, b_.at, false);
      return result;
    }
    rows_ = ResultRows(b_.columns.size());
    if (sink_) sink_->OnStart(result.columns, result.at, profile_);
    try {
      Prepare();
      Row row(static_cast<size_t>(b_.num_slots));
      Push(0, row);
      for (size_t i = 0; i < plan_.ops.size(); ++i) Flush(i);
    } catch (const QueryFailure& f) {
      return f.status;
    }
    result.rows = std::move(rows_);
    if (profile_) result.plan = PlanText(plan_, b_.at, true);
    return result;
  }

 private:
  struct OpState {
    std::unique_ptr<Aggregation> aggregation;
    std::unique_ptr<DistinctSet> distinct;
    std::vector<Row> buffer;     // Sort
    size_t count = 0;            // Skip / Limit: rows seen
    size_t bound = 0;            // Skip / Limit: the value
    std::vector<NodeId> starts;  // CountReachable
  };

  // Per-operator state, and SKIP / LIMIT values (checked even when no row
  // reaches them).
  void Prepare() {
    for (size_t i = 0; i < plan_.ops.size(); ++i) {
      const PlanOp& op = plan_.ops[i];
      OpState& st = state_[i];
      if (op.kind == OpKind::kAggregate) st.aggregation = std::make_unique<Aggregation>(op.clause->projection, ctx_);
      if (op.kind == OpKind::kDistinct) {
        std::vector<int> slots = op.clause->projection.item_slots;
        for (auto [from, to] : op.clause->projection.star_slots) slots.push_back(to);
        st.distinct = std::make_unique<DistinctSet>(std::move(slots));
      }
      if (op.kind == OpKind::kSkip) st.bound = Count(op.clause->projection.projection->skip, "SKIP");
      if (op.kind == OpKind::kLimit) st.bound = Count(op.clause->projection.projection->limit, "LIMIT");
    }
  }

  size_t Count(const ast::ExprPtr& e, const char* what) {
    Row empty(static_cast<size_t>(b_.num_slots));
    QueryValue v = Evaluate(*e, empty, ctx_);
    if (v.type() != QueryValue::Type::kInt || v.as_int() < 0) {
      Fail(e->pos, StrCat({what, " needs a non-negative integer"}));
    }
    return static_cast<size_t>(v.as_int());
  }

  // Operator i's output row goes to operator i + 1.
  void Emit(size_t i, Row& row) {
    ++plan_.ops[i].rows;
    Push(i + 1, row);
  }

  void Push(size_t i, Row& row) {
    if (!profile_) return Process(i, row);
    auto t0 = Clock::now();
    Process(i, row);
    plan_.ops[i].ms += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }

  // The pipeline: what each operator does with one input row.
  void Process(size_t i, Row& row) {
    const PlanOp& op = plan_.ops[i];
    const BoundClause& bc = *op.clause;
    OpState& st = state_[i];
    switch (op.kind) {
      case OpKind::kMatch:
        return RunMatch(i, op, row);
      case OpKind::kCountReachable: {
        std::vector<NodeId> s = matcher_.Starts(op.patterns[0], row);
        st.starts.insert(st.starts.end(), s.begin(), s.end());
        return;
      }
      case OpKind::kUnwind: {
        QueryValue list = Evaluate(*bc.clause->As<ast::UnwindClause>().list, row, ctx_);
        int slot = bc.new_slots[0];
        if (list.is_null()) return;
        if (list.type() != QueryValue::Type::kList) {
          row[slot] = std::move(list);
          return Emit(i, row);
        }
        for (const auto& item : list.as_list()) {
          row[slot] = item;
          Emit(i, row);
        }
        return;
      }
      case OpKind::kProcedureCall: {
        const auto& call = bc.clause->As<ast::CallClause>();
        for (auto& values : RunProcedure(call, row, ctx_)) {
          for (size_t k = 0; k < values.size() && k < bc.yield_slots.size(); ++k) {
            if (bc.yield_slots[k] >= 0) row[bc.yield_slots[k]] = std::move(values[k]);
          }
          if (call.where && !Holds(*call.where, row, ctx_)) continue;
          Emit(i, row);
        }
        return;
      }
      case OpKind::kProjection: {
        const BoundProjection& bp = bc.projection;
        for (auto [from, to] : bp.star_slots) row[to] = row[from];
        for (size_t k = 0; k < bp.item_slots.size(); ++k) {
          row[bp.item_slots[k]] = Evaluate(*bp.projection->items[k].expr, row, ctx_);
        }
        return Emit(i, row);
      }
      case OpKind::kAggregate:
        return st.aggregation->Add(row);
      case OpKind::kDistinct:
        if (st.distinct->Insert(row)) Emit(i, row);
        return;
      case OpKind::kSort:
        st.buffer.push_back(row);
        return;
      case OpKind::kSkip:
        if (st.count++ >= st.bound) Emit(i, row);
        return;
      case OpKind::kLimit:
        if (st.count++ < st.bound) Emit(i, row);
        return;
      case OpKind::kFilter:
        if (Holds(*op.filters[0], row, ctx_)) Emit(i, row);
        return;
      case OpKind::kProduceResults: {
        ++plan_.ops[i].rows;
        // The projection before rewrites these slots for every row.
        if (sink_) {
          out_.clear();
          for (int s : op.out_slots) out_.push_back(std::move(row[s]));
          sink_->OnRow(out_);
          return;
        }
        if (op.out_slots.size() == 1 && row[op.out_slots[0]].type() == QueryValue::Type::kNode) {
          rows_.AppendNode(row[op.out_slots[0]].as_node().id);  // kept as the id while every row is a node
          return;
        }
        out_.clear();
        for (int s : op.out_slots) out_.push_back(std::move(row[s]));
        rows_.AppendMoving(out_);
        return;
      }
    }
  }

  // Blocking operators emit what they kept.
  void Flush(size_t i) {
    const PlanOp& op = plan_.ops[i];
    OpState& st = state_[i];
    auto t0 = profile_ ? Clock::now() : Clock::time_point{};
    switch (op.kind) {
      case OpKind::kAggregate:
        st.aggregation->Finish([&](Row& r) { Emit(i, r); });
        break;
      case OpKind::kSort:
        SortRows(op.clause->projection, st.buffer);
        for (Row& r : st.buffer) Emit(i, r);
        break;
      case OpKind::kCountReachable: {
        Row r = CountReachable(op, st.starts);
        Emit(i, r);
        break;
      }
      default:
        return;
    }
    if (profile_) plan_.ops[i].ms += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }

  // Patterns one inside the other (nested loops), then the conjuncts left
  // after push-down; OPTIONAL MATCH emits the row with nulls when nothing
  // matched.
  void RunMatch(size_t i, const PlanOp& op, Row& row) {
    size_t emitted = 0;
    std::vector<EdgeId> outer = matcher_.BeginClause();
    MatchFrom(i, op, 0, row, emitted);
    matcher_.EndClause(std::move(outer));
    if (op.optional && emitted == 0) {
      for (int s : op.clause->new_slots) row[s] = QueryValue();
      Emit(i, row);
    }
  }

  void MatchFrom(size_t i, const PlanOp& op, size_t p, Row& row, size_t& emitted) {
    if (p == op.patterns.size()) {
      for (const ast::Expr* f : op.filters) {
        if (!Holds(*f, row, ctx_)) return;
      }
      ++emitted;
      Emit(i, row);
      return;
    }
    // One pointer captured: std::function keeps it without an allocation.
    struct Next {
      Runner* runner;
      size_t i, p;
      const PlanOp* op;
      size_t* emitted;
    } next{this, i, p, &op, &emitted};
    std::function<void(Row&)> emit = [n = &next](Row& r) { n->runner->MatchFrom(n->i, *n->op, n->p + 1, r, *n->emitted); };
    // The last pattern, no conjuncts left: a reachability step's nodes may
    // come as one run (not under PROFILE, which times rows one by one).
    if (profile_ || p + 1 != op.patterns.size() || !op.filters.empty()) {
      matcher_.Match(op.patterns[p], row, emit);
      return;
    }
    Matcher::NodeBatch batch = [&](Row& r, int slot, const std::vector<Reached>& reached) {
      emitted += reached.size();
      EmitNodes(i, r, slot, reached);
    };
    matcher_.Match(op.patterns[p], row, emit, &batch);
  }

  // Operator i's output rows: `row` with `slot` bound to each reached node.
  // When the operators after i only copy variables and the result is that
  // one node column, the ids go to the result (or sink) directly, without
  // a row each; otherwise row by row.
  void EmitNodes(size_t i, Row& row, int slot, const std::vector<Reached>& reached) {
    if (slot >= 0 && NodeColumnTail(i + 1, slot)) {
      for (size_t k = i; k < plan_.ops.size(); ++k) plan_.ops[k].rows += reached.size();
      if (sink_) {
        constexpr size_t kChunk = 1024;
        NodeId ids[kChunk];
        for (size_t k = 0; k < reached.size(); k += kChunk) {
          size_t m = std::min(kChunk, reached.size() - k);
          for (size_t j = 0; j < m; ++j) ids[j] = reached[k + j].node;
          sink_->OnNodes(std::span<const NodeId>(ids, m));
        }
        return;
      }
      rows_.reserve(rows_.size() + reached.size());
      for (const Reached& x : reached) rows_.AppendNode(x.node);
      return;
    }
    QueryValue saved = slot >= 0 ? std::move(row[slot]) : QueryValue();
    for (const Reached& x : reached) {
      if (slot >= 0) row[slot] = QueryValue(NodeRef{x.node});
      Emit(i, row);
    }
    if (slot >= 0) row[slot] = std::move(saved);
  }

  // Operators k.. are projections of plain variables (and `*`), then the
  // result, whose one column is the value of `slot` now.
  bool NodeColumnTail(size_t k, int slot) const {
    boost::container::small_vector<int, 8> holding{slot};  // the slots holding that value
    auto holds = [&](int s) { return std::find(holding.begin(), holding.end(), s) != holding.end(); };
    auto set = [&](int s, bool on) {
      auto it = std::find(holding.begin(), holding.end(), s);
      if (on && it == holding.end()) holding.push_back(s);
      if (!on && it != holding.end()) holding.erase(it);
    };
    for (; k < plan_.ops.size(); ++k) {
      const PlanOp& op = plan_.ops[k];
      if (op.kind == OpKind::kProduceResults) return op.out_slots.size() == 1 && holds(op.out_slots[0]);
      if (op.kind != OpKind::kProjection) return false;
      // In Process's order: `*` copies first, then the items one by one.
      const BoundProjection& bp = op.clause->projection;
      for (auto [from, to] : bp.star_slots) set(to, holds(from));
      for (size_t j = 0; j < bp.item_slots.size(); ++j) {
        const ast::Expr& e = *bp.projection->items[j].expr;
        if (e.kind != ast::ExprKind::kVariable) return false;
        set(bp.item_slots[j], holds(b_.SlotOf(&e)));
      }
    }
    return false;
  }

  // count(u), count(DISTINCT u) and count(*) of (start)-[*]-(u): sums of
  // closure sizes, and the size of their union for DISTINCT.
  Row CountReachable(const PlanOp& op, const std::vector<NodeId>& starts) {
    const PatternPlan& pp = op.patterns[0];
    bool none = false;
    WalkSpec spec = matcher_.ReachSpec(pp, none);
    int64_t total = 0, distinct = 0;
    bool need_distinct = false;
    for (const auto& item : op.projection->projection->items) {
      need_distinct = need_distinct || item.expr->As<ast::FunctionCallExpr>().distinct;
    }
    if (!none && starts.size() == 1) {
      total = distinct = static_cast<int64_t>(ctx_.walker.ClosureSize(starts[0], spec));
    } else if (!none && !need_distinct) {
      for (NodeId a : starts) total += static_cast<int64_t>(ctx_.walker.ClosureSize(a, spec));
    } else if (!none) {
      std::vector<uint64_t> seen((ctx_.graph.node_count() + 63) / 64, 0);
      for (NodeId a : starts) {
        for (const Reached& x : ctx_.walker.Closure(a, spec)) {
          ++total;
          uint64_t bit = uint64_t{1} << (x.node % 64);
          if (!(seen[x.node / 64] & bit)) ++distinct;
          seen[x.node / 64] |= bit;
        }
      }
    }
    pp.rows[1] += static_cast<size_t>(total);
    Row out(static_cast<size_t>(b_.num_slots));
    const BoundProjection& bp = *op.projection;
    for (size_t k = 0; k < bp.item_slots.size(); ++k) {
      const auto& f = bp.projection->items[k].expr->As<ast::FunctionCallExpr>();
      out[bp.item_slots[k]] = QueryValue(f.distinct && !f.star ? distinct : total);
    }
    return out;
  }

  void SortRows(const BoundProjection& bp, std::vector<Row>& rows) {
    const ast::Projection& p = *bp.projection;
    std::vector<std::pair<std::vector<QueryValue>, size_t>> keys;
    keys.reserve(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      std::vector<QueryValue> key;
      for (const auto& s : p.order_by) key.push_back(Evaluate(*s.expr, rows[k], ctx_));
      keys.emplace_back(std::move(key), k);
    }
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
      for (size_t j = 0; j < p.order_by.size(); ++j) {
        int c = OrderCompare(a.first[j], b.first[j]);
        if (c) return p.order_by[j].descending ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<Row> sorted;
    sorted.reserve(rows.size());
    for (auto& k : keys) sorted.push_back(std::move(rows[k.second]));
    rows = std::move(sorted);
  }

  const BoundQuery& b_;
  const Plan& plan_;
  ExecContext ctx_;
  Matcher matcher_;
  boost::container::small_vector<OpState, 8> state_;  // one per operator
  ResultRows rows_;
  RowSink* sink_ = nullptr;
  std::vector<QueryValue> out_;  // the row being produced (for the sink or rows_)
  bool profile_ = false;
};

}  // namespace

Result<QueryResult> Execute(const BoundQuery& bound, const Plan& plan, const Graph& graph,
                            const std::unordered_map<std::string, QueryValue>& params, const SeriesIndex* series,
                            RowSink* sink) {
  Runner runner(bound, graph, params, plan);
  runner.set_series(series);
  runner.set_sink(sink);
  return runner.Run();
}

}  // namespace provgraph::query
