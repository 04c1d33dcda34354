// Query-engine overhead on the generated lineage DAG (bench/gen_lineage_dag):
// the same questions asked through query::RunQuery (from query text to the
// last row: parse, bind, execute) and through the engine's traversal API
// directly (Walker), for the same deep start nodes as foundation_bench.
//
//   PROVGRAPH_BENCH_DATA=/tmp/provgraph-bench query_bench [--benchmark_filter=...]
//
// Opens (or, the first time, loads) $PROVGRAPH_BENCH_DATA/store. Every
// iteration asks about a different start node (round robin over 100 deep
// nodes, or 4096 spread nodes for 1-hop), no result or closure is cached
// across statements (the plan is: RunQuery's plan cache keeps a statement's
// plan for its next run with other parameter values; the NoPlanCache
// benchmarks empty it before each statement), and every answer is checked
// against the direct walk before
// and during timing. "Direct" benchmarks come in two forms: a fresh Walker
// per question (what RunQuery pays: its ExecContext owns a new Walker) and
// one reused Walker (foundation_bench's BM_ClosureAll).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "engine/traversal.h"
#include "query/binder/binder.h"
#include "query/parser/parser.h"
#include "query/plan_cache.h"
#include "query/planner/planner.h"
#include "query/query_engine.h"

namespace provgraph::bench {
namespace {

constexpr size_t kDeepNodes = 100;     // as foundation_bench
constexpr size_t kSpreadNodes = 4096;  // as foundation_bench
constexpr uint32_t kNearDepth = 30;

constexpr const char* kClosureCount = "MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(DISTINCT u)";
constexpr const char* kClosureCountPlain = "MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(u)";
constexpr const char* kClosureNodes = "MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN u";
constexpr const char* kNearCount = "MATCH (d:Dataset {key: $k})<-[:FEEDS*1..30]-(u) RETURN count(DISTINCT u)";
constexpr const char* kOneHop = "MATCH (d:Dataset {key: $k})-[:FEEDS]-(n) RETURN n";
constexpr const char* kOneHopUp = "MATCH (d:Dataset {key: $k})<-[:FEEDS]-(n) RETURN n";
// The same questions as of an instant after the load (nothing in the bench
// graph is ever closed, so the answers are the current ones), which takes
// the walker's validity checks instead of its current-state shortcut.
constexpr const char* kClosureCountAsOf =
    "AS OF '2100-01-01T00:00:00Z' MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(DISTINCT u)";
constexpr const char* kClosureNodesAsOf =
    "AS OF '2100-01-01T00:00:00Z' MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN u";
constexpr const char* kOneHopAsOf = "AS OF '2100-01-01T00:00:00Z' MATCH (d:Dataset {key: $k})-[:FEEDS]-(n) RETURN n";
// The history store (see History below): the bench graph loaded at
// kHistLoad, then one more batch at kHistLate. kHistMid lies between the
// two, so an AS OF there is inside the store's history (before its newest
// edge) and must check each edge's validity; the answers equal the
// current ones (the late batch touches no cone).
constexpr const char* kHistLoad = "2026-01-01T00:00:00Z";
constexpr const char* kHistLate = "2026-06-01T00:00:00Z";
constexpr const char* kClosureCountMid =
    "AS OF '2026-03-01T00:00:00Z' MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(DISTINCT u)";
constexpr const char* kClosureNodesMid =
    "AS OF '2026-03-01T00:00:00Z' MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN u";
constexpr const char* kOneHopMid = "AS OF '2026-03-01T00:00:00Z' MATCH (d:Dataset {key: $k})-[:FEEDS]-(n) RETURN n";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "query_bench: %s\n", what.c_str());
  std::exit(1);
}

struct Fixture {
  GraphInfo info;
  std::unique_ptr<Store> store;
  uint32_t feeds = 0;
  std::vector<std::string> deep_keys, spread_keys;
  std::vector<size_t> expected_all, expected_near, expected_hop, expected_hop_up;
  std::vector<uint64_t> expected_all_idsum;  // the sum of the ancestors' ids

  WalkSpec Spec(Direction dir, uint32_t max_depth = UINT32_MAX) const {
    WalkSpec spec;
    spec.direction = dir;
    spec.edge_types = {feeds};
    spec.max_depth = max_depth;
    return spec;
  }
};

size_t CountOf(const query::QueryResult& r) {
  if (r.rows.size() != 1 || r.rows[0].size() != 1 || r.rows[0][0].type() != query::QueryValue::Type::kInt) {
    return SIZE_MAX;
  }
  return static_cast<size_t>(r.rows[0][0].as_int());
}

Result<query::QueryResult> Ask(const char* text, const Graph& g, const std::string& key) {
  query::Params params;
  params.emplace("k", query::QueryValue(key));
  return query::RunQuery(text, g, params);
}

Fixture& Shared() {
  static Fixture* fx = [] {
    auto* f = new Fixture;
    std::string data = DataDir();
    f->info = ReadGraphInfo(data);
    if (!f->info.ok) Die("no graph.info in " + data + " (run bench/gen_lineage_dag " + data + " first)");
    std::string store_dir = data + "/store";
    if (!std::filesystem::exists(store_dir + "/data.mdb")) {
      std::fprintf(stderr, "query_bench: loading %s into %s (once)\n", data.c_str(), store_dir.c_str());
      Status st = LoadCsv(data, store_dir, nullptr);
      if (!st.ok()) Die("load failed: " + st.ToString());
    }
    auto store = Store::Open(store_dir);
    if (!store.ok()) Die("cannot open " + store_dir + ": " + store.status().ToString());
    f->store = std::move(store).value();
    const Graph& g = f->store->graph();
    (void)g.adjacency();
    auto feeds = g.edge_types().Find("FEEDS");
    if (!feeds) Die("no FEEDS edges in the store");
    f->feeds = *feeds;
    f->deep_keys = DeepKeys(f->info, kDeepNodes);
    f->spread_keys = SpreadKeys(f->info, kSpreadNodes);
    // Expected answers from the direct walk; the query engine must agree.
    Walker w(g);
    for (const std::string& k : f->deep_keys) {
      auto n = g.FindNode("Dataset", k);
      if (!n) Die("deep node Dataset:" + k + " not found");
      f->expected_all.push_back(w.ClosureSize(*n, f->Spec(Direction::kUpstream)));
      uint64_t idsum = 0;
      for (const Reached& r : w.Closure(*n, f->Spec(Direction::kUpstream))) idsum += r.node;
      f->expected_all_idsum.push_back(idsum);
      f->expected_near.push_back(w.ClosureSize(*n, f->Spec(Direction::kUpstream, kNearDepth)));
    }
    for (const std::string& k : f->spread_keys) {
      auto n = g.FindNode("Dataset", k);
      if (!n) Die("node Dataset:" + k + " not found");
      f->expected_hop.push_back(w.Neighbours(*n, f->Spec(Direction::kBoth)).size());
      f->expected_hop_up.push_back(w.Neighbours(*n, f->Spec(Direction::kUpstream)).size());
    }
    // Cross-check a few start nodes through the query engine (every one is
    // checked again inside the timed loops).
    for (size_t i = 0; i < 3; ++i) {
      auto r = Ask(kClosureCount, g, f->deep_keys[i]);
      if (!r.ok()) Die("query failed: " + r.status().ToString());
      if (CountOf(*r) != f->expected_all[i]) {
        Die("query count " + std::to_string(CountOf(*r)) + " != walker " + std::to_string(f->expected_all[i]));
      }
    }
    double sum_all = 0, sum_near = 0, sum_hop = 0;
    for (size_t i = 0; i < kDeepNodes; ++i) {
      sum_all += static_cast<double>(f->expected_all[i]);
      sum_near += static_cast<double>(f->expected_near[i]);
    }
    for (size_t x : f->expected_hop) sum_hop += static_cast<double>(x);
    std::fprintf(stderr,
                 "query_bench: %zu nodes, %zu edges; %zu deep nodes: mean ancestors %.0f (<=30 hops: %.0f); "
                 "1-hop (both) mean %.2f; query engine == walker\n",
                 static_cast<size_t>(g.node_count()), static_cast<size_t>(g.edge_count()), kDeepNodes,
                 sum_all / kDeepNodes, sum_near / kDeepNodes, sum_hop / kSpreadNodes);
    return f;
  }();
  return *fx;
}

// The history store: $PROVGRAPH_BENCH_HISTORY (default DATA/../provgraph-bench-history.store,
// beside the bench data, never inside it), built once: nodes.csv and edges.csv at
// kHistLoad, then two new nodes and an edge between them at kHistLate.
const Graph& History() {
  static Store* store = [] {
    Fixture& f = Shared();
    const char* env = std::getenv("PROVGRAPH_BENCH_HISTORY");
    std::string data = DataDir();
    while (data.size() > 1 && data.back() == '/') data.pop_back();
    std::string dir = env ? env : std::filesystem::path(data).parent_path().string() + "/provgraph-bench-history.store";
    if (!std::filesystem::exists(dir + "/data.mdb")) {
      std::fprintf(stderr, "query_bench: loading the history store %s (once)\n", dir.c_str());
      StoreOptions so;
      so.create_if_missing = true;
      auto s = Store::Open(dir, so);
      if (!s.ok()) Die("cannot create " + dir + ": " + s.status().ToString());
      CommitInfo info;
      info.actor = "bench";
      info.command = "query_bench history store";
      loaders::CsvLoadOptions o;
      o.node_files = {data + "/nodes.csv"};
      o.edge_files = {data + "/edges.csv"};
      o.at = *ParseTimestamp(kHistLoad);
      auto loaded = loaders::LoadCsv(**s, o, info);
      if (!loaded.ok()) Die("history load failed: " + loaded.status().ToString());
      std::string late = dir + ".late";
      std::filesystem::create_directories(late);
      {
        std::ofstream(late + "/nodes.csv") << ":ID,:LABEL\nlate-a,Dataset\nlate-b,Dataset\n";
        std::ofstream(late + "/edges.csv") << ":START_ID,:END_ID,:TYPE\nlate-a,late-b,FEEDS\n";
      }
      o.node_files = {late + "/nodes.csv"};
      o.edge_files = {late + "/edges.csv"};
      o.at = *ParseTimestamp(kHistLate);
      loaded = loaders::LoadCsv(**s, o, info);
      if (!loaded.ok()) Die("history late batch failed: " + loaded.status().ToString());
      std::filesystem::remove_all(late);
    }
    auto s = Store::Open(dir);
    if (!s.ok()) Die("cannot open " + dir + ": " + s.status().ToString());
    const Graph& g = (*s)->graph();
    (void)g.adjacency();
    if (g.edge_count() != f.store->graph().edge_count() + 1) Die(dir + " is not the bench graph plus one edge");
    for (size_t i = 0; i < 3; ++i) {
      auto r = Ask(kClosureCountMid, g, f.deep_keys[i]);
      if (!r.ok()) Die("query failed: " + r.status().ToString());
      if (CountOf(*r) != f.expected_all[i]) Die("history store: AS OF count differs from the walker's");
    }
    return std::move(s).value().release();
  }();
  return store->graph();
}

// --- through the query engine --------------------------------------------------

// One question per iteration, text to last row; checks the answer.
void QueryLoop(benchmark::State& state, const char* text, const std::vector<std::string>& keys,
               const std::vector<size_t>& expected, bool count_column, bool history = false,
               bool no_plan_cache = false) {
  Fixture& f = Shared();
  const Graph& g = history ? History() : f.store->graph();
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % keys.size();
    if (no_plan_cache) query::PlanCache::Shared().Clear();
    auto r = Ask(text, g, keys[k]);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    size_t n = count_column ? CountOf(*r) : r->rows.size();
    if (n != expected[k]) {
      state.SkipWithError("query answer differs from the walker's");
      break;
    }
    if (!count_column && &expected == &f.expected_all) {
      // All ancestors, one node a row: read every row, as the streaming
      // consumer does (the node ids' sum, checked against the walker's).
      uint64_t idsum = 0;
      for (const auto& row : r->rows) idsum += row[0].as_node().id;
      if (idsum != f.expected_all_idsum[k]) {
        state.SkipWithError("collected rows differ from the walker's");
        break;
      }
    }
    rows += n;
  }
  state.counters["rows"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}

// The rows streamed to a consumer that looks at every one: it counts them
// and sums their node ids (checked against the walker's).
class CheckingSink : public query::RowSink {
 public:
  void OnRow(std::span<const query::QueryValue> values) override {
    ++rows;
    if (values.size() != 1 || values[0].type() != query::QueryValue::Type::kNode) {
      bad = true;
      return;
    }
    idsum += values[0].as_node().id;
  }
  void OnNodes(std::span<const NodeId> ids) override {
    rows += ids.size();
    for (NodeId id : ids) idsum += id;
  }
  size_t rows = 0;
  uint64_t idsum = 0;
  bool bad = false;
};

void StreamLoop(benchmark::State& state, const char* text, bool history) {
  Fixture& f = Shared();
  const Graph& g = history ? History() : f.store->graph();
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep_keys.size();
    CheckingSink sink;
    query::Params params;
    params.emplace("k", query::QueryValue(f.deep_keys[k]));
    auto r = query::RunQuery(text, g, params, sink);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      break;
    }
    if (sink.bad || sink.rows != f.expected_all[k] || sink.idsum != f.expected_all_idsum[k]) {
      state.SkipWithError("streamed rows differ from the walker's");
      break;
    }
    rows += sink.rows;
  }
  state.counters["rows"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}

void BM_QueryClosureNodesStream(benchmark::State& s) { StreamLoop(s, kClosureNodes, false); }
void BM_HistClosureNodesStreamNow(benchmark::State& s) { StreamLoop(s, kClosureNodes, true); }
void BM_HistClosureNodesStreamMid(benchmark::State& s) { StreamLoop(s, kClosureNodesMid, true); }

void BM_QueryClosureCount(benchmark::State& s) {
  QueryLoop(s, kClosureCount, Shared().deep_keys, Shared().expected_all, true);
}
void BM_QueryClosureCountNoDistinct(benchmark::State& s) {
  QueryLoop(s, kClosureCountPlain, Shared().deep_keys, Shared().expected_all, true);
}
void BM_QueryClosureNodes(benchmark::State& s) {
  QueryLoop(s, kClosureNodes, Shared().deep_keys, Shared().expected_all, false);
}
void BM_QueryNear30Count(benchmark::State& s) {
  QueryLoop(s, kNearCount, Shared().deep_keys, Shared().expected_near, true);
}
void BM_QueryOneHopBoth(benchmark::State& s) {
  QueryLoop(s, kOneHop, Shared().spread_keys, Shared().expected_hop, false);
}
void BM_QueryOneHopBothNoPlanCache(benchmark::State& s) {
  QueryLoop(s, kOneHop, Shared().spread_keys, Shared().expected_hop, false, false, true);
}
void BM_QueryOneHopUp(benchmark::State& s) {
  QueryLoop(s, kOneHopUp, Shared().spread_keys, Shared().expected_hop_up, false);
}
void BM_QueryClosureCountAsOf(benchmark::State& s) {
  QueryLoop(s, kClosureCountAsOf, Shared().deep_keys, Shared().expected_all, true);
}
void BM_QueryClosureNodesAsOf(benchmark::State& s) {
  QueryLoop(s, kClosureNodesAsOf, Shared().deep_keys, Shared().expected_all, false);
}
void BM_QueryOneHopBothAsOf(benchmark::State& s) {
  QueryLoop(s, kOneHopAsOf, Shared().spread_keys, Shared().expected_hop, false);
}
// On the history store: the same questions now and as of kHistMid.
void BM_HistClosureCountNow(benchmark::State& s) {
  QueryLoop(s, kClosureCount, Shared().deep_keys, Shared().expected_all, true, true);
}
void BM_HistClosureCountMid(benchmark::State& s) {
  QueryLoop(s, kClosureCountMid, Shared().deep_keys, Shared().expected_all, true, true);
}
void BM_HistClosureNodesNow(benchmark::State& s) {
  QueryLoop(s, kClosureNodes, Shared().deep_keys, Shared().expected_all, false, true);
}
void BM_HistClosureNodesMid(benchmark::State& s) {
  QueryLoop(s, kClosureNodesMid, Shared().deep_keys, Shared().expected_all, false, true);
}
void BM_HistOneHopBothNow(benchmark::State& s) {
  QueryLoop(s, kOneHop, Shared().spread_keys, Shared().expected_hop, false, true);
}
void BM_HistOneHopBothMid(benchmark::State& s) {
  QueryLoop(s, kOneHopMid, Shared().spread_keys, Shared().expected_hop, false, true);
}
// Where a 1-hop statement's time goes: its compilation alone (parse, bind,
// plan; no graph), the part a plan kept across statements would save.
void BM_CompileOneHop(benchmark::State& s) {
  Fixture& f = Shared();
  size_t i = 0;
  for (auto _ : s) {
    query::Params params{{"k", query::QueryValue(f.spread_keys[i++ % f.spread_keys.size()])}};
    auto parsed = query::ParseQuery(kOneHop);
    if (!parsed.ok()) {
      s.SkipWithError(parsed.status().ToString().c_str());
      break;
    }
    auto bound = query::Bind(*parsed, params);
    if (!bound.ok()) {
      s.SkipWithError(bound.status().ToString().c_str());
      break;
    }
    query::Plan plan = query::BuildPlan(*bound);
    benchmark::DoNotOptimize(plan);
  }
}
void BM_ParseOneHop(benchmark::State& s) {
  for (auto _ : s) {
    auto parsed = query::ParseQuery(kOneHop);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_CompileOneHop)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ParseOneHop)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_QueryClosureCount)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryClosureCountNoDistinct)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryClosureNodes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryClosureNodesStream)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryNear30Count)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryOneHopBoth)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_QueryOneHopBothNoPlanCache)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_QueryOneHopUp)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_QueryClosureCountAsOf)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryClosureNodesAsOf)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_QueryOneHopBothAsOf)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_HistClosureCountNow)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistClosureCountMid)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistClosureNodesNow)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistClosureNodesMid)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistClosureNodesStreamNow)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistClosureNodesStreamMid)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HistOneHopBothNow)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_HistOneHopBothMid)->Unit(benchmark::kMicrosecond)->UseRealTime();

// --- the traversal API directly ---------------------------------------------------

enum class Op { kSize, kRows, kNeighbours };

// Key -> node id by the index (as the query's NodeByKey does), then the walk.
void DirectLoop(benchmark::State& state, Op op, bool fresh_walker, const std::vector<std::string>& keys,
                const std::vector<size_t>& expected, const WalkSpec& spec) {
  Fixture& f = Shared();
  const Graph& g = f.store->graph();
  Walker reused(g);
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % keys.size();
    std::unique_ptr<Walker> fresh;
    if (fresh_walker) fresh = std::make_unique<Walker>(g);
    Walker& w = fresh_walker ? *fresh : reused;
    auto id = g.FindNode("Dataset", keys[k]);
    size_t n = 0;
    if (op == Op::kSize) {
      n = w.ClosureSize(*id, spec);
    } else if (op == Op::kRows) {
      auto out = w.Closure(*id, spec);
      n = out.size();
      benchmark::DoNotOptimize(out.data());
    } else {
      auto out = w.Neighbours(*id, spec);
      n = out.size();
      benchmark::DoNotOptimize(out.data());
    }
    if (n != expected[k]) {
      state.SkipWithError("walker answer changed");
      break;
    }
    rows += n;
  }
  state.counters["rows"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}

void BM_DirectClosureSizeFresh(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kSize, true, f.deep_keys, f.expected_all, f.Spec(Direction::kUpstream));
}
void BM_DirectClosureSizeReused(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kSize, false, f.deep_keys, f.expected_all, f.Spec(Direction::kUpstream));
}
void BM_DirectClosureFresh(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kRows, true, f.deep_keys, f.expected_all, f.Spec(Direction::kUpstream));
}
void BM_DirectClosureReused(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kRows, false, f.deep_keys, f.expected_all, f.Spec(Direction::kUpstream));
}
void BM_DirectNear30Fresh(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kRows, true, f.deep_keys, f.expected_near, f.Spec(Direction::kUpstream, kNearDepth));
}
void BM_DirectNear30Reused(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kRows, false, f.deep_keys, f.expected_near, f.Spec(Direction::kUpstream, kNearDepth));
}
void BM_DirectOneHopBothFresh(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kNeighbours, true, f.spread_keys, f.expected_hop, f.Spec(Direction::kBoth));
}
void BM_DirectOneHopBothReused(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kNeighbours, false, f.spread_keys, f.expected_hop, f.Spec(Direction::kBoth));
}
void BM_DirectOneHopUpReused(benchmark::State& s) {
  Fixture& f = Shared();
  DirectLoop(s, Op::kNeighbours, false, f.spread_keys, f.expected_hop_up, f.Spec(Direction::kUpstream));
}
BENCHMARK(BM_DirectClosureSizeFresh)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectClosureSizeReused)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectClosureFresh)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectClosureReused)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectNear30Fresh)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectNear30Reused)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DirectOneHopBothFresh)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_DirectOneHopBothReused)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_DirectOneHopUpReused)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace provgraph::bench

BENCHMARK_MAIN();
