#include "engine/drift/derived_constraints.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/drift/days.h"

namespace provgraph::drift {
namespace {

using json = nlohmann::json;

constexpr std::string_view kCheckPrefix = "check.";

const Value* DerivedProp(const Graph& g, NodeId n, std::string_view name, Timestamp at) {
  return g.Property(EntityKind::kNode, n, name, at);
}

std::string DerivedText(const Graph& g, NodeId n, std::string_view name, Timestamp at) {
  const Value* v = DerivedProp(g, n, name, at);
  return v && v->type() == ValueType::kString ? v->as_string() : "";
}

// Keys must not hold '@' (the Violation key is `<constraint>@<day>`):
// '%' and '@' are percent-encoded, which keeps the mapping one to one.
std::string EscapeKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '@') {
      out += "%40";
    } else {
      out += c;
    }
  }
  return out;
}

ConstraintSpec DerivedSpec(std::string name, const std::string& dataset, std::string column, std::string metric,
                           Comparator comparator, double threshold, bool error, std::string origin,
                           std::string derived_from) {
  ConstraintSpec s;
  s.name = std::move(name);
  s.asset_label = "Dataset";
  s.asset_key = dataset;
  s.column = std::move(column);
  s.metric = std::move(metric);
  s.comparator = comparator;
  s.threshold = threshold;
  s.error = error;
  s.where = "Constraint:" + s.name;
  s.origin = std::move(origin);
  s.derived_from = std::move(derived_from);
  return s;
}

// dbt tests of one dataset: `dbt_tests` holds "test(column)" or "test";
// `dbt_test_config` (JSON object by the same names) the test's severity
// and `where` filter, when the loader kept them.
void DeriveFromDbt(const Graph& g, NodeId ds, Timestamp at, std::vector<ConstraintSpec>& out) {
  const Value* tests = DerivedProp(g, ds, "dbt_tests", at);
  if (!tests || tests->type() != ValueType::kList) return;
  json configs = json::parse(DerivedText(g, ds, "dbt_test_config", at), nullptr, false);
  if (!configs.is_object()) configs = json::object();
  const std::string key(g.Key(ds));
  for (const Value& t : tests->as_list()) {
    if (t.type() != ValueType::kString) continue;
    const std::string& label = t.as_string();
    const size_t open = label.find('(');
    if (open == std::string::npos || label.back() != ')' || open + 2 >= label.size()) continue;  // no column
    const std::string test = label.substr(0, open);
    const std::string column = label.substr(open + 1, label.size() - open - 2);
    const json& c = configs.contains(label) && configs[label].is_object() ? configs[label] : json::object();
    if (c.contains("where")) continue;  // a filtered test: the metrics count every row
    bool error = true;                  // dbt's default severity
    if (c.contains("severity") && c["severity"].is_string()) error = c["severity"].get<std::string>() != "warn";
    std::string metric;
    if (test == "not_null") {
      metric = "null_count";
    } else if (test == "unique") {
      metric = "duplicate_count";
    } else {
      continue;  // accepted_values, relationships, ...: no metric evaluates them
    }
    out.push_back(DerivedSpec("dbt:" + EscapeKey(key) + "#" + EscapeKey(label), key, column, metric, Comparator::kLe, 0,
                              error, "dbt", label));
  }
}

struct AssertionInfo {
  std::string column, assertion;
  std::optional<bool> error;  // its `severity` when stated
};

// The assertions of the dataset's versions (`dq.assertions`, the facet's
// list): exact (column, assertion) pairs and severities, by the Dataset
// property they set; a later list overrides an earlier one.
std::map<std::string, AssertionInfo> VersionAssertions(const Graph& g, Walker& walker, NodeId ds, Timestamp at) {
  std::map<std::string, AssertionInfo> out;
  auto hv = g.edge_types().Find("HAS_VERSION");
  auto prop = g.property_keys().Find("dq.assertions");
  if (!hv || !prop) return out;
  std::vector<std::pair<int64_t, NodeId>> versions;
  for (const auto& nb : walker.Neighbours(ds, WalkSpec{Direction::kDownstream, {*hv}, 1, 1, at})) {
    int64_t from = INT64_MIN;
    for (const PropertyVersion& pv : g.PropertyHistory(EntityKind::kNode, nb.node, *prop)) {
      if (pv.valid.from <= at.micros) from = std::max(from, pv.valid.from);
    }
    if (from != INT64_MIN) versions.emplace_back(from, nb.node);
  }
  std::sort(versions.begin(), versions.end());
  for (const auto& [from, v] : versions) {
    (void)from;
    json list = json::parse(DerivedText(g, v, "dq.assertions", at), nullptr, false);
    if (!list.is_array()) continue;
    for (const json& a : list) {
      if (!a.is_object() || !a.contains("assertion") || !a["assertion"].is_string()) continue;
      AssertionInfo info;
      info.assertion = a["assertion"].get<std::string>();
      if (a.contains("column") && a["column"].is_string()) info.column = a["column"].get<std::string>();
      if (a.contains("severity") && a["severity"].is_string()) {
        const std::string s = a["severity"].get<std::string>();
        if (s == "error" || s == "ERROR") info.error = true;
        if (s == "warn" || s == "WARN") info.error = false;
      }
      out[std::string(kCheckPrefix) + (info.column.empty() ? "" : info.column + ".") + info.assertion] = info;
    }
  }
  return out;
}

// OpenLineage assertions of one dataset: a constraint per `check.*`
// property. Column and assertion come from the versions' lists, else the
// longest prefix naming a Column node of the dataset is the column.
// `dbt` is the index in `out` of this dataset's first dbt constraint (out.size()
// when none): an assertion naming the test and column of one of them is
// that test's result as dbt's OpenLineage integration reports it
// (assertion = the test's `test_metadata.name`, column = its `column_name`),
// so it becomes that constraint's second piece of evidence, not a
// constraint of its own.
void DeriveFromAssertions(const Graph& g, Walker& walker, NodeId ds, Timestamp at, size_t dbt,
                          std::vector<ConstraintSpec>& out) {
  std::vector<std::string> checks;
  for (const auto& [prop, value] : g.Properties(EntityKind::kNode, ds, at)) {
    std::string_view name = g.property_keys().Name(prop);
    if (name.starts_with(kCheckPrefix) && name.size() > kCheckPrefix.size() && value &&
        value->type() == ValueType::kBool) {
      checks.emplace_back(name);
    }
  }
  if (checks.empty()) return;
  const std::string key(g.Key(ds));
  const std::map<std::string, AssertionInfo> listed = VersionAssertions(g, walker, ds, at);
  for (const std::string& prop : checks) {
    const std::string rest = prop.substr(kCheckPrefix.size());
    AssertionInfo info;
    if (auto it = listed.find(prop); it != listed.end()) {
      info = it->second;
    } else {
      info.assertion = rest;
      for (size_t dot = rest.find('.'); dot != std::string::npos && dot + 1 < rest.size();
           dot = rest.find('.', dot + 1)) {
        if (g.FindNode("Column", key + "#" + rest.substr(0, dot))) {
          info.column = rest.substr(0, dot);
          info.assertion = rest.substr(dot + 1);
        }
      }
    }
    if (!info.column.empty()) {
      const std::string test = info.assertion + "(" + info.column + ")";
      auto same = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(dbt), out.end(), [&](const ConstraintSpec& c) {
        return c.origin == "dbt" && c.derived_from == test;
      });
      if (same != out.end()) {
        same->assertion = prop;
        continue;
      }
    }
    out.push_back(DerivedSpec("ol:" + EscapeKey(key) + "#" + EscapeKey(rest), key, info.column,
                              std::string(kCheckPrefix) + info.assertion, Comparator::kGe, 1,
                              info.error.value_or(false), "openlineage", prop));
  }
}

}  // namespace

std::vector<ConstraintSpec> DeriveConstraints(const Graph& graph, Timestamp at, bool dbt_tests,
                                              bool openlineage_assertions) {
  std::vector<ConstraintSpec> out;
  auto dataset = graph.labels().Find("Dataset");
  if (!dataset || (!dbt_tests && !openlineage_assertions)) return out;
  Walker walker(graph);
  for (NodeId n = 0; n < graph.node_count(); ++n) {
    if (!graph.NodeValid(n, at) || !graph.HasLabel(n, *dataset, at)) continue;
    const size_t dbt = out.size();
    if (dbt_tests) DeriveFromDbt(graph, n, at, out);
    if (openlineage_assertions) DeriveFromAssertions(graph, walker, n, at, dbt, out);
  }
  std::sort(out.begin(), out.end(), [](const ConstraintSpec& a, const ConstraintSpec& b) { return a.name < b.name; });
  return out;
}

DriftConfig WithDerivedConstraints(const Graph& graph, Timestamp at, DriftConfig config) {
  auto enabled = [&](const std::string& origin) {
    return (origin == "dbt" && config.derive_dbt_tests) ||
           (origin == "openlineage" && config.derive_openlineage_assertions);
  };
  // Stored derived constraints of an enabled origin give way to the fresh
  // derivation.
  std::erase_if(config.constraints, [&](const ConstraintSpec& s) { return enabled(s.origin); });
  std::set<std::string> names;
  for (const ConstraintSpec& s : config.constraints) names.insert(s.name);
  for (ConstraintSpec& s :
       DeriveConstraints(graph, at, config.derive_dbt_tests, config.derive_openlineage_assertions)) {
    if (names.insert(s.name).second) config.constraints.push_back(std::move(s));
  }
  // Derived Constraint nodes whose test or assertion is gone.
  config.retired.clear();
  auto label = graph.labels().Find("Constraint");
  for (NodeId n = 0; label && n < graph.node_count(); ++n) {
    if (graph.PrimaryLabel(n) != *label || !graph.NodeValid(n, at)) continue;
    if (enabled(DerivedText(graph, n, "origin", at)) && !names.count(std::string(graph.Key(n)))) {
      config.retired.emplace_back(graph.Key(n));
    }
  }
  return config;
}

DriftConfig NightlyConstraints(const Graph& graph, Timestamp as_of, DriftConfig config) {
  const Timestamp day_end{AddDays(DayStart(as_of), 1).micros - 1};
  return WithDerivedConstraints(graph, day_end, std::move(config));
}

bool IsComputedMetric(std::string_view metric) {
  return metric == "duplicate_count" || (metric.starts_with(kCheckPrefix) && metric.size() > kCheckPrefix.size());
}

std::vector<MetricPoint> ComputedSeries(const Graph& graph, const SeriesIndex& series, std::string_view metric,
                                        NodeId dataset, const std::string& column, std::optional<NodeId> column_node,
                                        Timestamp at) {
  std::vector<MetricPoint> out;
  if (metric == "duplicate_count") {
    if (!column_node) return out;
    // The last point of each day, by day.
    auto daily = [&](NodeId node, std::string_view name) {
      std::map<int64_t, double> by_day;
      for (const MetricPoint& p : series.MetricSeries(node, name, at)) by_day[DayStart(p.time).micros] = p.value;
      return by_day;
    };
    const auto rows = daily(dataset, "row_count");
    const auto nulls = daily(*column_node, "null_count");
    for (const auto& [day, distinct] : daily(*column_node, "distinct_count")) {
      auto r = rows.find(day);
      if (r == rows.end()) continue;
      auto nc = nulls.find(day);
      out.push_back(MetricPoint{Timestamp{day}, r->second - (nc == nulls.end() ? 0.0 : nc->second) - distinct});
    }
    return out;
  }
  if (!IsComputedMetric(metric)) return out;
  return AssertionResults(graph, series, dataset, AssertionProperty(metric, column), at);
}

std::string AssertionProperty(std::string_view metric, const std::string& column) {
  return std::string(kCheckPrefix) + (column.empty() ? "" : column + ".") +
         std::string(metric.substr(kCheckPrefix.size()));
}

std::vector<MetricPoint> AssertionResults(const Graph& graph, const SeriesIndex& series, NodeId dataset,
                                          const std::string& property, Timestamp at) {
  std::vector<MetricPoint> out;
  auto add = [&](Timestamp time, double value) {
    const Timestamp day = DayStart(time);
    if (!out.empty() && out.back().time == day) {
      out.back().value = value;  // the day's last result
    } else {
      out.push_back(MetricPoint{day, value});
    }
  };
  const std::vector<MetricPoint> points = series.MetricSeries(dataset, property, at);
  for (const MetricPoint& p : points) add(p.time, p.value);
  if (!points.empty()) return out;
  // A store loaded before the loader wrote these points: only the changes
  // of the property are known.
  auto prop = graph.property_keys().Find(property);
  if (!prop) return out;
  std::vector<PropertyVersion> history = graph.PropertyHistory(EntityKind::kNode, dataset, *prop);
  std::sort(history.begin(), history.end(),
            [](const PropertyVersion& a, const PropertyVersion& b) { return a.valid.from < b.valid.from; });
  for (const PropertyVersion& v : history) {
    if (v.valid.from > at.micros || v.value.type() != ValueType::kBool) continue;
    add(Timestamp{v.valid.from}, v.value.as_bool() ? 1.0 : 0.0);
  }
  return out;
}

int AssertionWindowDays(const ReferenceWindow& reference) {
  return reference.kind == ReferenceWindow::Kind::kPreviousDays ? reference.previous_days : 0;
}

void RetireConstraints(const Graph& graph, Walker& walker, const std::vector<std::string>& retired, Batch& batch,
                       Timestamp day, Timestamp at) {
  auto violated = graph.edge_types().Find("VIOLATED");
  auto at_risk = graph.edge_types().Find("AT_RISK");
  for (const std::string& name : retired) {
    auto c = graph.FindNode("Constraint", name);
    if (!c || !graph.NodeValid(*c, at)) continue;
    const Batch::NodeRef cref = batch.RefNode(*c);
    if (violated) {
      for (const auto& v : walker.Neighbours(*c, WalkSpec{Direction::kDownstream, {*violated}, 1, 1, at})) {
        const Batch::NodeRef vref = batch.RefNode(v.node);
        if (at_risk) {
          for (const auto& r : walker.Neighbours(v.node, WalkSpec{Direction::kDownstream, {*at_risk}, 1, 1, at})) {
            batch.CloseEdge(batch.UpsertEdge("AT_RISK", vref, batch.RefNode(r.node), day), day);
          }
        }
        batch.CloseNode(vref, day);
      }
    }
    batch.CloseNode(cref, day);
  }
}

}  // namespace provgraph::drift
