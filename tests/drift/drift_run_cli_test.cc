// `provgraph drift run` end to end: exit codes (3 with an open error
// violation, 0 with only warnings), config errors naming the file and JSON
// pointer with nothing written, JSON output and the idempotent rerun.
#include <nlohmann/json.hpp>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CliRun;
using testing::RunCapturing;
using testing::TempDir;
using testing::WriteFile;

class DriftRunCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "m.csv",
              "node,metric,time,value\n"
              "KPI:acc,value,2026-01-01T06:00:00Z,0.9\n"
              "KPI:acc,value,2026-01-02T06:00:00Z,0.7\n"
              "KPI:acc,value,2026-01-03T06:00:00Z,0.9\n");
    ASSERT_EQ(Provgraph("load metrics " + (dir_ / "m.csv")).code, 0);
  }
  CliRun Provgraph(const std::string& args) {
    return RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + (dir_ / "s.store") + " </dev/null",
                        dir_.path());
  }
  std::string Config(const std::string& severity) {
    const std::string path = dir_ / ("drift_" + severity + ".json");
    WriteFile(path, R"({"constraints": [{"name": "acc_min", "asset": "KPI:acc", "metric": "value",
        "comparator": ">", "threshold": 0.8, "severity": ")" +
                        severity + "\"}]}");
    return path;
  }
  TempDir dir_;
};

TEST_F(DriftRunCliTest, ExitCodeThreeWhileAnErrorViolationIsOpen) {
  const std::string cfg = Config("error");
  CliRun r = Provgraph("drift run --config " + cfg + " --as-of 2026-01-01");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // no progress bar off a terminal
  r = Provgraph("drift run --config " + cfg + " --as-of 2026-01-02 --format json");
  EXPECT_EQ(r.code, 3) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["as_of"], "2026-01-02");
  EXPECT_EQ(j["constraints"][0]["status"], "fail");
  EXPECT_EQ(j["constraints"][0]["violation"]["key"], "acc_min@2026-01-02");
  EXPECT_EQ(j["constraints"][0]["violation"]["at_risk"], nlohmann::json::array({"KPI:acc"}));
  EXPECT_EQ(j["open_violations"]["error"], 1);
  // The rerun writes nothing and still exits 3.
  r = Provgraph("drift run --config " + cfg + " --as-of 2026-01-02 --format json");
  EXPECT_EQ(r.code, 3) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["batch"]["facts"], 0);
  EXPECT_EQ(j["batch"]["metric_points"], 0);
  // Without --config: the constraints stored in the graph.
  r = Provgraph("drift run --as-of 2026-01-03");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("violation acc_min@2026-01-02 closed"), std::string::npos) << r.out;
  r = Provgraph(
      "query --format csv -e \"AS OF '2026-01-02T12:00:00Z' MATCH (v:Violation)-[:AT_RISK]->(k) RETURN "
      "v.key, k.key\"");
  EXPECT_EQ(r.out, "v.key,k.key\r\nacc_min@2026-01-02,acc\r\n");
  r = Provgraph("query --format csv -e \"MATCH (v:Violation) RETURN count(v) AS n\"");
  EXPECT_EQ(r.out, "n\r\n0\r\n");
}

TEST_F(DriftRunCliTest, WarnViolationsExitZero) {
  CliRun r = Provgraph("drift run --config " + Config("warn") + " --as-of 2026-01-02");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("FAIL warn acc_min: KPI:acc value = 0.7, must be > 0.8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("open violations: 0 error, 1 warn"), std::string::npos) << r.out;
}

TEST_F(DriftRunCliTest, ConfigErrorsNameFileAndPointerAndWriteNothing) {
  const std::string path = dir_ / "drift.json";
  WriteFile(path, R"({"constraints": [{"name": "a", "asset": "KPI:acc", "metric": "value", "comparator": "=",
      "threshold": 1, "severity": "warn"}]})");
  CliRun before = Provgraph("audit head");
  CliRun r = Provgraph("drift run --config " + path + " --as-of 2026-01-02");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + path + ":/constraints/0/comparator: must be one of <, <=, >, >=\n");
  WriteFile(path, R"({"constraints": [{"name": "a", "asset": "KPI:missing", "metric": "value", "comparator": "<",
      "threshold": 1, "severity": "warn"}]})");
  r = Provgraph("drift run --config " + path + " --as-of 2026-01-02");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + path + ":/constraints/0/asset: no node KPI:missing in the store\n");
  EXPECT_EQ(Provgraph("audit head").out, before.out);
  r = Provgraph("drift run --config " + (dir_ / "none.json"));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + (dir_ / "none.json") + ": cannot read the drift config\n");
  r = Provgraph("drift run --config " + path + " --as-of yesterday");
  EXPECT_EQ(r.code, 2);
}

// Without --config on a store holding a dbt manifest and OpenLineage
// assertions: the derived constraints are checked. The event of 2026-03-03
// reports orders' accepted_values(status) failing with severity error (an
// error violation: exit 3) and its not_null(order_id) passing; the
// metrics say order_id has 100 rows, 0 nulls and 98 distinct values, so the
// manifest's unique(order_id) (severity error by dbt's default) fails with
// 100 - 0 - 98 = 2 duplicates. On 2026-03-04 everything passes: exit 0, both
// violations close.
TEST_F(DriftRunCliTest, WithoutConfigDbtTestsAndAssertionsBecomeConstraints) {
  const std::string manifest = std::string(PROVGRAPH_TEST_DATA_DIR) + "/dbt/jaffle_shop_dbt1.8.2_manifest_v12.json";
  ASSERT_EQ(Provgraph("load dbt " + manifest + " --namespace postgres://postgres:5432 --at 2026-03-01").code, 0);
  auto event = [](const std::string& day, int distinct, bool status_ok) {
    return R"({"eventType":"COMPLETE","eventTime":")" + day +
           R"(T06:00:00Z","producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)"
           R"("run":{"runId":"0193a4a0-0000-7000-8000-0000000000)" +
           day.substr(8, 2) +
           R"("},"job":{"namespace":"dbt","name":"orders"},"inputs":[],)"
           R"("outputs":[{"namespace":"postgres://postgres:5432","name":"postgres.public.orders","facets":{)"
           R"("dataQualityMetrics":{"rowCount":100,"columnMetrics":{"order_id":{"nullCount":0,"distinctCount":)" +
           std::to_string(distinct) +
           R"(}}},"dataQualityAssertions":{"assertions":[{"assertion":"accepted_values","column":"status","success":)" +
           (status_ok ? "true" : "false") +
           R"(,"severity":"error"},{"assertion":"not_null","column":"order_id","success":true}]}}}]})" + "\n";
  };
  WriteFile(dir_ / "events.ndjson", event("2026-03-03", 98, false) + event("2026-03-04", 100, true));
  ASSERT_EQ(Provgraph("load openlineage " + (dir_ / "events.ndjson")).code, 0);
  CliRun r = Provgraph("drift run --as-of 2026-03-03");
  EXPECT_EQ(r.code, 3) << r.err;
  const std::string orders = "postgres://postgres:5432:postgres.public.orders";
  EXPECT_NE(r.out.find("FAIL error dbt:" + orders + "#unique(order_id): Dataset:" + orders +
                       " column order_id duplicate_count = 2, must be <= 0"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("violation ol:" + orders + "#status.accepted_values@2026-03-03 opened"), std::string::npos)
      << r.out;
  // The assertion not_null on order_id is the dbt test not_null(order_id)'s
  // result: checked by that test's constraint, not by an ol: one of its own.
  EXPECT_EQ(r.out.find("ol:" + orders + "#order_id.not_null"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS error dbt:" + orders + "#not_null(order_id): Dataset:" + orders +
                       " column order_id null_count = 0, must be <= 0\n  test result check.order_id.not_null: pass of "
                       "2026-03-03\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("open violations: 2 error, 0 warn"), std::string::npos) << r.out;
  r = Provgraph("drift run --as-of 2026-03-04 --format json");
  EXPECT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  size_t closed = 0;
  for (const auto& c : j["constraints"]) {
    EXPECT_NE(c["origin"], "config");
    if (!c["violation"].is_null() && c["violation"]["action"] == "closed") ++closed;
  }
  EXPECT_EQ(closed, 2u);
  EXPECT_EQ(j["open_violations"]["error"], 0);
  r = Provgraph(
      "query --format csv -e \"MATCH (c:Constraint)-[:VIOLATED]->(v:Violation) WHERE c.origin = "
      "'openlineage' RETURN v.key\"");
  EXPECT_EQ(r.out, "v.key\r\n");  // closed on 2026-03-04: no longer valid now
}

}  // namespace
}  // namespace provgraph
