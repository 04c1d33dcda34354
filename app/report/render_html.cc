// RenderHtml: the report as one self-contained HTML page: inline CSS, the
// Graphviz lineage picture as inline SVG, the same sections as Markdown.
#include <sstream>

#include "app/report/lineage_svg.h"
#include "app/report/sections.h"

namespace provgraph::report {
namespace {

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

constexpr const char* kStyle =
    R"(body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.5em;border-bottom:2px solid #444;padding-bottom:.3em}
h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #bbb}
h3{font-size:1em;margin-top:1.2em}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f0f0f0}
tr.alert td{background:#fde0e0}
ul.facts{list-style:none;padding:0}ul.facts li{margin:.15em 0}
.empty{color:#777;font-style:italic}
.legend span{display:inline-block;margin-right:1em;padding:.1em .6em;border:1px solid #555;border-radius:4px;font-size:.85em}
.legend span.violation{border:3px solid #cc0000;color:#990000}
figure{margin:1em 0;overflow-x:auto;border:1px solid #ddd;padding:.5em}
figure svg{max-width:100%;height:auto}
code{font-size:.9em}
)";

}  // namespace

Result<std::string> RenderHtml(const Document& report) {
  auto svg = LayoutSvg(LineageDot(report));
  if (!svg.ok()) return svg.status();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << Html(Title(report))
      << "</title>\n<style>\n"
      << kStyle << "</style>\n</head>\n<body>\n<h1>" << Html(Title(report)) << "</h1>\n";
  bool figure_done = false;
  for (const Section& s : BuildSections(report)) {
    const std::string h = "h" + std::to_string(s.level);
    out << "<" << h;
    if (!s.anchor.empty()) out << " id=\"" << Html(s.anchor) << "\"";
    out << ">" << Html(s.title) << "</" << h << ">\n";
    if (!s.facts.empty()) {
      out << "<ul class=\"facts\">\n";
      for (const auto& [name, value] : s.facts) out << "<li><b>" << Html(name) << ":</b> " << Html(value) << "</li>\n";
      out << "</ul>\n";
    }
    if (s.anchor == "summary" && !figure_done) {
      figure_done = true;
      out << "<figure id=\"lineage-picture\">\n<figcaption>Upstream lineage (Graphviz)</figcaption>\n"
             "<div class=\"legend\">";
      for (const char* kind : {"Source", "Dataset", "Job", "Model", "KPI"}) {
        out << "<span style=\"background:" << KindColour(kind) << "\">" << kind << "</span>";
      }
      out << "<span class=\"violation\">open violation</span></div>\n" << *svg << "</figure>\n";
    }
    if (s.table.header.empty()) continue;
    if (s.table.rows.empty()) {
      out << "<p class=\"empty\">" << Html(s.empty) << "</p>\n";
      continue;
    }
    out << "<table>\n<thead><tr>";
    for (const auto& col : s.table.header) out << "<th>" << Html(col) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (size_t r = 0; r < s.table.rows.size(); ++r) {
      out << (s.table.alert[r] ? "<tr class=\"alert\">" : "<tr>");
      for (const auto& cell : s.table.rows[r]) out << "<td>" << Html(cell) << "</td>";
      out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace provgraph::report
