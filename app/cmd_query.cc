#include <iostream>
#include <iterator>
#include <sstream>

#include "app/commands.h"
#include "app/query_output.h"
#include "app/store_option.h"
#include "query/query_engine.h"

namespace provgraph::app {
namespace {

struct QueryArgs {
  std::string text;
  std::vector<std::string> params;
  std::string format = "table";
};

int RunQueryCommand(const GlobalOptions& g, QueryArgs args) {
  if (args.text.empty()) {
    args.text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  query::Params params;
  for (const std::string& p : args.params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "provgraph: usage: --param expects name=value, got '" << p << "'\n";
      return kExitUsage;
    }
    params[p.substr(0, eq)] = query::ParseParamValue(std::string_view(p).substr(eq + 1));
  }
  auto store = OpenStore(g, /*create_if_missing=*/false);
  if (!store.ok()) return ReportError(store.status());
  bool ok = RunAndPrintQuery(args.text, **store, params, args.format, std::cout, std::cerr);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

void AddQueryCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("query", "Run one query (from -e, else from standard input)");
  AddStoreOptions(cmd, g);
  auto args = std::make_shared<QueryArgs>();
  cmd->add_option("-e,--execute", args->text, "The query text");
  cmd->add_option("--param", args->params, "A parameter name=value (JSON when it parses as JSON)");
  cmd->add_option("--format", args->format, "table, json, csv or dot")
      ->check(CLI::IsMember({"table", "json", "csv", "dot"}));
  cmd->callback([&g, &exit_code, args] { exit_code = RunQueryCommand(g, *args); });
}

}  // namespace provgraph::app
