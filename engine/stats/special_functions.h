// Special functions the drift statistics need: regularized incomplete gamma
// (chi-square tail), normal tail, modified Bessel K, binomial coefficients.
#pragma once

namespace provgraph::stats {

// Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a); a > 0, x >= 0.
double RegularizedGammaP(double a, double x);

// Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x); a > 0, x >= 0.
// Accurate in relative terms when Q is tiny (continued fraction branch).
double RegularizedGammaQ(double a, double x);

// Survival function of the chi-square distribution: Q(df / 2, x / 2)
// (scipy.stats.chi2.sf). Returns 1 for x <= 0.
double ChiSquareSf(double x, double df);

// Standard normal upper tail 1 - Phi(z), via erfc (no cancellation).
double NormalSf(double z);

// exp(z) * K_nu(z), the exponentially scaled modified Bessel function of
// the second kind, for real nu and z > 0 (scipy.special.kve).
double BesselKScaled(double nu, double z);

// Same in long double (80-bit on x86-64), for sums that are later
// complemented (1 - sum) and need the extra digits.
long double BesselKScaledLong(long double nu, long double z);

// K_nu(z) for z > 0 (scipy.special.kv).
double BesselK(double nu, double z);

// Binomial coefficient C(n, k) as a double, +inf when it exceeds the double
// range (scipy.special.binom for integer arguments 0 <= k <= n).
double BinomialCoefficient(double n, double k);

// log(n! / n^n) for n >= 1 by the Stirling series without cancellation.
double LogFactorialOverPower(int n);

}  // namespace provgraph::stats
