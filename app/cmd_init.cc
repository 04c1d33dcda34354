#include <iostream>

#include "app/commands.h"
#include "app/store_option.h"

namespace provgraph::app {

void AddInitCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("init", "Create an empty store");
  AddStoreOptions(cmd, g);
  cmd->callback([&g, &exit_code] {
    std::string path = ResolveStorePath(g);
    Status st = Store::Create(path);
    if (!st.ok()) {
      exit_code = ReportError(st);
      return;
    }
    std::cout << "created an empty store at " << path << "\n";
  });
}

}  // namespace provgraph::app
