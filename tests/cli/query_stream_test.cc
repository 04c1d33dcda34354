// `provgraph query --format json|csv` (and the shell in those formats)
// write each row as the query produces it: the bytes are those of the
// collected form, an empty result still has its `[]` / header, PROFILE and
// EXPLAIN print their plan first, and a run-time error after some rows
// leaves those rows written, cut short (JSON without its closing `]`),
// with exit code 1 and the error on stderr. Expected output derived by
// hand from the store below and the query text.
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CliRun;
using testing::RunCapturing;
using testing::TempDir;
using testing::WriteFile;

// Dataset:a {name: alpha} -FEEDS-> Job:j {name: etl} -PRODUCES-> Dataset:b {name: beta}
class QueryStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "nodes.csv", ":ID,:LABEL,name\na,Dataset,alpha\nb,Dataset,beta\nj,Job,etl\n");
    WriteFile(dir_ / "edges.csv", ":START_ID,:END_ID,:TYPE\na,j,FEEDS\nj,b,PRODUCES\n");
    ASSERT_EQ(Run("init --store " + Store()).code, 0);
    CliRun load =
        Run("load csv --store " + Store() + " --nodes " + (dir_ / "nodes.csv") + " --edges " + (dir_ / "edges.csv"));
    ASSERT_EQ(load.code, 0) << load.err;
  }
  CliRun Run(const std::string& args, const std::string& input = "/dev/null") {
    return RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " <" + input, dir_.path());
  }
  // `provgraph query --format F` with the query text from a file (no shell quoting).
  CliRun Query(const std::string& format, const std::string& text) {
    WriteFile(dir_ / "q.cypher", text);
    return Run("query --store " + Store() + " --format " + format, dir_ / "q.cypher");
  }
  CliRun Shell(const std::string& format, const std::string& script) {
    WriteFile(dir_ / "script.cypher", script);
    return Run("shell --store " + Store() + " --format " + format, dir_ / "script.cypher");
  }
  std::string Store() { return dir_ / "s.store"; }
  TempDir dir_;
};

TEST_F(QueryStreamTest, RowsAsTheCollectedFormWroteThem) {
  // Two rows, sorted by name; a cell with a comma and a quote is quoted in CSV.
  const std::string q = "MATCH (d:Dataset) RETURN d.name AS name, d.name + ', \"x\"' AS s ORDER BY name";
  CliRun j = Query("json", q);
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(j.out, R"([{"name":"alpha","s":"alpha, \"x\""},{"name":"beta","s":"beta, \"x\""}])"
                   "\n");
  CliRun c = Query("csv", q);
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.out, "name,s\r\nalpha,\"alpha, \"\"x\"\"\"\r\nbeta,\"beta, \"\"x\"\"\"\r\n");
  EXPECT_EQ(c.err, "");
}

TEST_F(QueryStreamTest, EscapesNestedValuesAndKeyOrder) {
  // JSON row objects list their keys in byte order (a, b, z), whatever the
  // RETURN order; strings escape quotes, newlines, tabs and control
  // characters (\u0001), UTF-8 (é) stays as is. CSV keeps the RETURN
  // order and quotes the cells holding a line break, quote or comma.
  const std::string q = "RETURN 'a\\nb\"c\\u00e9\\u0001' AS z, [1, null, {k: 'x,y', e: []}] AS a, 'tab\\there' AS b";
  CliRun j = Query("json", q);
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(j.out,
            "[{\"a\":[1,null,{\"e\":[],\"k\":\"x,y\"}],\"b\":\"tab\\there\",\"z\":\"a\\nb\\\"c\xc3\xa9\\u0001\"}]\n");
  CliRun c = Query("csv", q);
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.out,
            "z,a,b\r\n\"a\nb\"\"c\xc3\xa9\x01\",\"[1,null,{\"\"e\"\":[],\"\"k\"\":\"\"x,y\"\"}]\",tab\there\r\n");
  // A node cell: its JSON text, CSV-quoted.
  CliRun id = Query("csv", "MATCH (j:Job {key: 'j'}) RETURN id(j) AS i");
  ASSERT_EQ(id.code, 0) << id.err;
  const std::string n = id.out.substr(3, id.out.size() - 5);  // "i\r\n" N "\r\n"
  CliRun node = Query("csv", "MATCH (j:Job {key: 'j'}) RETURN j");
  EXPECT_EQ(
      node.out,
      "j\r\n\"{\"\"id\"\":" + n +
          ",\"\"key\"\":\"\"j\"\",\"\"labels\"\":[\"\"Job\"\"],\"\"properties\"\":{\"\"name\"\":\"\"etl\"\"}}\"\r\n");
  CliRun nj = Query("json", "MATCH (j:Job {key: 'j'}) RETURN j");
  EXPECT_EQ(nj.out,
            "[{\"j\":{\"id\":" + n + ",\"key\":\"j\",\"labels\":[\"Job\"],\"properties\":{\"name\":\"etl\"}}}]\n");
}

TEST_F(QueryStreamTest, EmptyResultStillHasItsFrame) {
  const std::string q = "MATCH (d:Dataset) WHERE d.name = 'zeta' RETURN d.name AS name";
  EXPECT_EQ(Query("json", q).out, "[]\n");
  EXPECT_EQ(Query("csv", q).out, "name\r\n");
}

TEST_F(QueryStreamTest, ManyRowsInOrder) {
  CliRun c = Query("csv", "UNWIND range(1, 5000) AS i RETURN i");
  ASSERT_EQ(c.code, 0) << c.err;
  std::string want = "i\r\n";
  for (int i = 1; i <= 5000; ++i) want += std::to_string(i) + "\r\n";
  EXPECT_EQ(c.out, want);
}

TEST_F(QueryStreamTest, ReachabilityNodeRunsAreRowsToo) {
  // Upstream of b: j (PRODUCES b), then a (FEEDS j). The node column comes
  // to the writer as a run of ids (RowSink::OnNodes).
  CliRun j = Query("json", "MATCH (b:Dataset {key: 'b'})<-[*]-(u) RETURN u");
  ASSERT_EQ(j.code, 0) << j.err;
  nlohmann::json rows = nlohmann::json::parse(j.out);
  ASSERT_EQ(rows.size(), 2u) << j.out;
  EXPECT_EQ(rows[0]["u"]["key"], "j");
  EXPECT_EQ(rows[0]["u"]["labels"], nlohmann::json({"Job"}));
  EXPECT_EQ(rows[0]["u"]["properties"], nlohmann::json({{"name", "etl"}}));
  EXPECT_EQ(rows[1]["u"]["key"], "a");
  CliRun c = Query("csv", "MATCH (b:Dataset {key: 'b'})<-[*]-(u) RETURN u.key AS k");
  EXPECT_EQ(c.out, "k\r\nj\r\na\r\n");
}

// 12 / 1 and 12 / 2 are written before 12 / 0 fails (column 36 is the `/`).
constexpr const char* kFailsOnThirdRow = "UNWIND [1, 2, 0, 4] AS x RETURN 12 / x AS q";
constexpr const char* kThirdRowError =
    "provgraph: query:1:36: division by zero\n"
    "UNWIND [1, 2, 0, 4] AS x RETURN 12 / x AS q\n"
    "                                   ^\n";

TEST_F(QueryStreamTest, RunTimeErrorAfterRowsLeavesThemCutShort) {
  // JSON: the rows so far, no closing bracket (not valid JSON: no reader
  // takes the part for the whole), a newline; exit 1, the error on stderr.
  CliRun j = Query("json", kFailsOnThirdRow);
  EXPECT_EQ(j.code, 1);
  EXPECT_EQ(j.out, "[{\"q\":12},{\"q\":6}\n");
  EXPECT_EQ(j.err, kThirdRowError);
  EXPECT_TRUE(nlohmann::json::parse(j.out, nullptr, /*allow_exceptions=*/false).is_discarded());
  // CSV: the header and the whole rows so far; only the exit code tells.
  CliRun c = Query("csv", kFailsOnThirdRow);
  EXPECT_EQ(c.code, 1);
  EXPECT_EQ(c.out, "q\r\n12\r\n6\r\n");
  EXPECT_EQ(c.err, kThirdRowError);
}

TEST_F(QueryStreamTest, RunTimeErrorBeforeTheFirstRowWritesNothing) {
  const std::string q = "UNWIND [0, 1] AS x RETURN 1 / x AS q";
  const std::string err = "provgraph: query:1:29: division by zero\n" + q + "\n" + std::string(28, ' ') + "^\n";
  for (const std::string format : {"json", "csv"}) {
    CliRun r = Query(format, q);
    EXPECT_EQ(r.code, 1) << format;
    EXPECT_EQ(r.out, "") << format;
    EXPECT_EQ(r.err, err) << format;
  }
  // A bad SKIP fails before any operator runs: nothing written either.
  CliRun r = Query("json", "UNWIND [1] AS x RETURN x SKIP -1");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("SKIP needs a non-negative integer"), std::string::npos) << r.err;
}

TEST_F(QueryStreamTest, ShellStreamsAndStopsTheSameWay) {
  CliRun s = Shell("json", "RETURN 1 AS one;\n" + std::string(kFailsOnThirdRow) + ";\nRETURN 2 AS two;\n");
  EXPECT_EQ(s.code, 1);
  EXPECT_EQ(s.out, "[{\"one\":1}]\n[{\"q\":12},{\"q\":6}\n");  // the statement after the error did not run
  EXPECT_EQ(s.err, kThirdRowError);
  s = Shell("csv", std::string(kFailsOnThirdRow) + ";\n");
  EXPECT_EQ(s.code, 1);
  EXPECT_EQ(s.out, "q\r\n12\r\n6\r\n");
}

TEST_F(QueryStreamTest, ProfileAndExplainPrintThePlanFirst) {
  CliRun p = Query("json", "PROFILE UNWIND [1, 2] AS x RETURN x");
  ASSERT_EQ(p.code, 0) << p.err;
  const std::string rows = "[{\"x\":1},{\"x\":2}]\n";
  ASSERT_GT(p.out.size(), rows.size());
  EXPECT_EQ(p.out.substr(p.out.size() - rows.size()), rows);
  const std::string plan = p.out.substr(0, p.out.size() - rows.size());
  EXPECT_NE(plan.find("ProduceResults"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("{\"x\""), std::string::npos) << plan;  // no row before the plan
  CliRun e = Query("csv", "EXPLAIN UNWIND [1, 2] AS x RETURN x");
  ASSERT_EQ(e.code, 0) << e.err;
  ASSERT_GT(e.out.size(), 3u);
  EXPECT_EQ(e.out.substr(e.out.size() - 3), "x\r\n");  // the plan, then the header, no rows
  EXPECT_NE(e.out.find("ProduceResults"), std::string::npos) << e.out;
}

}  // namespace
}  // namespace provgraph
