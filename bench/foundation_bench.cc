// Foundation benchmarks on the generated layered lineage DAG
// (bench/gen_lineage_dag): CSV load to durable commit, upstream closure of
// deep nodes, ancestors within 30 hops, 1-hop neighbours, and the floor: a
// raw Boost.Graph BFS over a plain CSR of the reversed edges.
//
//   PROVGRAPH_BENCH_DATA=/tmp/provgraph-bench foundation_bench [--benchmark_filter=...]
//
// The query benchmarks open (or, the first time, load) the store
// $PROVGRAPH_BENCH_DATA/store. Before any query benchmark runs, the upstream
// closure of every deep start node is computed both by the engine and by the
// raw BFS and the counts compared; a mismatch aborts the run.
#include <benchmark/benchmark.h>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/two_bit_color_map.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "engine/adjacency.h"
#include "engine/traversal.h"

namespace provgraph::bench {
namespace {

constexpr size_t kDeepNodes = 100;     // start nodes of the closure benchmarks
constexpr size_t kSpreadNodes = 4096;  // start nodes of the 1-hop benchmarks
constexpr uint32_t kNearDepth = 30;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "foundation_bench: %s\n", what.c_str());
  std::exit(1);
}

// A plain CSR with no edge properties: the floor.
using FloorGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                      boost::no_property, uint32_t, uint32_t>;

// Everything the query benchmarks share, built once.
struct Fixture {
  GraphInfo info;
  std::unique_ptr<Store> store;
  uint32_t feeds = 0;
  std::vector<NodeId> deep;           // last-layer start nodes
  std::vector<NodeId> spread;         // 1-hop start nodes
  FloorGraph floor_up;                // child -> parent (reversed FEEDS edges)
  std::vector<size_t> expected_all;   // ancestors of deep[i], all depths
  std::vector<size_t> expected_near;  // ancestors of deep[i] within 30 hops
  double open_s = 0, adjacency_s = 0, floor_build_s = 0;

  WalkSpec Upstream(uint32_t max_depth = UINT32_MAX) const {
    WalkSpec spec;
    spec.direction = Direction::kUpstream;
    spec.edge_types = {feeds};
    spec.max_depth = max_depth;
    return spec;
  }
};

// The raw BFS of the floor: breadth_first_visit over the CSR with a plain
// vector colour map; the discovered vertices are the result rows. Colours
// are reset for exactly the vertices visited, so a query costs O(result)
// and not O(graph).
struct FloorBfs {
  const FloorGraph& g;
  std::vector<boost::default_color_type> color;
  std::vector<uint32_t> dist;  // only for the depth-bounded walk

  explicit FloorBfs(const FloorGraph& graph)
      : g(graph), color(boost::num_vertices(graph), boost::white_color), dist(boost::num_vertices(graph), 0) {}

  struct Recorder : boost::default_bfs_visitor {
    std::vector<uint32_t>* out;
    template <typename G>
    void discover_vertex(uint32_t v, const G&) const {
      out->push_back(v);
    }
  };

  // All vertices reachable from `start` (not counting it), in BFS order.
  void All(uint32_t start, std::vector<uint32_t>& out) {
    out.clear();
    auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
    boost::queue<uint32_t> q;
    Recorder vis;
    vis.out = &out;
    boost::breadth_first_visit(g, start, q, vis, cmap);
    for (uint32_t v : out) color[v] = boost::white_color;
    out.erase(out.begin());  // the start itself was discovered first
  }

  // Within `max_depth` hops: the out-edges of a vertex at max_depth are
  // filtered away, so the BFS stops expanding there.
  struct DepthRecorder : boost::default_bfs_visitor {
    std::vector<uint32_t>* out;
    uint32_t* dist;
    template <typename G>
    void discover_vertex(uint32_t v, const G&) const {
      out->push_back(v);
    }
    template <typename E, typename G>
    void tree_edge(E e, const G& g) const {
      dist[boost::target(e, g)] = dist[boost::source(e, g)] + 1;
    }
  };
  struct BelowDepth {
    const FloorGraph* g = nullptr;
    const uint32_t* dist = nullptr;
    uint32_t max_depth = 0;
    bool operator()(const boost::graph_traits<FloorGraph>::edge_descriptor& e) const {
      return dist[boost::source(e, *g)] < max_depth;
    }
  };
  void Near(uint32_t start, uint32_t max_depth, std::vector<uint32_t>& out) {
    out.clear();
    dist[start] = 0;
    BelowDepth keep{&g, dist.data(), max_depth};
    boost::filtered_graph<FloorGraph, BelowDepth> fg(g, keep);
    auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g));
    boost::queue<uint32_t> q;
    DepthRecorder vis;
    vis.out = &out;
    vis.dist = dist.data();
    boost::breadth_first_visit(fg, start, q, vis, cmap);
    for (uint32_t v : out) color[v] = boost::white_color;
    out.erase(out.begin());
  }
};

Fixture& Shared() {
  static Fixture* fx = [] {
    using Clock = std::chrono::steady_clock;
    auto* f = new Fixture;
    std::string data = DataDir();
    f->info = ReadGraphInfo(data);
    if (!f->info.ok) Die("no graph.info in " + data + " (run bench/gen_lineage_dag " + data + " first)");
    std::string store_dir = data + "/store";
    if (!std::filesystem::exists(store_dir + "/data.mdb")) {
      std::fprintf(stderr, "foundation_bench: loading %s into %s (once)\n", data.c_str(), store_dir.c_str());
      Status st = LoadCsv(data, store_dir, nullptr);
      if (!st.ok()) Die("load failed: " + st.ToString());
    }
    auto t0 = Clock::now();
    auto store = Store::Open(store_dir);
    if (!store.ok()) Die("cannot open " + store_dir + ": " + store.status().ToString());
    f->store = std::move(store).value();
    auto t1 = Clock::now();
    const Graph& g = f->store->graph();
    (void)g.adjacency();
    auto t2 = Clock::now();
    f->open_s = std::chrono::duration<double>(t1 - t0).count();
    f->adjacency_s = std::chrono::duration<double>(t2 - t1).count();
    if (g.node_count() != f->info.nodes || g.edge_count() != f->info.edges) {
      Die("store " + store_dir + " has " + std::to_string(g.node_count()) + " nodes / " +
          std::to_string(g.edge_count()) + " edges but graph.info says " + std::to_string(f->info.nodes) + " / " +
          std::to_string(f->info.edges) + ": delete the store and rerun");
    }
    auto feeds = g.edge_types().Find("FEEDS");
    if (!feeds) Die("no FEEDS edges in the store");
    f->feeds = *feeds;
    for (const std::string& k : DeepKeys(f->info, kDeepNodes)) {
      auto n = g.FindNode("Dataset", k);
      if (!n) Die("deep node Dataset:" + k + " not found");
      f->deep.push_back(*n);
    }
    for (const std::string& k : SpreadKeys(f->info, kSpreadNodes)) {
      auto n = g.FindNode("Dataset", k);
      if (!n) Die("node Dataset:" + k + " not found");
      f->spread.push_back(*n);
    }
    // The floor's CSR: every FEEDS edge reversed (child -> parent).
    auto t3 = Clock::now();
    std::vector<std::pair<uint32_t, uint32_t>> rev;
    rev.reserve(g.edge_count());
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      if (g.EdgeType(e) == f->feeds) {
        rev.emplace_back(static_cast<uint32_t>(g.EdgeTarget(e)), static_cast<uint32_t>(g.EdgeSource(e)));
      }
    }
    f->floor_up =
        FloorGraph(boost::edges_are_unsorted_multi_pass, rev.begin(), rev.end(), static_cast<uint32_t>(g.node_count()));
    f->floor_build_s = std::chrono::duration<double>(Clock::now() - t3).count();
    // Cross-check: engine closure == raw BFS for every start node.
    Walker w(g);
    FloorBfs bfs(f->floor_up);
    std::vector<uint32_t> rows;
    for (NodeId s : f->deep) {
      size_t engine_all = w.Closure(s, f->Upstream()).size();
      size_t engine_near = w.Closure(s, f->Upstream(kNearDepth)).size();
      bfs.All(static_cast<uint32_t>(s), rows);
      size_t floor_all = rows.size();
      bfs.Near(static_cast<uint32_t>(s), kNearDepth, rows);
      size_t floor_near = rows.size();
      if (engine_all != floor_all || engine_near != floor_near) {
        Die("closure of node " + std::to_string(s) + " differs: engine " + std::to_string(engine_all) +
            " (<=30: " + std::to_string(engine_near) + "), raw BFS " + std::to_string(floor_all) +
            " (<=30: " + std::to_string(floor_near) + ")");
      }
      f->expected_all.push_back(engine_all);
      f->expected_near.push_back(engine_near);
    }
    double sum_all = 0, sum_near = 0;
    for (size_t i = 0; i < f->deep.size(); ++i) {
      sum_all += static_cast<double>(f->expected_all[i]);
      sum_near += static_cast<double>(f->expected_near[i]);
    }
    std::fprintf(stderr,
                 "foundation_bench: %zu nodes, %zu edges; store open %.3f s, adjacency build %.3f s, floor CSR build "
                 "%.3f s; %zu deep nodes: mean ancestors %.0f (<=30 hops: %.0f), engine == raw BFS for all; "
                 "RSS %.1f MB (peak %.1f MB)\n",
                 static_cast<size_t>(g.node_count()), static_cast<size_t>(g.edge_count()), f->open_s, f->adjacency_s,
                 f->floor_build_s, f->deep.size(), sum_all / f->deep.size(), sum_near / f->deep.size(),
                 CurrentRssBytes() / 1e6, PeakRssBytes() / 1e6);
    return f;
  }();
  return *fx;
}

// --- load --------------------------------------------------------------------

void BM_LoadCsv(benchmark::State& state) {
  std::string data = DataDir();
  GraphInfo info = ReadGraphInfo(data);
  if (!info.ok) {
    state.SkipWithError("no generated data");
    return;
  }
  std::string dir = data + "/load-bench.store";
  LoadTimes t;
  double build = 0, commit = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
    std::unique_ptr<Store> kept;
    Status st = LoadCsv(data, dir, &t, &kept);
    state.PauseTiming();
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
    build += t.build_s;
    commit += t.commit_s;
    kept.reset();  // tearing the graph down is not part of the load
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  state.counters["edges_per_s"] =
      benchmark::Counter(static_cast<double>(info.edges), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = static_cast<double>(info.nodes);
  state.counters["edges"] = static_cast<double>(info.edges);
  state.counters["facts"] = static_cast<double>(t.facts);
  state.counters["parse_s"] = benchmark::Counter(build, benchmark::Counter::kAvgIterations);
  state.counters["commit_s"] = benchmark::Counter(commit, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_LoadCsv)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// --- open (in process, page cache warm) -----------------------------------------

void BM_StoreOpen(benchmark::State& state) {
  Fixture& f = Shared();
  std::string dir = DataDir() + "/store";
  size_t rows = 0;
  for (auto _ : state) {
    auto store = Store::Open(dir);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      break;
    }
    Walker w((*store)->graph());
    rows = w.Closure(f.deep[0], f.Upstream()).size();
    state.PauseTiming();
    store->reset();
    state.ResumeTiming();
  }
  state.counters["ancestors"] = static_cast<double>(rows);
}
BENCHMARK(BM_StoreOpen)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

void BM_AdjacencyBuild(benchmark::State& state) {
  const Graph& g = Shared().store->graph();
  std::vector<EdgeEnds> ends(g.edge_count());
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    ends[e] = {static_cast<uint32_t>(g.EdgeSource(e)), static_cast<uint32_t>(g.EdgeTarget(e)),
               CsrEdge{static_cast<uint32_t>(e), static_cast<uint16_t>(g.EdgeType(e)), CsrEdge::kSimple}};
  }
  for (auto _ : state) {
    auto adj = Adjacency::Build(static_cast<uint32_t>(g.node_count()), ends);
    benchmark::DoNotOptimize(adj.get());
  }
}
BENCHMARK(BM_AdjacencyBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FloorCsrBuild(benchmark::State& state) {
  Fixture& f = Shared();
  const Graph& g = f.store->graph();
  std::vector<std::pair<uint32_t, uint32_t>> rev;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    rev.emplace_back(static_cast<uint32_t>(g.EdgeTarget(e)), static_cast<uint32_t>(g.EdgeSource(e)));
  }
  for (auto _ : state) {
    FloorGraph fg(boost::edges_are_unsorted_multi_pass, rev.begin(), rev.end(), static_cast<uint32_t>(g.node_count()));
    benchmark::DoNotOptimize(&fg);
  }
}
BENCHMARK(BM_FloorCsrBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- closures -------------------------------------------------------------------

// Engine: Walker::Closure (result rows materialised), one reused walker.
void BM_ClosureAll(benchmark::State& state) {
  Fixture& f = Shared();
  Walker w(f.store->graph());
  WalkSpec spec = f.Upstream();
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    auto out = w.Closure(f.deep[k], spec);
    if (out.size() != f.expected_all[k]) state.SkipWithError("closure size changed");
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ClosureAll)->Unit(benchmark::kMillisecond)->UseRealTime();

// Engine: a new Walker per query (what a query that builds its own walker pays).
void BM_ClosureAllFreshWalker(benchmark::State& state) {
  Fixture& f = Shared();
  WalkSpec spec = f.Upstream();
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    Walker w(f.store->graph());
    auto out = w.Closure(f.deep[k], spec);
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ClosureAllFreshWalker)->Unit(benchmark::kMillisecond)->UseRealTime();

// Engine: ClosureSize (count only, no result vector).
void BM_ClosureSizeAll(benchmark::State& state) {
  Fixture& f = Shared();
  Walker w(f.store->graph());
  WalkSpec spec = f.Upstream();
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    size_t n = w.ClosureSize(f.deep[k], spec);
    rows += n;
    benchmark::DoNotOptimize(n);
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ClosureSizeAll)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Ancestors30(benchmark::State& state) {
  Fixture& f = Shared();
  Walker w(f.store->graph());
  WalkSpec spec = f.Upstream(kNearDepth);
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    auto out = w.Closure(f.deep[k], spec);
    if (out.size() != f.expected_near[k]) state.SkipWithError("closure size changed");
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_Ancestors30)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- 1-hop ------------------------------------------------------------------------

void Neighbours(benchmark::State& state, Direction dir) {
  Fixture& f = Shared();
  Walker w(f.store->graph());
  WalkSpec spec = f.Upstream();
  spec.direction = dir;
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    auto out = w.Neighbours(f.spread[i++ % f.spread.size()], spec);
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["neighbours"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
void BM_NeighboursBoth(benchmark::State& state) { Neighbours(state, Direction::kBoth); }
void BM_NeighboursUpstream(benchmark::State& state) { Neighbours(state, Direction::kUpstream); }
BENCHMARK(BM_NeighboursBoth)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_NeighboursUpstream)->Unit(benchmark::kMicrosecond)->UseRealTime();

// --- the floor: raw Boost.Graph BFS on a plain CSR ----------------------------------

void BM_FloorBfsAll(benchmark::State& state) {
  Fixture& f = Shared();
  FloorBfs bfs(f.floor_up);
  std::vector<uint32_t> out;
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    bfs.All(static_cast<uint32_t>(f.deep[k]), out);
    if (out.size() != f.expected_all[k]) state.SkipWithError("raw BFS size differs from the engine's");
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_FloorBfsAll)->Unit(benchmark::kMillisecond)->UseRealTime();

// The textbook call: boost::breadth_first_search with a fresh two-bit colour
// map per query (it initialises all 1M vertices every time).
void BM_FloorBfsAllTextbook(benchmark::State& state) {
  Fixture& f = Shared();
  const FloorGraph& g = f.floor_up;
  std::vector<uint32_t> out;
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    out.clear();
    FloorBfs::Recorder vis;
    vis.out = &out;
    auto index = boost::get(boost::vertex_index, g);
    boost::two_bit_color_map<decltype(index)> color(boost::num_vertices(g), index);
    boost::breadth_first_search(g, static_cast<uint32_t>(f.deep[k]), boost::visitor(vis).color_map(color));
    rows += out.size() - 1;
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_FloorBfsAllTextbook)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FloorBfs30(benchmark::State& state) {
  Fixture& f = Shared();
  FloorBfs bfs(f.floor_up);
  std::vector<uint32_t> out;
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    bfs.Near(static_cast<uint32_t>(f.deep[k]), kNearDepth, out);
    if (out.size() != f.expected_near[k]) state.SkipWithError("raw BFS size differs from the engine's");
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_FloorBfs30)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FloorNeighboursUpstream(benchmark::State& state) {
  Fixture& f = Shared();
  const FloorGraph& g = f.floor_up;
  std::vector<uint32_t> out;
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    out.clear();
    for (auto [it, end] = boost::adjacent_vertices(static_cast<uint32_t>(f.spread[i++ % f.spread.size()]), g);
         it != end; ++it) {
      out.push_back(*it);
    }
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["neighbours"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_FloorNeighboursUpstream)->Unit(benchmark::kMicrosecond)->UseRealTime();

// --- what-if: where the engine's closure loses to the floor ---------------------
// Hand-written BFS over the engine's own CSR (graph.adjacency().in, with its
// 8-byte CsrEdge per edge) with the engine's epoch-stamped marks, adding the
// engine's per-edge checks one at a time. Not engine code: a measurement of
// what each check costs, for bench/RESULTS.md.
enum class Checks { kNone, kType, kTypeThenValid, kTypeMarkThenValid };

template <Checks C>
void WhatIf(benchmark::State& state) {
  Fixture& f = Shared();
  const Graph& g = f.store->graph();
  const CsrGraph& in = g.adjacency().in;
  std::vector<uint32_t> mark(g.node_count(), 0);
  uint32_t epoch = 0;
  std::vector<uint32_t> frontier, next;
  std::vector<Reached> out;
  const auto feeds = static_cast<uint16_t>(f.feeds);
  size_t i = 0, rows = 0;
  for (auto _ : state) {
    size_t k = i++ % f.deep.size();
    ++epoch;
    out.clear();
    frontier.assign(1, static_cast<uint32_t>(f.deep[k]));
    for (uint32_t depth = 1; !frontier.empty(); ++depth) {
      next.clear();
      for (uint32_t v : frontier) {
        auto [it, end] = boost::out_edges(v, in);
        for (; it != end; ++it) {
          uint32_t w = boost::target(*it, in);
          if constexpr (C != Checks::kNone) {
            if (in[*it].type != feeds) continue;
          }
          if constexpr (C == Checks::kTypeMarkThenValid) {
            if (mark[w] == epoch) continue;
          }
          if constexpr (C == Checks::kTypeThenValid || C == Checks::kTypeMarkThenValid) {
            if (!((in[*it].flags & CsrEdge::kSimple) ? g.NodeValid(w, kLatest) : g.EdgeValid(in[*it].edge, kLatest))) {
              continue;
            }
          }
          if (mark[w] != epoch) {
            mark[w] = epoch;
            next.push_back(w);
            out.push_back({w, depth});
          }
        }
      }
      frontier.swap(next);
    }
    if (out.size() != f.expected_all[k]) state.SkipWithError("what-if BFS size differs");
    rows += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["ancestors"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
}
void BM_WhatIfEngineCsrNoChecks(benchmark::State& s) { WhatIf<Checks::kNone>(s); }
void BM_WhatIfEngineCsrTypeOnly(benchmark::State& s) { WhatIf<Checks::kType>(s); }
void BM_WhatIfEngineCsrTypeValid(benchmark::State& s) { WhatIf<Checks::kTypeThenValid>(s); }
void BM_WhatIfEngineCsrTypeMarkValid(benchmark::State& s) { WhatIf<Checks::kTypeMarkThenValid>(s); }
BENCHMARK(BM_WhatIfEngineCsrNoChecks)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WhatIfEngineCsrTypeOnly)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WhatIfEngineCsrTypeValid)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WhatIfEngineCsrTypeMarkValid)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace provgraph::bench

BENCHMARK_MAIN();
