// Ranks with ties sharing their average rank (scipy.stats.rankdata,
// method='average'): the midranks rank-based tests use.
#pragma once

#include <span>
#include <vector>

namespace provgraph::stats {

// 1-based average ranks of `values` in their original order.
std::vector<double> AverageRanks(std::span<const double> values);

}  // namespace provgraph::stats
