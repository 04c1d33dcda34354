#include "query/executor/evaluator.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <regex>
#include <algorithm>
#include <map>

#include "engine/time.h"
#include "query/common/ascii_lower.h"
#include "query/ast/pattern.h"
#include "query/binder/binder.h"
#include "query/common/source_location.h"
#include "query/common/str_cat.h"
#include "query/executor/matcher.h"
#include "query/runtime/text_case.h"

namespace provgraph::query {

void Fail(SourcePos pos, std::string message) { throw QueryFailure{QueryError(pos, std::move(message))}; }

bool IsTrue(const QueryValue& v) { return v.type() == QueryValue::Type::kBool && v.as_bool(); }

bool Holds(const ast::Expr& where, Row& row, ExecContext& ctx) {
  QueryValue v = Evaluate(where, row, ctx);
  if (v.type() == QueryValue::Type::kBool) return v.as_bool();
  if (v.is_null()) return false;
  Fail(where.pos, StrCat({"WHERE needs a boolean, got ", TypeName(v.type())}));
}

namespace {

using T = QueryValue::Type;

std::optional<bool> Truth(const QueryValue& v, SourcePos pos) {
  if (v.is_null()) return std::nullopt;
  if (v.type() != T::kBool) Fail(pos, StrCat({"expected a boolean, got ", TypeName(v.type())}));
  return v.as_bool();
}

QueryValue FromTruth(std::optional<bool> b) { return b ? QueryValue(*b) : QueryValue(); }

// "a string", "an integer": the type name with its indefinite article.
std::string AType(T t) {
  std::string name = TypeName(t);
  return StrCat({std::string_view("aeiou").find(name[0]) == std::string_view::npos ? "a " : "an ", name});
}

QueryValue Arithmetic(ast::BinaryOp op, const QueryValue& a, const QueryValue& b, SourcePos pos) {
  using Op = ast::BinaryOp;
  if (a.is_null() || b.is_null()) return QueryValue();
  if (op == Op::kAdd) {
    if (a.type() == T::kString && b.type() == T::kString) return QueryValue(a.as_string() + b.as_string());
    if (a.type() == T::kList && b.type() == T::kList) {
      QueryList out = a.as_list();
      out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      return QueryValue(std::move(out));
    }
    if (a.type() == T::kList) {
      QueryList out = a.as_list();
      out.push_back(b);
      return QueryValue(std::move(out));
    }
    if (b.type() == T::kList) {
      QueryList out{a};
      out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      return QueryValue(std::move(out));
    }
  }
  // Datetime and duration arithmetic: datetime +/- duration, duration +
  // datetime, duration +/- duration.
  if ((op == Op::kAdd || op == Op::kSub) && (a.type() == T::kDuration || b.type() == T::kDuration)) {
    int sign = op == Op::kAdd ? 1 : -1;
    if (a.type() == T::kTimestamp && b.type() == T::kDuration) {
      auto t = AddDuration(a.as_timestamp(), b.as_duration(), sign);
      if (!t) Fail(pos, "datetime out of range");
      return QueryValue(*t);
    }
    if (op == Op::kAdd && a.type() == T::kDuration && b.type() == T::kTimestamp) {
      auto t = AddDuration(b.as_timestamp(), a.as_duration(), 1);
      if (!t) Fail(pos, "datetime out of range");
      return QueryValue(*t);
    }
    if (a.type() == T::kDuration && b.type() == T::kDuration) {
      auto d = CombineDurations(a.as_duration(), b.as_duration(), sign);
      if (!d) Fail(pos, "duration out of range");
      return QueryValue(*d);
    }
  }
  if (!a.is_number() || !b.is_number()) {
    Fail(pos, StrCat({"cannot apply ", ast::BinaryOpName(op), " to ", TypeName(a.type()), " and ", TypeName(b.type())}));
  }
  if (a.type() == T::kInt && b.type() == T::kInt && op != Op::kPow) {
    int64_t x = a.as_int(), y = b.as_int(), r = 0;
    bool overflow = false;
    switch (op) {
      case Op::kAdd: overflow = __builtin_add_overflow(x, y, &r); break;
      case Op::kSub: overflow = __builtin_sub_overflow(x, y, &r); break;
      case Op::kMul: overflow = __builtin_mul_overflow(x, y, &r); break;
      case Op::kDiv:
      case Op::kMod:
        if (y == 0) Fail(pos, "division by zero");
        if (x == INT64_MIN && y == -1) overflow = true;
        else r = op == Op::kDiv ? x / y : x % y;
        break;
      default: break;
    }
    if (overflow) Fail(pos, "integer overflow");
    return QueryValue(r);
  }
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case Op::kAdd: return QueryValue(x + y);
    case Op::kSub: return QueryValue(x - y);
    case Op::kMul: return QueryValue(x * y);
    case Op::kDiv: return QueryValue(x / y);
    case Op::kMod: return QueryValue(std::fmod(x, y));
    case Op::kPow: return QueryValue(std::pow(x, y));
    default: break;
  }
  return QueryValue();
}

QueryValue InList(const QueryValue& x, const QueryValue& list, SourcePos pos) {
  if (list.is_null()) return QueryValue();
  if (list.type() != T::kList) Fail(pos, StrCat({"IN needs a list on its right, got ", TypeName(list.type())}));
  bool unknown = false;
  for (const auto& item : list.as_list()) {
    auto eq = Equals(x, item);
    if (!eq) unknown = true;
    else if (*eq) return QueryValue(true);
  }
  return unknown ? QueryValue() : QueryValue(false);
}

QueryValue Binary(const ast::BinaryExpr& b, Row& row, ExecContext& ctx) {
  using Op = ast::BinaryOp;
  if (b.op == Op::kAnd || b.op == Op::kOr || b.op == Op::kXor) {
    auto l = Truth(Evaluate(*b.lhs, row, ctx), b.lhs->pos);
    if (b.op == Op::kAnd && l == false) return QueryValue(false);
    if (b.op == Op::kOr && l == true) return QueryValue(true);
    auto r = Truth(Evaluate(*b.rhs, row, ctx), b.rhs->pos);
    if (b.op == Op::kAnd) {
      if (r == false) return QueryValue(false);
      return l && r ? QueryValue(true) : QueryValue();
    }
    if (b.op == Op::kOr) {
      if (r == true) return QueryValue(true);
      return l && r ? QueryValue(false) : QueryValue();
    }
    if (!l || !r) return QueryValue();
    return QueryValue(*l != *r);
  }
  QueryValue l = Evaluate(*b.lhs, row, ctx);
  QueryValue r = Evaluate(*b.rhs, row, ctx);
  switch (b.op) {
    case Op::kEq: return FromTruth(Equals(l, r));
    case Op::kNeq: {
      auto eq = Equals(l, r);
      return eq ? QueryValue(!*eq) : QueryValue();
    }
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      auto c = Compare(l, r);
      if (!c) return QueryValue();
      bool out = b.op == Op::kLt ? *c < 0 : b.op == Op::kLe ? *c <= 0 : b.op == Op::kGt ? *c > 0 : *c >= 0;
      return QueryValue(out);
    }
    case Op::kStartsWith:
    case Op::kEndsWith:
    case Op::kContains: {
      if (l.type() != T::kString || r.type() != T::kString) return QueryValue();
      const std::string &s = l.as_string(), &p = r.as_string();
      if (b.op == Op::kStartsWith) return QueryValue(s.compare(0, p.size(), p) == 0);
      if (b.op == Op::kEndsWith) return QueryValue(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
      return QueryValue(s.find(p) != std::string::npos);
    }
    case Op::kIn: return InList(l, r, b.pos);
    case Op::kRegexMatch: {
      if (l.type() != T::kString || r.type() != T::kString) return QueryValue();
      try {
        return QueryValue(std::regex_match(l.as_string(), std::regex(r.as_string(), std::regex::ECMAScript)));
      } catch (const std::regex_error& e) {
        Fail(b.rhs->pos, StrCat({"invalid regular expression: ", e.what()}));
      }
    }
    default: return Arithmetic(b.op, l, r, b.pos);
  }
}

int64_t ToIndex(const QueryValue& v, SourcePos pos) {
  if (v.type() != T::kInt) Fail(pos, StrCat({"expected an integer index, got ", TypeName(v.type())}));
  return v.as_int();
}

QueryValue ToInteger(const QueryValue& v) {
  switch (v.type()) {
    case T::kInt: return v;
    case T::kFloat: {
      double d = v.as_float();
      if (!std::isfinite(d) || std::abs(d) > 9.2e18) return QueryValue();
      return QueryValue(static_cast<int64_t>(std::trunc(d)));
    }
    case T::kBool: return QueryValue(int64_t{v.as_bool()});
    case T::kString: {
      const std::string& s = v.as_string();
      int64_t i = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return QueryValue(i);
      double d = 0;
      auto [q, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec2 == std::errc() && q == s.data() + s.size() && !s.empty()) return ToInteger(QueryValue(d));
      return QueryValue();
    }
    default: return QueryValue();
  }
}

QueryValue ToFloat(const QueryValue& v) {
  switch (v.type()) {
    case T::kFloat: return v;
    case T::kInt: return QueryValue(static_cast<double>(v.as_int()));
    case T::kString: {
      const std::string& s = v.as_string();
      double d = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return QueryValue(d);
      return QueryValue();
    }
    default: return QueryValue();
  }
}

std::string FloatText(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == std::floor(d) && std::abs(d) < 1e15) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", d);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  // Shortest text that round-trips.
  for (int prec = 1; prec <= 17; ++prec) {
    char t[64];
    std::snprintf(t, sizeof t, "%.*g", prec, d);
    if (std::strtod(t, nullptr) == d) return t;
  }
  return buf;
}

QueryValue CallFunction(const ast::FunctionCallExpr& f, Row& row, ExecContext& ctx) {
  if (ctx.aggregates) {
    auto it = ctx.aggregates->find(&f);
    if (it != ctx.aggregates->end()) return it->second;
  }
  std::string name = AsciiLower(f.QualifiedName());
  if (IsAggregateFunction(name)) {
    // An aggregate in ORDER BY reads the projected item it equals (the
    // binder maps it to that item's slot).
    int slot = ctx.bound.SlotOf(&f);
    if (slot >= 0) return row[static_cast<size_t>(slot)];
  }
  if (name == "exists") {
    // exists(pattern) is the pattern predicate; exists(expr) whether the
    // value (typically a property) is not null.
    if (f.args.size() != 1) Fail(f.pos, StrCat({f.QualifiedName(), "() takes 1 argument, got ", std::to_string(f.args.size())}));
    QueryValue v = Evaluate(*f.args[0], row, ctx);
    if (f.args[0]->kind == ast::ExprKind::kPatternPredicate) return v;
    return QueryValue(!v.is_null());
  }
  std::vector<QueryValue> args;
  for (const auto& a : f.args) args.push_back(Evaluate(*a, row, ctx));
  auto need = [&](size_t n) {
    if (args.size() != n) {
      Fail(f.pos, StrCat({f.QualifiedName(), "() takes ", std::to_string(n), " argument", n == 1 ? "" : "s", ", got ",
                          std::to_string(args.size())}));
    }
  };
  auto bad_type = [&](const QueryValue& v) -> QueryValue {
    Fail(f.pos, StrCat({f.QualifiedName(), "() cannot take ", AType(v.type())}));
  };
  const Graph& g = ctx.graph;
  if (name == "coalesce") {
    for (auto& a : args) {
      if (!a.is_null()) return a;
    }
    return QueryValue();
  }
  if (name == "range") {
    if (args.size() < 2 || args.size() > 3) Fail(f.pos, "range() takes 2 or 3 arguments");
    int64_t from = ToIndex(args[0], f.pos), to = ToIndex(args[1], f.pos);
    int64_t step = args.size() == 3 ? ToIndex(args[2], f.pos) : 1;
    if (step == 0) Fail(f.pos, "range() step must not be zero");
    QueryList out;
    for (int64_t i = from; step > 0 ? i <= to : i >= to; i += step) {
      out.emplace_back(i);
      if (out.size() > 10000000) Fail(f.pos, "range() is too long");
    }
    return QueryValue(std::move(out));
  }
  if (name == "datetime") {
    if (args.empty()) return QueryValue(NowUtc());
    need(1);
    if (args[0].is_null()) return QueryValue();
    if (args[0].type() == T::kTimestamp) return args[0];
    if (args[0].type() != T::kString) return bad_type(args[0]);
    auto t = ParseTimestamp(args[0].as_string());
    if (!t.ok()) Fail(f.pos, t.status().message());
    return QueryValue(*t);
  }
  need(1);
  const QueryValue& x = args[0];
  if (x.is_null()) return QueryValue();
  if (name == "duration") {
    if (x.type() == T::kDuration) return x;
    if (x.type() == T::kString) {
      auto d = ParseDuration(x.as_string());
      if (!d.ok()) Fail(f.pos, d.status().message());
      return QueryValue(*d);
    }
    if (x.type() != T::kMap) return bad_type(x);
    std::map<std::string, int64_t> units;
    for (const auto& [k, v] : x.as_map()) {
      if (v.is_null()) continue;
      if (v.type() != T::kInt) Fail(f.pos, StrCat({"duration() needs whole numbers, got ", AType(v.type()), " for `", k, "`"}));
      units[k] = v.as_int();
    }
    std::string unit;
    auto d = DurationFromUnits(units, &unit);
    if (!d) {
      static const char* const kUnits[] = {"years", "months", "weeks", "days", "hours", "minutes",
                                           "seconds", "milliseconds", "microseconds"};
      bool known = std::find(std::begin(kUnits), std::end(kUnits), unit) != std::end(kUnits);
      Fail(f.pos, known ? StrCat({"duration out of range at `", unit, "`"})
                        : StrCat({"duration() does not know the unit `", unit,
                                  "` (years, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds)"}));
    }
    return QueryValue(*d);
  }
  if (name == "id") {
    if (x.type() == T::kNode) return QueryValue(static_cast<int64_t>(x.as_node().id));
    if (x.type() == T::kEdge) return QueryValue(static_cast<int64_t>(x.as_edge().id));
    return bad_type(x);
  }
  if (name == "labels") {
    if (x.type() != T::kNode) return bad_type(x);
    QueryList out;
    for (uint32_t l : g.Labels(x.as_node().id, ctx.at)) out.emplace_back(g.labels().Name(l));
    return QueryValue(std::move(out));
  }
  if (name == "type") {
    if (x.type() != T::kEdge) return bad_type(x);
    return QueryValue(g.edge_types().Name(g.EdgeType(x.as_edge().id)));
  }
  if (name == "startnode" || name == "endnode") {
    if (x.type() != T::kEdge) return bad_type(x);
    EdgeId e = x.as_edge().id;
    return QueryValue(NodeRef{name == "startnode" ? g.EdgeSource(e) : g.EdgeTarget(e)});
  }
  if (name == "properties" || name == "keys") {
    QueryMap props;
    if (x.type() == T::kMap) {
      props = x.as_map();
    } else if (x.type() == T::kNode || x.type() == T::kEdge) {
      EntityKind kind = x.type() == T::kNode ? EntityKind::kNode : EntityKind::kEdge;
      uint64_t id = kind == EntityKind::kNode ? x.as_node().id : x.as_edge().id;
      for (const auto& [p, v] : g.Properties(kind, id, ctx.at)) props[g.property_keys().Name(p)] = QueryValue::FromValue(*v);
      // A node's natural key reads as its property `key` (DESIGN.md).
      if (kind == EntityKind::kNode) props["key"] = QueryValue(std::string(g.Key(id)));
    } else {
      return bad_type(x);
    }
    if (name == "properties") return QueryValue(std::move(props));
    QueryList keys;
    for (const auto& [k, v] : props) keys.emplace_back(k);
    return QueryValue(std::move(keys));
  }
  if (name == "length") {
    if (x.type() == T::kPath) return QueryValue(static_cast<int64_t>(x.as_path().edges.size()));
    if (x.type() == T::kList) return QueryValue(static_cast<int64_t>(x.as_list().size()));
    if (x.type() == T::kString) return QueryValue(static_cast<int64_t>(x.as_string().size()));
    return bad_type(x);
  }
  if (name == "size") {
    if (x.type() == T::kList) return QueryValue(static_cast<int64_t>(x.as_list().size()));
    if (x.type() == T::kString) {
      int64_t n = 0;  // code points
      for (unsigned char c : x.as_string()) n += (c & 0xC0) != 0x80;
      return QueryValue(n);
    }
    return bad_type(x);
  }
  if (name == "nodes" || name == "relationships") {
    if (x.type() != T::kPath) return bad_type(x);
    QueryList out;
    if (name == "nodes") {
      for (NodeId n : x.as_path().nodes) out.emplace_back(NodeRef{n});
    } else {
      for (EdgeId e : x.as_path().edges) out.emplace_back(EdgeRef{e});
    }
    return QueryValue(std::move(out));
  }
  if (name == "head" || name == "last" || name == "tail") {
    if (x.type() != T::kList) return bad_type(x);
    const auto& l = x.as_list();
    if (name == "tail") return QueryValue(l.empty() ? QueryList{} : QueryList(l.begin() + 1, l.end()));
    if (l.empty()) return QueryValue();
    return name == "head" ? l.front() : l.back();
  }
  if (name == "tolower" || name == "toupper" || name == "trim") {
    if (x.type() != T::kString) return bad_type(x);
    std::string s = x.as_string();
    if (name == "trim") {
      size_t b = s.find_first_not_of(" \t\n\r"), e = s.find_last_not_of(" \t\n\r");
      return QueryValue(b == std::string::npos ? std::string() : s.substr(b, e - b + 1));
    }
    return QueryValue(name == "tolower" ? ToLowerText(s) : ToUpperText(s));
  }
  if (name == "tostring") {
    switch (x.type()) {
      case T::kString: return x;
      case T::kInt: return QueryValue(std::to_string(x.as_int()));
      case T::kFloat: return QueryValue(FloatText(x.as_float()));
      case T::kBool: return QueryValue(std::string(x.as_bool() ? "true" : "false"));
      case T::kTimestamp: return QueryValue(FormatTimestamp(x.as_timestamp()));
      case T::kDuration: return QueryValue(FormatDuration(x.as_duration()));
      default: return bad_type(x);
    }
  }
  if (name == "tointeger") return ToInteger(x);
  if (name == "tofloat") return ToFloat(x);
  if (name == "toboolean") {
    if (x.type() == T::kBool) return x;
    if (x.type() == T::kString) {
      std::string s = AsciiLower(x.as_string());
      if (s == "true") return QueryValue(true);
      if (s == "false") return QueryValue(false);
      return QueryValue();
    }
    return bad_type(x);
  }
  if (name == "abs") {
    if (x.type() == T::kInt) {
      if (x.as_int() == INT64_MIN) Fail(f.pos, "integer overflow");
      return QueryValue(x.as_int() < 0 ? -x.as_int() : x.as_int());
    }
    if (x.type() == T::kFloat) return QueryValue(std::abs(x.as_float()));
    return bad_type(x);
  }
  Fail(f.pos, StrCat({"unknown function '", f.QualifiedName(), "'"}));
}

}  // namespace

QueryValue PropertyOf(const QueryValue& object, const std::string& key, ExecContext& ctx, SourcePos pos) {
  const Graph& g = ctx.graph;
  switch (object.type()) {
    case T::kNull: return QueryValue();
    case T::kMap: {
      auto it = object.as_map().find(key);
      return it == object.as_map().end() ? QueryValue() : it->second;
    }
    case T::kNode:
    case T::kEdge: {
      EntityKind kind = object.type() == T::kNode ? EntityKind::kNode : EntityKind::kEdge;
      uint64_t id = kind == EntityKind::kNode ? object.as_node().id : object.as_edge().id;
      if (kind == EntityKind::kNode && key == "key") return QueryValue(std::string(g.Key(id)));
      auto p = g.property_keys().Find(key);
      if (!p) return QueryValue();
      const Value* v = g.Property(kind, id, *p, ctx.at);
      return v ? QueryValue::FromValue(*v) : QueryValue();
    }
    default: Fail(pos, StrCat({"cannot read property `", key, "` of ", AType(object.type())}));
  }
}

const QueryValue& EvaluateInPlace(const ast::Expr& e, Row& row, ExecContext& ctx, QueryValue& scratch) {
  if (e.kind == ast::ExprKind::kParameter) return ctx.params.at(e.As<ast::ParameterExpr>().name);
  if (e.kind == ast::ExprKind::kVariable) return row[ctx.bound.SlotOf(&e)];
  scratch = Evaluate(e, row, ctx);
  return scratch;
}

QueryValue Evaluate(const ast::Expr& e, Row& row, ExecContext& ctx) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::kLiteral: {
      const auto& v = e.As<ast::LiteralExpr>().value;
      switch (v.index()) {
        case 0: return QueryValue();
        case 1: return QueryValue(std::get<bool>(v));
        case 2: return QueryValue(std::get<int64_t>(v));
        case 3: return QueryValue(std::get<double>(v));
        default: return QueryValue(std::get<std::string>(v));
      }
    }
    case K::kParameter: return ctx.params.at(e.As<ast::ParameterExpr>().name);
    case K::kVariable: return row[ctx.bound.SlotOf(&e)];
    case K::kProperty: {
      const auto& p = e.As<ast::PropertyExpr>();
      return PropertyOf(Evaluate(*p.object, row, ctx), p.key, ctx, p.pos);
    }
    case K::kSubscript: {
      const auto& s = e.As<ast::SubscriptExpr>();
      QueryValue obj = Evaluate(*s.object, row, ctx), idx = Evaluate(*s.index, row, ctx);
      if (obj.is_null() || idx.is_null()) return QueryValue();
      if (obj.type() == T::kList) {
        int64_t i = ToIndex(idx, s.index->pos), n = static_cast<int64_t>(obj.as_list().size());
        if (i < 0) i += n;
        return i < 0 || i >= n ? QueryValue() : obj.as_list()[static_cast<size_t>(i)];
      }
      if (idx.type() != T::kString) Fail(s.index->pos, "expected a string key");
      return PropertyOf(obj, idx.as_string(), ctx, s.pos);
    }
    case K::kSlice: {
      const auto& s = e.As<ast::SliceExpr>();
      QueryValue obj = Evaluate(*s.object, row, ctx);
      if (obj.is_null()) return QueryValue();
      if (obj.type() != T::kList) Fail(s.pos, StrCat({"cannot slice ", AType(obj.type())}));
      int64_t n = static_cast<int64_t>(obj.as_list().size());
      auto bound = [&](const ast::ExprPtr& b, int64_t dflt) -> std::optional<int64_t> {
        if (!b) return dflt;
        QueryValue v = Evaluate(*b, row, ctx);
        if (v.is_null()) return std::nullopt;
        int64_t i = ToIndex(v, b->pos);
        if (i < 0) i += n;
        return std::clamp<int64_t>(i, 0, n);
      };
      auto from = bound(s.from, 0), to = bound(s.to, n);
      if (!from || !to) return QueryValue();
      if (*from >= *to) return QueryValue(QueryList{});
      return QueryValue(QueryList(obj.as_list().begin() + *from, obj.as_list().begin() + *to));
    }
    case K::kLabelPredicate: {
      const auto& l = e.As<ast::LabelPredicateExpr>();
      QueryValue obj = Evaluate(*l.object, row, ctx);
      if (obj.is_null()) return QueryValue();
      if (obj.type() != T::kNode) Fail(l.pos, StrCat({"label predicates need a node, got ", TypeName(obj.type())}));
      for (const auto& label : l.labels) {
        auto id = ctx.graph.labels().Find(label);
        if (!id || !ctx.graph.HasLabel(obj.as_node().id, *id, ctx.at)) return QueryValue(false);
      }
      return QueryValue(true);
    }
    case K::kUnary: {
      const auto& u = e.As<ast::UnaryExpr>();
      QueryValue v = Evaluate(*u.operand, row, ctx);
      if (u.op == ast::UnaryOp::kNot) {
        auto b = Truth(v, u.operand->pos);
        return b ? QueryValue(!*b) : QueryValue();
      }
      if (v.is_null()) return QueryValue();
      if (u.op == ast::UnaryOp::kPlus) {
        if (!v.is_number()) Fail(u.pos, StrCat({"cannot apply + to ", AType(v.type())}));
        return v;
      }
      if (v.type() == T::kInt) {
        if (v.as_int() == INT64_MIN) Fail(u.pos, "integer overflow");
        return QueryValue(-v.as_int());
      }
      if (v.type() == T::kFloat) return QueryValue(-v.as_float());
      if (v.type() == T::kDuration) {
        auto d = CombineDurations(Duration{}, v.as_duration(), -1);
        if (!d) Fail(u.pos, "duration out of range");
        return QueryValue(*d);
      }
      Fail(u.pos, StrCat({"cannot negate ", AType(v.type())}));
    }
    case K::kBinary: return Binary(e.As<ast::BinaryExpr>(), row, ctx);
    case K::kComparisonChain: {
      const auto& c = e.As<ast::ComparisonChainExpr>();
      std::vector<QueryValue> vals;
      for (const auto& o : c.operands) vals.push_back(Evaluate(*o, row, ctx));
      std::optional<bool> result = true;
      for (size_t i = 0; i < c.ops.size(); ++i) {
        auto cmp = Compare(vals[i], vals[i + 1]);
        std::optional<bool> step;
        if (c.ops[i] == ast::BinaryOp::kEq || c.ops[i] == ast::BinaryOp::kNeq) {
          auto eq = Equals(vals[i], vals[i + 1]);
          if (eq) step = c.ops[i] == ast::BinaryOp::kEq ? *eq : !*eq;
        } else if (cmp) {
          switch (c.ops[i]) {
            case ast::BinaryOp::kLt: step = *cmp < 0; break;
            case ast::BinaryOp::kLe: step = *cmp <= 0; break;
            case ast::BinaryOp::kGt: step = *cmp > 0; break;
            default: step = *cmp >= 0; break;
          }
        }
        if (step == false) return QueryValue(false);
        if (!step) result = std::nullopt;
      }
      return FromTruth(result);
    }
    case K::kIsNull: {
      const auto& n = e.As<ast::IsNullExpr>();
      bool null = Evaluate(*n.operand, row, ctx).is_null();
      return QueryValue(n.negated ? !null : null);
    }
    case K::kList: {
      QueryList out;
      for (const auto& item : e.As<ast::ListExpr>().items) out.push_back(Evaluate(*item, row, ctx));
      return QueryValue(std::move(out));
    }
    case K::kMap: {
      QueryMap out;
      for (const auto& entry : e.As<ast::MapExpr>().entries) out[entry.key] = Evaluate(*entry.value, row, ctx);
      return QueryValue(std::move(out));
    }
    case K::kFunctionCall: return CallFunction(e.As<ast::FunctionCallExpr>(), row, ctx);
    case K::kCase: {
      const auto& c = e.As<ast::CaseExpr>();
      if (c.subject) {
        QueryValue subject = Evaluate(*c.subject, row, ctx);
        for (const auto& alt : c.alternatives) {
          if (Equals(subject, Evaluate(*alt.when, row, ctx)) == true) return Evaluate(*alt.then, row, ctx);
        }
      } else {
        // Each WHEN is a predicate: true takes its branch, false and null
        // do not, anything else is a type error (as in WHERE).
        for (const auto& alt : c.alternatives) {
          QueryValue when = Evaluate(*alt.when, row, ctx);
          if (when.type() == T::kBool) {
            if (when.as_bool()) return Evaluate(*alt.then, row, ctx);
          } else if (!when.is_null()) {
            Fail(alt.when->pos, StrCat({"CASE WHEN needs a boolean, got ", TypeName(when.type())}));
          }
        }
      }
      return c.otherwise ? Evaluate(*c.otherwise, row, ctx) : QueryValue();
    }
    case K::kListComprehension: {
      const auto& c = e.As<ast::ListComprehensionExpr>();
      QueryValue list = Evaluate(*c.list, row, ctx);
      if (list.is_null()) return QueryValue();
      if (list.type() != T::kList) Fail(c.list->pos, StrCat({"expected a list, got ", TypeName(list.type())}));
      int slot = ctx.bound.SlotOf(&c);
      QueryList out;
      for (const auto& item : list.as_list()) {
        row[slot] = item;
        if (c.where && !Holds(*c.where, row, ctx)) continue;
        out.push_back(c.projection ? Evaluate(*c.projection, row, ctx) : item);
      }
      return QueryValue(std::move(out));
    }
    case K::kQuantifier: {
      const auto& q = e.As<ast::QuantifierExpr>();
      QueryValue list = Evaluate(*q.list, row, ctx);
      if (list.is_null()) return QueryValue();
      if (list.type() != T::kList) Fail(q.list->pos, StrCat({"expected a list, got ", TypeName(list.type())}));
      int slot = ctx.bound.SlotOf(&q);
      size_t yes = 0, unknown = 0;
      for (const auto& item : list.as_list()) {
        row[slot] = item;
        auto t = q.where ? Truth(Evaluate(*q.where, row, ctx), q.where->pos) : std::optional<bool>(true);
        if (!t) ++unknown;
        else if (*t) ++yes;
      }
      size_t n = list.as_list().size(), no = n - yes - unknown;
      switch (q.quantifier) {
        case ast::QuantifierKind::kAll: return no ? QueryValue(false) : unknown ? QueryValue() : QueryValue(true);
        case ast::QuantifierKind::kAny: return yes ? QueryValue(true) : unknown ? QueryValue() : QueryValue(false);
        case ast::QuantifierKind::kNone: return yes ? QueryValue(false) : unknown ? QueryValue() : QueryValue(true);
        case ast::QuantifierKind::kSingle:
          if (yes > 1) return QueryValue(false);
          if (unknown) return QueryValue();
          return QueryValue(yes == 1);
      }
      return QueryValue();
    }
    case K::kPatternPredicate:
      return QueryValue(ctx.matcher->Exists(e.As<ast::PatternPredicateExpr>().chain, row));
  }
  return QueryValue();
}

}  // namespace provgraph::query
