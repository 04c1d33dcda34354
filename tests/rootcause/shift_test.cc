// Shift sizes of null rates, distinct counts and categories
// (engine/rootcause/shift.h) and the root-cause search on a null-rate jump.
// Expected values are derived by hand from the formulas in shift.h (the
// arithmetic rechecked with /usr/bin/python3):
//   null rate: p = (nulls + 0.5) / (rows + 1) per pool, size =
//   0.5 * |log2(odds(q) / odds(p))|, se = sqrt(var(daily rates before) / n0 +
//   var(daily rates after) / n1 + pooled (1 - pooled) (1 / N0 + 1 / N1)),
//   z = |q - p| / se, size 0 below z 4;
//   distinct count: size = 0.5 * |log2((m1 + 0.5) / (m0 + 0.5))|, se on the
//   log scale with a Poisson term 1 / (sum + 0.5) per pool.
#include "engine/rootcause/shift.h"

#include <gmock/gmock.h>

#include "engine/rootcause/rootcause.h"
#include "tests/rootcause/rc_fixture.h"

namespace provgraph {
namespace {

using testing::Day;
using ::testing::HasSubstr;
using testing::Pipeline;

std::vector<std::pair<double, double>> Rows(const std::vector<double>& nulls) {
  std::vector<std::pair<double, double>> out;
  for (double n : nulls) out.emplace_back(n, 500);
  return out;
}

// 0 of 500 nulls a day for a week, then 50 of 500: p = 0.5 / 3501, q =
// 350.5 / 3501; odds ratio (350.5 / 3150.5) / (0.5 / 3500.5) = 778.9,
// log2 = 9.6053, size 4.8026. Daily rates are constant either side, so se
// is the binomial term alone: pooled = 350.5 / 7001 = 0.050064, se =
// sqrt(0.050064 * 0.949936 * 2 / 3500) = 0.0052131, z = 0.099971 / se = 19.18.
TEST(ShiftSizeTest, NullRateJumpIsLargeAndSignificant) {
  double before = -1, after = -1, z = 0;
  const double size =
      rootcause::NullRateShift(Rows({0, 0, 0, 0, 0, 0, 0}), Rows({50, 50, 50, 50, 50, 50, 50}), before, after, z);
  EXPECT_DOUBLE_EQ(before, 0);
  EXPECT_DOUBLE_EQ(after, 0.1);
  EXPECT_NEAR(size, 4.8026, 1e-4);
  EXPECT_NEAR(z, 19.177, 1e-3);
}

// A null rate that always wanders (10..60 of 500 a day) and is a little
// higher the next week (235 -> 373 nulls of 3500): the pooled rates 6.71 %
// -> 10.66 % would be 5.85 binomial standard errors apart, but the days
// before spread with sd 0.0408 (var / 7 = 2.38e-4) and after with sd 0.0176
// (4.4e-5): se = sqrt(2.38e-4 + 4.4e-5 + 4.53e-5) = 0.0183, z = 2.15 < 4, so
// no shift though its size (0.364) would pass the 0.25 bound.
TEST(ShiftSizeTest, NullRateWithinItsOwnHistoryIsNoShift) {
  double before = 0, after = 0, z = 0;
  const double size = rootcause::NullRateShift(Rows({10, 60, 15, 55, 20, 50, 25}), Rows({50, 60, 45, 55, 65, 40, 58}),
                                               before, after, z);
  EXPECT_NEAR(before, 235.0 / 3500, 1e-12);
  EXPECT_NEAR(after, 373.0 / 3500, 1e-12);
  EXPECT_NEAR(z, 2.1512, 1e-3);
  EXPECT_EQ(size, 0);
}

TEST(ShiftSizeTest, NullRateNeedsRows) {
  double before = 0, after = 0, z = 1;
  EXPECT_EQ(rootcause::NullRateShift({{0, 0}}, Rows({5}), before, after, z), 0);
  EXPECT_EQ(z, 0);
}

// 20 distinct values a day, then 40: log ratio ln(40.5 / 20.5) = 0.68083,
// size 0.5 * 0.68083 / ln 2 = 0.49115; se = sqrt(1 / 140.5 + 1 / 280.5) =
// 0.10336, z = 6.588. A stationary count (20 +- 2) is no shift: its log
// ratio 0.0069 is 0.056 standard errors.
TEST(ShiftSizeTest, DistinctCountDoublingIsAShift) {
  double m0 = 0, m1 = 0, z = 0;
  EXPECT_NEAR(rootcause::DistinctCountShift({20, 20, 20, 20, 20, 20, 20}, {40, 40, 40, 40, 40, 40, 40}, m0, m1, z),
              0.49115, 1e-5);
  EXPECT_EQ(m0, 20);
  EXPECT_EQ(m1, 40);
  EXPECT_NEAR(z, 6.5877, 1e-3);
  EXPECT_EQ(rootcause::DistinctCountShift({20, 22, 18, 21, 19, 20, 20}, {21, 19, 20, 22, 18, 20, 21}, m0, m1, z), 0);
  EXPECT_NEAR(z, 0.0560, 1e-3);
}

// Before a a b b, after a b c c: counts + 0.5 over 3 categories, each pool
// 4 + 1.5 = 5.5: before (2.5, 2.5, 0.5) / 5.5, after (1.5, 1.5, 2.5) / 5.5;
// PSI = 2 (1 / 5.5) ln(5 / 3) + (2 / 5.5) ln 5 = (2 / 5.5) 2.12026 = 0.77100.
TEST(ShiftSizeTest, CategoryShiftIsThePsiOverCategories) {
  EXPECT_NEAR(rootcause::CategoryShift({"a", "a", "b", "b"}, {"a", "b", "c", "c"}), 0.77100, 1e-5);
  EXPECT_NEAR(rootcause::CategoryShift({"a", "b"}, {"b", "a"}), 0, 1e-12);
  EXPECT_EQ(rootcause::CategoryShift({}, {"a"}), 0);
}

class ShiftRankTest : public ::testing::Test {
 protected:
  // A Column node `dataset#x` with `null_count` (`nulls` from `jump_day` on,
  // else 0) of `count` 500 at `hours` on days 1..20.
  static void NullCounts(Pipeline& p, Batch::NodeRef d, const std::string& key, int jump_day, double nulls,
                         double hours) {
    Batch::NodeRef c = p.b.UpsertNode({"Column"}, key + "#x", Day(0));
    p.b.UpsertEdge("HAS_COLUMN", d, c, Day(0));
    std::vector<MetricPoint> n, total;
    for (int day = 1; day <= 20; ++day) {
      n.push_back({Day(day, hours), day >= jump_day ? nulls : 0.0});
      total.push_back({Day(day, hours), 500});
    }
    p.b.AddMetricPoints(c, "null_count", n);
    p.b.AddMetricPoints(c, "count", total);
  }
  testing::TempDir dir_;
};

// src -> load -> out -> KPI kpi. Only dataQualityMetrics null counts are
// known: src's x has 0 of 500 nulls a day, 50 from day 12 (03:30); out's x
// follows on day 12 at 04:30. load is refactored on day 8 (02:00). The KPI
// drops on day 13 (06:00).
TEST_F(ShiftRankTest, NullRateJumpInASourceRanksFirst) {
  Pipeline p;
  auto src = p.Dataset("src"), out = p.Dataset("out");
  auto load = p.Job("load");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, load), p.Feeds(load, out), p.Feeds(out, kpi);
  p.b.SetProperty(load, "sql", "SELECT * FROM src", Day(0));
  p.b.SetProperty(load, "sql", "WITH s AS (SELECT * FROM src) SELECT * FROM s", Day(8, 2));
  NullCounts(p, src, "src", 12, 50, 3.5);
  NullCounts(p, out, "out", 12, 50, 4.5);
  p.KpiSeries(kpi, 1, 20, 13);
  auto store = testing::OpenOrDie(dir_ / "s.store");
  testing::CommitOrDie(*store, p.b);
  const Graph& g = store->graph();
  auto node = rootcause::ResolveNode(g, "KPI:kpi", kLatest);
  ASSERT_TRUE(node.ok());
  auto r = rootcause::FindRootCauses(g, &store->series(), *node, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> ranked;
  for (const auto& c : r->candidates) ranked.push_back(std::string(g.Key(c.node)));
  // The split at day 12 (pools days 5..11 and 12..18) is the size 4.8026
  // above: strength 1 - exp(-4.8026 / 0.5) = 0.999933.
  // src: lead 26.5h -> w = 1 - 0.6 * 1.1042 / 7 = 0.905357; it explains out:
  //   1 - (1 - 0.999933 * 0.905357) * 0.85 = 0.91950.
  // out: lead 25.5h -> w = 0.908929, explained: 0.999933 * w * 0.25 = 0.22722.
  // load: benign (out did not move by day 11): 0.15 * w(5d 4h) = 0.08357.
  EXPECT_EQ(ranked, (std::vector<std::string>{"src", "out", "load"}));
  ASSERT_EQ(r->candidates.size(), 3u);
  EXPECT_NEAR(r->candidates[0].score, 0.91950, 1e-4);
  EXPECT_NEAR(r->candidates[1].score, 0.22722, 1e-4);
  EXPECT_NEAR(r->candidates[2].score, 0.08357, 1e-4);
  ASSERT_EQ(r->candidates[0].evidence.size(), 1u);
  EXPECT_EQ(r->candidates[0].evidence[0].kind, rootcause::EvidenceKind::kDistributionShift);
  EXPECT_EQ(r->candidates[0].evidence[0].at, Day(12, 3.5));
  EXPECT_EQ(r->candidates[0].evidence[0].detail,
            "x null rate: 0% -> 10% (size 4.803, 19.18 standard errors), from dataQualityMetrics");
}

// Categorical samples (a a b b daily, then a b c c from day 12) and a
// distinct count (20, then 40 from day 12) seen through the ShiftFinder.
TEST_F(ShiftRankTest, CategoricalSamplesAndDistinctCountsShift) {
  Pipeline p;
  auto d = p.Dataset("d");
  Batch::NodeRef c = p.b.UpsertNode({"Column"}, "d#k", Day(0));
  p.b.UpsertEdge("HAS_COLUMN", d, c, Day(0));
  std::vector<MetricPoint> distinct;
  for (int day = 1; day <= 20; ++day) {
    SampleValues v;
    v.categorical = true;
    v.labels = day >= 12 ? std::vector<std::string>{"a", "b", "c", "c"} : std::vector<std::string>{"a", "a", "b", "b"};
    p.b.AddSample(d, "k", Day(day, 3.5), v);
    distinct.push_back({Day(day, 3.5), day >= 12 ? 40.0 : 20.0});
  }
  p.b.AddMetricPoints(c, "distinct_count", distinct);
  auto store = testing::OpenOrDie(dir_ / "s.store");
  testing::CommitOrDie(*store, p.b);
  const Graph& g = store->graph();
  rootcause::EvidenceReader reader(g, kLatest);
  rootcause::ShiftFinder finder(reader, &store->series(), {Day(0), Day(30)});
  auto node = rootcause::ResolveNode(g, "Dataset:d", kLatest);
  ASSERT_TRUE(node.ok());
  auto shifts = finder.Shifts(*node, {Day(0), Day(30)});
  // Pooled over 7 days, the categories are 28 labels a side: counts
  // (14, 14, 0) -> (7, 7, 14), each + 0.5 over 29.5: PSI =
  // 2 (7 / 29.5) ln(14.5 / 7.5) + (14 / 29.5) ln(14.5 / 0.5) =
  // 0.31286 + 1.59804 = 1.91090, strength 1 - exp(-1.9109 / 0.5) = 0.97811.
  // The distinct count: size 0.49115 (above), strength 0.62555.
  ASSERT_EQ(shifts.size(), 2u);
  EXPECT_EQ(shifts[0].detail, "k categories: PSI 1.911, 2 -> 3 seen, from samples");
  EXPECT_NEAR(shifts[0].strength, 0.97811, 1e-4);
  EXPECT_EQ(shifts[0].at, Day(12, 3.5));
  EXPECT_EQ(shifts[1].detail,
            "k distinct count: 20 -> 40 (size 0.4911, 6.588 standard errors), from dataQualityMetrics");
  EXPECT_NEAR(shifts[1].strength, 0.62555, 1e-4);
  EXPECT_EQ(shifts[1].at, Day(12, 3.5));
}

}  // namespace
}  // namespace provgraph
