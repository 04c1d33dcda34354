// `provgraph drift compare` end to end: JSON shape of DESIGN.md, values
// against SciPy (make_drift_oracles.py), auto test choice, --test,
// --categorical, --column, errors and exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli_run.h"
#include "tests/stats/drift_oracles.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using provgraph::stats::testing::DriftDataPath;
using provgraph::stats::testing::LoadDriftOracles;
using provgraph::stats::testing::NearRel;
using provgraph::testing::CliRun;
using provgraph::testing::RunCapturing;
using provgraph::testing::Slurp;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

class DriftCompareCli : public ::testing::Test {
 protected:
  static std::string Binary() { return PROVGRAPH_BIN; }
  CliRun Provgraph(const std::string& args) { return RunCapturing(Binary() + " " + args + " </dev/null", dir_.path()); }
  static const nlohmann::json* Column(const nlohmann::json& j, const std::string& name) {
    for (const auto& c : j["columns"]) {
      if (c["column"] == name) return &c;
    }
    return nullptr;
  }
  TempDir dir_;
};

TEST_F(DriftCompareCli, AutoChoiceJsonMatchesScipy) {
  const std::string ref = DriftDataPath("drift_ref.csv"), cur = DriftDataPath("drift_cur.csv");
  CliRun r = Provgraph("drift compare " + ref + " " + cur + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  ASSERT_EQ(j["columns"].size(), 4u);
  EXPECT_EQ(j["columns"][0]["column"], "age");  // reference header order
  const auto oracle = LoadDriftOracles()["compare_small"];
  for (const char* name : {"age", "city", "flag", "grade"}) {
    const auto* c = Column(j, name);
    ASSERT_NE(c, nullptr) << name;
    const auto& e = oracle[name];
    EXPECT_EQ((*c)["type"], std::string(name) == "city" ? "categorical" : "numerical") << name;
    EXPECT_EQ((*c)["n_ref"], e["n_ref"]) << name;
    EXPECT_EQ((*c)["n_cur"], e["n_cur"]) << name;
    ASSERT_EQ((*c)["tests"].size(), 1u);
    const auto& t = (*c)["tests"][0];
    EXPECT_EQ(t["test"], e["test"]) << name;
    EXPECT_TRUE(NearRel(t["statistic"].get<double>(), e["statistic"].get<double>(), 1e-9)) << name;
    EXPECT_TRUE(NearRel(t["p_value"].get<double>(), e["p_value"].get<double>(), 1e-6)) << name;
    EXPECT_EQ(t["threshold"], 0.05);
    const bool drift = t["test"] == "ks" ? e["p_value"].get<double>() <= 0.05 : e["p_value"].get<double>() < 0.05;
    EXPECT_EQ(t["drift"], drift) << name;
  }
  // Keys in DESIGN.md's order.
  const auto ordered = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys, test_keys;
  for (auto it = ordered["columns"][0].begin(); it != ordered["columns"][0].end(); ++it) keys.push_back(it.key());
  for (auto it = ordered["columns"][0]["tests"][0].begin(); it != ordered["columns"][0]["tests"][0].end(); ++it) {
    test_keys.push_back(it.key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"column", "type", "n_ref", "n_cur", "tests"}));
  EXPECT_EQ(test_keys, (std::vector<std::string>{"test", "statistic", "p_value", "threshold", "drift"}));
  // Text output: a table line per column.
  CliRun text = Provgraph("drift compare " + ref + " " + cur);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("city"), std::string::npos);
  EXPECT_NE(text.out.find("columns drifted"), std::string::npos);
}

TEST_F(DriftCompareCli, LargeReferenceUsesDistances) {
  CliRun r = Provgraph("drift compare " + DriftDataPath("drift_big_ref.csv") + " " +
                       DriftDataPath("drift_big_cur.csv") + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto oracle = LoadDriftOracles()["compare_big"];
  for (const char* name : {"x", "k"}) {
    const auto* c = Column(j, name);
    ASSERT_NE(c, nullptr);
    const auto& t = (*c)["tests"][0];
    EXPECT_EQ(t["test"], oracle[name]["test"]);
    EXPECT_TRUE(NearRel(t["statistic"].get<double>(), oracle[name]["statistic"].get<double>(), 1e-9)) << name;
    EXPECT_TRUE(t["p_value"].is_null());
    EXPECT_EQ(t["threshold"], 0.1);
  }
  EXPECT_EQ((*Column(j, "x"))["tests"][0]["drift"], true);
  EXPECT_EQ((*Column(j, "k"))["tests"][0]["drift"], false);
}

TEST_F(DriftCompareCli, NamedTestColumnAndCategorical) {
  const std::string ref = DriftDataPath("drift_ref.csv"), cur = DriftDataPath("drift_cur.csv");
  const auto oracle = LoadDriftOracles()["compare_small"];
  CliRun r = Provgraph("drift compare " + ref + " " + cur + " --column age --test wasserstein --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["columns"].size(), 1u);
  EXPECT_TRUE(
      NearRel(j["columns"][0]["tests"][0]["statistic"].get<double>(), oracle["age_wasserstein"].get<double>(), 1e-9));
  r = Provgraph("drift compare " + ref + " " + cur + " --column age --test energy --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(
      NearRel(j["columns"][0]["tests"][0]["statistic"].get<double>(), oracle["age_energy"].get<double>(), 1e-9));
  // --categorical makes a numeric column categorical: grade (4 values) -> chi2 on the same table.
  r = Provgraph("drift compare " + ref + " " + cur + " --column grade --format json --categorical grade");
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["columns"][0]["type"], "categorical");
  EXPECT_EQ(j["columns"][0]["tests"][0]["test"], "chi2");
  EXPECT_TRUE(NearRel(j["columns"][0]["tests"][0]["statistic"].get<double>(),
                      oracle["grade"]["statistic"].get<double>(), 1e-9));
  // psi with both binnings runs.
  for (const char* bins : {"quantile", "evidently"}) {
    r = Provgraph("drift compare " + ref + " " + cur + " --column age --test psi --psi-bins " + bins +
                  " --format json");
    ASSERT_EQ(r.code, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["columns"][0]["tests"][0]["statistic"].get<double>(), 0.0);
  }
}

TEST_F(DriftCompareCli, ErrorsNameFileAndLine) {
  const std::string ref = DriftDataPath("drift_ref.csv"), cur = DriftDataPath("drift_cur.csv");
  CliRun r = Provgraph("drift compare " + ref + " " + cur + " --column salary");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + ref + ":1: no column 'salary' (columns: age, city, flag, grade)\n");
  EXPECT_EQ(r.out, "");

  r = Provgraph("drift compare " + ref + " " + cur + " --test foo");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown test 'foo' (known: ks, psi"), std::string::npos) << r.err;

  r = Provgraph("drift compare " + ref + " " + cur + " --column city --test ks");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("column 'city': test 'ks' does not apply to a categorical column"), std::string::npos) << r.err;

  WriteFile(dir_ / "bad.csv", "age,city\n30,Lyon\n31\n");
  r = Provgraph("drift compare " + (dir_ / "bad.csv") + " " + cur);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + (dir_ / "bad.csv") + ":3: row has 1 fields, the header has 2\n");

  r = Provgraph("drift compare " + (dir_ / "missing.csv") + " " + cur);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("provgraph: " + (dir_ / "missing.csv") + ": cannot open file", 0), 0u) << r.err;

  WriteFile(dir_ / "empty_col.csv", "age,city\n,Lyon\n,Porto\n");
  r = Provgraph("drift compare " + (dir_ / "empty_col.csv") + " " + cur + " --column age");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + (dir_ / "empty_col.csv") + ":1: column 'age' has no values\n");

  EXPECT_EQ(Provgraph("drift compare " + ref).code, 2);
  EXPECT_EQ(Provgraph("drift compare " + ref + " " + cur + " --format yaml").code, 2);
}

// A column numeric in one file and not in the other is categorical in both.
TEST_F(DriftCompareCli, MixedTypesBecomeCategorical) {
  WriteFile(dir_ / "a.csv", "v\n1\n2\n1\n2\n");
  WriteFile(dir_ / "b.csv", "v\n1\nx\n2\nx\n");
  CliRun r = Provgraph("drift compare " + (dir_ / "a.csv") + " " + (dir_ / "b.csv") + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["columns"][0]["type"], "categorical");
  EXPECT_EQ(j["columns"][0]["tests"][0]["test"], "chi2");
}

}  // namespace
}  // namespace provgraph
