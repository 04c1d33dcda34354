#include "app/query_dot.h"

#include <set>
#include <string>

#include "app/dot_text.h"

namespace provgraph::app {
namespace {

struct Collected {
  std::set<NodeId> nodes;
  std::set<EdgeId> edges;
};

void Collect(const query::QueryValue& v, Collected& c) {
  using T = query::QueryValue::Type;
  switch (v.type()) {
    case T::kNode:
      c.nodes.insert(v.as_node().id);
      break;
    case T::kEdge:
      c.edges.insert(v.as_edge().id);
      break;
    case T::kPath:
      c.nodes.insert(v.as_path().nodes.begin(), v.as_path().nodes.end());
      c.edges.insert(v.as_path().edges.begin(), v.as_path().edges.end());
      break;
    case T::kList:
      for (const auto& item : v.as_list()) Collect(item, c);
      break;
    case T::kMap:
      for (const auto& [name, item] : v.as_map()) Collect(item, c);
      break;
    default:
      break;
  }
}

}  // namespace

void PrintQueryDot(std::ostream& out, const query::QueryResult& result, const Graph& graph) {
  Collected c;
  for (const auto& row : result.rows) {
    for (const auto& cell : row) Collect(cell, c);
  }
  for (EdgeId e : c.edges) {
    c.nodes.insert(graph.EdgeSource(e));
    c.nodes.insert(graph.EdgeTarget(e));
  }
  out << "digraph result {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (NodeId n : c.nodes) {
    const std::string label = graph.labels().Name(graph.PrimaryLabel(n));
    const std::string key(graph.Key(n));
    out << "  n" << n << " [label=" << DotQuote(label + "\n" + key) << ", tooltip=" << DotQuote(label + ":" + key)
        << "];\n";
  }
  for (EdgeId e : c.edges) {
    out << "  n" << graph.EdgeSource(e) << " -> n" << graph.EdgeTarget(e)
        << " [label=" << DotQuote(graph.edge_types().Name(graph.EdgeType(e)))
        << ", id=\"e" << e << "\"];\n";  // digits need no escaping
  }
  out << "}\n";
}

}  // namespace provgraph::app
