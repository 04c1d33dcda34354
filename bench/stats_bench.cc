// Drift statistics on large samples (issue 5, "Benchmarks"): KS two-sample
// and Wasserstein-1 on 1M x 1M, PSI with the default 10 reference-quantile
// bins on a 10M-row reference against a 10M-row current sample. Reads the
// files bench/gen_stats_data wrote (the same data bench/compare/stats_scipy.py
// times SciPy/numpy on) and, before timing, writes the values it computes
// to DIR/provgraph_values.json for bench/compare/stats_run.sh to check
// against SciPy's.
//
//   stats_bench DIR [--benchmark_repetitions=5 ...]
//
// Every iteration is the whole public call (input checks, copies, sorts,
// the statistic and, for KS, the p-value) on the same input.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/stats/ks.h"
#include "engine/stats/psi.h"
#include "engine/stats/wasserstein.h"

namespace provgraph::bench {
namespace {

struct Data {
  std::vector<double> x, y, ref, cur;
};

Data& Shared() {
  static Data d;
  return d;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "stats_bench: %s\n", what.c_str());
  std::exit(1);
}

std::vector<double> ReadF64(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) Die("cannot open " + path + " (run gen_stats_data DIR first)");
  std::vector<double> out;
  double buf[4096];
  size_t n;
  while ((n = std::fread(buf, sizeof(double), 4096, f)) > 0) out.insert(out.end(), buf, buf + n);
  std::fclose(f);
  if (out.empty()) Die(path + " is empty");
  return out;
}

void WriteValues(const std::string& path) {
  const Data& d = Shared();
  auto ks = stats::KsTwoSample(d.x, d.y);
  auto w = stats::WassersteinDistance(d.x, d.y);
  auto psi = stats::PsiQuantile(d.ref, d.cur);
  if (!ks.ok() || !w.ok() || !psi.ok()) Die("a statistic failed on the benchmark data");
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) Die("cannot write " + path);
  std::fprintf(f,
               "{\"ks\": {\"statistic\": %.17g, \"pvalue\": %.17g, \"method\": \"%s\"},\n"
               " \"wasserstein\": {\"value\": %.17g},\n \"psi\": {\"value\": %.17g}}\n",
               ks->statistic, ks->pvalue, ks->method_used == stats::KsMethod::kExact ? "exact" : "asymp", *w,
               psi->value);
  std::fclose(f);
}

void BM_KsTwoSample_1Mx1M(benchmark::State& state) {
  const Data& d = Shared();
  for (auto _ : state) {
    auto r = stats::KsTwoSample(d.x, d.y);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.x.size() + d.y.size()));
}
BENCHMARK(BM_KsTwoSample_1Mx1M)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Wasserstein_1Mx1M(benchmark::State& state) {
  const Data& d = Shared();
  for (auto _ : state) {
    auto r = stats::WassersteinDistance(d.x, d.y);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.x.size() + d.y.size()));
}
BENCHMARK(BM_Wasserstein_1Mx1M)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PsiQuantile10_10Mx10M(benchmark::State& state) {
  const Data& d = Shared();
  for (auto _ : state) {
    auto r = stats::PsiQuantile(d.ref, d.cur);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.ref.size() + d.cur.size()));
}
BENCHMARK(BM_PsiQuantile10_10Mx10M)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace provgraph::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: stats_bench DIR [benchmark flags]\n");
    return 2;
  }
  const std::string dir = argv[1];
  auto& d = provgraph::bench::Shared();
  d.x = provgraph::bench::ReadF64(dir + "/ks_x.f64");
  d.y = provgraph::bench::ReadF64(dir + "/ks_y.f64");
  d.ref = provgraph::bench::ReadF64(dir + "/psi_ref.f64");
  d.cur = provgraph::bench::ReadF64(dir + "/psi_cur.f64");
  provgraph::bench::WriteValues(dir + "/provgraph_values.json");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
