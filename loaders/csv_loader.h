// CSV bulk load in the neo4j-admin import header convention: node files
// with :ID / name:ID / :ID(Space), :LABEL and typed property columns;
// relationship files with :START_ID, :END_ID, :TYPE and typed properties.
// Every file of one call becomes one Batch (one transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::loaders {

struct CsvLoadOptions {
  std::vector<std::string> node_files;
  std::vector<std::string> edge_files;
  Timestamp at;  // valid time of everything loaded
  // Called now and then with (bytes read, total bytes) for progress bars.
  std::function<void(size_t, size_t)> progress;
};

struct CsvLoadSummary {
  uint64_t node_rows = 0;
  uint64_t edge_rows = 0;
};

// Parses and checks every file into `batch`, resolving relationship ids
// first against this call's node files, then against `graph` as
// Label:key. Nothing is written; any error names FILE:LINE.
Result<CsvLoadSummary> BuildCsvBatch(const CsvLoadOptions& options, const Graph& graph, Batch& batch);

struct CsvLoadResult {
  CsvLoadSummary rows;
  CommitResult commit;
};

// BuildCsvBatch against the store's graph, then one Commit.
Result<CsvLoadResult> LoadCsv(Store& store, const CsvLoadOptions& options, const CommitInfo& info);

}  // namespace provgraph::loaders
