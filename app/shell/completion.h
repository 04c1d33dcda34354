// Tab-completion candidates for the shell: query keywords, the store's
// labels, relationship types and property keys, and the `:` commands,
// chosen from the text before the word being completed. Pure functions;
// repl.cc hands the candidates to GNU readline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/graph.h"

namespace provgraph::app::shell {

// The names completion can offer from a store.
struct Vocabulary {
  std::vector<std::string> labels;
  std::vector<std::string> types;
  std::vector<std::string> property_keys;
};

// Every label, relationship type and property key in the graph's symbol
// tables, sorted.
Vocabulary VocabularyOf(const Graph& graph);

struct Completion {
  std::vector<std::string> candidates;  // sorted, each starting with the word (keywords: in any case)
  bool append_space = true;             // false after a label, type or property key
};

// The candidates for `word` given everything typed before it in the
// current statement (`before`, earlier lines of a multi-line statement
// included):
//   `:` at the start of a statement      the shell commands (help, schema, ...)
//   `:format ` / `:timing `              their arguments
//   `:` in a node pattern `(n:`          labels
//   `:` or `|` in `[r:`                  relationship types
//   `:` elsewhere                        labels and types
//   `.` or a map key position `{k`       property keys
//   inside a literal or comment          nothing
//   anywhere else                        keywords, upper case
Completion CompletionCandidates(std::string_view before, std::string_view word, const Vocabulary& vocabulary);

}  // namespace provgraph::app::shell
