// `provgraph drift ...`: the drift subcommands. `drift compare REF.csv
// CUR.csv` is the ad-hoc column-by-column check of DESIGN.md; `drift run`
// the nightly job over the store's constraints.
#pragma once

#include <CLI/CLI.hpp>

#include "app/cli_common.h"

namespace provgraph::app {

// Registers `drift` with its `compare` subcommand on `app`.
void AddDriftCommand(CLI::App& app, GlobalOptions& g, int& exit_code);

// Registers `compare` under an existing `drift` subcommand (for callers that
// create `drift` themselves and add `drift run` beside it).
void AddDriftCompareCommand(CLI::App* drift, GlobalOptions& g, int& exit_code);

// Registers `run` (the nightly drift job, app/cmd_drift_run.cc) under `drift`.
void AddDriftRunCommand(CLI::App* drift, GlobalOptions& g, int& exit_code);

}  // namespace provgraph::app
