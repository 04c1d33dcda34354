// Progress bars of the long commands (`load csv`, `load openlineage`,
// `drift run`): drawn on
// standard error when it is a terminal (a pseudo-terminal here, standard
// output going to a file), cleared when done, and absent when standard error
// is not a terminal.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/cli_run.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CliRun;
using testing::RunCapturing;
using testing::Slurp;
using testing::TempDir;
using testing::WriteFile;

struct TerminalRun {
  int code = -1;
  std::string out;       // standard output (a file)
  std::string terminal;  // what reached the terminal (standard error)
};

// Runs provgraph with `args`, standard error on a pseudo-terminal, standard
// input from /dev/null and standard output into `out_path`.
TerminalRun RunOnTerminal(const std::vector<std::string>& args, const std::string& out_path) {
  TerminalRun r;
  struct winsize size = {};
  size.ws_row = 40;
  size.ws_col = 200;
  int fd = -1;
  const pid_t pid = forkpty(&fd, nullptr, nullptr, &size);
  if (pid < 0) return r;
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || in < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(in, STDIN_FILENO) < 0) _exit(126);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(PROVGRAPH_BIN));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(PROVGRAPH_BIN, argv.data());
    _exit(127);
  }
  // Read the terminal until the child closes it (EIO on Linux), 60 s at most.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      continue;
    }
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    r.terminal.append(buf, static_cast<size_t>(n));
  }
  if (r.code == -1) {
    // The child closed the terminal (it is exiting), or the deadline passed.
    int status = 0;
    if (std::chrono::steady_clock::now() >= deadline) kill(pid, SIGKILL);
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.code = WEXITSTATUS(status);
  }
  close(fd);
  r.out = Slurp(out_path);
  return r;
}

// The bar of app/progress.cc at 100 %: label, 30 '#', percentage.
std::string FullBar(const std::string& label) { return "\r" + label + " [" + std::string(30, '#') + "] 100%"; }
const std::string kClearLine = "\r\033[K";

class ProgressTest : public ::testing::Test {
 protected:
  std::string Store() const { return dir_ / "s.store"; }
  CliRun Piped(const std::string& args) {
    return RunCapturing(std::string(PROVGRAPH_BIN) + " " + args + " --store " + Store() + " </dev/null", dir_.path());
  }
  TempDir dir_;
};

TEST_F(ProgressTest, LoadCsvDrawsItsBarOnATerminalAndClearsIt) {
  WriteFile(dir_ / "nodes.csv", ":ID,:LABEL,name\na,Dataset,alpha\nb,Dataset,beta\n");
  WriteFile(dir_ / "edges.csv", ":START_ID,:END_ID,:TYPE\na,b,FEEDS\n");
  TerminalRun t = RunOnTerminal({"load", "csv", "--store", Store(), "--nodes", dir_ / "nodes.csv", "--edges",
                                 dir_ / "edges.csv", "--at", "2026-01-01T00:00:00Z"},
                                dir_ / "tty_out");
  ASSERT_EQ(t.code, 0) << t.terminal;
  const size_t bar = t.terminal.find(FullBar("loading"));
  ASSERT_NE(bar, std::string::npos) << t.terminal;
  // Cleared after the last draw, so the summary line starts on a clean line.
  EXPECT_NE(t.terminal.find(kClearLine, bar), std::string::npos) << t.terminal;
  EXPECT_EQ(t.out.rfind("batch 1: read 2 node rows and 1 relationship rows", 0), 0u) << t.out;

  // Off a terminal: the same command prints no bar at all.
  CliRun piped = Piped("load csv --nodes " + (dir_ / "nodes.csv") + " --at 2026-01-02T00:00:00Z");
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
}

// `n` START/COMPLETE pairs of one job over 2-0-2 RunEvents, one per line.
std::string RunEvents(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    char run_id[40];
    std::snprintf(run_id, sizeof run_id, "00000000-0000-4000-8000-%012d", i);
    char day[32];
    std::snprintf(day, sizeof day, "2026-01-%02dT0", 1 + i % 28);
    for (const char* type : {"START", "COMPLETE"}) {
      out += std::string(R"({"eventType":")") + type + R"(","eventTime":")" + day + (type[0] == 'S' ? "1" : "2") +
             R"(:00:00Z","producer":"https://example.com/test",)" +
             R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)" +
             R"("run":{"runId":")" + run_id + R"("},"job":{"namespace":"ns","name":"job"},)" +
             R"("inputs":[{"namespace":"db","name":"in"}],"outputs":[{"namespace":"db","name":"out"}]})" + "\n";
    }
  }
  return out;
}

TEST_F(ProgressTest, LoadOpenLineageDrawsItsBarOnATerminalAndClearsIt) {
  WriteFile(dir_ / "events.ndjson", RunEvents(40));
  TerminalRun t = RunOnTerminal({"load", "openlineage", "--store", Store(), dir_ / "events.ndjson"}, dir_ / "tty_out");
  ASSERT_EQ(t.code, 0) << t.terminal;
  const size_t bar = t.terminal.find(FullBar("loading"));
  ASSERT_NE(bar, std::string::npos) << t.terminal;
  EXPECT_NE(t.terminal.find(kClearLine, bar), std::string::npos) << t.terminal;
  // 80 events of 40 runs of one job, reading "in" and writing "out".
  EXPECT_EQ(t.out.rfind("batch 1: read 80 events (40 runs, 1 jobs, 2 datasets)", 0), 0u) << t.out;
  EXPECT_EQ(t.out.find('\r'), std::string::npos) << "the bar must not reach standard output";

  // Off a terminal: no bar (the reload changes nothing).
  CliRun piped = Piped("load openlineage " + (dir_ / "events.ndjson"));
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");

  // The same events as one JSON array (read whole, then sorted and mapped).
  std::string lines = RunEvents(40), array = "[";
  for (size_t at = 0, end; (end = lines.find('\n', at)) != std::string::npos; at = end + 1) {
    array += (at ? "," : "") + lines.substr(at, end - at);
  }
  WriteFile(dir_ / "events.json", array + "]");
  TerminalRun json = RunOnTerminal({"load", "openlineage", "--store", dir_ / "json.store", dir_ / "events.json"},
                                   dir_ / "tty_out_json");
  ASSERT_EQ(json.code, 0) << json.terminal;
  EXPECT_NE(json.terminal.find(FullBar("loading")), std::string::npos) << json.terminal;
  EXPECT_EQ(json.out.rfind("batch 1: read 80 events (40 runs, 1 jobs, 2 datasets)", 0), 0u) << json.out;
}

TEST_F(ProgressTest, DriftRunDrawsItsBarOnATerminal) {
  WriteFile(dir_ / "m.csv",
            "node,metric,time,value\n"
            "KPI:acc,value,2026-01-01T06:00:00Z,0.9\n"
            "KPI:lat,value,2026-01-01T06:00:00Z,120\n");
  ASSERT_EQ(Piped("load metrics " + (dir_ / "m.csv")).code, 0);
  WriteFile(dir_ / "drift.json", R"({"constraints": [
      {"name": "acc_min", "asset": "KPI:acc", "metric": "value", "comparator": ">", "threshold": 0.8, "severity": "warn"},
      {"name": "lat_max", "asset": "KPI:lat", "metric": "value", "comparator": "<", "threshold": 200, "severity": "warn"}]})");
  TerminalRun t = RunOnTerminal(
      {"drift", "run", "--store", Store(), "--config", dir_ / "drift.json", "--as-of", "2026-01-01"}, dir_ / "tty_out");
  ASSERT_EQ(t.code, 0) << t.terminal;
  const size_t bar = t.terminal.find(FullBar("drift run"));
  ASSERT_NE(bar, std::string::npos) << t.terminal;
  EXPECT_NE(t.terminal.find(kClearLine, bar), std::string::npos) << t.terminal;
  EXPECT_NE(t.out.find("acc_min"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find('\r'), std::string::npos) << "the bar must not reach standard output";

  CliRun piped = Piped("drift run --config " + (dir_ / "drift.json") + " --as-of 2026-01-01");
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
}

}  // namespace
}  // namespace provgraph
