// `provgraph shell` end to end: with stdin from a file or a pipe (no
// prompts; stops with exit 1 at the first error), and on a pseudo-terminal
// (prompts, multi-line statements, Tab completion, history in
// $HOME/.provgraph_history, :timing, :quit, Ctrl-D, Ctrl-C, other
// processes' commits).
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
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

// A store with three nodes and two edges, loaded through the binary:
//   Dataset:a {name: alpha} -FEEDS-> Job:j {name: etl} -PRODUCES-> Dataset:b {name: beta}
class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "nodes.csv", ":ID,:LABEL,name\na,Dataset,alpha\nb,Dataset,beta\nj,Job,etl\n");
    WriteFile(dir_ / "edges.csv", ":START_ID,:END_ID,:TYPE\na,j,FEEDS\nj,b,PRODUCES\n");
    CliRun init = Provgraph("init --store " + Store());
    ASSERT_EQ(init.code, 0) << init.err;
    CliRun load = Provgraph("load csv --store " + Store() + " --nodes " + (dir_ / "nodes.csv") + " --edges " +
                            (dir_ / "edges.csv"));
    ASSERT_EQ(load.code, 0) << load.err;
  }

  // Runs provgraph with `args`, stdin from `input` (a file) unless `pipe_from`
  // is given (a command whose output is piped in).
  CliRun Provgraph(const std::string& args, const std::string& input = "/dev/null") {
    return RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " <" + input, dir_.path());
  }
  // `provgraph shell` reading `script` from a file.
  CliRun Shell(const std::string& script, const std::string& options = "") {
    WriteFile(dir_ / "script.cypher", script);
    return Provgraph("shell --store " + Store() + " " + options, dir_ / "script.cypher");
  }
  std::string Store() { return dir_ / "s.store"; }

  TempDir dir_;
};

// --- stdin not a terminal ----------------------------------------------------

TEST_F(ShellTest, ScriptRunsStatementsInOrderWithoutPrompts) {
  CliRun r = Shell(
      "MATCH (d:Dataset)\n"
      "RETURN d.name AS name\n"
      "ORDER BY name;\n"
      ":format csv\n"
      "MATCH (n) RETURN count(n) AS c; RETURN 'a;b' AS s; // done; really\n");
  EXPECT_EQ(r.code, 0) << r.err;
  // Two datasets, alpha and beta, as a table (one column: no padding), then
  // the three nodes and the string as CSV.
  EXPECT_EQ(r.out, "name\n-----\nalpha\nbeta\n(2 rows)\nc\r\n3\r\ns\r\na;b\r\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(ShellTest, PrintsWhatProvgraphQueryPrints) {
  const std::string query = "MATCH (a)-[r]->(b) RETURN a.name AS a, type(r) AS t, b.name AS b ORDER BY a";
  for (const std::string format : {"table", "json", "csv"}) {
    CliRun q = Provgraph("query --store " + Store() + " --format " + format + " -e \"" + query + "\"");
    ASSERT_EQ(q.code, 0) << q.err;
    CliRun s = Shell(query + ";\n", "--format " + format);
    EXPECT_EQ(s.code, 0) << s.err;
    EXPECT_EQ(s.out, q.out) << format;
  }
  // The table by hand: alpha FEEDS etl, etl PRODUCES beta, sorted by a.
  CliRun s = Shell(query + ";\n");
  EXPECT_EQ(s.out,
            "a     | t        | b\n"
            "------+----------+-----\n"
            "alpha | FEEDS    | etl\n"
            "etl   | PRODUCES | beta\n"
            "(2 rows)\n");
}

TEST_F(ShellTest, StopsAtTheFirstErrorWithQuerysMessage) {
  CliRun r = Shell("RETURN 1 AS one;\nMATCH (n RETURN n;\nRETURN 2 AS two;\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "one\n---\n1\n(1 row)\n");  // the statement after the error did not run
  // The parser's message in DESIGN.md's form, with the caret under RETURN.
  EXPECT_EQ(
      r.err,
      "provgraph: query:1:10: expected ')' to close the node pattern, found 'RETURN'\nMATCH (n RETURN n\n         ^\n");
  CliRun q = Provgraph("query --store " + Store() + " -e 'MATCH (n RETURN n'");
  EXPECT_EQ(q.code, 1);
  EXPECT_EQ(q.err, r.err);
}

TEST_F(ShellTest, ErrorLinesCountFromTheStatementsFirstLine) {
  CliRun r = Shell("RETURN 1 AS one;\n\n  MATCH (n)\nRETURN m;\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "provgraph: query:2:8: variable `m` is not defined\nRETURN m\n       ^\n");
}

TEST_F(ShellTest, CommandMistakeStopsTheScript) {
  CliRun r = Shell(":format xml\nRETURN 1 AS one;\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "provgraph: shell: :format expects table, json, csv or dot, got 'xml'\n");
}

TEST_F(ShellTest, ParamsQuitAndAnUnfinishedLastStatement) {
  CliRun r = Shell(":param who alpha\n:param n 1\nMATCH (d:Dataset {name: $who}) RETURN d.name AS x, $n + 1 AS y");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "x     | y\n------+--\nalpha | 2\n(1 row)\n");
  r = Shell("RETURN 1 AS one;\n:quit\nRETURN 2 AS two;\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "one\n---\n1\n(1 row)\n");
}

TEST_F(ShellTest, ReadsFromAPipe) {
  WriteFile(dir_ / "script.cypher", "MATCH (j:Job)\nRETURN j.name AS job;\n:format json\nRETURN 1 AS x;\n");
  CliRun r = RunCapturing("cat " + (dir_ / "script.cypher") + " | " + PROVGRAPH_BIN + " shell --store " + Store(),
                          dir_.path());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "job\n---\netl\n(1 row)\n[{\"x\":1}]\n");
}

TEST_F(ShellTest, MissingStoreAndBadFormat) {
  CliRun r = Provgraph("shell --store " + (dir_ / "nowhere"));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "provgraph: " + (dir_ / "nowhere") + ": no provgraph store here (create one with 'provgraph init')\n");
  EXPECT_EQ(Provgraph("shell --format yaml --store " + Store()).code, 2);
}

// --- on a pseudo-terminal ----------------------------------------------------

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kWait{5000};

// The shell on a pseudo-terminal, with HOME pointed at `home`.
class PtyShell {
 public:
  PtyShell(const std::string& store, const std::string& home) {
    struct winsize size = {};
    size.ws_row = 40;
    size.ws_col = 200;  // no line wrapping in what we type
    pid_ = forkpty(&fd_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      setenv("HOME", home.c_str(), 1);
      setenv("TERM", "dumb", 1);
      setenv("INPUTRC", "/dev/null", 1);
      execl(PROVGRAPH_BIN, PROVGRAPH_BIN, "shell", "--store", store.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~PtyShell() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  bool started() const { return pid_ > 0; }

  void Send(const std::string& text) {
    ASSERT_EQ(write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  // Reads until `pattern` matches the output after the previous match;
  // false after kWait without a match. The match is consumed.
  bool Expect(const std::string& pattern) {
    std::regex re(pattern);
    auto deadline = Clock::now() + kWait;
    while (true) {
      std::smatch m;
      std::string rest = output_.substr(consumed_);
      if (std::regex_search(rest, m, re)) {
        consumed_ += static_cast<size_t>(m.position(0) + m.length(0));
        return true;
      }
      if (!ReadSome(deadline)) return false;
    }
  }
  // Expect() with `text` taken literally.
  bool ExpectText(const std::string& text) {
    return Expect(std::regex_replace(text, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)"));
  }
  bool ExpectPrompt() { return ExpectText("provgraph> "); }

  // Waits for the process to exit (reading what it still prints); its exit
  // code, or -1 when it did not exit normally within kWait.
  int Wait() {
    auto deadline = Clock::now() + kWait;
    while (Clock::now() < deadline) {
      int status = 0;
      pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ReadSome(Clock::now() + std::chrono::milliseconds(20));
    }
    return -1;
  }

  // Everything not yet matched, for failure messages.
  std::string rest() const { return output_.substr(consumed_); }

 private:
  bool ReadSome(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    struct pollfd p = {fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[4096];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO once the child is gone
    output_.append(buf, static_cast<size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string output_;
  size_t consumed_ = 0;
};

class ShellPtyTest : public ShellTest {
 protected:
  std::string Home() { return dir_.path(); }
};

TEST_F(ShellPtyTest, MultiLineStatementWithContinuationPrompt) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.started());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("MATCH (d:Dataset)\r");
  ASSERT_TRUE(sh.ExpectText("        -> ")) << sh.rest();
  sh.Send("RETURN count(d) AS n;\r");
  // Two datasets; the terminal turns "\n" into "\r\n".
  EXPECT_TRUE(sh.ExpectText("n\r\n-\r\n2\r\n(1 row)\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, TabCompletesALabel) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("MATCH (x:Da\t");
  ASSERT_TRUE(sh.ExpectText("taset")) << sh.rest();  // readline adds the rest of "Dataset"
  sh.Send(") RETURN count(x) AS c;\r");
  // Only the completed label matches both datasets ("Da" would match none).
  EXPECT_TRUE(sh.ExpectText("c\r\n-\r\n2\r\n(1 row)\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send("\x04");  // Ctrl-D
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, HistoryPersistsAcrossSessions) {
  {
    PtyShell sh(Store(), Home());
    ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
    sh.Send("RETURN 41 + 1 AS answer;\r");
    ASSERT_TRUE(sh.ExpectText("(1 row)")) << sh.rest();
    ASSERT_TRUE(sh.ExpectPrompt());
    sh.Send(":quit\r");
    ASSERT_EQ(sh.Wait(), 0);
  }
  EXPECT_NE(Slurp(Home() + "/.provgraph_history").find("RETURN 41 + 1 AS answer;"), std::string::npos);
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("\x1b[A");  // up arrow: the last line of the previous session
  ASSERT_TRUE(sh.ExpectText(":quit")) << sh.rest();
  sh.Send("\x1b[A");  // and the one before
  ASSERT_TRUE(sh.ExpectText("RETURN 41 + 1 AS answer;")) << sh.rest();
  sh.Send("\r");
  EXPECT_TRUE(sh.ExpectText("answer\r\n------\r\n42\r\n(1 row)\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, TimingShowsTheElapsedTime) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send(":timing on\r");
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("RETURN 1 AS x;\r");
  EXPECT_TRUE(sh.ExpectText("(1 row)")) << sh.rest();
  EXPECT_TRUE(sh.Expect(R"(Time: [0-9]+\.[0-9]{3} ms\r\n)")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, ErrorsAreReportedAndTheShellGoesOn) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("MATCH (n RETURN n;\r");
  EXPECT_TRUE(
      sh.ExpectText("provgraph: query:1:10: expected ')' to close the node pattern, found 'RETURN'\r\nMATCH (n RETURN "
                    "n\r\n         ^\r\n"))
      << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":nope\r");
  EXPECT_TRUE(sh.ExpectText("provgraph: shell: unknown command ':nope'")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send("RETURN 7 AS seven;\r");
  EXPECT_TRUE(sh.ExpectText("seven\r\n-----\r\n7\r\n(1 row)\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, CtrlCDropsTheUnfinishedStatement) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("MATCH (n:Dataset)\r");
  ASSERT_TRUE(sh.ExpectText("        -> ")) << sh.rest();
  sh.Send("RETURN 'half");
  ASSERT_TRUE(sh.ExpectText("RETURN 'half")) << sh.rest();
  sh.Send("\x03");  // Ctrl-C
  ASSERT_TRUE(sh.ExpectText("^C\r\nprovgraph> ")) << sh.rest();
  // Nothing of the dropped statement is left to join this one.
  sh.Send("RETURN 3 AS three;\r");
  EXPECT_TRUE(sh.ExpectText("three\r\n-----\r\n3\r\n(1 row)\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

TEST_F(ShellPtyTest, SeesCommitsOfOtherProcesses) {
  PtyShell sh(Store(), Home());
  ASSERT_TRUE(sh.ExpectPrompt()) << sh.rest();
  sh.Send("MATCH (m:Model) RETURN count(m) AS models;\r");
  ASSERT_TRUE(sh.ExpectText("models\r\n------\r\n0\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  // Another process loads a model while the shell waits at its prompt.
  WriteFile(dir_ / "model.csv", ":ID,:LABEL\nm,Model\n");
  CliRun load = Provgraph("load csv --store " + Store() + " --nodes " + (dir_ / "model.csv"));
  ASSERT_EQ(load.code, 0) << load.err;
  sh.Send("MATCH (m:Model) RETURN count(m) AS models;\r");
  EXPECT_TRUE(sh.ExpectText("models\r\n------\r\n1\r\n")) << sh.rest();
  ASSERT_TRUE(sh.ExpectPrompt());
  sh.Send(":quit\r");
  EXPECT_EQ(sh.Wait(), 0);
}

}  // namespace
}  // namespace provgraph
