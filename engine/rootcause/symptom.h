// Symptom: when did the symptom move? The change point of its metric
// series (a KPI's `value`, else the earliest onset among its other metric
// series), else the first violation at risk for it or on it, or the first
// failure of the latest failing run of one of its checks (`check.*`
// series: a test's result, 1 pass / 0 fail, never a metric), whichever is
// first, else the as-of instant.
//
// Change point: the split of the series (as of the instant) into two runs
// of at least three points that removes the most squared error around the
// two means; it counts when the means differ by more than 1.5 pooled
// standard deviations and the Welch t statistic exceeds 5. The moment is
// the onset of that move: the first point of the contiguous run, ending at
// the split, of points beyond the before-level by 3 of its robust standard
// deviations (a KPI that slides over days moved when it began to slide).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/rootcause/evidence.h"
#include "engine/series.h"

namespace provgraph::rootcause {

struct SymptomMove {
  Timestamp at;
  std::string how;     // e.g. "value fell 0.843 -> 0.760 (change point)"
  bool found = false;  // false: `at` is only the as-of instant
};

struct ChangePoint {
  size_t onset = 0;  // index of the first moved point
  size_t split = 0;  // index of the first point of the after run
  double mean_before = 0, mean_after = 0;
};

// The change point of `points` (sorted by time), if any.
std::optional<ChangePoint> FindChangePoint(const std::vector<MetricPoint>& points);

// When `symptom` moved, as of reader.as_of(); `fallback` when nothing says.
SymptomMove FindSymptomMove(const EvidenceReader& reader, const SeriesIndex* series, NodeId symptom,
                            Timestamp fallback);

}  // namespace provgraph::rootcause
