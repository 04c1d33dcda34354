// Reading a CSV file column by column for drift checks: a header row, one
// column per feature. A column is categorical when a non-empty value does
// not parse as a finite number, or when the caller names it; empty cells
// are missing values and are skipped.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace provgraph::loaders {

struct CsvColumn {
  std::string name;
  bool categorical = false;
  std::vector<double> numbers;      // numerical columns: the non-empty values in file order
  std::vector<std::string> labels;  // categorical columns: the non-empty values in file order
  size_t missing = 0;               // empty cells
  size_t size() const { return categorical ? labels.size() : numbers.size(); }
};

struct CsvColumns {
  std::string path;
  std::vector<CsvColumn> columns;  // header order
  size_t rows = 0;                 // data records
  const CsvColumn* Find(const std::string& name) const;
};

// Errors name FILE:LINE: no header row, an empty or duplicate column name,
// a record whose field count differs from the header's, malformed quoting;
// IoError when the file cannot be read.
Result<CsvColumns> ReadCsvColumns(const std::string& path, const std::set<std::string>& categorical = {});

// True when `text` (surrounding blanks allowed) is a finite number in the
// syntax strtod accepts for decimal input (no hex, inf or nan).
bool ParseFiniteNumber(std::string_view text, double& value);

}  // namespace provgraph::loaders
