// ks_2samp against SciPy 1.10 reference vectors (tests/data/stats/ks_2samp.json)
// and edge cases.
#include "engine/stats/ks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/stats/kolmogorov.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::kPRel;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

Alternative ParseAlt(const std::string& s) {
  if (s == "less") return Alternative::kLess;
  if (s == "greater") return Alternative::kGreater;
  return Alternative::kTwoSided;
}
KsMethod ParseMethod(const std::string& s) {
  if (s == "exact") return KsMethod::kExact;
  if (s == "asymp") return KsMethod::kAsymp;
  return KsMethod::kAuto;
}

TEST(KsTwoSample, MatchesScipyReference) {
  const auto ref = LoadReference("ks_2samp.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const std::string id = c["id"];
    const auto x = Doubles(c["inputs"]["x"]);
    const auto y = Doubles(c["inputs"]["y"]);
    for (const char* alt : {"two-sided", "less", "greater"}) {
      for (const char* method : {"exact", "asymp", "auto"}) {
        const std::string key = std::string(alt) + "_" + method;
        SCOPED_TRACE(id + " " + key);
        const auto& e = c["expected"][key];
        auto r = KsTwoSample(x, y, ParseAlt(alt), ParseMethod(method));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        EXPECT_TRUE(NearRel(r->statistic, e["statistic"].get<double>(), kStatRel, 1e-15));
        EXPECT_TRUE(NearRel(r->pvalue, e["pvalue"].get<double>(), kPRel, 1e-300));
        EXPECT_EQ(r->statistic_location, e["statistic_location"].get<double>());
        EXPECT_EQ(r->statistic_sign, e["statistic_sign"].get<int>());
        // SciPy warns exactly when exact was attempted and fell back.
        EXPECT_EQ(r->fell_back, !e["warnings"].empty());
        ++checked;
      }
    }
    // kstwo.sf(D, round(en)) recorded separately.
    const auto& aux = c["expected"]["aux"];
    const double d = c["expected"]["two-sided_exact"]["statistic"];
    EXPECT_TRUE(NearRel(KolmogorovTwoSidedSf(static_cast<int>(aux["round_en"].get<double>()), d),
                        aux["kstwo_sf_d_round_en"].get<double>(), kPRel, 1e-300))
        << id;
  }
  EXPECT_EQ(checked, 90);
}

TEST(KsTwoSample, EmptyInputIsInvalid) {
  std::vector<double> empty;
  std::vector<double> one{1.0};
  auto r = KsTwoSample(empty, one);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(KsTwoSample(one, empty).ok());
}

TEST(KsTwoSample, NonFiniteIsInvalid) {
  std::vector<double> a{1.0, std::nan("")};
  std::vector<double> b{1.0, 2.0};
  EXPECT_EQ(KsTwoSample(a, b).status().code(), StatusCode::kInvalidInput);
}

TEST(KsTwoSample, SingleObservations) {
  // scipy.stats.ks_2samp([1.0], [2.0]) -> statistic 1.0, pvalue 1.0
  // scipy.stats.ks_2samp([1.0], [2.0], method='asymp') -> pvalue nan (kstwo with n = round(0.5) = 0)
  // scipy.stats.ks_2samp([1.0], [2.0, 3.0], method='asymp') -> statistic 1.0, pvalue 0.0
  std::vector<double> a{1.0}, b{2.0};
  auto r = KsTwoSample(a, b);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->statistic, 1.0);
  EXPECT_DOUBLE_EQ(r->pvalue, 1.0);
  auto ra = KsTwoSample(a, b, Alternative::kTwoSided, KsMethod::kAsymp);
  ASSERT_TRUE(ra.ok());
  EXPECT_TRUE(std::isnan(ra->pvalue));
  std::vector<double> b2{2.0, 3.0};
  auto rb = KsTwoSample(a, b2, Alternative::kTwoSided, KsMethod::kAsymp);
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(rb->statistic, 1.0);
  EXPECT_EQ(rb->pvalue, 0.0);
}

TEST(KsTwoSample, AllEqualValues) {
  // scipy.stats.ks_2samp([3.0]*5, [3.0]*7) -> statistic 0.0, pvalue 1.0
  std::vector<double> a(5, 3.0), b(7, 3.0);
  auto r = KsTwoSample(a, b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->statistic, 0.0);
  EXPECT_EQ(r->pvalue, 1.0);
}

// Internals checked against SciPy's own helpers (values printed by
// /usr/bin/python3 with scipy 1.10.1):
//   scipy.stats._stats_pythran._compute_outer_prob_inside_method(m, n, g, h)
//   scipy.stats._stats_py._compute_prob_outside_square(n, h)
//   scipy.special.smirnov(n, x), scipy.stats.kstwo.sf(x, n)
TEST(KsInternals, LatticeProbabilities) {
  EXPECT_TRUE(NearRel(ks_detail::ProbOutsideBand(20, 25, 5, 100), 6.309405358074171e-13, 1e-12));
  EXPECT_TRUE(NearRel(ks_detail::ProbOutsideBand(8, 10, 2, 9), 0.9308697838109603, 1e-12));
  EXPECT_TRUE(NearRel(ks_detail::ProbOutsideSquare(100, 17), 0.11119526053829192, 1e-12));
}

}  // namespace
}  // namespace provgraph::stats
