// `provgraph drift run [--config F] [--as-of T] [--format text|json]`: the
// nightly drift job (engine/drift/run.h). Without --config the Constraint
// nodes already in the store are checked. Constraints derived from dbt tests
// and OpenLineage assertions are added (engine/drift/derived_constraints.h)
// unless the config's `derive` turns them off. Exit 3 when a violation of
// severity `error` is open after the run.
#include <iostream>
#include <memory>

#include "app/cmd_drift.h"
#include "app/progress.h"
#include "app/store_option.h"
#include "engine/drift/derived_constraints.h"
#include "engine/drift/run.h"
#include "engine/time.h"

namespace provgraph::app {
namespace {

struct RunOptions {
  std::string config;
  std::string as_of;
  std::string format = "text";
};

int RunDriftJob(const GlobalOptions& g, const RunOptions& o) {
  drift::DriftRunOptions run;
  run.as_of = NowUtc();
  if (!o.as_of.empty()) {
    auto t = ParseTimestamp(o.as_of);
    if (!t.ok()) {
      std::cerr << "provgraph: usage: --as-of: " << t.status().message() << "\n";
      return kExitUsage;
    }
    run.as_of = *t;
  }
  std::optional<drift::DriftConfig> config;
  if (!o.config.empty()) {
    auto parsed = drift::LoadDriftConfig(o.config);
    if (!parsed.ok()) return ReportError(parsed.status());
    config = std::move(parsed).value();
  }
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  if (!config) {
    auto stored = drift::ConstraintsFromGraph((*store)->graph(), kLatest);
    if (!stored.ok()) return ReportError(stored.status());
    config = std::move(stored).value();
    run.write_constraints = false;
  }
  // Constraints from dbt tests and OpenLineage assertions as of the end of
  // the as-of day (config `derive`; on by default).
  config = drift::NightlyConstraints((*store)->graph(), run.as_of, std::move(*config));
  ProgressBar bar("drift run");
  run.progress = [&bar](size_t done, size_t total) { bar.Update(done, total); };
  run.commit.actor = g.actor;
  run.commit.command = g.command_line;
  auto report = drift::RunDrift(**store, *config, run);
  bar.Finish();
  if (!report.ok()) return ReportError(report.status());
  if (o.format == "json") {
    std::cout << report->ToJson().dump() << "\n";
  } else {
    std::cout << report->ToText();
  }
  std::cout.flush();
  return report->open_error > 0 ? kExitViolations : kExitOk;
}

}  // namespace

void AddDriftRunCommand(CLI::App* drift, GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = drift->add_subcommand("run", "Check the drift constraints for one day and record violations");
  AddStoreOptions(cmd, g);
  cmd->add_option("--config", o->config, "Drift config (JSON); default: the Constraint nodes in the store");
  cmd->add_option("--as-of", o->as_of, "The day to check (ISO-8601; default now)");
  cmd->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&g, &exit_code, o] { exit_code = RunDriftJob(g, *o); });
}

}  // namespace provgraph::app
