// The drift job through the engine API (engine/drift): config parsing and
// its exact errors, violation episodes over days with AT_RISK edges and
// graph validity, drift statistics from samples (SciPy oracle) and from
// quantile profiles, idempotent reruns and the Holt crossing day.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "engine/drift/config.h"
#include "engine/drift/days.h"
#include "engine/drift/profile.h"
#include "engine/drift/run.h"
#include "engine/traversal.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using drift::ConstraintResult;
using drift::DriftConfig;
using testing::T;

DriftConfig Config(const std::string& text) {
  auto c = drift::ParseDriftConfig(text, "drift.json");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : DriftConfig{};
}

std::string ConfigError(const std::string& text) {
  auto c = drift::ParseDriftConfig(text, "drift.json");
  return c.ok() ? "ok" : c.status().ToString();
}

class DriftRunTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::OpenOrDie(dir_ / "s.store"); }

  drift::DriftRunReport Run(const DriftConfig& config, const char* day) {
    drift::DriftRunOptions o;
    o.as_of = T(day);
    o.commit.actor = "tester";
    o.commit.command = "drift run";
    auto r = drift::RunDrift(*store_, config, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : drift::DriftRunReport{};
  }

  NodeId Node(const char* label, const char* key) {
    auto n = store_->graph().FindNode(label, key);
    EXPECT_TRUE(n.has_value()) << label << ":" << key;
    return n.value_or(0);
  }

  bool EdgeValidAt(NodeId src, const char* type, NodeId dst, const char* at) {
    const Graph& g = store_->graph();
    auto t = g.edge_types().Find(type);
    if (!t) return false;
    auto e = g.FindEdge(src, *t, dst);
    return e && g.EdgeValid(*e, T(at));
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

// The lineage: src -> j1 -> mid -> j2 -> Model m -> KPI k; a decoy branch
// src -> j3 -> Model decoy -> KPI decoy_kpi (upstream siblings, not
// downstream of mid); mid -> j4 -> Dataset out (downstream, neither Model
// nor KPI). Everything valid from 2025-12-01.
void BuildLineage(Batch& b) {
  const Timestamp t = T("2025-12-01");
  auto n = [&](const char* label, const char* key) { return b.UpsertNode({label}, key, t); };
  auto src = n("Dataset", "src"), mid = n("Dataset", "mid"), out = n("Dataset", "out");
  auto j1 = n("Job", "j1"), j2 = n("Job", "j2"), j3 = n("Job", "j3"), j4 = n("Job", "j4");
  auto m = b.UpsertNode({"Dataset", "Model"}, "m", t);  // a Model as OpenLineage makes them
  auto decoy = n("Model", "decoy");
  auto k = n("KPI", "k"), dk = n("KPI", "decoy_kpi");
  for (auto [s, d] : std::vector<std::pair<Batch::NodeRef, Batch::NodeRef>>{{src, j1},
                                                                            {j1, mid},
                                                                            {mid, j2},
                                                                            {j2, m},
                                                                            {m, k},
                                                                            {src, j3},
                                                                            {j3, decoy},
                                                                            {decoy, dk},
                                                                            {mid, j4},
                                                                            {j4, out}}) {
    b.UpsertEdge("FEEDS", s, d, t);
  }
}

TEST(DriftConfigTest, ParsesEveryReferenceKind) {
  DriftConfig c = Config(R"({"forecast_days": 14, "constraints": [
    {"name": "a", "asset": "Column:ds#x", "metric": "psi", "comparator": "<", "threshold": 0.2,
     "reference": {"previous_days": 7}, "severity": "error"},
    {"name": "b", "asset": "Dataset:ds", "column": "x", "metric": "ks_pvalue", "comparator": ">=", "threshold": 0.05,
     "reference": {"from": "2026-01-01", "to": "2026-01-31"}, "severity": "warn"},
    {"name": "c", "asset": "Dataset:ds", "column": "x", "metric": "wasserstein", "comparator": "<=", "threshold": 3,
     "reference": {"version": "ds@v1"}, "severity": "warn"},
    {"name": "d", "asset": "KPI:k", "metric": "value", "comparator": ">", "threshold": 0.8, "severity": "error"}]})");
  ASSERT_EQ(c.constraints.size(), 4u);
  EXPECT_EQ(c.forecast_days, 14);
  EXPECT_EQ(c.constraints[0].reference.previous_days, 7);
  EXPECT_EQ(c.constraints[1].reference.kind, drift::ReferenceWindow::Kind::kRange);
  EXPECT_EQ(c.constraints[1].reference.to, T("2026-01-31"));
  EXPECT_EQ(c.constraints[2].reference.version, "ds@v1");
  EXPECT_EQ(c.constraints[3].asset_label, "KPI");
  EXPECT_TRUE(c.constraints[3].error);
  EXPECT_FALSE(c.constraints[1].error);
  EXPECT_EQ(c.constraints[2].where, "drift.json:/constraints/2");
}

TEST(DriftConfigTest, ErrorsNameTheJsonPointer) {
  const std::string ok = R"("asset": "KPI:k", "metric": "value", "threshold": 1, "severity": "warn")";
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", )" + ok + "}, {\"name\": \"b\", " +
                        R"("comparator": "<", )" + ok + "}, {\"name\": \"c\", \"comparator\": \"!=\", " + ok + "}]}"),
            "drift.json:/constraints/2/comparator: must be one of <, <=, >, >=");
  EXPECT_EQ(ConfigError("[1]"), "drift.json: the config must be a JSON object");
  EXPECT_EQ(ConfigError("{"), "drift.json: not valid JSON");
  EXPECT_EQ(ConfigError("{}"), "drift.json:/constraints: is required");
  EXPECT_EQ(ConfigError(R"({"constraints": {}})"), "drift.json:/constraints: must be an array");
  EXPECT_EQ(ConfigError(R"({"constraints": [], "extra": 1})"), "drift.json:/extra: unknown field");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Job:j", "metric": "value",
            "threshold": 1, "severity": "warn"}]})"),
            "drift.json:/constraints/0/asset: must be Label:key with the label Dataset, Column, KPI or Model");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "KPI:k", "metric": "value",
            "threshold": "1", "severity": "warn"}]})"),
            "drift.json:/constraints/0/threshold: must be a finite number");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "KPI:k", "metric": "value",
            "threshold": 1, "severity": "fatal"}]})"),
            "drift.json:/constraints/0/severity: must be warn or error");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "KPI:k", "metric": "value",
            "severity": "warn"}]})"),
            "drift.json:/constraints/0/threshold: is required");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Dataset:d", "metric": "psi",
            "threshold": 1, "severity": "warn", "reference": {"previous_days": 7}}]})"),
            "drift.json:/constraints/0/column: is required for the drift metric psi");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Column:d#c", "metric": "psi",
            "threshold": 1, "severity": "warn"}]})"),
            "drift.json:/constraints/0/reference: is required for the drift metric psi");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Column:d#c", "metric": "psi",
            "threshold": 1, "severity": "warn", "reference": {"previous_days": 0}}]})"),
            "drift.json:/constraints/0/reference/previous_days: must be an integer from 1 to 3660");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Column:d#c", "metric": "psi",
            "threshold": 1, "severity": "warn", "reference": {"previous_days": 3, "version": "v"}}]})"),
            "drift.json:/constraints/0/reference: must be an object with exactly one of version, from and to, "
            "previous_days");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", "asset": "Column:d#c", "metric": "psi",
            "threshold": 1, "severity": "warn", "reference": {"from": "2026-13-01", "to": "2026-01-02"}}]})"),
            "drift.json:/constraints/0/reference/from: must be a date (YYYY-MM-DD or ISO-8601)");
  EXPECT_EQ(ConfigError(R"({"constraints": [{"name": "a", "comparator": "<", )" + ok + R"(}, {"name": "a",
            "comparator": "<", )" +
                        ok + "}]}"),
            "drift.json:/constraints/1/name: duplicate constraint name 'a'");
}

TEST_F(DriftRunTest, KpiThresholdOpensExtendsAndClosesAViolation) {
  Batch b;
  BuildLineage(b);
  auto k = b.UpsertNode({"KPI"}, "k", T("2025-12-01"));
  // KPI:k value: passes > 0.8 on the 2nd, fails on the 3rd and 4th, passes on the 5th.
  b.AddMetricPoints(k, "value",
                    {{T("2026-01-01T06:00:00Z"), 0.90},
                     {T("2026-01-02T06:00:00Z"), 0.91},
                     {T("2026-01-03T06:00:00Z"), 0.70},
                     {T("2026-01-04T06:00:00Z"), 0.72},
                     {T("2026-01-05T06:00:00Z"), 0.88}});
  testing::CommitOrDie(*store_, b);
  const DriftConfig c = Config(R"({"constraints": [{"name": "k_min", "asset": "KPI:k", "metric": "value",
      "comparator": ">", "threshold": 0.8, "severity": "error"}]})");

  auto r = Run(c, "2026-01-02T23:00:00Z");
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kPass);
  EXPECT_EQ(r.results[0].violation, "");
  EXPECT_EQ(r.open_error, 0u);

  r = Run(c, "2026-01-03");  // the as-of day is the whole UTC day
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kFail);
  EXPECT_DOUBLE_EQ(*r.results[0].value, 0.70);
  EXPECT_EQ(r.results[0].violation, "k_min@2026-01-03");
  EXPECT_EQ(r.results[0].violation_action, "opened");
  EXPECT_EQ(r.results[0].at_risk, std::vector<std::string>{"KPI:k"});  // the KPI itself, nothing downstream
  EXPECT_EQ(r.open_error, 1u);

  r = Run(c, "2026-01-04");
  EXPECT_EQ(r.results[0].violation, "k_min@2026-01-03");
  EXPECT_EQ(r.results[0].violation_action, "extended");
  EXPECT_EQ(r.results[0].last_failing_day, "2026-01-04");
  const NodeId v = Node("Violation", "k_min@2026-01-03");
  const Value* last = store_->graph().Property(EntityKind::kNode, v,
                                               *store_->graph().property_keys().Find("last_failing_day"), kLatest);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->as_string(), "2026-01-04");

  r = Run(c, "2026-01-05");
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kPass);
  EXPECT_EQ(r.results[0].violation_action, "closed");
  EXPECT_EQ(r.open_error, 0u);
  // Valid time: the episode is [2026-01-03, 2026-01-05).
  const Graph& g = store_->graph();
  EXPECT_FALSE(g.NodeValid(v, T("2026-01-02T12:00:00Z")));
  EXPECT_TRUE(g.NodeValid(v, T("2026-01-03T12:00:00Z")));
  EXPECT_TRUE(g.NodeValid(v, T("2026-01-04T23:59:59Z")));
  EXPECT_FALSE(g.NodeValid(v, T("2026-01-05T00:00:00Z")));
  EXPECT_FALSE(g.NodeValid(v, kLatest));
  const NodeId kn = Node("KPI", "k"), cn = Node("Constraint", "k_min");
  EXPECT_TRUE(EdgeValidAt(v, "AT_RISK", kn, "2026-01-04T12:00:00Z"));
  EXPECT_FALSE(EdgeValidAt(v, "AT_RISK", kn, "2026-01-05T12:00:00Z"));
  EXPECT_TRUE(
      g.RecordValid(EntityKind::kEdge, *g.FindEdge(v, *g.edge_types().Find("AT_RISK"), kn), T("2026-01-04T12:00:00Z")));
  EXPECT_FALSE(
      g.RecordValid(EntityKind::kEdge, *g.FindEdge(v, *g.edge_types().Find("AT_RISK"), kn), T("2026-01-05T12:00:00Z")));
  EXPECT_TRUE(EdgeValidAt(cn, "VIOLATED", v, "2026-01-03T12:00:00Z"));
  EXPECT_TRUE(EdgeValidAt(cn, "CONSTRAINS", kn, "2026-01-05T12:00:00Z"));

  // Rerunning the closing day writes nothing.
  r = Run(c, "2026-01-05");
  EXPECT_EQ(r.commit.counts.facts, 0u);
  EXPECT_EQ(r.results[0].violation, "");
}

TEST_F(DriftRunTest, AtRiskReachesExactlyTheDownstreamModelsAndKpis) {
  Batch b;
  BuildLineage(b);
  auto mid = b.UpsertNode({"Dataset"}, "mid", T("2025-12-01"));
  b.AddMetricPoints(mid, "row_count", {{T("2026-01-01T06:00:00Z"), 50}});
  testing::CommitOrDie(*store_, b);
  const DriftConfig c = Config(R"({"constraints": [{"name": "rows", "asset": "Dataset:mid", "metric": "row_count",
      "comparator": ">=", "threshold": 100, "severity": "warn"}]})");
  auto r = Run(c, "2026-01-01");
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kFail);
  EXPECT_EQ(r.results[0].at_risk, (std::vector<std::string>{"KPI:k", "Model:m"}));
  EXPECT_EQ(r.open_warn, 1u);
  EXPECT_EQ(r.open_error, 0u);
  const NodeId v = Node("Violation", "rows@2026-01-01");
  const Graph& g = store_->graph();
  size_t at_risk_edges = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (g.edge_types().Name(g.EdgeType(e)) == "AT_RISK" && g.EdgeValid(e, kLatest)) {
      EXPECT_EQ(g.EdgeSource(e), v);
      ++at_risk_edges;
    }
  }
  EXPECT_EQ(at_risk_edges, 2u);
  EXPECT_TRUE(EdgeValidAt(v, "AT_RISK", Node("Dataset", "m"), "2026-01-01T12:00:00Z"));
  EXPECT_TRUE(EdgeValidAt(v, "AT_RISK", Node("KPI", "k"), "2026-01-01T12:00:00Z"));
}

// Samples of column x on Dataset:ds on three days (the oracle, SciPy 1.10):
//   d1 = [1..20]; d2 = [2, 4, .., 30]; cur = [8.5, 9.5, .., 32.5]; ref = d1 + d2
//   scipy.stats.ks_2samp(ref, cur, method='auto') -> 0.37714285714285717, 0.023367609498076324
//   scipy.stats.wasserstein_distance(ref, cur)    -> 7.642857142857142
//   psi, 10 reference-quantile bins (DESIGN.md), zero fractions -> 1e-4:
//     e = np.quantile(ref, np.linspace(0, 1, 11)); e[0], e[-1] = -inf, inf
//     r = np.histogram(ref, e)[0] / 35; c = np.histogram(cur, e)[0] / 25
//     r[r == 0] = 1e-4; c[c == 0] = 1e-4; np.sum((r - c) * np.log(r / c)) -> 2.425721711119367
class SampleDriftTest : public DriftRunTest {
 protected:
  void SetUp() override {
    DriftRunTest::SetUp();
    Batch b;
    BuildLineage(b);
    auto ds = b.UpsertNode({"Dataset"}, "mid", T("2025-12-01"));
    b.UpsertEdge("HAS_COLUMN", ds, b.UpsertNode({"Column"}, "mid#x", T("2025-12-01")), T("2025-12-01"));
    SampleValues d1, d2, cur;
    for (int i = 1; i <= 20; ++i) d1.numbers.push_back(i);
    for (int i = 1; i <= 15; ++i) d2.numbers.push_back(2 * i);
    for (int i = 1; i <= 25; ++i) cur.numbers.push_back(i + 7.5);
    b.AddSample(ds, "x", T("2026-01-01T03:00:00Z"), d1);
    b.AddSample(ds, "x", T("2026-01-02T03:00:00Z"), d2);
    b.AddSample(ds, "x", T("2026-01-03T03:00:00Z"), cur);
    testing::CommitOrDie(*store_, b);
  }
};

TEST_F(SampleDriftTest, KsAndWassersteinFromSamplesMatchScipy) {
  const DriftConfig c = Config(R"({"constraints": [
    {"name": "x_ks", "asset": "Column:mid#x", "metric": "ks", "comparator": "<", "threshold": 0.3,
     "reference": {"previous_days": 2}, "severity": "error"},
    {"name": "x_ks_p", "asset": "Dataset:mid", "column": "x", "metric": "ks_pvalue", "comparator": ">=",
     "threshold": 0.01, "reference": {"from": "2026-01-01", "to": "2026-01-02"}, "severity": "error"},
    {"name": "x_w1", "asset": "Column:mid#x", "metric": "wasserstein", "comparator": "<", "threshold": 5,
     "reference": {"previous_days": 2}, "severity": "warn"},
    {"name": "x_psi", "asset": "Column:mid#x", "metric": "psi", "comparator": "<", "threshold": 0.2,
     "reference": {"previous_days": 2}, "severity": "warn"}]})");
  auto r = Run(c, "2026-01-03");
  ASSERT_EQ(r.results.size(), 4u);
  EXPECT_NEAR(*r.results[3].value, 2.425721711119367, 1e-9);
  EXPECT_EQ(r.results[3].state, ConstraintResult::State::kFail);
  EXPECT_NEAR(*r.results[0].value, 0.37714285714285717, 1e-12);
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kFail);
  EXPECT_EQ(*r.results[0].n_reference, 35u);
  EXPECT_EQ(*r.results[0].n_current, 25u);
  EXPECT_FALSE(r.results[0].approximate);
  EXPECT_NEAR(*r.results[1].value, 0.023367609498076324, 1e-9);
  EXPECT_EQ(r.results[1].state, ConstraintResult::State::kPass);
  EXPECT_NEAR(*r.results[2].value, 7.642857142857142, 1e-12);
  EXPECT_EQ(r.results[2].state, ConstraintResult::State::kFail);
  // Column asset: AT_RISK starts from its dataset.
  EXPECT_EQ(r.results[0].at_risk, (std::vector<std::string>{"KPI:k", "Model:m"}));
  // A point per statistic on the Column node.
  const NodeId col = Node("Column", "mid#x");
  auto ks = store_->series().MetricSeries(col, "drift.ks");
  ASSERT_EQ(ks.size(), 1u);
  EXPECT_EQ(ks[0].time, T("2026-01-03"));
  EXPECT_NEAR(ks[0].value, 0.37714285714285717, 1e-12);
  EXPECT_EQ(store_->series().MetricSeries(col, "drift.ks_pvalue").size(), 1u);
  EXPECT_EQ(r.commit.series.metric_points, 4u);
  EXPECT_EQ(r.open_error, 1u);

  // Idempotent: the same day again writes no fact and no point.
  const uint32_t seq = store_->last_seq();
  auto again = Run(c, "2026-01-03");
  EXPECT_EQ(again.commit.seq, seq + 1);
  EXPECT_EQ(again.commit.counts.facts, 0u);
  EXPECT_EQ(again.commit.series.metric_points, 0u);
  EXPECT_EQ(again.results[0].violation_action, "unchanged");
  EXPECT_EQ(*again.results[0].value, *r.results[0].value);
}

TEST_F(SampleDriftTest, NoSampleOnTheDayIsNoData) {
  const DriftConfig c = Config(R"({"constraints": [{"name": "x_ks", "asset": "Column:mid#x", "metric": "ks",
      "comparator": "<", "threshold": 0.3, "reference": {"previous_days": 2}, "severity": "error"}]})");
  auto r = Run(c, "2026-01-04");
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kNoData);
  EXPECT_FALSE(r.results[0].value.has_value());
  EXPECT_EQ(r.open_error, 0u);
}

// Profiles: reference quantiles {0.25: 1, 0.5: 2, 0.75: 3}, min 0, max 4
// (uniform on [0, 4]); current the same + 10 (uniform on [10, 14]). The
// pseudo-samples are the same grid shifted by 10, so W1 is exactly 10 (by
// hand), and every current value lies above every reference value.
TEST_F(DriftRunTest, DriftFromQuantileProfilesIsFlaggedApproximate) {
  Batch b;
  const Timestamp t0 = T("2025-12-01");
  auto ds = b.UpsertNode({"Dataset"}, "prof", t0);
  auto col = b.UpsertNode({"Column"}, "prof#amount", t0);
  b.UpsertEdge("HAS_COLUMN", ds, col, t0);
  auto profile = [&](const char* at, double shift) {
    nlohmann::json q{{"0.25", 1 + shift}, {"0.5", 2 + shift}, {"0.75", 3 + shift}};
    b.SetProperty(col, "dq.quantiles", q.dump(), T(at));
    b.SetProperty(col, "dq.min", 0 + shift, T(at));
    b.SetProperty(col, "dq.max", 4 + shift, T(at));
  };
  profile("2026-01-01T05:00:00Z", 0);
  profile("2026-01-02T05:00:00Z", 10);
  testing::CommitOrDie(*store_, b);
  const DriftConfig c = Config(R"({"constraints": [
    {"name": "amount_w1", "asset": "Column:prof#amount", "metric": "wasserstein", "comparator": "<", "threshold": 1,
     "reference": {"previous_days": 1}, "severity": "warn"},
    {"name": "amount_psi", "asset": "Dataset:prof", "column": "amount", "metric": "psi", "comparator": "<",
     "threshold": 0.2, "reference": {"previous_days": 1}, "severity": "warn"}]})");
  auto r = Run(c, "2026-01-02");
  EXPECT_TRUE(r.results[0].approximate);
  EXPECT_NEAR(*r.results[0].value, 10.0, 1e-9);
  EXPECT_TRUE(r.results[1].approximate);
  EXPECT_GT(*r.results[1].value, 5.0);  // all current mass in the last reference bin
  EXPECT_EQ(r.results[1].state, ConstraintResult::State::kFail);
  EXPECT_TRUE(r.ToJson()["constraints"][0]["approximate"].get<bool>());
  EXPECT_NE(r.ToText().find("(approximate)"), std::string::npos);
}

TEST(SampleFromQuantilesTest, InterpolatesThePiecewiseLinearCdf) {
  // Uniform on [0, 4] through its quartiles: p = (i + 0.5) / 4 -> 4p.
  EXPECT_EQ(drift::SampleFromQuantiles({{0.25, 1}, {0.5, 2}, {0.75, 3}}, 0.0, 4.0, 4),
            (std::vector<double>{0.5, 1.5, 2.5, 3.5}));
  // Without min and max the outer quantiles are held flat.
  EXPECT_EQ(drift::SampleFromQuantiles({{0.25, 1}, {0.75, 3}}, std::nullopt, std::nullopt, 4),
            (std::vector<double>{1, 1.5, 2.5, 3}));
}

// y = 100 - 2 t on 2026-01-01 (t = 0) .. 2026-01-20 (t = 19); the
// constraint y > 40 first fails at t = 30, 2026-01-31 (by hand). A straight
// line is fitted exactly by Holt's trend.
TEST_F(DriftRunTest, HoltForecastNamesTheCrossingDay) {
  Batch b;
  auto k = b.UpsertNode({"KPI"}, "trend", T("2025-12-01"));
  std::vector<MetricPoint> pts;
  for (int t = 0; t < 20; ++t)
    pts.push_back({Timestamp{T("2026-01-01T06:00:00Z").micros + t * drift::kDayMicros}, 100.0 - 2.0 * t});
  b.AddMetricPoints(k, "value", pts);
  testing::CommitOrDie(*store_, b);
  const DriftConfig c = Config(R"({"constraints": [{"name": "trend_min", "asset": "KPI:trend", "metric": "value",
      "comparator": ">", "threshold": 40, "severity": "error"}]})");
  auto r = Run(c, "2026-01-20");
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kPass);
  ASSERT_TRUE(r.results[0].forecast.has_value());
  ASSERT_TRUE(r.results[0].forecast->crossing_day.has_value());
  const Timestamp crossing = T(r.results[0].forecast->crossing_day->c_str());
  EXPECT_LE(std::llabs(crossing.micros - T("2026-01-31").micros), drift::kDayMicros);
  EXPECT_EQ(r.results[0].forecast->points, 20);
  ASSERT_TRUE(r.results[0].forecast->earliest_day.has_value());
  EXPECT_LE(*r.results[0].forecast->earliest_day, *r.results[0].forecast->crossing_day);
  // And on the Constraint node.
  const Graph& g = store_->graph();
  const Value* p = g.Property(EntityKind::kNode, Node("Constraint", "trend_min"),
                              *g.property_keys().Find("forecast_crossing_day"), kLatest);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->as_string(), *r.results[0].forecast->crossing_day);
}

TEST_F(DriftRunTest, UnknownAssetIsAnErrorAndWritesNothing) {
  const DriftConfig c = Config(R"({"constraints": [{"name": "a", "asset": "KPI:nope", "metric": "value",
      "comparator": ">", "threshold": 1, "severity": "error"}]})");
  drift::DriftRunOptions o;
  o.as_of = T("2026-01-01");
  auto r = drift::RunDrift(*store_, c, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), "drift.json:/constraints/0/asset: no node KPI:nope in the store");
  EXPECT_EQ(store_->last_seq(), 0u);
}

TEST_F(DriftRunTest, ConstraintsReadBackFromTheGraph) {
  Batch b;
  auto k = b.UpsertNode({"KPI"}, "k", T("2025-12-01"));
  b.AddMetricPoints(k, "value", {{T("2026-01-01T06:00:00Z"), 0.5}});
  testing::CommitOrDie(*store_, b);
  const DriftConfig c = Config(R"({"constraints": [{"name": "k_min", "asset": "KPI:k", "metric": "value",
      "comparator": ">", "threshold": 0.8, "severity": "error"}]})");
  Run(c, "2026-01-01");
  auto stored = drift::ConstraintsFromGraph(store_->graph(), kLatest);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->constraints.size(), 1u);
  const drift::ConstraintSpec& s = stored->constraints[0];
  EXPECT_EQ(s.name, "k_min");
  EXPECT_EQ(s.asset_ref(), "KPI:k");
  EXPECT_EQ(s.comparator, drift::Comparator::kGt);
  EXPECT_EQ(s.threshold, 0.8);
  EXPECT_TRUE(s.error);
}

// The statistics are computed on a pool of threads (DriftRunOptions::threads):
// the same data in two stores, run once on one thread and once on three,
// gives the same report (values, states, violations, forecasts, counts) in
// the config's order and writes the same metric points. Column x of the
// mid dataset is the SampleDriftTest data, so the threaded value is also
// checked against SciPy there (ks_2samp statistic 0.37714285714285717).
TEST(DriftRunThreadsTest, ThreadsGiveTheSameReportAsOne) {
  const int kColumns = 23;
  auto fill = [&](Store& store) {
    Batch b;
    BuildLineage(b);
    auto ds = b.UpsertNode({"Dataset"}, "mid", T("2025-12-01"));
    SampleValues d1, d2, cur;
    for (int i = 1; i <= 20; ++i) d1.numbers.push_back(i);
    for (int i = 1; i <= 15; ++i) d2.numbers.push_back(2 * i);
    for (int i = 1; i <= 25; ++i) cur.numbers.push_back(i + 7.5);
    b.AddSample(ds, "x", T("2026-01-01T03:00:00Z"), d1);
    b.AddSample(ds, "x", T("2026-01-02T03:00:00Z"), d2);
    b.AddSample(ds, "x", T("2026-01-03T03:00:00Z"), cur);
    uint64_t state = 12345;  // a fixed LCG: different sizes and shifts per column
    auto next = [&] {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    for (int c = 0; c < kColumns; ++c) {
      SampleValues ref, now;
      const int n = 50 + 37 * c;
      for (int i = 0; i < n; ++i) ref.numbers.push_back(next());
      for (int i = 0; i < n + c; ++i) now.numbers.push_back(next() + 0.01 * c);
      const std::string col = "c" + std::to_string(c);
      b.AddSample(ds, col, T("2026-01-02T03:00:00Z"), ref);
      b.AddSample(ds, col, T("2026-01-03T03:00:00Z"), now);
    }
    testing::CommitOrDie(store, b);
  };
  const char* metrics[] = {"ks", "psi", "wasserstein", "ks_pvalue", "wasserstein_norm"};
  std::string config = R"({"constraints": [
    {"name": "x_ks", "asset": "Dataset:mid", "column": "x", "metric": "ks", "comparator": "<", "threshold": 0.3,
     "reference": {"previous_days": 2}, "severity": "error"},
    {"name": "none", "asset": "Dataset:mid", "column": "missing", "metric": "psi", "comparator": "<",
     "threshold": 0.3, "reference": {"previous_days": 1}, "severity": "warn"})";
  for (int c = 0; c < kColumns; ++c) {
    config += R"(, {"name": "k)" + std::to_string(c) + R"(", "asset": "Dataset:mid", "column": "c)" +
              std::to_string(c) + R"(", "metric": ")" + metrics[c % 5] +
              R"(", "comparator": "<", "threshold": 0.1, "reference": {"previous_days": 1}, "severity": "warn"})";
  }
  config += "]}";
  const DriftConfig parsed = Config(config);
  ASSERT_EQ(parsed.constraints.size(), static_cast<size_t>(kColumns + 2));

  auto run = [&](size_t threads, std::vector<size_t>* progress) {
    testing::TempDir dir;
    auto store = testing::OpenOrDie(dir / "s.store");
    fill(*store);
    drift::DriftRunOptions o;
    o.as_of = T("2026-01-03");
    o.threads = threads;
    o.commit.actor = "tester";
    if (progress) o.progress = [progress](size_t done, size_t) { progress->push_back(done); };
    auto r = drift::RunDrift(*store, parsed, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string points;
    const NodeId mid = *store->graph().FindNode("Dataset", "mid");
    for (const std::string& m : store->series().MetricNames(mid)) {
      for (const MetricPoint& p : store->series().MetricSeries(mid, m)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %a\n", p.value);
        points += m + buf;
      }
    }
    return std::make_pair(r.ok() ? r->ToJson().dump() : std::string(), points);
  };
  std::vector<size_t> progress;
  const auto one = run(1, nullptr);
  const auto three = run(3, &progress);
  EXPECT_EQ(three.first, one.first);
  EXPECT_EQ(three.second, one.second);
  EXPECT_NE(one.first.find("\"value\":0.37714285714285717"), std::string::npos) << one.first;
  EXPECT_NE(one.second.find("drift.ks.c0 "), std::string::npos);
  EXPECT_NE(one.first.find("\"status\":\"no_data\""), std::string::npos);
  // Progress from the calling thread, never backwards, ending at the total.
  ASSERT_FALSE(progress.empty());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_EQ(progress.back(), parsed.constraints.size());
}

}  // namespace
}  // namespace provgraph
