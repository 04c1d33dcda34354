// The lineage sections of a compliance report: versions and training data,
// upstream lineage with owners and tags, PII columns and what derives from
// them, transformations with code versions and run history.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "app/report/collect_context.h"
#include "engine/audit.h"

namespace provgraph::report {
namespace {

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The start of a node's first validity interval (its creation in valid time).
int64_t ValidFrom(const Graph& g, NodeId n) {
  auto v = g.Validity(EntityKind::kNode, n);
  return v.empty() ? 0 : v.front().from;
}

}  // namespace

void CollectVersions(CollectContext& c, Document& doc) {
  struct Row {
    int64_t from;
    std::string ref;
    NodeId node;
  };
  std::vector<Row> rows;
  for (const auto& nb : c.Out(c.subject, "HAS_VERSION"))
    rows.push_back({ValidFrom(c.g, nb.node), c.Ref(nb.node), nb.node});
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return std::tie(a.from, a.ref) < std::tie(b.from, b.ref); });
  Document out = Document::array();
  for (const Row& r : rows) {
    c.touched.insert(r.node);
    // The run that created the version (its PRODUCED edge is the oldest; a
    // later run that wrote the same version only links to it) and what that
    // run read: the training data.
    std::optional<std::tuple<int64_t, std::string, NodeId>> creator;
    size_t linked = 0;
    for (const auto& nb : c.In(r.node, "PRODUCED")) {
      ++linked;
      auto valid = c.g.Validity(EntityKind::kEdge, nb.edge);
      std::tuple<int64_t, std::string, NodeId> key{valid.empty() ? 0 : valid.front().from, c.Ref(nb.node), nb.node};
      if (!creator || key < *creator) creator = key;
    }
    std::vector<std::string> training;
    if (creator) {
      c.touched.insert(std::get<2>(*creator));
      for (const auto& in : c.In(std::get<2>(*creator), "READ_BY")) {
        training.push_back(c.Ref(in.node));
        c.touched.insert(in.node);
      }
    }
    // Training data recorded directly (DatasetVersion -FEEDS-> ModelVersion).
    for (const auto& nb : c.In(r.node, "FEEDS")) {
      training.push_back(c.Ref(nb.node));
      c.touched.insert(nb.node);
    }
    Document v;
    v["version"] = r.ref;
    v["version_id"] = c.Json(r.node, "version");
    v["created_at"] = Iso(r.from);
    v["produced_by"] = creator ? Document(std::get<1>(*creator)) : Document();
    v["runs"] = linked;
    v["training_data"] = Sorted(training);
    out.push_back(v);
  }
  doc["versions"] = out;
}

void CollectLineage(CollectContext& c, Document& doc) {
  auto feeds = c.g.edge_types().Find("FEEDS");
  c.lineage.emplace_back(c.subject, 0);
  if (feeds) {
    for (const Reached& r :
         c.walker.Closure(c.subject, WalkSpec{Direction::kUpstream, {*feeds}, 1, UINT32_MAX, c.at})) {
      if (r.node != c.subject) c.lineage.emplace_back(r.node, r.depth);
    }
  }
  std::sort(c.lineage.begin(), c.lineage.end(), [&](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : c.Ref(a.first) < c.Ref(b.first);
  });
  Document nodes = Document::array();
  std::vector<std::pair<std::string, std::string>> edges;
  for (const auto& [n, depth] : c.lineage) {
    c.lineage_set.insert(n);
    c.touched.insert(n);
    const auto parents = c.In(n, "FEEDS");
    for (const auto& p : parents) edges.emplace_back(c.Ref(p.node), c.Ref(n));
    Document node;
    node["node"] = c.Ref(n);
    node["kind"] = c.Kind(n);
    node["depth"] = depth;
    node["role"] = n == c.subject ? "subject" : parents.empty() ? "source" : "upstream";
    node["owners"] = c.Owners(n);
    node["tags"] = c.Tags(n);
    node["description"] = c.Json(n, "description");
    nodes.push_back(node);
  }
  std::sort(edges.begin(), edges.end());
  Document edge_json = Document::array();
  for (const auto& [s, t] : edges) edge_json.push_back({{"source", s}, {"target", t}});
  doc["lineage"] = {{"nodes", nodes}, {"edges", edge_json}};
}

void CollectColumns(CollectContext& c, Document& doc) {
  auto column_feeds = c.g.edge_types().Find("COLUMN_FEEDS");
  // Every column of a lineage dataset; for each, the PII columns it derives from.
  std::map<std::string, NodeId> pii;                                           // Column ref -> node
  std::map<std::string, std::pair<NodeId, std::vector<std::string>>> derived;  // Column ref -> (node, PII origins)
  for (const auto& [n, depth] : c.lineage) {
    for (const auto& col : c.Out(n, "HAS_COLUMN")) {
      const std::string ref = c.Ref(col.node);
      if (c.IsPii(col.node)) pii[ref] = col.node;
      if (!column_feeds) continue;
      std::vector<std::string> origins;
      for (const Reached& r :
           c.walker.Closure(col.node, WalkSpec{Direction::kUpstream, {*column_feeds}, 1, UINT32_MAX, c.at})) {
        if (!c.IsPii(r.node)) continue;
        origins.push_back(c.Ref(r.node));
        pii[c.Ref(r.node)] = r.node;
      }
      if (!origins.empty()) derived[ref] = {col.node, Sorted(origins)};
    }
  }
  auto dataset_of = [&](NodeId col) {
    auto in = c.In(col, "HAS_COLUMN");
    if (!in.empty()) return Document(c.Ref(in.front().node));
    return c.Json(col, "dataset");
  };
  Document pii_json = Document::array();
  for (const auto& [ref, node] : pii) {
    c.touched.insert(node);
    pii_json.push_back({{"column", ref}, {"dataset", dataset_of(node)}, {"tags", c.Tags(node)}});
  }
  Document derived_json = Document::array();
  for (const auto& [ref, entry] : derived) {
    c.touched.insert(entry.first);
    derived_json.push_back({{"column", ref}, {"dataset", dataset_of(entry.first)}, {"from", entry.second}});
  }
  doc["columns"] = {{"pii", pii_json}, {"derived", derived_json}};
}

void CollectTransformations(CollectContext& c, Document& doc) {
  Document out = Document::array();
  auto code_prop = c.g.property_keys().Find("source_code_version");
  for (const auto& [n, depth] : c.lineage) {
    if (c.Kind(n) != "Job") continue;
    Document job;
    job["job"] = c.Ref(n);
    job["job_type"] = c.Json(n, "job_type");
    job["integration"] = c.Json(n, "integration");
    job["code_version"] = c.Json(n, "source_code_version");
    job["code_url"] = c.Json(n, "source_code_url");
    const auto sql = c.Text(n, "sql");
    job["sql_sha256"] = sql ? Document(Sha256Hex(*sql)) : Document();
    Document history = Document::array();
    if (code_prop) {
      for (const PropertyVersion& v : c.g.PropertyHistory(EntityKind::kNode, n, *code_prop)) {
        if (v.valid.from > c.at.micros) break;
        history.push_back({{"from", Iso(v.valid.from)}, {"version", v.value.ToJson()}});
      }
    }
    job["code_history"] = history;
    // Run history: counts by state, the first and last start, every run that failed or aborted.
    struct Run {
      std::string started, ref, state;
      NodeId node;
    };
    std::vector<Run> runs;
    for (const auto& nb : c.Out(n, "HAS_RUN")) {
      runs.push_back({c.Text(nb.node, "started_at").value_or(Iso(ValidFrom(c.g, nb.node))), c.Ref(nb.node),
                      c.Text(nb.node, "state").value_or("UNKNOWN"), nb.node});
    }
    std::sort(runs.begin(), runs.end(),
              [](const Run& a, const Run& b) { return std::tie(a.started, a.ref) < std::tie(b.started, b.ref); });
    std::map<std::string, size_t> states;
    Document failed = Document::array();
    for (const Run& r : runs) {
      ++states[r.state];
      c.touched.insert(r.node);
      if (r.state != "FAIL" && r.state != "ABORT") continue;
      failed.push_back({{"run", r.ref},
                        {"state", r.state},
                        {"started_at", r.started},
                        {"ended_at", c.Json(r.node, "ended_at")},
                        {"error", c.Json(r.node, "error_message")}});
    }
    Document state_json = Document::object();
    for (const auto& [s, k] : states) state_json[s] = k;
    job["runs"] = {{"total", runs.size()},
                   {"states", state_json},
                   {"first_started", runs.empty() ? Document() : Document(runs.front().started)},
                   {"last_started", runs.empty() ? Document() : Document(runs.back().started)},
                   {"last_state", runs.empty() ? Document() : Document(runs.back().state)}};
    job["failed_runs"] = failed;
    out.push_back(job);
  }
  doc["transformations"] = out;
}

}  // namespace provgraph::report
