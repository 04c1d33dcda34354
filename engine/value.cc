#include "engine/value.h"

#include <bit>
#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/coding.h"
#include "engine/time.h"

namespace provgraph {

bool operator==(const Value& a, const Value& b) {
  if (a.v_.index() != b.v_.index()) return false;
  if (a.type() == ValueType::kDouble) {
    return std::bit_cast<uint64_t>(a.as_double()) == std::bit_cast<uint64_t>(b.as_double());
  }
  return a.v_ == b.v_;
}

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNull: return "null";
    case ValueType::kBool: return "boolean";
    case ValueType::kInt: return "integer";
    case ValueType::kDouble: return "float";
    case ValueType::kString: return "string";
    case ValueType::kTimestamp: return "datetime";
    case ValueType::kList: return "list";
  }
  return "?";
}

void Value::EncodeTo(std::string& out) const {
  out.push_back(static_cast<char>(type()));
  switch (type()) {
    case ValueType::kNull: break;
    case ValueType::kBool: out.push_back(as_bool() ? 1 : 0); break;
    case ValueType::kInt: coding::PutVarint(out, coding::ZigZag(as_int())); break;
    case ValueType::kDouble: coding::PutFixed64(out, std::bit_cast<uint64_t>(as_double())); break;
    case ValueType::kString: coding::PutString(out, as_string()); break;
    case ValueType::kTimestamp: coding::PutVarint(out, coding::ZigZag(as_timestamp().micros)); break;
    case ValueType::kList:
      coding::PutVarint(out, as_list().size());
      for (const Value& v : as_list()) v.EncodeTo(out);
      break;
  }
}

namespace {
Result<Value> DecodeDepth(std::string_view& in, int depth) {
  auto bad = [] { return Status::Corruption("malformed value encoding"); };
  if (in.empty() || depth > 64) return bad();
  auto tag = static_cast<uint8_t>(in.front());
  in.remove_prefix(1);
  uint64_t u;
  switch (static_cast<ValueType>(tag)) {
    case ValueType::kNull: return Value();
    case ValueType::kBool:
      if (in.empty()) return bad();
      u = static_cast<uint8_t>(in.front());
      in.remove_prefix(1);
      return Value(u != 0);
    case ValueType::kInt:
      if (!coding::GetVarint(in, u)) return bad();
      return Value(coding::UnZigZag(u));
    case ValueType::kDouble:
      if (!coding::GetFixed64(in, u)) return bad();
      return Value(std::bit_cast<double>(u));
    case ValueType::kString: {
      std::string_view s;
      if (!coding::GetString(in, s)) return bad();
      return Value(std::string(s));
    }
    case ValueType::kTimestamp:
      if (!coding::GetVarint(in, u)) return bad();
      return Value(Timestamp{coding::UnZigZag(u)});
    case ValueType::kList: {
      if (!coding::GetVarint(in, u) || u > in.size()) return bad();
      ValueList list;
      list.reserve(u);
      for (uint64_t i = 0; i < u; ++i) {
        auto item = DecodeDepth(in, depth + 1);
        if (!item.ok()) return item.status();
        list.push_back(std::move(item).value());
      }
      return Value(std::move(list));
    }
  }
  return bad();
}
}  // namespace

Result<Value> Value::DecodeFrom(std::string_view& in) { return DecodeDepth(in, 0); }

nlohmann::json Value::ToJson() const {
  switch (type()) {
    case ValueType::kNull: return nullptr;
    case ValueType::kBool: return as_bool();
    case ValueType::kInt: return as_int();
    case ValueType::kDouble: {
      double d = as_double();
      if (!std::isfinite(d)) return std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
      return d;
    }
    case ValueType::kString: return as_string();
    case ValueType::kTimestamp: return FormatTimestamp(as_timestamp());
    case ValueType::kList: {
      nlohmann::json arr = nlohmann::json::array();
      for (const Value& v : as_list()) arr.push_back(v.ToJson());
      return arr;
    }
  }
  return nullptr;
}

std::string Value::ToText() const {
  if (type() == ValueType::kString) return as_string();
  if (type() == ValueType::kTimestamp) return FormatTimestamp(as_timestamp());
  return ToJson().dump();
}

}  // namespace provgraph
