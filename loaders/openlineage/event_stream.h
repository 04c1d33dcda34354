// Pipelined OpenLineage load: reads every .ndjson line, guesses each
// event's place in mapping order from a few fields (FastEventParser's
// PeekOrder), then parses and validates the events in that order on a
// second thread while this one maps them (StreamingMapper). The mapper
// checks the real order and refuses what it cannot map ahead; then the
// events are mapped the usual way (SortEvents + MapEvents). Either way the
// batch, the events and the bad events are exactly ReadEvents + SortEvents
// + MapEvents'.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "loaders/openlineage/deferred_release.h"
#include "loaders/openlineage/openlineage_mapper.h"
#include "loaders/openlineage/openlineage_reader.h"

namespace provgraph::loaders::openlineage {

// Whether ReadAndMapPipelined applies: only line-delimited files, and a
// batch with nothing in it yet (it may be discarded and refilled).
bool CanReadAndMapPipelined(const std::vector<std::string>& files, const Batch& batch);

// Reads `files` into `bad` (in file order) and maps the good events into
// `batch`, setting `mapped`; or, when the pipelined mapping did not hold,
// leaves `batch` empty, `mapped` unset and the good events in file order
// in `events` for SortEvents + MapEvents. Returns ReadEvents' I/O errors.
// `progress` hears of the lines handed to the mapper (of all lines).
Status ReadAndMapPipelined(const std::vector<std::string>& files, const Graph& graph, Batch& batch,
                           std::vector<Event>& events, std::vector<BadEvent>& bad, std::optional<MapSummary>& mapped,
                           DeferredRelease* release, const MapProgress* progress = nullptr);

}  // namespace provgraph::loaders::openlineage
