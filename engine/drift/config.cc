#include "engine/drift/config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/drift/days.h"
#include "engine/stats/test_choice.h"

namespace provgraph::drift {
namespace {

using json = nlohmann::json;

const std::set<std::string, std::less<>> kAssetLabels = {"Dataset", "Column", "KPI", "Model"};
const std::set<std::string, std::less<>> kPValueTests = {"ks", "cramervonmises", "anderson", "mmd", "chi2", "z"};

class Parser {
 public:
  explicit Parser(std::string file) : file_(std::move(file)) {}

  Status Error(const std::string& pointer, const std::string& message) const {
    return Status::InvalidInput(message, pointer.empty() ? file_ : file_ + ":" + pointer);
  }

  Status ParseReference(const json& r, const std::string& ptr, ReferenceWindow& out) const {
    const char* kShape = "must be an object with exactly one of version, from and to, previous_days";
    if (!r.is_object()) return Error(ptr, kShape);
    int kinds = (r.contains("version") ? 1 : 0) + (r.contains("from") || r.contains("to") ? 1 : 0) +
                (r.contains("previous_days") ? 1 : 0);
    if (kinds != 1) return Error(ptr, kShape);
    for (const auto& [k, v] : r.items()) {
      (void)v;
      if (k != "version" && k != "from" && k != "to" && k != "previous_days") {
        return Error(ptr + "/" + k, "unknown field");
      }
    }
    if (r.contains("previous_days")) {
      const json& d = r["previous_days"];
      if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > 3660) {
        return Error(ptr + "/previous_days", "must be an integer from 1 to 3660");
      }
      out.kind = ReferenceWindow::Kind::kPreviousDays;
      out.previous_days = d.get<int>();
    } else if (r.contains("version")) {
      if (!r["version"].is_string() || r["version"].get<std::string>().empty()) {
        return Error(ptr + "/version", "must be a DatasetVersion key");
      }
      out.kind = ReferenceWindow::Kind::kVersion;
      out.version = r["version"].get<std::string>();
    } else {
      out.kind = ReferenceWindow::Kind::kRange;
      for (const char* k : {"from", "to"}) {
        Result<Timestamp> t = Status::InvalidInput("missing");
        if (r.contains(k) && r[k].is_string()) t = ParseTimestamp(r[k].get<std::string>());
        if (!t.ok()) return Error(ptr + "/" + k, "must be a date (YYYY-MM-DD or ISO-8601)");
        (std::string_view(k) == "from" ? out.from : out.to) = DayStart(*t);
      }
      if (out.to < out.from) return Error(ptr + "/to", "must not be before from");
    }
    return Status::Ok();
  }

  Status ParseConstraint(const json& c, const std::string& ptr, ConstraintSpec& out) const {
    if (!c.is_object()) return Error(ptr, "must be an object");
    static const std::set<std::string, std::less<>> kFields = {
        "name", "asset", "column", "metric", "comparator", "threshold", "reference", "severity", "description"};
    for (const auto& [k, v] : c.items()) {
      (void)v;
      if (!kFields.count(k)) return Error(ptr + "/" + k, "unknown field");
    }
    for (const char* k : {"name", "asset", "metric", "comparator", "threshold", "severity"}) {
      if (!c.contains(k)) return Error(ptr + "/" + k, "is required");
    }
    if (!c["name"].is_string() || c["name"].get<std::string>().empty()) {
      return Error(ptr + "/name", "must be a non-empty string");
    }
    out.name = c["name"].get<std::string>();
    if (out.name.find('@') != std::string::npos) return Error(ptr + "/name", "must not contain '@'");
    const std::string asset = c["asset"].is_string() ? c["asset"].get<std::string>() : "";
    const size_t colon = asset.find(':');
    if (colon == std::string::npos || colon + 1 == asset.size() || !kAssetLabels.count(asset.substr(0, colon))) {
      return Error(ptr + "/asset", "must be Label:key with the label Dataset, Column, KPI or Model");
    }
    out.asset_label = asset.substr(0, colon);
    out.asset_key = asset.substr(colon + 1);
    if (c.contains("column")) {
      if (!c["column"].is_string() || c["column"].get<std::string>().empty()) {
        return Error(ptr + "/column", "must be a non-empty string");
      }
      if (out.asset_label == "Column") return Error(ptr + "/column", "must not be given for a Column asset");
      out.column = c["column"].get<std::string>();
    }
    if (!c["metric"].is_string() || c["metric"].get<std::string>().empty()) {
      return Error(ptr + "/metric", "must be a non-empty string");
    }
    out.metric = c["metric"].get<std::string>();
    const std::string cmp = c["comparator"].is_string() ? c["comparator"].get<std::string>() : "";
    if (cmp == "<") {
      out.comparator = Comparator::kLt;
    } else if (cmp == "<=") {
      out.comparator = Comparator::kLe;
    } else if (cmp == ">") {
      out.comparator = Comparator::kGt;
    } else if (cmp == ">=") {
      out.comparator = Comparator::kGe;
    } else {
      return Error(ptr + "/comparator", "must be one of <, <=, >, >=");
    }
    if (!c["threshold"].is_number() || !std::isfinite(c["threshold"].get<double>())) {
      return Error(ptr + "/threshold", "must be a finite number");
    }
    out.threshold = c["threshold"].get<double>();
    const std::string sev = c["severity"].is_string() ? c["severity"].get<std::string>() : "";
    if (sev != "warn" && sev != "error") return Error(ptr + "/severity", "must be warn or error");
    out.error = sev == "error";
    if (c.contains("reference")) {
      Status s = ParseReference(c["reference"], ptr + "/reference", out.reference);
      if (!s.ok()) return s;
    }
    if (IsDriftMetric(out.metric)) {
      if (out.asset_label != "Column" && out.column.empty() && out.asset_label != "Dataset") {
        return Error(ptr + "/asset", "the drift metric " + out.metric + " needs a Column or a Dataset with a column");
      }
      if (out.asset_label == "Dataset" && out.column.empty()) {
        return Error(ptr + "/column", "is required for the drift metric " + out.metric);
      }
      if (!c.contains("reference")) return Error(ptr + "/reference", "is required for the drift metric " + out.metric);
    }
    out.where = file_ + ":" + ptr;
    return Status::Ok();
  }

  Result<DriftConfig> Parse(std::string_view text) const {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return Status::InvalidInput("not valid JSON", file_);
    if (!j.is_object()) return Error("", "the config must be a JSON object");
    for (const auto& [k, v] : j.items()) {
      (void)v;
      if (k != "constraints" && k != "forecast_days" && k != "derive" && k != "$schema") {
        return Error("/" + k, "unknown field");
      }
    }
    if (!j.contains("constraints")) return Error("/constraints", "is required");
    if (!j["constraints"].is_array()) return Error("/constraints", "must be an array");
    DriftConfig config;
    if (j.contains("forecast_days")) {
      const json& f = j["forecast_days"];
      if (!f.is_number_integer() || f.get<int64_t>() < 1 || f.get<int64_t>() > 366) {
        return Error("/forecast_days", "must be an integer from 1 to 366");
      }
      config.forecast_days = f.get<int>();
    }
    if (j.contains("derive")) {
      const json& d = j["derive"];
      if (!d.is_object()) return Error("/derive", "must be an object");
      for (const auto& [k, v] : d.items()) {
        if (k != "dbt_tests" && k != "openlineage_assertions") return Error("/derive/" + k, "unknown field");
        if (!v.is_boolean()) return Error("/derive/" + k, "must be true or false");
        (k == "dbt_tests" ? config.derive_dbt_tests : config.derive_openlineage_assertions) = v.get<bool>();
      }
    }
    std::set<std::string> names;
    for (size_t i = 0; i < j["constraints"].size(); ++i) {
      const std::string ptr = "/constraints/" + std::to_string(i);
      ConstraintSpec spec;
      Status s = ParseConstraint(j["constraints"][i], ptr, spec);
      if (!s.ok()) return s;
      if (!names.insert(spec.name).second) return Error(ptr + "/name", "duplicate constraint name '" + spec.name + "'");
      config.constraints.push_back(std::move(spec));
    }
    return config;
  }

 private:
  std::string file_;
};

}  // namespace

const char* ComparatorName(Comparator c) {
  switch (c) {
    case Comparator::kLt:
      return "<";
    case Comparator::kLe:
      return "<=";
    case Comparator::kGt:
      return ">";
    case Comparator::kGe:
      return ">=";
  }
  return "?";
}

bool Holds(Comparator c, double value, double threshold) {
  switch (c) {
    case Comparator::kLt:
      return value < threshold;
    case Comparator::kLe:
      return value <= threshold;
    case Comparator::kGt:
      return value > threshold;
    case Comparator::kGe:
      return value >= threshold;
  }
  return false;
}

json ReferenceWindow::ToJson() const {
  switch (kind) {
    case Kind::kPreviousDays:
      return json{{"previous_days", previous_days}};
    case Kind::kRange:
      return json{{"from", FormatDay(from)}, {"to", FormatDay(to)}};
    case Kind::kVersion:
      return json{{"version", version}};
  }
  return json::object();
}

bool IsDriftMetric(std::string_view metric) {
  std::string_view base = metric;
  if (base.ends_with("_pvalue")) {
    base.remove_suffix(7);
    if (!kPValueTests.count(base)) return false;
  }
  for (const stats::TestSpec& t : stats::AllTests()) {
    if (t.name == base) return true;
  }
  return false;
}

Result<DriftConfig> ParseDriftConfig(std::string_view text, const std::string& file) {
  return Parser(file).Parse(text);
}

Result<DriftConfig> LoadDriftConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read the drift config", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseDriftConfig(ss.str(), path);
}

Result<DriftConfig> ConstraintsFromGraph(const Graph& graph, Timestamp at) {
  DriftConfig config;
  auto label = graph.labels().Find("Constraint");
  auto constrains = graph.edge_types().Find("CONSTRAINS");
  if (!label || !constrains) return config;
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    if (graph.PrimaryLabel(n) != *label || !graph.NodeValid(n, at)) continue;
    const std::string where = "Constraint:" + std::string(graph.Key(n));
    // Rebuild the config object from the stored properties and parse it as
    // a config entry, so both paths check the same rules.
    json c;
    c["name"] = std::string(graph.Key(n));
    for (const char* k : {"asset", "column", "metric", "comparator", "severity"}) {
      if (const Value* v = graph.Property(EntityKind::kNode, n, k, at); v && v->type() == ValueType::kString)
        c[k] = v->as_string();
    }
    if (const Value* v = graph.Property(EntityKind::kNode, n, "threshold", at); v && v->type() == ValueType::kDouble) {
      c["threshold"] = v->as_double();
    }
    if (const Value* v = graph.Property(EntityKind::kNode, n, "reference", at); v && v->type() == ValueType::kString) {
      c["reference"] = json::parse(v->as_string(), nullptr, false);
    }
    json doc{{"constraints", json::array({c})}};
    auto parsed = ParseDriftConfig(doc.dump(), where);
    if (!parsed.ok()) return parsed.status();
    ConstraintSpec& spec = parsed->constraints[0];
    for (auto [k, out] : {std::pair{"origin", &spec.origin}, std::pair{"derived_from", &spec.derived_from}}) {
      if (const Value* v = graph.Property(EntityKind::kNode, n, k, at); v && v->type() == ValueType::kString) {
        *out = v->as_string();
      }
    }
    config.constraints.push_back(std::move(spec));
  }
  std::sort(config.constraints.begin(), config.constraints.end(),
            [](const ConstraintSpec& a, const ConstraintSpec& b) { return a.name < b.name; });
  return config;
}

}  // namespace provgraph::drift
