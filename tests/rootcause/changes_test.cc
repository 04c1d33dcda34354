// lineage.changes / UpstreamChanges on a hand-built pipeline:
// src -> job -> out -> KPI kpi, plus other -> side (not upstream of kpi).
#include "engine/rootcause/changes.h"

#include <gmock/gmock.h>

#include "engine/rootcause/rootcause.h"
#include "query/query_engine.h"
#include "tests/rootcause/rc_fixture.h"

namespace provgraph {
namespace {

using testing::Day;
using testing::Pipeline;

class ChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Pipeline p;
    auto src = p.Dataset("src"), out = p.Dataset("out"), other = p.Dataset("other");
    auto job = p.Job("job"), side = p.Job("side");
    auto kpi = p.Kpi("kpi");
    p.Feeds(src, job), p.Feeds(job, out), p.Feeds(out, kpi), p.Feeds(other, side);
    // src: a type change on day 3; job: new code on day 4, a failed run on
    // day 5; out: versions on days 2 and 6; side (off the lineage): new code on day 4.
    p.b.SetProperty(src, "schema", R"js([["id","bigint"],["amount","numeric(12,2)"]])js", Day(0));
    p.b.SetProperty(src, "schema", R"js([["id","bigint"],["amount","bigint"],["note","text"]])js", Day(3));
    p.b.SetProperty(job, "source_code_version", "1111111111111111", Day(0));
    p.b.SetProperty(job, "source_code_version", "2222222222222222", Day(4));
    p.b.SetProperty(side, "sql", "SELECT 1", Day(0));
    p.b.SetProperty(side, "sql", "SELECT 2", Day(4));
    p.Run(job, "run-5", "FAIL", 5, 2);
    for (int day : {2, 6}) {
      auto v = p.b.UpsertNode({"DatasetVersion"}, "out@v" + std::to_string(day), Day(day));
      p.b.SetProperty(v, "version", "v" + std::to_string(day), Day(day));
      p.b.UpsertEdge("HAS_VERSION", out, v, Day(day));
    }
    store_ = testing::OpenOrDie(dir_ / "s.store");
    testing::CommitOrDie(*store_, p.b);
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ChangesTest, EveryUpstreamChangeNewestFirst) {
  auto kpi = rootcause::ResolveNode(store_->graph(), "KPI:kpi", kLatest);
  ASSERT_TRUE(kpi.ok());
  auto changes = rootcause::UpstreamChanges(store_->graph(), *kpi, Day(3), Day(6));
  ASSERT_TRUE(changes.ok());
  std::vector<std::string> got;
  for (const auto& c : *changes) {
    got.push_back(std::string(store_->graph().Key(c.node)) + " " + rootcause::EvidenceKindName(c.evidence.kind) + " " +
                  FormatTimestamp(c.evidence.at) + " " + c.evidence.detail);
  }
  // Day 2's version is before the range; side is not upstream of kpi.
  EXPECT_EQ(got, (std::vector<std::string>{
                     "out new_version 2027-01-07T00:00:00Z version v6",
                     "job failed_runs 2027-01-06T02:00:00Z run run-5 FAIL",
                     "job code_change 2027-01-05T00:00:00Z sourceCodeLocation version 111111111111 -> 222222222222",
                     "src schema_change 2027-01-04T00:00:00Z amount: numeric(12,2) -> bigint; added note text",
                 }));
  auto empty = rootcause::UpstreamChanges(store_->graph(), *kpi, Day(6), Day(3));
  EXPECT_EQ(empty.status().message(), "the range is empty: 2027-01-07T00:00:00Z is after 2027-01-04T00:00:00Z");
}

TEST_F(ChangesTest, ProcedureTakesStringsOrDatetimes) {
  auto q = query::RunQuery(
      "CALL lineage.changes('KPI:kpi', '2027-01-04', datetime('2027-01-07')) YIELD time, node, kind, detail "
      "RETURN node.key AS key, kind",
      store_->graph());
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->rows.size(), 4u);
  EXPECT_EQ(q->rows[0][0].as_string(), "out");
  EXPECT_EQ(q->rows[3][1].as_string(), "schema_change");
  // AS OF bounds the range: as of day 5 the day-6 version is not there yet.
  auto asof = query::RunQuery(
      "AS OF '2027-01-06T12:00:00Z' CALL lineage.changes('KPI:kpi', '2027-01-01', '2027-01-10') YIELD kind "
      "RETURN count(kind) AS n",
      store_->graph());
  ASSERT_TRUE(asof.ok()) << asof.status().ToString();
  // schema day 3, code day 4, failed run day 5, version day 2: 4.
  EXPECT_EQ(asof->rows[0][0].as_int(), 4);
  auto bad =
      query::RunQuery("CALL lineage.changes('KPI:kpi', 3, '2027-01-07') YIELD kind RETURN kind", store_->graph());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              ::testing::HasSubstr("lineage.changes needs a timestamp or an ISO-8601 string, got integer"));
  auto badtime = query::RunQuery("CALL lineage.changes('KPI:kpi', 'yesterday', '2027-01-07') YIELD kind RETURN kind",
                                 store_->graph());
  ASSERT_FALSE(badtime.ok());
}

}  // namespace
}  // namespace provgraph
