// Finite-n distributions of the one-sample Kolmogorov-Smirnov statistics:
// the two-sided D_n (scipy.stats.kstwo) and the one-sided D_n^+
// (scipy.special.smirnov). ks_2samp's asymptotic p-value uses kstwo.sf.
#pragma once

namespace provgraph::stats {

// Pr(D_n^+ >= x): exact Birnbaum-Tingey / Smirnov sum. n >= 1, 0 <= x <= 1.
double SmirnovSf(int n, double x);

// Pr(D_n <= x) or, with cdf = false, Pr(D_n > x) for the two-sided
// statistic D_n = sup |F_n - F|. Chooses the method per x and n as
// Simard & L'Ecuyer (2011) and scipy.stats.kstwo do: Ruben-Gambino closed
// forms near the ends, Durbin's matrix (Marsaglia-Tsang-Wang) for small
// n x^2, 2 * Smirnov for the upper tail, Pelz-Good for large n.
// NaN for n <= 0.
double KolmogorovTwoSided(int n, double x, bool cdf);

inline double KolmogorovTwoSidedSf(int n, double x) { return KolmogorovTwoSided(n, x, false); }
inline double KolmogorovTwoSidedCdf(int n, double x) { return KolmogorovTwoSided(n, x, true); }

}  // namespace provgraph::stats
