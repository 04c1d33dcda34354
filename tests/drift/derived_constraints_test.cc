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
//          not_null(order_id): 1 > 0, and its test result (the assertion
//          order_id.not_null, mapped onto it) fails too -> ONE violation
//          opens (error)
//          ol accepted_values -> extended
//   03-05: 120, 0/120, 0; all pass -> the two open ones close.
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
  // orders' 3 assertions and stg_orders' 1, but orders' order_id.not_null
  // is the result of the dbt test not_null(order_id): mapped onto it, so 3.
  ASSERT_EQ(r.results.size(), 18u);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#accepted_values(status)"), nullptr);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#relationships(customer_id)"), nullptr);
  EXPECT_EQ(Find(r, "dbt:" + kOrders + "#not_null(coupon_amount)"), nullptr);
  ASSERT_NE(Find(r, unique), nullptr);
  EXPECT_EQ(Find(r, unique)->spec->metric, "duplicate_count");
  EXPECT_TRUE(Find(r, unique)->spec->error);      // dbt's default
  EXPECT_FALSE(Find(r, nn_amount)->spec->error);  // config.severity: warn
  EXPECT_TRUE(Find(r, ol_status)->spec->error);   // "severity": "error" in the facet
  EXPECT_EQ(Find(r, ol_id), nullptr);  // one check, one constraint
  EXPECT_EQ(Find(r, nn_id)->spec->assertion, "check.order_id.not_null");
  EXPECT_EQ(Find(r, nn_id)->spec->metric, "null_count");
  ASSERT_TRUE(Find(r, nn_id)->assertion.has_value());
  EXPECT_EQ(Find(r, nn_id)->assertion->latest_day, "2026-03-02");
  EXPECT_EQ(Find(r, nn_id)->assertion->success, true);
  EXPECT_EQ(Find(r, unique)->spec->assertion, "");  // no unique assertion reported
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
  EXPECT_EQ(Find(r, nn_id)->value, 1.0);
  EXPECT_EQ(Find(r, nn_id)->assertion->success, false);
  EXPECT_EQ(Find(r, ol_status)->violation_action, "extended");
  EXPECT_EQ(Find(r, ol_status)->first_failing_day, "2026-03-03");
  EXPECT_EQ(r.open_error, 2u);  // not_null(order_id) (metric and test result), accepted_values
  EXPECT_EQ(r.open_warn, 0u);   // no second violation from the order_id.not_null assertion

  r = Run("2026-03-05");
  EXPECT_EQ(Find(r, nn_id)->violation_action, "closed");
  EXPECT_EQ(Find(r, ol_status)->violation_action, "closed");
  EXPECT_EQ(Find(r, ol_status)->last_failing_day, "2026-03-04");
  EXPECT_EQ(r.open_error + r.open_warn, 0u);
  EXPECT_TRUE(r.retired.empty());
  // Idempotent: the same day again writes nothing.
  r = Run("2026-03-05");
  EXPECT_EQ(r.commit.counts.facts, 0u);
  EXPECT_EQ(r.commit.series.metric_points, 0u);
  EXPECT_EQ(r.results.size(), 18u);
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

// One COMPLETE event on `day` at `time` whose output `dataset` carries the
// assertions given (and the metrics, when not null).
json AssertionEvent(const std::string& day, const std::string& dataset, const json& assertions,
                    const json& metrics = nullptr, const std::string& time = "06:00:00Z") {
  json facets = {{"dataQualityAssertions", {{"assertions", assertions}}}};
  if (!metrics.is_null()) facets["dataQualityMetrics"] = metrics;
  return {{"eventType", "COMPLETE"},
          {"eventTime", day + "T" + time},
          {"producer", "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt"},
          {"schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"},
          {"run", {{"runId", "0193a4a0-0000-7000-8000-0000000" + day.substr(5, 2) + day.substr(8, 2) + time.substr(1, 1)}}},
          {"job", {{"namespace", "dbt"}, {"name", "postgres.public.jaffle_shop.orders.test"}}},
          {"inputs", json::array()},
          {"outputs", {{{"namespace", kWh}, {"name", dataset}, {"facets", facets}}}}};
}

// dbt's OpenLineage integration reports the result of not_null(order_id) as
// the assertion {assertion: not_null, column: order_id}. Hand-derived days:
//   03-02: 0 nulls, test passes                   -> pass
//   03-03: 0 nulls in the metrics, test FAILS     -> fail: one error violation
//          (the test's verdict counts; value 0 is the metric's)
//   03-04: 2 nulls, no test result that day; the 03-03 failure is in the
//          7-day window                           -> fail, extended, value 2
//   03-05: no metrics, test passes                -> pass (the test alone), closes
//   03-06: no metrics, test fails                 -> opens without a value
// With dbt derivation off the assertion keeps its own `ol:` constraint.
TEST_F(DerivedConstraintsTest, DbtTestAndItsAssertionAreOneConstraint) {
  LoadManifest("2026-03-01");
  auto metrics = [](int nulls) {
    return json{{"rowCount", 100}, {"columnMetrics", {{"order_id", {{"nullCount", nulls}, {"distinctCount", 100 - nulls}}}}}};
  };
  auto not_null = [](bool ok) {
    return json::array({{{"assertion", "not_null"}, {"column", "order_id"}, {"success", ok}, {"name", "not_null_orders_order_id"}}});
  };
  LoadEvents({AssertionEvent("2026-03-02", "postgres.public.orders", not_null(true), metrics(0)),
              AssertionEvent("2026-03-03", "postgres.public.orders", not_null(false), metrics(0)),
              AssertionEvent("2026-03-04", "postgres.public.orders", json::array(), metrics(2)),
              AssertionEvent("2026-03-05", "postgres.public.orders", not_null(true)),
              AssertionEvent("2026-03-06", "postgres.public.orders", not_null(false))});
  const std::string nn_id = "dbt:" + kOrders + "#not_null(order_id)";
  const std::string ol_id = "ol:" + kOrders + "#order_id.not_null";
  drift::DriftRunReport r = Run("2026-03-02");
  ASSERT_NE(Find(r, nn_id), nullptr);
  EXPECT_EQ(Find(r, ol_id), nullptr);
  EXPECT_EQ(Find(r, nn_id)->state, ConstraintResult::State::kPass);
  EXPECT_EQ(Text("Constraint", nn_id, "assertion"), "check.order_id.not_null");

  r = Run("2026-03-03");
  EXPECT_EQ(Find(r, nn_id)->state, ConstraintResult::State::kFail);
  EXPECT_EQ(Find(r, nn_id)->value, 0.0);
  EXPECT_EQ(Find(r, nn_id)->violation_action, "opened");
  EXPECT_EQ(r.open_error, 1u);
  EXPECT_EQ(r.open_warn, 0u);
  EXPECT_NE(r.ToText().find("  test result check.order_id.not_null: fail of 2026-03-03\n"), std::string::npos)
      << r.ToText();
  const json j = r.ToJson();
  for (const auto& c : j["constraints"]) {
    if (c["constraint"] != nn_id) continue;
    EXPECT_EQ(c["assertion"], json::parse(R"({"property": "check.order_id.not_null", "latest_day": "2026-03-03",
                                             "success": false, "counted": true})"));
  }

  r = Run("2026-03-04");
  EXPECT_EQ(Find(r, nn_id)->value, 2.0);
  EXPECT_EQ(Find(r, nn_id)->violation_action, "extended");
  EXPECT_EQ(Find(r, nn_id)->assertion->latest_day, "2026-03-03");

  r = Run("2026-03-05");
  EXPECT_EQ(Find(r, nn_id)->state, ConstraintResult::State::kPass);
  EXPECT_FALSE(Find(r, nn_id)->value.has_value());
  EXPECT_EQ(Find(r, nn_id)->reason, "decided by the test result check.order_id.not_null of 2026-03-05");
  EXPECT_EQ(Find(r, nn_id)->violation_action, "closed");

  r = Run("2026-03-06");
  EXPECT_EQ(Find(r, nn_id)->state, ConstraintResult::State::kFail);
  EXPECT_EQ(Find(r, nn_id)->violation, nn_id + "@2026-03-06");
  EXPECT_EQ(Find(r, nn_id)->violation_action, "opened");
  EXPECT_EQ(Text("Violation", nn_id + "@2026-03-06", "severity"), "error");
  {
    const Graph& g = store_->graph();
    auto v = g.FindNode("Violation", nn_id + "@2026-03-06");
    ASSERT_TRUE(v);
    EXPECT_EQ(g.Property(EntityKind::kNode, *v, "value", kLatest), nullptr);  // failed by the test alone
  }
  r = Run("2026-03-06");  // idempotent
  EXPECT_EQ(r.commit.counts.facts, 0u);

  // dbt derivation off: the assertion is its own constraint again.
  auto parsed = drift::ParseDriftConfig(R"({"constraints": [], "derive": {"dbt_tests": false}})", "d.json");
  ASSERT_TRUE(parsed.ok());
  const drift::DriftConfig only_ol = drift::NightlyConstraints(store_->graph(), T("2026-03-06T06:00:00Z"), *parsed);
  bool found = false;
  for (const drift::ConstraintSpec& c : only_ol.constraints) {
    EXPECT_EQ(c.origin, "openlineage") << c.name;
    if (c.name == ol_id) found = true;
  }
  EXPECT_TRUE(found);
}

// A test result stands over the days without one, within the window (the
// as-of day and the 7 before it), then goes stale: the open violation
// expires. Hand-derived: accepted_values(status) on orders fails on 03-02,
// nothing arrives until a pass on 03-12.
//   03-02: fail -> opened              03-09: 03-02 is 7 days back -> extended
//   03-05: still 03-02's fail -> extended, reason names it
//   03-10: window 03-03..03-10 empty -> no data, violation EXPIRES (closed
//          with its AT_RISK edges); a rerun writes nothing
//   03-11: no data, nothing open       03-12: pass
// The loader writes one point per result (two events on 03-02: one day).
TEST_F(DerivedConstraintsTest, StaleAssertionResultExpiresItsViolation) {
  auto status = [](bool ok) {
    return json::array({{{"assertion", "accepted_values"}, {"column", "status"}, {"success", ok}, {"severity", "warn"}}});
  };
  LoadEvents({AssertionEvent("2026-03-02", "postgres.public.orders", status(true), nullptr, "01:00:00Z"),
              AssertionEvent("2026-03-02", "postgres.public.orders", status(false)),
              AssertionEvent("2026-03-12", "postgres.public.orders", status(true))});
  const std::string name = "ol:" + kOrders + "#status.accepted_values";
  {
    const Graph& g = store_->graph();
    auto d = g.FindNode("Dataset", kOrders);
    ASSERT_TRUE(d);
    EXPECT_EQ(store_->series().MetricSeries(*d, "check.status.accepted_values", kLatest),
              (std::vector<MetricPoint>({{T("2026-03-02T01:00:00Z"), 1}, {T("2026-03-02T06:00:00Z"), 0},
                                         {T("2026-03-12T06:00:00Z"), 1}})));
  }
  drift::DriftRunReport r = Run("2026-03-02");
  ASSERT_NE(Find(r, name), nullptr);
  EXPECT_EQ(Find(r, name)->value, 0.0);  // the day's last result
  EXPECT_EQ(Find(r, name)->violation_action, "opened");
  EXPECT_EQ(Find(r, name)->forecast_note, "a test result (pass or fail) is not forecast");

  r = Run("2026-03-05");
  EXPECT_EQ(Find(r, name)->state, ConstraintResult::State::kFail);
  EXPECT_EQ(Find(r, name)->violation_action, "extended");
  EXPECT_EQ(Find(r, name)->reason, "the latest result is of 2026-03-02");

  r = Run("2026-03-09");
  EXPECT_EQ(Find(r, name)->violation_action, "extended");
  EXPECT_EQ(Find(r, name)->last_failing_day, "2026-03-09");

  r = Run("2026-03-10");
  EXPECT_EQ(Find(r, name)->state, ConstraintResult::State::kNoData);
  EXPECT_EQ(Find(r, name)->reason,
            "no result of check.status.accepted_values on 2026-03-03 .. 2026-03-10 (the latest is of 2026-03-02)");
  EXPECT_EQ(Find(r, name)->violation_action, "expired");
  EXPECT_FALSE(Find(r, name)->violation_open);
  EXPECT_EQ(r.open_warn, 0u);
  EXPECT_NE(r.ToText().find("violation " + name + "@2026-03-02 expired (failing 2026-03-02 .. 2026-03-09)"),
            std::string::npos)
      << r.ToText();
  {
    const Graph& g = store_->graph();
    auto v = g.FindNode("Violation", name + "@2026-03-02");
    ASSERT_TRUE(v);
    EXPECT_TRUE(g.NodeValid(*v, T("2026-03-09T12:00:00Z")));
    EXPECT_FALSE(g.NodeValid(*v, T("2026-03-10")));
  }
  r = Run("2026-03-10");
  EXPECT_EQ(r.commit.counts.facts, 0u);

  r = Run("2026-03-11");
  EXPECT_EQ(Find(r, name)->state, ConstraintResult::State::kNoData);
  EXPECT_EQ(Find(r, name)->violation, "");
  r = Run("2026-03-12");
  EXPECT_EQ(Find(r, name)->state, ConstraintResult::State::kPass);
  EXPECT_EQ(Find(r, name)->violation, "");
}

// A config constraint on a check sets its own window: previous_days 1 is
// the as-of day and the day before.
TEST_F(DerivedConstraintsTest, ConfigCheckConstraintWindow) {
  LoadEvents({AssertionEvent("2026-03-02", "postgres.public.orders",
                             json::array({{{"assertion", "fresh"}, {"success", false}}}))});
  auto parsed = drift::ParseDriftConfig(R"({"constraints": [{"name": "fresh", "asset": "Dataset:)" + kOrders +
                                            R"(", "metric": "check.fresh", "comparator": ">=", "threshold": 1,
      "reference": {"previous_days": 1}, "severity": "error"}], "derive": {"openlineage_assertions": false}})",
                                        "drift.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  drift::DriftRunReport r = Run("2026-03-02", *parsed, /*from_graph=*/false);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].violation_action, "opened");
  r = Run("2026-03-03", *parsed, /*from_graph=*/false);
  EXPECT_EQ(r.results[0].violation_action, "extended");
  r = Run("2026-03-04", *parsed, /*from_graph=*/false);
  EXPECT_EQ(r.results[0].reason, "no result of check.fresh on 2026-03-03 .. 2026-03-04 (the latest is of 2026-03-02)");
  EXPECT_EQ(r.results[0].violation_action, "expired");
  EXPECT_EQ(r.open_error, 0u);
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
  // Without a check.x.unique series (a store loaded before the loader wrote
  // one), the days the property changed.
  auto check = drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-02T23:00:00Z"));
  EXPECT_EQ(check, (std::vector<MetricPoint>{{T("2026-01-02"), 0}}));
  check = drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-05T23:00:00Z"));
  EXPECT_EQ(check, (std::vector<MetricPoint>({{T("2026-01-02"), 0}, {T("2026-01-03"), 1}})));
  EXPECT_TRUE(drift::ComputedSeries(g, store->series(), "check.unique", d, "x", x, T("2026-01-01T12:00:00Z")).empty());
  EXPECT_TRUE(drift::IsComputedMetric("check.unique"));
  EXPECT_FALSE(drift::IsComputedMetric("check."));
  EXPECT_FALSE(drift::IsComputedMetric("null_count"));
}

}  // namespace
}  // namespace provgraph
