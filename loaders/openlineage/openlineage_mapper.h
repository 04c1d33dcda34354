// OpenLineage mapping: turns validated events into Batch operations as
// DESIGN.md's "OpenLineage mapping" says (property names in
// loaders/openlineage/README.md). Events are placed by eventTime: they are
// sorted (eventTime, then START < RUNNING < OTHER < COMPLETE/FAIL/ABORT,
// then their canonical JSON text) so any arrival order maps the same way.
// State left by earlier loads (run state, dataset versions, FEEDS edges,
// symlink aliases) is read from `graph`; nothing touches the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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

// The rank of an event's type in mapping order (after eventTime):
// START < RUNNING < OTHER (and dataset and job events) < COMPLETE/FAIL/ABORT.
int MappingRank(EventKind kind, std::string_view event_type);

// Sorts `events` into mapping order.
void SortEvents(std::vector<Event>& events);

// Called now and then with (events mapped, events in all), for progress bars.
using MapProgress = std::function<void(size_t done, size_t total)>;

// Maps sorted `events` onto `batch` against `graph` (read only). With
// `release`, the mapper's state is destroyed there (in the background).
Result<MapSummary> MapEvents(const std::vector<Event>& events, const Graph& graph, Batch& batch,
                             DeferredRelease* release = nullptr, const MapProgress* progress = nullptr);

// Maps events one at a time while the rest is still being read, for input
// that already comes in mapping order (producers usually emit in time
// order). Given the same events, the batch is exactly MapEvents' after
// SortEvents. Add() refuses an event (and the batch must then be
// discarded and the events mapped with SortEvents + MapEvents) when it
// sorts before the previous one, when it declares symlinks (aliases apply
// to earlier events too, so MapEvents collects them first) or when it
// fails to map (MapEvents gives the error). Accepted events must stay
// alive and unmoved until Finish.
class StreamingMapper {
 public:
  StreamingMapper(const Graph& graph, Batch& batch);
  ~StreamingMapper();
  StreamingMapper(const StreamingMapper&) = delete;
  StreamingMapper& operator=(const StreamingMapper&) = delete;

  bool Add(const Event& e);
  // Emits the buffered writes; the mapper's state goes to `release` (or
  // is destroyed here).
  MapSummary Finish(DeferredRelease* release);
  // Drops the mapper's state (to `release` when given).
  void Abandon(DeferredRelease* release);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace provgraph::loaders::openlineage
