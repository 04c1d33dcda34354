#include "app/shell/line_reader.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <sys/select.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

namespace provgraph::app::shell {
namespace {

ReadlineLineReader* active_reader = nullptr;
std::vector<std::string> matches;  // of the completion in progress
size_t next_match = 0;

// Characters that end a word for completion: `n:Da` completes `Da`,
// `n.na` completes `na`, `:fo` completes `fo`.
char kWordBreaks[] = " \t\n\"'`@$><=;|&{([:.,)]}*+-/%^!";

// The line readline's callback interface completed (nullopt: end of input).
bool line_done = false;
std::optional<std::string> completed_line;

volatile sig_atomic_t interrupted = 0;
void OnSigint(int) { interrupted = 1; }

}  // namespace

ReadStatus StreamLineReader::ReadLine(bool /*continuation*/, std::string& line) {
  return std::getline(in_, line) ? ReadStatus::kLine : ReadStatus::kEnd;
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

void ReadlineLineReader::OnLine(char* raw) {
  line_done = true;
  completed_line.reset();
  if (raw != nullptr) {
    completed_line = std::string(raw);
    std::free(raw);
  }
  rl_callback_handler_remove();
}

ReadStatus ReadlineLineReader::ReadLine(bool continuation, std::string& line) {
  // Ctrl-C while typing abandons the line. SIGINT is blocked except inside
  // pselect(), so it always lands there; while a query runs it keeps its
  // usual effect.
  struct sigaction on_sigint = {}, previous_action = {};
  on_sigint.sa_handler = &OnSigint;
  sigemptyset(&on_sigint.sa_mask);
  sigaction(SIGINT, &on_sigint, &previous_action);
  sigset_t block, previous_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &previous_mask);
  sigset_t waiting = previous_mask;
  sigdelset(&waiting, SIGINT);

  interrupted = 0;
  line_done = false;
  rl_callback_handler_install(continuation ? kContinuationPrompt : kPrompt, &ReadlineLineReader::OnLine);
  ReadStatus status = ReadStatus::kLine;
  while (!line_done) {
    fd_set fds;
    FD_ZERO(&fds);
    int fd = fileno(rl_instream != nullptr ? rl_instream : stdin);
    FD_SET(fd, &fds);
    int ready = pselect(fd + 1, &fds, nullptr, nullptr, nullptr, &waiting);
    if (interrupted) {
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_callback_handler_remove();
      std::fputs("^C\n", rl_outstream != nullptr ? rl_outstream : stdout);
      status = ReadStatus::kInterrupted;
      break;
    }
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      rl_callback_handler_remove();
      status = ReadStatus::kEnd;
      break;
    }
    rl_callback_read_char();
  }
  sigprocmask(SIG_SETMASK, &previous_mask, nullptr);
  sigaction(SIGINT, &previous_action, nullptr);
  if (status != ReadStatus::kLine) return status;
  if (!completed_line) return ReadStatus::kEnd;
  line = std::move(*completed_line);
  Remember(line);
  return ReadStatus::kLine;
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
