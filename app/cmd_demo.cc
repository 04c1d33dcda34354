#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/store_option.h"
#include "engine/time.h"
#include "engine/traversal.h"
#include "loaders/csv_loader.h"
#include "loaders/metrics_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "loaders/samples_loader.h"

#ifndef PROVGRAPH_DATASETS_DIR
#define PROVGRAPH_DATASETS_DIR "datasets"
#endif

namespace provgraph::app {
namespace {

std::string NodeName(const Graph& g, NodeId n) {
  return g.labels().Name(g.PrimaryLabel(n)) + ":" + std::string(g.Key(n));
}

std::string OwnersOf(const Graph& g, NodeId n, Walker& walker) {
  auto owns = g.edge_types().Find("OWNS");
  if (!owns) return "";
  WalkSpec spec;
  spec.direction = Direction::kUpstream;
  spec.edge_types = {*owns};
  spec.max_depth = 1;
  std::string out;
  for (const Reached& r : walker.Closure(n, spec)) out += (out.empty() ? "" : ", ") + std::string(g.Key(r.node));
  return out;
}

void PrintLineage(const Graph& g, const std::string& label, const std::string& key, Direction dir) {
  auto node = g.FindNode(label, key);
  auto feeds = g.edge_types().Find("FEEDS");
  if (!node || !feeds) return;
  Walker walker(g);
  WalkSpec spec;
  spec.direction = dir;
  spec.edge_types = {*feeds};
  auto reached = walker.Closure(*node, spec);
  std::cout << "\n"
            << (dir == Direction::kUpstream ? "Upstream of " : "Downstream of ") << label << ":" << key
            << " along FEEDS (" << reached.size() << " nodes; depth counts edges):\n";
  for (const Reached& r : reached) {
    std::string owners = OwnersOf(g, r.node, walker);
    std::cout << "  " << (r.depth < 10 ? " " : "") << r.depth << "  " << NodeName(g, r.node);
    if (!owners.empty()) std::cout << "   owner: " << owners;
    std::cout << "\n";
  }
}

// The demo's sampled datasets: samples/<dir>/<YYYY-MM-DD>.csv describe the
// dataset as of 03:30 UTC that day (datasets/README.md).
struct SampledDataset {
  const char* dir;
  const char* key;
};
constexpr SampledDataset kSampled[] = {{"customer_features", "s3://acme-lake:features/customer_features"},
                                       {"embeddings", "s3://acme-lake:docs/embeddings"}};

std::string Plural(uint64_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

// The valid time of the KPI graph: the demo's first night (planted.json's
// days.first), so the KPIs exist over the whole series.
Timestamp T0(const std::string& demo) {
  std::ifstream in(demo + "/planted.json");
  auto planted = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* first = nullptr;
  if (planted.is_object() && planted.contains("days") && planted["days"].is_object()) {
    auto it = planted["days"].find("first");
    if (it != planted["days"].end() && it->is_string()) first = &*it;
  }
  if (first) {
    auto t = ParseTimestamp(first->get<std::string>() + "T00:00:00Z");
    if (t.ok()) return *t;
  }
  return NowUtc();
}

int RunDemo(GlobalOptions g, const std::string& data_dir) {
  namespace fs = std::filesystem;
  if (g.store.empty()) g.store = "./provgraph-demo.store";
  std::error_code ec;
  fs::remove_all(g.store, ec);
  if (ec) return ReportError(Status::IoError("cannot remove the old demo store: " + ec.message(), g.store));
  auto opened = OpenStore(g, /*create_if_missing=*/true);
  if (!opened.ok()) return ReportError(opened.status());
  Store& store = **opened;
  const std::string demo = data_dir + "/demo";
  CommitInfo info;
  info.actor = g.actor.empty() ? "demo" : g.actor;
  info.command = g.command_line;
  std::cout << "Loading the demo pipeline (" << demo << ") into " << g.store << ":\n";

  // 1. Sixty nights of OpenLineage events from Airflow, Spark and dbt.
  loaders::OpenLineageLoadOptions ol;
  ol.inputs = {demo + "/events"};
  auto events = loaders::LoadOpenLineage(store, ol, info);
  if (!events.ok()) return ReportError(events.status());
  const auto& m = events->summary.mapped;
  std::cout << "  OpenLineage: " << Plural(m.events, "event") << ", " << Plural(m.runs, "run") << " of "
            << Plural(m.jobs, "job") << ", " << Plural(m.datasets, "dataset") << " -> "
            << events->commit.counts.nodes_created << " nodes, " << events->commit.counts.edges_created << " edges, "
            << events->commit.series.metric_points << " quality metric points (batch " << events->commit.seq << ")\n";

  // 2. KPIs, their owners and the models that feed them.
  loaders::CsvLoadOptions csv;
  csv.node_files = {demo + "/graph/nodes.csv"};
  csv.edge_files = {demo + "/graph/edges.csv"};
  csv.at = T0(demo);
  auto kpis = loaders::LoadCsv(store, csv, info);
  if (!kpis.ok()) return ReportError(kpis.status());
  std::cout << "  KPIs and owners (CSV): " << kpis->commit.counts.nodes_created << " nodes, "
            << kpis->commit.counts.edges_created << " edges (batch " << kpis->commit.seq << ")\n";

  // 3. Daily column samples of the features and the embeddings: one batch.
  Batch samples;
  uint64_t sample_files = 0;
  for (const SampledDataset& d : kSampled) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(demo + "/samples/" + d.dir, ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      if (f.extension() != ".csv") continue;
      auto at = ParseTimestamp(f.stem().string() + "T03:30:00Z");
      if (!at.ok()) return ReportError(Status::InvalidInput("sample file name is not a date", f.string()));
      loaders::SamplesLoadOptions so;
      so.file = f.string();
      so.dataset = d.key;
      so.at = *at;
      auto built = loaders::BuildSamplesBatch(so, store.graph(), samples);
      if (!built.ok()) return ReportError(built.status());
      ++sample_files;
    }
  }
  auto sampled = store.Commit(samples, info);
  if (!sampled.ok()) return ReportError(sampled.status());
  std::cout << "  Samples: " << Plural(sample_files, "daily file") << " -> " << sampled->series.samples
            << " column samples (batch " << sampled->seq << ")\n";

  // 4. KPI series.
  auto metrics = loaders::LoadMetrics(store, demo + "/metrics.csv", info);
  if (!metrics.ok()) return ReportError(metrics.status());
  std::cout << "  KPI series: " << metrics->commit.series.metric_points << " points (batch " << metrics->commit.seq
            << ")\n";

  const Graph& graph = store.graph();
  PrintLineage(graph, "KPI", "churn_auc", Direction::kUpstream);
  std::string self = g.command_line.substr(0, g.command_line.find(' '));
  std::cout
      << "\nExplore it (the planted change is in datasets/demo/planted.json):\n"
      << "  " << self << " shell --store " << g.store << "\n"
      << "  " << self << " query --store " << g.store
      << " -e \"CALL drift.history('KPI:churn_auc', 'value') YIELD time, value RETURN time, value\"\n"
      << "  " << self << " query --store " << g.store
      << " -e \"CALL lineage.upstream('KPI:churn_auc') YIELD node, depth RETURN node.key, depth ORDER BY depth\"\n"
      << "  " << self << " stats --store " << g.store << "\n"
      << "  " << self << " audit verify --store " << g.store << "\n";
  return kExitOk;
}

}  // namespace

void AddDemoCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("demo", "Load the demo pipeline into its own store and walk its lineage");
  AddStoreOptions(cmd, g);
  auto data = std::make_shared<std::string>(PROVGRAPH_DATASETS_DIR);
  cmd->add_option("--data", *data, "The datasets/ directory");
  cmd->callback([&g, &exit_code, data] { exit_code = RunDemo(g, *data); });
}

}  // namespace provgraph::app
