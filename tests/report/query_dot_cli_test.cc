// `provgraph query --format dot`: the nodes and relationships of a result as
// a Graphviz digraph, deterministic and correctly escaped. The expected text
// is written by hand from the CSV below (node ids follow the nodes file's
// rows, edge ids the edges file's); Graphviz's own `dot -Tsvg` is the
// oracle that the quoting renders as the original keys.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CliRun;

class QueryDotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_ / "n.csv", ":ID,:LABEL\nsrc,Dataset\n\"we\"\"ird\\k\",Dataset\nj,Job\n");
    testing::WriteFile(dir_ / "e.csv", ":START_ID,:END_ID,:TYPE\nsrc,j,FEEDS\nj,\"we\"\"ird\\k\",FEEDS\n");
    ASSERT_EQ(Run("load csv --nodes " + (dir_ / "n.csv") + " --edges " + (dir_ / "e.csv")).code, 0);
  }
  CliRun Run(const std::string& args) {
    return testing::RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + (dir_ / "s.store"),
                                 dir_.path());
  }
  CliRun Query(const std::string& q, const std::string& format = "dot") {
    testing::WriteFile(dir_ / "q.cypher", q);
    return testing::RunCapturing(std::string(PROVGRAPH_BIN) + " query --format " + format + " --store " +
                                     (dir_ / "s.store") + " < " + (dir_ / "q.cypher"),
                                 dir_.path());
  }
  testing::TempDir dir_;
};

constexpr const char* kHeader = "digraph result {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";

TEST_F(QueryDotTest, PathsGiveTheirNodesAndEdgesOnceEach) {
  CliRun r = Query("MATCH p = (:Dataset {key: 'src'})-[:FEEDS*1..2]->() RETURN p");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(kHeader) +
                       "  n0 [label=\"Dataset\\nsrc\", tooltip=\"Dataset:src\"];\n"
                       "  n1 [label=\"Dataset\\nwe\\\"ird\\\\k\", tooltip=\"Dataset:we\\\"ird\\\\k\"];\n"
                       "  n2 [label=\"Job\\nj\", tooltip=\"Job:j\"];\n"
                       "  n0 -> n2 [label=\"FEEDS\", id=\"e0\"];\n"
                       "  n2 -> n1 [label=\"FEEDS\", id=\"e1\"];\n"
                       "}\n");
  // Deterministic: the same again.
  EXPECT_EQ(Query("MATCH p = (:Dataset {key: 'src'})-[:FEEDS*1..2]->() RETURN p").out, r.out);
}

TEST_F(QueryDotTest, ListsMapsAndRelationshipsAnywhereInTheRow) {
  // A relationship brings both endpoints; a list and a map are searched; scalars are ignored.
  CliRun r = Query("MATCH (a)-[e]->(b:Dataset) RETURN [a] AS l, {x: e} AS m, 1 AS k");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(kHeader) +
                       "  n1 [label=\"Dataset\\nwe\\\"ird\\\\k\", tooltip=\"Dataset:we\\\"ird\\\\k\"];\n"
                       "  n2 [label=\"Job\\nj\", tooltip=\"Job:j\"];\n"
                       "  n2 -> n1 [label=\"FEEDS\", id=\"e1\"];\n"
                       "}\n");
  r = Query("RETURN 1 AS one");
  EXPECT_EQ(r.out, std::string(kHeader) + "}\n");
}

TEST_F(QueryDotTest, GraphvizRendersTheKeysAsTheyAre) {
  CliRun r = Query("MATCH (n) RETURN n");
  ASSERT_EQ(r.code, 0) << r.err;
  testing::WriteFile(dir_ / "g.dot", r.out);
  CliRun dot = testing::RunCapturing("dot -Tsvg " + (dir_ / "g.dot"), dir_.path());
  ASSERT_EQ(dot.code, 0) << dot.err;
  // The SVG shows the key we"ird\k unchanged, XML-escaped, as label text and tooltip.
  EXPECT_NE(dot.out.find(">we&quot;ird\\k</text>"), std::string::npos) << dot.out;
  EXPECT_NE(dot.out.find("xlink:title=\"Dataset:we&quot;ird\\k\""), std::string::npos) << dot.out;
}

TEST_F(QueryDotTest, ShellFormatDot) {
  testing::WriteFile(dir_ / "in.txt", ":format dot\nMATCH (n:Job) RETURN n;\n");
  CliRun r = testing::RunCapturing(
      std::string(PROVGRAPH_BIN) + " shell --store " + (dir_ / "s.store") + " < " + (dir_ / "in.txt"), dir_.path());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find(std::string(kHeader) + "  n2 [label=\"Job\\nj\", tooltip=\"Job:j\"];\n}\n"), std::string::npos)
      << r.out;
}

TEST_F(QueryDotTest, UnknownFormatIsAUsageError) {
  CliRun r = Query("RETURN 1", "svg");
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace provgraph
