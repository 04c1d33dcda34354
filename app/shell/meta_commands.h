// The shell's `:` commands (:help, :schema, :format, :timing, :param,
// :params, :quit) and the settings they change. A line is a command when
// its first non-blank character is `:` and no statement is pending.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store.h"
#include "query/query_engine.h"

namespace provgraph::app::shell {

struct ShellSettings {
  std::string format = "table";  // table, json, csv or dot
  bool timing = false;           // print the elapsed time of each statement
  query::Params params;          // $name values for every statement
};

enum class MetaOutcome { kDone, kFailed, kQuit };

// True when the first non-blank character of `line` is ':'.
bool IsMetaCommand(std::string_view line);

// Runs one command line. `store` is refreshed and read by :schema only (it
// may be null for the others). Output goes to `out`; a mistake is reported
// on `err` as "provgraph: shell: ..." and returns kFailed.
MetaOutcome RunMetaCommand(std::string_view line, ShellSettings& settings, Store* store, std::ostream& out,
                           std::ostream& err);

// The command names without their colon, in :help order.
const std::vector<std::string>& MetaCommandNames();

}  // namespace provgraph::app::shell
