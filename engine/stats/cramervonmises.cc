#include "engine/stats/cramervonmises.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <utility>
#include <vector>

#include "engine/stats/ranks.h"
#include "engine/stats/special_functions.h"
#include "engine/stats/summation.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

// Python's float floor division a // b (b > 0): floor of the exact quotient.
double PyFloorDiv(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div != 0.0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return std::copysign(0.0, a / b);
}

// Exact Pr(U >= u) for sample sizes m, n: the frequency table of the
// statistic over all C(m+n, m) orderings, built along the lattice as in
// Xiao, Gordon & Yakovlev (2006), "A C++ program for the Cramer-von Mises
// two-sample test", J. Stat. Soft. 17(8), Algorithm 1; the threshold zeta
// from Anderson (1962) eq. 9 (as scipy's _pval_cvm_2samp_exact).
double ExactPValue(double u, long m, long n) {
  const long lcm = std::lcm(m, n);
  const long a = lcm / m;
  const long b = lcm / n;
  const long mn = m * n;
  const double zeta = PyFloorDiv(static_cast<double>(lcm * lcm * (m + n)) *
                                     (6.0 * u - static_cast<double>(mn * (4 * mn - 1))),
                                 static_cast<double>(6 * mn * mn));
  using Table = std::vector<std::pair<long long, double>>;  // (value, count), sorted by value
  auto merge = [](const Table& p, const Table& q) {
    Table out;
    out.reserve(p.size() + q.size());
    size_t i = 0, j = 0;
    while (i < p.size() || j < q.size()) {
      if (j == q.size() || (i < p.size() && p[i].first < q[j].first)) {
        out.push_back(p[i++]);
      } else if (i == p.size() || q[j].first < p[i].first) {
        out.push_back(q[j++]);
      } else {
        out.emplace_back(p[i].first, p[i].second + q[j].second);
        ++i;
        ++j;
      }
    }
    return out;
  };
  // gs[v] holds the table of g_{u-1, v}; row u = 0 starts with {0: 1} at v = 0.
  std::vector<Table> gs(static_cast<size_t>(m) + 1);
  gs[0] = {{0, 1.0}};
  for (long uu = 0; uu <= n; ++uu) {
    std::vector<Table> next(static_cast<size_t>(m) + 1);
    Table tmp;
    for (long v = 0; v <= m; ++v) {
      tmp = merge(tmp, gs[v]);
      const long long diff = a * v - b * uu;
      const long long add = diff * diff;
      for (auto& e : tmp) e.first += add;
      next[v] = tmp;
    }
    gs = std::move(next);
  }
  NeumaierSum hit;
  for (const auto& [value, freq] : gs[m]) {
    if (static_cast<double>(value) >= zeta) hit.Add(freq);
  }
  const double combinations = BinomialCoefficient(static_cast<double>(m + n), static_cast<double>(m));
  return hit.Value() / combinations;
}

}  // namespace

namespace {

// CDF of the limiting statistic, Csorgo & Faraway (1996) eq. 1.3 (second
// line): sum_k Gamma(k+1/2) / (k! pi^1.5 sqrt x) sqrt(y) exp(-q) K_{1/4}(q)
// with y = 4k+1, q = y^2 / 16x; terms are added until one is below 1e-7
// (that one included), the truncation SciPy's _cdf_cvm_inf uses. Summed in
// long double because the p-value is its complement.
long double CvmLimitCdfLong(double x) {
  if (!(x > 0.0)) return 0.0L;
  const long double lx = x;
  const long double pi = std::numbers::pi_v<long double>;
  long double total = 0.0L;
  for (int k = 0; k < 100000; ++k) {
    const long double uu = std::exp(std::lgamma(k + 0.5L) - std::lgamma(k + 1.0L)) / (pi * std::sqrt(pi) * std::sqrt(lx));
    const long double y = 4.0L * k + 1.0L;
    const long double q = y * y / (16.0L * lx);
    // exp(-q) K_{1/4}(q) = exp(-2q) * (e^q K_{1/4}(q))
    const long double term = uu * std::sqrt(y) * std::exp(-2.0L * q) * BesselKScaledLong(0.25L, q);
    total += term;
    if (!(std::fabs(term) >= 1e-7L)) break;
  }
  return total;
}

}  // namespace

double CvmLimitCdf(double x) { return static_cast<double>(CvmLimitCdfLong(x)); }

Result<CvmResult> CramerVonMises2Samp(std::span<const double> x, std::span<const double> y, CvmMethod method) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(x, "cramervonmises: reference sample", 2));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(y, "cramervonmises: current sample", 2));
  std::vector<double> xa(x.begin(), x.end()), ya(y.begin(), y.end());
  std::sort(xa.begin(), xa.end());
  std::sort(ya.begin(), ya.end());
  const long nx = static_cast<long>(xa.size());
  const long ny = static_cast<long>(ya.size());
  if (method == CvmMethod::kAuto) method = std::max(nx, ny) > 20 ? CvmMethod::kAsymptotic : CvmMethod::kExact;

  std::vector<double> z(xa);
  z.insert(z.end(), ya.begin(), ya.end());
  const std::vector<double> r = AverageRanks(z);
  // U = nx sum (r_i - i)^2 + ny sum (s_j - j)^2  (Anderson 1962, eq. 10)
  NeumaierSum sx, sy;
  for (long i = 0; i < nx; ++i) {
    const double d = r[i] - static_cast<double>(i + 1);
    sx.Add(d * d);
  }
  for (long j = 0; j < ny; ++j) {
    const double d = r[nx + j] - static_cast<double>(j + 1);
    sy.Add(d * d);
  }
  double u = static_cast<double>(nx) * sx.Value();
  u += static_cast<double>(ny) * sy.Value();
  const double k = static_cast<double>(nx * ny);
  const double N = static_cast<double>(nx + ny);
  const double t = u / (k * N) - (4.0 * k - 1.0) / (6.0 * N);  // eq. 9

  CvmResult res;
  res.statistic = t;
  res.method_used = method;
  if (method == CvmMethod::kExact) {
    res.pvalue = ExactPValue(u, nx, ny);
  } else {
    // Mean and variance of T (eqs. 11, 14), normalised statistic (eq. 15)
    // compared with the limiting one-sample distribution.
    const double et = (1.0 + 1.0 / N) / 6.0;
    double vt = (N + 1.0) * (4.0 * k * N - 3.0 * (static_cast<double>(nx * nx) + static_cast<double>(ny * ny)) - 2.0 * k);
    vt = vt / (45.0 * N * N * 4.0 * k);
    const double tn = 1.0 / 6.0 + (t - et) / std::sqrt(45.0 * vt);
    res.pvalue = tn < 0.003 ? 1.0 : std::max(0.0, static_cast<double>(1.0L - CvmLimitCdfLong(tn)));
  }
  return res;
}

}  // namespace provgraph::stats
