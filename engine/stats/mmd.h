// Maximum Mean Discrepancy two-sample test with a Gaussian (RBF) kernel,
// bandwidth by the median heuristic, and a seeded permutation p-value
// (univariate or multivariate samples).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include <Eigen/Core>

#include "engine/status.h"

namespace provgraph::stats {

struct MmdOptions {
  int permutations = 1000;  // 0 skips the permutation test (pvalue stays NaN)
  std::uint64_t seed = 0;   // same seed and inputs -> same p-value on every platform
  std::optional<double> bandwidth;  // sigma; default: median heuristic
};

struct MmdResult {
  double mmd2 = 0.0;       // unbiased MMD^2_u, can be slightly negative
  double bandwidth = 1.0;  // sigma used in k(a, b) = exp(-|a - b|^2 / (2 sigma^2))
  double pvalue = 0.0;     // (1 + #{permuted MMD^2_u >= observed}) / (1 + permutations)
  int permutations = 0;
};

// Rows are observations, columns features; x and y need the same number of
// columns and at least 2 rows each, at most 10000 rows together (the
// pooled kernel matrix is held in memory: subsample larger data first).
// MMD^2_u is eq. 3 of Gretton et al. (2012), "A kernel two-sample test",
// JMLR 13. The median heuristic sigma is the median Euclidean distance
// over all pairs of the pooled sample (pairs at distance 0 excluded; 1 when
// every point coincides). Permutations: Fisher-Yates shuffles driven by
// std::mt19937_64(seed) with rejection sampling for unbiased indices.
Result<MmdResult> MmdRbf(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const MmdOptions& options = {});

// Univariate convenience overload.
Result<MmdResult> MmdRbf(std::span<const double> x, std::span<const double> y, const MmdOptions& options = {});

}  // namespace provgraph::stats
