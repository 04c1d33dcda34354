// Two-proportion Z-test as Evidently's `z` stat test (pooled proportion,
// two-sided normal p-value), for binary or two-category columns.
#pragma once

#include <span>
#include <string>

#include "engine/status.h"

namespace provgraph::stats {

struct ZTestResult {
  double statistic = 0.0;  // (p_ref - p_cur) / sqrt(P (1 - P) (1/n_ref + 1/n_cur))
  double pvalue = 1.0;     // 2 (1 - Phi(|z|))
};

// From counts: `successes_*` of `n_*` observations. InvalidInput unless
// 0 <= successes <= n and n > 0. When the pooled proportion is 0 or 1 (both
// samples constant and equal) the test is degenerate: z = 0, p = 1
// (Evidently returns p = 1 for that case).
Result<ZTestResult> TwoProportionZTest(double successes_ref, double n_ref, double successes_cur, double n_cur);

// Evidently's rule on raw values: the "success" category is the smallest
// value present in either sample. Numeric and string columns.
Result<ZTestResult> TwoProportionZTest(std::span<const double> reference, std::span<const double> current);
Result<ZTestResult> TwoProportionZTest(std::span<const std::string> reference, std::span<const std::string> current);

}  // namespace provgraph::stats
