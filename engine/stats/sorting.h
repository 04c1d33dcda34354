// Sorting and order statistics for the large-sample tests: sorted copies
// of samples (Boost's spreadsort on order keys, the two samples of a test on
// two threads when large) and exact selection of a few ranks without a
// full sort.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace provgraph::stats {

// Ascending copy of `x` (finite values; -0.0 orders before +0.0, which no
// statistic distinguishes: they compare equal).
std::vector<double> SortedCopy(std::span<const double> x);

// Both sorted copies; on two threads when the samples are large and the
// calling thread allows it (see SerialStatsScope).
void SortedCopies(std::span<const double> x, std::span<const double> y, std::vector<double>& sorted_x,
                  std::vector<double>& sorted_y);

// Permutes `values` so that values[r] is the r-th smallest value for every
// r in `ranks` (strictly ascending, each < values.size()), as after a full
// sort.
void SelectRanks(std::span<double> values, std::span<const size_t> ranks);

// The r-th smallest value of `x` for each r in `ranks` (strictly ascending, each <
// x.size()), exactly as a full sort would give them, in O(n) passes over x
// for a handful of ranks.
std::vector<double> OrderStatistics(std::span<const double> x, std::span<const size_t> ranks);

}  // namespace provgraph::stats
