#include "app/report/lineage_svg.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "app/dot_text.h"

namespace provgraph::report {

using app::DotQuote;

const char* KindColour(const std::string& kind) {
  static const std::map<std::string, const char*> colours = {{"Source", "#fce5cd"}, {"Dataset", "#d9ead3"},
                                                             {"Job", "#cfe2f3"},    {"Model", "#d9d2e9"},
                                                             {"KPI", "#fff2cc"},    {"DatasetVersion", "#e2efda"}};
  auto it = colours.find(kind);
  return it == colours.end() ? "#eeeeee" : it->second;
}

std::string LineageDot(const Document& report) {
  // Marked: the assets an open violation's constraint watches, and what it puts at risk.
  std::map<std::string, std::string> asset_of;  // constraint -> asset
  for (const auto& c : report["constraints"])
    asset_of[c["constraint"].get<std::string>()] = c["asset"].get<std::string>();
  std::set<std::string> marked;
  for (const auto& v : report["violations"]) {
    if (!v["open"].get<bool>()) continue;
    if (v["constraint"].is_string()) {
      auto it = asset_of.find("Constraint:" + v["constraint"].get<std::string>());
      if (it != asset_of.end()) marked.insert(it->second);
    }
    for (const auto& r : v["at_risk"]) marked.insert(r.get<std::string>());
  }
  const std::string subject = report["subject"]["node"].get<std::string>();
  std::ostringstream out;
  out << "digraph lineage {\n"
         "  graph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.2, ranksep=0.3];\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];\n"
         "  edge [color=\"#777777\", arrowsize=0.7];\n";
  size_t i = 0;
  for (const auto& n : report["lineage"]["nodes"]) {
    const std::string ref = n["node"].get<std::string>();
    const std::string kind = n["kind"].get<std::string>();
    const bool source = n["role"] == "source";
    const std::string key = ref.substr(ref.find(':') + 1);
    const bool bad = marked.count(ref) > 0;
    std::string label = kind + "\n" + key;
    if (bad) label += "\n\u26a0 open violation";
    std::string cls = "kind-" + kind;
    std::transform(cls.begin(), cls.end(), cls.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (source) cls += " source";
    if (bad) cls += " violation";
    if (ref == subject) cls += " subject";
    out << "  " << DotQuote(ref) << " [id=" << DotQuote("lineage-" + std::to_string(i++)) << ", class=" << DotQuote(cls)
        << ", label=" << DotQuote(label) << ", tooltip=" << DotQuote(ref) << ", fillcolor=\""
        << KindColour(source ? "Source" : kind) << "\"";
    if (bad) out << ", color=\"#cc0000\", penwidth=3, fontcolor=\"#990000\"";
    if (ref == subject && !bad) out << ", penwidth=2.5";
    out << "];\n";
  }
  for (const auto& e : report["lineage"]["edges"]) {
    out << "  " << DotQuote(e["source"].get<std::string>()) << " -> " << DotQuote(e["target"].get<std::string>())
        << ";\n";
  }
  out << "}\n";
  return out.str();
}

Result<std::string> LayoutSvg(const std::string& dot) {
  agseterr(AGERR);  // Graphviz warnings are not ours to print
  GVC_t* gvc = gvContext();
  if (!gvc) return Status::Internal("Graphviz: cannot create a context");
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) {
    gvFreeContext(gvc);
    return Status::Internal("Graphviz: cannot parse the lineage graph");
  }
  std::string svg;
  Status status = Status::Ok();
  if (gvLayout(gvc, g, "dot") != 0) {
    status = Status::Internal("Graphviz: the dot layout failed");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, "svg", &data, &length) != 0 || !data) {
      status = Status::Internal("Graphviz: cannot render SVG");
    } else {
      svg.assign(data, length);
      gvFreeRenderData(data);
    }
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  gvFreeContext(gvc);
  if (!status.ok()) return status;
  const auto start = svg.find("<svg");
  if (start == std::string::npos) return Status::Internal("Graphviz: no <svg> element in its output");
  return svg.substr(start);
}

}  // namespace provgraph::report
