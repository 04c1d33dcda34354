// dbt manifest loader: jaffle_shop (v12) nodes and naming, and OpenLineage
// events in the dbt integration's shape meeting the same Dataset and Job
// nodes.
#include "loaders/dbt/dbt_loader.h"

#include <nlohmann/json.hpp>

#include "loaders/openlineage/openlineage_loader.h"
#include "tests/cli_run.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph::loaders {
namespace {

using provgraph::testing::OpenOrDie;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

const std::string kManifest = std::string(PROVGRAPH_TEST_DATA_DIR) + "/dbt/jaffle_shop_dbt1.8.2_manifest_v12.json";
const std::string kWarehouse = "postgres://postgres:5432";

class DbtTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_ / "store"); }
  std::string LoadDbtManifest(bool structured = false, const std::string& manifest = kManifest) {
    DbtLoadOptions o;
    o.manifest = manifest;
    o.dataset_namespace = kWarehouse;
    o.job_namespace = "dbt";
    o.structured_job_names = structured;
    CommitInfo info;
    auto r = LoadDbt(*store_, o, info);
    if (!r.ok()) return r.status().ToString();
    last_ = r->commit.counts;
    return "";
  }
  const Graph& g() { return store_->graph(); }
  size_t Count(const char* label) {
    auto l = g().labels().Find(label);
    size_t n = 0;
    for (NodeId i = 0; l && i < g().node_count(); ++i) n += g().HasLabel(i, *l, kLatest) && g().NodeValid(i, kLatest);
    return n;
  }
  bool HasEdge(const char* sl, const std::string& s, const char* type, const char* dl, const std::string& d) {
    auto a = g().FindNode(sl, s);
    auto b = g().FindNode(dl, d);
    auto t = g().edge_types().Find(type);
    if (!a || !b || !t) return false;
    auto e = g().FindEdge(*a, *t, *b);
    return e && g().EdgeValid(*e, kLatest);
  }
  const Value* Prop(const char* label, const std::string& key, const char* prop) {
    auto id = g().FindNode(label, key);
    auto p = g().property_keys().Find(prop);
    return id && p ? g().Property(EntityKind::kNode, *id, *p, kLatest) : nullptr;
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  BatchCounts last_;
};

TEST_F(DbtTest, JaffleShopLoadsWithIntegrationNames) {
  ASSERT_EQ(LoadDbtManifest(), "");
  // 5 models + 3 seeds; 5 model jobs; 7+9+1+2+2 documented columns.
  EXPECT_EQ(Count("Dataset"), 8u);
  EXPECT_EQ(Count("Job"), 5u);
  EXPECT_EQ(Count("Column"), 21u);
  EXPECT_EQ(g().node_count(), 34u);
  // HAS_COLUMN 21; FEEDS: customers 3 in + 1 out, orders 2+1, stg_* 1+1 each = 13.
  EXPECT_EQ(g().edge_count(), 34u);
  const std::string orders = kWarehouse + ":postgres.public.orders";
  EXPECT_TRUE(HasEdge("Job", "dbt:postgres.public.jaffle_shop.orders", "FEEDS", "Dataset", orders));
  EXPECT_TRUE(HasEdge("Dataset", kWarehouse + ":postgres.public.stg_payments", "FEEDS", "Job",
                      "dbt:postgres.public.jaffle_shop.orders"));
  EXPECT_TRUE(HasEdge("Dataset", kWarehouse + ":postgres.public.raw_orders", "FEEDS", "Job",
                      "dbt:postgres.public.jaffle_shop.stg_orders"));
  EXPECT_EQ(Prop("Column", orders + "#amount", "description")->as_string(), "Total amount (AUD) of the order");
  // Tests as properties: on the dataset with their column, on the column by name.
  const Value* tests = Prop("Column", orders + "#order_id", "dbt_tests");
  ASSERT_NE(tests, nullptr);
  ASSERT_EQ(tests->as_list().size(), 2u);
  EXPECT_EQ(tests->as_list()[0].as_string(), "not_null");
  EXPECT_EQ(tests->as_list()[1].as_string(), "unique");
  EXPECT_EQ(Prop("Dataset", orders, "dbt_tests")->as_list().size(), 10u);
  // Each test's severity (the manifest's config.severity: all ERROR here),
  // for the drift job's derived constraints.
  const Value* configs = Prop("Dataset", orders, "dbt_test_config");
  ASSERT_NE(configs, nullptr);
  const auto j = nlohmann::json::parse(configs->as_string());
  EXPECT_EQ(j.size(), 10u);
  EXPECT_EQ(j["not_null(order_id)"], (nlohmann::json{{"severity", "error"}}));
  ASSERT_EQ(LoadDbtManifest(), "");
  EXPECT_EQ(last_.facts, 0u);
}

TEST_F(DbtTest, StructuredJobNamesAreUniqueIds) {
  ASSERT_EQ(LoadDbtManifest(true), "");
  EXPECT_TRUE(g().FindNode("Job", "dbt:model.jaffle_shop.customers"));
}

TEST_F(DbtTest, UnsupportedManifestVersionIsAnError) {
  WriteFile(dir_ / "m.json",
            R"({"metadata":{"dbt_schema_version":"https://schemas.getdbt.com/dbt/manifest/v4.json"}})");
  EXPECT_EQ(LoadDbtManifest(false, dir_ / "m.json"),
            (dir_ / "m.json") +
                ":/metadata/dbt_schema_version: \"https://schemas.getdbt.com/dbt/manifest/v4.json\" is not a "
                "supported manifest version (v7 to v12)");
}

// A dbt 1.3 project (schema v7, written by hand in that version's shape:
// `raw_code`/`compiled_code`, tests without `attached_node`, attached through
// `file_key_name` and their `model` argument) with what jaffle_shop lacks:
// sources, a snapshot, an aliased model, a model only parsed (no compiled
// code), a singular test, a relationships test between two tables of one
// source, and exposures of type ml and dashboard with owners. Expected values
// are read off the manifest by hand (comments).
const std::string kShopV7 = std::string(PROVGRAPH_TEST_DATA_DIR) + "/dbt/shop_dbt1.3_manifest_v7.json";

TEST_F(DbtTest, V7ManifestWithSourcesSnapshotsAndExposures) {
  ASSERT_EQ(LoadDbtManifest(false, kShopV7), "");
  // Datasets: seed country_codes, stg_orders, dim_customers (the alias),
  // the snapshot, and the two sources (also labelled Source).
  EXPECT_EQ(Count("Dataset"), 6u);
  EXPECT_EQ(Count("Source"), 2u);
  EXPECT_EQ(Count("Job"), 3u);     // two models and the snapshot; the seed has none
  EXPECT_EQ(Count("Column"), 4u);  // raw.orders 2, raw.customers 1, dim_customers 1
  EXPECT_EQ(Count("Model"), 1u);   // exposure type ml
  EXPECT_EQ(Count("KPI"), 1u);     // exposure type dashboard
  EXPECT_EQ(Count("Owner"), 2u);
  EXPECT_EQ(g().node_count(), 17u);
  // HAS_COLUMN 4; FEEDS job->own dataset 3, into jobs 1 + 3 + 1, into
  // exposures 1 + 2; OWNS 2.
  EXPECT_EQ(g().edge_count(), 17u);

  const std::string ns = kWarehouse + ":analytics.";
  const std::string raw_orders = ns + "raw_data.orders", raw_customers = ns + "raw_data.customers";
  const std::string dim = ns + "public.dim_customers", stg = ns + "public.stg_orders";
  const std::string job_customers = "dbt:analytics.public.shop.customers";
  auto raw_orders_id = g().FindNode("Dataset", raw_orders);
  ASSERT_TRUE(raw_orders_id);
  EXPECT_TRUE(g().HasLabel(*raw_orders_id, *g().labels().Find("Source"), kLatest));
  EXPECT_EQ(Prop("Dataset", raw_orders, "dbt_resource_type")->as_string(), "source");
  EXPECT_EQ(Prop("Dataset", raw_orders, "description")->as_string(), "Orders placed in the app");
  ASSERT_NE(Prop("Dataset", raw_customers, "tags"), nullptr);
  EXPECT_EQ(Prop("Dataset", raw_customers, "tags")->as_list().size(), 2u);
  EXPECT_EQ(Prop("Column", raw_orders + "#order_id", "type")->as_string(), "integer");
  EXPECT_EQ(Prop("Dataset", dim, "materialized")->as_string(), "table");
  EXPECT_EQ(Prop("Job", "dbt:analytics.snapshots.shop.customers_snapshot", "job_type")->as_string(), "SNAPSHOT");
  EXPECT_TRUE(HasEdge("Job", "dbt:analytics.snapshots.shop.customers_snapshot", "FEEDS", "Dataset",
                      ns + "snapshots.customers_snapshot"));
  EXPECT_TRUE(HasEdge("Dataset", raw_customers, "FEEDS", "Job", "dbt:analytics.snapshots.shop.customers_snapshot"));
  EXPECT_TRUE(HasEdge("Dataset", ns + "public.country_codes", "FEEDS", "Job", job_customers));
  EXPECT_TRUE(HasEdge("Dataset", stg, "FEEDS", "Job", job_customers));
  EXPECT_TRUE(HasEdge("Job", job_customers, "FEEDS", "Dataset", dim));
  // SQL: the compiled code when there is some, else the raw code.
  EXPECT_EQ(Prop("Job", job_customers, "sql")->as_string().rfind("select c.customer_id", 0), 0u);
  EXPECT_EQ(Prop("Job", "dbt:analytics.public.shop.stg_orders", "sql")->as_string().rfind("select id as order_id", 0),
            0u);

  // Tests. not_null on raw.orders (one dependency); relationships from
  // raw.orders to raw.customers: two dependencies of source "raw", so
  // file_key_name "sources.raw" cannot tell, its model argument
  // source('raw', 'orders') does; unique on the aliased model (its where);
  // the singular test on its only dependency.
  const Value* orders_tests = Prop("Dataset", raw_orders, "dbt_tests");
  ASSERT_NE(orders_tests, nullptr);
  ASSERT_EQ(orders_tests->as_list().size(), 2u);
  EXPECT_EQ(orders_tests->as_list()[0].as_string(), "not_null(order_id)");
  EXPECT_EQ(orders_tests->as_list()[1].as_string(), "relationships(customer_id)");
  EXPECT_EQ(Prop("Dataset", raw_customers, "dbt_tests"), nullptr);
  EXPECT_EQ(Prop("Column", raw_orders + "#customer_id", "dbt_tests")->as_list()[0].as_string(), "relationships");
  const auto orders_config = nlohmann::json::parse(Prop("Dataset", raw_orders, "dbt_test_config")->as_string());
  EXPECT_EQ(orders_config["not_null(order_id)"], (nlohmann::json{{"severity", "warn"}}));
  EXPECT_EQ(orders_config["relationships(customer_id)"], (nlohmann::json{{"severity", "error"}}));
  const auto dim_config = nlohmann::json::parse(Prop("Dataset", dim, "dbt_test_config")->as_string());
  EXPECT_EQ(
      dim_config,
      (nlohmann::json{{"unique(customer_id)", {{"severity", "error"}, {"where", "signup_date > '2020-01-01'"}}}}));
  EXPECT_EQ(Prop("Dataset", stg, "dbt_tests")->as_list()[0].as_string(), "assert_stg_orders_amount_positive");

  // Exposures: ml -> Model, dashboard -> KPI, keyed by unique_id, fed by
  // their dependencies, owned by the owner's name (else email).
  EXPECT_TRUE(HasEdge("Dataset", dim, "FEEDS", "Model", "exposure.shop.churn_model"));
  EXPECT_TRUE(HasEdge("Dataset", stg, "FEEDS", "KPI", "exposure.shop.revenue_dashboard"));
  EXPECT_TRUE(HasEdge("Owner", "ML team", "OWNS", "Model", "exposure.shop.churn_model"));
  EXPECT_EQ(Prop("Owner", "ML team", "email")->as_string(), "ml@shop.example");
  EXPECT_TRUE(HasEdge("Owner", "bi@shop.example", "OWNS", "KPI", "exposure.shop.revenue_dashboard"));
  EXPECT_EQ(Prop("Model", "exposure.shop.churn_model", "maturity")->as_string(), "high");
  EXPECT_EQ(Prop("KPI", "exposure.shop.revenue_dashboard", "exposure_type")->as_string(), "dashboard");
}

// Every schema version from v7 to v12 is read (the same content under each
// version's URL gives the same graph); v6 is refused.
TEST_F(DbtTest, SchemaVersionsSevenToTwelveLoad) {
  nlohmann::json m = nlohmann::json::parse(testing::Slurp(kShopV7));
  std::string first;
  for (int v = 7; v <= 12; ++v) {
    TempDir d;
    auto store = OpenOrDie(d / "store");
    m["metadata"]["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/manifest/v" + std::to_string(v) + ".json";
    WriteFile(d / "m.json", m.dump());
    DbtLoadOptions o;
    o.manifest = d / "m.json";
    o.dataset_namespace = kWarehouse;
    o.job_namespace = "dbt";
    auto r = LoadDbt(*store, o, CommitInfo{});
    ASSERT_TRUE(r.ok()) << "v" << v << ": " << r.status().ToString();
    const std::string dump = provgraph::testing::DumpGraph(store->graph());
    if (v == 7) first = dump;
    EXPECT_EQ(dump, first) << "v" << v;
  }
  m["metadata"]["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/manifest/v6.json";
  WriteFile(dir_ / "v6.json", m.dump());
  EXPECT_NE(LoadDbtManifest(false, dir_ / "v6.json").find("is not a supported manifest version (v7 to v12)"),
            std::string::npos);
}

// Events as `dbt-ol run` emits them for stg_orders and orders: job namespace
// from OPENLINEAGE_NAMESPACE, job name database.schema.<unique_id without
// "model.">, datasets in the warehouse namespace named database.schema.alias.
TEST_F(DbtTest, OpenLineageEventsOfTheProjectMeetTheManifestNodes) {
  ASSERT_EQ(LoadDbtManifest(), "");
  size_t datasets = Count("Dataset"), jobs = Count("Job"), nodes = g().node_count();
  auto event = [](const std::string& type, const std::string& time, const std::string& run, const std::string& model,
                  const std::vector<std::string>& inputs) {
    std::string ins;
    for (const std::string& i : inputs) {
      ins += std::string(ins.empty() ? "" : ",") +
             R"({"namespace":"postgres://postgres:5432","name":"postgres.public.)" + i + R"("})";
    }
    return R"({"eventType":")" + type + R"(","eventTime":")" + time +
           R"(","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt",)"
           R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)"
           R"("run":{"runId":")" +
           run + R"(","facets":{}},"job":{"namespace":"dbt","name":"postgres.public.jaffle_shop.)" + model +
           R"(","facets":{"jobType":{"_producer":"p","_schemaURL":"s","processingType":"BATCH","integration":"DBT","jobType":"MODEL"}}},)"
           R"("inputs":[)" +
           ins + R"(],"outputs":[{"namespace":"postgres://postgres:5432","name":"postgres.public.)" + model + R"("}]})";
  };
  const char r1[] = "0193a4a0-0000-7000-8000-000000000001";
  const char r2[] = "0193a4a0-0000-7000-8000-000000000002";
  std::string text = event("START", "2024-11-20T19:46:00Z", r1, "stg_orders", {"raw_orders"}) + "\n" +
                     event("COMPLETE", "2024-11-20T19:46:01Z", r1, "stg_orders", {"raw_orders"}) + "\n" +
                     event("START", "2024-11-20T19:46:02Z", r2, "orders", {"stg_orders", "stg_payments"}) + "\n" +
                     event("COMPLETE", "2024-11-20T19:46:03Z", r2, "orders", {"stg_orders", "stg_payments"}) + "\n";
  WriteFile(dir_ / "dbt.ndjson", text);
  OpenLineageLoadOptions o;
  o.inputs = {dir_ / "dbt.ndjson"};
  auto r = LoadOpenLineage(*store_, o, CommitInfo{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Count("Dataset"), datasets);
  EXPECT_EQ(Count("Job"), jobs);
  EXPECT_EQ(Count("Run"), 2u);
  EXPECT_EQ(Count("DatasetVersion"), 2u);
  EXPECT_EQ(g().node_count(), nodes + 4);
  EXPECT_TRUE(HasEdge("Job", "dbt:postgres.public.jaffle_shop.orders", "HAS_RUN", "Run", r2));
  // The manifest's FEEDS are confirmed, not duplicated.
  EXPECT_TRUE(HasEdge("Dataset", kWarehouse + ":postgres.public.stg_orders", "FEEDS", "Job",
                      "dbt:postgres.public.jaffle_shop.orders"));
  EXPECT_EQ(Prop("Job", "dbt:postgres.public.jaffle_shop.orders", "dbt_unique_id")->as_string(),
            "model.jaffle_shop.orders");
}

}  // namespace
}  // namespace provgraph::loaders
