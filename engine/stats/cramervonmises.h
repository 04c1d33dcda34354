// Two-sample Cramer-von Mises test (scipy.stats.cramervonmises_2samp,
// SciPy 1.10): statistic T with midranks, exact or asymptotic p-value.
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

enum class CvmMethod { kAuto, kExact, kAsymptotic };

struct CvmResult {
  double statistic = 0.0;
  double pvalue = 1.0;
  CvmMethod method_used = CvmMethod::kAsymptotic;
};

// auto = exact when both sizes <= 20, else asymptotic. Each sample needs at
// least two finite values (InvalidInput otherwise). The exact distribution
// enumerates lattice paths: cost grows with lcm(n, m)^2 (n + m) n m, so
// keep explicit exact requests to small samples.
Result<CvmResult> CramerVonMises2Samp(std::span<const double> x, std::span<const double> y,
                                      CvmMethod method = CvmMethod::kAuto);

// CDF of the limiting one-sample Cramer-von Mises statistic (Csorgo &
// Faraway 1996, eq. 1.2), summed as SciPy's _cdf_cvm_inf does.
double CvmLimitCdf(double x);

}  // namespace provgraph::stats
