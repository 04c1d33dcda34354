// The nightly drift job at scale (issue 5: "a drift run over 1,000 columns
// x 100k rows under 15 s using both cores").
//
//   drift_bench gen DIR [COLUMNS] [ROWS]   # DIR/drift.store + DIR/drift.json
//   drift_bench run DIR [THREADS] [RUNS]   # times RunDrift, best of RUNS
//
// gen: Dataset `bench:wide` (feeding a Model and a KPI, so violations get
// AT_RISK edges) with COLUMNS (1000) numeric columns; per column a
// reference sample of ROWS (100,000) values on 2026-01-01 and a current
// sample of ROWS values on 2026-01-02 (so 200k values per column are
// compared, 200M in all), written in batches of 50 columns. Column i:
// reference ~ N(0, 1), current ~ N(0.002 i, 1), rounded to 1e-6; fixed
// seed. The config has one constraint per column, cycling through psi,
// ks, wasserstein_norm and ks_pvalue, reference = the previous day.
//
// run: opens the store (timed apart), then times drift::RunDrift (wall
// and the process's CPU time over all threads) for the
// as-of day 2026-01-02 with THREADS (0: the hardware's, at most 2) over
// RUNS runs. The first run writes the constraints, points and violations;
// later runs recompute everything and write nothing (same day).
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "engine/drift/config.h"
#include "engine/drift/run.h"
#include "engine/store.h"

namespace {

using namespace provgraph;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "drift_bench: %s\n", what.c_str());
  std::exit(1);
}

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// User + system CPU seconds of the whole process (all threads) so far.
double ProcessCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int Gen(const std::string& dir, int columns, int rows) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/drift.store";
  std::filesystem::remove_all(path);
  StoreOptions so;
  so.create_if_missing = true;
  so.initial_map_size = size_t{4} << 30;
  auto store = Store::Open(path, so);
  if (!store.ok()) Die(store.status().ToString());
  CommitInfo info;
  info.actor = "bench";
  info.command = "drift_bench gen";
  const Timestamp t0 = *ParseTimestamp("2025-12-01");
  {
    Batch b;
    auto ds = b.UpsertNode({"Dataset"}, "bench:wide", t0);
    auto job = b.UpsertNode({"Job"}, "bench:train", t0);
    auto model = b.UpsertNode({"Model"}, "bench:model", t0);
    auto kpi = b.UpsertNode({"KPI"}, "bench:kpi", t0);
    b.UpsertEdge("FEEDS", ds, job, t0);
    b.UpsertEdge("FEEDS", job, model, t0);
    b.UpsertEdge("FEEDS", model, kpi, t0);
    auto c = (*store)->Commit(b, info);
    if (!c.ok()) Die(c.status().ToString());
  }
  const auto node = (*store)->graph().FindNode("Dataset", "bench:wide");
  const Timestamp ref_at = *ParseTimestamp("2026-01-01T03:00:00Z"), cur_at = *ParseTimestamp("2026-01-02T03:00:00Z");
  std::mt19937_64 rng(5);
  const int kPerBatch = 50;
  for (int c0 = 0; c0 < columns; c0 += kPerBatch) {
    Batch b;
    const auto ds = b.RefNode(*node);
    for (int c = c0; c < std::min(columns, c0 + kPerBatch); ++c) {
      std::normal_distribution<double> ref_d(0.0, 1.0), cur_d(0.002 * c, 1.0);
      SampleValues ref, cur;
      ref.numbers.resize(rows);
      cur.numbers.resize(rows);
      for (double& v : ref.numbers) v = std::round(ref_d(rng) * 1e6) / 1e6;
      for (double& v : cur.numbers) v = std::round(cur_d(rng) * 1e6) / 1e6;
      std::string col = "c";
      col.append(std::to_string(c));  // not "lit" + string: GCC 12 -O3 -Wrestrict
      b.AddSample(ds, col, ref_at, std::move(ref));
      b.AddSample(ds, col, cur_at, std::move(cur));
    }
    auto r = (*store)->Commit(b, info);
    if (!r.ok()) Die(r.status().ToString());
    std::fprintf(stderr, "\rcolumns %d/%d", std::min(columns, c0 + kPerBatch), columns);
  }
  std::fprintf(stderr, "\n");
  const char* metrics[] = {"psi", "ks", "wasserstein_norm", "ks_pvalue"};
  const char* comparators[] = {"<", "<", "<", ">="};
  const double thresholds[] = {0.1, 0.05, 0.1, 0.05};
  std::ofstream cfg(dir + "/drift.json");
  cfg << "{\"forecast_days\": 30, \"constraints\": [\n";
  for (int c = 0; c < columns; ++c) {
    const int k = c % 4;
    cfg << (c ? ",\n" : "") << "  {\"name\": \"wide_c" << c << "_" << metrics[k]
        << "\", \"asset\": \"Dataset:bench:wide\", \"column\": \"c" << c << "\", \"metric\": \"" << metrics[k]
        << "\", \"comparator\": \"" << comparators[k] << "\", \"threshold\": " << thresholds[k]
        << ", \"reference\": {\"previous_days\": 1}, \"severity\": \"warn\"}";
  }
  cfg << "\n]}\n";
  std::printf("wrote %s (%d columns x %d rows, reference and current) and %s/drift.json\n", path.c_str(), columns, rows,
              dir.c_str());
  return 0;
}

int Run(const std::string& dir, size_t threads, int runs) {
  auto t0 = Clock::now();
  auto store = Store::Open(dir + "/drift.store", StoreOptions{});
  if (!store.ok()) Die(store.status().ToString());
  auto t1 = Clock::now();
  auto config = drift::LoadDriftConfig(dir + "/drift.json");
  if (!config.ok()) Die(config.status().ToString());
  std::printf("open_s %.3f constraints %zu threads %zu\n", Seconds(t0, t1), config->constraints.size(), threads);
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    drift::DriftRunOptions o;
    o.as_of = *ParseTimestamp("2026-01-02T12:00:00Z");
    o.threads = threads;
    o.commit.actor = "bench";
    o.commit.command = "drift_bench run";
    const double cpu0 = ProcessCpuSeconds();
    auto a = Clock::now();
    auto r = drift::RunDrift(**store, *config, o);
    auto b = Clock::now();
    const double cpu = ProcessCpuSeconds() - cpu0;
    if (!r.ok()) Die(r.status().ToString());
    size_t pass = 0, fail = 0, none = 0;
    for (const auto& c : r->results) {
      (c.state == drift::ConstraintResult::State::kPass   ? pass
       : c.state == drift::ConstraintResult::State::kFail ? fail
                                                          : none)++;
    }
    best = std::min(best, Seconds(a, b));
    std::printf("run %d: %.3f s wall, %.3f s CPU (pass %zu, fail %zu, no data %zu; wrote %llu facts, %llu points)\n",
                i + 1, Seconds(a, b), cpu, pass, fail, none, static_cast<unsigned long long>(r->commit.counts.facts),
                static_cast<unsigned long long>(r->commit.series.metric_points));
  }
  std::printf("best_s %.3f\n", best);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc >= 3 ? argv[1] : "";
  if (mode == "gen") {
    return Gen(argv[2], argc > 3 ? std::atoi(argv[3]) : 1000, argc > 4 ? std::atoi(argv[4]) : 100000);
  }
  if (mode == "run") {
    return Run(argv[2], argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 0, argc > 4 ? std::atoi(argv[4]) : 3);
  }
  std::fprintf(stderr, "usage: drift_bench gen DIR [COLUMNS] [ROWS] | run DIR [THREADS] [RUNS]\n");
  return 2;
}
