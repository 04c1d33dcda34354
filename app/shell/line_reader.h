// Where the shell's input lines come from: a plain stream (stdin that is
// not a terminal: no prompts, no editing) or GNU readline (prompts, line
// editing, Tab completion, history kept in a file).
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "app/shell/completion.h"

namespace provgraph::app::shell {

enum class ReadStatus {
  kLine,         // a line was read
  kEnd,          // end of input (Ctrl-D on a terminal)
  kInterrupted,  // Ctrl-C: drop what was typed, the pending statement too
};

class LineReader {
 public:
  virtual ~LineReader() = default;
  // Reads the next line, without its newline, into `line`.
  // `continuation`: a statement is pending (readline shows "-> ").
  virtual ReadStatus ReadLine(bool continuation, std::string& line) = 0;
};

class StreamLineReader : public LineReader {
 public:
  explicit StreamLineReader(std::istream& in) : in_(in) {}
  ReadStatus ReadLine(bool continuation, std::string& line) override;

 private:
  std::istream& in_;
};

// Completion candidates for `word`, given the statement text before it.
using Completer = std::function<Completion(std::string_view before, std::string_view word)>;

// GNU readline on the terminal (its callback interface, so that Ctrl-C can
// abandon a line). One instance at a time (readline's state is global). `history_path` (empty: none) is read at
// construction and every entered line is appended to it; `pending` returns the unfinished statement's earlier lines,
// which completion reads as context.
class ReadlineLineReader : public LineReader {
 public:
  ReadlineLineReader(std::string history_path, Completer completer, std::function<std::string()> pending);
  ~ReadlineLineReader() override;
  ReadlineLineReader(const ReadlineLineReader&) = delete;
  ReadlineLineReader& operator=(const ReadlineLineReader&) = delete;

  ReadStatus ReadLine(bool continuation, std::string& line) override;

  static constexpr const char* kPrompt = "provgraph> ";
  static constexpr const char* kContinuationPrompt = "        -> ";
  static constexpr int kHistoryLimit = 1000;

 private:
  static char** AttemptCompletion(const char* text, int start, int end);
  static char* NextMatch(const char* text, int state);
  static void OnLine(char* line);
  void Remember(const std::string& line);

  std::string history_path_;
  Completer completer_;
  std::function<std::string()> pending_;
};

// $HOME/.provgraph_history, or empty when HOME is not set.
std::string DefaultHistoryPath();

}  // namespace provgraph::app::shell
