#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/store_option.h"

namespace provgraph::app {
namespace {

int RunStats(const GlobalOptions& g, const std::string& format) {
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  const Graph& graph = (*store)->graph();
  std::map<std::string, uint64_t> labels, types;
  uint64_t nodes = 0, edges = 0;
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    if (!graph.NodeValid(n, kLatest)) continue;
    ++nodes;
    for (uint32_t l : graph.Labels(n, kLatest)) ++labels[graph.labels().Name(l)];
  }
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    if (!graph.EdgeValid(e, kLatest)) continue;
    ++edges;
    ++types[graph.edge_types().Name(graph.EdgeType(e))];
  }
  uint64_t bytes = (*store)->size_bytes();
  // Metric series and samples, superseded ones included in the stored counts.
  const SeriesIndex& series = (*store)->series();
  nlohmann::json series_json{{"metric_series", series.metric_series()},
                             {"metric_points", series.stored_points()},
                             {"sampled_columns", series.sampled_columns()},
                             {"samples", series.stored_samples()}};
  if (format == "json") {
    nlohmann::json j{{"nodes", nodes}, {"edges", edges}, {"labels", labels},
                     {"types", types}, {"bytes", bytes}, {"series", series_json}};
    std::cout << j.dump() << "\n";
    return kExitOk;
  }
  std::cout << "store  " << (*store)->dir() << "\nbatches " << (*store)->last_seq() << "\nnodes  " << nodes
            << "\nedges  " << edges << "\nbytes  " << bytes << "\n";
  std::cout << "labels\n";
  for (const auto& [name, count] : labels) std::cout << "  " << name << "  " << count << "\n";
  std::cout << "types\n";
  for (const auto& [name, count] : types) std::cout << "  " << name << "  " << count << "\n";
  std::cout << "series\n  metric series  " << series.metric_series() << "\n  metric points  " << series.stored_points()
            << "\n  sampled columns  " << series.sampled_columns() << "\n  samples  " << series.stored_samples()
            << "\n";
  return kExitOk;
}

}  // namespace

void AddStatsCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("stats", "Count what is valid now, by label and edge type");
  AddStoreOptions(cmd, g);
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&g, &exit_code, format] { exit_code = RunStats(g, *format); });
}

}  // namespace provgraph::app
