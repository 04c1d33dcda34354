// CollectContext: what the report collectors share while they walk the
// graph: the store, the as-of instant, a walker, typed property access, the
// `Label:key` of a node, and the nodes and series the report touched (for
// the audit section).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/report/report.h"
#include "engine/graph.h"
#include "engine/traversal.h"

namespace provgraph::report {

struct CollectContext {
  CollectContext(Store& s, Timestamp t) : store(s), g(s.graph()), at(t), walker(s.graph()) {}

  Store& store;
  const Graph& g;
  Timestamp at;
  Walker walker;

  NodeId subject = 0;
  // The subject and everything upstream of it along FEEDS, with depths.
  std::vector<std::pair<NodeId, uint32_t>> lineage;
  std::set<NodeId> lineage_set;
  // Every node whose facts the report shows; series as (node, name).
  std::set<NodeId> touched;
  std::set<std::pair<NodeId, std::string>> touched_series;

  // "Label:key" with the primary label.
  std::string Ref(NodeId n) const;
  // The kind a reader sees: KPI, Model, Job, Source, Dataset, ... (an extra
  // Model label wins over a primary Dataset).
  std::string Kind(NodeId n) const;
  const Value* Prop(EntityKind kind, uint64_t id, std::string_view name) const;
  const Value* Prop(NodeId n, std::string_view name) const { return Prop(EntityKind::kNode, n, name); }
  // A property as text (strings bare, other values as JSON), or nullopt.
  std::optional<std::string> Text(NodeId n, std::string_view name) const;
  // The property as JSON (null when absent).
  nlohmann::ordered_json Json(NodeId n, std::string_view name) const;
  // Neighbours along edges of `type` valid at `at` (none when the type is unknown).
  std::vector<Walker::Neighbour> In(NodeId n, std::string_view type);
  std::vector<Walker::Neighbour> Out(NodeId n, std::string_view type);
  bool HasLabel(NodeId n, std::string_view label) const;
  // [{"owner": "Owner:key", "type": OWNS edge type or null}] by owner (marks them touched).
  Document Owners(NodeId n);
  // The tags of a node: its `tags` list and governance properties (pii,
  // sensitivity, retention, licence, license, classification) as
  // "key=value", sorted, unique.
  std::vector<std::string> Tags(NodeId n) const;
  // Tagged or marked as PII (a tag `pii`, `pii=true|yes|1`, a tag value
  // `pii`, or the property pii = true / "true" / "yes").
  bool IsPii(NodeId n) const;
};

std::string Iso(int64_t micros);

// The collectors, in the order of the document's sections.
void CollectLineage(CollectContext& c, Document& doc);
void CollectColumns(CollectContext& c, Document& doc);
void CollectTransformations(CollectContext& c, Document& doc);
void CollectVersions(CollectContext& c, Document& doc);
void CollectChecks(CollectContext& c, Document& doc);
void CollectConstraints(CollectContext& c, Document& doc);  // constraints, drift, violations
Status CollectAudit(CollectContext& c, Document& doc);

}  // namespace provgraph::report
