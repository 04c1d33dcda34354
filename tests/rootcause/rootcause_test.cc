// Root-cause ranking on small hand-built pipelines (tests/rootcause/rc_fixture.h).
// Every expected score is derived by hand in the comments from the rules in
// engine/rootcause/rootcause.h: time weight w = 1 - 0.6 * lead / window for
// evidence `lead` before the move (window 7d), benign x0.15, effects x0.25,
// doubt x0.85 per node explained.
#include "engine/rootcause/rootcause.h"

#include <gmock/gmock.h>

#include "engine/rootcause/symptom.h"
#include "query/query_engine.h"
#include "tests/rootcause/rc_fixture.h"

namespace provgraph {
namespace {

using testing::Day;
using ::testing::HasSubstr;
using testing::Pipeline;

class RootCauseTest : public ::testing::Test {
 protected:
  void Commit(const Batch& b) {
    store_ = testing::OpenOrDie(dir_ / "s.store");
    testing::CommitOrDie(*store_, b);
  }
  NodeId Node(const std::string& ref) {
    auto n = rootcause::ResolveNode(store_->graph(), ref, kLatest);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : 0;
  }
  rootcause::RootCauseReport Rank(const std::string& ref, rootcause::RootCauseOptions o = {}) {
    auto r = rootcause::FindRootCauses(store_->graph(), &store_->series(), Node(ref), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : rootcause::RootCauseReport{};
  }
  std::vector<std::string> Ranked(const rootcause::RootCauseReport& r) {
    std::vector<std::string> out;
    for (const auto& c : r.candidates) out.push_back(std::string(store_->graph().Key(c.node)));
    return out;
  }
  double Score(const rootcause::RootCauseReport& r, const std::string& key) {
    for (const auto& c : r.candidates) {
      if (store_->graph().Key(c.node) == key) return c.score;
    }
    return -1;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

// src -> load -> mid -> agg -> out -> KPI kpi. src and out sampled daily
// (days 1..20); both jump x10 on day 12 (out because of src). A refactor of
// `load` on day 8 whose nearest observed output (out) did not move around
// it. The KPI drops on day 13 (06:00): the move.
TEST_F(RootCauseTest, UpstreamShiftRanksAboveItsEffectAndABenignRefactor) {
  Pipeline p;
  auto src = p.Dataset("src"), mid = p.Dataset("mid"), out = p.Dataset("out");
  auto load = p.Job("load"), agg = p.Job("agg");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, load), p.Feeds(load, mid), p.Feeds(mid, agg), p.Feeds(agg, out), p.Feeds(out, kpi);
  p.b.SetProperty(load, "sql", "SELECT * FROM src", Day(0));
  p.b.SetProperty(load, "sql", "WITH s AS (SELECT * FROM src) SELECT * FROM s", Day(8, 2));
  p.Samples(src, 1, 20, 12, 10);
  p.Samples(out, 1, 20, 12, 10);
  p.KpiSeries(kpi, 1, 20, 13);
  Commit(p.b);
  auto r = Rank("KPI:kpi");
  EXPECT_TRUE(r.moved.found);
  EXPECT_EQ(r.moved.at, Day(13, 6));
  // src: a disjoint jump, PSI ~8.3, strength ~1; lead 26.5h = 1.104d ->
  // w = 0.9054; it explains out: 1 - (1 - 0.9054) * 0.85 = 0.9196.
  // out: the same shift, explained by src: 0.9054 * 0.25 = 0.2263.
  // load: 1 * 0.15 (benign) * w(lead 5d 4h = 5.1667d) = 0.15 * 0.5571 = 0.0836.
  EXPECT_EQ(Ranked(r), (std::vector<std::string>{"src", "out", "load"}));
  EXPECT_NEAR(Score(r, "src"), 0.9196, 1e-3);
  EXPECT_NEAR(Score(r, "out"), 0.2263, 1e-3);
  EXPECT_NEAR(Score(r, "load"), 0.0836, 1e-3);
  ASSERT_EQ(r.candidates[0].evidence.size(), 1u);
  EXPECT_EQ(r.candidates[0].evidence[0].kind, rootcause::EvidenceKind::kDistributionShift);
  EXPECT_EQ(r.candidates[0].evidence[0].at, Day(12, 3.5));
  EXPECT_THAT(r.candidates[0].evidence[0].detail, HasSubstr("x: PSI "));
  EXPECT_THAT(r.candidates[0].evidence[0].detail, HasSubstr("mean 25.5 -> 255 (x10), from samples"));
  EXPECT_THAT(r.candidates[2].evidence[0].detail, HasSubstr("Dataset:out did not move (benign)"));
  // The path runs from the candidate along FEEDS to the symptom.
  std::vector<std::string> path;
  for (NodeId n : r.candidates[0].path) path.push_back(std::string(store_->graph().Key(n)));
  EXPECT_EQ(path, (std::vector<std::string>{"src", "load", "mid", "agg", "out", "kpi"}));
  EXPECT_EQ(r.candidates[0].path_edges.size(), 5u);
  EXPECT_EQ(r.candidates[1].explained_by, Node("Dataset:src"));
}

// src -> J1 -> d1 -> J2 -> d2 -> KPI; src2 -> J3 -> d3 -> J2. J1's sql
// changes on day 12 02:00 and d1 jumps x10 from day 12 (J1's input src does
// not move). J3 is refactored on day 10 02:00; its output d3 stays put. d2
// is not observed. The KPI drops on day 13.
TEST_F(RootCauseTest, CodeChangeWhoseOutputMovedOutranksABenignRefactor) {
  Pipeline p;
  auto src = p.Dataset("src"), src2 = p.Dataset("src2"), d1 = p.Dataset("d1"), d2 = p.Dataset("d2"),
       d3 = p.Dataset("d3");
  auto j1 = p.Job("j1"), j2 = p.Job("j2"), j3 = p.Job("j3");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, j1), p.Feeds(j1, d1), p.Feeds(d1, j2), p.Feeds(j2, d2), p.Feeds(d2, kpi);
  p.Feeds(src2, j3), p.Feeds(j3, d3), p.Feeds(d3, j2);
  p.b.SetProperty(j1, "source_code_version", "aaaaaaaaaaaaaaaaaaaa", Day(0));
  p.b.SetProperty(j1, "source_code_version", "bbbbbbbbbbbbbbbbbbbb", Day(12, 2));
  p.b.SetProperty(j3, "sql", "SELECT a FROM src2", Day(0));
  p.b.SetProperty(j3, "sql", "SELECT a FROM src2 -- tidied", Day(10, 2));
  p.Samples(src, 1, 20);
  p.Samples(d1, 1, 20, 12, 10);
  p.Samples(d3, 1, 20);
  p.KpiSeries(kpi, 1, 20, 13);
  Commit(p.b);
  auto r = Rank("KPI:kpi");
  // j1: confirmed, lead 28h = 1.1667d -> w = 0.9; explains d1: 1 - 0.1 * 0.85 = 0.915.
  // d1: shift at day 12 03:30, w = 0.9054, explained: x0.25 = 0.2263.
  // j3: benign 0.15 * w(lead 3d 4h = 3.1667d) = 0.15 * 0.72857 = 0.1093.
  EXPECT_EQ(Ranked(r), (std::vector<std::string>{"j1", "d1", "j3"}));
  EXPECT_NEAR(Score(r, "j1"), 0.915, 1e-3);
  EXPECT_NEAR(Score(r, "d1"), 0.2263, 1e-3);
  EXPECT_NEAR(Score(r, "j3"), 0.1093, 1e-3);
  EXPECT_EQ(r.candidates[0].evidence[0].detail,
            "sourceCodeLocation version aaaaaaaaaaaa -> bbbbbbbbbbbb; Dataset:d1 moved after it");
}

// src -> J1 -> d1 -> KPI. J1 is refactored on day 10 (02:00); d1 (sampled
// daily at 03:30) changes its schema and jumps x10 on day 12, two runs
// later. The KPI drops on day 13 (06:00). d1 was observed twice after the
// refactor without moving, so its move does not confirm the refactor.
TEST_F(RootCauseTest, ARefactorTwoRunsBeforeItsOutputMovedIsBenign) {
  Pipeline p;
  auto src = p.Dataset("src"), d1 = p.Dataset("d1");
  auto j1 = p.Job("j1");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, j1), p.Feeds(j1, d1), p.Feeds(d1, kpi);
  p.b.SetProperty(j1, "sql", "SELECT x FROM src", Day(0));
  p.b.SetProperty(j1, "sql", "WITH s AS (SELECT x FROM src) SELECT * FROM s", Day(10, 2));
  p.b.SetProperty(d1, "schema", R"js([["x", "numeric(12,2)"]])js", Day(0));
  p.b.SetProperty(d1, "schema", R"js([["x", "bigint"]])js", Day(12, 3.5));
  p.Samples(d1, 1, 20, 12, 10);
  p.KpiSeries(kpi, 1, 20, 13);
  Commit(p.b);
  auto r = Rank("KPI:kpi");
  // d1: schema change (breaking, 1) confirmed by its own data at the same
  // observation, and the shift (PSI ~8.3, strength ~1), both lead 26.5h:
  // w = 0.905357; 1 - (1 - 0.905357)^2 = 0.99104.
  // j1: benign, 0.15 * w(lead 3d 4h = 3.1667d) = 0.15 * 0.728571 = 0.10929.
  // (Had d1's move two runs later confirmed it, j1 would explain d1 and
  // score 1 - (1 - 0.728571) * 0.85 = 0.7693.)
  EXPECT_EQ(Ranked(r), (std::vector<std::string>{"d1", "j1"}));
  EXPECT_NEAR(Score(r, "d1"), 0.99104, 1e-3);
  EXPECT_NEAR(Score(r, "j1"), 0.10929, 1e-3);
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_THAT(r.candidates[1].evidence[0].detail, HasSubstr("Dataset:d1 did not move (benign)"));
}

// src -> J1 -> d1 -> KPI. J1 completes daily at 02:05 on days 1..11 and
// never again; the KPI drops on day 11 (06:00), before the first missed run
// (day 12 02:05) was due. By the end of the range (day 12 06:00) the gap is
// only 28h, but the data goes on to day 20: the runs stopped.
TEST_F(RootCauseTest, AJobThatStoppedIsFoundFromTheWholeGap) {
  Pipeline p;
  auto src = p.Dataset("src"), d1 = p.Dataset("d1");
  auto j1 = p.Job("j1");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, j1), p.Feeds(j1, d1), p.Feeds(d1, kpi);
  for (int day = 1; day <= 11; ++day) p.Run(j1, "j1-" + std::to_string(day), "COMPLETE", day, 2 + 5 / 60.0);
  p.KpiSeries(kpi, 1, 20, 11);
  Commit(p.b);
  auto r = Rank("KPI:kpi");
  EXPECT_EQ(r.moved.at, Day(11, 6));
  // j1: missing, dated day 12 02:05 (cadence 1d), 20h05m after the move:
  // w = 0.6 * (1 - 20.0833 / 24) = 0.097917; it explains d1's staleness:
  // 1 - (1 - 0.097917) * 0.85 = 0.23323.
  // d1: stale (0.6) at the same time, explained: 0.6 * 0.097917 * 0.25 = 0.01469.
  EXPECT_EQ(Ranked(r), (std::vector<std::string>{"j1", "d1"}));
  EXPECT_NEAR(Score(r, "j1"), 0.23323, 1e-4);
  EXPECT_NEAR(Score(r, "d1"), 0.01469, 1e-4);
  ASSERT_FALSE(r.candidates.empty());
  ASSERT_EQ(r.candidates[0].evidence.size(), 1u);
  EXPECT_EQ(r.candidates[0].evidence[0].at, Day(12, 2 + 5 / 60.0));
  EXPECT_THAT(r.candidates[0].evidence[0].detail, HasSubstr("no completed run since"));
}

// src -> J1 -> d1 -> J2 -> d2 -> KPI. J1 completes daily at 02:05 on days
// 1..10 and fails on days 11..14; J2 completes daily, with one failure on
// day 9 at 02:05 retried at 02:15. The KPI drops on day 12.
TEST_F(RootCauseTest, FailingJobRanksAboveItsStaleOutputAndARetriedFailure) {
  Pipeline p;
  auto src = p.Dataset("src"), d1 = p.Dataset("d1"), d2 = p.Dataset("d2");
  auto j1 = p.Job("j1"), j2 = p.Job("j2");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, j1), p.Feeds(j1, d1), p.Feeds(d1, j2), p.Feeds(j2, d2), p.Feeds(d2, kpi);
  for (int day = 1; day <= 14; ++day) {
    p.Run(j1, "j1-" + std::to_string(day), day <= 10 ? "COMPLETE" : "FAIL", day, 2 + 5 / 60.0);
    if (day == 9) p.Run(j2, "j2-9-try1", "FAIL", day, 2 + 5 / 60.0);
    p.Run(j2, "j2-" + std::to_string(day), "COMPLETE", day, 2 + 15 / 60.0);
  }
  p.KpiSeries(kpi, 1, 14, 12);
  Commit(p.b);
  auto r = Rank("KPI:kpi");
  EXPECT_EQ(r.moved.at, Day(12, 6));
  // j1: the day-12 failure leads by 3h55m = 0.1632d: w = 0.986, strength 1;
  // it explains d1: 1 - 0.014 * 0.85 = 0.9881.
  // d1: stale from day 11 02:05 (last completion day 10 02:05 + the 1-day
  // cadence), lead 1d 3h55m = 1.1632d -> w = 0.9003; 0.6 * 0.9003 * 0.25 = 0.1350.
  // j2: the retried failure, lead 3.1632d -> w = 0.7289; 0.1 * 0.7289 = 0.0729.
  EXPECT_EQ(Ranked(r), (std::vector<std::string>{"j1", "d1", "j2"}));
  EXPECT_NEAR(Score(r, "j1"), 0.9881, 1e-3);
  EXPECT_NEAR(Score(r, "d1"), 0.1350, 1e-3);
  EXPECT_NEAR(Score(r, "j2"), 0.0729, 1e-3);
  EXPECT_THAT(r.candidates[2].evidence[0].detail, HasSubstr("run j2-9-try1 FAIL; the next run completed"));
}

TEST_F(RootCauseTest, ChangePointOnsetIsWhereTheSlideBegins) {
  // 10 points at 1.0 (+-0.01), then 0.9, 0.8, 0.7 and 5 at 0.6: the best
  // split is before one of the slide's points; the onset is its first (index 10).
  std::vector<MetricPoint> pts;
  const double noise[] = {0.01, -0.01, 0.0, 0.005, -0.005, 0.01, -0.01, 0.0, 0.005, -0.005};
  for (int i = 0; i < 10; ++i) pts.push_back({Day(i), 1.0 + noise[i]});
  for (double v : {0.9, 0.8, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6}) pts.push_back({Day(static_cast<int>(pts.size())), v});
  auto cp = rootcause::FindChangePoint(pts);
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->onset, 10u);
  // A flat noisy series has none.
  std::vector<MetricPoint> flat;
  for (int i = 0; i < 20; ++i) flat.push_back({Day(i), 1.0 + noise[i % 10]});
  EXPECT_FALSE(rootcause::FindChangePoint(flat).has_value());
}

// src -> load -> ds, with ds's row_count at 06:00 on days 0..19 (`level`
// of the day plus a +-5 pattern: 5, -5, 0, 5, -5) and a dbt test's series
// `check` at 07:00 (1 when `passes` that day, else 0).
void DatasetWithRowsAndCheck(Pipeline& p, double (*level)(int day), const std::string& check, bool (*passes)(int day)) {
  auto src = p.Dataset("src");
  auto load = p.Job("load");
  auto ds = p.Dataset("ds");
  p.Feeds(src, load);
  p.Feeds(load, ds);
  std::vector<MetricPoint> rows, results;
  const double noise[] = {5, -5, 0, 5, -5};
  for (int day = 0; day < 20; ++day) {
    rows.push_back({Day(day, 6), level(day) + noise[day % 5]});
    results.push_back({Day(day, 7), passes(day) ? 1.0 : 0.0});
  }
  p.b.AddMetricPoints(ds, "row_count", rows);
  p.b.AddMetricPoints(ds, check, results);
}

// A Dataset symptom `ds` (src -> load -> ds) with a metric series,
// row_count, and a dbt test's pass/fail series, check.id.not_null (1 pass,
// 0 fail). row_count is 1000 (+-5) on days 0..11 at 06:00 and 600 from day
// 12: its only change point splits at day 12, and no point before it is
// below 1000 - 3 robust sd (the +-5 pattern's MAD is 5, sd 7.4), so the
// onset is day 12 06:00. The test passes on days 0..14 and fails from day
// 15 07:00: a violation, later than the metric's change point, which wins.
TEST_F(RootCauseTest, DatasetSymptomMovedAtItsMetricsChangePointNotAtACheckFlip) {
  Pipeline p;
  DatasetWithRowsAndCheck(
      p, [](int day) { return day < 12 ? 1000.0 : 600.0; }, "check.id.not_null", [](int day) { return day < 15; });
  Commit(p.b);
  auto r = Rank("Dataset:ds");
  EXPECT_TRUE(r.moved.found);
  EXPECT_EQ(r.moved.at, Day(12, 6));
  EXPECT_THAT(r.moved.how, HasSubstr("row_count fell"));
}

// Without a metric change point (row_count flat), a failing check is the
// first violation: the move is the first failure of its latest failing
// run. check.id.unique failed once on day 5 (the next day passed: that
// violation closed) and fails from day 14 07:00 on: the move is day 14
// 07:00, not day 5 and not the split of the 1/0 series.
TEST_F(RootCauseTest, DatasetSymptomWithoutAChangePointMovedWhenItsCheckStartedFailing) {
  Pipeline p;
  DatasetWithRowsAndCheck(
      p, [](int) { return 1000.0; }, "check.id.unique", [](int day) { return day != 5 && day < 14; });
  Commit(p.b);
  auto r = Rank("Dataset:ds");
  EXPECT_TRUE(r.moved.found);
  EXPECT_EQ(r.moved.at, Day(14, 7));
  EXPECT_EQ(r.moved.how, "check id.unique failing since 2027-01-15T07:00:00Z (a violation)");
  // As of day 10 (the day-5 failure is the latest failing run, closed on
  // day 6): that failure is the move.
  rootcause::RootCauseOptions o;
  o.as_of = Day(10);
  auto early = Rank("Dataset:ds", o);
  EXPECT_EQ(early.moved.at, Day(5, 7));
}

TEST_F(RootCauseTest, ChangePointOnsetIgnoresOneNoisyPointBeforeAStep) {
  // 0.85 + (0.005, -0.005, 0) repeated on points 0..10, one noisy point
  // 0.83 (11), then a step to 0.74 (12..19). The best split is at 12.
  // Before it: mean 0.85 - 0.02 / 12 = 0.84833; upper median 0.85, absolute
  // deviations eight 0.005, three 0, one 0.02: their upper median 0.005,
  // robust sd 1.4826 * 0.005 = 0.0074. Point 11 is 0.0183 below the mean,
  // 2.5 robust sd: a noisy point, not the move (the onset needs 3, 0.0222).
  // The onset is the step, 12 (at 2 robust sd, 0.0148, it was 11).
  std::vector<MetricPoint> pts;
  const double noise[] = {0.005, -0.005, 0.0};
  for (int i = 0; i < 11; ++i) pts.push_back({Day(i), 0.85 + noise[i % 3]});
  pts.push_back({Day(11), 0.83});
  for (int i = 12; i < 20; ++i) pts.push_back({Day(i), 0.74 + noise[i % 3]});
  auto cp = rootcause::FindChangePoint(pts);
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->split, 12u);
  EXPECT_EQ(cp->onset, 12u);
  // A point 0.0275 below the mean (3.7 robust sd) before the step is where it began.
  pts[11].value = 0.82;
  cp = rootcause::FindChangePoint(pts);
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->onset, 11u);
}

TEST_F(RootCauseTest, ErrorsNameTheProblem) {
  Pipeline p;
  auto src = p.Dataset("src");
  auto kpi = p.Kpi("kpi");
  p.Kpi("lonely");
  p.Feeds(src, kpi);
  Commit(p.b);
  auto unknown = rootcause::ResolveNode(store_->graph(), "KPI:nope", kLatest);
  EXPECT_EQ(unknown.status().message(), "no node KPI:nope");
  auto before = rootcause::ResolveNode(store_->graph(), "KPI:kpi", testing::T("2026-12-31T00:00:00Z"));
  EXPECT_EQ(before.status().message(), "no node KPI:kpi as of 2026-12-31T00:00:00Z");
  auto malformed = rootcause::ResolveNode(store_->graph(), "kpi", kLatest);
  EXPECT_EQ(malformed.status().message(), "expected Label:key, got 'kpi'");
  auto lonely = rootcause::FindRootCauses(store_->graph(), &store_->series(), Node("KPI:lonely"), {});
  EXPECT_EQ(lonely.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(lonely.status().message(), "KPI:lonely has nothing upstream along FEEDS");
  rootcause::RootCauseOptions empty;
  empty.window = 0;
  auto r = rootcause::FindRootCauses(store_->graph(), &store_->series(), Node("KPI:kpi"), empty);
  EXPECT_EQ(r.status().message(), "the window is empty: give a length above zero, as in 7d");
  // Nothing in the window: no candidates, not an error.
  auto quiet = Rank("KPI:kpi");
  EXPECT_TRUE(quiet.candidates.empty());
  EXPECT_FALSE(quiet.moved.found);
}

TEST(WindowTest, ParsesDurations) {
  constexpr int64_t kH = 3600000000;
  EXPECT_EQ(*rootcause::ParseWindow("7d"), 168 * kH);
  EXPECT_EQ(*rootcause::ParseWindow("36h"), 36 * kH);
  EXPECT_EQ(*rootcause::ParseWindow("2w"), 336 * kH);
  EXPECT_EQ(*rootcause::ParseWindow("90m"), 90 * kH / 60);
  EXPECT_EQ(*rootcause::ParseWindow("P7D"), 168 * kH);
  EXPECT_EQ(*rootcause::ParseWindow("P1DT12H"), 36 * kH);
  EXPECT_EQ(*rootcause::ParseWindow("0d"), 0);
  for (const char* bad : {"", "7", "d", "7x", "7d2", "P", "P1M", "-1d"}) {
    auto w = rootcause::ParseWindow(bad);
    ASSERT_FALSE(w.ok()) << bad;
    EXPECT_EQ(w.status().message(),
              "'" + std::string(bad) + "' is not a window: give a number and a unit, as in 7d, 36h, 2w, 90m or P7D");
  }
  EXPECT_EQ(rootcause::FormatWindow(168 * kH), "7d");
  EXPECT_EQ(rootcause::FormatWindow(36 * kH), "36h");
}

// CALL lineage.rootcause through the query engine, on the first test's pipeline.
TEST_F(RootCauseTest, ProcedureYieldsRankNodeScoreEvidenceAndPath) {
  Pipeline p;
  auto src = p.Dataset("src"), out = p.Dataset("out");
  auto agg = p.Job("agg");
  auto kpi = p.Kpi("kpi");
  p.Feeds(src, agg), p.Feeds(agg, out), p.Feeds(out, kpi);
  p.Samples(src, 1, 20, 12, 10);
  p.KpiSeries(kpi, 1, 20, 13);
  Commit(p.b);
  auto q = query::RunQuery(
      "CALL lineage.rootcause('KPI:kpi', '7d') YIELD rank, node, score, evidence, path "
      "RETURN rank, node.key AS key, score, evidence[0].kind AS kind, size(evidence) AS n, length(path) AS hops",
      store_->graph(), {}, &store_->series());
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->rows.size(), 1u);
  EXPECT_EQ(q->rows[0][0].as_int(), 1);
  EXPECT_EQ(q->rows[0][1].as_string(), "src");
  // lead 1.104d: w = 0.9054 (strength ~1), nothing explained below it.
  EXPECT_NEAR(q->rows[0][2].as_float(), 0.9054, 1e-3);
  EXPECT_EQ(q->rows[0][3].as_string(), "distribution_shift");
  EXPECT_EQ(q->rows[0][4].as_int(), 1);
  EXPECT_EQ(q->rows[0][5].as_int(), 3);
  // A 1-day window ends before the day-12 shift's lead of 1.104 days.
  auto narrow = query::RunQuery("CALL lineage.rootcause('KPI:kpi', '1d') YIELD node RETURN count(node) AS n",
                                store_->graph(), {}, &store_->series());
  ASSERT_TRUE(narrow.ok()) << narrow.status().ToString();
  EXPECT_EQ(narrow->rows[0][0].as_int(), 0);
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"CALL lineage.rootcause('KPI:kpi', 7) YIELD node RETURN node",
            "lineage.rootcause needs the window as a duration string such as '7d', got integer"},
           {"CALL lineage.rootcause('KPI:kpi', '7 days') YIELD node RETURN node",
            "'7 days' is not a window: give a number and a unit, as in 7d, 36h, 2w, 90m or P7D"},
           {"CALL lineage.rootcause('KPI:kpi', '0h') YIELD node RETURN node",
            "the window is empty: give a length above zero, as in 7d"},
           {"CALL lineage.rootcause('KPI:none') YIELD node RETURN node", "no node KPI:none"},
           {"CALL lineage.rootcause('Dataset:src') YIELD node RETURN node",
            "Dataset:src has nothing upstream along FEEDS"},
       }) {
    auto r = query::RunQuery(text, store_->graph(), {}, &store_->series());
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr(message)) << text;
  }
}

}  // namespace
}  // namespace provgraph
