// rootcause_eval DIR: loads the planted-fault scenarios that
// gen_scenarios.py wrote into DIR (every scenario's events, the KPI graph
// and the KPI series) into one fresh store, runs the root-cause search on
// each scenario's KPI (as of the latest state, window 7d) and checks the
// planted cause ranks first in >= 90% of the scenarios and in the top three
// in >= 98%. Prints the figures overall and per kind; exit 0 when both hold.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/rootcause/rootcause.h"
#include "loaders/csv_loader.h"
#include "loaders/metrics_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

int Fail(const std::string& what, const Status& s) {
  std::cerr << "rootcause_eval: " << what << ": " << s.ToString() << "\n";
  return 1;
}

int Run(const std::string& dir) {
  testing::TempDir tmp;
  auto store = Store::Open(tmp / "eval.store", StoreOptions{.create_if_missing = true});
  if (!store.ok()) return Fail("open", store.status());
  CommitInfo info;
  info.actor = "rootcause_eval";
  info.command = "rootcause_eval";
  auto t0 = std::chrono::steady_clock::now();
  loaders::OpenLineageLoadOptions ol;
  ol.inputs = {dir + "/events"};
  auto events = loaders::LoadOpenLineage(**store, ol, info);
  if (!events.ok()) return Fail("events", events.status());
  loaders::CsvLoadOptions csv;
  csv.node_files = {dir + "/graph/nodes.csv"};
  csv.edge_files = {dir + "/graph/edges.csv"};
  csv.at = *ParseTimestamp("2027-03-01T00:00:00Z");
  auto graph = loaders::LoadCsv(**store, csv, info);
  if (!graph.ok()) return Fail("graph", graph.status());
  auto metrics = loaders::LoadMetrics(**store, dir + "/metrics.csv", info);
  if (!metrics.ok()) return Fail("metrics", metrics.status());
  auto t1 = std::chrono::steady_clock::now();

  std::ifstream in(dir + "/scenarios.json");
  nlohmann::json truth = nlohmann::json::parse(in);
  struct Tally {
    int n = 0, top1 = 0, top3 = 0;
  };
  std::map<std::string, Tally> by_kind;
  Tally all;
  const Graph& g = (*store)->graph();
  for (const auto& sc : truth) {
    const std::string kpi = sc["kpi"], cause = sc["cause"], kind = sc["kind"];
    const std::string variant = sc.value("variant", "");
    auto node = rootcause::ResolveNode(g, kpi, kLatest);
    if (!node.ok()) return Fail(kpi, node.status());
    auto report = rootcause::FindRootCauses(g, &(*store)->series(), *node, {});
    if (!report.ok()) return Fail(kpi, report.status());
    size_t rank = 0;
    for (size_t i = 0; i < report->candidates.size(); ++i) {
      const NodeId c = report->candidates[i].node;
      if (g.labels().Name(g.PrimaryLabel(c)) + ":" + std::string(g.Key(c)) == cause) rank = i + 1;
    }
    std::vector<Tally*> tallies{&by_kind[kind], &all};
    if (!variant.empty()) tallies.push_back(&by_kind[kind + "/" + variant]);
    for (Tally* x : tallies) {
      ++x->n;
      x->top1 += rank == 1;
      x->top3 += rank >= 1 && rank <= 3;
    }
    if (rank != 1) {
      std::cout << "miss: " << kpi << " " << kind << (variant.empty() ? "" : "/" + variant) << " " << cause
                << " ranked " << (rank ? std::to_string(rank) : "-") << "; first "
                << (report->candidates.empty()
                        ? "none"
                        : rootcause::ReportToJson(g, *report, "7d")["candidates"][0]["node"].get<std::string>())
                << " (moved: " << report->moved.how << ")\n";
    }
  }
  auto t2 = std::chrono::steady_clock::now();
  auto pct = [](int a, int n) { return n ? 100.0 * a / n : 0.0; };
  for (const auto& [kind, t] : by_kind) {
    std::printf("%-30s %3d scenarios  top-1 %5.1f%%  top-3 %5.1f%%\n", kind.c_str(), t.n, pct(t.top1, t.n),
                pct(t.top3, t.n));
  }
  std::printf("%-30s %3d scenarios  top-1 %5.1f%%  top-3 %5.1f%%  (load %.1fs, rank %.2fs)\n", "all", all.n,
              pct(all.top1, all.n), pct(all.top3, all.n), std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t2 - t1).count());
  const bool ok = all.n >= 200 && pct(all.top1, all.n) >= 90 && pct(all.top3, all.n) >= 98;
  if (!ok) std::printf("FAILED: need at least 200 scenarios, top-1 >= 90%% and top-3 >= 98%%\n");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace provgraph

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: rootcause_eval SCENARIO_DIR\n";
    return 2;
  }
  return provgraph::Run(argv[1]);
}
