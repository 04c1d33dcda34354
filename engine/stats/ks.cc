#include "engine/stats/ks.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "engine/stats/kolmogorov.h"
#include "engine/stats/sorting.h"
#include "engine/stats/special_functions.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace ks_detail {
namespace {

// floor(a / b) for b > 0 (Python's //).
long FloorDiv(long a, long b) {
  long q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace

// Pr(D_{n,n} >= h/n) = 2 sum_{k>=1} (-1)^(k+1) C(2n, n-kh) / C(2n, n)
// (Gnedenko & Korolyuk 1951). Each ratio is a product of h factors, nested
// as 2 A1 (1 - A2 (1 - A3 (...))) to avoid subtractive cancellation (the
// scheme of scipy.stats._stats_py._compute_prob_outside_square).
double ProbOutsideSquare(long n, long h) {
  double p = 0.0;
  for (long k = n / h; k >= 0; --k) {
    double p1 = 1.0;
    for (long j = 0; j < h; ++j) {
      p1 = static_cast<double>(n - k * h - j) * p1 / static_cast<double>(n + k * h + j + 1);
    }
    p = p1 * (1.0 - p);
  }
  return 2.0 * p;
}

// Fraction of monotone lattice paths (0,0)->(m,n) that touch or leave the
// band |ng x - mg y| < h, computed directly as a probability with the
// recursion of Viehmann (2021), "Numerically more stable computation of the
// p-values for the two-sample Kolmogorov-Smirnov test", arXiv:2102.08037:
// B(i,j) = 1 outside the band, else (i B(i-1,j) + j B(i,j-1)) / (i+j).
double ProbOutsideBand(long m, long n, long g, long h) {
  if (m < n) std::swap(m, n);
  const long mg = m / g;
  const long ng = n / g;
  std::vector<double> col(static_cast<size_t>(n) + 1, 1.0);  // B(i-1, .) then B(i, .)
  long prev_lo = 0;
  for (long i = 0; i <= m; ++i) {
    // (i, j) is inside iff ng*i - h < mg*j < ng*i + h.
    long lo = FloorDiv(ng * i - h, mg) + 1;
    const long hi_num = ng * i + h;
    long hi = (hi_num % mg == 0) ? hi_num / mg - 1 : hi_num / mg;
    lo = std::max(lo, 0L);
    hi = std::min(hi, n);
    for (long j = prev_lo; j < std::min(lo, n + 1); ++j) col[j] = 1.0;  // now below the band
    if (lo > hi) return 1.0;                                            // a whole column outside: every path leaves
    for (long j = lo; j <= hi; ++j) {
      if (i == 0 && j == 0) {
        col[0] = 0.0;
        continue;
      }
      const double left = (i > 0) ? col[j] : 0.0;                            // B(i-1, j)
      const double down = (j > 0) ? (j - 1 >= lo ? col[j - 1] : 1.0) : 0.0;  // B(i, j-1)
      col[j] = (static_cast<double>(i) * left + static_cast<double>(j) * down) / static_cast<double>(i + j);
    }
    prev_lo = lo;
  }
  return col[n];
}

// Paths from (0,0) to (m,n) reaching m*y <= n*x - h*g, counted as in Hodges
// (1958), "The significance probability of the Smirnov two-sample test",
// Ark. Mat. 3(43): B_j = paths to the first boundary point x_j of row j
// without an earlier boundary visit, each then extended to (m, n).
double CountPathsOutside(long m, long n, long g, long h) {
  if (m < n) std::swap(m, n);
  const long mg = m / g;
  const long ng = n / g;
  const long lxj = n + FloorDiv(mg - h, mg);
  if (lxj <= 0) return BinomialCoefficient(static_cast<double>(m + n), static_cast<double>(n));
  std::vector<long> xj(lxj);
  for (long j = 0; j < lxj; ++j) xj[j] = (h + mg * j + ng - 1) / ng;
  std::vector<double> B(lxj, 0.0);
  B[0] = 1.0;
  for (long j = 1; j < lxj; ++j) {
    double bj = BinomialCoefficient(static_cast<double>(xj[j] + j), static_cast<double>(j));
    for (long i = 0; i < j; ++i) {
      const double bin = BinomialCoefficient(static_cast<double>(xj[j] - xj[i] + j - i), static_cast<double>(j - i));
      bj -= bin * B[i];
    }
    // Once a term overflows the count cannot come back finite and valid
    // (SciPy raises FloatingPointError there); stop early.
    if (!std::isfinite(bj)) return std::numeric_limits<double>::infinity();
    B[j] = bj;
  }
  double num_paths = 0.0;
  for (long j = 0; j < lxj; ++j) {
    const double bin = BinomialCoefficient(static_cast<double>((m - xj[j]) + (n - j)), static_cast<double>(n - j));
    num_paths += B[j] * bin;
  }
  return num_paths;
}

}  // namespace ks_detail

namespace {

struct ExactOutcome {
  bool success;
  double d;
  double prob;
};

// As scipy.stats._stats_py._attempt_exact_2kssamp: round D to the lattice,
// then the path probability; overflow or a result outside [0, 1] is a
// failure that sends the caller to the asymptotic formula.
ExactOutcome AttemptExact(long n1, long n2, long g, double d, Alternative alt) {
  const long lcm = (n1 / g) * n2;
  const long h = static_cast<long>(std::nearbyint(d * static_cast<double>(lcm)));  // half-to-even as np.round
  const double dd = static_cast<double>(h) * 1.0 / static_cast<double>(lcm);
  if (h == 0) return {true, dd, 1.0};
  double prob = std::numeric_limits<double>::quiet_NaN();
  if (alt == Alternative::kTwoSided) {
    prob = (n1 == n2) ? ks_detail::ProbOutsideSquare(n1, h) : ks_detail::ProbOutsideBand(n1, n2, g, h);
  } else if (n1 == n2) {
    // Pr(D+ >= h/n) = C(2n, n-h) / C(2n, n) = prod_{j<h} (n - j) / (n + j + 1)
    prob = 1.0;
    for (long j = 0; j < h; ++j) prob *= static_cast<double>(n1 - j) / (static_cast<double>(n1 + j) + 1.0);
  } else {
    const double bin = BinomialCoefficient(static_cast<double>(n1 + n2), static_cast<double>(n1));
    if (!std::isfinite(bin)) return {false, dd, prob};  // C(n1+n2, n1) overflows: SciPy fails too
    const double num_paths = ks_detail::CountPathsOutside(n1, n2, g, h);
    if (!std::isfinite(num_paths) || num_paths > bin) return {false, dd, prob};
    prob = num_paths / bin;
  }
  if (!(prob >= 0.0 && prob <= 1.0)) return {false, dd, prob};
  return {true, dd, prob};
}

}  // namespace

Result<KsResult> KsTwoSample(std::span<const double> x, std::span<const double> y, Alternative alternative,
                             KsMethod method) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(x, "ks: reference sample"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(y, "ks: current sample"));
  std::vector<double> a, b;
  SortedCopies(x, y, a, b);
  const long n1 = static_cast<long>(a.size());
  const long n2 = static_cast<long>(b.size());

  // ECDF difference at every pooled point (searchsorted side='right', so
  // ties are exact), visited in the order sorted(x) then sorted(y) so the
  // location matches numpy's first-occurrence argmin/argmax. Each visit
  // order is ascending, so the two counts only move forward.
  double max_diff = -std::numeric_limits<double>::infinity();
  double min_diff = std::numeric_limits<double>::infinity();
  double loc_max = 0.0, loc_min = 0.0;
  size_t le_a = 0, le_b = 0;  // values of a, b that are <= the visited value
  auto visit = [&](double v) {
    while (le_a < a.size() && a[le_a] <= v) ++le_a;
    while (le_b < b.size() && b[le_b] <= v) ++le_b;
    const double c1 = static_cast<double>(le_a) / n1;
    const double c2 = static_cast<double>(le_b) / n2;
    const double diff = c1 - c2;
    if (diff > max_diff) {
      max_diff = diff;
      loc_max = v;
    }
    if (diff < min_diff) {
      min_diff = diff;
      loc_min = v;
    }
  };
  for (double v : a) visit(v);
  le_a = le_b = 0;
  for (double v : b) visit(v);
  const double min_s = std::clamp(-min_diff, 0.0, 1.0);
  const double max_s = max_diff;

  KsResult r;
  double d;
  if (alternative == Alternative::kLess || (alternative == Alternative::kTwoSided && min_s > max_s)) {
    d = min_s;
    r.statistic_location = loc_min;
    r.statistic_sign = -1;
  } else {
    d = max_s;
    r.statistic_location = loc_max;
    r.statistic_sign = 1;
  }

  const long g = std::gcd(n1, n2);
  const long n1g = n1 / g;
  const long n2g = n2 / g;
  KsMethod mode = method;
  double prob = 0.0;
  if (mode == KsMethod::kAuto) {
    mode = std::max(n1, n2) <= 10000 ? KsMethod::kExact : KsMethod::kAsymp;
  } else if (mode == KsMethod::kExact &&
             static_cast<double>(n1g) >= static_cast<double>(INT_MAX) / static_cast<double>(n2g)) {
    mode = KsMethod::kAsymp;
    r.fell_back = true;
  }
  if (mode == KsMethod::kExact) {
    const ExactOutcome ex = AttemptExact(n1, n2, g, d, alternative);
    d = ex.d;
    if (ex.success) {
      prob = ex.prob;
    } else {
      mode = KsMethod::kAsymp;
      r.fell_back = true;
    }
  }
  if (mode == KsMethod::kAsymp) {
    const double mm = static_cast<double>(std::max(n1, n2));
    const double nn = static_cast<double>(std::min(n1, n2));
    const double en = mm * nn / (mm + nn);
    if (alternative == Alternative::kTwoSided) {
      // SciPy 1.10: kstwo.sf(D, round(en)), the finite-n one-sample law.
      prob = KolmogorovTwoSidedSf(static_cast<int>(std::nearbyint(en)), d);
    } else {
      // Hodges (1958) eq. 5.3, with m the larger sample size.
      const double z = std::sqrt(en) * d;
      const double expt = -2.0 * z * z - 2.0 * z * (mm + 2.0 * nn) / std::sqrt(mm * nn * (mm + nn)) / 3.0;
      prob = std::exp(expt);
    }
  }
  r.statistic = d;
  r.pvalue = std::isnan(prob) ? prob : std::clamp(prob, 0.0, 1.0);
  r.method_used = mode;
  return r;
}

}  // namespace provgraph::stats
