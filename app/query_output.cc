#include "app/query_output.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "app/query_dot.h"
#include "query/common/source_location.h"
#include "query/runtime/value_text.h"

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

// RFC 4180: a field holding a comma, quote or line break is quoted, its
// quotes doubled.
void AppendCsvField(std::string& out, std::string_view s) {
  auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
  if (std::none_of(s.begin(), s.end(), special)) {
    out += s;
    return;
  }
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    out.append(s.data() + run, i + 1 - run);  // the quote, then again below
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

// Writes json or csv rows as they come: RunAndPrintQuery's sink, and
// PrintQueryResult's writer for those formats (one code path, so streamed
// and collected output are the same bytes). The header (csv) or the opening
// `[` (json) is written with the first row, or by Finish when there was
// none, so that a query failing before its first row writes nothing.
// PROFILE's rows are kept until Finish: the plan text comes first.
// The text goes into a buffer written to the stream every 64 KiB, by
// Finish and Abandon, and by the destructor (so that when a cell's text
// throws, e.g. invalid UTF-8 in a csv cell, what came before it is written
// as when every piece went to the stream directly).
class RowWriter : public query::RowSink {
 public:
  RowWriter(std::ostream& out, const Graph& graph, const std::string& format)
      : out_(out), graph_(graph), json_(format == "json") {}
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;
  ~RowWriter() override { Flush(); }

  void OnStart(const std::vector<std::string>& columns, Timestamp at, bool profile) override {
    columns_ = columns;
    at_ = at;
    if (profile) kept_ = query::ResultRows(columns.size());
    if (json_) PlanJsonKeys();
  }

  void OnRow(std::span<const query::QueryValue> row) override {
    if (kept_) return kept_->Append(row);
    Begin();
    if (json_) {
      if (rows_) buf_.push_back(',');
      if (row.size() >= columns_.size()) {
        buf_.push_back('{');
        for (size_t k = 0; k < json_keys_.size(); ++k) {
          if (k) buf_.push_back(',');
          buf_ += json_keys_[k].second;
          query::AppendJsonText(buf_, row[json_keys_[k].first], graph_, at_, query::BadUtf8::kReplace);
        }
        buf_.push_back('}');
      } else {
        // A row shorter than the header (no query makes one): as an
        // nlohmann object of the columns it has.
        nlohmann::json obj = nlohmann::json::object();
        for (size_t i = 0; i < row.size(); ++i) obj[columns_[i]] = query::ToJson(row[i], graph_, at_);
        buf_ += obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    } else {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf_.push_back(',');
        cell_.clear();
        query::AppendCellText(cell_, row[i], graph_, at_);
        AppendCsvField(buf_, cell_);
      }
      buf_ += "\r\n";
    }
    ++rows_;
    if (buf_.size() >= kFlushBytes) Flush();
  }

  // The rows kept for PROFILE, if any: written by Finish after the plan.
  std::optional<query::ResultRows>& kept() { return kept_; }

  // After the last row of a query that succeeded.
  void Finish() {
    if (kept_) {
      std::optional<query::ResultRows> rows = std::move(kept_);
      kept_.reset();
      for (const auto& row : *rows) OnRow(row.values());
    }
    Begin();
    if (json_) buf_ += "]\n";
    Flush();
  }

  // After a run-time error: what was written stays, cut short. JSON is
  // left without its closing `]` (no parser takes the part for the whole),
  // ended by a newline; CSV rows are whole lines.
  void Abandon() {
    if (started_ && json_) buf_ += "\n";
    Flush();
  }

  void Flush() {
    if (buf_.empty()) return;
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr size_t kFlushBytes = 64 * 1024;

  // A JSON row is an nlohmann object dumped: keys in byte order, a name
  // given twice holding its last column's value. json_keys_ holds, in that
  // order, each key's column and its text (`"name":`).
  void PlanJsonKeys() {
    std::vector<size_t> order(columns_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return columns_[a] < columns_[b]; });
    json_keys_.clear();
    for (size_t k = 0; k < order.size(); ++k) {
      size_t i = order[k];
      if (k + 1 < order.size() && columns_[order[k + 1]] == columns_[i]) continue;  // a later column of this name
      std::string key;
      query::AppendJsonString(key, columns_[i], query::BadUtf8::kReplace);
      key.push_back(':');
      json_keys_.emplace_back(i, std::move(key));
    }
  }

  void Begin() {
    if (started_) return;
    started_ = true;
    if (json_) {
      buf_.push_back('[');
      return;
    }
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i) buf_.push_back(',');
      AppendCsvField(buf_, columns_[i]);
    }
    buf_ += "\r\n";
  }

  std::ostream& out_;
  const Graph& graph_;
  bool json_;
  std::vector<std::string> columns_;
  std::vector<std::pair<size_t, std::string>> json_keys_;
  Timestamp at_ = kLatest;
  std::optional<query::ResultRows> kept_;
  bool started_ = false;
  size_t rows_ = 0;
  std::string buf_;   // text not yet written to out_
  std::string cell_;  // one csv cell's text before quoting
};

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
  if (format == "json" || format == "csv") {
    RowWriter writer(out, graph, format);
    writer.OnStart(result.columns, result.at, false);
    for (const auto& row : result.rows) writer.OnRow(row.values());
    writer.Finish();
    return;
  }
  // The table needs every cell first (for the column widths).
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : result.rows) {
    std::vector<std::string> line;
    for (const auto& v : row) line.push_back(query::ToCellText(v, graph, result.at));
    cells.push_back(std::move(line));
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
  auto report = [&](const Status& status) {
    err << "provgraph: " << query::RenderQueryError(text, status) << "\n";
    return false;
  };
  if (format != "json" && format != "csv") {
    // The table needs all cells for its column widths, dot all nodes and
    // relationships of the result: these collect the rows first.
    auto result = query::RunQuery(text, graph, params, &store.series());
    if (!result.ok()) return report(result.status());
    PrintQueryResult(out, *result, graph, format);
    return true;
  }
  // json and csv: each row written as it comes.
  RowWriter writer(out, graph, format);
  auto result = query::RunQuery(text, graph, params, writer, &store.series());
  if (!result.ok()) {
    writer.Abandon();
    return report(result.status());
  }
  if (!result->plan.empty()) {
    // EXPLAIN, or PROFILE (whose rows the writer kept): the plan first.
    writer.Flush();  // nothing written yet; the plan must come first
    out << result->plan;
    bool no_rows = !writer.kept() || writer.kept()->empty();
    if (no_rows && result->columns.empty()) return true;
    if (!writer.kept()) writer.OnStart(result->columns, result->at, false);  // EXPLAIN: had no OnStart
  }
  writer.Finish();
  return true;
}

}  // namespace provgraph::app
