// DumpGraph: a canonical text form of everything a Graph holds (nodes,
// labels, keys, validity, property histories, edges), for comparing a
// graph before and after a reopen.
#pragma once

#include <sstream>
#include <string>

#include "engine/graph.h"

namespace provgraph::testing {

inline std::string DumpGraph(const Graph& g) {
  std::ostringstream out;
  auto entity = [&](EntityKind kind, uint64_t id) {
    for (const Interval& i : g.Validity(kind, id)) out << " [" << i.from << "," << i.to << ")";
    out << " seq=" << g.CreatedSeq(kind, id) << "\n";
    for (uint32_t p = 0; p < g.property_keys().size(); ++p) {
      for (const PropertyVersion& v : g.PropertyHistory(kind, id, p)) {
        out << "  " << g.property_keys().Name(p) << "=" << v.value.ToJson().dump() << " [" << v.valid.from << ","
            << v.valid.to << ") seq=" << v.seq << "\n";
      }
    }
  };
  for (NodeId n = 0; n < g.node_count(); ++n) {
    out << "node " << n << " ";
    for (uint32_t l : g.Labels(n, kLatest)) out << ":" << g.labels().Name(l);
    out << " key=" << g.Key(n);
    entity(EntityKind::kNode, n);
  }
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    out << "edge " << e << " " << g.EdgeSource(e) << "-[" << g.edge_types().Name(g.EdgeType(e)) << "]->"
        << g.EdgeTarget(e);
    entity(EntityKind::kEdge, e);
  }
  return out.str();
}

}  // namespace provgraph::testing
