// Quantile functions the forecasts need: the standard normal quantile
// (scipy.stats.norm.ppf) and Student's t distribution (scipy.stats.t.cdf /
// t.ppf), both to about 1e-15 relative.
#pragma once

namespace provgraph::stats {

// Phi^{-1}(p) for 0 < p < 1 (+-inf at 1 / 0, NaN outside [0, 1]).
double NormalQuantile(double p);

// Regularized incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1.
double RegularizedBeta(double a, double b, double x);

// CDF of Student's t with `df` > 0 degrees of freedom.
double StudentTCdf(double t, double df);

// Inverse of StudentTCdf for 0 < p < 1.
double StudentTQuantile(double p, double df);

}  // namespace provgraph::stats
