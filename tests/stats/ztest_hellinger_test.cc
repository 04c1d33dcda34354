// Two-proportion Z-test (Evidently's `z`) and Hellinger distance: values
// derived by hand / with numpy+scipy in /usr/bin/python3 (shown per test).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/stats/hellinger.h"
#include "engine/stats/ztest.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::NearRel;

TEST(ZTest, FromCounts) {
  // n1 = 100 with 30 successes, n2 = 120 with 45: P = 75/220,
  // z = (0.3 - 0.375) / sqrt(P (1 - P) (1/100 + 1/120)) = -1.1685534824642432,
  // p = 2 * scipy.stats.norm.sf(|z|) = 0.24258357934832098
  // (Evidently's 2 * (1 - norm.cdf(|z|)) = 0.2425835793483211).
  auto r = TwoProportionZTest(30, 100, 45, 120);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(NearRel(r->statistic, -1.1685534824642432, 1e-12));
  EXPECT_TRUE(NearRel(r->pvalue, 0.24258357934832098, 1e-12));
}

TEST(ZTest, FromValuesUsesSmallestCategory) {
  // Evidently keys on sorted(unique)[0] = 0: ref 2/5 zeros, cur 1/6 zeros ->
  // z = 0.8652231568278275, p = 0.386916317769068 (numpy/scipy).
  const std::vector<double> ref{0, 0, 1, 1, 1}, cur{0, 1, 1, 1, 1, 1};
  auto r = TwoProportionZTest(ref, cur);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(NearRel(r->statistic, 0.8652231568278275, 1e-12));
  EXPECT_TRUE(NearRel(r->pvalue, 0.386916317769068, 1e-12));
  const std::vector<std::string> sref{"a", "a", "b", "b", "b"}, scur{"a", "b", "b", "b", "b", "b"};
  auto s = TwoProportionZTest(sref, scur);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(NearRel(s->statistic, 0.8652231568278275, 1e-12));
}

TEST(ZTest, EdgeCases) {
  const std::vector<double> empty, one{1.0}, same(4, 2.0);
  EXPECT_EQ(TwoProportionZTest(empty, one).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(TwoProportionZTest(5, 0, 1, 2).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(TwoProportionZTest(5, 3, 1, 2).status().code(), StatusCode::kInvalidInput);
  // Both samples the same single value: Evidently returns p = 1.
  auto r = TwoProportionZTest(same, same);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pvalue, 1.0);
  EXPECT_EQ(r->statistic, 0.0);
  // n = 1 each, different values: key 1.0; ref 1/1, cur 0/1: P = 1/2,
  // z = 1 / sqrt(1/4 * 2) = sqrt(2), p = erfc(1) = 0.15729920705028513.
  const std::vector<double> a{1.0}, b{2.0};
  auto d = TwoProportionZTest(a, b);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(NearRel(d->statistic, std::sqrt(2.0), 1e-14));
  EXPECT_TRUE(NearRel(d->pvalue, 0.15729920705028513, 1e-12));
}

TEST(Hellinger, HandDerivedValues) {
  // r = (1/2, 1/2, 0), c = (1/4, 1/4, 1/2):
  // H^2 = 1 - sum sqrt(r c) = 1 - 2 sqrt(1/8) = 1 - 1/sqrt(2), H = 0.541196100146197.
  const std::vector<double> r{0.5, 0.5, 0.0}, c{0.25, 0.25, 0.5};
  EXPECT_TRUE(NearRel(*HellingerFromFractions(r, c), std::sqrt(1.0 - 1.0 / std::sqrt(2.0)), 1e-14));
  EXPECT_TRUE(NearRel(*HellingerFromFractions(r, c), 0.541196100146197, 1e-14));
  // Unnormalised counts are normalised first; disjoint support gives 1.
  const std::vector<double> p{2, 2, 0, 0}, q{0, 0, 5, 5};
  EXPECT_TRUE(NearRel(*HellingerFromFractions(p, q), 1.0, 1e-15));
  EXPECT_EQ(*HellingerFromFractions(p, p), 0.0);
}

TEST(Hellinger, OnEvidentlyBins) {
  // Categorical binning of ref {1,1,2,2} and cur {1,2,3,3}: keys 1,2,3,
  // r = (1/2, 1/2, 0), c = (1/4, 1/4, 1/2) -> the value above.
  const std::vector<double> ref{1, 1, 2, 2}, cur{1, 2, 3, 3};
  auto h = HellingerDistance(ref, cur, /*numerical=*/false);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(NearRel(*h, 0.541196100146197, 1e-14));
  // Numerical columns with <= 20 distinct reference values bin per value too.
  EXPECT_TRUE(NearRel(*HellingerDistance(ref, cur), 0.541196100146197, 1e-14));
  const std::vector<double> empty;
  EXPECT_EQ(HellingerDistance(empty, cur).status().code(), StatusCode::kInvalidInput);
  const std::vector<double> one{3.0};
  EXPECT_EQ(*HellingerDistance(one, one), 0.0);
}

}  // namespace
}  // namespace provgraph::stats
