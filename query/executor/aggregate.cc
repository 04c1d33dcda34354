#include "query/executor/aggregate.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "query/binder/binder.h"
#include "query/common/ascii_lower.h"
#include "query/common/str_cat.h"
#include "query/executor/evaluator.h"

namespace provgraph::query {
// Named, not anonymous: Aggregation::State (declared in the header) holds
// a map keyed with these.
namespace aggregate_internal {

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

}  // namespace aggregate_internal

namespace {

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
    return name == "min" ? *std::min_element(vals.begin(), vals.end(), cmp)
                         : *std::max_element(vals.begin(), vals.end(), cmp);
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

}  // namespace

struct Aggregation::State {
  State(const BoundProjection& bp, ExecContext& ctx)
      : bp(bp), ctx(ctx), index(16, aggregate_internal::RowHash{&key_slots}, aggregate_internal::RowEq{&key_slots}) {}
  struct Group {
    Row row;
    std::vector<std::vector<QueryValue>> args;
    size_t count = 0;
  };
  const BoundProjection& bp;
  ExecContext& ctx;
  std::vector<int> key_slots;
  std::vector<size_t> key_items, agg_items;
  std::vector<const ast::FunctionCallExpr*> calls;
  std::unordered_map<Row, size_t, aggregate_internal::RowHash, aggregate_internal::RowEq> index;
  std::vector<Group> groups;
};

Aggregation::Aggregation(const BoundProjection& bp, ExecContext& ctx) : s_(std::make_unique<State>(bp, ctx)) {
  const ast::Projection& p = *bp.projection;
  for (size_t i = 0; i < p.items.size(); ++i) {
    if (bp.is_aggregate[i]) {
      s_->agg_items.push_back(i);
    } else {
      s_->key_items.push_back(i);
      s_->key_slots.push_back(bp.item_slots[i]);
    }
  }
  for (size_t i : s_->agg_items) CollectAggregates(*p.items[i].expr, s_->calls);
}

Aggregation::~Aggregation() = default;

void Aggregation::Add(Row& r) {
  State& s = *s_;
  const ast::Projection& p = *s.bp.projection;
  for (size_t i : s.key_items) r[s.bp.item_slots[i]] = Evaluate(*p.items[i].expr, r, s.ctx);
  auto [it, inserted] = s.index.try_emplace(r, s.groups.size());
  if (inserted) s.groups.push_back(State::Group{r, std::vector<std::vector<QueryValue>>(s.calls.size()), 0});
  State::Group& g = s.groups[it->second];
  ++g.count;
  for (size_t c = 0; c < s.calls.size(); ++c) {
    if (s.calls[c]->star) continue;
    g.args[c].push_back(s.calls[c]->args.empty() ? QueryValue() : Evaluate(*s.calls[c]->args[0], r, s.ctx));
  }
}

void Aggregation::Finish(const std::function<void(Row&)>& emit) {
  State& s = *s_;
  const ast::Projection& p = *s.bp.projection;
  if (s.groups.empty() && s.key_items.empty()) {
    s.groups.push_back(State::Group{Row(static_cast<size_t>(s.ctx.bound.num_slots)),
                                    std::vector<std::vector<QueryValue>>(s.calls.size()), 0});
  }
  for (State::Group& g : s.groups) {
    std::unordered_map<const ast::Expr*, QueryValue> values;
    for (size_t c = 0; c < s.calls.size(); ++c) values[s.calls[c]] = Aggregate(*s.calls[c], g.args[c], g.count);
    s.ctx.aggregates = &values;
    for (size_t i : s.agg_items) g.row[s.bp.item_slots[i]] = Evaluate(*p.items[i].expr, g.row, s.ctx);
    s.ctx.aggregates = nullptr;
    emit(g.row);
  }
  s.groups.clear();
}

size_t DistinctSet::Hash::operator()(const std::vector<QueryValue>& k) const {
  size_t h = 0;
  for (const auto& v : k) h = h * 1000003 ^ HashValue(v);
  return h;
}

bool DistinctSet::Eq::operator()(const std::vector<QueryValue>& a, const std::vector<QueryValue>& b) const {
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Equivalent(a[i], b[i])) return false;
  }
  return true;
}

bool DistinctSet::Insert(const Row& row) {
  using T = QueryValue::Type;
  if (slots_.size() == 1) {
    const QueryValue& v = row[slots_[0]];
    if (v.type() == T::kNode || v.type() == T::kEdge) {
      std::vector<uint64_t>& bits = v.type() == T::kNode ? node_bits_ : edge_bits_;
      uint64_t id = v.type() == T::kNode ? v.as_node().id : v.as_edge().id;
      if (bits.size() <= id / 64) bits.resize(id / 64 + 1, 0);
      uint64_t bit = uint64_t{1} << (id % 64);
      if (bits[id / 64] & bit) return false;
      bits[id / 64] |= bit;
      return true;
    }
  }
  std::vector<QueryValue> key;
  key.reserve(slots_.size());
  for (int s : slots_) key.push_back(row[s]);
  return seen_.insert(std::move(key)).second;
}

}  // namespace provgraph::query
