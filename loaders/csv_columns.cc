// Column-wise CSV reading for `drift compare`; see csv_columns.h.
#include "loaders/csv_columns.h"

#include <charconv>
#include <cmath>
#include <map>

#include "loaders/csv_reader.h"

namespace provgraph::loaders {

bool ParseFiniteNumber(std::string_view text, double& value) {
  std::string_view s = TrimCell(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value, std::chars_format::general);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

const CsvColumn* CsvColumns::Find(const std::string& name) const {
  for (const CsvColumn& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Result<CsvColumns> ReadCsvColumns(const std::string& path, const std::set<std::string>& categorical) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  CsvColumns out;
  out.path = path;
  std::vector<std::string_view> fields;
  Status error;
  if (!reader->Next(fields, error)) {
    if (!error.ok()) return error;
    return Status::InvalidInput("no header row", path + ":1");
  }
  const std::string header_where = path + ":" + std::to_string(reader->line());
  std::map<std::string, size_t> seen;
  for (std::string_view f : fields) {
    std::string name(TrimCell(f));
    if (name.empty()) return Status::InvalidInput("empty column name in the header", header_where);
    if (!seen.emplace(name, out.columns.size()).second) {
      return Status::InvalidInput("duplicate column '" + name + "' in the header", header_where);
    }
    CsvColumn c;
    c.name = std::move(name);
    out.columns.push_back(std::move(c));
  }
  // Cells are kept as text until the column's type is known.
  std::vector<std::vector<std::string>> cells(out.columns.size());
  while (reader->Next(fields, error)) {
    if (fields.size() == 1 && TrimCell(fields[0]).empty() && out.columns.size() > 1) continue;  // blank line
    if (fields.size() != out.columns.size()) {
      return Status::InvalidInput("row has " + std::to_string(fields.size()) + " fields, the header has " +
                                      std::to_string(out.columns.size()),
                                  path + ":" + std::to_string(reader->line()));
    }
    for (size_t i = 0; i < fields.size(); ++i) cells[i].emplace_back(fields[i]);
    ++out.rows;
  }
  if (!error.ok()) return error;
  for (size_t i = 0; i < out.columns.size(); ++i) {
    CsvColumn& col = out.columns[i];
    col.categorical = categorical.count(col.name) > 0;
    double v;
    if (!col.categorical) {
      for (const std::string& s : cells[i]) {
        if (!TrimCell(s).empty() && !ParseFiniteNumber(s, v)) {
          col.categorical = true;
          break;
        }
      }
    }
    for (std::string& s : cells[i]) {
      std::string_view t = TrimCell(s);
      if (t.empty()) {
        ++col.missing;
      } else if (col.categorical) {
        col.labels.emplace_back(t);
      } else {
        ParseFiniteNumber(t, v);
        col.numbers.push_back(v);
      }
    }
  }
  return out;
}

}  // namespace provgraph::loaders
