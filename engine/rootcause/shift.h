// Shift: distribution shifts of a dataset's columns over time. Four
// measures, each from stored samples (engine/series.h) when the column has
// them, else from OpenLineage dataQualityMetrics on its Column node:
//
// - values: numeric samples, else the `dq.quantiles` profiles spread into
//   pseudo-samples as the drift job does (engine/drift/profile.h); size =
//   PSI (10 reference-quantile bins, engine/stats/psi.h);
// - categories: categorical samples; size = PSI over the categories seen
//   either side, each count + 0.5 (so a new category has a finite share);
// - null rate: the empty cells of samples, else the `null_count` metric
//   points over `count` (or the dataset's `row_count`) at the same time;
//   size = 0.5 * |log2(odds ratio)| of the pooled rates, each
//   (nulls + 0.5) / (rows + 1);
// - distinct count: the `distinct_count` metric points; size =
//   0.5 * |log2(ratio)| of the pooled mean counts (each + 0.5).
// A doubling or halving of the null odds or the distinct count is thus as
// big as a PSI of 0.5 (strength 0.63), and a change by 41 % reaches the
// PSI bound kShiftPsi: one scale, one threshold for all measures.
//
// A shift at an observation time t compares the observations of the week
// before t (at most seven) pooled, with those of t and the week after it
// pooled: pooling averages day-to-day noise away, so a noisy but stationary
// column scores low and a step scores high. Every measure but categories is
// also judged against the column's own history: the change must be at
// least kShiftZ standard errors, the error from the day-to-day spread of
// each pool (values: of each observation's median) plus, for a null rate
// or a distinct count, the sampling error of a rate (binomial) or a count
// (Poisson, on the log scale); else the split's size is 0 (a column whose
// level or null rate always wanders does not shift by wandering).
// A split close before a step also sees part of it in its after-pool, so a
// shift is reported only where the size peaks: no split of the same column
// and measure within a week either side scores higher.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/rootcause/evidence.h"
#include "engine/series.h"

namespace provgraph::rootcause {

// A PSI below this is noise (the usual "no significant change" bound).
inline constexpr double kShiftPsi = 0.25;
// A null rate or distinct count change smaller than this many standard
// errors is within the column's own variation.
inline constexpr double kShiftZ = 4;

enum class ShiftMeasure { kValues, kCategories, kNullRate, kDistinct };

struct SplitScore {
  std::string column;
  ShiftMeasure measure = ShiftMeasure::kValues;
  Timestamp at;
  double psi = 0;  // the size (PSI or its equivalent; 0 when within the noise)
  // values: means of the pools; categories: categories seen; null rate:
  // pooled rates; distinct count: mean counts.
  double mean_before = 0, mean_after = 0;
  double z = 0;  // values, null rate, distinct count: change / standard error
  bool from_samples = true;
  size_t n_before = 0, n_after = 0;  // observations pooled either side
};

class ShiftFinder {
 public:
  // Splits are computed at observation times within `horizon` only.
  ShiftFinder(const EvidenceReader& reader, const SeriesIndex* series, TimeRange horizon)
      : r_(reader), series_(series), horizon_(horizon) {}

  // Every split of every column and measure of `dataset` at an observation
  // time within the horizon (needs observations on both sides), by column,
  // measure, then time.
  const std::vector<SplitScore>& Splits(NodeId dataset);
  // The largest peak per column and measure within `range` with size >=
  // kShiftPsi, as evidence (strength 1 - exp(-size / 0.5)).
  std::vector<Evidence> Shifts(NodeId dataset, TimeRange range);
  // True when some column has observations both in the week before `t` and
  // at or in the week after it: a move at t would have been seen.
  bool Observed(NodeId dataset, Timestamp t);
  // The distinct observation times of the dataset's columns in `range`.
  size_t Observations(NodeId dataset, TimeRange range);

 private:
  struct Obs {
    Timestamp at;
    std::vector<double> values;       // values
    std::vector<std::string> labels;  // categories
    double count = 0, total = 0;      // null rate: nulls of total; distinct count: count
  };
  struct Column {
    bool from_samples = true;
    std::vector<Obs> obs;  // sorted by time
  };
  using ColumnKey = std::pair<std::string, ShiftMeasure>;
  const std::map<ColumnKey, Column>& Columns(NodeId dataset);

  const EvidenceReader& r_;
  const SeriesIndex* series_;
  TimeRange horizon_;
  std::map<NodeId, std::map<ColumnKey, Column>> cache_;
  std::map<NodeId, std::vector<SplitScore>> splits_;
  std::map<NodeId, std::vector<Timestamp>> times_;
};

// The size of a pooled split (see the comment atop), per measure, from the
// pools' observations: null rate from (nulls, rows) pairs (sets the pooled
// rates and z); distinct count from counts (sets the mean counts and z);
// categories from the labels. 0 when within the noise. Exposed for tests.
double NullRateShift(const std::vector<std::pair<double, double>>& before,
                     const std::vector<std::pair<double, double>>& after, double& rate_before, double& rate_after,
                     double& z);
double DistinctCountShift(const std::vector<double>& before, const std::vector<double>& after, double& mean_before,
                          double& mean_after, double& z);
double CategoryShift(const std::vector<std::string>& before, const std::vector<std::string>& after);

}  // namespace provgraph::rootcause
