// Crash safety: a child loads a large batch; we SIGKILL it at random
// moments after its write transaction began (during the writes and during
// the commit). Each time the store must open, hold the batch entirely or
// not at all, and keep its invariants. Both outcomes must be seen.
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "engine/store.h"
#include "tests/engine/child_process.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::ChildProcess;
using testing::OpenOrDie;
using testing::TempDir;

constexpr int kTrials = 100;
constexpr const char* kBatchNodes = "20000";

TEST(CrashTest, KillDuringTheWriteTransactionIsAllOrNothing) {
  TempDir dir;
  // A committed base batch that must survive every kill.
  {
    ChildProcess base({PROVGRAPH_STORE_WRITER, dir.path(), "100", "base"});
    ASSERT_TRUE(base.WaitFor("COMMITTED 1"));
  }
  // Calibrate: how long from BEGUN to the end of an unkilled commit?
  std::chrono::microseconds window{0};
  {
    TempDir probe;
    ChildProcess base({PROVGRAPH_STORE_WRITER, probe.path(), "100", "base"});
    ASSERT_TRUE(base.WaitFor("COMMITTED 1"));
    ChildProcess child({PROVGRAPH_STORE_WRITER, probe.path(), kBatchNodes, "batch"});
    ASSERT_TRUE(child.WaitFor("BEGUN"));
    auto begun = std::chrono::steady_clock::now();
    ASSERT_TRUE(child.WaitFor("COMMITTED 2"));
    window = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - begun);
  }
  std::mt19937_64 rng(20261123);
  // Kill anywhere from just after BEGUN to a little past the expected end.
  std::uniform_int_distribution<int64_t> delay(0, window.count() * 13 / 10);
  int committed = 0, absent = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    // Each trial starts from a copy of the base store, so it costs the same.
    TempDir trial_dir;
    std::filesystem::copy_file(dir / "data.mdb", trial_dir / "data.mdb");
    {
      ChildProcess child({PROVGRAPH_STORE_WRITER, trial_dir.path(), kBatchNodes, "t" + std::to_string(trial)});
      ASSERT_TRUE(child.ok());
      ASSERT_TRUE(child.WaitFor("BEGUN")) << "trial " << trial;
      std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
      child.Kill();
      child.Wait();
    }
    StoreOptions options;
    auto store = Store::Open(trial_dir.path(), options);
    ASSERT_TRUE(store.ok()) << "trial " << trial << ": " << store.status().ToString();
    const Graph& g = (*store)->graph();
    ASSERT_TRUE(g.CheckInvariants().ok()) << "trial " << trial;
    ASSERT_TRUE(g.FindNode("Dataset", "base-99").has_value()) << "trial " << trial << " lost a committed batch";
    std::string tag = "t" + std::to_string(trial) + "-";
    bool first = g.FindNode("Dataset", tag + "0").has_value();
    bool last = g.FindNode("Dataset", tag + std::string(std::to_string(std::stoi(kBatchNodes) - 1))).has_value();
    ASSERT_EQ(first, last) << "trial " << trial << ": half a batch is visible";
    first ? ++committed : ++absent;
    auto report = (*store)->VerifyAudit();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << "trial " << trial << ": " << report->problem;
    EXPECT_EQ((*store)->last_seq(), first ? 2u : 1u);
  }
  RecordProperty("committed", committed);
  RecordProperty("absent", absent);
  std::printf("crash test: %d trials, window %lld us, %d committed, %d absent\n", kTrials,
              static_cast<long long>(window.count()), committed, absent);
  EXPECT_GT(committed, 0) << "no kill landed after the commit";
  EXPECT_GT(absent, 0) << "no kill landed before the commit";
}

}  // namespace
}  // namespace provgraph
