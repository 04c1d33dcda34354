// Sections: the report document (app/report/report.h) laid out as titled
// sections of facts and tables of plain text, so that the Markdown and HTML
// renderers show exactly the same content and only differ in markup.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/report/report.h"

namespace provgraph::report {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> alert;  // per row: a failure, an open violation (HTML marks it)
};

struct Section {
  std::string title;
  int level = 2;                                           // 2: a section, 3: a subsection
  std::string anchor;                                      // HTML id
  std::vector<std::pair<std::string, std::string>> facts;  // "name: value" lines
  Table table;                                             // shown when it has a header
  std::string empty;                                       // shown instead of an empty table
};

// The document's title line ("Compliance report: <node>").
std::string Title(const Document& doc);
std::vector<Section> BuildSections(const Document& doc);

// A JSON value as table text: null "—", strings bare, bools yes/no,
// numbers as JSON, lists joined with ", ".
std::string CellText(const Document& v);

}  // namespace provgraph::report
