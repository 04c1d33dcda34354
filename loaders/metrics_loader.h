// `load metrics`: KPI and metric time series from a CSV file with the
// columns node,metric,time,value (any order): `node` is Label:key (a node
// not in the store is created with that label and key, valid from its
// first point), `time` ISO-8601, `value` a finite number. Points go to the
// store's series database (engine/series.h), one batch per file.
#pragma once

#include <cstdint>
#include <string>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::loaders {

struct MetricsLoadSummary {
  uint64_t rows = 0;
  uint64_t series = 0;     // distinct (node, metric)
  uint64_t new_nodes = 0;  // nodes the file names that the store does not have
};

// Parses and checks the whole file into `batch`; nothing is written. Errors
// name FILE:LINE: no header row, a missing, unknown or duplicate column, a
// row with the wrong field count, a bad node ref, an empty metric, a bad
// time, a value that is not a number, two values for one point.
Result<MetricsLoadSummary> BuildMetricsBatch(const std::string& path, const Graph& graph, Batch& batch);

struct MetricsLoadResult {
  MetricsLoadSummary summary;
  CommitResult commit;
};

// BuildMetricsBatch against the store's graph, then one Commit.
Result<MetricsLoadResult> LoadMetrics(Store& store, const std::string& path, const CommitInfo& info);

}  // namespace provgraph::loaders
