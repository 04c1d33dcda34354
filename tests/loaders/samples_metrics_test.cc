// `load samples` and `load metrics`: the version a sample attaches to,
// column types (as `drift compare` decides them), every loader error
// message, a failing file writes nothing, idempotent reloads, and the
// OpenLineage dataQualityMetrics that also become metric points.
#include <nlohmann/json.hpp>

#include "engine/store.h"
#include "loaders/metrics_loader.h"
#include "loaders/openlineage/openlineage_loader.h"
#include "loaders/samples_loader.h"
#include "tests/test_util.h"

namespace provgraph::loaders {
namespace {

using provgraph::testing::CommitOrDie;
using provgraph::testing::OpenOrDie;
using provgraph::testing::T;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

const std::string kData = std::string(PROVGRAPH_TEST_DATA_DIR) + "/openlineage/";

std::vector<MetricPoint> Points(std::initializer_list<std::pair<const char*, double>> pts) {
  std::vector<MetricPoint> out;
  for (const auto& [t, v] : pts) out.push_back({T(t), v});
  return out;
}

class SeriesLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_ / "store"); }
  CommitInfo Info() {
    CommitInfo info;
    info.actor = "tester";
    info.command = "load";
    return info;
  }
  // Writes `text` to `name` and loads it as metrics: "" or the error.
  std::string Metrics(const std::string& name, const std::string& text) {
    WriteFile(dir_ / name, text);
    auto r = LoadMetrics(*store_, dir_ / name, Info());
    if (!r.ok()) return r.status().ToString();
    last_metrics_ = *r;
    return "";
  }
  std::string Samples(const std::string& name, const std::string& text, const std::string& dataset, const char* at) {
    WriteFile(dir_ / name, text);
    SamplesLoadOptions options;
    options.file = dir_ / name;
    options.dataset = dataset;
    options.at = T(at);
    auto r = LoadSamples(*store_, options, Info());
    if (!r.ok()) return r.status().ToString();
    last_samples_ = *r;
    return "";
  }
  NodeId Node(const char* label, const std::string& key) {
    auto id = store_->graph().FindNode(label, key);
    EXPECT_TRUE(id.has_value()) << label << ":" << key;
    return id.value_or(0);
  }
  // A dataset db:t written by two runs with declared versions v1
  // (2024-01-01) and v2 (2024-02-01).
  void TwoVersions() {
    auto event = [](const char* time, const char* run, const char* version) {
      std::string ds = R"({"namespace":"db","name":"t","facets":{"version":{"_producer":"p","_schemaURL":"s",)"
                       R"("datasetVersion":")" +
                       std::string(version) + R"("}}})";
      return R"({"eventType":"COMPLETE","eventTime":")" + std::string(time) +
             R"(","producer":"https://example.com/test",)"
             R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)"
             R"("run":{"runId":")" +
             run + R"("},"job":{"namespace":"ns","name":"w"},"inputs":[],"outputs":[)" + ds + "]}";
    };
    WriteFile(dir_ / "v.ndjson", event("2024-01-01T00:00:00Z", "11111111-1111-4111-8111-111111111111", "v1") + "\n" +
                                     event("2024-02-01T00:00:00Z", "22222222-2222-4222-8222-222222222222", "v2") +
                                     "\n");
    OpenLineageLoadOptions options;
    options.inputs = {dir_ / "v.ndjson"};
    auto r = LoadOpenLineage(*store_, options, Info());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  MetricsLoadResult last_metrics_;
  SamplesLoadResult last_samples_;
};

// --- metrics ---------------------------------------------------------------

TEST_F(SeriesLoaderTest, MetricsLoadIntoSeriesAndCreateMissingNodes) {
  Batch b;
  b.UpsertNode({"KPI"}, "acc", T("2024-01-01"));
  CommitOrDie(*store_, b);
  // Columns in another order; Model:m is new: created valid from its
  // earliest point (2024-01-05), whatever the row order.
  ASSERT_EQ(Metrics("m.csv",
                    "time,value,node,metric\n"
                    "2024-01-02T00:00:00Z,0.93,KPI:acc,accuracy\n"
                    "2024-01-01,0.95,KPI:acc,accuracy\n"
                    "2024-01-06T00:00:00Z,0.8,Model:m,auc\n"
                    "\n"
                    "2024-01-05T00:00:00+00:00, 0.7 ,Model:m,auc\n"),
            "");
  EXPECT_EQ(last_metrics_.summary.rows, 4u);
  EXPECT_EQ(last_metrics_.summary.series, 2u);
  EXPECT_EQ(last_metrics_.summary.new_nodes, 1u);
  EXPECT_EQ(last_metrics_.commit.series.metric_points, 4u);
  EXPECT_EQ(last_metrics_.commit.counts.nodes_created, 1u);
  NodeId acc = Node("KPI", "acc"), m = Node("Model", "m");
  EXPECT_EQ(store_->series().MetricSeries(acc, "accuracy"), Points({{"2024-01-01", 0.95}, {"2024-01-02", 0.93}}));
  EXPECT_EQ(store_->series().MetricSeries(m, "auc"), Points({{"2024-01-05", 0.7}, {"2024-01-06", 0.8}}));
  EXPECT_FALSE(store_->graph().NodeValid(m, T("2024-01-04")));
  EXPECT_TRUE(store_->graph().NodeValid(m, T("2024-01-05")));
  // An existing node's validity is left alone by points before it.
  ASSERT_EQ(Metrics("early.csv", "node,metric,time,value\nKPI:acc,accuracy,2023-06-01,0.5\n"), "");
  EXPECT_EQ(last_metrics_.commit.counts.facts, 0u);
  EXPECT_FALSE(store_->graph().NodeValid(acc, T("2023-06-01")));
}

TEST_F(SeriesLoaderTest, ReloadingTheSameMetricsWritesNothing) {
  const std::string text = "node,metric,time,value\nKPI:acc,accuracy,2024-01-01,1\nKPI:acc,accuracy,2024-01-02,2\n";
  ASSERT_EQ(Metrics("m.csv", text), "");
  ASSERT_EQ(Metrics("m.csv", text), "");
  EXPECT_EQ(last_metrics_.commit.seq, 2u);
  EXPECT_EQ(last_metrics_.commit.series.metric_points, 0u);
  EXPECT_EQ(last_metrics_.commit.series.metric_points_unchanged, 2u);
  auto entries = store_->AuditEntries();
  ASSERT_TRUE(entries.ok());
  const nlohmann::json& c = entries->back().counts;
  EXPECT_EQ(c["facts"], 0);
  EXPECT_EQ(c["metric_points"], 0);
  EXPECT_EQ(c["metric_points_unchanged"], 2);
  EXPECT_EQ(store_->series().stored_points(), 2u);
}

TEST_F(SeriesLoaderTest, MetricsErrorsNameFileLineAndWhatIsWrong) {
  const std::string f = dir_ / "bad.csv";
  const std::string h = "node,metric,time,value\n";
  EXPECT_EQ(Metrics("bad.csv", ""), f + ":1: no header row");
  EXPECT_EQ(Metrics("bad.csv", "node,metric,value\n"),
            f + ":1: missing column 'time' (the header needs node, metric, time, value)");
  EXPECT_EQ(Metrics("bad.csv", "node,metric,time,value,unit\n"),
            f + ":1: unknown column 'unit' (expected node, metric, time, value)");
  EXPECT_EQ(Metrics("bad.csv", "node,metric,time,time\n"), f + ":1: duplicate column 'time' in the header");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01\n"), f + ":2: row has 3 fields, the header has 4");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,1\nacc,m,2024-01-01,1\n"),
            f + ":3: bad node: expected Label:key, got 'acc'");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a, ,2024-01-01,1\n"), f + ":2: empty metric name");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,yesterday,1\n"),
            f + ":2: bad time: invalid timestamp 'yesterday': expected YYYY-MM-DD");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,0.9x\n"), f + ":2: bad value '0.9x': not a finite number");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,nan\n"), f + ":2: bad value 'nan': not a finite number");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,\n"), f + ":2: bad value '': not a finite number");
  // Quoted fields span lines: the error names the line the record starts on.
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,1\n\"KPI:a\",\"m\nn\",2024-01-01,1\nKPI:a,m,2024-01-01,2\n"),
            f + ":5: another value for KPI:a m at 2024-01-01T00:00:00Z was given on line 2");
  EXPECT_EQ(Metrics("bad.csv", h + "KPI:a,m,2024-01-01,\"1\n"), f + ":2: unterminated quoted field");
  EXPECT_EQ(Metrics("bad.csv", "node,metric,time,va\"lue\n"), f + ":1: a quote inside an unquoted field");
  auto missing = LoadMetrics(*store_, dir_ / "nope.csv", Info());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().ToString(), dir_ / "nope.csv" + ": cannot open file: No such file or directory");
  // Nothing of any of them was written.
  EXPECT_EQ(store_->last_seq(), 0u);
  EXPECT_EQ(store_->graph().node_count(), 0u);
  EXPECT_EQ(store_->series().stored_points(), 0u);
}

TEST_F(SeriesLoaderTest, AFileWithOneBadRowWritesNothing) {
  EXPECT_EQ(Metrics("m.csv", "node,metric,time,value\nKPI:a,m,2024-01-01,1\nKPI:b,m,2024-13-01,2\n"),
            dir_ / "m.csv" + ":3: bad time: invalid timestamp '2024-13-01': no such date");
  EXPECT_EQ(store_->last_seq(), 0u);
  EXPECT_FALSE(store_->graph().FindNode("KPI", "a").has_value());
  EXPECT_EQ(store_->series().stored_points(), 0u);
  auto entries = store_->AuditEntries();
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
}

// --- samples -----------------------------------------------------------------

TEST_F(SeriesLoaderTest, ASampleAttachesToTheVersionValidAtItsTime) {
  TwoVersions();
  const std::string csv = "x\n1\n2\n";
  ASSERT_EQ(Samples("s.csv", csv, "db:t", "2024-01-15"), "");
  EXPECT_EQ(last_samples_.summary.target, "DatasetVersion:db:t@v1");
  ASSERT_EQ(Samples("s.csv", csv, "db:t", "2024-02-01"), "");  // v2 is valid from this instant on
  EXPECT_EQ(last_samples_.summary.target, "DatasetVersion:db:t@v2");
  ASSERT_EQ(Samples("s.csv", csv, "db:t", "2023-12-31"), "");  // before any version: the dataset
  EXPECT_EQ(last_samples_.summary.target, "Dataset:db:t");
  const SeriesIndex& s = store_->series();
  ASSERT_NE(s.SampleAt(Node("DatasetVersion", "db:t@v1"), "x", T("2024-01-15")), nullptr);
  ASSERT_NE(s.SampleAt(Node("DatasetVersion", "db:t@v2"), "x", T("2024-02-01")), nullptr);
  ASSERT_NE(s.SampleAt(Node("Dataset", "db:t"), "x", T("2023-12-31")), nullptr);
  EXPECT_EQ(s.stored_samples(), 3u);
}

TEST_F(SeriesLoaderTest, ColumnsAreNumericUnlessAValueIsNotANumber) {
  Batch b;
  b.UpsertNode({"Dataset"}, "db:t", T("2024-01-01"));
  CommitOrDie(*store_, b);
  // age: numbers and one empty cell; city: text; code: "x" makes the whole
  // column categorical; score: exponent, blanks around, a sign.
  ASSERT_EQ(Samples("s.csv",
                    "age,city,code,score\n"
                    "30,Oslo,1,1e3\n"
                    ",\"Lima, PE\",x, 2.5 \n"
                    "41.5,,2,-0.5\n",
                    "db:t", "2024-03-01"),
            "");
  EXPECT_EQ(last_samples_.summary.rows, 3u);
  EXPECT_EQ(last_samples_.summary.numeric_columns, 2u);
  EXPECT_EQ(last_samples_.summary.categorical_columns, 2u);
  EXPECT_EQ(last_samples_.commit.series.samples, 4u);
  NodeId ds = Node("Dataset", "db:t");
  const SeriesIndex& s = store_->series();
  const StoredSample* age = s.Sample(ds, "age");
  ASSERT_NE(age, nullptr);
  EXPECT_FALSE(age->values.categorical);
  EXPECT_EQ(age->values.numbers, (std::vector<double>{30, 41.5}));
  EXPECT_EQ(age->values.missing, 1u);
  EXPECT_TRUE(s.Sample(ds, "city")->values.categorical);
  EXPECT_EQ(s.Sample(ds, "city")->values.labels, (std::vector<std::string>{"Oslo", "Lima, PE"}));
  EXPECT_EQ(s.Sample(ds, "city")->values.missing, 1u);
  EXPECT_EQ(s.Sample(ds, "code")->values.labels, (std::vector<std::string>{"1", "x", "2"}));
  EXPECT_EQ(s.Sample(ds, "score")->values.numbers, (std::vector<double>{1000, 2.5, -0.5}));
  EXPECT_EQ(s.Sample(ds, "score")->at, T("2024-03-01"));

  // Reloading the same file writes nothing.
  ASSERT_EQ(Samples("s.csv", "age,city,code,score\n30,Oslo,1,1e3\n,\"Lima, PE\",x, 2.5 \n41.5,,2,-0.5\n", "db:t",
                    "2024-03-01"),
            "");
  EXPECT_EQ(last_samples_.commit.series.samples, 0u);
  EXPECT_EQ(last_samples_.commit.series.samples_unchanged, 4u);
  EXPECT_EQ(s.stored_samples(), 4u);
}

TEST_F(SeriesLoaderTest, SamplesErrorsNameTheKeyOrFileLine) {
  Batch b;
  b.UpsertNode({"Dataset"}, "db:t", T("2024-01-01"));
  CommitOrDie(*store_, b);
  const std::string f = dir_ / "s.csv";
  EXPECT_EQ(Samples("s.csv", "a\n1\n", "db:nope", "2024-01-01"), "--dataset: no dataset 'db:nope' in the store");
  EXPECT_EQ(Samples("s.csv", "", "db:t", "2024-01-01"), f + ":1: no header row");
  EXPECT_EQ(Samples("s.csv", "a,a\n1,2\n", "db:t", "2024-01-01"), f + ":1: duplicate column 'a' in the header");
  EXPECT_EQ(Samples("s.csv", "a,b\n1,2\n3\n", "db:t", "2024-01-01"), f + ":3: row has 1 fields, the header has 2");
  EXPECT_EQ(Samples("s.csv", "a,\n1,2\n", "db:t", "2024-01-01"), f + ":1: empty column name in the header");
  EXPECT_EQ(store_->last_seq(), 1u);
  EXPECT_EQ(store_->series().stored_samples(), 0u);
}

// --- OpenLineage dataQualityMetrics -------------------------------------------

TEST_F(SeriesLoaderTest, OpenLineageQualityMetricsBecomeMetricPoints) {
  // marquez_event_full.json: input my-datasource-namespace:instance.schema.table
  // with rowCount 1000 and bytes 1048576 at 2020-12-28T19:51:01.641Z, and
  // two passing assertions (row_count_equal_to; no_null_values on column
  // id), each also a point (1 = pass) of its check.* series.
  OpenLineageLoadOptions options;
  options.inputs = {kData + "marquez_event_full.json"};
  auto r = LoadOpenLineage(*store_, options, Info());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->commit.series.metric_points, 4u);
  NodeId ds = Node("Dataset", "my-datasource-namespace:instance.schema.table");
  EXPECT_EQ(store_->series().MetricNames(ds),
            (std::vector<std::string>{"bytes", "check.id.no_null_values", "check.row_count_equal_to", "row_count"}));
  EXPECT_EQ(store_->series().MetricSeries(ds, "check.id.no_null_values"), Points({{"2020-12-28T19:51:01.641Z", 1}}));
  EXPECT_EQ(store_->series().MetricSeries(ds, "row_count"), Points({{"2020-12-28T19:51:01.641Z", 1000}}));
  EXPECT_EQ(store_->series().MetricSeries(ds, "bytes"), Points({{"2020-12-28T19:51:01.641Z", 1048576}}));

  // Per column metrics land on the Column node; a second day adds points.
  auto event = [](const char* time, const char* run, int nulls, double max) {
    std::string metrics = R"({"dataQualityMetrics":{"_producer":"p","_schemaURL":"s","rowCount":10,"fileCount":2,)"
                          R"("columnMetrics":{"a":{"nullCount":)" +
                          std::to_string(nulls) + R"(,"distinctCount":4,"min":0.5,"max":)" + std::to_string(max) +
                          R"(,"sum":12,"count":9,"quantiles":{"0.5":3.0}}}}})";
    return R"({"eventType":"START","eventTime":")" + std::string(time) +
           R"(","producer":"https://example.com/test",)"
           R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)"
           R"("run":{"runId":")" +
           run + R"("},"job":{"namespace":"ns","name":"r"},"inputs":[{"namespace":"db","name":"t","inputFacets":)" +
           metrics + "}]}";
  };
  WriteFile(dir_ / "dq.ndjson", event("2024-01-01T00:00:00Z", "11111111-1111-4111-8111-111111111111", 1, 9) + "\n" +
                                    event("2024-01-02T00:00:00Z", "22222222-2222-4222-8222-222222222222", 3, 7.5) +
                                    "\n");
  options.inputs = {dir_ / "dq.ndjson"};
  r = LoadOpenLineage(*store_, options, Info());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Per event: row_count, file_count, and six column metrics = 8; two events.
  EXPECT_EQ(r->commit.series.metric_points, 16u);
  NodeId t = Node("Dataset", "db:t"), a = Node("Column", "db:t#a");
  EXPECT_EQ(store_->series().MetricNames(t), (std::vector<std::string>{"file_count", "row_count"}));
  EXPECT_EQ(store_->series().MetricNames(a),
            (std::vector<std::string>{"count", "distinct_count", "max", "min", "null_count", "sum"}));
  EXPECT_EQ(store_->series().MetricSeries(a, "null_count"), Points({{"2024-01-01", 1}, {"2024-01-02", 3}}));
  EXPECT_EQ(store_->series().MetricSeries(a, "max"), Points({{"2024-01-01", 9}, {"2024-01-02", 7.5}}));
  // The properties are still there.
  auto p = store_->graph().property_keys().Find("dq.max");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(store_->graph().Property(EntityKind::kNode, a, *p, kLatest)->as_double(), 7.5);
  // Loading the same events again writes no point.
  r = LoadOpenLineage(*store_, options, Info());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->commit.series.metric_points, 0u);
  EXPECT_EQ(r->commit.series.metric_points_unchanged, 16u);
}

}  // namespace
}  // namespace provgraph::loaders
