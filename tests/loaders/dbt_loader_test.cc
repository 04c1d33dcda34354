// dbt manifest loader: jaffle_shop (v12) nodes and naming, and OpenLineage
// events in the dbt integration's shape meeting the same Dataset and Job
// nodes.
#include "loaders/dbt/dbt_loader.h"

#include <nlohmann/json.hpp>

#include "loaders/openlineage/openlineage_loader.h"
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
