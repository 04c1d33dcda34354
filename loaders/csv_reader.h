// CsvReader: RFC 4180 records from a file held in memory, with the line
// number each record starts on (quoted fields may span lines).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace provgraph::loaders {

// The cell without the blanks (space, tab, CR) around it.
inline std::string_view TrimCell(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

class CsvReader {
 public:
  // Reads the whole file; fails with IoError naming it.
  static Result<CsvReader> Open(const std::string& path, char delimiter = ',');

  // Fills `fields` with the next record (views stay valid until the next
  // call). Returns false at the end of the file; a malformed record (an
  // unterminated quote, a stray quote) sets `error`.
  bool Next(std::vector<std::string_view>& fields, Status& error);
  // Line (1-based) where the last record returned by Next() starts.
  uint64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }
  // Byte offset reached, for progress reports.
  size_t offset() const { return pos_; }
  size_t size() const { return data_.size(); }
  // The whole file (zeros where ReleaseConsumed() gave pages back).
  const std::string& data() const { return data_; }
  // Gives the memory pages of the bytes already read (before offset())
  // back to the system, so that a large file is not held whole until its
  // last record. Views returned so far become invalid.
  void ReleaseConsumed();

 private:
  CsvReader(std::string path, std::string data, char delimiter)
      : path_(std::move(path)), data_(std::move(data)), delimiter_(delimiter) {}

  std::string path_;
  std::string data_;
  char delimiter_;
  size_t pos_ = 0;
  size_t released_ = 0;  // pages before this offset were given back
  uint64_t line_ = 1;
  uint64_t record_line_ = 0;
  std::deque<std::string> unescaped_;  // stable storage for fields with "" escapes
};

}  // namespace provgraph::loaders
