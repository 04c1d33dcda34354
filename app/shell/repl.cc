#include "app/shell/repl.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/query_output.h"

namespace provgraph::app::shell {
namespace {

// Runs one statement; false on an error (already reported).
bool RunStatement(const std::string& statement, Store& store, const ShellSettings& settings, std::ostream& out,
                  std::ostream& err) {
  // Timed from the statement's text to its last row written: the refresh
  // (other processes' commits) included.
  auto start = std::chrono::steady_clock::now();
  if (Status s = store.Refresh(); !s.ok()) {
    err << "provgraph: " << s.ToString() << "\n";
    return false;
  }
  bool ok = RunAndPrintQuery(statement, store, settings.params, settings.format, out, err);
  out.flush();
  if (settings.timing) {
    std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    char text[64];
    std::snprintf(text, sizeof text, "Time: %.3f ms\n", elapsed.count());
    err << text;
  }
  err.flush();
  return ok;
}

}  // namespace

int RunRepl(LineReader& reader, StatementBuffer& buffer, Store& store, ShellSettings& settings, bool interactive,
            std::ostream& out, std::ostream& err) {
  while (true) {
    std::string text;
    ReadStatus status = reader.ReadLine(!buffer.empty(), text);
    if (status == ReadStatus::kEnd) break;
    if (status == ReadStatus::kInterrupted) {
      buffer.Clear();
      continue;
    }
    if (buffer.empty() && IsMetaCommand(text)) {
      buffer.Clear();
      MetaOutcome outcome = RunMetaCommand(text, settings, &store, out, err);
      out.flush();
      if (outcome == MetaOutcome::kQuit) return 0;
      if (outcome == MetaOutcome::kFailed && !interactive) return 1;
      continue;
    }
    for (const std::string& statement : buffer.AddLine(text)) {
      if (!RunStatement(statement, store, settings, out, err) && !interactive) return 1;
    }
  }
  if (interactive) {
    out << "\n";  // Ctrl-D leaves the cursor after the prompt
    return 0;
  }
  if (!buffer.empty()) {
    if (!RunStatement(buffer.TakePending(), store, settings, out, err)) return 1;
  }
  return 0;
}

int RunShell(Store& store, ShellSettings settings) {
  StatementBuffer buffer;
  if (!isatty(STDIN_FILENO)) {
    StreamLineReader reader(std::cin);
    return RunRepl(reader, buffer, store, settings, /*interactive=*/false, std::cout, std::cerr);
  }
  Completer completer = [&store](std::string_view before, std::string_view word) {
    (void)store.Refresh();  // names other processes added; on failure the last ones
    return CompletionCandidates(before, word, VocabularyOf(store.graph()));
  };
  ReadlineLineReader reader(DefaultHistoryPath(), completer, [&buffer] { return buffer.pending(); });
  return RunRepl(reader, buffer, store, settings, /*interactive=*/true, std::cout, std::cerr);
}

}  // namespace provgraph::app::shell
