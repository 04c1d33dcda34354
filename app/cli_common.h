// Shared pieces of the provgraph command line: exit codes, error printing
// in DESIGN.md's form, store location and opening.
#pragma once

#include <memory>
#include <string>

#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::app {

enum ExitCode : int { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitViolations = 3 };

// Options every subcommand shares.
struct GlobalOptions {
  std::string store;  // --store; empty: $PROVGRAPH_STORE, else ./provgraph.store
  std::string actor;  // --actor, recorded in the audit log
  std::string command_line;
};

std::string ResolveStorePath(const GlobalOptions& g);

// Prints "provgraph: <where>: <message>" to stderr and returns kExitFailure.
int ReportError(const Status& status);

Result<std::unique_ptr<Store>> OpenStore(const GlobalOptions& g, bool create_if_missing, bool skip_graph = false);

// What the audit log records of this invocation: --actor and the command line.
CommitInfo CommitInfoFor(const GlobalOptions& g);

// An --at value as a timestamp; an error names "--at".
Result<Timestamp> ParseAtOption(const std::string& text);

}  // namespace provgraph::app
