#include "app/commands.h"
#include "app/shell/repl.h"
#include "app/store_option.h"

namespace provgraph::app {
namespace {

int RunShellCommand(const GlobalOptions& g, const std::string& format) {
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  shell::ShellSettings settings;
  settings.format = format;
  return shell::RunShell(**store, std::move(settings));
}

}  // namespace

void AddShellCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "shell", "Interactive query shell (statements end with ';'; reads a script when stdin is not a terminal)");
  AddStoreOptions(cmd, g);
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->callback([&g, &exit_code, format] { exit_code = RunShellCommand(g, *format); });
}

}  // namespace provgraph::app
