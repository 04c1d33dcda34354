// Statement splitting for the shell: finds the `;` that end statements in
// query text, skipping string literals ('…', "…" with backslash escapes),
// `quoted names` and comments (// to end of line, /* */) the way the query
// lexer reads them. Pure functions, no terminal involved.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace provgraph::app::shell {

// White space between tokens, as the query lexer skips it.
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Where a scan of query text ended up.
enum class ScanState { kCode, kSingleQuoted, kDoubleQuoted, kBacktick, kLineComment, kBlockComment };

// Reads `text` from the start, calling on_code(i) for every byte that is
// query code (not inside a literal, quoted name or comment, nor one of their
// delimiters); returns the state at the end.
ScanState ScanCode(std::string_view text, const std::function<void(size_t)>& on_code);

// The state after reading all of `text` from the start.
ScanState StateAtEnd(std::string_view text);

// True when `text` holds only whitespace and finished comments (an unclosed
// block comment or literal is not blank).
bool IsBlank(std::string_view text);

struct SplitResult {
  // Complete statements in order, without their `;` and with surrounding
  // whitespace trimmed; blank ones (`;;`, a lone comment) are dropped.
  std::vector<std::string> statements;
  // The text after the last statement-ending `;` (an unfinished statement).
  std::string rest;
};

SplitResult SplitStatements(std::string_view text);

// Accumulates input lines and hands out complete statements.
class StatementBuffer {
 public:
  // Appends `line` and a newline; returns the statements it completed.
  std::vector<std::string> AddLine(std::string_view line);
  // True when no unfinished statement is pending (only blanks so far).
  bool empty() const { return IsBlank(pending_); }
  const std::string& pending() const { return pending_; }
  void Clear() { pending_.clear(); }
  // The unfinished statement, trimmed, leaving the buffer empty.
  std::string TakePending();

 private:
  std::string pending_;
};

}  // namespace provgraph::app::shell
