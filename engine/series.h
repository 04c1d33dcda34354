// Series: the records of the store's `series` database (metric points and
// column samples, engine/FORMAT.md) and the in-memory SeriesIndex the
// store replays them into, keyed by (node, metric or column name).
//
// Thread-safety: as Graph, one thread reads or applies at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/series_types.h"
#include "engine/status.h"
#include "engine/time.h"

namespace provgraph {

enum class SeriesKind : uint8_t { kMetricPoints = 1, kSample = 2 };

// One stored record: the points a batch wrote for one (node, metric), or
// one sample of one (node, column).
struct SeriesRecord {
  SeriesKind kind = SeriesKind::kMetricPoints;
  uint64_t node = 0;
  std::string name;                 // the metric or the column
  std::vector<MetricPoint> points;  // kMetricPoints: sorted by time, distinct times
  Timestamp at;                     // kSample: the time the sample describes
  SampleValues sample;              // kSample

  // Appends the binary value (FORMAT.md, `series`) to `out`.
  void EncodeTo(std::string& out) const;
  // Decodes a whole record value; Corruption when it does not decode.
  static Status Decode(std::string_view in, SeriesRecord& out);
};

// A metric point as stored, with the batch that wrote it.
struct StoredPoint {
  int64_t time = 0;
  double value = 0;
  uint32_t seq = 0;
};

// A sample as stored, with the batch that wrote it.
struct StoredSample {
  Timestamp at;
  uint32_t seq = 0;
  SampleValues values;
};

// A sample and the column it belongs to.
struct ColumnSample {
  std::string_view column;
  const StoredSample* sample = nullptr;
};

class SeriesIndex {
 public:
  // Applies one record of batch `seq`. Records must arrive in log order.
  void Apply(SeriesRecord record, uint32_t seq);

  // The points of `metric` on `node` with time <= as_of, sorted by time,
  // one per time: the value of the latest batch that wrote that time.
  std::vector<MetricPoint> MetricSeries(uint64_t node, std::string_view metric, Timestamp as_of = kLatest) const;
  // Every point ever stored, superseded ones included, sorted by (time, seq).
  std::vector<StoredPoint> MetricHistory(uint64_t node, std::string_view metric) const;
  // The current value at exactly `time`, if any point has that time.
  std::optional<double> PointAt(uint64_t node, std::string_view metric, Timestamp time) const;
  // The metrics with points on `node`, sorted.
  std::vector<std::string> MetricNames(uint64_t node) const;

  // The current sample of every (column, at) of `node`, sorted by column
  // then time (for each, the latest batch's sample).
  std::vector<ColumnSample> Samples(uint64_t node) const;
  // The sample of `column` with the latest `at` <= as_of (the latest
  // batch's for that time), or nullptr.
  const StoredSample* Sample(uint64_t node, std::string_view column, Timestamp as_of = kLatest) const;
  // The current sample of `column` taken at exactly `at`, or nullptr.
  const StoredSample* SampleAt(uint64_t node, std::string_view column, Timestamp at) const;
  // The columns with samples on `node`, sorted.
  std::vector<std::string> SampleColumns(uint64_t node) const;

  // Totals over the whole store, superseded records included.
  uint64_t stored_points() const { return stored_points_; }
  uint64_t stored_samples() const { return stored_samples_; }
  // Distinct (node, metric) series and (node, column) sampled columns.
  uint64_t metric_series() const { return metric_series_; }
  uint64_t sampled_columns() const { return sampled_columns_; }
  // Nodes with any series or sample, in no particular order.
  std::vector<uint64_t> Nodes() const;

 private:
  struct NodeSeries {
    std::map<std::string, std::vector<StoredPoint>, std::less<>> metrics;   // sorted by (time, seq)
    std::map<std::string, std::vector<StoredSample>, std::less<>> samples;  // sorted by (at, seq)
  };
  const NodeSeries* Find(uint64_t node) const;

  std::unordered_map<uint64_t, NodeSeries> nodes_;
  uint64_t stored_points_ = 0, stored_samples_ = 0, metric_series_ = 0, sampled_columns_ = 0;
};

}  // namespace provgraph
