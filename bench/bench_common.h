// Shared helpers of the foundation benchmarks: where the generated data
// lives, which nodes are "deep", loading the CSV files into a store the way
// `provgraph load csv` does, and process memory figures.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/store.h"
#include "engine/time.h"
#include "loaders/csv_loader.h"

namespace provgraph::bench {

// The directory gen_lineage_dag wrote (PROVGRAPH_BENCH_DATA, default
// /tmp/provgraph-bench).
inline std::string DataDir() {
  const char* d = std::getenv("PROVGRAPH_BENCH_DATA");
  return d && *d ? d : "/tmp/provgraph-bench";
}

struct GraphInfo {
  uint64_t nodes = 0, edges = 0, layers = 0;
  uint64_t last_layer_begin = 0, last_layer_end = 0;
  bool ok = false;
};

inline GraphInfo ReadGraphInfo(const std::string& dir) {
  GraphInfo g;
  std::ifstream in(dir + "/graph.info");
  std::map<std::string, uint64_t> kv;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) kv[line.substr(0, eq)] = std::strtoull(line.c_str() + eq + 1, nullptr, 10);
  }
  g.nodes = kv["nodes"];
  g.edges = kv["edges"];
  g.layers = kv["layers"];
  g.last_layer_begin = kv["last_layer_begin"];
  g.last_layer_end = kv["last_layer_end"];
  g.ok = g.nodes > 0 && g.last_layer_end > g.last_layer_begin;
  return g;
}

// `count` keys of deep nodes: last-layer nodes evenly spread over the
// central half of the layer (so that their ancestor cones are not clipped
// by the layer's ends and all have about the same size).
inline std::vector<std::string> DeepKeys(const GraphInfo& g, size_t count) {
  std::vector<std::string> keys;
  uint64_t size = g.last_layer_end - g.last_layer_begin;
  uint64_t lo = g.last_layer_begin + size / 4;
  uint64_t span = std::max<uint64_t>(1, size / 2);
  for (size_t i = 0; i < count; ++i) keys.push_back(std::to_string(lo + (i * span) / count));
  return keys;
}

// `count` keys spread over the whole graph (1-hop neighbour lookups).
inline std::vector<std::string> SpreadKeys(const GraphInfo& g, size_t count) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < count; ++i) keys.push_back(std::to_string((i * 2654435761ULL) % g.nodes));
  return keys;
}

struct LoadTimes {
  double build_s = 0;   // parse + check the CSV files into a Batch
  double commit_s = 0;  // resolve + write + audit entry + durable commit
  uint64_t node_rows = 0, edge_rows = 0;
  uint64_t facts = 0;
};

// Loads nodes.csv and edges.csv of `data_dir` into the store at `store_dir`
// (created if missing) as one batch, exactly as `provgraph load csv` does.
// When `keep` is given the opened store is handed back (so a benchmark can
// destroy it outside its timed region); otherwise it is closed here.
inline Status LoadCsv(const std::string& data_dir, const std::string& store_dir, LoadTimes* times,
                      std::unique_ptr<Store>* keep = nullptr) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  StoreOptions so;
  so.create_if_missing = true;
  auto store = Store::Open(store_dir, so);
  if (!store.ok()) return store.status();
  loaders::CsvLoadOptions options;
  options.node_files = {data_dir + "/nodes.csv"};
  options.edge_files = {data_dir + "/edges.csv"};
  options.at = NowUtc();
  auto t1 = Clock::now();
  CommitInfo info;
  info.actor = "bench";
  info.command = "foundation_bench load csv";
  // As `provgraph load csv` does: parsing on one core, resolving on the other.
  auto loaded = loaders::LoadCsv(**store, options, info);
  if (!loaded.ok()) return loaded.status();
  auto t2 = Clock::now();
  if (times) {
    times->build_s = std::chrono::duration<double>(t1 - t0).count();
    times->commit_s = std::chrono::duration<double>(t2 - t1).count();
    times->node_rows = loaded->rows.node_rows;
    times->edge_rows = loaded->rows.edge_rows;
    times->facts = loaded->commit.counts.facts;
  }
  if (keep) *keep = std::move(store).value();
  return Status::Ok();
}

// Peak resident set size of this process so far, in bytes.
inline uint64_t PeakRssBytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

// Current resident set size, in bytes.
inline uint64_t CurrentRssBytes() {
  std::ifstream in("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace provgraph::bench
