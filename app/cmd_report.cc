// `provgraph report compliance Label:key --format md|html|json [-o FILE]
// [--as-of T]`: the compliance report of a Model or KPI (app/report/), on
// standard output or in FILE (written only when the report is complete).
#include <fstream>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/report/report.h"
#include "app/store_option.h"
#include "engine/time.h"

namespace provgraph::app {
namespace {

struct ReportArgs {
  std::string node;
  std::string format;
  std::string output;
  std::string as_of;
};

int RunCompliance(const GlobalOptions& g, const ReportArgs& a) {
  Timestamp at = kLatest;
  if (!a.as_of.empty()) {
    auto t = ParseTimestamp(a.as_of);
    if (!t.ok()) {
      std::cerr << "provgraph: usage: --as-of: " << t.status().message() << "\n";
      return kExitUsage;
    }
    at = *t;
  }
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  auto doc = report::CollectCompliance(**store, a.node, at);
  if (!doc.ok()) return ReportError(doc.status());
  std::string text;
  if (a.format == "json") {
    text = report::RenderJson(*doc);
  } else if (a.format == "md") {
    text = report::RenderMarkdown(*doc);
  } else {
    auto html = report::RenderHtml(*doc);
    if (!html.ok()) return ReportError(html.status());
    text = std::move(html).value();
  }
  if (a.output.empty()) {
    std::cout << text;
    std::cout.flush();
    return kExitOk;
  }
  std::ofstream out(a.output, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return ReportError(Status::IoError("cannot write the report", a.output));
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* report = app.add_subcommand("report", "Reports over the graph");
  report->require_subcommand(1);
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = report->add_subcommand(
      "compliance", "Lineage, owners, tags, versions, runs, checks, drift, violations and audit of a Model or KPI");
  AddStoreOptions(cmd, g);
  cmd->add_option("node", a->node, "The Model or KPI as Label:key")->required();
  cmd->add_option("--format", a->format, "md, html or json")->required()->check(CLI::IsMember({"md", "html", "json"}));
  cmd->add_option("-o,--output", a->output, "Write the report to this file instead of standard output");
  cmd->add_option("--as-of", a->as_of, "Report the state valid at this instant (ISO-8601; default now)");
  cmd->callback([&g, &exit_code, a] { exit_code = RunCompliance(g, *a); });
}

}  // namespace provgraph::app
