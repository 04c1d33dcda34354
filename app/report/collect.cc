// CollectCompliance: the subject's identity, then each section's collector
// (collect_*.cc), the summary and the digest. Also CollectContext's helpers.
#include <algorithm>
#include <cctype>

#include "app/report/collect_context.h"
#include "engine/audit.h"
#include "engine/time.h"

namespace provgraph::report {
namespace {

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

constexpr std::string_view kGovernanceProps[] = {"pii",     "sensitivity", "retention",
                                                 "licence", "license",     "classification"};

// Scalar properties of the subject worth showing (no facet JSON, profiles or checks).
bool ShownProperty(const std::string& name, const Value& v) {
  if (name.starts_with("facet.") || name.starts_with("dq.") || name.starts_with("check.")) return false;
  if (name == "schema" || name == "statistics" || name == "tags") return false;
  if (v.type() == ValueType::kList) return false;
  return v.type() != ValueType::kString || v.as_string().size() <= 200;
}

}  // namespace

std::string Iso(int64_t micros) { return FormatTimestamp(Timestamp{micros}); }

std::string CollectContext::Ref(NodeId n) const {
  return g.labels().Name(g.PrimaryLabel(n)) + ":" + std::string(g.Key(n));
}

bool CollectContext::HasLabel(NodeId n, std::string_view label) const {
  auto id = g.labels().Find(label);
  return id && g.HasLabel(n, *id, at);
}

std::string CollectContext::Kind(NodeId n) const {
  for (std::string_view k : {"KPI", "Model", "Job", "Source"}) {
    if (HasLabel(n, k)) return std::string(k);
  }
  return g.labels().Name(g.PrimaryLabel(n));
}

const Value* CollectContext::Prop(EntityKind kind, uint64_t id, std::string_view name) const {
  auto p = g.property_keys().Find(name);
  return p ? g.Property(kind, id, *p, at) : nullptr;
}

std::optional<std::string> CollectContext::Text(NodeId n, std::string_view name) const {
  const Value* v = Prop(n, name);
  if (!v || v->is_null()) return std::nullopt;
  if (v->type() == ValueType::kTimestamp) return FormatTimestamp(v->as_timestamp());
  return v->ToText();
}

nlohmann::ordered_json CollectContext::Json(NodeId n, std::string_view name) const {
  const Value* v = Prop(n, name);
  return v ? nlohmann::ordered_json(v->ToJson()) : nlohmann::ordered_json();
}

std::vector<Walker::Neighbour> CollectContext::In(NodeId n, std::string_view type) {
  auto t = g.edge_types().Find(type);
  if (!t) return {};
  return walker.Neighbours(n, WalkSpec{Direction::kUpstream, {*t}, 1, 1, at});
}

std::vector<Walker::Neighbour> CollectContext::Out(NodeId n, std::string_view type) {
  auto t = g.edge_types().Find(type);
  if (!t) return {};
  return walker.Neighbours(n, WalkSpec{Direction::kDownstream, {*t}, 1, 1, at});
}

Document CollectContext::Owners(NodeId n) {
  std::vector<std::pair<std::string, std::string>> list;
  for (const auto& nb : In(n, "OWNS")) {
    const Value* type = Prop(EntityKind::kEdge, nb.edge, "type");
    list.emplace_back(Ref(nb.node), type ? type->ToText() : "");
    touched.insert(nb.node);
  }
  std::sort(list.begin(), list.end());
  Document out = Document::array();
  for (const auto& [owner, type] : list) {
    out.push_back({{"owner", owner}, {"type", type.empty() ? Document() : Document(type)}});
  }
  return out;
}

std::vector<std::string> CollectContext::Tags(NodeId n) const {
  std::vector<std::string> out;
  if (const Value* v = Prop(n, "tags")) {
    if (v->type() == ValueType::kList) {
      for (const Value& item : v->as_list()) out.push_back(item.ToText());
    } else if (!v->is_null()) {
      out.push_back(v->ToText());
    }
  }
  for (std::string_view name : kGovernanceProps) {
    if (auto text = Text(n, name)) out.push_back(std::string(name) + "=" + *text);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool CollectContext::IsPii(NodeId n) const {
  for (const std::string& tag : Tags(n)) {
    const std::string t = Lower(tag);
    const auto eq = t.find('=');
    const std::string key = t.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : t.substr(eq + 1);
    if (key == "pii" && (value.empty() || value == "true" || value == "yes" || value == "1")) return true;
    if (value == "pii") return true;
  }
  return false;
}

Result<Document> CollectCompliance(Store& store, std::string_view subject, Timestamp at) {
  auto ref = SplitNodeRef(subject);
  if (!ref.ok()) return Status::InvalidInput(ref.status().message(), "report");
  CollectContext c(store, at);
  const Graph& g = store.graph();
  auto node = g.FindNodeByRef(ref->first, ref->second);
  const std::string when = at == kLatest ? "" : " as of " + FormatTimestamp(at);
  if (!node || !g.NodeValid(*node, at)) {
    return Status::NotFound("no node " + std::string(subject) + when, "report");
  }
  c.subject = *node;
  if (!c.HasLabel(*node, "Model") && !c.HasLabel(*node, "KPI")) {
    return Status::InvalidInput(
        std::string(subject) + " is a " + c.Kind(*node) + "; a compliance report is for a Model or a KPI", "report");
  }

  Document doc;
  doc["report"] = "compliance";
  doc["format_version"] = 1;
  doc["as_of"] = at == kLatest ? Document() : Document(FormatTimestamp(at));
  Document subj;
  subj["node"] = c.Ref(*node);
  subj["kind"] = c.Kind(*node);
  Document labels = Document::array();
  for (uint32_t l : g.Labels(*node, at)) labels.push_back(g.labels().Name(l));
  subj["labels"] = labels;
  subj["key"] = std::string(g.Key(*node));
  const auto valid = g.Validity(EntityKind::kNode, *node);
  subj["valid_from"] = valid.empty() ? Document() : Document(Iso(valid.front().from));
  std::map<std::string, Document> props;
  for (const auto& [p, v] : g.Properties(EntityKind::kNode, *node, at)) {
    const std::string& name = g.property_keys().Name(p);
    if (ShownProperty(name, *v)) props[name] = v->ToJson();
  }
  Document props_json = Document::object();
  for (auto& [name, v] : props) props_json[name] = std::move(v);
  subj["properties"] = props_json;
  subj["tags"] = c.Tags(*node);
  subj["owners"] = c.Owners(*node);
  doc["subject"] = subj;
  c.touched.insert(*node);

  CollectVersions(c, doc);
  CollectLineage(c, doc);
  CollectColumns(c, doc);
  CollectTransformations(c, doc);
  CollectChecks(c, doc);
  CollectConstraints(c, doc);
  if (Status s = CollectAudit(c, doc); !s.ok()) return s;

  Document summary;
  size_t sources = 0, jobs = 0, failed_runs = 0, open_violations = 0, failing_checks = 0;
  for (const auto& n : doc["lineage"]["nodes"]) {
    if (n["role"] == "source") ++sources;
    if (n["kind"] == "Job") ++jobs;
  }
  for (const auto& j : doc["transformations"]) failed_runs += j["failed_runs"].size();
  for (const auto& v : doc["violations"]) open_violations += v["open"].get<bool>() ? 1 : 0;
  for (const auto& ch : doc["checks"]) failing_checks += ch["result"] == false ? 1 : 0;
  summary["upstream_nodes"] = doc["lineage"]["nodes"].size() - 1;
  summary["sources"] = sources;
  summary["transformations"] = jobs;
  summary["versions"] = doc["versions"].size();
  summary["pii_columns"] = doc["columns"]["pii"].size();
  summary["pii_derived_columns"] = doc["columns"]["derived"].size();
  summary["failed_runs"] = failed_runs;
  summary["failing_checks"] = failing_checks;
  summary["constraints"] = doc["constraints"].size();
  summary["open_violations"] = open_violations;
  summary["audit_chain_verified"] = doc["audit"]["chain_verified"];
  doc["summary"] = summary;

  const std::string digest = Sha256Hex(doc.dump());
  doc["digest"] = {{"algorithm", "sha256"}, {"sha256", digest}};
  return doc;
}

}  // namespace provgraph::report
