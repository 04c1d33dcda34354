#include "query/runtime/query_value.h"

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "engine/time.h"
#include "query/runtime/value_text.h"

namespace provgraph::query {

QueryValue QueryValue::FromValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return QueryValue();
    case ValueType::kBool:
      return QueryValue(v.as_bool());
    case ValueType::kInt:
      return QueryValue(v.as_int());
    case ValueType::kDouble:
      return QueryValue(v.as_double());
    case ValueType::kString:
      return QueryValue(v.as_string());
    case ValueType::kTimestamp:
      return QueryValue(v.as_timestamp());
    case ValueType::kList: {
      QueryList out;
      for (const Value& item : v.as_list()) out.push_back(FromValue(item));
      return QueryValue(std::move(out));
    }
  }
  return QueryValue();
}

std::optional<bool> Equals(const QueryValue& a, const QueryValue& b) {
  using T = QueryValue::Type;
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) {
    if (a.type() == T::kInt && b.type() == T::kInt) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case T::kBool:
      return a.as_bool() == b.as_bool();
    case T::kString:
      return a.as_string() == b.as_string();
    case T::kTimestamp:
      return a.as_timestamp() == b.as_timestamp();
    case T::kNode:
      return a.as_node() == b.as_node();
    case T::kEdge:
      return a.as_edge() == b.as_edge();
    case T::kPath:
      return a.as_path() == b.as_path();
    case T::kDuration:
      return a.as_duration() == b.as_duration();
    case T::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        auto e = Equals(x[i], y[i]);
        if (!e)
          unknown = true;
        else if (!*e)
          return false;
      }
      if (unknown) return std::nullopt;
      return true;
    }
    case T::kMap: {
      const auto &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (auto it = x.begin(), jt = y.begin(); it != x.end(); ++it, ++jt) {
        if (it->first != jt->first) return false;
        auto e = Equals(it->second, jt->second);
        if (!e)
          unknown = true;
        else if (!*e)
          return false;
      }
      if (unknown) return std::nullopt;
      return true;
    }
    default:
      return false;
  }
}

std::optional<int> Compare(const QueryValue& a, const QueryValue& b) {
  using T = QueryValue::Type;
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) {
    if (a.type() == T::kInt && b.type() == T::kInt) return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
    double x = a.as_number(), y = b.as_number();
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return (x > y) - (x < y);
  }
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case T::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case T::kString: {
      int c = a.as_string().compare(b.as_string());
      return (c > 0) - (c < 0);
    }
    case T::kTimestamp:
      return (a.as_timestamp() > b.as_timestamp()) - (a.as_timestamp() < b.as_timestamp());
    case T::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        auto c = Compare(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c) return c;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
    default:
      return std::nullopt;
  }
}

namespace {
// openCypher's ORDER BY ranks types: map, node, relationship, list, path,
// datetime, duration, string, boolean, number, then null.
int TypeRank(QueryValue::Type t) {
  using T = QueryValue::Type;
  switch (t) {
    case T::kMap:
      return 0;
    case T::kNode:
      return 1;
    case T::kEdge:
      return 2;
    case T::kList:
      return 3;
    case T::kPath:
      return 4;
    case T::kTimestamp:
      return 5;
    case T::kDuration:
      return 6;
    case T::kString:
      return 7;
    case T::kBool:
      return 8;
    case T::kInt:
    case T::kFloat:
      return 9;
    case T::kNull:
      return 10;
  }
  return 10;
}
}  // namespace

int OrderCompare(const QueryValue& a, const QueryValue& b) {
  using T = QueryValue::Type;
  int ra = TypeRank(a.type()), rb = TypeRank(b.type());
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.type()) {
    case T::kNull:
      return 0;
    case T::kInt:
    case T::kFloat: {
      double x = a.as_number(), y = b.as_number();
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) - std::isnan(y);  // NaN sorts last among numbers
      if (a.type() == T::kInt && b.type() == T::kInt) return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
      return (x > y) - (x < y);
    }
    case T::kNode:
      return (a.as_node().id > b.as_node().id) - (a.as_node().id < b.as_node().id);
    case T::kEdge:
      return (a.as_edge().id > b.as_edge().id) - (a.as_edge().id < b.as_edge().id);
    case T::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = OrderCompare(x[i], y[i])) return c;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
    case T::kMap: {
      const auto &x = a.as_map(), &y = b.as_map();
      auto it = x.begin();
      auto jt = y.begin();
      for (; it != x.end() && jt != y.end(); ++it, ++jt) {
        if (int c = it->first.compare(jt->first)) return (c > 0) - (c < 0);
        if (int c = OrderCompare(it->second, jt->second)) return c;
      }
      return (x.size() > y.size()) - (x.size() < y.size());
    }
    case T::kDuration: {
      // Durations are not comparable (openCypher); ORDER BY still needs a
      // total order: months, then days, then microseconds.
      const Duration &x = a.as_duration(), &y = b.as_duration();
      if (x.months != y.months) return x.months < y.months ? -1 : 1;
      if (x.days != y.days) return x.days < y.days ? -1 : 1;
      return (x.micros > y.micros) - (x.micros < y.micros);
    }
    case T::kPath: {
      const auto &x = a.as_path(), &y = b.as_path();
      if (x.nodes != y.nodes) return x.nodes < y.nodes ? -1 : 1;
      if (x.edges != y.edges) return x.edges < y.edges ? -1 : 1;
      return 0;
    }
    default:
      return *Compare(a, b);
  }
}

bool Equivalent(const QueryValue& a, const QueryValue& b) { return OrderCompare(a, b) == 0; }

size_t HashValue(const QueryValue& v) {
  using T = QueryValue::Type;
  size_t h = static_cast<size_t>(TypeRank(v.type())) * 0x9e3779b97f4a7c15ULL;
  auto mix = [&](size_t x) { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  switch (v.type()) {
    case T::kNull:
      break;
    case T::kBool:
      mix(v.as_bool());
      break;
    case T::kInt:
    case T::kFloat: {
      double d = v.as_number();
      // Integers and floats that are equal must hash equal.
      if (d == std::floor(d) && std::abs(d) < 9e15)
        mix(std::hash<int64_t>{}(static_cast<int64_t>(d)));
      else
        mix(std::hash<double>{}(d));
      break;
    }
    case T::kString:
      mix(std::hash<std::string>{}(v.as_string()));
      break;
    case T::kTimestamp:
      mix(std::hash<int64_t>{}(v.as_timestamp().micros));
      break;
    case T::kList:
      for (const auto& x : v.as_list()) mix(HashValue(x));
      break;
    case T::kMap:
      for (const auto& [k, x] : v.as_map()) {
        mix(std::hash<std::string>{}(k));
        mix(HashValue(x));
      }
      break;
    case T::kNode:
      mix(std::hash<uint64_t>{}(v.as_node().id));
      break;
    case T::kEdge:
      mix(std::hash<uint64_t>{}(v.as_edge().id) * 31);
      break;
    case T::kPath:
      for (auto n : v.as_path().nodes) mix(n);
      for (auto e : v.as_path().edges) mix(e * 31);
      break;
    case T::kDuration:
      mix(std::hash<int64_t>{}(v.as_duration().months));
      mix(std::hash<int64_t>{}(v.as_duration().days));
      mix(std::hash<int64_t>{}(v.as_duration().micros));
      break;
  }
  return h;
}

namespace {

nlohmann::json Properties(const Graph& g, EntityKind kind, uint64_t id, Timestamp at) {
  nlohmann::json props = nlohmann::json::object();
  for (const auto& [p, value] : g.Properties(kind, id, at)) props[g.property_keys().Name(p)] = value->ToJson();
  return props;
}

nlohmann::json NodeJson(const Graph& g, NodeId n, Timestamp at) {
  nlohmann::json labels = nlohmann::json::array();
  for (uint32_t l : g.Labels(n, at)) labels.push_back(g.labels().Name(l));
  return nlohmann::json{{"id", n},
                        {"labels", labels},
                        {"key", std::string(g.Key(n))},
                        {"properties", Properties(g, EntityKind::kNode, n, at)}};
}

nlohmann::json EdgeJson(const Graph& g, EdgeId e, Timestamp at) {
  return nlohmann::json{{"id", e},
                        {"type", g.edge_types().Name(g.EdgeType(e))},
                        {"source", g.EdgeSource(e)},
                        {"target", g.EdgeTarget(e)},
                        {"properties", Properties(g, EntityKind::kEdge, e, at)}};
}

}  // namespace

nlohmann::json ToJson(const QueryValue& v, const Graph& g, Timestamp at) {
  using T = QueryValue::Type;
  switch (v.type()) {
    case T::kNull:
      return nullptr;
    case T::kBool:
      return v.as_bool();
    case T::kInt:
      return v.as_int();
    case T::kFloat:
      return Value(v.as_float()).ToJson();
    case T::kString:
      return v.as_string();
    case T::kTimestamp:
      return FormatTimestamp(v.as_timestamp());
    case T::kList: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& x : v.as_list()) arr.push_back(ToJson(x, g, at));
      return arr;
    }
    case T::kMap: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& [k, x] : v.as_map()) obj[k] = ToJson(x, g, at);
      return obj;
    }
    case T::kNode:
      return NodeJson(g, v.as_node().id, at);
    case T::kEdge:
      return EdgeJson(g, v.as_edge().id, at);
    case T::kPath: {
      nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
      for (NodeId n : v.as_path().nodes) nodes.push_back(NodeJson(g, n, at));
      for (EdgeId e : v.as_path().edges) edges.push_back(EdgeJson(g, e, at));
      return nlohmann::json{{"nodes", nodes}, {"edges", edges}};
    }
    case T::kDuration:
      return FormatDuration(v.as_duration());
  }
  return nullptr;
}

std::string ToCellText(const QueryValue& v, const Graph& g, Timestamp at) {
  std::string out;
  AppendCellText(out, v, g, at);
  return out;
}

}  // namespace provgraph::query
