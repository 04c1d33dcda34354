// RenderMarkdown and RenderJson: the report's Markdown (GitHub-flavoured
// tables) and JSON forms.
#include <sstream>

#include "app/report/sections.h"

namespace provgraph::report {
namespace {

// Plain text safe in a Markdown table cell: Markdown punctuation
// backslash-escaped, line breaks as spaces.
std::string Md(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out.push_back(' ');
      continue;
    }
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string RenderJson(const Document& report) { return report.dump(2) + "\n"; }

std::string RenderMarkdown(const Document& report) {
  std::ostringstream out;
  out << "# " << Md(Title(report)) << "\n";
  for (const Section& s : BuildSections(report)) {
    out << "\n" << std::string(s.level, '#') << " " << Md(s.title) << "\n";
    if (!s.facts.empty()) out << "\n";
    for (const auto& [name, value] : s.facts) out << "- **" << Md(name) << ":** " << Md(value) << "\n";
    if (s.table.header.empty()) continue;
    out << "\n";
    if (s.table.rows.empty()) {
      out << "_" << Md(s.empty) << "_\n";
      continue;
    }
    out << "|";
    for (const auto& h : s.table.header) out << " " << Md(h) << " |";
    out << "\n|";
    for (size_t i = 0; i < s.table.header.size(); ++i) out << "---|";
    out << "\n";
    for (const auto& row : s.table.rows) {
      out << "|";
      for (const auto& cell : row) out << " " << Md(cell) << " |";
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace provgraph::report
