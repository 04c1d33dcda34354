// anderson_ksamp against SciPy 1.10 reference vectors, plus edge cases.
#include "engine/stats/anderson.h"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::kPRel;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

TEST(AndersonKsamp, MatchesScipyReference) {
  const auto ref = LoadReference("anderson_ksamp.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const auto x = Doubles(c["inputs"]["samples"][0]);
    const auto y = Doubles(c["inputs"]["samples"][1]);
    for (bool midrank : {true, false}) {
      const std::string key = midrank ? "midrank_True" : "midrank_False";
      SCOPED_TRACE(c["id"].get<std::string>() + " " + key);
      const auto& e = c["expected"][key];
      auto r = AndersonKsamp({std::span<const double>(x), std::span<const double>(y)}, midrank);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(NearRel(r->statistic, e["statistic"].get<double>(), kStatRel));
      const auto crit = Doubles(e["critical_values"]);
      ASSERT_EQ(crit.size(), 7u);
      for (int i = 0; i < 7; ++i) EXPECT_TRUE(NearRel(r->critical_values[i], crit[i], 1e-12)) << i;
      EXPECT_TRUE(NearRel(r->significance_level, e["significance_level"].get<double>(), kPRel));
      // SciPy warns "p-value capped" / "p-value floored" exactly when we flag it.
      bool warned_capped = false, warned_floored = false;
      for (const auto& w : e["warnings"]) {
        const std::string s = w;
        warned_capped |= s.find("capped") != std::string::npos;
        warned_floored |= s.find("floored") != std::string::npos;
      }
      EXPECT_EQ(r->capped, warned_capped);
      EXPECT_EQ(r->floored, warned_floored);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 20);
}

TEST(AndersonKsamp, EdgeCases) {
  const std::vector<double> empty, a{1.0, 2.0, 3.0}, same(5, 2.0);
  EXPECT_EQ(AndersonKsamp({std::span<const double>(a)}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(AndersonKsamp({std::span<const double>(a), std::span<const double>(empty)}).status().code(),
            StatusCode::kInvalidInput);
  // All observations equal: SciPy raises ("needs more than one distinct observation").
  EXPECT_EQ(AndersonKsamp({std::span<const double>(same), std::span<const double>(same)}).status().code(),
            StatusCode::kInvalidInput);
  // Three samples: scipy.stats.anderson_ksamp([[1,2,3,4],[2,3,4,5,6],[5,6,7]])
  //   statistic 2.43038038687764, significance_level 0.02934426201526076
  const std::vector<double> s1{1, 2, 3, 4}, s2{2, 3, 4, 5, 6}, s3{5, 6, 7};
  auto r = AndersonKsamp({std::span<const double>(s1), std::span<const double>(s2), std::span<const double>(s3)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(NearRel(r->statistic, 2.43038038687764, 1e-9));
  EXPECT_TRUE(NearRel(r->significance_level, 0.02934426201526076, 1e-6));
}

}  // namespace
}  // namespace provgraph::stats
