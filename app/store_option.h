// AddStoreOptions: the --store and --actor options every subcommand takes.
#pragma once

#include <CLI/CLI.hpp>

#include "app/cli_common.h"

namespace provgraph::app {

inline void AddStoreOptions(CLI::App* cmd, GlobalOptions& g) {
  cmd->add_option("--store", g.store, "Store directory (default $PROVGRAPH_STORE, else ./provgraph.store)");
  cmd->add_option("--actor", g.actor, "Who runs this, recorded in the audit log");
}

}  // namespace provgraph::app
