// chi2_contingency (Pearson with/without Yates, G-test) against SciPy 1.10
// reference vectors; chi-square survival function spot checks; edge cases.
#include "engine/stats/chi2.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/stats/special_functions.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::kPRel;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

std::vector<std::vector<double>> Table(const nlohmann::json& j) {
  return j.get<std::vector<std::vector<double>>>();
}

TEST(Chi2Contingency, MatchesScipyReference) {
  const auto ref = LoadReference("chi2_contingency.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const auto table = Table(c["inputs"]["table"]);
    for (bool corr : {true, false}) {
      const std::string key = corr ? "correction_True" : "correction_False";
      SCOPED_TRACE(c["id"].get<std::string>() + " " + key);
      const auto& e = c["expected"][key];
      auto r = Chi2Contingency(table, corr);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(NearRel(r->statistic, e["chi2"].get<double>(), kStatRel));
      EXPECT_TRUE(NearRel(r->pvalue, e["pvalue"].get<double>(), kPRel));
      EXPECT_EQ(r->dof, e["dof"].get<int>());
      const auto expected = Table(e["expected_freq"]);
      ASSERT_EQ(r->expected.size(), expected.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(r->expected[i].size(), expected[i].size());
        for (size_t j = 0; j < expected[i].size(); ++j) {
          EXPECT_TRUE(NearRel(r->expected[i][j], expected[i][j], 1e-12));
        }
      }
      ++checked;
    }
    SCOPED_TRACE(c["id"].get<std::string>() + " g-test");
    const auto& g = c["expected"]["g_test_no_correction"];
    auto r = Chi2Contingency(table, false, Chi2Lambda::kLogLikelihood);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(NearRel(r->statistic, g["g"].get<double>(), kStatRel));
    EXPECT_TRUE(NearRel(r->pvalue, g["pvalue"].get<double>(), kPRel));
    EXPECT_EQ(r->dof, g["dof"].get<int>());
    ++checked;
  }
  EXPECT_EQ(checked, 12);
}

TEST(Chi2Contingency, EdgeCases) {
  EXPECT_EQ(Chi2Contingency({}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(Chi2Contingency({{1, 2}, {3}}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(Chi2Contingency({{1, -2}, {3, 4}}).status().code(), StatusCode::kInvalidInput);
  // A category nobody has -> zero expected frequency: SciPy raises ValueError.
  EXPECT_EQ(Chi2Contingency({{1, 0}, {3, 0}}).status().code(), StatusCode::kInvalidInput);
  // Single category: dof 0 -> statistic 0, p 1 (scipy: chi2_contingency([[5],[7]]))
  auto one = Chi2Contingency({{5}, {7}});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->dof, 0);
  EXPECT_EQ(one->statistic, 0.0);
  EXPECT_EQ(one->pvalue, 1.0);
  // Identical rows: scipy.stats.chi2_contingency([[10, 20, 30], [10, 20, 30]]) -> (0.0, 1.0, 2)
  auto same = Chi2Contingency({{10, 20, 30}, {10, 20, 30}});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->statistic, 0.0);
  EXPECT_EQ(same->pvalue, 1.0);
}

TEST(SpecialFunctions, ChiSquareAndGammaTails) {
  // scipy.stats.chi2.sf(x, df) and scipy.special.gammaincc(a, x), printed by /usr/bin/python3.
  EXPECT_TRUE(NearRel(ChiSquareSf(3.841458820694124, 1), 0.04999999999999989, 1e-12));
  EXPECT_TRUE(NearRel(ChiSquareSf(100.0, 3), 1.5541594313896026e-21, 1e-12));
  EXPECT_TRUE(NearRel(ChiSquareSf(0.001, 10), 1.0, 1e-14));
  EXPECT_TRUE(NearRel(RegularizedGammaQ(50.0, 40.0), 0.9296649333406051, 1e-12));
  EXPECT_TRUE(NearRel(RegularizedGammaQ(0.5, 30.0), 9.485737571073857e-15, 1e-12));
  EXPECT_EQ(ChiSquareSf(0.0, 2), 1.0);
  // scipy.special.kv(0.25, q) for q = 0.01, 1.0, 30.0
  EXPECT_TRUE(NearRel(BesselK(0.25, 0.01), 6.165741264139234, 1e-13));
  EXPECT_TRUE(NearRel(BesselK(0.25, 1.0), 0.4307397744485814, 1e-13));
  EXPECT_TRUE(NearRel(BesselK(0.25, 30.0), 2.1346641833090352e-14, 1e-13));
}

}  // namespace
}  // namespace provgraph::stats
