#include <iostream>

#include "app/commands.h"
#include "app/progress.h"
#include "app/store_option.h"
#include "engine/time.h"
#include "loaders/csv_loader.h"
#include "loaders/dbt/dbt_loader.h"
#include "loaders/metrics_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "loaders/samples_loader.h"

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
    auto t = ParseAtOption(args.at);
    if (!t.ok()) return ReportError(t.status());
    options.at = *t;
  }
  auto store = OpenStore(g, /*create_if_missing=*/true);
  if (!store.ok()) return ReportError(store.status());
  ProgressBar bar("loading");
  options.progress = [&bar](size_t done, size_t total) { bar.Update(done, total); };
  CommitInfo info = CommitInfoFor(g);
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

struct LoadOpenLineageArgs {
  std::vector<std::string> inputs;
  std::string on_error = "fail";
  std::string quarantine;
};

int RunLoadOpenLineage(const GlobalOptions& g, const LoadOpenLineageArgs& args) {
  loaders::OpenLineageLoadOptions options;
  options.inputs = args.inputs;
  options.on_error = args.on_error == "skip" ? loaders::OnError::kSkip : loaders::OnError::kFail;
  options.quarantine = args.quarantine;
  auto store = OpenStore(g, /*create_if_missing=*/true);
  if (!store.ok()) return ReportError(store.status());
  ProgressBar bar("loading");
  if (bar.enabled()) options.progress = [&bar](size_t done, size_t total) { bar.Update(done, total); };
  CommitInfo info = CommitInfoFor(g);
  auto loaded = loaders::LoadOpenLineage(**store, options, info);
  bar.Finish();
  if (!loaded.ok()) return ReportError(loaded.status());
  const loaders::OpenLineageLoadSummary& s = loaded->summary;
  const BatchCounts& c = loaded->commit.counts;
  std::cout << "batch " << loaded->commit.seq << ": read " << s.mapped.events << " events (" << s.mapped.runs
            << " runs, " << s.mapped.jobs << " jobs, " << s.mapped.datasets << " datasets); created " << c.nodes_created
            << " nodes and " << c.edges_created << " edges, set " << c.properties_set << " property values\n";
  if (!s.bad.empty()) {
    std::cerr << "provgraph: skipped " << s.bad.size() << " bad events; see " << s.quarantine_path << "\n";
  }
  return kExitOk;
}

struct LoadDbtArgs {
  std::string manifest;
  std::string ns;
  std::string job_ns;
  std::string job_names = "classic";
  std::string at;
};

int RunLoadDbt(const GlobalOptions& g, const LoadDbtArgs& args) {
  loaders::DbtLoadOptions options;
  options.manifest = args.manifest;
  options.dataset_namespace = args.ns;
  options.job_namespace = args.job_ns.empty() ? std::string("default") : args.job_ns;
  options.structured_job_names = args.job_names == "structured";
  if (!args.at.empty()) {
    auto t = ParseAtOption(args.at);
    if (!t.ok()) return ReportError(t.status());
    options.at = *t;
  }
  auto store = OpenStore(g, /*create_if_missing=*/true);
  if (!store.ok()) return ReportError(store.status());
  CommitInfo info = CommitInfoFor(g);
  auto loaded = loaders::LoadDbt(**store, options, info);
  if (!loaded.ok()) return ReportError(loaded.status());
  const loaders::DbtLoadSummary& s = loaded->summary;
  const BatchCounts& c = loaded->commit.counts;
  std::cout << "batch " << loaded->commit.seq << ": read " << s.nodes << " manifest nodes (" << s.sources
            << " sources, " << s.tests << " tests, " << s.exposures << " exposures); created " << c.nodes_created
            << " nodes and " << c.edges_created << " edges, set " << c.properties_set << " property values\n";
  return kExitOk;
}

struct LoadSamplesArgs {
  std::string file;
  std::string dataset;
  std::string at;
};

int RunLoadSamples(const GlobalOptions& g, const LoadSamplesArgs& args) {
  loaders::SamplesLoadOptions options;
  options.file = args.file;
  options.dataset = args.dataset;
  auto t = ParseAtOption(args.at);
  if (!t.ok()) return ReportError(t.status());
  options.at = *t;
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  CommitInfo info = CommitInfoFor(g);
  auto loaded = loaders::LoadSamples(**store, options, info);
  if (!loaded.ok()) return ReportError(loaded.status());
  const loaders::SamplesLoadSummary& s = loaded->summary;
  const SeriesCounts& c = loaded->commit.series;
  std::cout << "batch " << loaded->commit.seq << ": read " << s.rows << " rows of " << s.numeric_columns
            << " numeric and " << s.categorical_columns << " categorical columns for " << s.target << "; wrote "
            << c.samples << " samples, skipped " << c.samples_unchanged << " as unchanged\n";
  return kExitOk;
}

int RunLoadMetrics(const GlobalOptions& g, const std::string& file) {
  auto store = OpenStore(g, /*create_if_missing=*/true);
  if (!store.ok()) return ReportError(store.status());
  CommitInfo info = CommitInfoFor(g);
  auto loaded = loaders::LoadMetrics(**store, file, info);
  if (!loaded.ok()) return ReportError(loaded.status());
  const loaders::MetricsLoadSummary& s = loaded->summary;
  const SeriesCounts& c = loaded->commit.series;
  std::cout << "batch " << loaded->commit.seq << ": read " << s.rows << " rows (" << s.series << " series, "
            << s.new_nodes << " new nodes); wrote " << c.metric_points << " points, skipped "
            << c.metric_points_unchanged << " as unchanged\n";
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

  auto ol = std::make_shared<LoadOpenLineageArgs>();
  CLI::App* openlineage = load->add_subcommand("openlineage", "Load OpenLineage events (.json, .ndjson/.jsonl, dirs)");
  AddStoreOptions(openlineage, g);
  openlineage->add_option("inputs", ol->inputs, "Event files and directories")->required()->expected(1, -1);
  openlineage->add_option("--on-error", ol->on_error, "fail: nothing is written; skip: quarantine bad events")
      ->check(CLI::IsMember({"fail", "skip"}));
  openlineage->add_option("--quarantine", ol->quarantine,
                          "Where skipped events go (default <first input>.quarantine.ndjson)");
  openlineage->callback([&g, &exit_code, ol] { exit_code = RunLoadOpenLineage(g, *ol); });

  auto dbt_args = std::make_shared<LoadDbtArgs>();
  CLI::App* dbt = load->add_subcommand("dbt", "Load a dbt manifest.json (v7-v12)");
  AddStoreOptions(dbt, g);
  dbt->add_option("manifest", dbt_args->manifest, "manifest.json")->required();
  dbt->add_option("--namespace", dbt_args->ns, "Dataset namespace: the warehouse, e.g. postgres://host:5432")
      ->required();
  dbt->add_option("--job-namespace", dbt_args->job_ns,
                  "Job namespace (default: \"default\", as OPENLINEAGE_NAMESPACE)");
  dbt->add_option("--job-names", dbt_args->job_names, "classic (dbt-ol run) or structured (unique_id)")
      ->check(CLI::IsMember({"classic", "structured"}));
  dbt->add_option("--at", dbt_args->at, "Valid time (ISO-8601; default: the manifest's generated_at)");
  dbt->callback([&g, &exit_code, dbt_args] { exit_code = RunLoadDbt(g, *dbt_args); });

  auto samples_args = std::make_shared<LoadSamplesArgs>();
  CLI::App* samples = load->add_subcommand("samples", "Keep a CSV sample of a dataset's column values (for drift)");
  AddStoreOptions(samples, g);
  samples->add_option("file", samples_args->file, "FILE.csv: a header row of column names, one record per row")
      ->required();
  samples->add_option("--dataset", samples_args->dataset, "The dataset's key (namespace:name)")->required();
  samples
      ->add_option("--at", samples_args->at,
                   "Time the sample describes (ISO-8601); it attaches to the version valid then")
      ->required();
  samples->callback([&g, &exit_code, samples_args] {
    if (samples_args->dataset.empty()) throw CLI::ValidationError("--dataset", "the dataset key is empty");
    exit_code = RunLoadSamples(g, *samples_args);
  });

  auto metrics_file = std::make_shared<std::string>();
  CLI::App* metrics = load->add_subcommand("metrics", "Load KPI and metric time series (node,metric,time,value)");
  AddStoreOptions(metrics, g);
  metrics->add_option("file", *metrics_file, "FILE.csv with the columns node,metric,time,value")->required();
  metrics->callback([&g, &exit_code, metrics_file] { exit_code = RunLoadMetrics(g, *metrics_file); });
}

}  // namespace provgraph::app
