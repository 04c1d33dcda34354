// Value: the typed property values of the graph (null, bool, int64, double,
// string, timestamp, list), their compact binary encoding for the store and
// their JSON form for output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/status.h"

namespace provgraph {

// A UTC instant in microseconds since the Unix epoch.
struct Timestamp {
  int64_t micros = 0;
  friend bool operator==(Timestamp a, Timestamp b) { return a.micros == b.micros; }
  friend auto operator<=>(Timestamp a, Timestamp b) { return a.micros <=> b.micros; }
};

class Value;
using ValueList = std::vector<Value>;

enum class ValueType : uint8_t { kNull = 0, kBool, kInt, kDouble, kString, kTimestamp, kList };

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}                               // NOLINT
  Value(bool b) : v_(b) {}                               // NOLINT
  Value(int64_t i) : v_(i) {}                            // NOLINT
  Value(int i) : v_(int64_t{i}) {}                       // NOLINT
  Value(double d) : v_(d) {}                             // NOLINT
  Value(std::string s) : v_(std::move(s)) {}             // NOLINT
  Value(const char* s) : v_(std::string(s)) {}           // NOLINT
  Value(Timestamp t) : v_(t) {}                          // NOLINT
  Value(ValueList l) : v_(std::move(l)) {}               // NOLINT

  ValueType type() const { return static_cast<ValueType>(v_.index()); }
  bool is_null() const { return type() == ValueType::kNull; }
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  Timestamp as_timestamp() const { return std::get<Timestamp>(v_); }
  const ValueList& as_list() const { return std::get<ValueList>(v_); }

  // Exact equality: same type and same value (1 and 1.0 differ; NaN equals NaN
  // bitwise so that a reload of the same data is recognised as unchanged).
  friend bool operator==(const Value& a, const Value& b);

  // Appends the binary encoding (see engine/FORMAT.md) to `out`.
  void EncodeTo(std::string& out) const;
  // Decodes one value from the front of `in`, advancing it.
  static Result<Value> DecodeFrom(std::string_view& in);

  // JSON form used by every output format: timestamps as ISO-8601 strings.
  nlohmann::json ToJson() const;
  // Text form for tables: strings bare, everything else as JSON.
  std::string ToText() const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Timestamp, ValueList> v_;
};

const char* ValueTypeName(ValueType t);

}  // namespace provgraph
