// `provgraph load metrics`, `load samples`, the series part of `stats`
// and drift.history through `query`, end to end: outputs, exit codes and
// error messages.
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CliRun;
using testing::RunCapturing;
using testing::Slurp;
using testing::TempDir;
using testing::WriteFile;

class SeriesCliTest : public ::testing::Test {
 protected:
  CliRun Provgraph(const std::string& args) {
    return RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + Store() + " </dev/null", dir_.path());
  }
  std::string Store() { return dir_ / "s.store"; }
  TempDir dir_;
};

TEST_F(SeriesCliTest, LoadMetricsPrintsWhatItWroteAndSkipped) {
  WriteFile(dir_ / "m.csv", "node,metric,time,value\nKPI:acc,auc,2024-01-01,0.9\nKPI:acc,auc,2024-01-02,0.8\n");
  CliRun r = Provgraph("load metrics --actor ci " + (dir_ / "m.csv"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "batch 1: read 2 rows (1 series, 1 new nodes); wrote 2 points, skipped 0 as unchanged\n");
  r = Provgraph("load metrics " + (dir_ / "m.csv"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "batch 2: read 2 rows (1 series, 0 new nodes); wrote 0 points, skipped 2 as unchanged\n");
  r = Provgraph("query --format csv -e \"CALL drift.history('KPI:acc', 'auc') YIELD time, value RETURN time, value\"");
  ASSERT_EQ(r.code, 0) << r.err;
  // CSV output ends records with CRLF (RFC 4180).
  EXPECT_EQ(r.out, "time,value\r\n2024-01-01T00:00:00Z,0.9\r\n2024-01-02T00:00:00Z,0.8\r\n");
  r = Provgraph("stats --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["series"],
            nlohmann::json({{"metric_series", 1}, {"metric_points", 2}, {"sampled_columns", 0}, {"samples", 0}}));
  r = Provgraph("audit verify");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

TEST_F(SeriesCliTest, ABadMetricsFileExitsOneAndWritesNothing) {
  WriteFile(dir_ / "m.csv", "node,metric,time,value\nKPI:acc,auc,2024-01-01,0.9\nKPI:acc,auc,2024-01-02,high\n");
  CliRun r = Provgraph("load metrics " + (dir_ / "m.csv"));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + (dir_ / "m.csv") + ":3: bad value 'high': not a finite number\n");
  r = Provgraph("stats --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["nodes"], 0);
  EXPECT_EQ(j["series"]["metric_points"], 0);
  EXPECT_EQ(Provgraph("load metrics").code, 2);
}

TEST_F(SeriesCliTest, LoadSamplesValidatesItsOptionsAndPrintsWhatItWrote) {
  WriteFile(dir_ / "n.csv", ":ID,:LABEL\ndb:t,Dataset\n");
  ASSERT_EQ(Provgraph("load csv --at 2024-01-01 --nodes " + (dir_ / "n.csv")).code, 0);
  WriteFile(dir_ / "s.csv", "age,city\n30,Oslo\n,Lima\n41,Oslo\n");
  const std::string file = " " + (dir_ / "s.csv");
  EXPECT_EQ(Provgraph("load samples --dataset db:t" + file).code, 2);   // no --at
  EXPECT_EQ(Provgraph("load samples --at 2024-02-01" + file).code, 2);  // no --dataset
  EXPECT_EQ(Provgraph("load samples --dataset '' --at 2024-02-01" + file).code, 2);
  CliRun r = Provgraph("load samples --dataset db:t --at soon" + file);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: --at: invalid timestamp 'soon': expected YYYY-MM-DD\n");
  r = Provgraph("load samples --dataset db:x --at 2024-02-01" + file);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: --dataset: no dataset 'db:x' in the store\n");
  r = Provgraph("load samples --dataset db:t --at 2024-02-01" + file);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "batch 2: read 3 rows of 1 numeric and 1 categorical columns for Dataset:db:t; wrote 2 samples, "
            "skipped 0 as unchanged\n");
  r = Provgraph("load samples --dataset db:t --at 2024-02-01" + file);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote 0 samples, skipped 2 as unchanged"), std::string::npos) << r.out;
  r = Provgraph("stats");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("sampled columns  2\n  samples  2\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace provgraph
