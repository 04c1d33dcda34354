#include "query/runtime/value_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "engine/time.h"
#include "query/runtime/duration.h"

namespace provgraph::query {
namespace {

// The length of the RFC 3629 UTF-8 sequence (no overlong forms, no
// surrogates, nothing above U+10FFFF) starting at p[0] (>= 0x80), or 0 when
// it is not one: what nlohmann's serializer accepts without its error
// handler.
size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  size_t more;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    more = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    more = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    more = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) <= more) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i <= more; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return more + 1;
}

nlohmann::json::error_handler_t Handler(BadUtf8 bad) {
  return bad == BadUtf8::kReplace ? nlohmann::json::error_handler_t::replace : nlohmann::json::error_handler_t::strict;
}

template <typename Int>
void AppendInt(std::string& out, Int i) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, end);
}

// A stored double as Value::ToJson makes it: NaN and the infinities as
// strings, finite values as nlohmann writes them.
void AppendDouble(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "\"NaN\"";
  } else if (std::isinf(d)) {
    out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    out += nlohmann::json(d).dump();
  }
}

// The entity's properties at `at` as a JSON object, keys in byte order
// (as nlohmann's std::map-backed object writes them).
void AppendProperties(std::string& out, const Graph& g, EntityKind kind, uint64_t id, Timestamp at, BadUtf8 bad) {
  std::vector<std::pair<uint32_t, const Value*>> props = g.Properties(kind, id, at);
  if (props.empty()) {
    out += "{}";
    return;
  }
  const SymbolTable& names = g.property_keys();
  if (props.size() > 1) {
    std::sort(props.begin(), props.end(),
              [&](const auto& a, const auto& b) { return names.Name(a.first) < names.Name(b.first); });
  }
  out.push_back('{');
  for (size_t i = 0; i < props.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(out, names.Name(props[i].first), bad);
    out.push_back(':');
    AppendJsonText(out, *props[i].second, bad);
  }
  out.push_back('}');
}

void AppendNode(std::string& out, const Graph& g, NodeId n, Timestamp at, BadUtf8 bad) {
  out += "{\"id\":";
  AppendInt(out, n);
  out += ",\"key\":";
  AppendJsonString(out, g.Key(n), bad);
  out += ",\"labels\":[";
  bool first = true;
  for (uint32_t l : g.Labels(n, at)) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, g.labels().Name(l), bad);
  }
  out += "],\"properties\":";
  AppendProperties(out, g, EntityKind::kNode, n, at, bad);
  out.push_back('}');
}

void AppendEdge(std::string& out, const Graph& g, EdgeId e, Timestamp at, BadUtf8 bad) {
  out += "{\"id\":";
  AppendInt(out, e);
  out += ",\"properties\":";
  AppendProperties(out, g, EntityKind::kEdge, e, at, bad);
  out += ",\"source\":";
  AppendInt(out, g.EdgeSource(e));
  out += ",\"target\":";
  AppendInt(out, g.EdgeTarget(e));
  out += ",\"type\":";
  AppendJsonString(out, g.edge_types().Name(g.EdgeType(e)), bad);
  out.push_back('}');
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s, BadUtf8 bad) {
  const size_t start = out.size();
  out.push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* end = p + s.size();
  const unsigned char* run = p;  // start of the bytes not yet copied
  while (p < end) {
    unsigned char c = *p;
    if (c >= 0x80) {
      size_t n = Utf8Length(p, end);
      if (n == 0) {
        // Rare: nlohmann's own handling (its exception, or its replacement).
        out.resize(start);
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, Handler(bad));
        return;
      }
      p += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    run = ++p;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(end - run));
  out.push_back('"');
}

void AppendJsonText(std::string& out, const Value& v, BadUtf8 bad) {
  switch (v.type()) {
    case ValueType::kNull:
      out += "null";
      return;
    case ValueType::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case ValueType::kInt:
      AppendInt(out, v.as_int());
      return;
    case ValueType::kDouble:
      AppendDouble(out, v.as_double());
      return;
    case ValueType::kString:
      AppendJsonString(out, v.as_string(), bad);
      return;
    case ValueType::kTimestamp:
      AppendJsonString(out, FormatTimestamp(v.as_timestamp()), bad);
      return;
    case ValueType::kList: {
      out.push_back('[');
      bool first = true;
      for (const Value& x : v.as_list()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonText(out, x, bad);
      }
      out.push_back(']');
      return;
    }
  }
  out += "null";
}

void AppendJsonText(std::string& out, const QueryValue& v, const Graph& g, Timestamp at, BadUtf8 bad) {
  using T = QueryValue::Type;
  switch (v.type()) {
    case T::kNull:
      out += "null";
      return;
    case T::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case T::kInt:
      AppendInt(out, v.as_int());
      return;
    case T::kFloat:
      AppendDouble(out, v.as_float());
      return;
    case T::kString:
      AppendJsonString(out, v.as_string(), bad);
      return;
    case T::kTimestamp:
      AppendJsonString(out, FormatTimestamp(v.as_timestamp()), bad);
      return;
    case T::kList: {
      out.push_back('[');
      bool first = true;
      for (const QueryValue& x : v.as_list()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonText(out, x, g, at, bad);
      }
      out.push_back(']');
      return;
    }
    case T::kMap: {
      // QueryMap is a std::map: keys already in nlohmann's object order.
      out.push_back('{');
      bool first = true;
      for (const auto& [k, x] : v.as_map()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, k, bad);
        out.push_back(':');
        AppendJsonText(out, x, g, at, bad);
      }
      out.push_back('}');
      return;
    }
    case T::kNode:
      AppendNode(out, g, v.as_node().id, at, bad);
      return;
    case T::kEdge:
      AppendEdge(out, g, v.as_edge().id, at, bad);
      return;
    case T::kPath: {
      const PathValue& p = v.as_path();
      out += "{\"edges\":[";
      for (size_t i = 0; i < p.edges.size(); ++i) {
        if (i) out.push_back(',');
        AppendEdge(out, g, p.edges[i], at, bad);
      }
      out += "],\"nodes\":[";
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        if (i) out.push_back(',');
        AppendNode(out, g, p.nodes[i], at, bad);
      }
      out += "]}";
      return;
    }
    case T::kDuration:
      AppendJsonString(out, FormatDuration(v.as_duration()), bad);
      return;
  }
  out += "null";
}

void AppendCellText(std::string& out, const QueryValue& v, const Graph& g, Timestamp at) {
  switch (v.type()) {
    case QueryValue::Type::kString:
      out += v.as_string();
      return;
    case QueryValue::Type::kTimestamp:
      out += FormatTimestamp(v.as_timestamp());
      return;
    case QueryValue::Type::kDuration:
      out += FormatDuration(v.as_duration());
      return;
    default:
      AppendJsonText(out, v, g, at, BadUtf8::kThrow);
  }
}

}  // namespace provgraph::query
