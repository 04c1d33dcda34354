// Evidently's default test choice (tests/data/stats/README.md) and each
// test's threshold and direction; RunDriftTest against SciPy values from
// make_drift_oracles.py.
#include <gtest/gtest.h>

#include "engine/stats/test_choice.h"
#include "tests/stats/drift_oracles.h"

namespace provgraph::stats {
namespace {

TEST(TestChoiceTest, EvidentlyRule) {
  using CT = ColumnType;
  EXPECT_EQ(ChooseTest(CT::kNumerical, 1000, 2).name, "z");
  EXPECT_EQ(ChooseTest(CT::kNumerical, 1000, 3).name, "chi2");
  EXPECT_EQ(ChooseTest(CT::kNumerical, 500, 5).name, "chi2");
  EXPECT_EQ(ChooseTest(CT::kNumerical, 500, 6).name, "ks");
  EXPECT_EQ(ChooseTest(CT::kCategorical, 1000, 3).name, "chi2");
  EXPECT_EQ(ChooseTest(CT::kCategorical, 10, 2).name, "z");
  EXPECT_EQ(ChooseTest(CT::kNumerical, 1001, 5).name, "jensenshannon");
  EXPECT_EQ(ChooseTest(CT::kNumerical, 1001, 6).name, "wasserstein_norm");
  EXPECT_EQ(ChooseTest(CT::kCategorical, 5000, 2).name, "jensenshannon");
  EXPECT_EQ(ChooseTest(CT::kCategorical, 5000, 40).name, "jensenshannon");
}

TEST(TestChoiceTest, ThresholdsAndDirections) {
  struct Row {
    const char* name;
    double threshold;
    DriftWhen when;
  };
  for (const Row& r : {Row{"ks", 0.05, DriftWhen::kPAtMost}, Row{"chi2", 0.05, DriftWhen::kPBelow},
                       Row{"z", 0.05, DriftWhen::kPBelow}, Row{"anderson", 0.1, DriftWhen::kPBelow},
                       Row{"cramervonmises", 0.1, DriftWhen::kPBelow}, Row{"mmd", 0.1, DriftWhen::kPBelow},
                       Row{"psi", 0.1, DriftWhen::kValueAtLeast}, Row{"jensenshannon", 0.1, DriftWhen::kValueAtLeast},
                       Row{"hellinger", 0.1, DriftWhen::kValueAtLeast},
                       Row{"wasserstein_norm", 0.1, DriftWhen::kValueAtLeast},
                       Row{"energy", 0.1, DriftWhen::kValueAbove}}) {
    auto t = FindTest(r.name);
    ASSERT_TRUE(t.ok()) << r.name;
    EXPECT_EQ(t->threshold, r.threshold) << r.name;
    EXPECT_EQ(t->when, r.when) << r.name;
  }
  EXPECT_TRUE(IsDrift(*FindTest("ks"), 0.3, 0.05));
  EXPECT_FALSE(IsDrift(*FindTest("chi2"), 9.0, 0.05));
  EXPECT_TRUE(IsDrift(*FindTest("psi"), 0.1, std::nullopt));
  EXPECT_FALSE(IsDrift(*FindTest("energy"), 0.1, std::nullopt));
  auto bad = FindTest("t_test2");
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad.status().message().find("known: ks, psi"), std::string::npos);
}

TEST(TestChoiceTest, RunOnSamples) {
  ColumnSample r, c;
  r.numbers = {1, 2, 3, 4, 5, 6, 7, 8};
  c.numbers = {5, 6, 7, 8, 9, 10, 11, 12};
  auto ks = RunDriftTest(*FindTest("ks"), r, c);
  ASSERT_TRUE(ks.ok());
  EXPECT_EQ(ks->statistic, 0.5);
  EXPECT_TRUE(ks->p_value.has_value());
  auto w = RunDriftTest(*FindTest("wasserstein"), r, c);
  ASSERT_TRUE(w.ok());
  EXPECT_DOUBLE_EQ(w->statistic, 4.0);
  EXPECT_FALSE(w->p_value.has_value());
  EXPECT_TRUE(w->drift);
  ColumnSample cr, cc;
  cr.type = cc.type = ColumnType::kCategorical;
  cr.labels = {"a", "b", "a", "c"};
  cc.labels = {"a", "c", "c", "c"};
  EXPECT_FALSE(RunDriftTest(*FindTest("ks"), cr, cc).ok());  // numerical test on a categorical column
  EXPECT_FALSE(RunDriftTest(*FindTest("z"), cr, cc).ok());   // 3 categories
  auto js = RunDriftTest(*FindTest("jensenshannon"), cr, cc);
  ASSERT_TRUE(js.ok()) << js.status().ToString();
  EXPECT_GT(js->statistic, 0.0);
  EXPECT_EQ(CountDistinct(cr, cc), 3u);
}

}  // namespace
}  // namespace provgraph::stats
