#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/progress.h"
#include "app/report/report.h"
#include "app/store_option.h"
#include "engine/drift/derived_constraints.h"
#include "engine/drift/run.h"
#include "engine/rootcause/rootcause.h"
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

// The demo's nights: planted.json's days.first and days.last (midnight UTC).
struct DemoDays {
  Timestamp first, last;
};
Result<DemoDays> ReadDemoDays(const std::string& demo) {
  const std::string path = demo + "/planted.json";
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read the demo's planted.json", path);
  auto planted = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  DemoDays days;
  for (const char* which : {"first", "last"}) {
    const std::string pointer = std::string("/days/") + which;
    const nlohmann::json* day = nullptr;
    if (planted.is_object() && planted.contains(nlohmann::json::json_pointer(pointer))) {
      day = &planted.at(nlohmann::json::json_pointer(pointer));
    }
    if (!day || !day->is_string()) return Status::InvalidInput("expected a date string", path + ":" + pointer);
    auto t = ParseTimestamp(day->get<std::string>() + "T00:00:00Z");
    if (!t.ok()) return Status::InvalidInput(t.status().message(), path + ":" + pointer);
    (std::string(which) == "first" ? days.first : days.last) = *t;
  }
  return days;
}

// The nightly drift job over every demo day, as a scheduler would run
// `provgraph drift run --config datasets/demo/drift.json` each night at
// 06:00 UTC: drift.json's constraints plus those derived from the dbt
// tests and OpenLineage assertions known that night (NightlyConstraints,
// as `drift run` does). Prints the nights on which a violation opened,
// closed or expired, and the constraints of the last night.
Status RunNightlyDrift(Store& store, const std::string& demo, const DemoDays& days, const CommitInfo& info) {
  auto config = drift::LoadDriftConfig(demo + "/drift.json");
  if (!config.ok()) return config.status();
  constexpr int64_t kDay = 86400LL * 1000000LL;
  const int64_t nights = (days.last.micros - days.first.micros) / kDay + 1;
  std::cout << "\nThe nightly drift job (" << demo << "/drift.json, " << config->constraints.size()
            << " constraints, and those derived from dbt tests and OpenLineage assertions), " << nights
            << " nights:\n";
  ProgressBar bar("drift run");
  drift::DriftRunReport last;
  drift::DriftConfig last_config;  // the specs `last` points at
  size_t opened = 0, closed = 0;
  for (int64_t night = 0; night < nights; ++night) {
    drift::DriftRunOptions run;
    run.as_of = Timestamp{days.first.micros + night * kDay + 6 * 3600LL * 1000000LL};
    run.write_constraints = night == 0;
    run.commit = info;
    run.commit.command = info.command + " (drift run --as-of " + FormatTimestamp(run.as_of) + ")";
    drift::DriftConfig tonight = drift::NightlyConstraints(store.graph(), run.as_of, *config);
    auto report = drift::RunDrift(store, tonight, run);
    if (!report.ok()) return report.status();
    bar.Update(static_cast<size_t>(night + 1), static_cast<size_t>(nights));
    for (const drift::ConstraintResult& r : report->results) {
      const std::string& action = r.violation_action;
      if (action != "opened" && action != "closed" && action != "expired") continue;
      bar.Finish();
      const bool opens = action == "opened";
      (opens ? opened : closed)++;
      std::cout << "  " << report->as_of_day << "  "
                << (opens ? "OPENED " : action == "closed" ? "closed " : "expired ") << (r.spec->error ? "error " : "warn  ")
                << r.spec->name;
      if (r.value) std::cout << " (" << r.spec->metric << " = " << *r.value << ")";
      if (opens && !r.at_risk.empty()) std::cout << "; " << Plural(r.at_risk.size(), "asset") << " downstream at risk";
      std::cout << "\n";
    }
    for (const std::string& name : report->retired) {
      bar.Finish();
      std::cout << "  " << report->as_of_day << "  retired " << name << "\n";
    }
    last = std::move(report).value();
    last_config = std::move(tonight);  // moving keeps the specs' addresses
  }
  bar.Finish();
  std::cout << "  " << Plural(opened, "violation") << " opened, " << closed << " closed; open after the last night: "
            << last.open_error << " error, " << last.open_warn << " warn\n";
  std::cout << "  After " << last.as_of_day << " (forecasts: Holt's linear trend, 95% interval, "
            << config->forecast_days << " days ahead):\n";
  for (const drift::ConstraintResult& r : last.results) {
    std::cout << "    " << r.spec->name << ": ";
    if (r.violation_open) {
      std::cout << "failing since " << r.first_failing_day << ", violation open";
    } else if (r.state == drift::ConstraintResult::State::kNoData) {
      std::cout << "no data (" << r.reason << ")";
    } else if (r.assertion && !r.forecast) {
      std::cout << "passes (test result of " << r.assertion->latest_day.value_or("?") << ")";
    } else if (r.forecast && r.forecast->crossing_day) {
      std::cout << "passes; forecast to fail on " << *r.forecast->crossing_day << " ("
                << r.forecast->earliest_day.value_or("?") << " .. " << r.forecast->latest_day.value_or("after the horizon")
                << ")";
    } else {
      std::cout << "passes; not forecast to fail" << (r.forecast ? "" : " (" + r.forecast_note + ")");
    }
    std::cout << "\n";
  }
  return Status::Ok();
}

// Compliance reports of the demo's two models, Markdown and HTML, into
// `dir` (created); prints their paths.
Status WriteReports(Store& store, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create the reports directory: " + ec.message(), dir);
  struct Subject {
    const char* node;
    const char* file;
  };
  constexpr Subject kSubjects[] = {{"Model:mlflow://mlflow:5000:models/churn_model", "churn_model"},
                                   {"Model:mlflow://mlflow:5000:models/rag_assistant", "rag_assistant"}};
  std::cout << "\nCompliance reports (lineage to the sources, owners, PII columns, code versions, runs, checks,\n"
               "drift, violations, the verified audit trail):\n";
  for (const Subject& s : kSubjects) {
    auto doc = report::CollectCompliance(store, s.node, kLatest);
    if (!doc.ok()) return doc.status();
    auto html = report::RenderHtml(*doc);
    if (!html.ok()) return html.status();
    for (const auto& [ext, text] : {std::pair<std::string, std::string>{"md", report::RenderMarkdown(*doc)},
                                    {"html", std::move(html).value()}}) {
      const std::string path = dir + "/" + s.file + "." + ext;
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) return Status::IoError("cannot write the report", path);
      std::cout << "  " << s.node << ": " << path << "\n";
    }
  }
  return Status::Ok();
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
  auto days = ReadDemoDays(demo);
  if (!days.ok()) return ReportError(days.status());
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
  csv.at = days->first;  // the KPIs exist over the whole series
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

  // 5. The nightly drift job, night by night.
  if (Status s = RunNightlyDrift(store, demo, *days, info); !s.ok()) return ReportError(s);

  // 6. Why did churn_auc drop? The ranked root causes.
  if (auto symptom = graph.FindNode("KPI", "churn_auc")) {
    std::cout << "\nWhy did KPI:churn_auc drop? (provgraph rootcause KPI:churn_auc)\n";
    auto causes = rootcause::FindRootCauses(graph, &store.series(), *symptom, rootcause::RootCauseOptions{});
    if (!causes.ok()) return ReportError(causes.status());
    std::string text = rootcause::ReportToText(graph, *causes, "7d");
    // Indented, the three most likely causes.
    size_t shown = 0, pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(pos, end - pos);
      pos = end + 1;
      if (!line.empty() && line[0] >= '0' && line[0] <= '9' && ++shown > 3) break;
      std::cout << (line.empty() ? "" : "  ") << line << "\n";
    }
  }

  // 7. Compliance reports, next to the store.
  std::string store_dir = g.store;
  while (store_dir.size() > 1 && store_dir.back() == '/') store_dir.pop_back();
  if (Status s = WriteReports(store, store_dir + ".reports"); !s.ok()) return ReportError(s);
  std::string self = g.command_line.substr(0, g.command_line.find(' '));
  std::cout << "\nExplore it in the shell (the planted change is in " << demo << "/planted.json):\n"
            << "  " << self << " shell --store " << g.store << "\n"
            << "Three queries to try there:\n"
            << "  CALL lineage.rootcause('KPI:churn_auc', '7d') YIELD rank, node, score, evidence\n"
            << "    RETURN rank, node.key, score, [e IN evidence | e.kind] AS kinds;\n"
            << "  CALL lineage.changes('KPI:churn_auc', '2026-09-20', '2026-10-10') YIELD time, node, kind, detail\n"
            << "    WHERE kind <> 'new_version' RETURN time, node.key, kind, detail;\n"
            << "  MATCH (v:Violation)-[:AT_RISK]->(a) RETURN v.key, v.first_failing_day, labels(a), a.key;\n";
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
