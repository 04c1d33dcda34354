// The JSON and text forms of a RootCauseReport (rootcause.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/rootcause/rootcause.h"
#include "engine/time.h"

namespace provgraph::rootcause {
namespace {

std::string Ref(const Graph& g, NodeId n) { return g.labels().Name(g.PrimaryLabel(n)) + ":" + std::string(g.Key(n)); }

double Round4(double v) { return std::round(v * 10000) / 10000; }

}  // namespace

nlohmann::ordered_json ReportToJson(const Graph& graph, const RootCauseReport& report, const std::string& window_text) {
  nlohmann::ordered_json j;
  j["symptom"] = Ref(graph, report.symptom);
  j["as_of"] =
      report.as_of == kLatest ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(FormatTimestamp(report.as_of));
  j["window"] = window_text;
  j["candidates"] = nlohmann::ordered_json::array();
  for (const Candidate& c : report.candidates) {
    nlohmann::ordered_json cj;
    cj["node"] = Ref(graph, c.node);
    cj["score"] = Round4(c.score);
    cj["evidence"] = nlohmann::ordered_json::array();
    for (const Evidence& e : c.evidence) {
      cj["evidence"].push_back(
          {{"kind", EvidenceKindName(e.kind)}, {"at", FormatTimestamp(e.at)}, {"detail", e.detail}});
    }
    cj["path"] = nlohmann::ordered_json::array();
    for (NodeId n : c.path) cj["path"].push_back(Ref(graph, n));
    j["candidates"].push_back(std::move(cj));
  }
  return j;
}

std::string ReportToText(const Graph& graph, const RootCauseReport& report, const std::string& window_text) {
  std::string out = "Root causes of " + Ref(graph, report.symptom) +
                    (report.as_of == kLatest ? "" : " as of " + FormatTimestamp(report.as_of)) + "\n";
  out += "  moved: " + report.moved.how + "\n";
  out += "  window: " + window_text + " before it (" + FormatTimestamp(report.range.from) + " .. " +
         FormatTimestamp(report.range.to) + ")\n";
  if (report.candidates.empty()) {
    out += "No evidence upstream in the window.\n";
    return out;
  }
  int rank = 0;
  for (const Candidate& c : report.candidates) {
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", c.score);
    out += '\n';  // appends, not "lit" + std::string: GCC 12 -O3 -Wrestrict false positive (Release build)
    out += std::to_string(++rank);
    out += ". " + Ref(graph, c.node) + "  score " + score + "\n";
    for (const Evidence& e : c.evidence) {
      std::string kind = EvidenceKindName(e.kind);
      kind.resize(std::max<size_t>(kind.size(), 18), ' ');
      out += "     " + kind + " " + FormatTimestamp(e.at) + "  " + e.detail + "\n";
    }
    if (c.explained_by) out += "     (an effect of " + Ref(graph, *c.explained_by) + ")\n";
    if (!c.explains.empty())
      out += "     explains the moves of " + std::to_string(c.explains.size()) + " node(s) below it\n";
    out += "     path:";
    for (size_t i = 0; i < c.path.size(); ++i) out += (i ? " -> " : " ") + Ref(graph, c.path[i]);
    out += "\n";
  }
  return out;
}

}  // namespace provgraph::rootcause
