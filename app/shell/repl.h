// The shell's read-eval-print loop: reads lines, runs `:` commands and
// complete statements (each after Store::Refresh(), so other processes'
// commits are seen), prints results as `provgraph query` does.
#pragma once

#include <ostream>

#include "app/shell/line_reader.h"
#include "app/shell/meta_commands.h"
#include "app/shell/statement_splitter.h"
#include "engine/store.h"

namespace provgraph::app::shell {

// Runs until :quit or the end of input. Interactive: every error is
// reported and the shell goes on; an unfinished statement at the end of
// input is dropped; returns 0. Not interactive: stops at the first error
// and returns 1; an unfinished statement at the end of input is run;
// returns 0 when everything ran.
int RunRepl(LineReader& reader, StatementBuffer& buffer, Store& store, ShellSettings& settings, bool interactive,
            std::ostream& out, std::ostream& err);

// The shell on the process's standard streams: readline with history in
// $HOME/.provgraph_history when stdin is a terminal, plain lines otherwise.
int RunShell(Store& store, ShellSettings settings);

}  // namespace provgraph::app::shell
