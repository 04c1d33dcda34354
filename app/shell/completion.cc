#include "app/shell/completion.h"

#include <algorithm>

#include "app/shell/meta_commands.h"
#include "app/shell/statement_splitter.h"
#include "query/lexer/token.h"

namespace provgraph::app::shell {
namespace {

bool IsIdentifier(std::string_view name) {
  if (name.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return start(c) || (c >= '0' && c <= '9'); });
}

// A name as it must be typed: bare when it is an identifier, else quoted.
std::string AsTyped(const std::string& name) {
  if (IsIdentifier(name)) return name;
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 'a' + 'A');
    if (a != b) return false;
  }
  return true;
}

void AddNames(const std::vector<std::string>& names, std::string_view word, std::vector<std::string>& out) {
  for (const std::string& name : names) {
    if (StartsWith(name, word)) out.push_back(AsTyped(name));
  }
}

std::vector<std::string> Keywords() {
  std::vector<std::string> out;
  for (int k = static_cast<int>(query::Keyword::kAnd); k <= static_cast<int>(query::Keyword::kYield); ++k) {
    out.emplace_back(query::KeywordName(static_cast<query::Keyword>(k)));
  }
  return out;
}

// Completion of a `:` command line: `rest` is what follows the colon.
Completion CompleteMetaCommand(std::string_view rest, std::string_view word) {
  Completion c;
  size_t space = rest.find_first_of(" \t");
  if (space == std::string_view::npos) {
    for (const std::string& name : MetaCommandNames()) {
      if (StartsWith(name, word)) c.candidates.push_back(name);
    }
    std::sort(c.candidates.begin(), c.candidates.end());
    return c;
  }
  std::string_view command = rest.substr(0, space);
  std::string_view args = rest.substr(space);
  if (args.find_first_not_of(" \t") != std::string_view::npos) return c;  // only the first argument
  std::vector<std::string> choices;
  if (command == "format") choices = {"csv", "dot", "json", "table"};
  if (command == "timing") choices = {"off", "on"};
  for (const std::string& choice : choices) {
    if (StartsWith(choice, word)) c.candidates.push_back(choice);
  }
  return c;
}

}  // namespace

Vocabulary VocabularyOf(const Graph& graph) {
  auto names = [](const SymbolTable& table) {
    std::vector<std::string> out;
    for (uint32_t id = 0; id < table.size(); ++id) out.push_back(table.Name(id));
    std::sort(out.begin(), out.end());
    return out;
  };
  return Vocabulary{names(graph.labels()), names(graph.edge_types()), names(graph.property_keys())};
}

Completion CompletionCandidates(std::string_view before, std::string_view word, const Vocabulary& vocabulary) {
  size_t first = before.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && before[first] == ':') {
    return CompleteMetaCommand(before.substr(first + 1), word);
  }
  // The open brackets and the last code character before the word.
  std::vector<char> open;
  char last = '\0';
  ScanState end = ScanCode(before, [&](size_t i) {
    char c = before[i];
    if (IsSpace(c)) return;
    last = c;
    if (c == '(' || c == '[' || c == '{') open.push_back(c);
    if ((c == ')' || c == ']' || c == '}') && !open.empty()) open.pop_back();
  });
  Completion c;
  if (end != ScanState::kCode) return c;  // inside a literal, quoted name or comment
  char innermost = open.empty() ? '\0' : open.back();
  bool right_after = !before.empty() && !IsSpace(before.back());
  if (right_after && innermost != '{' && (last == ':' || (last == '|' && innermost == '['))) {
    c.append_space = false;
    if (innermost != '[') AddNames(vocabulary.labels, word, c.candidates);
    if (innermost != '(') AddNames(vocabulary.types, word, c.candidates);
  } else if ((right_after && last == '.') || (innermost == '{' && (last == '{' || last == ','))) {
    c.append_space = false;
    AddNames(vocabulary.property_keys, word, c.candidates);
  } else {
    static const std::vector<std::string> keywords = Keywords();
    for (const std::string& k : keywords) {
      if (StartsWithIgnoreCase(k, word)) c.candidates.push_back(k);
    }
  }
  std::sort(c.candidates.begin(), c.candidates.end());
  c.candidates.erase(std::unique(c.candidates.begin(), c.candidates.end()), c.candidates.end());
  return c;
}

}  // namespace provgraph::app::shell
