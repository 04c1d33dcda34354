#include "loaders/dbt/dbt_loader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "engine/time.h"

namespace provgraph::loaders {
namespace {

using nlohmann::json;

std::string Str(const json& obj, const char* name) {
  if (!obj.is_object()) return "";
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string StripPrefix(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `s` ends with "." + `a` (and "." + `b` when given). Built with append:
// GCC 12 at -O3 flags `"lit" + std::string` with a bogus -Wrestrict.
bool EndsWithDotted(const std::string& s, const std::string& a, const std::string& b = "") {
  std::string suffix(".");
  suffix.append(a);
  if (!b.empty()) suffix.append(".").append(b);
  return EndsWith(s, suffix);
}

// The dependency a generic test is attached to, from its `model` argument
// (`{{ get_where_subquery(ref('orders')) }}`, `ref('pkg', 'orders')`,
// `source('raw', 'orders')`): what dbt itself sets `attached_node` from in
// v10+. Empty when the argument names none of `deps` or is absent.
std::string AttachedByModelArgument(const json& test, const std::vector<std::string>& deps) {
  const json& meta = test.value("test_metadata", json::object());
  if (!meta.is_object()) return "";
  const std::string model = Str(meta.value("kwargs", json::object()), "model");
  static const std::regex kCall(R"re(\b(ref|source)\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\))re");
  std::smatch m;
  if (!std::regex_search(model, m, kCall)) return "";
  std::string found;
  for (const std::string& d : deps) {
    bool match = false;
    if (m[1] == "source") {
      match = m[3].matched && d.rfind("source.", 0) == 0 && EndsWithDotted(d, m[2].str(), m[3].str());
    } else {
      const std::string name = m[3].matched ? m[3].str() : m[2].str();  // ref('pkg', 'name')
      match = d.rfind("source.", 0) != 0 && EndsWithDotted(d, name);
    }
    if (match) {
      if (!found.empty()) return "";  // ambiguous
      found = d;
    }
  }
  return found;
}

// From `file_key_name` (v7-v9): "models.orders" names the model (or seed,
// snapshot) by name, "sources.raw" the source by its source name, which
// decides only when one dependency is of that source.
std::string AttachedByFileKey(const std::string& file_key, const std::vector<std::string>& deps) {
  const size_t dot = file_key.find('.');
  if (dot == std::string::npos) return "";
  const std::string kind = file_key.substr(0, dot), name = file_key.substr(dot + 1);
  std::string found;
  for (const std::string& d : deps) {
    const bool source = d.rfind("source.", 0) == 0;
    bool match = false;
    if (kind == "sources" && source) {
      // source.<package>.<source name>.<table>
      const size_t a = d.find('.', 7), b = d.rfind('.');
      match = a != std::string::npos && b > a && d.compare(a + 1, b - a - 1, name) == 0;
    } else if (kind != "sources" && !source) {
      match = EndsWithDotted(d, name);
    }
    if (match) {
      if (!found.empty()) return "";  // ambiguous
      found = d;
    }
  }
  return found;
}

class DbtMapper {
 public:
  DbtMapper(const DbtLoadOptions& o, Batch& b, Timestamp t) : o_(o), b_(b), t_(t) {}

  Status Map(const json& m) {
    const json& nodes = m.value("nodes", json::object());
    const json& sources = m.value("sources", json::object());
    const json& exposures = m.value("exposures", json::object());
    if (!nodes.is_object()) return Bad("/nodes", "expected an object");
    if (!sources.is_object()) return Bad("/sources", "expected an object");
    if (!exposures.is_object()) return Bad("/exposures", "expected an object");
    // Datasets first so that every dependency has its key.
    for (const auto& [id, node] : nodes.items()) {
      std::string type = Str(node, "resource_type");
      if (type != "model" && type != "seed" && type != "snapshot") continue;
      if (!node.is_object()) return Bad("/nodes/" + id, "expected an object");
      std::string alias = Str(node, "alias");
      if (alias.empty()) alias = Str(node, "name");
      if (alias.empty()) return Bad("/nodes/" + id + "/name", "required field \"name\" is missing");
      AddDataset(id, node, DbtDatasetName(Str(node, "database"), Str(node, "schema"), alias), {"Dataset"});
      ++summary_.nodes;
    }
    for (const auto& [id, source] : sources.items()) {
      std::string name = Str(source, "name");
      if (name.empty()) return Bad("/sources/" + id + "/name", "required field \"name\" is missing");
      AddDataset(id, source, DbtDatasetName(Str(source, "database"), Str(source, "schema"), name),
                 {"Dataset", "Source"});
      ++summary_.sources;
    }
    for (const auto& [id, node] : nodes.items()) {
      std::string type = Str(node, "resource_type");
      if (type == "model" || type == "snapshot") AddJob(id, node, type);
      if (type == "test") AddTest(id, node);
    }
    for (const auto& [id, exposure] : exposures.items()) AddExposure(id, exposure);
    for (const auto& [key, tests] : dataset_tests_) {
      ValueList list;
      for (const std::string& t : tests) list.emplace_back(t);
      b_.SetProperty(Dataset(key), "dbt_tests", std::move(list), t_);
    }
    for (const auto& [key, configs] : test_configs_)
      b_.SetProperty(Dataset(key), "dbt_test_config", configs.dump(), t_);
    for (const auto& [key, tests] : column_tests_) {
      ValueList list;
      for (const std::string& t : tests) list.emplace_back(t);
      b_.SetProperty(b_.UpsertNode({"Column"}, key, t_), "dbt_tests", std::move(list), t_);
    }
    return Status::Ok();
  }

  const DbtLoadSummary& summary() const { return summary_; }
  std::string where;

 private:
  Status Bad(const std::string& pointer, const std::string& message) {
    return Status::InvalidInput(message, where + ":" + pointer);
  }

  Batch::NodeRef Dataset(const std::string& key) { return b_.UpsertNode({"Dataset"}, key, t_); }

  void AddDataset(const std::string& id, const json& node, const std::string& name,
                  const std::vector<std::string>& labels) {
    std::string key = o_.dataset_namespace + ":" + name;
    keys_[id] = key;
    Batch::NodeRef ds = b_.UpsertNode(labels, key, t_);
    b_.SetProperty(ds, "namespace", o_.dataset_namespace, t_);
    b_.SetProperty(ds, "name", name, t_);
    b_.SetProperty(ds, "dbt_unique_id", id, t_);
    b_.SetProperty(ds, "dbt_resource_type", Str(node, "resource_type"), t_);
    if (std::string d = Str(node, "description"); !d.empty()) b_.SetProperty(ds, "description", d, t_);
    const json& config = node.value("config", json::object());
    if (std::string mat = Str(config, "materialized"); !mat.empty()) b_.SetProperty(ds, "materialized", mat, t_);
    SetTags(ds, node);
    const json& columns = node.value("columns", json::object());
    if (!columns.is_object()) return;
    for (const auto& [cname_key, column] : columns.items()) {
      std::string cname = Str(column, "name");
      if (cname.empty()) cname = cname_key;
      std::string ckey = key + "#" + cname;
      Batch::NodeRef col = b_.UpsertNode({"Column"}, ckey, t_);
      b_.SetProperty(col, "name", cname, t_);
      b_.SetProperty(col, "dataset", key, t_);
      if (std::string d = Str(column, "description"); !d.empty()) b_.SetProperty(col, "description", d, t_);
      if (std::string ty = Str(column, "data_type"); !ty.empty()) b_.SetProperty(col, "type", ty, t_);
      b_.UpsertEdge("HAS_COLUMN", ds, col, t_);
    }
  }

  void SetTags(Batch::NodeRef n, const json& node) {
    const json& tags = node.value("tags", json::array());
    if (!tags.is_array() || tags.empty()) return;
    ValueList list;
    for (const json& tag : tags) {
      if (tag.is_string()) list.emplace_back(tag.get<std::string>());
    }
    b_.SetProperty(n, "tags", std::move(list), t_);
  }

  std::vector<std::string> Deps(const json& node) {
    std::vector<std::string> out;
    const json& deps = node.value("depends_on", json::object()).value("nodes", json::array());
    if (!deps.is_array()) return out;
    for (const json& d : deps) {
      if (d.is_string()) out.push_back(d.get<std::string>());
    }
    return out;
  }

  void AddJob(const std::string& id, const json& node, const std::string& type) {
    std::string name = o_.structured_job_names
                           ? id
                           : DbtDatasetName(Str(node, "database"), Str(node, "schema"), StripPrefix(id, type + "."));
    std::string key = o_.job_namespace + ":" + name;
    Batch::NodeRef job = b_.UpsertNode({"Job"}, key, t_);
    b_.SetProperty(job, "namespace", o_.job_namespace, t_);
    b_.SetProperty(job, "name", name, t_);
    b_.SetProperty(job, "dbt_unique_id", id, t_);
    b_.SetProperty(job, "job_type", type == "model" ? "MODEL" : "SNAPSHOT", t_);
    b_.SetProperty(job, "integration", "DBT", t_);
    std::string sql = Str(node, "compiled_code");
    if (sql.empty()) sql = Str(node, "compiled_sql");
    if (sql.empty()) sql = Str(node, "raw_code");
    if (sql.empty()) sql = Str(node, "raw_sql");
    if (!sql.empty()) b_.SetProperty(job, "sql", sql, t_);
    if (std::string p = Str(node, "original_file_path"); !p.empty()) b_.SetProperty(job, "source_code_path", p, t_);
    if (std::string d = Str(node, "description"); !d.empty()) b_.SetProperty(job, "description", d, t_);
    b_.UpsertEdge("FEEDS", job, Dataset(keys_[id]), t_);
    for (const std::string& dep : Deps(node)) {
      auto it = keys_.find(dep);
      if (it != keys_.end()) b_.UpsertEdge("FEEDS", Dataset(it->second), job, t_);
    }
  }

  // Tests become properties: dbt_tests on the attached dataset (names like
  // "not_null(order_id)") and on the tested Column (names like "not_null").
  void AddTest(const std::string& id, const json& node) {
    ++summary_.tests;
    std::vector<std::string> deps = Deps(node);
    std::string attached = Str(node, "attached_node");  // v10+
    if (attached.empty()) attached = AttachedByModelArgument(node, deps);
    if (attached.empty()) attached = AttachedByFileKey(Str(node, "file_key_name"), deps);
    if (attached.empty() && deps.size() == 1) attached = deps[0];
    auto it = keys_.find(attached);
    if (it == keys_.end()) return;
    std::string test = Str(node.value("test_metadata", json::object()), "name");
    if (test.empty()) test = Str(node, "name");
    if (test.empty()) test = id;
    std::string column = Str(node, "column_name");
    const std::string label = column.empty() ? test : test + "(" + column + ")";
    dataset_tests_[it->second].insert(label);
    // What the drift job needs to turn the test into a constraint: its
    // severity (dbt's default: error) and its `where` filter, if any; the
    // first test of a name (by unique_id) wins.
    const json& config = node.value("config", json::object());
    json& entry = test_configs_[it->second][label];
    if (entry.is_null()) {
      std::string severity = Str(config, "severity");
      std::transform(severity.begin(), severity.end(), severity.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      entry = json{{"severity", severity == "warn" ? "warn" : "error"}};
      if (std::string w = Str(config, "where"); !w.empty()) entry["where"] = w;
    }
    if (!column.empty()) column_tests_[it->second + "#" + column].insert(test);
  }

  void AddExposure(const std::string& id, const json& exposure) {
    ++summary_.exposures;
    std::string label = Str(exposure, "type") == "ml" ? "Model" : "KPI";
    Batch::NodeRef n = b_.UpsertNode({label}, id, t_);
    b_.SetProperty(n, "name", Str(exposure, "name"), t_);
    b_.SetProperty(n, "dbt_unique_id", id, t_);
    if (std::string s = Str(exposure, "type"); !s.empty()) b_.SetProperty(n, "exposure_type", s, t_);
    if (std::string s = Str(exposure, "description"); !s.empty()) b_.SetProperty(n, "description", s, t_);
    if (std::string s = Str(exposure, "url"); !s.empty()) b_.SetProperty(n, "url", s, t_);
    if (std::string s = Str(exposure, "maturity"); !s.empty()) b_.SetProperty(n, "maturity", s, t_);
    SetTags(n, exposure);
    const json& owner = exposure.value("owner", json::object());
    std::string owner_name = Str(owner, "name");
    if (owner_name.empty()) owner_name = Str(owner, "email");
    if (!owner_name.empty()) {
      Batch::NodeRef o = b_.UpsertNode({"Owner"}, owner_name, t_);
      b_.SetProperty(o, "name", owner_name, t_);
      if (std::string e = Str(owner, "email"); !e.empty()) b_.SetProperty(o, "email", e, t_);
      b_.UpsertEdge("OWNS", o, n, t_);
    }
    for (const std::string& dep : Deps(exposure)) {
      auto it = keys_.find(dep);
      if (it != keys_.end()) b_.UpsertEdge("FEEDS", Dataset(it->second), n, t_);
    }
  }

  const DbtLoadOptions& o_;
  Batch& b_;
  Timestamp t_;
  DbtLoadSummary summary_;
  std::map<std::string, std::string> keys_;  // unique_id -> dataset key
  std::map<std::string, std::set<std::string>> dataset_tests_, column_tests_;
  std::map<std::string, json> test_configs_;  // dataset key -> {test name: {severity, where}}
};

}  // namespace

std::string DbtDatasetName(const std::string& database, const std::string& schema, const std::string& name) {
  std::string out;
  for (const std::string* part : {&database, &schema, &name}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ".";
    out += *part;
  }
  return out;
}

Result<DbtLoadSummary> BuildDbtBatch(const DbtLoadOptions& options, Batch& batch) {
  if (options.dataset_namespace.empty()) return Status::InvalidInput("--namespace is required", "load dbt");
  std::ifstream in(options.manifest, std::ios::binary);
  if (!in) return Status::NotFound("cannot open", options.manifest);
  std::ostringstream text;
  text << in.rdbuf();
  json m;
  try {
    m = json::parse(text.str());
  } catch (const json::parse_error& e) {
    std::string s = text.str();
    size_t at = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, s.size());
    int line = 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    return Status::InvalidInput(std::string("invalid JSON: ") + e.what(),
                                options.manifest + ":" + std::to_string(line));
  }
  if (!m.is_object()) return Status::InvalidInput("a manifest must be a JSON object", options.manifest + ":1");
  std::string version = Str(m.value("metadata", json::object()), "dbt_schema_version");
  static const char* kSupported[] = {"/v7.json", "/v8.json", "/v9.json", "/v10.json", "/v11.json", "/v12.json"};
  bool supported = std::any_of(std::begin(kSupported), std::end(kSupported), [&](const char* v) {
    return version.size() >= std::string_view(v).size() &&
           version.compare(version.size() - std::string_view(v).size(), std::string::npos, v) == 0;
  });
  if (!supported) {
    return Status::InvalidInput("\"" + version + "\" is not a supported manifest version (v7 to v12)",
                                options.manifest + ":/metadata/dbt_schema_version");
  }
  Timestamp at = options.at;
  if (at.micros == 0) {
    auto generated = ParseTimestamp(Str(m["metadata"], "generated_at"));
    if (!generated.ok()) {
      return Status::InvalidInput("not an ISO-8601 date-time; give --at", options.manifest + ":/metadata/generated_at");
    }
    at = *generated;
  }
  DbtMapper mapper(options, batch, at);
  mapper.where = options.manifest;
  PROVGRAPH_RETURN_IF_ERROR(mapper.Map(m));
  return mapper.summary();
}

Result<DbtLoadResult> LoadDbt(Store& store, const DbtLoadOptions& options, const CommitInfo& info) {
  Batch batch;
  auto summary = BuildDbtBatch(options, batch);
  if (!summary.ok()) return summary.status();
  auto commit = store.Commit(batch, info);
  if (!commit.ok()) return commit.status();
  return DbtLoadResult{*summary, std::move(commit).value()};
}

}  // namespace provgraph::loaders
