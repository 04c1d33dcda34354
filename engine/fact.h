// Fact: one immutable change record of the temporal graph. The store keeps
// an append-only log of facts, packed into chunk records keyed by (batch
// sequence, chunk); the
// in-memory graph is the replay of that log. Encoding: engine/FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "engine/value.h"

namespace provgraph {

enum class FactKind : uint8_t {
  kSymbol = 1,      // sub = SymbolKind, id = symbol id, text = name
  kNodeCreate = 2,  // id = node, t = valid from, labels = label ids (primary first), text = key
  kNodeOn = 3,      // id = node, t: the node is valid again from t
  kNodeOff = 4,     // id = node, t: the node's validity ends at t
  kLabelAdd = 5,    // id = node, t, labels = {label id}
  kEdgeCreate = 6,  // id = edge, t, a = type id, b = source node, c = target node
  kEdgeOn = 7,      // id = edge, t
  kEdgeOff = 8,     // id = edge, t
  kPropSet = 9,     // sub = EntityKind, id, a = property id, t, value
  kPropUnset = 10,  // sub = EntityKind, id, a = property id, t
};

enum class SymbolKind : uint8_t { kLabel = 0, kEdgeType = 1, kProperty = 2 };
enum class EntityKind : uint8_t { kNode = 0, kEdge = 1 };

struct Fact {
  FactKind kind = FactKind::kSymbol;
  uint8_t sub = 0;
  uint64_t id = 0;
  uint64_t a = 0, b = 0, c = 0;
  int64_t t = 0;
  std::vector<uint32_t> labels;
  std::string_view text;  // points into the decoded buffer or the owner's storage
  Value value;

  void EncodeTo(std::string& out) const;
  // Decodes `in` entirely into `out` (reusing its capacity). `out.text`
  // points into `in`'s bytes.
  static Status Decode(std::string_view in, Fact& out);
};

const char* FactKindName(FactKind k);

}  // namespace provgraph
