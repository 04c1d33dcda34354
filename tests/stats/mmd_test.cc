// MMD with an RBF kernel: the statistic against small numpy-derived
// examples, and the properties of the seeded permutation p-value.
#include "engine/stats/mmd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::NearRel;

std::vector<double> Normal(std::uint64_t seed, int n, double mean) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist(mean, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = dist(rng);
  return v;
}

TEST(Mmd, UnivariateValueMatchesNumpy) {
  // Derived with /usr/bin/python3 + numpy:
  //   Z = [0, 1, 2, 0.5, 3, 4, 6]; d = |Z_i - Z_j| (i < j); sigma = median(d[d > 0]) = 2.0
  //   K = exp(-D**2 / (2 sigma**2)); m = 3, n = 4
  //   mmd2 = (K[:m,:m].sum() - m)/(m(m-1)) + (K[m:,m:].sum() - n)/(n(n-1)) - 2 K[:m,m:].mean()
  //        = 0.24828932410020166
  const std::vector<double> x{0.0, 1.0, 2.0}, y{0.5, 3.0, 4.0, 6.0};
  MmdOptions opt;
  opt.permutations = 0;
  auto r = MmdRbf(x, y, opt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(NearRel(r->bandwidth, 2.0, 1e-15));
  EXPECT_TRUE(NearRel(r->mmd2, 0.24828932410020166, 1e-12));
  EXPECT_TRUE(std::isnan(r->pvalue));
}

TEST(Mmd, MultivariateValueMatchesNumpy) {
  // X = [[0,0],[1,0],[0,1]], Y = [[2,2],[3,2],[2,3]]; sigma = median pairwise
  // distance = sqrt(5) = 2.23606797749979; mmd2 (as above) = 0.8985213527248581.
  Eigen::MatrixXd X(3, 2), Y(3, 2);
  X << 0, 0, 1, 0, 0, 1;
  Y << 2, 2, 3, 2, 2, 3;
  MmdOptions opt;
  opt.permutations = 0;
  auto r = MmdRbf(X, Y, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(NearRel(r->bandwidth, 2.23606797749979, 1e-14));
  EXPECT_TRUE(NearRel(r->mmd2, 0.8985213527248581, 1e-12));
}

TEST(Mmd, PermutationPValueProperties) {
  const auto a = Normal(1, 120, 0.0);
  const auto b = Normal(2, 100, 0.0);
  const auto shifted = Normal(3, 100, 1.0);
  MmdOptions opt;
  opt.permutations = 300;
  opt.seed = 42;
  auto same = MmdRbf(a, b, opt);
  auto diff = MmdRbf(a, shifted, opt);
  ASSERT_TRUE(same.ok());
  ASSERT_TRUE(diff.ok());
  EXPECT_GT(same->pvalue, 0.05);
  EXPECT_LT(diff->pvalue, 0.01);
  EXPECT_GT(diff->mmd2, same->mmd2);
  // Smallest attainable p-value is 1 / (1 + permutations).
  EXPECT_GE(diff->pvalue, 1.0 / 301.0);
  // Deterministic for a seed; another seed gives another (valid) p-value.
  auto again = MmdRbf(a, b, opt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pvalue, same->pvalue);
  EXPECT_EQ(again->mmd2, same->mmd2);
  opt.seed = 7;
  auto other = MmdRbf(a, b, opt);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->mmd2, same->mmd2);
  EXPECT_GT(other->pvalue, 0.05);
}

TEST(Mmd, EdgeCases) {
  const std::vector<double> one{1.0}, two{1.0, 2.0}, empty;
  EXPECT_EQ(MmdRbf(empty, two).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(MmdRbf(one, two).status().code(), StatusCode::kInvalidInput);
  Eigen::MatrixXd X(2, 2), Y(2, 3);
  X.setZero();
  Y.setZero();
  EXPECT_EQ(MmdRbf(X, Y).status().code(), StatusCode::kInvalidInput);
  // All values equal: every kernel entry is 1, MMD^2_u = 1 + 1 - 2 = 0, p = 1.
  const std::vector<double> same(5, 3.0);
  MmdOptions opt;
  opt.permutations = 50;
  auto r = MmdRbf(same, same, opt);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->mmd2, 0.0, 1e-15);
  EXPECT_EQ(r->pvalue, 1.0);
}

}  // namespace
}  // namespace provgraph::stats
