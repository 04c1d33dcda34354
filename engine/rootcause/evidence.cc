#include "engine/rootcause/evidence.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/adjacency.h"
#include "engine/rootcause/window.h"
#include "engine/time.h"

namespace provgraph::rootcause {
namespace {

// How a job's code is recorded (loaders/openlineage/README.md).
struct CodeProp {
  const char* prop;
  const char* what;
};
constexpr CodeProp kCodeProps[] = {
    {"source_code_version", "sourceCodeLocation version"}, {"source_code", "sourceCode"}, {"sql", "sql"}};

std::string Describe(const Value& before, const Value& after, bool short_ids) {
  if (before.type() == ValueType::kString && after.type() == ValueType::kString) {
    const std::string& a = before.as_string();
    const std::string& b = after.as_string();
    if (short_ids) return Shorten(a) + " -> " + Shorten(b);
    return "changed (" + std::to_string(a.size()) + " -> " + std::to_string(b.size()) + " characters)";
  }
  return before.ToText() + " -> " + after.ToText();
}

// The `schema` JSON [[name, type], ...] as an ordered map.
std::map<std::string, std::string> SchemaColumns(const Value& v) {
  std::map<std::string, std::string> out;
  if (v.type() != ValueType::kString) return out;
  auto j = nlohmann::json::parse(v.as_string(), nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& f : j) {
    if (!f.is_array() || f.empty() || !f[0].is_string()) continue;
    out[f[0].get<std::string>()] = f.size() > 1 && f[1].is_string() ? f[1].get<std::string>() : "";
  }
  return out;
}

std::string TypeText(const std::string& t) { return t.empty() ? "?" : t; }

}  // namespace

const char* EvidenceKindName(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kCodeChange:
      return "code_change";
    case EvidenceKind::kSchemaChange:
      return "schema_change";
    case EvidenceKind::kDistributionShift:
      return "distribution_shift";
    case EvidenceKind::kFailedRuns:
      return "failed_runs";
    case EvidenceKind::kStale:
      return "stale";
    case EvidenceKind::kNewVersion:
      return "new_version";
    case EvidenceKind::kViolation:
      return "violation";
  }
  return "?";
}

std::string Shorten(std::string_view s, size_t n) { return std::string(s.size() > n ? s.substr(0, n) : s); }

EvidenceReader::EvidenceReader(const Graph& graph, Timestamp as_of) : g_(graph), as_of_(as_of) {}

std::vector<NodeId> EvidenceReader::Next(NodeId n, std::string_view type, bool outgoing, bool valid_only) const {
  std::vector<NodeId> out;
  auto t = g_.edge_types().Find(type);
  if (!t || n >= g_.node_count()) return out;
  const Adjacency& adj = g_.adjacency();
  const CsrGraph& csr = outgoing ? adj.out : adj.in;
  const auto& rows = csr.m_forward.m_rowstart;
  if (n + 1 >= rows.size()) return out;
  for (uint32_t i = rows[n], end = rows[n + 1]; i < end; ++i) {
    const CsrEdge& info = csr.m_forward.m_edge_properties[i];
    if (info.type != *t) continue;
    if (valid_only && !g_.EdgeValid(info.edge, as_of_)) continue;
    out.push_back(csr.m_forward.m_column[i]);
  }
  return out;
}

std::string EvidenceReader::Ref(NodeId n) const {
  return g_.labels().Name(g_.PrimaryLabel(n)) + ":" + std::string(g_.Key(n));
}

std::string EvidenceReader::Text(NodeId n, std::string_view prop, Timestamp at) const {
  auto p = Prop(prop);
  const Value* v = p ? g_.Property(EntityKind::kNode, n, *p, at) : nullptr;
  return v && v->type() == ValueType::kString ? v->as_string() : "";
}

std::vector<Evidence> EvidenceReader::CodeChanges(NodeId job, TimeRange range) const {
  std::map<int64_t, std::string> changes;  // time -> detail
  for (const CodeProp& cp : kCodeProps) {
    auto p = Prop(cp.prop);
    if (!p) continue;
    std::vector<PropertyVersion> hist = g_.PropertyHistory(EntityKind::kNode, job, *p);
    for (size_t i = 1; i < hist.size(); ++i) {
      Timestamp at{hist[i].valid.from};
      if (!range.Contains(at) || at > as_of_ || hist[i].value == hist[i - 1].value) continue;
      std::string& d = changes[at.micros];
      d += (d.empty() ? "" : "; ") + std::string(cp.what) + " " +
           Describe(hist[i - 1].value, hist[i].value, std::string_view(cp.prop) == "source_code_version");
    }
  }
  std::vector<Evidence> out;
  for (auto& [t, detail] : changes) {
    Evidence e;
    e.kind = EvidenceKind::kCodeChange;
    e.at = Timestamp{t};
    e.detail = std::move(detail);
    e.strength = 1.0;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Evidence> EvidenceReader::SchemaChanges(NodeId dataset, TimeRange range) const {
  std::vector<Evidence> out;
  auto p = Prop("schema");
  if (!p) return out;
  std::vector<PropertyVersion> hist = g_.PropertyHistory(EntityKind::kNode, dataset, *p);
  for (size_t i = 1; i < hist.size(); ++i) {
    Timestamp at{hist[i].valid.from};
    if (!range.Contains(at) || at > as_of_ || hist[i].value == hist[i - 1].value) continue;
    auto before = SchemaColumns(hist[i - 1].value);
    auto after = SchemaColumns(hist[i].value);
    std::string detail;
    bool breaking = false;
    auto add = [&](const std::string& s) { detail += (detail.empty() ? "" : "; ") + s; };
    for (const auto& [name, type] : before) {
      auto it = after.find(name);
      if (it == after.end()) {
        add("removed " + name + " " + TypeText(type));
        breaking = true;
      } else if (it->second != type) {
        add(name + ": " + TypeText(type) + " -> " + TypeText(it->second));
        breaking = true;
      }
    }
    for (const auto& [name, type] : after) {
      if (!before.count(name)) add("added " + name + " " + TypeText(type));
    }
    if (detail.empty()) detail = "column order or field details changed";
    Evidence e;
    e.kind = EvidenceKind::kSchemaChange;
    e.at = at;
    e.detail = std::move(detail);
    e.breaking = breaking;
    e.strength = breaking ? 1.0 : 0.5;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Evidence> EvidenceReader::NewVersions(NodeId dataset, TimeRange range) const {
  std::vector<Evidence> out;
  for (NodeId v : Next(dataset, "HAS_VERSION", true, false)) {
    std::vector<Interval> valid = g_.Validity(EntityKind::kNode, v);
    if (valid.empty()) continue;
    Timestamp at{valid.front().from};
    if (!range.Contains(at) || at > as_of_) continue;
    std::string version = Text(v, "version", at);
    Evidence e;
    e.kind = EvidenceKind::kNewVersion;
    e.at = at;
    e.detail = "version " + (version.empty() ? Shorten(g_.Key(v).substr(g_.Key(v).rfind('@') + 1), 36) : version);
    e.strength = 0.1;
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Evidence& a, const Evidence& b) { return a.at < b.at; });
  return out;
}

std::vector<Timestamp> EvidenceReader::Completions(NodeId job) const {
  std::vector<Timestamp> out;
  auto state = Prop("state");
  auto ended = Prop("ended_at");
  if (!state) return out;
  for (NodeId run : Next(job, "HAS_RUN", true, false)) {
    const Value* s = g_.Property(EntityKind::kNode, run, *state, as_of_);
    if (!s || s->type() != ValueType::kString || s->as_string() != "COMPLETE") continue;
    const Value* e = ended ? g_.Property(EntityKind::kNode, run, *ended, as_of_) : nullptr;
    if (e && e->type() == ValueType::kTimestamp) out.push_back(e->as_timestamp());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<int64_t> EvidenceReader::Cadence(const std::vector<Timestamp>& completions) {
  if (completions.size() < 3) return std::nullopt;
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < completions.size(); ++i) {
    int64_t d = completions[i].micros - completions[i - 1].micros;
    if (d > 0) gaps.push_back(d);
  }
  if (gaps.size() < 2) return std::nullopt;
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

std::vector<Evidence> EvidenceReader::FailedRuns(NodeId job, TimeRange range) const {
  std::vector<Evidence> out;
  auto state = Prop("state");
  if (!state) return out;
  std::vector<Timestamp> done = Completions(job);
  const int64_t cadence = Cadence(done).value_or(kDayMicros);
  for (NodeId run : Next(job, "HAS_RUN", true, false)) {
    const Value* s = g_.Property(EntityKind::kNode, run, *state, as_of_);
    if (!s || s->type() != ValueType::kString || (s->as_string() != "FAIL" && s->as_string() != "ABORT")) continue;
    auto ended = Prop("ended_at");
    const Value* e = ended ? g_.Property(EntityKind::kNode, run, *ended, as_of_) : nullptr;
    Timestamp at = e && e->type() == ValueType::kTimestamp
                       ? e->as_timestamp()
                       : Timestamp{g_.Validity(EntityKind::kNode, run).front().from};
    if (!range.Contains(at) || at > as_of_) continue;
    Evidence ev;
    ev.kind = EvidenceKind::kFailedRuns;
    ev.at = at;
    // Recovered: a completion follows within half the usual interval.
    auto next = std::upper_bound(done.begin(), done.end(), at);
    ev.recovered = next != done.end() && next->micros - at.micros <= cadence / 2;
    std::string msg = Text(run, "error_message", as_of_);
    ev.detail =
        "run " + std::string(g_.Key(run)) + " " + s->as_string() + (msg.empty() ? "" : " (" + Shorten(msg, 80) + ")");
    if (ev.recovered) ev.detail += "; the next run completed " + FormatTimestamp(*next);
    ev.strength = ev.recovered ? 0.1 : 1.0;
    out.push_back(std::move(ev));
  }
  // Missing: no completion for more than twice the usual interval.
  if (auto c = Cadence(done)) {
    const Timestamp until = std::min(now_.value_or(range.to), as_of_);
    auto last = std::upper_bound(done.begin(), done.end(), until);
    if (last != done.begin()) {
      Timestamp prev = *std::prev(last);
      Timestamp due{prev.micros + *c};
      if (until.micros - prev.micros > 2 * *c && range.Contains(due)) {
        Evidence ev;
        ev.kind = EvidenceKind::kFailedRuns;
        ev.at = due;
        ev.detail = "no completed run since " + FormatTimestamp(prev) + " (it completes about every " +
                    std::to_string(*c / kHourMicros) + "h)";
        ev.strength = 1.0;
        out.push_back(std::move(ev));
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Evidence& a, const Evidence& b) { return a.at < b.at; });
  return out;
}

std::vector<Evidence> EvidenceReader::Stale(NodeId dataset, TimeRange range) const {
  std::vector<Evidence> out;
  auto job_label = g_.labels().Find("Job");
  for (NodeId job : Next(dataset, "FEEDS", false)) {
    if (!job_label || !g_.HasLabel(job, *job_label, as_of_)) continue;
    std::vector<Timestamp> done = Completions(job);
    auto c = Cadence(done);
    if (!c) continue;
    const Timestamp until = std::min(now_.value_or(range.to), as_of_);
    auto last = std::upper_bound(done.begin(), done.end(), until);
    if (last == done.begin()) continue;
    Timestamp prev = *std::prev(last);
    Timestamp due{prev.micros + *c};
    if (until.micros - prev.micros <= 2 * *c || !range.Contains(due)) continue;
    Evidence ev;
    ev.kind = EvidenceKind::kStale;
    ev.at = due;
    ev.detail = "not refreshed since " + FormatTimestamp(prev) + ": its producer " + Ref(job) + " stopped completing";
    ev.strength = 0.6;
    out.push_back(std::move(ev));
  }
  return out;
}

std::vector<Evidence> EvidenceReader::Violations(NodeId asset, TimeRange range) const {
  std::vector<Evidence> out;
  std::vector<NodeId> targets{asset};
  for (NodeId c : Next(asset, "HAS_COLUMN", true, false)) targets.push_back(c);
  for (NodeId target : targets) {
    for (NodeId constraint : Next(target, "CONSTRAINS", false, false)) {
      for (NodeId v : Next(constraint, "VIOLATED", true, false)) {
        std::vector<Interval> valid = g_.Validity(EntityKind::kNode, v);
        if (valid.empty()) continue;
        Timestamp at{valid.front().from};
        if (!range.Contains(at) || at > as_of_) continue;
        std::string severity = Text(v, "severity", as_of_);
        Evidence e;
        e.kind = EvidenceKind::kViolation;
        e.at = at;
        std::string metric = Text(constraint, "metric", as_of_);
        std::string column = Text(constraint, "column", as_of_);
        auto vp = Prop("value");
        const Value* value = vp ? g_.Property(EntityKind::kNode, v, *vp, as_of_) : nullptr;
        std::string shown;
        if (value && value->type() == ValueType::kDouble) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.4g", value->as_double());
          shown = buf;
        } else if (value) {
          shown = value->ToText();
        }
        e.detail = std::string(g_.Key(v)) + " (" + (severity.empty() ? "warn" : severity) + "): " + metric +
                   (column.empty() ? "" : " of " + column) + (value ? " = " + shown : "") +
                   (g_.NodeValid(v, as_of_) ? ", open" : ", closed");
        e.strength = severity == "error" ? 0.6 : 0.4;
        out.push_back(std::move(e));
      }
    }
  }
  return out;
}

}  // namespace provgraph::rootcause
