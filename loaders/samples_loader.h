// `load samples`: a CSV sample of a dataset's column values (a header row of
// column names, one sampled record per row) kept in the store's series
// database for the dataset version valid at a given time, the input of
// the nightly drift job. Column types follow `drift compare`
// (loaders/csv_columns.h): categorical when a non-empty value does not
// parse as a number; empty cells are counted as missing.
#pragma once

#include <cstdint>
#include <string>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::loaders {

struct SamplesLoadOptions {
  std::string file;     // FILE.csv
  std::string dataset;  // the Dataset key (namespace:name)
  Timestamp at;         // the time the sample describes
};

struct SamplesLoadSummary {
  std::string target;  // "Label:key" of the node the samples attach to
  uint64_t rows = 0;
  uint64_t numeric_columns = 0, categorical_columns = 0;
};

// The DatasetVersion reached from Dataset `dataset_key` by a HAS_VERSION
// edge whose version is valid at `at`, the latest created at or before
// `at` (ties: the greater key); the Dataset node itself when no version is
// valid then. NotFound naming the key when there is no such dataset.
Result<NodeId> SampleTarget(const Graph& graph, const std::string& dataset_key, Timestamp at);

// Reads the file and stages one sample per column into `batch`. Nothing is
// written; errors name FILE:LINE (or --dataset for an unknown dataset).
Result<SamplesLoadSummary> BuildSamplesBatch(const SamplesLoadOptions& options, const Graph& graph, Batch& batch);

struct SamplesLoadResult {
  SamplesLoadSummary summary;
  CommitResult commit;
};

// BuildSamplesBatch against the store's graph, then one Commit.
Result<SamplesLoadResult> LoadSamples(Store& store, const SamplesLoadOptions& options, const CommitInfo& info);

}  // namespace provgraph::loaders
