// ResolveSeries: turns a batch's metric points and samples into the records
// of the store's `series` database, leaving out what is already stored
// (same time, same value), and applies them to the SeriesIndex, as
// ResolveBatch does for facts and the graph.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/series.h"
#include "engine/status.h"

namespace provgraph {

struct SeriesCounts {
  uint64_t metric_points = 0;            // points written
  uint64_t metric_points_unchanged = 0;  // points skipped: that time already holds that value
  uint64_t samples = 0;                  // samples written
  uint64_t samples_unchanged = 0;        // samples skipped: identical to the stored one
  // Adds the four counts to an audit entry's counts object.
  void AddTo(nlohmann::json& counts) const;
};

// The record values of one batch, in key order (idx 0, 1, ...).
struct EncodedSeries {
  std::vector<std::string> records;
  SeriesCounts counts;
  size_t bytes() const;
};

// A record holds at most this many points; more are split over records.
inline constexpr size_t kMaxPointsPerRecord = 65536;

// The node id a batch's node ref resolved to (BatchResolver::NodeIdOf).
using NodeIdOfRef = std::function<Result<uint64_t>(Batch::NodeRef)>;

// Resolves the series of `batch` (or of one segment of it; batch number
// `seq`) against `index`, which it updates, appending to `out`. The graph
// must already hold the batch's nodes: `node_of` maps its refs (by default
// the refs of `batch` itself, looked up by primary label and key). On error
// the index may hold part of the batch: the caller rebuilds it.
Status ResolveSeries(const Graph& graph, const Batch& batch, uint32_t seq, SeriesIndex& index, EncodedSeries& out,
                     const NodeIdOfRef& node_of = nullptr);

}  // namespace provgraph
