// The governance sections of a compliance report: checks and assertions,
// drift constraints with their monitored series and forecasts, violations,
// and the audit entries that touched anything the report shows.
#include <algorithm>
#include <map>
#include <set>

#include <boost/range/iterator_range.hpp>

#include "app/report/collect_context.h"
#include "engine/adjacency.h"
#include "engine/audit.h"
#include "engine/drift/config.h"

namespace provgraph::report {
void CollectChecks(CollectContext& c, Document& doc) {
  // check.<assertion> / check.<column>.<assertion> booleans (OpenLineage
  // dataQualityAssertions) on the lineage's assets: the result as of the
  // report and every time it turned false.
  std::vector<std::pair<std::string, Document>> rows;
  for (const auto& [n, depth] : c.lineage) {
    for (const auto& [p, v] : c.g.Properties(EntityKind::kNode, n, c.at)) {
      const std::string& name = c.g.property_keys().Name(p);
      if (!name.starts_with("check.")) continue;
      Document failures = Document::array();
      for (const PropertyVersion& pv : c.g.PropertyHistory(EntityKind::kNode, n, p)) {
        if (pv.valid.from > c.at.micros) break;
        if (pv.value.type() == ValueType::kBool && !pv.value.as_bool()) failures.push_back(Iso(pv.valid.from));
      }
      Document row;
      row["asset"] = c.Ref(n);
      row["check"] = name.substr(6);
      row["result"] = v->ToJson();
      row["failures"] = failures;
      rows.emplace_back(c.Ref(n) + "\n" + name, row);
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Document out = Document::array();
  for (auto& [k, row] : rows) out.push_back(std::move(row));
  doc["checks"] = out;
}

void CollectConstraints(CollectContext& c, Document& doc) {
  std::map<std::string, std::pair<NodeId, NodeId>> constraints;  // ref -> (constraint, asset)
  for (const auto& [n, depth] : c.lineage) {
    for (const auto& nb : c.In(n, "CONSTRAINS")) constraints[c.Ref(nb.node)] = {nb.node, n};
  }
  Document cons = Document::array(), drift = Document::array();
  std::set<std::string> names;
  for (const auto& [ref, pair] : constraints) {
    const auto [cn, asset] = pair;
    c.touched.insert(cn);
    names.insert(std::string(c.g.Key(cn)));
    const std::string metric = c.Text(cn, "metric").value_or("");
    const auto column = c.Text(cn, "column");
    Document reference = c.Json(cn, "reference");
    if (reference.is_string()) {
      auto parsed = Document::parse(reference.get<std::string>(), nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) reference = parsed;
    }
    Document forecast = {{"crossing_day", c.Json(cn, "forecast_crossing_day")},
                         {"earliest_day", c.Json(cn, "forecast_earliest_day")},
                         {"latest_day", c.Json(cn, "forecast_latest_day")}};
    Document row;
    row["constraint"] = ref;
    row["asset"] = c.Ref(asset);
    row["column"] = column ? Document(*column) : Document();
    row["metric"] = metric;
    row["comparator"] = c.Json(cn, "comparator");
    row["threshold"] = c.Json(cn, "threshold");
    row["severity"] = c.Json(cn, "severity");
    row["reference"] = reference;
    row["forecast"] = forecast;
    cons.push_back(row);

    // The monitored series: where `drift run` writes the statistic (the
    // Column node's drift.<metric>, else drift.<metric>.<column> on the
    // dataset), or the stored metric itself (KPI values, row counts).
    std::optional<NodeId> col;
    if (column) col = c.g.FindNode("Column", std::string(c.g.Key(asset)) + "#" + *column);
    std::vector<std::pair<NodeId, std::string>> candidates;
    if (drift::IsDriftMetric(metric)) {
      if (col) candidates.emplace_back(*col, "drift." + metric);
      candidates.emplace_back(asset, "drift." + metric + (column ? "." + *column : ""));
    } else {
      if (col) candidates.emplace_back(*col, metric);
      candidates.emplace_back(asset, metric);
    }
    for (const auto& [node, name] : candidates) {
      auto points = c.store.series().MetricSeries(node, name, c.at);
      if (points.empty()) continue;
      c.touched_series.emplace(node, name);
      c.touched.insert(node);
      Document pts = Document::array();
      for (const MetricPoint& p : points) pts.push_back({{"at", Iso(p.time.micros)}, {"value", p.value}});
      Document d;
      d["constraint"] = ref;
      d["node"] = c.Ref(node);
      d["series"] = name;
      d["points"] = pts;
      d["latest"] = pts.back();
      d["forecast"] = forecast;
      drift.push_back(d);
      break;
    }
  }
  doc["constraints"] = cons;
  doc["drift"] = drift;

  // Violations of these constraints (open or closed by the as-of instant),
  // and any violation that puts the subject at risk.
  std::map<std::string, NodeId> violations;
  auto vlabel = c.g.labels().Find("Violation");
  auto cprop = c.g.property_keys().Find("constraint");
  if (vlabel && cprop) {
    for (NodeId n = 0; n < c.g.node_count(); ++n) {
      if (c.g.PrimaryLabel(n) != *vlabel) continue;
      const Value* name = c.g.Property(EntityKind::kNode, n, *cprop, kLatest);
      if (!name || name->type() != ValueType::kString || !names.count(name->as_string())) continue;
      const auto valid = c.g.Validity(EntityKind::kNode, n);
      if (valid.empty() || valid.front().from > c.at.micros) continue;
      violations[c.Ref(n)] = n;
    }
  }
  for (const auto& nb : c.In(c.subject, "AT_RISK")) violations[c.Ref(nb.node)] = nb.node;
  Document out = Document::array();
  for (const auto& [ref, v] : violations) {
    c.touched.insert(v);
    std::vector<std::string> at_risk;
    for (const auto& nb : c.Out(v, "AT_RISK")) at_risk.push_back(c.Ref(nb.node));
    std::sort(at_risk.begin(), at_risk.end());
    Document row;
    row["violation"] = ref;
    row["constraint"] = c.Json(v, "constraint");
    row["severity"] = c.Json(v, "severity");
    row["first_failing_day"] = c.Json(v, "first_failing_day");
    row["last_failing_day"] = c.Json(v, "last_failing_day");
    row["value"] = c.Json(v, "value");
    row["threshold"] = c.Json(v, "threshold");
    row["open"] = c.g.NodeValid(v, c.at);
    row["at_risk"] = at_risk;
    out.push_back(row);
  }
  doc["violations"] = out;
}

Status CollectAudit(CollectContext& c, Document& doc) {
  // The batches that wrote anything shown, as of the report's instant:
  // creating, closing or reopening a shown node or an edge between two
  // shown nodes, property values of shown nodes, series points.
  std::set<uint32_t> seqs;
  auto add_changes = [&](EntityKind kind, uint64_t id) {
    for (const Graph::ValidityChange& ch : c.g.ValidityChanges(kind, id)) {
      if (ch.t <= c.at.micros) seqs.insert(ch.seq);
    }
  };
  const Adjacency& adj = c.g.adjacency();
  for (NodeId n : c.touched) {
    add_changes(EntityKind::kNode, n);
    for (const auto& [p, v] : c.g.Properties(EntityKind::kNode, n, kLatest)) {
      for (const PropertyVersion& pv : c.g.PropertyHistory(EntityKind::kNode, n, p)) {
        if (pv.valid.from <= c.at.micros) seqs.insert(pv.seq);
      }
    }
    if (n >= num_vertices(adj.out)) continue;  // no edges at all yet
    for (auto e : boost::make_iterator_range(out_edges(static_cast<uint32_t>(n), adj.out))) {
      if (c.touched.count(target(e, adj.out))) add_changes(EntityKind::kEdge, adj.out[e].edge);
    }
  }
  for (const auto& [n, name] : c.touched_series) {
    for (const StoredPoint& p : c.store.series().MetricHistory(n, name)) {
      if (p.time <= c.at.micros) seqs.insert(p.seq);
    }
  }
  auto verify = c.store.VerifyAudit();
  if (!verify.ok()) return verify.status();
  auto entries = c.store.AuditEntries();
  if (!entries.ok()) return entries.status();
  Document list = Document::array();
  for (const AuditEntry& e : *entries) {
    if (!seqs.count(e.seq)) continue;
    list.push_back({{"seq", e.seq},
                    {"time", Iso(e.time_us)},
                    {"actor", e.actor},
                    {"user", e.user},
                    {"command", e.command},
                    {"data_digest", e.data_digest},
                    {"hash", e.hash}});
  }
  Document audit;
  audit["chain_verified"] = verify->ok();
  audit["entries_verified"] = verify->entries;
  audit["first_bad"] = verify->first_bad ? Document(*verify->first_bad) : Document();
  audit["problem"] = verify->ok() ? Document() : Document(verify->problem);
  audit["head"] = verify->head_hash;
  audit["entries"] = list;
  doc["audit"] = audit;
  return Status::Ok();
}

}  // namespace provgraph::report
