// OpenLineage mapping: turns validated events into Batch operations as
// DESIGN.md's "OpenLineage mapping" says (property names in
// loaders/openlineage/README.md). Events are placed by eventTime: they are
// sorted (eventTime, then START < RUNNING < OTHER < COMPLETE/FAIL/ABORT,
// then their canonical JSON text) so any arrival order maps the same way.
// State left by earlier loads (run state, dataset versions, FEEDS edges,
// symlink aliases) is read from `graph`; nothing touches the store.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "loaders/openlineage/deferred_release.h"
#include "loaders/openlineage/openlineage_reader.h"

namespace provgraph::loaders::openlineage {

struct MapSummary {
  uint64_t events = 0;
  uint64_t runs = 0;
  uint64_t jobs = 0;
  uint64_t datasets = 0;
};

// Sorts `events` into mapping order.
void SortEvents(std::vector<Event>& events);

// Maps sorted `events` onto `batch` against `graph` (read only). With
// `release`, the mapper's state is destroyed there (in the background).
Result<MapSummary> MapEvents(const std::vector<Event>& events, const Graph& graph, Batch& batch,
                             DeferredRelease* release = nullptr);

}  // namespace provgraph::loaders::openlineage
