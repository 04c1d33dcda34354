#include "app/shell/meta_commands.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/query_output.h"
#include "app/shell/schema.h"

namespace provgraph::app::shell {
namespace {

struct CommandInfo {
  std::string name;
  std::string usage;
  std::string help;
};

const std::vector<CommandInfo>& Commands() {
  static const std::vector<CommandInfo> commands = {
      {"help", ":help", "this list"},
      {"schema", ":schema", "labels, relationship types and property keys with their counts now"},
      {"format", ":format table|json|csv|dot", "how results are printed (no argument: show it)"},
      {"timing", ":timing on|off", "print the elapsed time of each statement (no argument: show it)"},
      {"param", ":param NAME VALUE", "set $NAME (VALUE is JSON when it parses as JSON, else a string)"},
      {"params", ":params", "list the parameters"},
      {"quit", ":quit", "leave the shell (also Ctrl-D)"},
  };
  return commands;
}

bool IsBlankChar(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsBlankChar(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlankChar(s.back())) s.remove_suffix(1);
  return s;
}

// Splits off the first blank-separated word of `s` (already trimmed).
std::string_view FirstWord(std::string_view s, std::string_view& rest) {
  size_t end = 0;
  while (end < s.size() && !IsBlankChar(s[end])) ++end;
  rest = TrimView(s.substr(end));
  return s.substr(0, end);
}

MetaOutcome Fail(std::ostream& err, const std::string& message) {
  err << "provgraph: shell: " << message << "\n";
  return MetaOutcome::kFailed;
}

void PrintHelp(std::ostream& out) {
  out << "Statements end with ';' and may span lines; Tab completes keywords, labels,\n"
         "relationship types, property keys and commands. Commands:\n";
  size_t width = 0;
  for (const CommandInfo& c : Commands()) width = std::max(width, c.usage.size());
  for (const CommandInfo& c : Commands()) {
    out << "  " << c.usage << std::string(width - c.usage.size() + 2, ' ') << c.help << "\n";
  }
}

MetaOutcome SetParam(std::string_view args, ShellSettings& settings, std::ostream& err) {
  std::string_view value;
  std::string_view name = FirstWord(args, value);
  if (size_t eq = name.find('='); eq != std::string_view::npos) {  // also :param name=value
    value = args.substr(eq + 1);
    name = name.substr(0, eq);
  }
  if (name.starts_with('$')) name.remove_prefix(1);
  if (name.empty() || value.empty()) return Fail(err, ":param expects a name and a value, e.g. :param key 'x'");
  settings.params[std::string(name)] = query::ParseParamValue(value);
  return MetaOutcome::kDone;
}

void ListParams(const ShellSettings& settings, std::ostream& out) {
  std::vector<std::string> names;
  for (const auto& [name, value] : settings.params) names.push_back(name);
  std::sort(names.begin(), names.end());
  static const Graph kNoGraph;  // parameters hold no nodes or edges
  for (const std::string& name : names) {
    out << "$" << name << " = " << query::ToJson(settings.params.at(name), kNoGraph, kLatest).dump() << "\n";
  }
}

}  // namespace

const std::vector<std::string>& MetaCommandNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const CommandInfo& c : Commands()) out.push_back(c.name);
    return out;
  }();
  return names;
}

bool IsMetaCommand(std::string_view line) {
  std::string_view t = TrimView(line);
  return !t.empty() && t.front() == ':';
}

MetaOutcome RunMetaCommand(std::string_view line, ShellSettings& settings, Store* store, std::ostream& out,
                           std::ostream& err) {
  std::string_view text = TrimView(line);
  if (!text.empty() && text.front() == ':') text.remove_prefix(1);
  std::string_view args;
  std::string command(FirstWord(text, args));
  auto no_args = [&]() { return args.empty() ? true : (Fail(err, ":" + command + " takes no argument"), false); };

  if (command == "help") {
    if (!no_args()) return MetaOutcome::kFailed;
    PrintHelp(out);
  } else if (command == "quit") {
    if (!no_args()) return MetaOutcome::kFailed;
    return MetaOutcome::kQuit;
  } else if (command == "schema") {
    if (!no_args()) return MetaOutcome::kFailed;
    if (store == nullptr) return Fail(err, ":schema needs a store");
    if (Status s = store->Refresh(); !s.ok()) {
      err << "provgraph: " << s.ToString() << "\n";
      return MetaOutcome::kFailed;
    }
    PrintQueryResult(out, SchemaTable(CountSchema(store->graph())), store->graph(), settings.format);
  } else if (command == "format") {
    if (args.empty()) {
      out << "format: " << settings.format << "\n";
    } else if (args == "table" || args == "json" || args == "csv" || args == "dot") {
      settings.format = std::string(args);
    } else {
      return Fail(err, ":format expects table, json, csv or dot, got '" + std::string(args) + "'");
    }
  } else if (command == "timing") {
    if (args.empty()) {
      out << "timing: " << (settings.timing ? "on" : "off") << "\n";
    } else if (args == "on" || args == "off") {
      settings.timing = args == "on";
    } else {
      return Fail(err, ":timing expects on or off, got '" + std::string(args) + "'");
    }
  } else if (command == "param") {
    return SetParam(args, settings, err);
  } else if (command == "params") {
    if (!no_args()) return MetaOutcome::kFailed;
    ListParams(settings, out);
  } else {
    return Fail(err, "unknown command ':" + command + "' (:help lists the commands)");
  }
  return MetaOutcome::kDone;
}

}  // namespace provgraph::app::shell
