#include "app/query_output.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/query_dot.h"
#include "query/common/source_location.h"

namespace provgraph::app {
namespace {

constexpr size_t kMaxCell = 60;

// Width in code points (continuation bytes do not count).
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string Cut(const std::string& s) {
  if (Width(s) <= kMaxCell) return s;
  std::string out;
  size_t points = 0;
  for (char c : s) {
    if ((c & 0xC0) != 0x80 && ++points > kMaxCell - 1) break;
    out.push_back(c);
  }
  return out + "…";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

void PrintQueryResult(std::ostream& out, const query::QueryResult& result, const Graph& graph,
                      const std::string& format) {
  if (!result.plan.empty()) {
    out << result.plan;
    if (result.rows.empty() && result.columns.empty()) return;
  }
  if (format == "dot") {
    PrintQueryDot(out, result, graph);
    return;
  }
  if (format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : result.rows) {
      nlohmann::json obj = nlohmann::json::object();
      for (size_t i = 0; i < row.size() && i < result.columns.size(); ++i) {
        obj[result.columns[i]] = query::ToJson(row[i], graph, result.at);
      }
      rows.push_back(std::move(obj));
    }
    out << rows.dump() << "\n";
    return;
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : result.rows) {
    std::vector<std::string> line;
    for (const auto& v : row) line.push_back(query::ToCellText(v, graph, result.at));
    cells.push_back(std::move(line));
  }
  if (format == "csv") {
    for (size_t i = 0; i < result.columns.size(); ++i) out << (i ? "," : "") << CsvField(result.columns[i]);
    out << "\r\n";
    for (const auto& line : cells) {
      for (size_t i = 0; i < line.size(); ++i) out << (i ? "," : "") << CsvField(line[i]);
      out << "\r\n";
    }
    return;
  }
  std::vector<size_t> width;
  for (const auto& c : result.columns) width.push_back(Width(Cut(c)));
  for (auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) {
      line[i] = Cut(line[i]);
      width[i] = std::max(width[i], Width(line[i]));
    }
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    for (size_t i = 0; i < line.size(); ++i) {
      out << (i ? " | " : "") << line[i];
      if (i + 1 < line.size()) out << std::string(width[i] - Width(line[i]), ' ');
    }
    out << "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : result.columns) header.push_back(Cut(c));
  print_line(header);
  for (size_t i = 0; i < width.size(); ++i) out << (i ? "-+-" : "") << std::string(width[i], '-');
  out << "\n";
  for (const auto& line : cells) print_line(line);
  out << "(" << cells.size() << " row" << (cells.size() == 1 ? "" : "s") << ")\n";
}

bool RunAndPrintQuery(std::string_view text, const Store& store, const query::Params& params, const std::string& format,
                      std::ostream& out, std::ostream& err) {
  const Graph& graph = store.graph();
  auto result = query::RunQuery(text, graph, params, &store.series());
  if (!result.ok()) {
    err << "provgraph: " << query::RenderQueryError(text, result.status()) << "\n";
    return false;
  }
  PrintQueryResult(out, *result, graph, format);
  return true;
}

}  // namespace provgraph::app
