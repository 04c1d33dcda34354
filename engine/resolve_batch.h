// BatchResolver: turns a Batch (fed segment by segment) into the facts that
// change the graph from its current state, applying each to the in-memory
// graph as it goes (later ops of the batch see earlier ones). Ops that
// change nothing emit no fact, so reloading the same data is a no-op.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/fact_chunks.h"
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

// Resolves one batch, numbered `seq`, against `graph`, mutating `graph`,
// appending the facts to `out`. On error the graph may hold part of the
// batch: the caller must rebuild it.
class BatchResolver {
 public:
  BatchResolver(Graph& graph, uint32_t seq, FactChunks& out, BatchCounts& counts);
  ~BatchResolver();
  BatchResolver(const BatchResolver&) = delete;
  BatchResolver& operator=(const BatchResolver&) = delete;
  // Resolves the next segment (the first, or Batch::After the last one fed).
  Status Feed(const Batch& segment);
  // The node a ref of the segments fed so far resolved to.
  Result<uint64_t> NodeIdOf(Batch::NodeRef ref) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A batch in one segment.
Status ResolveBatch(Graph& graph, const Batch& batch, uint32_t seq, FactChunks& out, BatchCounts& counts);

}  // namespace provgraph
