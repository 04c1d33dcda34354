#include "engine/stats/mmd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "engine/stats/summation.h"

namespace provgraph::stats {
namespace {

constexpr long kMaxPooled = 10000;

// Uniform integer in [0, bound) from a 64-bit engine, by rejection.
std::uint64_t UniformBelow(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                              std::numeric_limits<std::uint64_t>::max() % bound;
  std::uint64_t r;
  do {
    r = rng();
  } while (r >= limit);
  return r % bound;
}

// MMD^2_u for the split given by `idx`: first m indices are X, the rest Y.
double Mmd2Unbiased(const Eigen::MatrixXd& K, const std::vector<long>& idx, long m) {
  const long N = static_cast<long>(idx.size());
  const long n = N - m;
  NeumaierSum kxx, kyy, kxy;
  for (long a = 0; a < N; ++a) {
    for (long b = a + 1; b < N; ++b) {
      const double k = K(idx[a], idx[b]);
      if (b < m) {
        kxx.Add(k);
      } else if (a >= m) {
        kyy.Add(k);
      } else {
        kxy.Add(k);
      }
    }
  }
  const double dm = static_cast<double>(m), dn = static_cast<double>(n);
  return 2.0 * kxx.Value() / (dm * (dm - 1.0)) + 2.0 * kyy.Value() / (dn * (dn - 1.0)) -
         2.0 * kxy.Value() / (dm * dn);
}

}  // namespace

Result<MmdResult> MmdRbf(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const MmdOptions& options) {
  const long m = x.rows(), n = y.rows();
  if (m < 2 || n < 2) return Status::InvalidInput("mmd: each sample needs at least 2 observations");
  if (x.cols() != y.cols() || x.cols() == 0) return Status::InvalidInput("mmd: samples must have the same features");
  if (m + n > kMaxPooled) return Status::InvalidInput("mmd: more than 10000 observations; subsample first");
  if (!x.allFinite() || !y.allFinite()) return Status::InvalidInput("mmd: samples contain NaN or infinite values");
  if (options.permutations < 0) return Status::InvalidInput("mmd: negative permutation count");
  if (options.bandwidth && !(*options.bandwidth > 0.0 && std::isfinite(*options.bandwidth))) {
    return Status::InvalidInput("mmd: bandwidth must be positive");
  }
  const long N = m + n;
  Eigen::MatrixXd Z(N, x.cols());
  Z.topRows(m) = x;
  Z.bottomRows(n) = y;
  // Squared distances between all pooled points.
  Eigen::MatrixXd D2(N, N);
  for (long i = 0; i < N; ++i) {
    D2(i, i) = 0.0;
    for (long j = i + 1; j < N; ++j) {
      const double d2 = (Z.row(i) - Z.row(j)).squaredNorm();
      D2(i, j) = d2;
      D2(j, i) = d2;
    }
  }
  MmdResult res;
  if (options.bandwidth) {
    res.bandwidth = *options.bandwidth;
  } else {
    std::vector<double> dists;
    dists.reserve(static_cast<size_t>(N) * (N - 1) / 2);
    for (long i = 0; i < N; ++i) {
      for (long j = i + 1; j < N; ++j) {
        if (D2(i, j) > 0.0) dists.push_back(std::sqrt(D2(i, j)));
      }
    }
    if (dists.empty()) {
      res.bandwidth = 1.0;
    } else {
      std::sort(dists.begin(), dists.end());
      const size_t h = dists.size() / 2;
      res.bandwidth = dists.size() % 2 ? dists[h] : 0.5 * (dists[h - 1] + dists[h]);
    }
  }
  const double inv2s2 = 1.0 / (2.0 * res.bandwidth * res.bandwidth);
  const Eigen::MatrixXd K = (-D2 * inv2s2).array().exp().matrix();

  std::vector<long> idx(N);
  std::iota(idx.begin(), idx.end(), 0L);
  res.mmd2 = Mmd2Unbiased(K, idx, m);
  res.permutations = options.permutations;
  if (options.permutations == 0) {
    res.pvalue = std::numeric_limits<double>::quiet_NaN();
    return res;
  }
  std::mt19937_64 rng(options.seed);
  long at_least = 0;
  for (int p = 0; p < options.permutations; ++p) {
    for (long i = N - 1; i > 0; --i) {
      const long j = static_cast<long>(UniformBelow(rng, static_cast<std::uint64_t>(i + 1)));
      std::swap(idx[i], idx[j]);
    }
    // Tolerate summation-order rounding so a relabelling within the groups
    // counts as "at least as extreme".
    if (Mmd2Unbiased(K, idx, m) >= res.mmd2 - 1e-12 * std::fabs(res.mmd2)) ++at_least;
  }
  res.pvalue = static_cast<double>(1 + at_least) / static_cast<double>(1 + options.permutations);
  return res;
}

Result<MmdResult> MmdRbf(std::span<const double> x, std::span<const double> y, const MmdOptions& options) {
  Eigen::MatrixXd X(static_cast<long>(x.size()), 1), Y(static_cast<long>(y.size()), 1);
  for (size_t i = 0; i < x.size(); ++i) X(static_cast<long>(i), 0) = x[i];
  for (size_t i = 0; i < y.size(); ++i) Y(static_cast<long>(i), 0) = y[i];
  return MmdRbf(X, Y, options);
}

}  // namespace provgraph::stats
