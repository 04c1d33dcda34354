// Chi-square test of independence on a contingency table
// (scipy.stats.chi2_contingency): Pearson or G (log-likelihood) statistic,
// Yates' continuity correction when dof == 1, expected frequencies.
#pragma once

#include <vector>

#include "engine/status.h"

namespace provgraph::stats {

enum class Chi2Lambda { kPearson, kLogLikelihood };

struct Chi2ContingencyResult {
  double statistic = 0.0;
  double pvalue = 1.0;
  int dof = 0;
  std::vector<std::vector<double>> expected;  // row sums x column sums / total
};

// `table` is rows x columns of non-negative finite counts (drift layout:
// row 0 reference, row 1 current, one column per category). InvalidInput
// when empty, ragged, negative, or when an expected frequency is zero (a
// category or row with no counts at all), as SciPy raises there.
Result<Chi2ContingencyResult> Chi2Contingency(const std::vector<std::vector<double>>& table,
                                              bool correction = true,
                                              Chi2Lambda lambda = Chi2Lambda::kPearson);

}  // namespace provgraph::stats
