// provgraph: the command-line entry point. Parses the command line with
// CLI11 and dispatches to the subcommands in app/cmd_*.cc.
#include <iostream>

#include "app/cmd_drift.h"
#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace provgraph::app;
  CLI::App app{"provgraph: a knowledge-graph engine for data and ML pipeline provenance"};
  app.require_subcommand(1);
  GlobalOptions g;
  for (int i = 0; i < argc; ++i) g.command_line += (i ? " " : "") + std::string(argv[i]);
  int exit_code = kExitOk;
  AddInitCommand(app, g, exit_code);
  AddLoadCommand(app, g, exit_code);
  AddStatsCommand(app, g, exit_code);
  AddAuditCommand(app, g, exit_code);
  AddDemoCommand(app, g, exit_code);
  AddQueryCommand(app, g, exit_code);
  AddShellCommand(app, g, exit_code);
  AddDriftCommand(app, g, exit_code);
  AddReportCommand(app, g, exit_code);
  AddRootCauseCommand(app, g, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "provgraph: usage: " << e.what() << "\n(run 'provgraph --help' for the commands)\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "provgraph: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
  return exit_code;
}
