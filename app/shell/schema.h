// The `:schema` summary: every label with its node count, every
// relationship type with its edge count and every property key with the
// number of nodes and edges carrying it, all as of now (kLatest).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/graph.h"
#include "query/executor/executor.h"

namespace provgraph::app::shell {

struct SchemaCounts {
  // Every name in the graph's symbol tables, with 0 when nothing valid now
  // carries it. A node counts once under each of its labels.
  std::map<std::string, uint64_t> labels;
  std::map<std::string, uint64_t> types;
  std::map<std::string, uint64_t> property_keys;  // nodes and edges together
};

SchemaCounts CountSchema(const Graph& graph);

// The counts as a result table (columns kind, name, count; kinds `label`,
// `type`, `property`, each sorted by name) for PrintQueryResult.
query::QueryResult SchemaTable(const SchemaCounts& counts);

}  // namespace provgraph::app::shell
