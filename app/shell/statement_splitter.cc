#include "app/shell/statement_splitter.h"

namespace provgraph::app::shell {
namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// Walks `text`, calling on_code(i) for every byte that is query code (not
// part of a literal, quoted name or comment, delimiters included); returns
// the state at the end.
template <typename OnCode>
ScanState Scan(std::string_view text, OnCode on_code) {
  ScanState state = ScanState::kCode;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (state) {
      case ScanState::kCode:
        if (c == '\'') {
          state = ScanState::kSingleQuoted;
        } else if (c == '"') {
          state = ScanState::kDoubleQuoted;
        } else if (c == '`') {
          state = ScanState::kBacktick;
        } else if (c == '/' && next == '/') {
          state = ScanState::kLineComment;
          ++i;
        } else if (c == '/' && next == '*') {
          state = ScanState::kBlockComment;
          ++i;
        } else {
          on_code(i);
        }
        break;
      case ScanState::kSingleQuoted:
      case ScanState::kDoubleQuoted:
        if (c == '\\') {
          ++i;  // the escaped character, whatever it is
        } else if (c == (state == ScanState::kSingleQuoted ? '\'' : '"')) {
          state = ScanState::kCode;
        }
        break;
      case ScanState::kBacktick:
        // `` inside a quoted name is one backtick: leaving and re-entering
        // the state at once reads it correctly.
        if (c == '`') state = ScanState::kCode;
        break;
      case ScanState::kLineComment:
        if (c == '\n') state = ScanState::kCode;
        break;
      case ScanState::kBlockComment:
        if (c == '*' && next == '/') {
          state = ScanState::kCode;
          ++i;
        }
        break;
    }
  }
  return state;
}

}  // namespace

ScanState ScanCode(std::string_view text, const std::function<void(size_t)>& on_code) { return Scan(text, on_code); }

ScanState StateAtEnd(std::string_view text) {
  return Scan(text, [](size_t) {});
}

bool IsBlank(std::string_view text) {
  bool blank = true;
  ScanState end = Scan(text, [&](size_t i) { blank = blank && IsSpace(text[i]); });
  return blank && (end == ScanState::kCode || end == ScanState::kLineComment);
}

SplitResult SplitStatements(std::string_view text) {
  SplitResult result;
  size_t start = 0;
  Scan(text, [&](size_t i) {
    if (text[i] != ';') return;
    std::string_view statement = text.substr(start, i - start);
    if (!IsBlank(statement)) result.statements.push_back(Trim(statement));
    start = i + 1;
  });
  result.rest = std::string(text.substr(start));
  return result;
}

std::vector<std::string> StatementBuffer::AddLine(std::string_view line) {
  pending_.append(line);
  pending_.push_back('\n');
  SplitResult split = SplitStatements(pending_);
  pending_ = IsBlank(split.rest) ? std::string() : std::move(split.rest);
  return std::move(split.statements);
}

std::string StatementBuffer::TakePending() {
  std::string text = Trim(pending_);
  pending_.clear();
  return text;
}

}  // namespace provgraph::app::shell
