#include "engine/stats/anderson.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "engine/stats/summation.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

size_t CountLeq(const std::vector<double>& sorted, double v) {
  return static_cast<size_t>(std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}
size_t CountLess(const std::vector<double>& sorted, double v) {
  return static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}

}  // namespace

Result<AndersonKsampResult> AndersonKsamp(const std::vector<std::span<const double>>& samples, bool midrank) {
  const size_t k = samples.size();
  if (k < 2) return Status::InvalidInput("anderson: needs at least two samples");
  std::vector<std::vector<double>> sorted(k);
  std::vector<double> Z;
  for (size_t i = 0; i < k; ++i) {
    PROVGRAPH_RETURN_IF_ERROR(CheckSample(samples[i], "anderson: sample " + std::to_string(i + 1)));
    sorted[i].assign(samples[i].begin(), samples[i].end());
    std::sort(sorted[i].begin(), sorted[i].end());
    Z.insert(Z.end(), samples[i].begin(), samples[i].end());
  }
  std::sort(Z.begin(), Z.end());
  std::vector<double> zstar(Z);
  zstar.erase(std::unique(zstar.begin(), zstar.end()), zstar.end());
  if (zstar.size() < 2) return Status::InvalidInput("anderson: needs more than one distinct observation");
  const double N = static_cast<double>(Z.size());

  double a2kn = 0.0;
  if (midrank) {
    // Eq. 7: for each distinct z_j, l_j ties, B_j = #(Z < z_j) + l_j/2,
    // M_ij = #(sample i < z_j) + f_ij/2.
    for (size_t i = 0; i < k; ++i) {
      const double ni = static_cast<double>(sorted[i].size());
      NeumaierSum inner;
      for (double zj : zstar) {
        const double left = static_cast<double>(CountLess(Z, zj));
        const double lj = static_cast<double>(CountLeq(Z, zj)) - left;
        const double bj = left + lj / 2.0;
        const double right_i = static_cast<double>(CountLeq(sorted[i], zj));
        const double fij = right_i - static_cast<double>(CountLess(sorted[i], zj));
        const double mij = right_i - fij / 2.0;
        const double num = N * mij - bj * ni;
        inner.Add(lj / N * num * num / (bj * (N - bj) - N * lj / 4.0));
      }
      a2kn += inner.Value() / ni;
    }
    a2kn *= (N - 1.0) / N;
  } else {
    // Eq. 6: over distinct values except the largest, B_j = #(Z <= z_j).
    for (size_t i = 0; i < k; ++i) {
      const double ni = static_cast<double>(sorted[i].size());
      NeumaierSum inner;
      for (size_t j = 0; j + 1 < zstar.size(); ++j) {
        const double lj = static_cast<double>(CountLeq(Z, zstar[j]) - CountLess(Z, zstar[j]));
        const double bj = static_cast<double>(CountLeq(Z, zstar[j]));
        const double mij = static_cast<double>(CountLeq(sorted[i], zstar[j]));
        const double num = N * mij - bj * ni;
        inner.Add(lj / N * num * num / (bj * (N - bj)));
      }
      a2kn += inner.Value() / ni;
    }
  }

  // Variance of A2kN under H0 (Scholz & Stephens eq. 4 and the following).
  double H = 0.0;
  for (size_t i = 0; i < k; ++i) H += 1.0 / static_cast<double>(sorted[i].size());
  const long n_total = static_cast<long>(Z.size());
  // hs_cs[i] = sum_{j = N-1 down to N-1-i} 1/j, i.e. partial sums of 1/(N-1), 1/(N-2), ..., 1/2
  double h = 0.0, g = 0.0;
  {
    double cum = 0.0;
    // ascending index i over arange(N-1, 1, -1): values N-1, N-2, ..., 2
    for (long v = n_total - 1, idx = 0; v > 1; --v, ++idx) {
      cum += 1.0 / static_cast<double>(v);
      // pairs with arange(2, N)[idx] = 2 + idx
      g += cum / static_cast<double>(2 + idx);
    }
    h = cum + 1.0;
  }
  const double kk = static_cast<double>(k);
  const double a = (4 * g - 6) * (kk - 1) + (10 - 6 * g) * H;
  const double b = (2 * g - 4) * kk * kk + 8 * h * kk + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const double c = (6 * h + 2 * g - 2) * kk * kk + (4 * h - 4 * g + 6) * kk + (2 * h - 6) * H + 4 * h;
  const double d = (2 * h + 6) * kk * kk - 4 * h * kk;
  const double sigmasq = (a * N * N * N + b * N * N + c * N + d) / ((N - 1.0) * (N - 2.0) * (N - 3.0));
  const double m = kk - 1.0;
  AndersonKsampResult res;
  res.statistic = (a2kn - m) / std::sqrt(sigmasq);

  // Table 2 of Scholz & Stephens: critical values interpolated in m.
  static constexpr double b0[7] = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  static constexpr double b1[7] = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  static constexpr double b2[7] = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
  static constexpr double sig[7] = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
  for (int i = 0; i < 7; ++i) res.critical_values[i] = b0[i] + b1[i] / std::sqrt(m) + b2[i] / m;
  const double cmin = *std::min_element(res.critical_values.begin(), res.critical_values.end());
  const double cmax = *std::max_element(res.critical_values.begin(), res.critical_values.end());
  if (res.statistic < cmin) {
    res.significance_level = 0.25;
    res.capped = true;
  } else if (res.statistic > cmax) {
    res.significance_level = 0.001;
    res.floored = true;
  } else {
    // Least-squares quadratic in the critical value for log(sig)
    // (np.polyfit(critical, log(sig), 2)), evaluated at the statistic.
    Eigen::Matrix<double, 7, 3> V;
    Eigen::Matrix<double, 7, 1> rhs;
    for (int i = 0; i < 7; ++i) {
      const double cv = res.critical_values[i];
      V(i, 0) = cv * cv;
      V(i, 1) = cv;
      V(i, 2) = 1.0;
      rhs(i) = std::log(sig[i]);
    }
    const Eigen::Vector3d coef = V.colPivHouseholderQr().solve(rhs);
    const double s = res.statistic;
    res.significance_level = std::exp((coef(0) * s + coef(1)) * s + coef(2));
  }
  return res;
}

}  // namespace provgraph::stats
