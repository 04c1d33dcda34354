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

}  // namespace
}  // namespace provgraph
