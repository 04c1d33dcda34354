// k-sample Anderson-Darling test (scipy.stats.anderson_ksamp, SciPy 1.10):
// standardized statistic, 7 critical values and the significance level
// interpolated from them and capped to [0.001, 0.25].
#pragma once

#include <array>
#include <span>
#include <vector>

#include "engine/status.h"

namespace provgraph::stats {

struct AndersonKsampResult {
  double statistic = 0.0;                    // standardized A2akN (midrank) or A2kN
  std::array<double, 7> critical_values{};   // at 25%, 10%, 5%, 2.5%, 1%, 0.5%, 0.1%
  double significance_level = 0.25;          // approximate p-value, capped to [0.001, 0.25]
  bool capped = false;   // statistic below the smallest critical value: p is really > 0.25
  bool floored = false;  // statistic above the largest: p is really < 0.001
};

// Scholz & Stephens (1987), "K-sample Anderson-Darling tests", JASA 82(399):
// eq. 7 (midrank = true, for ties) or eq. 6. Needs >= 2 samples, each
// non-empty and finite, and >= 2 distinct values overall (InvalidInput).
Result<AndersonKsampResult> AndersonKsamp(const std::vector<std::span<const double>>& samples,
                                          bool midrank = true);

}  // namespace provgraph::stats
