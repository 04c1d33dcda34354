#include "app/cli_common.h"

#include <cstdlib>
#include <iostream>

#include "engine/time.h"

namespace provgraph::app {

std::string ResolveStorePath(const GlobalOptions& g) {
  if (!g.store.empty()) return g.store;
  if (const char* env = std::getenv("PROVGRAPH_STORE"); env && *env) return env;
  return "./provgraph.store";
}

int ReportError(const Status& status) {
  std::cerr << "provgraph: " << status.ToString() << "\n";
  return kExitFailure;
}

Result<std::unique_ptr<Store>> OpenStore(const GlobalOptions& g, bool create_if_missing, bool skip_graph) {
  StoreOptions options;
  options.create_if_missing = create_if_missing;
  options.skip_graph = skip_graph;
  return Store::Open(ResolveStorePath(g), options);
}

CommitInfo CommitInfoFor(const GlobalOptions& g) {
  CommitInfo info;
  info.actor = g.actor;
  info.command = g.command_line;
  return info;
}

Result<Timestamp> ParseAtOption(const std::string& text) {
  auto t = ParseTimestamp(text);
  if (!t.ok()) return Status::InvalidInput(t.status().message(), "--at");
  return *t;
}

}  // namespace provgraph::app
