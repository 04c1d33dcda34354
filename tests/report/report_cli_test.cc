// `provgraph report compliance` end to end on the hand-built pipeline of
// tests/data/report (its README describes it). Every expected value below is
// read off those files by hand: lineage along FEEDS, PII propagation along
// COLUMN_FEEDS, code versions, runs, checks, versions and training data,
// the drift constraint, its violation and series; determinism; every error.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using json = nlohmann::ordered_json;
using testing::CliRun;

const std::string kData = std::string(PROVGRAPH_TEST_DATA_DIR) + "/report/";

class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto ok = [](const std::string& args, int code = 0) {
      CliRun r = Run(args);
      ASSERT_EQ(r.code, code) << args << "\n" << r.err;
    };
    ok("init");
    ok("load openlineage " + kData + "pipeline.ndjson");
    ok("load csv --at 2026-01-01 --nodes " + kData + "nodes.csv --edges " + kData + "edges.csv");
    ok("load metrics " + kData + "metrics.csv");
    ok("load samples --dataset db:features --at 2026-01-01T02:20:00Z " + kData + "sample.csv");
    ok("load samples --dataset db:features --at 2026-01-02T02:20:00Z " + kData + "sample.csv");
    ok("drift run --config " + kData + "drift.json --as-of 2026-01-01");
    ok("drift run --config " + kData + "drift.json --as-of 2026-01-02");
    ok("drift run --config " + kData + "drift.json --as-of 2026-01-03", 3);  // acc = 0.7 fails
    ok("drift run --config " + kData + "drift.json --as-of 2026-01-04");     // 0.9 passes: closed
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static CliRun Run(const std::string& args) {
    return testing::RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + (*dir_ / "s.store"),
                                 dir_->path());
  }
  static json Report(const std::string& node, const std::string& extra = "") {
    CliRun r = Run("report compliance " + node + " --format json " + extra);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return json::parse(r.out);
  }
  static std::vector<std::string> Field(const json& list, const char* name) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(item[name].get<std::string>());
    return out;
  }
  static testing::TempDir* dir_;
};
testing::TempDir* ReportCliTest::dir_ = nullptr;

using Strings = std::vector<std::string>;

TEST_F(ReportCliTest, ModelLineageOwnersAndTagsByHand) {
  const json doc = Report("Model:db:model");
  // The model is a MODEL dataset: primary label Dataset, extra label Model.
  EXPECT_EQ(doc["subject"]["node"], "Dataset:db:model");
  EXPECT_EQ(doc["subject"]["kind"], "Model");
  EXPECT_EQ(doc["subject"]["labels"], json::array({"Dataset", "Model"}));
  EXPECT_EQ(doc["subject"]["owners"], json::parse(R"([{"owner":"Owner:team:ml","type":"TEAM"}])"));
  EXPECT_TRUE(doc["as_of"].is_null());
  // model <- train <- features <- features job <- raw <- extract <- crm: depths 0..6.
  const json& nodes = doc["lineage"]["nodes"];
  EXPECT_EQ(Field(nodes, "node"), (Strings{"Dataset:db:model", "Job:ns:train", "Dataset:db:features", "Job:ns:features",
                                           "Dataset:db:raw", "Job:ns:extract", "Dataset:db:crm"}));
  for (size_t i = 0; i < nodes.size(); ++i) EXPECT_EQ(nodes[i]["depth"], i);
  EXPECT_EQ(Field(nodes, "role"),
            (Strings{"subject", "upstream", "upstream", "upstream", "upstream", "upstream", "source"}));
  EXPECT_EQ(nodes[6]["owners"], json::parse(R"([{"owner":"Owner:team:crm","type":"TEAM"}])"));
  EXPECT_EQ(nodes[2]["owners"], json::parse(R"([{"owner":"Owner:team:features","type":null}])"));
  // Only the dataset-level tag: the pii tag names the field email.
  EXPECT_EQ(nodes[6]["tags"], json::array({"sensitivity=confidential"}));
  EXPECT_EQ(doc["lineage"]["edges"].size(), 6u);
  EXPECT_EQ(doc["lineage"]["edges"][0], json::parse(R"({"source":"Dataset:db:crm","target":"Job:ns:extract"})"));
  EXPECT_EQ(doc["summary"]["upstream_nodes"], 6);
  EXPECT_EQ(doc["summary"]["sources"], 1);
  EXPECT_EQ(doc["summary"]["transformations"], 3);
}

TEST_F(ReportCliTest, PiiPropagatesAlongColumnFeedsAndNotFromTheDecoy) {
  const json doc = Report("Model:db:model");
  // crm.email is tagged pii; raw.email_hash <- crm.email; features.contact_hash <- raw.email_hash.
  // raw.id, raw.plan and features.n derive from untagged columns; other.ssn is off the lineage.
  EXPECT_EQ(doc["columns"]["pii"],
            json::parse(R"([{"column":"Column:db:crm#email","dataset":"Dataset:db:crm","tags":["pii=true"]}])"));
  const json& derived = doc["columns"]["derived"];
  EXPECT_EQ(Field(derived, "column"), (Strings{"Column:db:features#contact_hash", "Column:db:raw#email_hash"}));
  for (const auto& d : derived) EXPECT_EQ(d["from"], json::array({"Column:db:crm#email"}));
  EXPECT_EQ(derived[0]["dataset"], "Dataset:db:features");
}

TEST_F(ReportCliTest, TransformationsCodeVersionsRunsAndChecks) {
  const json doc = Report("Model:db:model");
  const json& jobs = doc["transformations"];
  ASSERT_EQ(Field(jobs, "job"), (Strings{"Job:ns:train", "Job:ns:features", "Job:ns:extract"}));
  // extract: v1 from its first START, v2 from the second night's START.
  EXPECT_EQ(jobs[2]["code_version"], "v2");
  EXPECT_EQ(jobs[2]["code_history"], json::parse(R"([{"from":"2026-01-01T01:00:00Z","version":"v1"},
                                                      {"from":"2026-01-02T01:00:00Z","version":"v2"}])"));
  EXPECT_EQ(jobs[2]["code_url"], "https://git.example.com/etl");
  // features: two completed runs and the failed first try of night 2.
  EXPECT_EQ(jobs[1]["runs"]["total"], 3);
  EXPECT_EQ(jobs[1]["runs"]["states"], json::parse(R"({"COMPLETE":2,"FAIL":1})"));
  EXPECT_EQ(jobs[1]["runs"]["last_state"], "COMPLETE");
  ASSERT_EQ(jobs[1]["failed_runs"].size(), 1u);
  EXPECT_EQ(jobs[1]["failed_runs"][0]["run"], "Run:01900002-0000-7000-8000-000000000009");
  EXPECT_EQ(jobs[1]["failed_runs"][0]["error"], "boom: out of memory");
  EXPECT_EQ(jobs[1]["failed_runs"][0]["started_at"], "2026-01-02T02:00:00Z");
  EXPECT_EQ(doc["summary"]["failed_runs"], 1);
  // The not_null assertion on features.n passed on night 1 and failed on night 2.
  EXPECT_EQ(doc["checks"], json::parse(R"([{"asset":"Dataset:db:features","check":"n.not_null","result":false,
                                           "failures":["2026-01-02T02:15:00Z"]}])"));
}

TEST_F(ReportCliTest, VersionsAndTrainingData) {
  const json doc = Report("Model:db:model");
  // Two model versions (version facet 1, 2), each trained on the one features version
  // (night 2 changed neither schema nor statistics, so it created no new version).
  const json& v = doc["versions"];
  ASSERT_EQ(Field(v, "version"), (Strings{"DatasetVersion:db:model@1", "DatasetVersion:db:model@2"}));
  EXPECT_EQ(v[0]["produced_by"], "Run:01900001-0000-7000-8000-000000000003");
  EXPECT_EQ(v[1]["produced_by"], "Run:01900002-0000-7000-8000-000000000003");
  EXPECT_EQ(v[0]["runs"], 1);
  for (const auto& ver : v) {
    EXPECT_EQ(ver["training_data"], json::array({"DatasetVersion:db:features@01900001-0000-7000-8000-000000000002"}));
  }
  EXPECT_EQ(v[0]["created_at"], "2026-01-01T03:30:00Z");
}

TEST_F(ReportCliTest, AsOfTheFirstNightSeesOnlyWhatWasTrueThen) {
  const json doc = Report("Model:db:model", "--as-of 2026-01-01T12:00:00Z");
  EXPECT_EQ(doc["as_of"], "2026-01-01T12:00:00Z");
  EXPECT_EQ(doc["versions"].size(), 1u);
  EXPECT_EQ(doc["transformations"][2]["code_version"], "v1");
  EXPECT_EQ(doc["transformations"][2]["code_history"].size(), 1u);
  EXPECT_EQ(doc["transformations"][1]["failed_runs"].size(), 0u);
  EXPECT_EQ(doc["checks"][0]["result"], true);
  EXPECT_EQ(doc["checks"][0]["failures"].size(), 0u);
  EXPECT_NE(doc["digest"]["sha256"], Report("Model:db:model")["digest"]["sha256"]);
}

TEST_F(ReportCliTest, KpiConstraintsDriftViolationsAndAudit) {
  const json doc = Report("KPI:acc", "--as-of 2026-01-03T12:00:00Z");  // the violation is open
  EXPECT_EQ(doc["subject"]["kind"], "KPI");
  EXPECT_EQ(doc["subject"]["owners"], json::parse(R"([{"owner":"Owner:alice","type":"BUSINESS_OWNER"}])"));
  EXPECT_EQ(doc["subject"]["properties"]["unit"], "ratio");
  EXPECT_EQ(doc["lineage"]["nodes"][1]["node"], "Dataset:db:model");
  EXPECT_EQ(doc["lineage"]["nodes"].size(), 8u);
  // Both constraints watch the lineage: acc_min the KPI, n_psi the features.
  EXPECT_EQ(Field(doc["constraints"], "constraint"), (Strings{"Constraint:acc_min", "Constraint:n_psi"}));
  EXPECT_EQ(doc["constraints"][1]["column"], "n");
  EXPECT_EQ(doc["constraints"][1]["reference"], json::parse(R"({"previous_days":1})"));
  // acc's series is its stored value; n's PSI is written on the Column node from night 2
  // (night 1 has no previous day to compare with).
  const json& drift = doc["drift"];
  ASSERT_EQ(drift.size(), 2u);
  EXPECT_EQ(drift[0]["node"], "KPI:acc");
  EXPECT_EQ(drift[0]["series"], "value");
  EXPECT_EQ(drift[0]["points"], json::parse(R"([{"at":"2026-01-01T06:00:00Z","value":0.9},
      {"at":"2026-01-02T06:00:00Z","value":0.85},{"at":"2026-01-03T06:00:00Z","value":0.7}])"));
  EXPECT_EQ(drift[1]["node"], "Column:db:features#n");
  EXPECT_EQ(drift[1]["series"], "drift.psi");
  EXPECT_EQ(drift[1]["points"].size(), 1u);
  // 0.7 <= 0.8 on night 3 opens acc_min@2026-01-03, with the KPI at risk.
  ASSERT_EQ(doc["violations"].size(), 1u);
  const json& v = doc["violations"][0];
  EXPECT_EQ(v["violation"], "Violation:acc_min@2026-01-03");
  EXPECT_EQ(v["open"], true);
  EXPECT_EQ(v["severity"], "error");
  EXPECT_EQ(v["value"], 0.7);
  EXPECT_EQ(v["at_risk"], json::array({"KPI:acc"}));
  EXPECT_EQ(doc["summary"]["open_violations"], 1);
  // Audit: the chain verifies; the setup wrote 9 batches (init writes none): 1 events,
  // 2 csv, 3 metrics, 4-5 samples, 6-9 drift runs. Every one up to night 3 touched
  // something shown here except the samples loads (samples are not shown); night 4's
  // run wrote only values valid from 2026-01-04, after the as-of instant.
  const json& audit = doc["audit"];
  EXPECT_EQ(audit["chain_verified"], true);
  EXPECT_EQ(audit["entries_verified"], 9);
  std::vector<int> seqs;
  for (const auto& e : audit["entries"]) seqs.push_back(e["seq"].get<int>());
  EXPECT_EQ(seqs, (std::vector<int>{1, 2, 3, 6, 7, 8}));
  CliRun head = Run("audit head");
  EXPECT_EQ(audit["head"].get<std::string>() + "\n", head.out);
}

TEST_F(ReportCliTest, ViolationsByTheAsOfInstant) {
  // Before night 3 there is none; night 4 (0.9 > 0.8) closed it.
  const json before = Report("KPI:acc", "--as-of 2026-01-02T12:00:00Z");
  EXPECT_EQ(before["violations"].size(), 0u);
  EXPECT_EQ(before["drift"][0]["points"].size(), 2u);
  const json after = Report("KPI:acc");
  ASSERT_EQ(after["violations"].size(), 1u);
  EXPECT_EQ(after["violations"][0]["open"], false);
  EXPECT_EQ(after["violations"][0]["last_failing_day"], "2026-01-03");
  EXPECT_EQ(after["violations"][0]["at_risk"], json::array());
  EXPECT_EQ(after["summary"]["open_violations"], 0);
  EXPECT_EQ(after["drift"][0]["points"].size(), 4u);
}

// A batch that only adds an edge between two shown nodes touched what the
// report shows: the audit section lists it (validity changes of shown nodes
// and edges count alike, Graph::ValidityChanges). A batch about an
// unrelated node is not listed.
TEST(ReportAuditTest, BatchesThatOnlyLinkShownNodesAreListed) {
  testing::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("n.csv", ":ID,:LABEL,name\nk,KPI,k\nd,Dataset,d\no,Owner,o\n");
  write("e.csv", ":START_ID,:END_ID,:TYPE\nd,k,FEEDS\n");
  write("owns.csv", ":START_ID,:END_ID,:TYPE\nOwner:o,Dataset:d,OWNS\n");
  write("other.csv", ":ID,:LABEL,name\nx,KPI,x\n");
  auto run = [&](const std::string& args) {
    CliRun r = testing::RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + (dir / "s.store"),
                                     dir.path());
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return r;
  };
  run("init");
  run("load csv --at 2026-01-01 --nodes " + (dir / "n.csv") + " --edges " + (dir / "e.csv"));  // 1
  run("load csv --at 2026-01-02 --edges " + (dir / "owns.csv"));                             // 2: o OWNS d
  run("load csv --at 2026-01-03 --nodes " + (dir / "other.csv"));                            // 3: unrelated
  const json doc = json::parse(run("report compliance KPI:k --format json").out);
  std::vector<int> seqs;
  for (const auto& e : doc["audit"]["entries"]) seqs.push_back(e["seq"].get<int>());
  EXPECT_EQ(seqs, (std::vector<int>{1, 2}));
  // As of before the OWNS edge existed, batch 2 had not touched anything yet.
  const json before = json::parse(run("report compliance KPI:k --format json --as-of 2026-01-01T12:00:00Z").out);
  ASSERT_EQ(before["audit"]["entries"].size(), 1u);
  EXPECT_EQ(before["audit"]["entries"][0]["seq"], 1);
}

TEST_F(ReportCliTest, AKpiWithNothingUpstreamIsReportedAlone) {
  const json doc = Report("KPI:lonely");
  EXPECT_EQ(doc["lineage"]["nodes"].size(), 1u);
  EXPECT_EQ(doc["lineage"]["nodes"][0]["role"], "subject");
  EXPECT_EQ(doc["lineage"]["edges"], json::array());
  for (const char* section : {"versions", "transformations", "checks", "constraints", "drift", "violations"}) {
    EXPECT_EQ(doc[section], json::array()) << section;
  }
  EXPECT_EQ(doc["summary"]["upstream_nodes"], 0);
  // Only the csv batch (2) created or wrote it.
  ASSERT_EQ(doc["audit"]["entries"].size(), 1u);
  EXPECT_EQ(doc["audit"]["entries"][0]["seq"], 2);
  const std::string md = Run("report compliance KPI:lonely --format md").out;
  EXPECT_NE(md.find("_No constraints on the lineage._"), std::string::npos);
  EXPECT_EQ(Run("report compliance KPI:lonely --format html").code, 0);
}

TEST_F(ReportCliTest, SameStoreAndAsOfGiveByteIdenticalOutput) {
  for (const std::string format : {"json", "md", "html"}) {
    for (const std::string as_of : {"", " --as-of 2026-01-02T12:00:00Z"}) {
      CliRun a = Run("report compliance KPI:acc --format " + format + as_of);
      CliRun b = Run("report compliance KPI:acc --format " + format + as_of);
      ASSERT_EQ(a.code, 0) << a.err;
      EXPECT_FALSE(a.out.empty());
      EXPECT_EQ(a.out, b.out) << format << as_of;
    }
  }
  // -o writes exactly what standard output shows.
  CliRun a = Run("report compliance Model:db:model --format md -o " + (*dir_ / "r.md"));
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, "");
  EXPECT_EQ(testing::Slurp(*dir_ / "r.md"), Run("report compliance Model:db:model --format md").out);
}

TEST_F(ReportCliTest, MarkdownAndHtmlShowTheSameDigestAndSections) {
  const std::string at = " --as-of 2026-01-03T12:00:00Z";  // acc_min's violation is open
  const json doc = Report("KPI:acc", at);
  const std::string digest = doc["digest"]["sha256"];
  const std::string md = Run("report compliance KPI:acc --format md" + at).out;
  const std::string html = Run("report compliance KPI:acc --format html" + at).out;
  EXPECT_EQ(md.rfind("# Compliance report: KPI:acc\n", 0), 0u);
  for (const std::string& text : {md, html}) {
    EXPECT_NE(text.find(digest), std::string::npos);
    EXPECT_NE(text.find(doc["audit"]["head"].get<std::string>()), std::string::npos);
    EXPECT_NE(text.find("boom: out of memory"), std::string::npos);
  }
  // Markdown escapes its punctuation in keys: Column:db:features\#contact\_hash.
  EXPECT_NE(md.find("Column:db:features\\#contact\\_hash"), std::string::npos);
  EXPECT_NE(md.find("| Violation:acc\\_min@2026-01-03 | error |"), std::string::npos);
  // HTML: self-contained (no script, no external reference), the SVG inline.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<title>KPI:acc</title>"), std::string::npos);
  // Graphviz writes '-' in attribute values as &#45; (the DOM reads kind-kpi).
  EXPECT_NE(html.find("class=\"node kind&#45;kpi violation subject\""), std::string::npos);
}

TEST_F(ReportCliTest, Errors) {
  CliRun r = Run("report compliance Model:db:nope --format md");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: report: no node Model:db:nope\n");
  EXPECT_EQ(r.out, "");
  r = Run("report compliance Dataset:db:raw --format json");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: report: Dataset:db:raw is a Dataset; a compliance report is for a Model or a KPI\n");
  r = Run("report compliance Job:ns:train --format json");
  EXPECT_EQ(r.err, "provgraph: report: Job:ns:train is a Job; a compliance report is for a Model or a KPI\n");
  r = Run("report compliance nocolon --format json");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: report: expected Label:key, got 'nocolon'\n");
  // The KPI exists from 2026-01-01 (csv --at) only.
  r = Run("report compliance KPI:acc --format json --as-of 2025-12-31");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: report: no node KPI:acc as of 2025-12-31T00:00:00Z\n");
  r = Run("report compliance KPI:acc --format json --as-of yesterday");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("provgraph: usage: --as-of: ", 0), 0u) << r.err;
  r = Run("report compliance KPI:acc --format pdf");
  EXPECT_EQ(r.code, 2);
  r = Run("report compliance KPI:acc");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--format is required"), std::string::npos) << r.err;
  r = Run("report compliance --format md");
  EXPECT_EQ(r.code, 2);
  r = Run("report compliance KPI:acc --format md -o " + (*dir_ / "no/such/dir/r.md"));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: " + (*dir_ / "no/such/dir/r.md") + ": cannot write the report\n");
  r = testing::RunCapturing(
      std::string(PROVGRAPH_BIN) + " report compliance KPI:acc --format md --store " + (*dir_ / "missing.store"),
      dir_->path());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.store"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace provgraph
