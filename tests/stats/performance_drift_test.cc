// Accuracy, ROC AUC and RMSE against tests/stats/data/drift_oracles.json,
// written by make_drift_oracles.py with /usr/bin/python3 (numpy 1.24,
// scipy 1.10): accuracy = np.mean(y == label); AUC = U / (n_pos n_neg) with
// U = scipy.stats.mannwhitneyu(pos_scores, neg_scores).statistic (equal to
// sklearn's roc_auc_score, ties included; scores are rounded to one
// decimal so there are many ties); RMSE = sqrt(mean((t - p)^2)).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/stats/performance_drift.h"
#include "tests/stats/drift_oracles.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::LoadDriftOracles;
using testing::NearRel;

TEST(PerformanceDriftTest, MetricsMatchNumpyScipy) {
  const auto j = LoadDriftOracles()["performance"];
  for (const char* w : {"reference", "current"}) {
    const auto& e = j[w];
    const auto y = Doubles(e["y"]), score = Doubles(e["score"]), label = Doubles(e["label"]);
    const auto t = Doubles(e["t"]), p = Doubles(e["p"]);
    EXPECT_TRUE(NearRel(*Accuracy(y, label), e["accuracy"].get<double>(), 1e-15)) << w;
    EXPECT_TRUE(NearRel(*RocAuc(y, score), e["auc"].get<double>(), 1e-13)) << w;
    EXPECT_TRUE(NearRel(*Rmse(t, p), e["rmse"].get<double>(), 1e-13)) << w;
  }
}

TEST(PerformanceDriftTest, DeltaAndSeededBootstrapInterval) {
  const auto j = LoadDriftOracles()["performance"];
  const auto ry = Doubles(j["reference"]["y"]), rs = Doubles(j["reference"]["score"]);
  const auto cy = Doubles(j["current"]["y"]), cs = Doubles(j["current"]["score"]);
  PerformanceDriftOptions o;
  o.seed = 7;
  auto r = PerformanceDrift(PerformanceMetric::kRocAuc, ry, rs, cy, cs, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const double expected_delta = j["current"]["auc"].get<double>() - j["reference"]["auc"].get<double>();
  EXPECT_TRUE(NearRel(r->delta, expected_delta, 1e-12));
  EXPECT_EQ(r->resamples_used, 1000);
  EXPECT_LT(r->ci_lower, r->delta);
  EXPECT_GT(r->ci_upper, r->delta);
  EXPECT_LT(r->ci_upper, 0.0);  // AUC fell from 0.91 to 0.77: the interval excludes 0
  auto again = PerformanceDrift(PerformanceMetric::kRocAuc, ry, rs, cy, cs, o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ci_lower, r->ci_lower);  // same seed, same interval
  EXPECT_EQ(again->ci_upper, r->ci_upper);
  o.seed = 8;
  auto other = PerformanceDrift(PerformanceMetric::kRocAuc, ry, rs, cy, cs, o);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->ci_lower, r->ci_lower);

  // Identical windows: delta 0 and an interval around it.
  auto same = PerformanceDrift(PerformanceMetric::kAccuracy, ry, Doubles(j["reference"]["label"]), ry,
                               Doubles(j["reference"]["label"]), o);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->delta, 0.0);
  EXPECT_LT(same->ci_lower, 0.0);
  EXPECT_GT(same->ci_upper, 0.0);

  PerformanceDriftOptions none;
  none.bootstrap = 0;
  auto rmse = PerformanceDrift(PerformanceMetric::kRmse, Doubles(j["reference"]["t"]), Doubles(j["reference"]["p"]),
                               Doubles(j["current"]["t"]), Doubles(j["current"]["p"]), none);
  ASSERT_TRUE(rmse.ok());
  EXPECT_TRUE(NearRel(rmse->delta, j["current"]["rmse"].get<double>() - j["reference"]["rmse"].get<double>(), 1e-12));
  EXPECT_TRUE(std::isnan(rmse->ci_lower));
}

// Small hand-checked cases (sklearn's documented semantics).
TEST(PerformanceDriftTest, AucTiesAndErrors) {
  // All scores tied: 0.5. Perfect separation: 1. Reversed: 0.
  EXPECT_EQ(*RocAuc(std::vector<double>{0, 1, 0, 1}, std::vector<double>{0.3, 0.3, 0.3, 0.3}), 0.5);
  EXPECT_EQ(*RocAuc(std::vector<double>{0, 0, 1, 1}, std::vector<double>{0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_EQ(*RocAuc(std::vector<double>{1, 1, 0, 0}, std::vector<double>{0.1, 0.2, 0.8, 0.9}), 0.0);
  // One tie across classes: pairs (pos 0.5 vs neg 0.5) count 1/2 -> (1 + 0.5) / 2.
  EXPECT_EQ(*RocAuc(std::vector<double>{0, 0, 1}, std::vector<double>{0.1, 0.5, 0.5}), 0.75);
  EXPECT_FALSE(RocAuc(std::vector<double>{1, 1}, std::vector<double>{0.1, 0.2}).ok());
  EXPECT_FALSE(RocAuc(std::vector<double>{0, 2}, std::vector<double>{0.1, 0.2}).ok());
  EXPECT_FALSE(Accuracy(std::vector<double>{0, 1}, std::vector<double>{0}).ok());
  EXPECT_FALSE(Rmse(std::vector<double>{}, std::vector<double>{}).ok());
}

}  // namespace
}  // namespace provgraph::stats
