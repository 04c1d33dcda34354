// Series types: the values a batch stages for the store's `series`
// database (engine/FORMAT.md): KPI and metric points over valid time, and
// samples of a dataset column's values. Kept apart from engine/series.h so
// that engine/batch.h stays light.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/value.h"

namespace provgraph {

// Equal doubles, where NaN equals NaN (a re-sent sample or point is the
// same value even when it holds NaN).
inline bool SameDouble(double a, double b) { return a == b || (a != a && b != b); }

// One point of a metric series: its valid time and its value.
struct MetricPoint {
  Timestamp time;
  double value = 0;
  friend bool operator==(const MetricPoint&, const MetricPoint&) = default;
};

// The sampled values of one column. Numeric samples hold `numbers`,
// categorical ones `labels`; `missing` counts the empty cells, which are
// not values.
struct SampleValues {
  bool categorical = false;
  std::vector<double> numbers;
  std::vector<std::string> labels;
  uint64_t missing = 0;
  size_t size() const { return categorical ? labels.size() : numbers.size(); }
  // Same type, same values in the same order (doubles compared bitwise, so
  // a reload of the same data is recognised as unchanged) and same missing.
  bool SameAs(const SampleValues& other) const;
};

}  // namespace provgraph
