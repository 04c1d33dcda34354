#include "app/shell/line_reader.h"

#include <readline/history.h>
#include <readline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace provgraph::app::shell {
namespace {

ReadlineLineReader* active_reader = nullptr;
std::vector<std::string> matches;  // of the completion in progress
size_t next_match = 0;

// Characters that end a word for completion: `n:Da` completes `Da`,
// `n.na` completes `na`, `:fo` completes `fo`.
char kWordBreaks[] = " \t\n\"'`@$><=;|&{([:.,)]}*+-/%^!";

}  // namespace

std::optional<std::string> StreamLineReader::ReadLine(bool /*continuation*/) {
  std::string line;
  if (!std::getline(in_, line)) return std::nullopt;
  return line;
}

std::string DefaultHistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.provgraph_history";
}

ReadlineLineReader::ReadlineLineReader(std::string history_path, Completer completer,
                                       std::function<std::string()> pending)
    : history_path_(std::move(history_path)), completer_(std::move(completer)), pending_(std::move(pending)) {
  active_reader = this;
  rl_readline_name = "provgraph";
  rl_attempted_completion_function = &ReadlineLineReader::AttemptCompletion;
  rl_completer_word_break_characters = kWordBreaks;
  using_history();
  stifle_history(kHistoryLimit);
  if (!history_path_.empty()) read_history(history_path_.c_str());
}

ReadlineLineReader::~ReadlineLineReader() {
  if (!history_path_.empty()) history_truncate_file(history_path_.c_str(), kHistoryLimit);
  rl_attempted_completion_function = nullptr;
  active_reader = nullptr;
}

std::optional<std::string> ReadlineLineReader::ReadLine(bool continuation) {
  char* raw = readline(continuation ? kContinuationPrompt : kPrompt);
  if (raw == nullptr) return std::nullopt;
  std::string line(raw);
  std::free(raw);
  Remember(line);
  return line;
}

void ReadlineLineReader::Remember(const std::string& line) {
  if (line.find_first_not_of(" \t") == std::string::npos) return;
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last != nullptr && line == last->line) return;
  add_history(line.c_str());
  if (history_path_.empty()) return;
  // append_history does not create the file.
  std::error_code ec;
  if (std::filesystem::exists(history_path_, ec)) {
    append_history(1, history_path_.c_str());
  } else {
    write_history(history_path_.c_str());
  }
}

char** ReadlineLineReader::AttemptCompletion(const char* text, int start, int /*end*/) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  if (active_reader == nullptr) return nullptr;
  std::string before = active_reader->pending_() + std::string(rl_line_buffer, static_cast<size_t>(start));
  Completion completion = active_reader->completer_(before, text);
  if (completion.candidates.empty()) return nullptr;
  rl_completion_append_character = completion.append_space ? ' ' : '\0';
  matches = std::move(completion.candidates);
  next_match = 0;
  return rl_completion_matches(text, &ReadlineLineReader::NextMatch);
}

char* ReadlineLineReader::NextMatch(const char* /*text*/, int /*state*/) {
  if (next_match >= matches.size()) return nullptr;
  // readline frees what it gets.
  const std::string& m = matches[next_match++];
  char* copy = static_cast<char*>(std::malloc(m.size() + 1));
  std::copy(m.begin(), m.end(), copy);
  copy[m.size()] = '\0';
  return copy;
}

}  // namespace provgraph::app::shell
