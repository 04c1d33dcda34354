#include <iostream>

#include "app/commands.h"
#include "app/progress.h"
#include "app/store_option.h"
#include "engine/time.h"
#include "loaders/csv_loader.h"

namespace provgraph::app {
namespace {

struct LoadCsvArgs {
  std::vector<std::string> nodes;
  std::vector<std::string> edges;
  std::string at;
};

int RunLoadCsv(const GlobalOptions& g, const LoadCsvArgs& args) {
  loaders::CsvLoadOptions options;
  options.node_files = args.nodes;
  options.edge_files = args.edges;
  options.at = NowUtc();
  if (!args.at.empty()) {
    auto t = ParseTimestamp(args.at);
    if (!t.ok()) return ReportError(Status::InvalidInput(t.status().message(), "--at"));
    options.at = *t;
  }
  auto store = OpenStore(g, /*create_if_missing=*/true);
  if (!store.ok()) return ReportError(store.status());
  ProgressBar bar("loading");
  options.progress = [&bar](size_t done, size_t total) { bar.Update(done, total); };
  CommitInfo info;
  info.actor = g.actor;
  info.command = g.command_line;
  auto loaded = loaders::LoadCsv(**store, options, info);
  bar.Finish();
  if (!loaded.ok()) return ReportError(loaded.status());
  const CommitResult* committed = &loaded->commit;
  const loaders::CsvLoadSummary* summary = &loaded->rows;
  const BatchCounts& c = committed->counts;
  std::cout << "batch " << committed->seq << ": read " << summary->node_rows << " node rows and " << summary->edge_rows
            << " relationship rows; created " << c.nodes_created << " nodes and " << c.edges_created << " edges, set "
            << c.properties_set << " property values\n";
  return kExitOk;
}

}  // namespace

void AddLoadCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* load = app.add_subcommand("load", "Load data into the store (one batch, one transaction)");
  load->require_subcommand(1);
  auto args = std::make_shared<LoadCsvArgs>();
  CLI::App* csv = load->add_subcommand("csv", "Load CSV files with neo4j-admin import headers");
  AddStoreOptions(csv, g);
  csv->add_option("--nodes", args->nodes, "Node files (:ID, :LABEL, typed properties)")->expected(1, -1);
  csv->add_option("--edges,--relationships", args->edges, "Relationship files (:START_ID, :END_ID, :TYPE)")
      ->expected(1, -1);
  csv->add_option("--at", args->at, "Valid time of the loaded data (ISO-8601; default: now)");
  csv->callback([&g, &exit_code, args] {
    if (args->nodes.empty() && args->edges.empty()) {
      throw CLI::ValidationError("load csv", "give at least one --nodes or --edges file");
    }
    exit_code = RunLoadCsv(g, *args);
  });
}

}  // namespace provgraph::app
