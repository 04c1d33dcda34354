#include "query/common/source_location.h"

#include <charconv>

#include "query/common/str_cat.h"

namespace provgraph::query {

namespace {

constexpr std::string_view kWherePrefix = "query:";

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Parses a positive decimal number filling all of `text`.
std::optional<uint32_t> ParsePositive(std::string_view text) {
  uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value == 0) return std::nullopt;
  return value;
}

// Line `line` (1-based) of `text` without its terminator, or nullopt.
std::optional<std::string_view> LineOf(std::string_view text, uint32_t line) {
  size_t start = 0;
  for (uint32_t current = 1; current < line; ++current) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) return std::nullopt;
    start = newline + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view result = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

}  // namespace

std::string QueryWhere(SourcePos pos) {
  return StrCat({kWherePrefix, std::to_string(pos.line), ":", std::to_string(pos.column)});
}

Status QueryError(SourcePos pos, std::string message) {
  return Status::InvalidInput(std::move(message), QueryWhere(pos));
}

std::optional<SourcePos> ParseQueryWhere(std::string_view where) {
  if (!where.starts_with(kWherePrefix)) return std::nullopt;
  where.remove_prefix(kWherePrefix.size());
  size_t colon = where.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<uint32_t> line = ParsePositive(where.substr(0, colon));
  std::optional<uint32_t> column = ParsePositive(where.substr(colon + 1));
  if (!line || !column) return std::nullopt;
  SourcePos pos;
  pos.line = *line;
  pos.column = *column;
  return pos;
}

std::string RenderQueryError(std::string_view query, const Status& status) {
  std::string head = status.ToString();
  std::optional<SourcePos> pos = ParseQueryWhere(status.where());
  if (!pos) return head;
  std::optional<std::string_view> line = LineOf(query, pos->line);
  if (!line) return head;

  // One caret-line character per code point before the fault column; the
  // caret may sit one past the end of the line (an error at end of input).
  std::string pad;
  uint32_t code_points = 0;
  for (size_t i = 0; i < line->size() && code_points + 1 < pos->column; ++i) {
    unsigned char c = static_cast<unsigned char>((*line)[i]);
    if (IsUtf8Continuation(c)) continue;
    pad.push_back(c == '\t' ? '\t' : ' ');
    ++code_points;
  }
  if (code_points + 1 < pos->column) pad.push_back(' ');  // just past the end
  return StrCat({head, "\n", *line, "\n", pad, "^"});
}

}  // namespace provgraph::query
