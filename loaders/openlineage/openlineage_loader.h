// `provgraph load openlineage`: every file of one call becomes one Batch
// (one transaction). With OnError::kFail (the default) the first bad event
// fails the load and nothing is written; with OnError::kSkip the good
// events load and each bad one goes to a quarantine file with its reason.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"
#include "loaders/openlineage/openlineage_mapper.h"
#include "loaders/openlineage/openlineage_reader.h"

namespace provgraph::loaders {

enum class OnError { kFail, kSkip };

struct OpenLineageLoadOptions {
  std::vector<std::string> inputs;  // files and directories
  OnError on_error = OnError::kFail;
  std::string quarantine;  // default: <first input>.quarantine.ndjson
  // Called now and then with (events mapped, events in all) for progress
  // bars; a load whose events could not be mapped ahead maps them again
  // from 0.
  openlineage::MapProgress progress;
};

struct OpenLineageLoadSummary {
  openlineage::MapSummary mapped;
  std::vector<openlineage::BadEvent> bad;  // only with OnError::kSkip
  std::string quarantine_path;             // set when bad events were written
};

// Reads, validates and maps every input into `batch` against `graph`.
// Nothing is written (the quarantine file neither). Throws nothing: an
// allocation failure or an exception from `options.progress` is an
// Internal status, the batch left empty.
// With `release`, the parsed events and the mapper's state are destroyed
// there (in the background) instead of before returning.
Result<OpenLineageLoadSummary> BuildOpenLineageBatch(const OpenLineageLoadOptions& options, const Graph& graph,
                                                     Batch& batch, openlineage::DeferredRelease* release = nullptr);

// Writes one JSON line per bad event: {"file", "line", "pointer", "error", "event"}.
Status WriteQuarantine(const std::string& path, const std::vector<openlineage::BadEvent>& bad);

// The quarantine path for `options`.
std::string QuarantinePath(const OpenLineageLoadOptions& options);

struct OpenLineageLoadResult {
  OpenLineageLoadSummary summary;
  CommitResult commit;
};

// BuildOpenLineageBatch against the store's graph, then one Commit, then
// the quarantine file when events were skipped.
Result<OpenLineageLoadResult> LoadOpenLineage(Store& store, const OpenLineageLoadOptions& options,
                                              const CommitInfo& info);

}  // namespace provgraph::loaders
