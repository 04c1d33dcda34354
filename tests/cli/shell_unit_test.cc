// The shell's pure logic, no terminal: statement splitting, completion
// candidates, :schema counts and the : commands (parameter typing above all).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "app/shell/completion.h"
#include "app/shell/meta_commands.h"
#include "app/shell/repl.h"
#include "app/shell/schema.h"
#include "app/shell/statement_splitter.h"
#include "tests/test_util.h"

namespace provgraph::app::shell {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Strings = std::vector<std::string>;

// --- statement splitting -----------------------------------------------

TEST(StatementSplitterTest, OneStatementTrimmedWithoutSemicolon) {
  SplitResult r = SplitStatements("  RETURN 1 ;  ");
  EXPECT_THAT(r.statements, ElementsAre("RETURN 1"));
  EXPECT_EQ(r.rest, "  ");
}

TEST(StatementSplitterTest, SeveralStatementsOnOneLineAndARest) {
  SplitResult r = SplitStatements("RETURN 1; RETURN 2;RETURN 3");
  EXPECT_THAT(r.statements, ElementsAre("RETURN 1", "RETURN 2"));
  EXPECT_EQ(r.rest, "RETURN 3");
}

TEST(StatementSplitterTest, SemicolonInsideStringsAndQuotedNamesDoesNotEnd) {
  EXPECT_THAT(SplitStatements("RETURN 'a;b', \"c;d\";").statements, ElementsAre("RETURN 'a;b', \"c;d\""));
  // An escaped quote does not close the literal.
  EXPECT_THAT(SplitStatements(R"(RETURN 'it\'s;', "say \";";)").statements,
              ElementsAre(R"(RETURN 'it\'s;', "say \";")"));
  // The other quote kind inside a literal is just a character.
  EXPECT_THAT(SplitStatements("RETURN \"it's;\";").statements, ElementsAre("RETURN \"it's;\""));
  EXPECT_THAT(SplitStatements("MATCH (n:`a;b``;`) RETURN n;").statements, ElementsAre("MATCH (n:`a;b``;`) RETURN n"));
}

TEST(StatementSplitterTest, SemicolonInsideCommentsDoesNotEnd) {
  EXPECT_THAT(SplitStatements("RETURN 1 // not; the end\n, 2;").statements,
              ElementsAre("RETURN 1 // not; the end\n, 2"));
  EXPECT_THAT(SplitStatements("RETURN /* ; */ 1;").statements, ElementsAre("RETURN /* ; */ 1"));
  // A quote inside a comment opens nothing.
  EXPECT_THAT(SplitStatements("RETURN 1 /* it's */; RETURN 2;").statements,
              ElementsAre("RETURN 1 /* it's */", "RETURN 2"));
  // Division is not a comment.
  EXPECT_THAT(SplitStatements("RETURN 4 / 2; RETURN 1;").statements, ElementsAre("RETURN 4 / 2", "RETURN 1"));
}

TEST(StatementSplitterTest, BlankStatementsAreDropped) {
  SplitResult r = SplitStatements(";; // only a comment\n; /* and this */ ;");
  EXPECT_THAT(r.statements, IsEmpty());
  EXPECT_EQ(r.rest, "");
}

TEST(StatementSplitterTest, BlankAndEndStates) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \n\t// comment"));
  EXPECT_TRUE(IsBlank("/* done */\n"));
  EXPECT_FALSE(IsBlank("/* open"));
  EXPECT_FALSE(IsBlank("'"));
  EXPECT_FALSE(IsBlank("RETURN"));
  EXPECT_EQ(StateAtEnd("RETURN 'a"), ScanState::kSingleQuoted);
  EXPECT_EQ(StateAtEnd("RETURN \"a\\\""), ScanState::kDoubleQuoted);
  EXPECT_EQ(StateAtEnd("MATCH (n:`a"), ScanState::kBacktick);
  EXPECT_EQ(StateAtEnd("RETURN 1 // x"), ScanState::kLineComment);
  EXPECT_EQ(StateAtEnd("RETURN 1 /* x *"), ScanState::kBlockComment);
  EXPECT_EQ(StateAtEnd("RETURN 'a' /* x */ // y\n"), ScanState::kCode);
}

TEST(StatementBufferTest, MultiLineStatement) {
  StatementBuffer buffer;
  EXPECT_TRUE(buffer.empty());
  EXPECT_THAT(buffer.AddLine("MATCH (n)"), IsEmpty());
  EXPECT_FALSE(buffer.empty());
  EXPECT_THAT(buffer.AddLine("  WHERE n.x = 1"), IsEmpty());
  EXPECT_THAT(buffer.AddLine("RETURN n; RETURN 2;"), ElementsAre("MATCH (n)\n  WHERE n.x = 1\nRETURN n", "RETURN 2"));
  EXPECT_TRUE(buffer.empty());
}

TEST(StatementBufferTest, LiteralsAndCommentsSpanLines) {
  StatementBuffer buffer;
  EXPECT_THAT(buffer.AddLine("RETURN 'a;"), IsEmpty());
  EXPECT_THAT(buffer.AddLine("b;' AS s;"), ElementsAre("RETURN 'a;\nb;' AS s"));
  EXPECT_TRUE(buffer.empty());
  EXPECT_THAT(buffer.AddLine("/* ;"), IsEmpty());
  EXPECT_FALSE(buffer.empty());
  EXPECT_THAT(buffer.AddLine("; */ RETURN 1; RETURN"), ElementsAre("/* ;\n; */ RETURN 1"));
  EXPECT_FALSE(buffer.empty());
  EXPECT_EQ(buffer.TakePending(), "RETURN");
  EXPECT_TRUE(buffer.empty());
}

TEST(StatementBufferTest, BlankLinesAndCommentsLeaveItEmpty) {
  StatementBuffer buffer;
  EXPECT_THAT(buffer.AddLine(""), IsEmpty());
  EXPECT_THAT(buffer.AddLine("// a comment; with a semicolon"), IsEmpty());
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.pending(), "");
}

// --- a small store ---------------------------------------------------------
//
// At 2024-01-01:                          At 2024-02-01:
//   Dataset:a {name, rows}                  b loses `name`
//   Dataset:b {name}                        Job:old is closed (so its
//   Dataset+Table:c {rows}                  PRODUCES edge is no longer
//   Job:j {owner}                           valid either)
//   Job:old {owner, legacy}
//   `Raw Data`:r
//   a -FEEDS {weight}-> j, j -PRODUCES-> b, j -PRODUCES-> c, old -PRODUCES-> a
class SmallStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenOrDie(dir_ / "s.store");
    ASSERT_NE(store_, nullptr);
    Timestamp t1 = testing::T("2024-01-01T00:00:00Z");
    Timestamp t2 = testing::T("2024-02-01T00:00:00Z");
    Batch b;
    auto a = b.UpsertNode({"Dataset"}, "a", t1);
    b.SetProperty(a, "name", "A", t1);
    b.SetProperty(a, "rows", 10, t1);
    auto bn = b.UpsertNode({"Dataset"}, "b", t1);
    b.SetProperty(bn, "name", "B", t1);
    auto c = b.UpsertNode({"Dataset", "Table"}, "c", t1);
    b.SetProperty(c, "rows", 5, t1);
    auto j = b.UpsertNode({"Job"}, "j", t1);
    b.SetProperty(j, "owner", "ann", t1);
    auto old = b.UpsertNode({"Job"}, "old", t1);
    b.SetProperty(old, "owner", "bob", t1);
    b.SetProperty(old, "legacy", true, t1);
    b.UpsertNode({"Raw Data"}, "r", t1);
    auto feeds = b.UpsertEdge("FEEDS", a, j, t1);
    b.SetEdgeProperty(feeds, "weight", 1.5, t1);
    b.UpsertEdge("PRODUCES", j, bn, t1);
    b.UpsertEdge("PRODUCES", j, c, t1);
    b.UpsertEdge("PRODUCES", old, a, t1);
    b.RemoveProperty(bn, "name", t2);
    b.CloseNode(old, t2);
    testing::CommitOrDie(*store_, b);
    vocabulary_ = VocabularyOf(store_->graph());
  }

  Completion Complete(std::string_view before, std::string_view word) {
    return CompletionCandidates(before, word, vocabulary_);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Vocabulary vocabulary_;
};

// --- completion ------------------------------------------------------------

TEST_F(SmallStoreTest, VocabularyHasEveryNameSorted) {
  EXPECT_THAT(vocabulary_.labels, ElementsAre("Dataset", "Job", "Raw Data", "Table"));
  EXPECT_THAT(vocabulary_.types, ElementsAre("FEEDS", "PRODUCES"));
  EXPECT_THAT(vocabulary_.property_keys, ElementsAre("legacy", "name", "owner", "rows", "weight"));
}

TEST_F(SmallStoreTest, CompletesLabelsInNodePatterns) {
  Completion c = Complete("MATCH (n:", "Da");
  EXPECT_THAT(c.candidates, ElementsAre("Dataset"));
  EXPECT_FALSE(c.append_space);
  EXPECT_THAT(Complete("MATCH (n:", "").candidates, ElementsAre("Dataset", "Job", "Table", "`Raw Data`"));
  EXPECT_THAT(Complete("MATCH (n:Dataset:", "T").candidates, ElementsAre("Table"));
  // Labels are case-sensitive.
  EXPECT_THAT(Complete("MATCH (n:", "da").candidates, IsEmpty());
  // Names that are not identifiers come back quoted.
  EXPECT_THAT(Complete("MATCH (n:", "Ra").candidates, ElementsAre("`Raw Data`"));
}

TEST_F(SmallStoreTest, CompletesTypesInRelationshipPatterns) {
  EXPECT_THAT(Complete("MATCH (a)-[r:", "").candidates, ElementsAre("FEEDS", "PRODUCES"));
  EXPECT_THAT(Complete("MATCH (a)-[r:FEEDS|", "PR").candidates, ElementsAre("PRODUCES"));
  EXPECT_THAT(Complete("MATCH (a)<-[:", "F").candidates, ElementsAre("FEEDS"));
  // A `:` outside any bracket may be either.
  EXPECT_THAT(Complete("MATCH (n) WHERE n:", "").candidates,
              ElementsAre("Dataset", "FEEDS", "Job", "PRODUCES", "Table", "`Raw Data`"));
}

TEST_F(SmallStoreTest, CompletesPropertyKeys) {
  Completion c = Complete("MATCH (n) WHERE n.", "na");
  EXPECT_THAT(c.candidates, ElementsAre("name"));
  EXPECT_FALSE(c.append_space);
  EXPECT_THAT(Complete("MATCH (n:Dataset {", "ro").candidates, ElementsAre("rows"));
  EXPECT_THAT(Complete("MATCH (n:Dataset {name: 'A', ", "").candidates,
              ElementsAre("legacy", "name", "owner", "rows", "weight"));
  // Earlier lines of a multi-line statement are context.
  EXPECT_THAT(Complete("MATCH (n)\nRETURN n.", "o").candidates, ElementsAre("owner"));
}

TEST_F(SmallStoreTest, CompletesKeywordsInAnyCase) {
  Completion c = Complete("", "mat");
  EXPECT_THAT(c.candidates, ElementsAre("MATCH"));
  EXPECT_TRUE(c.append_space);
  EXPECT_THAT(Complete("MATCH (n) ", "RET").candidates, ElementsAre("RETURN"));
  EXPECT_THAT(Complete("MATCH (n) RETURN n ORDER BY n.name ", "desc").candidates, ElementsAre("DESC", "DESCENDING"));
  EXPECT_THAT(Complete("MATCH (n) WHERE n.rows > 1 ", "o").candidates, ElementsAre("OPTIONAL", "OR", "ORDER"));
  // A map value position is not a key position.
  EXPECT_THAT(Complete("MATCH (n {name: ", "tr").candidates, ElementsAre("TRUE"));
  EXPECT_THAT(Complete("", "zzz").candidates, IsEmpty());
}

TEST_F(SmallStoreTest, NothingInsideLiteralsOrComments) {
  EXPECT_THAT(Complete("RETURN 'n:", "Da").candidates, IsEmpty());
  EXPECT_THAT(Complete("RETURN \"x ", "mat").candidates, IsEmpty());
  EXPECT_THAT(Complete("RETURN 1 // n.", "na").candidates, IsEmpty());
  EXPECT_THAT(Complete("RETURN /* (n:", "Da").candidates, IsEmpty());
  // After a closed literal or comment completion works again.
  EXPECT_THAT(Complete("RETURN 'x' /* c */ // d\nMATCH (n:", "Jo").candidates, ElementsAre("Job"));
}

TEST_F(SmallStoreTest, CompletesCommandsAndTheirArguments) {
  EXPECT_THAT(Complete(":", "").candidates,
              ElementsAre("format", "help", "param", "params", "quit", "schema", "timing"));
  EXPECT_THAT(Complete(":", "sch").candidates, ElementsAre("schema"));
  EXPECT_THAT(Complete("  :", "pa").candidates, ElementsAre("param", "params"));
  EXPECT_THAT(Complete(":format ", "").candidates, ElementsAre("csv", "dot", "json", "table"));
  EXPECT_THAT(Complete(":format ", "j").candidates, ElementsAre("json"));
  EXPECT_THAT(Complete(":timing ", "o").candidates, ElementsAre("off", "on"));
  EXPECT_THAT(Complete(":format json ", "").candidates, IsEmpty());
  EXPECT_THAT(Complete(":param ", "").candidates, IsEmpty());
}

// --- :schema ---------------------------------------------------------------

TEST_F(SmallStoreTest, SchemaCountsWhatIsValidNow) {
  SchemaCounts counts = CountSchema(store_->graph());
  // Dataset: a, b, c; Table: c (an extra label); Job: j (old is closed);
  // Raw Data: r.
  EXPECT_EQ(counts.labels,
            (std::map<std::string, uint64_t>{{"Dataset", 3}, {"Job", 1}, {"Raw Data", 1}, {"Table", 1}}));
  // FEEDS: a->j; PRODUCES: j->b, j->c (old->a lost its source).
  EXPECT_EQ(counts.types, (std::map<std::string, uint64_t>{{"FEEDS", 1}, {"PRODUCES", 2}}));
  // name: a (b's was removed); rows: a, c; owner: j; weight: the FEEDS
  // edge; legacy: only on the closed node.
  EXPECT_EQ(counts.property_keys,
            (std::map<std::string, uint64_t>{{"legacy", 0}, {"name", 1}, {"owner", 1}, {"rows", 2}, {"weight", 1}}));
}

TEST_F(SmallStoreTest, SchemaCommandPrintsInTheCurrentFormat) {
  ShellSettings settings;
  settings.format = "csv";
  std::ostringstream out, err;
  EXPECT_EQ(RunMetaCommand(":schema", settings, store_.get(), out, err), MetaOutcome::kDone);
  EXPECT_EQ(out.str(),
            "kind,name,count\r\n"
            "label,Dataset,3\r\nlabel,Job,1\r\nlabel,Raw Data,1\r\nlabel,Table,1\r\n"
            "type,FEEDS,1\r\ntype,PRODUCES,2\r\n"
            "property,legacy,0\r\nproperty,name,1\r\nproperty,owner,1\r\nproperty,rows,2\r\nproperty,weight,1\r\n");
  EXPECT_EQ(err.str(), "");
}

// --- the loop, with scripted input ------------------------------------------

// Hands out prepared lines and records which prompt each read would show.
class ScriptedReader : public LineReader {
 public:
  explicit ScriptedReader(std::vector<std::pair<ReadStatus, std::string>> script) : script_(std::move(script)) {}
  ReadStatus ReadLine(bool continuation, std::string& line) override {
    continuations.push_back(continuation);
    if (next_ == script_.size()) return ReadStatus::kEnd;
    line = script_[next_].second;
    return script_[next_++].first;
  }
  std::vector<bool> continuations;

 private:
  std::vector<std::pair<ReadStatus, std::string>> script_;
  size_t next_ = 0;
};

constexpr ReadStatus kLine = ReadStatus::kLine;

TEST_F(SmallStoreTest, InteractiveLoopReportsErrorsAndGoesOn) {
  ScriptedReader reader({{kLine, "MATCH (d:Dataset)"},
                         {ReadStatus::kInterrupted, ""},  // Ctrl-C drops the line above
                         {kLine, "RETURN 1 AS one; RETURN x;"},
                         {kLine, ":nope"},
                         {kLine, "RETURN 2"},
                         {kLine, "  AS two;"},
                         {kLine, "RETURN 'unfinished"}});
  StatementBuffer buffer;
  ShellSettings settings;
  std::ostringstream out, err;
  EXPECT_EQ(RunRepl(reader, buffer, *store_, settings, /*interactive=*/true, out, err), 0);
  EXPECT_EQ(out.str(), "one\n---\n1\n(1 row)\ntwo\n---\n2\n(1 row)\n\n");  // the unfinished one is dropped
  EXPECT_EQ(err.str(),
            "provgraph: query:1:8: variable `x` is not defined\nRETURN x\n       ^\n"
            "provgraph: shell: unknown command ':nope' (:help lists the commands)\n");
  // The continuation prompt shows while a statement is pending.
  EXPECT_THAT(reader.continuations, ElementsAre(false, true, false, false, false, true, false, true));
}

TEST_F(SmallStoreTest, ScriptLoopStopsAtTheFirstErrorAndRunsAnUnfinishedLastStatement) {
  {
    ScriptedReader reader({{kLine, "RETURN 1 AS one;"}, {kLine, "RETURN x;"}, {kLine, "RETURN 2 AS two;"}});
    StatementBuffer buffer;
    ShellSettings settings;
    std::ostringstream out, err;
    EXPECT_EQ(RunRepl(reader, buffer, *store_, settings, /*interactive=*/false, out, err), 1);
    EXPECT_EQ(out.str(), "one\n---\n1\n(1 row)\n");
    EXPECT_EQ(err.str(), "provgraph: query:1:8: variable `x` is not defined\nRETURN x\n       ^\n");
  }
  ScriptedReader reader({{kLine, ":format csv"}, {kLine, "MATCH (d:Dataset) RETURN count(d) AS n"}});
  StatementBuffer buffer;
  ShellSettings settings;
  std::ostringstream out, err;
  EXPECT_EQ(RunRepl(reader, buffer, *store_, settings, /*interactive=*/false, out, err), 0);
  EXPECT_EQ(out.str(), "n\r\n3\r\n");  // a, b, c
  EXPECT_EQ(err.str(), "");
}

// --- : commands ------------------------------------------------------------

struct MetaRun {
  MetaOutcome outcome;
  std::string out, err;
};

MetaRun Meta(const std::string& line, ShellSettings& settings) {
  std::ostringstream out, err;
  MetaOutcome outcome = RunMetaCommand(line, settings, nullptr, out, err);
  return {outcome, out.str(), err.str()};
}

TEST(MetaCommandTest, ParamValuesAreTypedLikeQueryParam) {
  // As `provgraph query --param name=value`: JSON when the text parses as
  // JSON, else the text itself as a string.
  ShellSettings s;
  for (const char* line :
       {":param i 42", ":param f 1.5", ":param t true", ":param z null", ":param q \"42\"", ":param w hello world",
        ":param l [1, \"a\"]", ":param m {\"k\": 2}", ":param e x=y", ":param $d -3", ":param k=v=1"}) {
    MetaRun r = Meta(line, s);
    EXPECT_EQ(r.outcome, MetaOutcome::kDone) << line << ": " << r.err;
  }
  using T = query::QueryValue::Type;
  ASSERT_EQ(s.params.size(), 11u);
  EXPECT_EQ(s.params.at("i").type(), T::kInt);
  EXPECT_EQ(s.params.at("i").as_int(), 42);
  EXPECT_EQ(s.params.at("f").type(), T::kFloat);
  EXPECT_EQ(s.params.at("f").as_float(), 1.5);
  EXPECT_EQ(s.params.at("t").type(), T::kBool);
  EXPECT_EQ(s.params.at("z").type(), T::kNull);
  EXPECT_EQ(s.params.at("q").type(), T::kString);
  EXPECT_EQ(s.params.at("q").as_string(), "42");
  EXPECT_EQ(s.params.at("w").as_string(), "hello world");
  ASSERT_EQ(s.params.at("l").type(), T::kList);
  EXPECT_EQ(s.params.at("l").as_list().size(), 2u);
  EXPECT_EQ(s.params.at("l").as_list()[1].as_string(), "a");
  ASSERT_EQ(s.params.at("m").type(), T::kMap);
  EXPECT_EQ(s.params.at("m").as_map().at("k").as_int(), 2);
  EXPECT_EQ(s.params.at("e").as_string(), "x=y");
  EXPECT_EQ(s.params.at("d").as_int(), -3);
  EXPECT_EQ(s.params.at("k").as_string(), "v=1");

  MetaRun list = Meta(":params", s);
  EXPECT_EQ(list.outcome, MetaOutcome::kDone);
  EXPECT_EQ(list.out,
            "$d = -3\n$e = \"x=y\"\n$f = 1.5\n$i = 42\n$k = \"v=1\"\n$l = [1,\"a\"]\n$m = {\"k\":2}\n"
            "$q = \"42\"\n$t = true\n$w = \"hello world\"\n$z = null\n");
}

TEST(MetaCommandTest, ParamReplacesAnEarlierValue) {
  ShellSettings s;
  EXPECT_EQ(Meta(":param x 1", s).outcome, MetaOutcome::kDone);
  EXPECT_EQ(Meta(":param x 'one'", s).outcome, MetaOutcome::kDone);
  EXPECT_EQ(Meta(":params", s).out, "$x = \"'one'\"\n");
}

TEST(MetaCommandTest, FormatAndTiming) {
  ShellSettings s;
  EXPECT_EQ(Meta(":format", s).out, "format: table\n");
  EXPECT_EQ(Meta(":format json", s).outcome, MetaOutcome::kDone);
  EXPECT_EQ(s.format, "json");
  EXPECT_EQ(Meta("  :format   csv  ", s).outcome, MetaOutcome::kDone);
  EXPECT_EQ(s.format, "csv");
  EXPECT_EQ(Meta(":timing", s).out, "timing: off\n");
  EXPECT_EQ(Meta(":timing on", s).outcome, MetaOutcome::kDone);
  EXPECT_TRUE(s.timing);
  EXPECT_EQ(Meta(":timing", s).out, "timing: on\n");
  EXPECT_EQ(Meta(":timing off", s).outcome, MetaOutcome::kDone);
  EXPECT_FALSE(s.timing);
}

TEST(MetaCommandTest, MistakesAreReportedAndChangeNothing) {
  ShellSettings s;
  MetaRun r = Meta(":format xml", s);
  EXPECT_EQ(r.outcome, MetaOutcome::kFailed);
  EXPECT_EQ(r.err, "provgraph: shell: :format expects table, json, csv or dot, got 'xml'\n");
  EXPECT_EQ(s.format, "table");
  r = Meta(":timing maybe", s);
  EXPECT_EQ(r.err, "provgraph: shell: :timing expects on or off, got 'maybe'\n");
  r = Meta(":param lonely", s);
  EXPECT_EQ(r.outcome, MetaOutcome::kFailed);
  EXPECT_EQ(r.err, "provgraph: shell: :param expects a name and a value, e.g. :param key 'x'\n");
  EXPECT_TRUE(s.params.empty());
  r = Meta(":frobnicate", s);
  EXPECT_EQ(r.outcome, MetaOutcome::kFailed);
  EXPECT_EQ(r.err, "provgraph: shell: unknown command ':frobnicate' (:help lists the commands)\n");
  r = Meta(":quit now", s);
  EXPECT_EQ(r.outcome, MetaOutcome::kFailed);
  EXPECT_EQ(r.err, "provgraph: shell: :quit takes no argument\n");
}

TEST(MetaCommandTest, QuitAndHelp) {
  ShellSettings s;
  EXPECT_EQ(Meta(":quit", s).outcome, MetaOutcome::kQuit);
  MetaRun help = Meta(":help", s);
  EXPECT_EQ(help.outcome, MetaOutcome::kDone);
  for (const std::string& name : MetaCommandNames()) {
    EXPECT_NE(help.out.find("  :" + name), std::string::npos) << name;
  }
  EXPECT_TRUE(IsMetaCommand("  :help"));
  EXPECT_FALSE(IsMetaCommand("MATCH (n:Dataset) RETURN n"));
}

}  // namespace
}  // namespace provgraph::app::shell
