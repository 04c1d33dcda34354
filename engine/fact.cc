#include "engine/fact.h"

#include "engine/coding.h"

namespace provgraph {

using coding::PutString;
using coding::PutVarint;
using coding::ZigZag;

void Fact::EncodeTo(std::string& out) const {
  out.push_back(static_cast<char>(kind));
  switch (kind) {
    case FactKind::kSymbol:
      out.push_back(static_cast<char>(sub));
      PutVarint(out, id);
      PutString(out, text);
      break;
    case FactKind::kNodeCreate:
      PutVarint(out, id);
      PutVarint(out, ZigZag(t));
      PutVarint(out, labels.size());
      for (uint32_t l : labels) PutVarint(out, l);
      PutString(out, text);
      break;
    case FactKind::kNodeOn:
    case FactKind::kNodeOff:
    case FactKind::kEdgeOn:
    case FactKind::kEdgeOff:
      PutVarint(out, id);
      PutVarint(out, ZigZag(t));
      break;
    case FactKind::kLabelAdd:
      PutVarint(out, id);
      PutVarint(out, ZigZag(t));
      PutVarint(out, labels.empty() ? 0 : labels[0]);
      break;
    case FactKind::kEdgeCreate:
      PutVarint(out, id);
      PutVarint(out, ZigZag(t));
      PutVarint(out, a);
      PutVarint(out, b);
      PutVarint(out, c);
      break;
    case FactKind::kPropSet:
    case FactKind::kPropUnset:
      out.push_back(static_cast<char>(sub));
      PutVarint(out, id);
      PutVarint(out, a);
      PutVarint(out, ZigZag(t));
      if (kind == FactKind::kPropSet) value.EncodeTo(out);
      break;
  }
}

Status Fact::Decode(std::string_view in, Fact& out) {
  auto bad = [] { return Status::Corruption("malformed fact record"); };
  if (in.empty()) return bad();
  out.kind = static_cast<FactKind>(in.front());
  in.remove_prefix(1);
  out.labels.clear();
  out.text = {};
  out.a = out.b = out.c = 0;
  out.t = 0;
  out.sub = 0;
  uint64_t u = 0;
  auto get = [&](uint64_t& v) { return coding::GetVarint(in, v); };
  auto get_t = [&]() {
    if (!get(u)) return false;
    out.t = coding::UnZigZag(u);
    return true;
  };
  auto get_sub = [&]() {
    if (in.empty()) return false;
    out.sub = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    return true;
  };
  switch (out.kind) {
    case FactKind::kSymbol:
      if (!get_sub() || out.sub > 2 || !get(out.id) || !coding::GetString(in, out.text)) return bad();
      break;
    case FactKind::kNodeCreate: {
      uint64_t n;
      if (!get(out.id) || !get_t() || !get(n) || n == 0 || n > in.size()) return bad();
      for (uint64_t i = 0; i < n; ++i) {
        if (!get(u) || u > UINT32_MAX) return bad();
        out.labels.push_back(static_cast<uint32_t>(u));
      }
      if (!coding::GetString(in, out.text)) return bad();
      break;
    }
    case FactKind::kNodeOn:
    case FactKind::kNodeOff:
    case FactKind::kEdgeOn:
    case FactKind::kEdgeOff:
      if (!get(out.id) || !get_t()) return bad();
      break;
    case FactKind::kLabelAdd:
      if (!get(out.id) || !get_t() || !get(u) || u > UINT32_MAX) return bad();
      out.labels.push_back(static_cast<uint32_t>(u));
      break;
    case FactKind::kEdgeCreate:
      if (!get(out.id) || !get_t() || !get(out.a) || !get(out.b) || !get(out.c)) return bad();
      break;
    case FactKind::kPropSet:
    case FactKind::kPropUnset:
      if (!get_sub() || out.sub > 1 || !get(out.id) || !get(out.a) || !get_t()) return bad();
      if (out.kind == FactKind::kPropSet) {
        auto v = Value::DecodeFrom(in);
        if (!v.ok()) return v.status();
        out.value = std::move(v).value();
      } else {
        out.value = Value();
      }
      break;
    default:
      return bad();
  }
  if (!in.empty()) return bad();
  return Status::Ok();
}

const char* FactKindName(FactKind k) {
  switch (k) {
    case FactKind::kSymbol: return "symbol";
    case FactKind::kNodeCreate: return "node-create";
    case FactKind::kNodeOn: return "node-on";
    case FactKind::kNodeOff: return "node-off";
    case FactKind::kLabelAdd: return "label-add";
    case FactKind::kEdgeCreate: return "edge-create";
    case FactKind::kEdgeOn: return "edge-on";
    case FactKind::kEdgeOff: return "edge-off";
    case FactKind::kPropSet: return "prop-set";
    case FactKind::kPropUnset: return "prop-unset";
  }
  return "?";
}

}  // namespace provgraph
