// QueryValue: the values a query computes with: the graph's scalar values
// plus maps, nodes, relationships and paths. Comparison, equality and
// ordering follow openCypher (null propagates; ORDER BY has a total order).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/graph.h"
#include "engine/value.h"
#include "query/runtime/duration.h"

namespace provgraph::query {

struct NodeRef {
  NodeId id;
  friend bool operator==(NodeRef, NodeRef) = default;
};
struct EdgeRef {
  EdgeId id;
  friend bool operator==(EdgeRef, EdgeRef) = default;
};

class QueryValue;
using QueryList = std::vector<QueryValue>;
using QueryMap = std::map<std::string, QueryValue>;

struct PathValue {
  std::vector<NodeId> nodes;
  std::vector<EdgeId> edges;  // edges[i] joins nodes[i] and nodes[i + 1]
  friend bool operator==(const PathValue&, const PathValue&) = default;
};

class QueryValue {
 public:
  enum class Type : uint8_t {
    kNull, kBool, kInt, kFloat, kString, kTimestamp, kList, kMap, kNode, kEdge, kPath, kDuration
  };

  QueryValue() = default;
  QueryValue(bool b) : v_(b) {}                     // NOLINT
  QueryValue(int64_t i) : v_(i) {}                  // NOLINT
  QueryValue(double d) : v_(d) {}                   // NOLINT
  QueryValue(std::string s) : v_(std::move(s)) {}   // NOLINT
  QueryValue(Timestamp t) : v_(t) {}                // NOLINT
  QueryValue(QueryList l) : v_(std::move(l)) {}     // NOLINT
  QueryValue(QueryMap m) : v_(std::move(m)) {}      // NOLINT
  QueryValue(NodeRef n) : v_(n) {}                  // NOLINT
  QueryValue(EdgeRef e) : v_(e) {}                  // NOLINT
  QueryValue(PathValue p) : v_(std::move(p)) {}     // NOLINT
  QueryValue(Duration d) : v_(d) {}                 // NOLINT
  static QueryValue FromValue(const Value& v);

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_number() const { return type() == Type::kInt || type() == Type::kFloat; }
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_float() const { return std::get<double>(v_); }
  double as_number() const { return type() == Type::kInt ? static_cast<double>(as_int()) : as_float(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  Timestamp as_timestamp() const { return std::get<Timestamp>(v_); }
  const QueryList& as_list() const { return std::get<QueryList>(v_); }
  const QueryMap& as_map() const { return std::get<QueryMap>(v_); }
  NodeRef as_node() const { return std::get<NodeRef>(v_); }
  EdgeRef as_edge() const { return std::get<EdgeRef>(v_); }
  const PathValue& as_path() const { return std::get<PathValue>(v_); }
  const Duration& as_duration() const { return std::get<Duration>(v_); }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Timestamp, QueryList, QueryMap, NodeRef, EdgeRef,
               PathValue, Duration>
      v_;
};

const char* TypeName(QueryValue::Type t);

// openCypher equality: null when either side is null (or a list holds a
// null that decides it); numbers compare by value across int and float.
std::optional<bool> Equals(const QueryValue& a, const QueryValue& b);
// openCypher comparison for < <= > >=: nullopt (null) when the values are
// not comparable (different types, nulls, NaN).
std::optional<int> Compare(const QueryValue& a, const QueryValue& b);
// The total order of ORDER BY (nulls last ascending).
int OrderCompare(const QueryValue& a, const QueryValue& b);
// Grouping / DISTINCT equivalence (null equals null).
bool Equivalent(const QueryValue& a, const QueryValue& b);
size_t HashValue(const QueryValue& v);

// Output forms (DESIGN.md): nodes {"id","labels","key","properties"},
// edges {"id","type","source","target","properties"}, paths
// {"nodes","edges"}, scalars as themselves.
nlohmann::json ToJson(const QueryValue& v, const Graph& graph, Timestamp at);
// Table/CSV cell text: strings bare, everything else as its JSON text.
std::string ToCellText(const QueryValue& v, const Graph& graph, Timestamp at);

}  // namespace provgraph::query
