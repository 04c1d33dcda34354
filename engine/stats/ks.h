// Two-sample Kolmogorov-Smirnov test, matching scipy.stats.ks_2samp (SciPy
// 1.10): statistic, its location and sign, exact or asymptotic p-value for
// the two-sided, less and greater alternatives.
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

enum class Alternative { kTwoSided, kLess, kGreater };
enum class KsMethod { kAuto, kExact, kAsymp };

struct KsResult {
  double statistic = 0.0;
  double pvalue = 1.0;  // NaN where SciPy's is (asymp two-sided with n = m = 1: kstwo with n = 0)
  double statistic_location = 0.0;          // data value where the ECDF gap is attained
  int statistic_sign = 1;                   // +1: F_x - F_y maximal there; -1: minimal
  KsMethod method_used = KsMethod::kExact;  // kExact or kAsymp after fallbacks
  bool fell_back = false;  // exact was chosen but could not be computed (SciPy warns)
};

// ks_2samp(x, y, alternative, method). Empty or non-finite input -> InvalidInput.
// auto = exact iff max(n, m) <= 10000. Exact falls back to asymp when the
// lattice-path computation overflows (as SciPy does) and, for an explicit
// exact, when lcm(n, m) does not fit an int32.
Result<KsResult> KsTwoSample(std::span<const double> x, std::span<const double> y,
                             Alternative alternative = Alternative::kTwoSided,
                             KsMethod method = KsMethod::kAuto);

namespace ks_detail {
// Exposed for tests. Lattice-path probabilities for sample sizes m, n with
// g = gcd(m, n) and the statistic D = h / lcm(m, n).
// Pr(D_{n,n} >= h/n), two-sided, equal sample sizes.
double ProbOutsideSquare(long n, long h);
// Pr(D_{m,n} >= h/lcm), two-sided.
double ProbOutsideBand(long m, long n, long g, long h);
// Number of paths that reach m*y <= n*x - h*g (one-sided); +inf on overflow.
double CountPathsOutside(long m, long n, long g, long h);
}  // namespace ks_detail

}  // namespace provgraph::stats
