// The provgraph subcommands: each Add*Command registers one on the CLI11
// app; its callback runs the command and stores the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include "app/cli_common.h"

namespace provgraph::app {

void AddInitCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddLoadCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddStatsCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddAuditCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddDemoCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddQueryCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddShellCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddReportCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddRootCauseCommand(CLI::App& app, GlobalOptions& g, int& exit_code);

}  // namespace provgraph::app
