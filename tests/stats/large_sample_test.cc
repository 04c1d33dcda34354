// The large-sample paths of the statistics (engine/stats/sorting.h, the
// merge passes of KS and the CDF distances, PSI's quantile bins by
// selection, SmirnovSf with many terms), which the SciPy reference vectors
// are too small to reach: each checked against the straightforward
// formulation (full std::sort, binary-search ECDFs, sorted histogram) or
// against SciPy 1.10 values, on one thread and inside a SerialStatsScope.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "engine/stats/binning.h"
#include "engine/stats/kolmogorov.h"
#include "engine/stats/ks.h"
#include "engine/stats/parallel.h"
#include "engine/stats/psi.h"
#include "engine/stats/sorting.h"
#include "engine/stats/wasserstein.h"

namespace provgraph::stats {
namespace {

// 300k values with ties (rounded to 1e-3), negatives and signed zeros.
std::vector<double> LargeTiedSample(uint64_t seed, double shift) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d(shift, 1.0);
  std::vector<double> v(300000);
  for (double& x : v) x = std::round(d(rng) * 1e3) / 1e3;
  v[5] = -0.0;
  v[6] = 0.0;
  return v;
}

// ECDF at t by binary search (searchsorted side='right').
double NaiveEcdf(const std::vector<double>& sorted, double t) {
  return static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin()) /
         static_cast<double>(sorted.size());
}

TEST(LargeSampleTest, SortedCopyAndOrderStatisticsMatchAFullSort) {
  const std::vector<double> x = LargeTiedSample(1, 0.0);
  std::vector<double> sorted(x);
  std::sort(sorted.begin(), sorted.end());
  const std::vector<double> fs = SortedCopy(x);
  ASSERT_EQ(fs.size(), sorted.size());
  for (size_t i = 0; i < fs.size(); ++i) ASSERT_EQ(fs[i], sorted[i]) << i;  // -0.0 == 0.0
  const std::vector<size_t> ranks = {0, 1, 29999, 30000, 149999, 150000, 270000, 299998, 299999};
  const std::vector<double> got = OrderStatistics(x, ranks);
  for (size_t i = 0; i < ranks.size(); ++i) EXPECT_EQ(got[i], sorted[ranks[i]]) << ranks[i];
  // Packed into one radix bucket: the fallback path.
  std::vector<double> narrow(x.size());
  for (size_t i = 0; i < x.size(); ++i) narrow[i] = 1000.0 + x[i] * 1e-6;
  std::vector<double> narrow_sorted(narrow);
  std::sort(narrow_sorted.begin(), narrow_sorted.end());
  const std::vector<double> got_narrow = OrderStatistics(narrow, ranks);
  for (size_t i = 0; i < ranks.size(); ++i) EXPECT_EQ(got_narrow[i], narrow_sorted[ranks[i]]);
}

TEST(LargeSampleTest, KsAndWassersteinEqualTheBinarySearchFormulation) {
  const std::vector<double> x = LargeTiedSample(2, 0.0), y = LargeTiedSample(3, 0.01);
  std::vector<double> a(x), b(y);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  // KS: max |F_x - F_y| over the pooled values.
  double d = 0.0;
  for (const auto* s : {&a, &b}) {
    for (double v : *s) d = std::max(d, std::fabs(NaiveEcdf(a, v) - NaiveEcdf(b, v)));
  }
  // W1: sum over consecutive pooled values of |F_x - F_y| * gap.
  std::vector<double> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  long double w = 0.0L;
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    w += std::fabs(NaiveEcdf(a, all[i]) - NaiveEcdf(b, all[i])) * (all[i + 1] - all[i]);
  }
  for (bool serial : {false, true}) {
    std::optional<SerialStatsScope> scope;
    if (serial) scope.emplace();
    auto ks = KsTwoSample(x, y);
    ASSERT_TRUE(ks.ok());
    EXPECT_EQ(ks->statistic, d);
    EXPECT_EQ(ks->method_used, KsMethod::kAsymp);
    auto w1 = WassersteinDistance(x, y);
    ASSERT_TRUE(w1.ok());
    EXPECT_NEAR(*w1, static_cast<double>(w), 1e-12 * static_cast<double>(w));
  }
}

// PSI's bins by selection equal LinearQuantile + HistogramCounts on the
// sorted samples (both checked against numpy in psi_test / distance_test).
TEST(LargeSampleTest, PsiQuantileBinsEqualTheSortedFormulation) {
  const std::vector<double> ref = LargeTiedSample(4, 0.0), cur = LargeTiedSample(5, 0.05);
  std::vector<double> rs(ref), cs(cur);
  std::sort(rs.begin(), rs.end());
  std::sort(cs.begin(), cs.end());
  for (int bins : {10, 7, 20}) {
    std::vector<double> edges(bins + 1);
    for (int i = 0; i <= bins; ++i) edges[i] = LinearQuantile(rs, i == bins ? 1.0 : i * (1.0 / bins));
    edges.front() = -std::numeric_limits<double>::infinity();
    edges.back() = std::numeric_limits<double>::infinity();
    const std::vector<double> rc = HistogramCounts(rs, edges), cc = HistogramCounts(cs, edges);
    auto psi = PsiQuantile(ref, cur, bins);
    ASSERT_TRUE(psi.ok());
    ASSERT_EQ(psi->bins.reference.size(), static_cast<size_t>(bins));
    for (int i = 0; i < bins; ++i) {
      EXPECT_EQ(psi->bins.edges_or_keys[i + 1], edges[i + 1]) << bins << " " << i;
      EXPECT_EQ(psi->bins.reference[i], rc[i] / static_cast<double>(rs.size())) << bins << " " << i;
      EXPECT_EQ(psi->bins.current[i], cc[i] / static_cast<double>(cs.size())) << bins << " " << i;
    }
  }
}

// scipy.special.smirnov(n, x) and scipy.stats.kstwo.sf(x, n), SciPy 1.10.1
// (n x^2 >= 2.2, so kstwo.sf is 2 smirnov: SmirnovSf with many terms).
TEST(LargeSampleTest, SmirnovWithManyTermsMatchesScipy) {
  struct Case {
    int n;
    double x, smirnov, kstwo_sf;
  };
  const Case cases[] = {{500000, 0.0025, 0.0019272280106117721, 0.0038544560212235442},
                        {200000, 0.004, 0.0016571064112801276, 0.0033142128225602551},
                        {50000, 0.01, 4.5090244059218009e-05, 9.0180488118436018e-05},
                        {3000, 0.05, 2.9373421707271965e-07, 5.8746843414543931e-07}};
  for (const Case& c : cases) {
    EXPECT_NEAR(SmirnovSf(c.n, c.x), c.smirnov, 1e-10 * c.smirnov) << c.n;
    EXPECT_NEAR(KolmogorovTwoSidedSf(c.n, c.x), c.kstwo_sf, 1e-10 * c.kstwo_sf) << c.n;
    SerialStatsScope serial;
    EXPECT_NEAR(SmirnovSf(c.n, c.x), c.smirnov, 1e-10 * c.smirnov) << c.n;
  }
}

}  // namespace
}  // namespace provgraph::stats
