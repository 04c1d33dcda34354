// cramervonmises_2samp against SciPy 1.10 reference vectors, plus edge cases.
#include "engine/stats/cramervonmises.h"

#include <gtest/gtest.h>

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

TEST(CramerVonMises, MatchesScipyReference) {
  const auto ref = LoadReference("cramervonmises_2samp.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    const auto x = Doubles(c["inputs"]["x"]);
    const auto y = Doubles(c["inputs"]["y"]);
    for (const auto& [name, method] : {std::pair<std::string, CvmMethod>{"asymptotic", CvmMethod::kAsymptotic},
                                       {"exact", CvmMethod::kExact},
                                       {"auto", CvmMethod::kAuto}}) {
      if (!c["expected"].contains(name)) continue;  // exact only where n*m <= 3000
      SCOPED_TRACE(c["id"].get<std::string>() + " " + name);
      const auto& e = c["expected"][name];
      auto r = CramerVonMises2Samp(x, y, method);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_TRUE(NearRel(r->statistic, e["statistic"].get<double>(), kStatRel, 1e-15));
      EXPECT_TRUE(NearRel(r->pvalue, e["pvalue"].get<double>(), kPRel));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 25);
}

TEST(CramerVonMises, EdgeCases) {
  const std::vector<double> empty, one{1.0}, two{1.0, 2.0}, three{1.0, 2.0, 3.0};
  EXPECT_EQ(CramerVonMises2Samp(empty, two).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CramerVonMises2Samp(one, two).status().code(), StatusCode::kInvalidInput);  // SciPy needs >= 2 each
  // scipy.stats.cramervonmises_2samp([1.0, 2.0], [1.0, 2.0, 3.0]) ->
  //   statistic 0.04999999999999993, pvalue 1.0 (exact)
  auto r = CramerVonMises2Samp(two, three);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(NearRel(r->statistic, 0.04999999999999993, 1e-12));
  EXPECT_TRUE(NearRel(r->pvalue, 1.0, 1e-12));
  // All values equal: scipy gives statistic 0.0 (midranks), pvalue 1.0
  const std::vector<double> a(4, 7.0), b(4, 7.0);
  auto eq = CramerVonMises2Samp(a, b);
  ASSERT_TRUE(eq.ok());
  EXPECT_NEAR(eq->statistic, 0.0, 1e-15);
  EXPECT_TRUE(NearRel(eq->pvalue, 1.0, 1e-12));
}

TEST(CramerVonMises, LimitCdf) {
  // scipy.stats._hypotests._cdf_cvm_inf(x) for x = 0.1, 0.5, 1.0
  EXPECT_TRUE(NearRel(CvmLimitCdf(0.1), 0.4151265615932029, 1e-9));
  EXPECT_TRUE(NearRel(CvmLimitCdf(0.5), 0.9601667824343908, 1e-9));
  EXPECT_TRUE(NearRel(CvmLimitCdf(1.0), 0.9975395478198642, 1e-9));
}

}  // namespace
}  // namespace provgraph::stats
