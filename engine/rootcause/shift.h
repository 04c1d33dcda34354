// Shift: distribution shifts of a dataset's numeric columns over time, from
// the stored samples (engine/series.h) or, when a column has none, from the
// quantile profiles of OpenLineage dataQualityMetrics (`dq.quantiles` on its
// Column node, spread into pseudo-samples as the drift job does).
//
// A shift at an observation time t compares the observations of the week
// before t (at most seven) pooled, with those of t and the week after it
// pooled: pooling averages day-to-day noise away, so a noisy but stationary
// column scores low and a step scores high. The size is the PSI (10
// reference-quantile bins, engine/stats/psi.h) with the means either side.
// A split close before a step also sees part of it in its after-pool, so a
// shift is reported only where the PSI peaks: no split of the same column
// within a week either side scores higher.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/rootcause/evidence.h"
#include "engine/series.h"

namespace provgraph::rootcause {

// A PSI below this is noise (the usual "no significant change" bound).
inline constexpr double kShiftPsi = 0.25;

struct SplitScore {
  std::string column;
  Timestamp at;
  double psi = 0;
  double mean_before = 0, mean_after = 0;
  bool from_samples = true;
  size_t n_before = 0, n_after = 0;  // observations pooled either side
};

class ShiftFinder {
 public:
  // Splits are computed at observation times within `horizon` only.
  ShiftFinder(const EvidenceReader& reader, const SeriesIndex* series, TimeRange horizon)
      : r_(reader), series_(series), horizon_(horizon) {}

  // Every split of every column of `dataset` at an observation time within
  // the horizon (needs observations on both sides), by column then time.
  const std::vector<SplitScore>& Splits(NodeId dataset);
  // The largest PSI peak per column within `range` with PSI >= kShiftPsi,
  // as evidence (strength 1 - exp(-PSI / 0.5)).
  std::vector<Evidence> Shifts(NodeId dataset, TimeRange range);
  // True when some column has observations both in the week before `t` and
  // at or in the week after it: a move at t would have been seen.
  bool Observed(NodeId dataset, Timestamp t);

 private:
  struct Obs {
    Timestamp at;
    std::vector<double> values;
  };
  struct Column {
    bool from_samples = true;
    std::vector<Obs> obs;  // sorted by time
  };
  const std::map<std::string, Column>& Columns(NodeId dataset);

  const EvidenceReader& r_;
  const SeriesIndex* series_;
  TimeRange horizon_;
  std::map<NodeId, std::map<std::string, Column>> cache_;
  std::map<NodeId, std::vector<SplitScore>> splits_;
};

}  // namespace provgraph::rootcause
