// ResolveBatch: turns a Batch into the facts that change the graph from its
// current state, applying each to the in-memory graph as it goes (later ops
// of the batch see earlier ones). Ops that change nothing emit no fact, so
// reloading the same data is a no-op.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"

namespace provgraph {

struct BatchCounts {
  uint64_t facts = 0;
  uint64_t nodes_created = 0, nodes_reopened = 0, nodes_closed = 0, labels_added = 0;
  uint64_t edges_created = 0, edges_reopened = 0, edges_closed = 0;
  uint64_t properties_set = 0, properties_removed = 0, symbols = 0;
  nlohmann::json ToJson() const;
};

// Encoded facts of one batch: fact i is bytes[ends[i-1], ends[i]).
struct EncodedFacts {
  std::string bytes;
  std::vector<uint64_t> ends;
  size_t size() const { return ends.size(); }
  std::string_view at(size_t i) const {
    uint64_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
};

// Resolves `batch` as batch number `seq` against `graph`, mutating `graph`.
// On error the graph may hold part of the batch: the caller must rebuild it.
Status ResolveBatch(Graph& graph, const Batch& batch, uint32_t seq, EncodedFacts& out, BatchCounts& counts);

}  // namespace provgraph
