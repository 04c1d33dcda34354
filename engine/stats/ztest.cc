#include "engine/stats/ztest.h"

#include <algorithm>
#include <cmath>

#include "engine/stats/special_functions.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

template <typename T>
Result<ZTestResult> FromValues(std::span<const T> reference, std::span<const T> current) {
  if (reference.empty() || current.empty()) return Status::InvalidInput("z: samples must be non-empty");
  const T key = std::min(*std::min_element(reference.begin(), reference.end()),
                         *std::min_element(current.begin(), current.end()));
  const double sr = static_cast<double>(std::count(reference.begin(), reference.end(), key));
  const double sc = static_cast<double>(std::count(current.begin(), current.end(), key));
  return TwoProportionZTest(sr, static_cast<double>(reference.size()), sc, static_cast<double>(current.size()));
}

}  // namespace

Result<ZTestResult> TwoProportionZTest(double successes_ref, double n_ref, double successes_cur, double n_cur) {
  if (!(n_ref > 0.0) || !(n_cur > 0.0) || !std::isfinite(n_ref) || !std::isfinite(n_cur)) {
    return Status::InvalidInput("z: sample sizes must be positive");
  }
  if (!(successes_ref >= 0.0 && successes_ref <= n_ref) || !(successes_cur >= 0.0 && successes_cur <= n_cur)) {
    return Status::InvalidInput("z: success counts must lie between 0 and the sample size");
  }
  const double p1 = successes_ref / n_ref;
  const double p2 = successes_cur / n_cur;
  const double pooled = (p1 * n_ref + p2 * n_cur) / (n_ref + n_cur);
  ZTestResult r;
  const double var = pooled * (1.0 - pooled) * (1.0 / n_ref + 1.0 / n_cur);
  if (!(var > 0.0)) return r;  // both constant and equal: z = 0, p = 1
  r.statistic = (p1 - p2) / std::sqrt(var);
  r.pvalue = 2.0 * NormalSf(std::fabs(r.statistic));
  return r;
}

Result<ZTestResult> TwoProportionZTest(std::span<const double> reference, std::span<const double> current) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(reference, "z: reference sample"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(current, "z: current sample"));
  return FromValues<double>(reference, current);
}

Result<ZTestResult> TwoProportionZTest(std::span<const std::string> reference, std::span<const std::string> current) {
  return FromValues<std::string>(reference, current);
}

}  // namespace provgraph::stats
