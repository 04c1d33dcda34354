// `provgraph rootcause Label:key [--as-of T] [--window 7d] [--format
// text|json]`: the ranked likely causes of a symptom, a thin shell over
// engine/rootcause. Exit 1 for an unknown node, a node with nothing
// upstream or an empty window; 2 for a malformed option.
#include <iostream>

#include "app/commands.h"
#include "app/store_option.h"
#include "engine/rootcause/rootcause.h"
#include "engine/time.h"

namespace provgraph::app {
namespace {

struct RootCauseArgs {
  std::string node;
  std::string as_of;
  std::string window = "7d";
  std::string format = "text";
};

int RunRootCause(const GlobalOptions& g, const RootCauseArgs& a) {
  rootcause::RootCauseOptions options;
  if (!a.as_of.empty()) {
    auto t = ParseTimestamp(a.as_of);
    if (!t.ok()) {
      std::cerr << "provgraph: usage: --as-of: " << t.status().message() << "\n";
      return kExitUsage;
    }
    options.as_of = *t;
  }
  auto window = rootcause::ParseWindow(a.window);
  if (!window.ok()) {
    std::cerr << "provgraph: usage: --window: " << window.status().message() << "\n";
    return kExitUsage;
  }
  options.window = *window;
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  const Graph& graph = (*store)->graph();
  auto node = rootcause::ResolveNode(graph, a.node, options.as_of);
  if (!node.ok()) return ReportError(node.status());
  auto report = rootcause::FindRootCauses(graph, &(*store)->series(), *node, options);
  if (!report.ok()) return ReportError(report.status());
  if (a.format == "json") {
    std::cout << rootcause::ReportToJson(graph, *report, a.window).dump(2) << "\n";
  } else {
    std::cout << rootcause::ReportToText(graph, *report, a.window);
  }
  return kExitOk;
}

}  // namespace

void AddRootCauseCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd =
      app.add_subcommand("rootcause", "Rank the likely upstream causes of a symptom (a KPI, model or dataset)");
  AddStoreOptions(cmd, g);
  auto a = std::make_shared<RootCauseArgs>();
  cmd->add_option("node", a->node, "The symptom as Label:key (e.g. KPI:churn_auc)")->required();
  cmd->add_option("--as-of", a->as_of, "Read the graph as of this instant (ISO-8601; default the latest state)");
  cmd->add_option("--window", a->window, "How far before the symptom moved to look (e.g. 7d, 36h; default 7d)");
  cmd->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&g, &exit_code, a] { exit_code = RunRootCause(g, *a); });
}

}  // namespace provgraph::app
