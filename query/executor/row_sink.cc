#include "query/executor/row_sink.h"

namespace provgraph::query {

void RowSink::OnStart(const std::vector<std::string>& /*columns*/, Timestamp /*at*/, bool /*profile*/) {}

void RowSink::OnNodes(std::span<const NodeId> ids) {
  for (NodeId id : ids) {
    QueryValue v(NodeRef{id});
    OnRow(std::span<const QueryValue>(&v, 1));
  }
}

}  // namespace provgraph::query
