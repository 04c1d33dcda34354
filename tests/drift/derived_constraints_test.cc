// Constraints derived from dbt tests and OpenLineage assertions
// (engine/drift/derived_constraints.h): the jaffle_shop manifest
// (tests/data/dbt, one test's severity set to warn and one given a `where`
// filter here) plus hand-written OpenLineage events with dataQualityMetrics
// and dataQualityAssertions over four days; the episodes each day opens,
// extends and closes are derived by hand in the comments.
#include "engine/drift/derived_constraints.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/drift/config.h"
#include "engine/drift/run.h"
#include "loaders/dbt/dbt_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using drift::ConstraintResult;
using nlohmann::json;
using testing::T;

const std::string kWh = "postgres://postgres:5432";
const std::string kOrders = kWh + ":postgres.public.orders";
const std::string kStgOrders = kWh + ":postgres.public.stg_orders";

// One day's COMPLETE event of the orders model: its output carries the
// metrics and assertions given; stg_orders is read with its own assertion.
json OrdersEvent(const std::string& day, int rows, int id_nulls, int id_distinct, int amount_nulls, bool status_ok,
                 bool stg_status_ok) {
  json metrics = {{"rowCount", rows},
                  {"columnMetrics",
                   {{"order_id", {{"nullCount", id_nulls}, {"distinctCount", id_distinct}}},
                    {"amount", {{"nullCount", amount_nulls}}},
                    {"customer_id", {{"nullCount", 0}}}}}};
  json assertions = {
      {"assertions",
       {{{"assertion", "not_null"}, {"column", "order_id"}, {"success", id_nulls == 0}},
        {{"assertion", "accepted_values"}, {"column", "status"}, {"success", status_ok}, {"severity", "error"}},
        {{"assertion", "fresh"}, {"success", true}}}}};
  json stg = {{"assertions", {{{"assertion", "accepted_values"}, {"column", "status"}, {"success", stg_status_ok}}}}};
  return {
      {"eventType", "COMPLETE"},
      {"eventTime", day + "T06:00:00Z"},
      {"producer", "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt"},
      {"schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"},
      {"run", {{"runId", "0193a4a0-0000-7000-8000-0000000000" + day.substr(8, 2)}}},
      {"job", {{"namespace", "dbt"}, {"name", "postgres.public.jaffle_shop.orders"}}},
      {"inputs",
       {{{"namespace", kWh}, {"name", "postgres.public.stg_orders"}, {"facets", {{"dataQualityAssertions", stg}}}}}},
      {"outputs",
       {{{"namespace", kWh},
         {"name", "postgres.public.orders"},
         {"facets", {{"dataQualityMetrics", metrics}, {"dataQualityAssertions", assertions}}}}}}};
}

class DerivedConstraintsTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::OpenOrDie(dir_ / "s.store"); }

  // The jaffle_shop manifest with not_null(amount) at severity warn and
  // not_null(coupon_amount) filtered by a `where`; `drop` names a test
  // node left out.
  void LoadManifest(const char* at, const std::string& drop = "") {
    std::ifstream in(std::string(PROVGRAPH_TEST_DATA_DIR) + "/dbt/jaffle_shop_dbt1.8.2_manifest_v12.json");
    json m = json::parse(in);
    m["nodes"]["test.jaffle_shop.not_null_orders_amount.106140f9fd"]["config"]["severity"] = "warn";
    m["nodes"]["test.jaffle_shop.not_null_orders_coupon_amount.ab90c90625"]["config"]["where"] = "amount > 0";
    if (!drop.empty()) m["nodes"].erase(drop);
    const std::string path = dir_ / "manifest.json";
    testing::WriteFile(path, m.dump());
    loaders::DbtLoadOptions o;
    o.manifest = path;
    o.dataset_namespace = kWh;
    o.job_namespace = "dbt";
    o.at = T(at);
    auto r = loaders::LoadDbt(*store_, o, CommitInfo{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void LoadEvents(const std::vector<json>& events) {
    std::string text;
    for (const json& e : events) text += e.dump() + "\n";
    const std::string path = dir_ / "events.ndjson";
    testing::WriteFile(path, text);
    loaders::OpenLineageLoadOptions o;
    o.inputs = {path};
    auto r = loaders::LoadOpenLineage(*store_, o, CommitInfo{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // `drift run` without a config for `day`: the stored constraints plus the
  // derived ones. `config_` keeps the specs the report points at.
  drift::DriftRunReport Run(const char* day, drift::DriftConfig base = {}, bool from_graph = true) {
    if (from_graph) {
      auto stored = drift::ConstraintsFromGraph(store_->graph(), kLatest);
      EXPECT_TRUE(stored.ok()) << stored.status().ToString();
      for (drift::ConstraintSpec& s : stored->constraints) base.constraints.push_back(std::move(s));
    }
    const Timestamp end{T(day).micros + int64_t{86400} * 1000000 - 1};
    configs_.push_back(
        std::make_unique<drift::DriftConfig>(drift::WithDerivedConstraints(store_->graph(), end, std::move(base))));
    drift::DriftRunOptions o;
    o.as_of = T(day);
    o.write_constraints = !from_graph;
    auto r = drift::RunDrift(*store_, *configs_.back(), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : drift::DriftRunReport{};
  }

  static const drift::ConstraintResult* Find(const drift::DriftRunReport& r, const std::string& name) {
    for (const drift::ConstraintResult& c : r.results) {
      if (c.spec->name == name) return &c;
    }
    return nullptr;
  }

  std::string Text(const std::string& label, const std::string& key, const char* prop) {
    const Graph& g = store_->graph();
    auto n = g.FindNode(label, key);
    const Value* v = n ? g.Property(EntityKind::kNode, *n, prop, kLatest) : nullptr;
    return v && v->type() == ValueType::kString ? v->as_string() : "<none>";
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::unique_ptr<drift::DriftConfig>> configs_;
};

// The four days (orders: rows, order_id nulls / distinct, amount nulls;
// assertions) and what each derived constraint says:
//   03-02: 100, 0/100, 0; all assertions pass        -> nothing fails
//   03-03: 100, 0/98, 3;  accepted_values(status) fails
//          unique(order_id): duplicates 100-0-98 = 2 > 0  -> opens (error)
//          not_null(amount): 3 > 0 (severity warn)        -> opens (warn)
//          ol accepted_values: 0 < 1 (stated error)       -> opens (error)
//   03-04: 110, 1/109, 0; accepted_values still fails
//          unique: 110-1-109 = 0 -> closes; not_null(amount) 0 -> closes
//          not_null(order_id): 1 > 0 -> opens (error); ol order_id.not_null
//          (no severity stated: warn) fails -> opens (warn)
//          ol accepted_values -> extended
//   03-05: 120, 0/120, 0; all pass -> the three open ones close.
TEST_F(DerivedConstraintsTest, DbtTestsAndAssertionsOpenAndCloseEpisodes) {
  LoadManifest("2026-03-01");
  LoadEvents(
      {OrdersEvent("2026-03-02", 100, 0, 100, 0, true, true), OrdersEvent("2026-03-03", 100, 0, 98, 3, false, true),
       OrdersEvent("2026-03-04", 110, 1, 109, 0, false, true), OrdersEvent("2026-03-05", 120, 0, 120, 0, true, true)});
  const std::string unique = "dbt:" + kOrders + "#unique(order_id)";
  const std::string nn_id = "dbt:" + kOrders + "#not_null(order_id)";
  const std::string nn_amount = "dbt:" + kOrders + "#not_null(amount)";
  const std::string ol_status = "ol:" + kOrders + "#status.accepted_values";
  const std::string ol_id = "ol:" + kOrders + "#order_id.not_null";

  drift::DriftRunReport r = Run("2026-03-02");
  // dbt: 20 tests; accepted_values (3) and relationships (1) have no metric,
  // not_null(coupon_amount) has a `where`: 15 constraints. OpenLineage:
  // orders' 3 assertions and stg_orders' 1.
  ASSERT_EQ(r.results.size(), 19u);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#accepted_values(status)"), nullptr);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#relationships(customer_id)"), nullptr);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#not_null(coupon_amount)"), nullptr);
  ASSERT_NE(Find(r, unique), nullptr);
  EXPECT_EQ(Find(r, unique)->spec->metric, "duplicate_count");
  EXPECT_TRUE(Find(r, unique)->spec->error);      // dbt's default
  EXPECT_FALSE(Find(r, nn_amount)->spec->error);  // config.severity: warn
  EXPECT_TRUE(Find(r, ol_status)->spec->error);   // "severity": "error" in the facet
  EXPECT_FALSE(Find(r, ol_id)->spec->error);      // unstated: warn
  EXPECT_EQ(Find(r, ol_id)->spec->column, "order_id");
  EXPECT_EQ(Find(r, ol_id)->spec->metric, "check.not_null");
  // Without a version (stg_orders is only read), the Column node `status`
  // of the manifest tells the column from the assertion.
  const auto* stg = Find(r, "ol:" + kStgOrders + "#status.accepted_values");
  ASSERT_NE(stg, nullptr);
  EXPECT_EQ(stg->spec->column, "status");
  EXPECT_EQ(stg->state, ConstraintResult::State::kPass);
  // A dataset-level assertion has no column.
  ASSERT_NE(Find(r, "ol:" + kOrders + "#fresh"), nullptr);
  EXPECT_EQ(Find(r, "ol:" + kOrders + "#fresh")->spec->column, "");
  // customers has no metrics: no data, nothing fails.
  EXPECT_EQ(Find(r, "dbt:" + kWh + ":postgres.public.customers#unique(customer_id)")->state,
            ConstraintResult::State::kNoData);
  EXPECT_EQ(Find(r, unique)->value, 0.0);
  EXPECT_EQ(r.open_error + r.open_warn, 0u);
  // The Constraint nodes: origin, what they came from, CONSTRAINS the dataset.
  EXPECT_EQ(Text("Constraint", unique, "origin"), "dbt");
  EXPECT_EQ(Text("Constraint", unique, "derived_from"), "unique(order_id)");
  EXPECT_EQ(Text("Constraint", unique, "column"), "order_id");
  EXPECT_EQ(Text("Constraint", ol_status, "origin"), "openlineage");
  EXPECT_EQ(Text("Constraint", ol_status, "derived_from"), "check.status.accepted_values");
  EXPECT_EQ(Text("Constraint", ol_status, "severity"), "error");
  {
    const Graph& g = store_->graph();
    auto c = g.FindNode("Constraint", unique);
    auto d = g.FindNode("Dataset", kOrders);
    ASSERT_TRUE(c && d);
    EXPECT_TRUE(g.FindEdge(*c, *g.edge_types().Find("CONSTRAINS"), *d).has_value());
  }

  r = Run("2026-03-03");
  EXPECT_EQ(Find(r, unique)->value, 2.0);
  EXPECT_EQ(Find(r, unique)->violation, unique + "@2026-03-03");
  EXPECT_EQ(Find(r, unique)->violation_action, "opened");
  EXPECT_EQ(Find(r, nn_amount)->value, 3.0);
  EXPECT_EQ(Find(r, nn_amount)->violation_action, "opened");
  EXPECT_EQ(Find(r, ol_status)->value, 0.0);
  EXPECT_EQ(Find(r, ol_status)->violation_action, "opened");
  EXPECT_EQ(Find(r, nn_id)->state, ConstraintResult::State::kPass);
  EXPECT_EQ(r.open_error, 2u);
  EXPECT_EQ(r.open_warn, 1u);

  r = Run("2026-03-04");
  EXPECT_EQ(Find(r, unique)->value, 0.0);
  EXPECT_EQ(Find(r, unique)->violation_action, "closed");
  EXPECT_EQ(Find(r, nn_amount)->violation_action, "closed");
  EXPECT_EQ(Find(r, nn_id)->violation_action, "opened");
  EXPECT_EQ(Find(r, ol_id)->violation_action, "opened");
  EXPECT_EQ(Find(r, ol_status)->violation_action, "extended");
  EXPECT_EQ(Find(r, ol_status)->first_failing_day, "2026-03-03");
  EXPECT_EQ(r.open_error, 2u);  // not_null(order_id), accepted_values
  EXPECT_EQ(r.open_warn, 1u);   // the order_id.not_null assertion

  r = Run("2026-03-05");
  EXPECT_EQ(Find(r, nn_id)->violation_action, "closed");
  EXPECT_EQ(Find(r, ol_id)->violation_action, "closed");
  EXPECT_EQ(Find(r, ol_status)->violation_action, "closed");
  EXPECT_EQ(Find(r, ol_status)->last_failing_day, "2026-03-04");
  EXPECT_EQ(r.open_error + r.open_warn, 0u);
  EXPECT_TRUE(r.retired.empty());
  // Idempotent: the same day again writes nothing.
  r = Run("2026-03-05");
  EXPECT_EQ(r.commit.counts.facts, 0u);
  EXPECT_EQ(r.commit.series.metric_points, 0u);
  EXPECT_EQ(r.results.size(), 19u);
}

// A test removed from a later manifest: its constraint is retired (node
// closed with its open violation) on the next run, and not checked again.
TEST_F(DerivedConstraintsTest, ConstraintOfARemovedTestIsRetired) {
  LoadManifest("2026-03-01");
  LoadEvents({OrdersEvent("2026-03-03", 100, 0, 98, 0, true, true)});
  const std::string unique = "dbt:" + kOrders + "#unique(order_id)";
  drift::DriftRunReport r = Run("2026-03-03");
  ASSERT_EQ(Find(r, unique)->violation_action, "opened");
  LoadManifest("2026-03-04", "test.jaffle_shop.unique_orders_order_id.fed79b3a6e");
  r = Run("2026-03-04");
  EXPECT_EQ(Find(r, unique), nullptr);
  ASSERT_EQ(r.retired, std::vector<std::string>{unique});
  EXPECT_NE(r.ToText().find("RETIRED " + unique + ": its dbt test or OpenLineage assertion is gone"),
            std::string::npos);
  const Graph& g = store_->graph();
  auto c = g.FindNode("Constraint", unique);
  auto v = g.FindNode("Violation", unique + "@2026-03-03");
  ASSERT_TRUE(c && v);
  EXPECT_TRUE(g.NodeValid(*c, T("2026-03-03T12:00:00Z")));
  EXPECT_FALSE(g.NodeValid(*c, T("2026-03-04")));
  EXPECT_FALSE(g.NodeValid(*v, T("2026-03-04")));
  r = Run("2026-03-04");
  EXPECT_TRUE(r.retired.empty());
  EXPECT_EQ(r.commit.counts.facts, 0u);
}

// Config constraints win on a name clash; `derive` turns each source off.
TEST_F(DerivedConstraintsTest, ConfigWinsAndDeriveSwitchesOff) {
  LoadManifest("2026-03-01");
  LoadEvents({OrdersEvent("2026-03-03", 100, 0, 98, 0, false, true)});
  const std::string unique = "dbt:" + kOrders + "#unique(order_id)";
  auto parsed = drift::ParseDriftConfig(R"({"constraints": [{"name": ")" + unique + R"(", "asset": "Dataset:)" +
                                            kOrders + R"(", "column": "order_id", "metric": "duplicate_count",
      "comparator": "<=", "threshold": 5, "severity": "warn"}], "derive": {"openlineage_assertions": false}})",
                                        "drift.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  drift::DriftRunReport r = Run("2026-03-03", *parsed, /*from_graph=*/false);
  // 15 dbt constraints, the config's one in place of the derived unique(order_id).
  ASSERT_EQ(r.results.size(), 15u);
  ASSERT_EQ(r.results[0].spec->name, unique);
  EXPECT_EQ(r.results[0].spec->origin, "");
  EXPECT_EQ(r.results[0].state, ConstraintResult::State::kPass);  // 2 duplicates <= 5
  EXPECT_EQ(r.ToJson()["constraints"][0]["origin"], "config");
  EXPECT_EQ(Text("Constraint", unique, "origin"), "<none>");
  for (const auto& c : r.results) EXPECT_NE(c.spec->origin, "openlineage") << c.spec->name;
  EXPECT_EQ(r.ToJson()["constraints"][1]["origin"], "dbt");
}

TEST(DeriveConfigTest, DeriveSwitchesParseWithExactErrors) {
  auto c = drift::ParseDriftConfig(R"({"constraints": [], "derive": {"dbt_tests": false}})", "d.json");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->derive_dbt_tests);
  EXPECT_TRUE(c->derive_openlineage_assertions);
  auto e = drift::ParseDriftConfig(R"({"constraints": [], "derive": {"dbt_tests": 1}})", "d.json");
  EXPECT_EQ(e.status().ToString(), "d.json:/derive/dbt_tests: must be true or false");
  e = drift::ParseDriftConfig(R"({"constraints": [], "derive": {"great_expectations": true}})", "d.json");
  EXPECT_EQ(e.status().ToString(), "d.json:/derive/great_expectations: unknown field");
  e = drift::ParseDriftConfig(R"({"constraints": [], "derive": true})", "d.json");
  EXPECT_EQ(e.status().ToString(), "d.json:/derive: must be an object");
}

// duplicate_count joins the day's points: row_count on the dataset,
// null_count (0 when absent) and distinct_count on the column; a day
// without row_count gives no point. check.<a> is 1/0 from the property.
TEST(ComputedSeriesTest, DuplicateCountAndAssertionResult) {
  testing::TempDir dir;
  auto store = testing::OpenOrDie(dir / "s.store");
  Batch b;
  const Timestamp t0 = T("2026-01-01");
  auto ds = b.UpsertNode({"Dataset"}, "d", t0);
  auto col = b.UpsertNode({"Column"}, "d#x", t0);
  b.AddMetricPoints(ds, "row_count", {{T("2026-01-02T05:00:00Z"), 50}, {T("2026-01-03T05:00:00Z"), 60}});
  b.AddMetricPoints(col, "distinct_count",
                    {{T("2026-01-02T05:00:00Z"), 45}, {T("2026-01-03T05:00:00Z"), 60}, {T("2026-01-04"), 1}});
  b.AddMetricPoints(col, "null_count", {{T("2026-01-02T05:00:00Z"), 2}});
  b.SetProperty(ds, "check.x.unique", false, T("2026-01-02"));
  b.SetProperty(ds, "check.x.unique", true, T("2026-01-03"));
  testing::CommitOrDie(*store, b);
  const Graph& g = store->graph();
  const NodeId d = *g.FindNode("Dataset", "d"), x = *g.FindNode("Column", "d#x");
  auto dup = drift::ComputedSeries(g, store->series(), "duplicate_count", d, "x", x, kLatest);
  // 01-02: 50 - 2 - 45 = 3; 01-03: 60 - 0 - 60 = 0; 01-04: no row_count.
  ASSERT_EQ(dup.size(), 2u);
  EXPECT_EQ(dup[0], (MetricPoint{T("2026-01-02"), 3}));
  EXPECT_EQ(dup[1], (MetricPoint{T("2026-01-03"), 0}));
  auto check = drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-02T23:00:00Z"));
  EXPECT_EQ(check, (std::vector<MetricPoint>{{T("2026-01-02"), 0}}));
  check = drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-05T23:00:00Z"));
  EXPECT_EQ(check, (std::vector<MetricPoint>{{T("2026-01-05"), 1}}));
  EXPECT_TRUE(drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-01T12:00:00Z")).empty());
  EXPECT_TRUE(drift::IsComputedMetric("check.unique"));
  EXPECT_FALSE(drift::IsComputedMetric("check."));
  EXPECT_FALSE(drift::IsComputedMetric("null_count"));
}

}  // namespace
}  // namespace provgraph
