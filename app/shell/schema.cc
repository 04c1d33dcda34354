#include "app/shell/schema.h"

namespace provgraph::app::shell {

SchemaCounts CountSchema(const Graph& graph) {
  SchemaCounts counts;
  for (uint32_t id = 0; id < graph.labels().size(); ++id) counts.labels[graph.labels().Name(id)] = 0;
  for (uint32_t id = 0; id < graph.edge_types().size(); ++id) counts.types[graph.edge_types().Name(id)] = 0;
  for (uint32_t id = 0; id < graph.property_keys().size(); ++id) {
    counts.property_keys[graph.property_keys().Name(id)] = 0;
  }
  auto count_properties = [&](EntityKind kind, uint64_t id) {
    for (const auto& [prop, value] : graph.Properties(kind, id, kLatest)) {
      (void)value;
      ++counts.property_keys[graph.property_keys().Name(prop)];
    }
  };
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    if (!graph.NodeValid(n, kLatest)) continue;
    for (uint32_t label : graph.Labels(n, kLatest)) ++counts.labels[graph.labels().Name(label)];
    count_properties(EntityKind::kNode, n);
  }
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    if (!graph.EdgeValid(e, kLatest)) continue;
    ++counts.types[graph.edge_types().Name(graph.EdgeType(e))];
    count_properties(EntityKind::kEdge, e);
  }
  return counts;
}

query::QueryResult SchemaTable(const SchemaCounts& counts) {
  query::QueryResult result;
  result.columns = {"kind", "name", "count"};
  result.at = kLatest;
  result.rows = query::ResultRows(result.columns.size());
  auto add = [&](const char* kind, const std::map<std::string, uint64_t>& names) {
    for (const auto& [name, count] : names) {
      result.rows.Append({query::QueryValue(std::string(kind)), query::QueryValue(name),
                          query::QueryValue(static_cast<int64_t>(count))});
    }
  };
  add("label", counts.labels);
  add("type", counts.types);
  add("property", counts.property_keys);
  return result;
}

}  // namespace provgraph::app::shell
