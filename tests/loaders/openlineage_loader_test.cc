// OpenLineage loader: the real events of tests/data/openlineage (counts
// derived by hand from the events, see the comments), idempotence, order
// independence, lifecycle facets, symlinks, run states, versions,
// validation messages, and --on-error skip.
#include "loaders/openlineage/openlineage_loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/store.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph::loaders {
namespace {

using provgraph::testing::OpenOrDie;
using provgraph::testing::T;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

const std::string kData = std::string(PROVGRAPH_TEST_DATA_DIR) + "/openlineage/";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class OpenLineageTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_ / "store"); }

  // Loads `inputs` as one call; returns the error text ("" on success).
  std::string Load(const std::vector<std::string>& inputs, OnError on_error = OnError::kFail) {
    OpenLineageLoadOptions options;
    options.inputs = inputs;
    options.on_error = on_error;
    CommitInfo info;
    info.actor = "tester";
    info.command = "load openlineage";
    auto r = LoadOpenLineage(*store_, options, info);
    if (!r.ok()) return r.status().ToString();
    last_ = r->commit.counts;
    skipped_ = r->summary.bad.size();
    return "";
  }
  // Writes `text` to a file in the temp dir and loads it.
  std::string LoadText(const std::string& name, const std::string& text) {
    WriteFile(dir_ / name, text);
    return Load({dir_ / name});
  }

  const Graph& g() { return store_->graph(); }
  size_t CountNodes(const char* label, Timestamp at = kLatest) {
    auto l = g().labels().Find(label);
    size_t n = 0;
    for (NodeId i = 0; l && i < g().node_count(); ++i) n += g().HasLabel(i, *l, at) && g().NodeValid(i, at);
    return n;
  }
  size_t CountEdges(const char* type, Timestamp at = kLatest) {
    auto t = g().edge_types().Find(type);
    size_t n = 0;
    for (EdgeId e = 0; t && e < g().edge_count(); ++e) n += g().EdgeType(e) == *t && g().EdgeValid(e, at);
    return n;
  }
  std::optional<NodeId> Node(const char* label, const std::string& key) { return g().FindNode(label, key); }
  const Value* Prop(const char* label, const std::string& key, const char* prop, Timestamp at = kLatest) {
    auto id = Node(label, key);
    auto p = g().property_keys().Find(prop);
    if (!id || !p) return nullptr;
    return g().Property(EntityKind::kNode, *id, *p, at);
  }
  bool HasEdge(const char* src_label, const std::string& src, const char* type, const char* dst_label,
               const std::string& dst, Timestamp at = kLatest) {
    auto s = Node(src_label, src);
    auto d = Node(dst_label, dst);
    auto t = g().edge_types().Find(type);
    if (!s || !d || !t) return false;
    auto e = g().FindEdge(*s, *t, *d);
    return e && g().EdgeValid(*e, at);
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  BatchCounts last_;
  size_t skipped_ = 0;
};

// An event in the 2-0-2 shape with the given pieces.
std::string Event(const std::string& type, const std::string& time, const std::string& run_id, const std::string& job,
                  const std::string& inputs = "[]", const std::string& outputs = "[]",
                  const std::string& run_facets = "{}") {
  return R"({"eventType":")" + type + R"(","eventTime":")" + time + R"(","producer":"https://example.com/test",)" +
         R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)" +
         R"("run":{"runId":")" + run_id + R"(","facets":)" + run_facets + R"(},)" +
         R"("job":{"namespace":"ns","name":")" + job + R"("},"inputs":)" + inputs + R"(,"outputs":)" + outputs + "}";
}

std::string Ds(const std::string& name, const std::string& facets = "{}") {
  return R"({"namespace":"db","name":")" + name + R"(","facets":)" + facets + "}";
}

std::string DatasetEvent(const std::string& time, const std::string& dataset) {
  return R"({"eventTime":")" + time + R"(","producer":"https://example.com/test",)" +
         R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent","dataset":)" +
         dataset + "}";
}

std::string Schema(const std::string& cols) {
  std::string fields;
  std::istringstream in(cols);
  std::string c;
  while (std::getline(in, c, ','))
    fields += std::string(fields.empty() ? "" : ",") + R"({"name":")" + c + R"(","type":"INT"})";
  return R"({"schema":{"_producer":"p","_schemaURL":"s","fields":[)" + fields + "]}}";
}

const char kRun1[] = "11111111-1111-4111-8111-111111111111";
const char kRun2[] = "22222222-2222-4222-8222-222222222222";
const char kRun3[] = "33333333-3333-4333-8333-333333333333";

// --- real events ---------------------------------------------------------

struct RealCase {
  std::vector<std::string> files;
  size_t nodes, edges;
};

TEST_F(OpenLineageTest, RealEventFilesLoadWithHandCountedNodesAndEdges) {
  const std::map<std::string, RealCase> cases = {
      // START of DAG "BQ": Job, Run, Owner "***"; HAS_RUN, OWNS.
      {"airflow_dag", {{"airflow_dag_start_line_01.json"}, 3, 2}},
      // COMPLETE of BQ.upload with parent BQ: 2 jobs, 2 runs, 3 datasets, 3x4
      // columns, 1 output version = 20; HAS_RUN 2, PARENT_OF 1, HAS_COLUMN 12,
      // COLUMN_FEEDS 4 fields x 2 inputs = 8, FEEDS 2+1, PRODUCED 1,
      // HAS_VERSION 1 = 28 (inputs have no version: no READ_BY).
      {"airflow_bq", {{"airflow_bq_upload_complete_line_03.json"}, 20, 28}},
      // compose_task with parent gcs_hook: 2 jobs, 2 runs, 5 datasets, 1
      // version = 10; HAS_RUN 2, PARENT_OF 1, FEEDS 4+1, PRODUCED, HAS_VERSION = 10.
      {"airflow_gcs", {{"airflow_gcs_compose_complete_line_31.json"}, 10, 10}},
      // Spark CTAS START + COMPLETE of one run: 2 jobs, 2 runs, 3 datasets
      // (symlinks are aliases), 2+2+3 columns, 1 version = 15; HAS_RUN 2,
      // PARENT_OF 1, HAS_COLUMN 7, COLUMN_FEEDS 3+3+4 = 10, FEEDS 3, PRODUCED 1,
      // HAS_VERSION 1 = 25.
      {"spark", {{"spark_cll_ctas_start_5.json", "spark_cll_ctas_complete_8.json"}, 15, 25}},
      // Marquez event_full: parent job is the job itself: 1 job, 2 runs, 1
      // dataset (input = output), 1 column, 1 version = 6; HAS_RUN 2,
      // PARENT_OF 1, HAS_COLUMN 1, FEEDS 2, PRODUCED 1, HAS_VERSION 1 = 8.
      {"marquez_full", {{"marquez_event_full.json"}, 6, 8}},
      {"marquez_large", {{"marquez_event_large.json"}, 6, 8}},
      // Food delivery seed (26 events, 13 runs): 13 jobs, 13 runs, 13 datasets
      // plus "public.menu_item_id" named only in a column lineage, 91 schema
      // columns plus 2 named only in column lineage, 13 output versions = 146;
      // HAS_RUN 13, HAS_COLUMN 93, FEEDS 14 in + 13 out, PRODUCED 13,
      // HAS_VERSION 13, COLUMN_FEEDS 39 = 198.
      {"food_delivery", {{"marquez_food_delivery_seed_26events.json"}, 146, 198}},
  };
  for (const auto& [name, c] : cases) {
    SCOPED_TRACE(name);
    TempDir dir;
    store_ = OpenOrDie(dir / "store");
    std::vector<std::string> paths;
    for (const std::string& f : c.files) paths.push_back(kData + f);
    ASSERT_EQ(Load(paths), "");
    EXPECT_EQ(g().node_count(), c.nodes);
    EXPECT_EQ(g().edge_count(), c.edges);
    ASSERT_EQ(Load(paths), "");
    EXPECT_EQ(last_.facts, 0u) << "reload wrote facts";
  }
}

TEST_F(OpenLineageTest, RealEventDetails) {
  ASSERT_EQ(Load({kData + "spark_cll_ctas_start_5.json", kData + "spark_cll_ctas_complete_8.json"}), "");
  const std::string tbl = "file:/tmp/cll_test/tbl1";
  EXPECT_EQ(Prop("Run", "019127df-0850-72bc-b214-b255290588a6", "state")->as_string(), "COMPLETE");
  EXPECT_EQ(Prop("Run", "019127df-0850-72bc-b214-b255290588a6", "started_at")->as_timestamp(),
            T("2024-08-06T13:26:53.776Z"));
  EXPECT_EQ(Prop("Run", "019127df-0850-72bc-b214-b255290588a6", "processing_engine")->as_string(), "spark");
  EXPECT_EQ(Prop("Dataset", tbl, "aliases")->as_list().at(0).as_string(), "file:/tmp/cll_test:default.tbl1");
  EXPECT_FALSE(Node("Dataset", "file:/tmp/cll_test:default.tbl1"));
  EXPECT_EQ(Prop("Column", tbl + "#agg", "type")->as_string(), "long");
  EXPECT_TRUE(HasEdge("Column", "file:/tmp/cll_test/cll_source2#c", "COLUMN_FEEDS", "Column", tbl + "#agg"));
  auto e = g().FindEdge(*Node("Column", "file:/tmp/cll_test/cll_source1#a"), *g().edge_types().Find("COLUMN_FEEDS"),
                        *Node("Column", tbl + "#ident"));
  ASSERT_TRUE(e);
  EXPECT_EQ(g().Property(EntityKind::kEdge, *e, *g().property_keys().Find("transformation_type"), kLatest)->as_string(),
            "DIRECT");
  EXPECT_EQ(
      g().Property(EntityKind::kEdge, *e, *g().property_keys().Find("transformation_subtype"), kLatest)->as_string(),
      "IDENTITY");
  EXPECT_EQ(Prop("DatasetVersion", tbl + "@019127df-0850-72bc-b214-b255290588a6", "lifecycle_state")->as_string(),
            "CREATE");
  EXPECT_NE(Prop("Run", "019127df-0850-72bc-b214-b255290588a6", "facet.spark.logicalPlan"), nullptr);

  TempDir other;
  store_ = OpenOrDie(other / "store");
  ASSERT_EQ(Load({kData + "marquez_event_full.json"}), "");
  const std::string ds = "my-datasource-namespace:instance.schema.table";
  EXPECT_EQ(Prop("Dataset", ds, "dq.row_count")->as_int(), 1000);
  EXPECT_EQ(Prop("Dataset", ds, "check.id.no_null_values")->as_bool(), true);
  EXPECT_EQ(Prop("Job", "my-scheduler-namespace:myjob.mytask", "sql")->as_string(), "SELECT * FROM foo");
  EXPECT_EQ(Prop("Job", "my-scheduler-namespace:myjob.mytask", "source_code_url")->as_string(), "http://example.com");
  EXPECT_NE(Prop("Job", "my-scheduler-namespace:myjob.mytask", "facet.additionalProp1"), nullptr);
  EXPECT_TRUE(HasEdge("Run", "3f5e83fa-3480-44ff-99c5-ff943904e5e8", "PARENT_OF", "Run",
                      "ea041791-68bc-4ae1-bd89-4c8106a157e4"));
}

TEST_F(OpenLineageTest, AllRealFilesAsOneDirectoryLoadIdempotently) {
  ASSERT_EQ(Load({kData}), "");
  EXPECT_GT(last_.facts, 0u);
  ASSERT_EQ(Load({kData}), "");
  EXPECT_EQ(last_.facts, 0u);
}

TEST_F(OpenLineageTest, ShuffledEventsGiveTheSameGraph) {
  nlohmann::json events = nlohmann::json::parse(ReadText(kData + "marquez_food_delivery_seed_26events.json"));
  ASSERT_EQ(Load({kData + "marquez_food_delivery_seed_26events.json"}), "");
  std::string sorted = provgraph::testing::DumpGraph(g());
  for (int variant = 0; variant < 3; ++variant) {
    SCOPED_TRACE(variant);
    std::vector<nlohmann::json> list(events.begin(), events.end());
    if (variant == 0) std::reverse(list.begin(), list.end());
    if (variant == 1) std::rotate(list.begin(), list.begin() + 11, list.end());
    if (variant == 2) {
      for (size_t i = 0; i + 3 < list.size(); i += 2) std::swap(list[i], list[i + 3]);
    }
    std::string ndjson;
    for (const auto& e : list) ndjson += e.dump() + "\n";
    TempDir dir;
    WriteFile(dir / "shuffled.ndjson", ndjson);
    store_ = OpenOrDie(dir / "store");
    ASSERT_EQ(Load({dir / "shuffled.ndjson"}), "");
    EXPECT_EQ(provgraph::testing::DumpGraph(g()), sorted);
  }
}

// .ndjson inputs are parsed in a guessed mapping order on a second thread
// while the events are mapped (event_stream.h); .json inputs take the
// plain path (read all, sort, map). Both must give the same graph: events
// out of order across and inside files, ties on eventTime and type (the
// canonical text decides), a symlinks facet (the pipelined mapping gives
// up and maps the usual way) and bad lines skipped.
TEST_F(OpenLineageTest, PipelinedNdjsonMatchesTheJsonArrayPath) {
  std::vector<nlohmann::json> events;
  for (const char* f : {"marquez_food_delivery_seed_26events.json", "spark_cll_ctas_start_5.json",
                        "spark_cll_ctas_complete_8.json", "airflow_dag_start_line_01.json"}) {
    nlohmann::json j = nlohmann::json::parse(ReadText(kData + f));
    if (j.is_array()) {
      events.insert(events.end(), j.begin(), j.end());
    } else {
      events.push_back(j);
    }
  }
  std::reverse(events.begin(), events.end());
  // Ties: copies of a run event under other run ids at the same time and type.
  size_t run_event = 5;
  while (!events[run_event].contains("run")) ++run_event;
  for (int i = 0; i < 3; ++i) {
    nlohmann::json copy = events[run_event];
    copy["run"]["runId"] = std::string(i == 0 ? kRun3 : i == 1 ? kRun1 : kRun2);
    events.push_back(copy);
  }
  auto load_both = [&](const std::vector<nlohmann::json>& list, const std::string& extra_line, OnError on_error) {
    TempDir dir;
    std::string ndjson_a, ndjson_b;
    nlohmann::json array = nlohmann::json::array();
    for (size_t i = 0; i < list.size(); ++i) {
      (i % 2 ? ndjson_b : ndjson_a) += list[i].dump() + "\n";
      array.push_back(list[i]);
    }
    ndjson_b += extra_line;
    WriteFile(dir / "a.ndjson", ndjson_a);
    WriteFile(dir / "b.jsonl", ndjson_b);
    WriteFile(dir / "all.json", array.dump(1));
    store_ = OpenOrDie(dir / "pipelined");
    std::string err = Load({dir / "a.ndjson", dir / "b.jsonl"}, on_error);
    std::string pipelined = err.empty() ? provgraph::testing::DumpGraph(g()) : err;
    store_ = OpenOrDie(dir / "plain");
    err = Load({dir / "all.json"}, on_error);
    std::string plain = err.empty() ? provgraph::testing::DumpGraph(g()) : err;
    EXPECT_FALSE(plain.empty());
    EXPECT_EQ(pipelined, plain);
  };
  load_both(events, "", OnError::kFail);
  load_both(events, "{\"eventTime\": 1}\n", OnError::kSkip);
  std::vector<nlohmann::json> with_alias = events;
  with_alias.back()["outputs"] = nlohmann::json::parse(
      Ds("alias_target",
         R"({"symlinks":{"identifiers":[{"namespace":"food_delivery","name":"public.delivery_7_days"}]}})"));
  with_alias.back()["outputs"] = nlohmann::json::array({with_alias.back()["outputs"]});
  load_both(with_alias, "", OnError::kFail);
}

// While the pipelined mapping streams, the events it mapped are freed in
// the background (8 chunks of 128 at a time, event_stream.cc); when it then
// gives up (here: the last event declares symlinks), the freed events are
// parsed again for the usual way. 1,300 events with repeated schema and
// columnLineage facets, a bad line skipped: the same graph as the .json
// array path, which never streams.
TEST_F(OpenLineageTest, AFallbackAfterEventsWereFreedMatchesTheJsonArrayPath) {
  const std::string facets =
      R"({"schema":{"fields":[{"name":"a","type":"INT"}]},"columnLineage":{"fields":{"a":{"inputFields":)"
      R"([{"namespace":"db","name":"in0","field":"a"}]}}}})";
  std::vector<std::string> lines;
  for (int i = 0; i < 1300; ++i) {
    char run[40], time[32];
    std::snprintf(run, sizeof run, "%08d-1111-4111-8111-111111111111", i / 2);
    std::snprintf(time, sizeof time, "2024-01-01T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60);
    std::string outputs = "[" +
                          Ds("out" + std::to_string(i % 7), i + 1 == 1300 ? R"({"symlinks":{"identifiers":)"
                                                                            R"([{"namespace":"db","name":"al"}]}})"
                                                                          : facets) +
                          "]";
    lines.push_back(Event(i % 2 ? "COMPLETE" : "START", time, run, "job" + std::to_string(i % 7),
                          "[" + Ds("in" + std::to_string(i % 5)) + "]", outputs));
  }
  std::string ndjson;
  nlohmann::json array = nlohmann::json::array();
  for (size_t i = 0; i < lines.size(); ++i) {
    ndjson += lines[i] + "\n";
    if (i == 600) ndjson += "{\"eventTime\": 1}\n";  // a bad line among the freed ones
    array.push_back(nlohmann::json::parse(lines[i]));
  }
  WriteFile(dir_ / "all.ndjson", ndjson);
  WriteFile(dir_ / "all.json", array.dump());
  ASSERT_EQ(Load({dir_ / "all.ndjson"}, OnError::kSkip), "");
  const std::string pipelined = provgraph::testing::DumpGraph(g());
  TempDir other;
  store_ = OpenOrDie(other / "store");
  ASSERT_EQ(Load({dir_ / "all.json"}), "");
  EXPECT_EQ(pipelined, provgraph::testing::DumpGraph(g()));
  EXPECT_EQ(CountNodes("Run"), 650u);
}

// An exception from the progress callback (as from a failed allocation)
// comes back as a Status and nothing is committed, for the pipelined
// ndjson path and the JSON array path alike.
TEST_F(OpenLineageTest, AThrowingProgressCallbackIsAStatusAndWritesNothing) {
  std::string ndjson;
  nlohmann::json array = nlohmann::json::array();
  for (int i = 0; i < 20; ++i) {
    char run[40];
    std::snprintf(run, sizeof run, "%08d-1111-4111-8111-111111111111", i);
    std::string line = Event("COMPLETE", "2024-01-01T00:00:00Z", run, "job", "[]", "[" + Ds("out") + "]");
    ndjson += line + "\n";
    array.push_back(nlohmann::json::parse(line));
  }
  WriteFile(dir_ / "e.ndjson", ndjson);
  WriteFile(dir_ / "e.json", array.dump());
  for (const char* name : {"e.ndjson", "e.json"}) {
    OpenLineageLoadOptions options;
    options.inputs = {dir_ / name};
    options.progress = [](size_t, size_t) { throw std::runtime_error("stop here"); };
    CommitInfo info;
    info.command = "load openlineage";
    auto r = LoadOpenLineage(*store_, options, info);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().ToString(), "reading the OpenLineage events failed: stop here") << name;
    EXPECT_EQ(g().node_count(), 0u) << name;
    auto audit = store_->AuditEntries();
    ASSERT_TRUE(audit.ok());
    EXPECT_TRUE(audit->empty()) << name;
  }
}

// --- mapping -------------------------------------------------------------

// Files of 256 events or more are parsed on two threads: the same events in
// one big file and in small files give the same graph, and a bad line in
// either half is reported by its own line number (the first one wins).
TEST_F(OpenLineageTest, ABigFileParsedOnTwoThreadsMatchesSmallFiles) {
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i) {
    char run[40];
    std::snprintf(run, sizeof run, "%08d-1111-4111-8111-111111111111", i);
    std::string t = "2024-01-01T00:" + std::string(i / 60 < 10 ? "0" : "") + std::to_string(i / 60) + ":" +
                    (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z";
    lines.push_back(Event(i % 2 ? "COMPLETE" : "START", t, run, "job" + std::to_string(i % 7),
                          "[" + Ds("in" + std::to_string(i % 5)) + "]", "[" + Ds("out" + std::to_string(i % 7)) + "]"));
  }
  std::string big;
  for (const auto& l : lines) big += l + "\n";
  ASSERT_EQ(LoadText("big.ndjson", big), "");
  std::string one_file = provgraph::testing::DumpGraph(g());

  TempDir other;
  store_ = OpenOrDie(other / "store");
  std::vector<std::string> inputs;
  for (size_t f = 0; f * 50 < lines.size(); ++f) {
    std::string text;
    for (size_t i = f * 50; i < std::min(lines.size(), (f + 1) * 50); ++i) text += lines[i] + "\n";
    std::string name = other / ("part" + std::to_string(f) + ".ndjson");
    WriteFile(name, text);
    inputs.push_back(name);
  }
  ASSERT_EQ(Load(inputs), "");
  EXPECT_EQ(provgraph::testing::DumpGraph(g()), one_file);

  // Bad events at lines 40 (first half) and 250 (second half).
  std::vector<std::string> bad = lines;
  bad[249] = "{\"eventType\": \"START\"";
  std::string text;
  for (const auto& l : bad) text += l + "\n";
  std::string err = LoadText("bad2.ndjson", text);
  EXPECT_NE(err.find("bad2.ndjson:250:"), std::string::npos) << err;
  bad[39] = "not json";
  text.clear();
  for (const auto& l : bad) text += l + "\n";
  err = LoadText("bad1.ndjson", text);
  EXPECT_NE(err.find("bad1.ndjson:40:"), std::string::npos) << err;
}

TEST_F(OpenLineageTest, FailedRunMakesNoFeedsAndNoVersion) {
  std::string text =
      Event("START", "2024-01-01T00:00:00Z", kRun1, "j", "[" + Ds("in") + "]", "[" + Ds("out") + "]") + "\n" +
      Event("FAIL", "2024-01-01T00:05:00Z", kRun1, "j", "[]", "[]",
            R"({"errorMessage":{"_producer":"p","_schemaURL":"s","message":"boom","programmingLanguage":"python"}})") +
      "\n";
  ASSERT_EQ(LoadText("fail.ndjson", text), "");
  EXPECT_EQ(CountEdges("FEEDS"), 0u);
  EXPECT_EQ(CountEdges("PRODUCED"), 0u);
  EXPECT_EQ(CountNodes("DatasetVersion"), 0u);
  EXPECT_EQ(Prop("Run", kRun1, "state")->as_string(), "FAIL");
  EXPECT_EQ(Prop("Run", kRun1, "error_message")->as_string(), "boom");
  EXPECT_EQ(Prop("Run", kRun1, "ended_at")->as_timestamp(), T("2024-01-01T00:05:00Z"));
  EXPECT_EQ(CountNodes("Dataset"), 2u);
}

TEST_F(OpenLineageTest, FeedsCloseWhenALaterCompletedRunNoLongerListsAnInput) {
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "j", "[" + Ds("a") + "," + Ds("b") + "]",
            "[" + Ds("out") + "]") +
      "\n" + Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "j", "[" + Ds("a") + "]", "[" + Ds("out") + "]") + "\n";
  ASSERT_EQ(LoadText("feeds.ndjson", text), "");
  EXPECT_TRUE(HasEdge("Dataset", "db:a", "FEEDS", "Job", "ns:j"));
  EXPECT_FALSE(HasEdge("Dataset", "db:b", "FEEDS", "Job", "ns:j"));
  EXPECT_TRUE(HasEdge("Dataset", "db:b", "FEEDS", "Job", "ns:j", T("2024-01-01T12:00:00Z")));
  EXPECT_TRUE(HasEdge("Job", "ns:j", "FEEDS", "Dataset", "db:out"));
  // A FAIL run of the job that lists nothing closes nothing.
  ASSERT_EQ(LoadText("fail.ndjson", Event("FAIL", "2024-01-03T00:00:00Z", kRun3, "j") + "\n"), "");
  EXPECT_TRUE(HasEdge("Dataset", "db:a", "FEEDS", "Job", "ns:j"));
}

TEST_F(OpenLineageTest, VersionsFollowSchemaAndVersionFacetAndReadsPickTheVersionValidAtTheEvent) {
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", Schema("a")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "w", "[]", "[" + Ds("t", Schema("a")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-03T00:00:00Z", kRun3, "w", "[]", "[" + Ds("t", Schema("a,b")) + "]") + "\n" +
      Event("START", "2024-01-02T12:00:00Z", "44444444-4444-4444-8444-444444444444", "r", "[" + Ds("t") + "]") + "\n";
  ASSERT_EQ(LoadText("versions.ndjson", text), "");
  EXPECT_EQ(CountNodes("DatasetVersion"), 2u);  // run 2 reuses run 1's version, run 3 changed the schema
  EXPECT_TRUE(HasEdge("Run", kRun2, "PRODUCED", "DatasetVersion", std::string("db:t@") + kRun1));
  EXPECT_TRUE(HasEdge("Run", kRun3, "PRODUCED", "DatasetVersion", std::string("db:t@") + kRun3));
  EXPECT_TRUE(HasEdge("DatasetVersion", std::string("db:t@") + kRun1, "READ_BY", "Run",
                      "44444444-4444-4444-8444-444444444444"));
  // Column b is new; the version facet names a version.
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#b"));
  EXPECT_FALSE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#b", T("2024-01-02T00:00:00Z")));
  ASSERT_EQ(
      LoadText("v.ndjson",
               Event("COMPLETE", "2024-01-04T00:00:00Z", "55555555-5555-4555-8555-555555555555", "w", "[]",
                     "[" + Ds("t", R"({"version":{"_producer":"p","_schemaURL":"s","datasetVersion":"v7"}})") + "]") +
                   "\n"),
      "");
  EXPECT_TRUE(Node("DatasetVersion", "db:t@v7"));
  EXPECT_EQ(CountNodes("DatasetVersion"), 3u);
}

TEST_F(OpenLineageTest, DropClosesTheDatasetAndAsOfBeforeStillSeesIt) {
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", Schema("a")) + "]") + "\n" +
      DatasetEvent(
          "2024-02-01T00:00:00Z",
          Ds("t", R"({"lifecycleStateChange":{"_producer":"p","_schemaURL":"s","lifecycleStateChange":"DROP"}})")) +
      "\n";
  ASSERT_EQ(LoadText("drop.ndjson", text), "");
  auto ds = Node("Dataset", "db:t");
  ASSERT_TRUE(ds);
  EXPECT_FALSE(g().NodeValid(*ds, kLatest));
  EXPECT_TRUE(g().NodeValid(*ds, T("2024-01-15T00:00:00Z")));
  EXPECT_TRUE(HasEdge("Job", "ns:w", "FEEDS", "Dataset", "db:t", T("2024-01-15T00:00:00Z")));
  EXPECT_FALSE(HasEdge("Job", "ns:w", "FEEDS", "Dataset", "db:t"));
  ASSERT_EQ(LoadText("drop.ndjson", text), "");
  EXPECT_EQ(last_.facts, 0u);
}

// Each facet lands where loaders/openlineage/README.md ("Mapping") says:
// one producing run R0 (writes db:src at 09:00), then R1 (START + COMPLETE)
// reading db:src and db:raw (no version) and writing a MODEL dataset, with
// job, run, dataset, input and output facets, one of each kind unmapped;
// and a failed run R2 with its errorMessage. Expected values from the README.
TEST_F(OpenLineageTest, EveryMappedFacetLandsWhereTheReadmeSays) {
  const std::string head = R"("producer":"https://example.com/test",)"
                           R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)";
  const std::string fp = R"("_producer":"p","_schemaURL":"s",)";
  const std::string job_facets = R"({"documentation":{)" + fp + R"("description":"Daily ETL"},)" + R"("sourceCode":{)" +
                                 fp + R"("language":"python","sourceCode":"x = 1"},)" + R"("jobType":{)" + fp +
                                 R"("processingType":"BATCH","integration":"AIRFLOW","jobType":"TASK"},)" +
                                 R"("ownerNotes":{)" + fp + R"("note":"ask Ann"}})";
  const std::string run_facets =
      R"({"nominalTime":{)" + fp +
      R"("nominalStartTime":"2026-03-01T00:00:00Z","nominalEndTime":"2026-03-02T00:00:00Z"},)" + R"("customRun":{)" +
      fp + R"("x":1}})";
  const std::string inputs = R"([{"namespace":"db","name":"src","facets":{"dataSource":{)" + fp +
                             R"("name":"pg","uri":"postgres://pg:5432"},"storage":{)" + fp +
                             R"("storageLayer":"iceberg","fileFormat":"parquet"},"documentation":{)" + fp +
                             R"("description":"Source table"}},"inputFacets":{"inputStatistics":{)" + fp +
                             R"("rowCount":10,"size":100,"fileCount":1}}},)" +
                             R"({"namespace":"db","name":"raw","facets":{},"inputFacets":{"inputStatistics":{)" + fp +
                             R"("rowCount":7}}}])";
  const std::string outputs = R"([{"namespace":"db","name":"model_out","facets":{"datasetType":{)" + fp +
                              R"("datasetType":"MODEL"},"customDs":{)" + fp +
                              R"("k":"v"}},"outputFacets":{"outputStatistics":{)" + fp +
                              R"("rowCount":5,"size":50,"fileCount":2}}}])";
  auto event = [&](const std::string& type, const std::string& time, const std::string& body) {
    return R"({"eventType":")" + type + R"(","eventTime":")" + time + R"(",)" + head + body + "}";
  };
  const std::string r1_body = R"("run":{"runId":")" + std::string(kRun1) + R"(","facets":)" + run_facets +
                              R"(},"job":{"namespace":"ns","name":"etl.daily","facets":)" + job_facets +
                              R"(},"inputs":)" + inputs + R"(,"outputs":)" + outputs;
  const std::string text =
      event(
          "COMPLETE", "2026-03-01T09:00:00Z",
          R"("run":{"runId":")" + std::string(kRun3) +
              R"("},"job":{"namespace":"ns","name":"ingest"},"inputs":[],"outputs":[{"namespace":"db","name":"src"}])") +
      "\n" + event("START", "2026-03-01T10:00:00Z", r1_body) + "\n" +
      event("COMPLETE", "2026-03-01T10:05:00Z", r1_body) + "\n" +
      event("FAIL", "2026-03-01T11:00:00Z",
            R"("run":{"runId":")" + std::string(kRun2) + R"(","facets":{"errorMessage":{)" + fp +
                R"("message":"boom","programmingLanguage":"python","stackTrace":"Traceback"}}},)" +
                R"("job":{"namespace":"ns","name":"etl.daily"},"inputs":[],"outputs":[])") +
      "\n";
  ASSERT_EQ(LoadText("facets.ndjson", text), "");

  const std::string job = "ns:etl.daily";
  EXPECT_EQ(Prop("Job", job, "description")->as_string(), "Daily ETL");
  EXPECT_EQ(Prop("Job", job, "source_code")->as_string(), "x = 1");
  EXPECT_EQ(Prop("Job", job, "source_code_language")->as_string(), "python");
  EXPECT_EQ(Prop("Job", job, "job_type")->as_string(), "TASK");
  EXPECT_EQ(Prop("Job", job, "processing_type")->as_string(), "BATCH");
  EXPECT_EQ(Prop("Job", job, "integration")->as_string(), "AIRFLOW");
  EXPECT_EQ(Prop("Job", job, "facet.ownerNotes")->as_string(), R"({"note":"ask Ann"})");

  EXPECT_EQ(Prop("Run", kRun1, "state")->as_string(), "COMPLETE");
  EXPECT_EQ(Prop("Run", kRun1, "nominal_start_time")->as_timestamp(), T("2026-03-01T00:00:00Z"));
  EXPECT_EQ(Prop("Run", kRun1, "nominal_end_time")->as_timestamp(), T("2026-03-02T00:00:00Z"));
  EXPECT_EQ(Prop("Run", kRun1, "facet.customRun")->as_string(), R"({"x":1})");
  EXPECT_EQ(Prop("Run", kRun2, "state")->as_string(), "FAIL");
  EXPECT_EQ(Prop("Run", kRun2, "error_message")->as_string(), "boom");
  EXPECT_EQ(Prop("Run", kRun2, "error_language")->as_string(), "python");

  EXPECT_EQ(Prop("Dataset", "db:src", "datasource_name")->as_string(), "pg");
  EXPECT_EQ(Prop("Dataset", "db:src", "datasource_uri")->as_string(), "postgres://pg:5432");
  EXPECT_EQ(Prop("Dataset", "db:src", "storage_layer")->as_string(), "iceberg");
  EXPECT_EQ(Prop("Dataset", "db:src", "file_format")->as_string(), "parquet");
  EXPECT_EQ(Prop("Dataset", "db:src", "description")->as_string(), "Source table");
  EXPECT_EQ(CountNodes("Model"), 1u);
  EXPECT_EQ(Prop("Dataset", "db:model_out", "dataset_type")->as_string(), "MODEL");
  EXPECT_EQ(Prop("Dataset", "db:model_out", "facet.customDs")->as_string(), R"({"k":"v"})");

  // inputStatistics: on the READ_BY edge from the version R0 produced; on
  // the run (JSON, keys in nlohmann's order) for db:raw, which has none.
  auto edge_prop = [&](const char* type, const char* sl, const std::string& s, const char* dl, const std::string& d,
                       const char* prop) -> const Value* {
    auto e = g().FindEdge(*Node(sl, s), *g().edge_types().Find(type), *Node(dl, d));
    auto p = g().property_keys().Find(prop);
    return e && p ? g().Property(EntityKind::kEdge, *e, *p, kLatest) : nullptr;
  };
  const std::string src_v0 = "db:src@" + std::string(kRun3);
  ASSERT_TRUE(HasEdge("DatasetVersion", src_v0, "READ_BY", "Run", kRun1));
  EXPECT_EQ(edge_prop("READ_BY", "DatasetVersion", src_v0, "Run", kRun1, "row_count")->as_int(), 10);
  EXPECT_EQ(edge_prop("READ_BY", "DatasetVersion", src_v0, "Run", kRun1, "bytes")->as_int(), 100);
  EXPECT_EQ(edge_prop("READ_BY", "DatasetVersion", src_v0, "Run", kRun1, "file_count")->as_int(), 1);
  EXPECT_EQ(Prop("Run", kRun1, "input_statistics.db:raw")->as_string(), R"({"rowCount":7})");
  // outputStatistics: on PRODUCED to the version R1 created, and as JSON on it.
  const std::string out_v1 = "db:model_out@" + std::string(kRun1);
  ASSERT_TRUE(HasEdge("Run", kRun1, "PRODUCED", "DatasetVersion", out_v1));
  EXPECT_EQ(edge_prop("PRODUCED", "Run", kRun1, "DatasetVersion", out_v1, "row_count")->as_int(), 5);
  EXPECT_EQ(edge_prop("PRODUCED", "Run", kRun1, "DatasetVersion", out_v1, "bytes")->as_int(), 50);
  EXPECT_EQ(edge_prop("PRODUCED", "Run", kRun1, "DatasetVersion", out_v1, "file_count")->as_int(), 2);
  EXPECT_EQ(Prop("DatasetVersion", out_v1, "statistics")->as_string(), R"({"fileCount":2,"rowCount":5,"size":50})");
}

// --- RENAME: the old name becomes a redirect (README "RENAME") -----------

std::string Lifecycle(const std::string& state, const std::string& prev_name = "") {
  std::string prev =
      prev_name.empty() ? "" : R"(,"previousIdentifier":{"namespace":"db","name":")" + prev_name + R"("})";
  return R"({"lifecycleStateChange":{"_producer":"p","_schemaURL":"s","lifecycleStateChange":")" + state + "\"" + prev +
         "}}";
}

// A DatasetEvent: `from` renamed to `to` at `time`.
std::string Rename(const std::string& time, const std::string& from, const std::string& to) {
  return DatasetEvent(time, Ds(to, Lifecycle("RENAME", from))) + "\n";
}

// Everything visible at `at`, by keys (no ids, no batch numbers): nodes
// with their properties, then edges. Equal snapshots at every instant
// that matters = the same graph whatever the load order.
std::string SnapshotAt(const Graph& g, Timestamp at) {
  std::vector<std::string> lines;
  auto name = [&](NodeId n) { return std::string(g.labels().Name(g.PrimaryLabel(n))) + ":" + std::string(g.Key(n)); };
  for (NodeId n = 0; n < g.node_count(); ++n) {
    if (!g.NodeValid(n, at)) continue;
    std::vector<std::string> props;  // by name: property ids follow the load order
    for (const auto& [p, v] : g.Properties(EntityKind::kNode, n, at))
      props.push_back(std::string(g.property_keys().Name(p)) + "=" + v->ToJson().dump());
    std::sort(props.begin(), props.end());
    std::string line = "node " + name(n);
    for (const auto& p : props) line += " " + p;
    lines.push_back(line);
  }
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (!g.EdgeValid(e, at)) continue;
    lines.push_back("edge " + name(g.EdgeSource(e)) + " -[" + std::string(g.edge_types().Name(g.EdgeType(e))) + "]-> " +
                    name(g.EdgeTarget(e)));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// The instants the rename tests look at.
const char* const kRenameProbes[] = {"2024-01-15T00:00:00Z", "2024-02-01T00:00:00Z", "2024-02-15T00:00:00Z",
                                     "2024-03-01T00:00:00Z", "2024-03-15T00:00:00Z"};

std::string SnapshotsOf(const Graph& g) {
  std::string out;
  for (const char* t : kRenameProbes) out += std::string("@") + t + "\n" + SnapshotAt(g, T(t));
  return out + "@latest\n" + SnapshotAt(g, kLatest);
}

// w writes db:old on Jan 1st, r reads it and writes db:down on Jan 2nd,
// db:old is renamed db:new on Feb 1st.
std::string RenamePipeline() {
  return Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("old", Schema("a")) + "]") + "\n" +
         Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "r", "[" + Ds("old") + "]", "[" + Ds("down") + "]") + "\n" +
         Rename("2024-02-01T00:00:00Z", "old", "new");
}

TEST_F(OpenLineageTest, RenameKeepsTheOldNameAsARedirectWithAVisibleRenamedToEdge) {
  ASSERT_EQ(LoadText("rename.ndjson", RenamePipeline()), "");
  auto old_id = Node("Dataset", "db:old");
  auto new_id = Node("Dataset", "db:new");
  ASSERT_TRUE(old_id && new_id);
  // The old name stays valid (a redirect); the new one exists from the rename on.
  EXPECT_TRUE(g().NodeValid(*old_id, kLatest));
  EXPECT_TRUE(g().NodeValid(*old_id, T("2024-01-15T00:00:00Z")));
  EXPECT_TRUE(g().NodeValid(*new_id, kLatest));
  EXPECT_FALSE(g().NodeValid(*new_id, T("2024-01-31T23:59:59Z")));
  // RENAMED_TO (and FEEDS, the data moved as is) old -> new: visible, with
  // both ends, from the rename's instant on; not before it happened.
  for (const char* type : {"RENAMED_TO", "FEEDS"}) {
    SCOPED_TRACE(type);
    EXPECT_TRUE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new"));
    EXPECT_TRUE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new", T("2024-02-01T00:00:00Z")));
    EXPECT_FALSE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new", T("2024-01-31T23:59:59Z")));
  }
  EXPECT_EQ(CountEdges("RENAMED_TO"), 1u);
  EXPECT_EQ(Prop("Dataset", "db:old", "renamed_to")->as_string(), "db:new");
  EXPECT_EQ(Prop("Dataset", "db:old", "renamed_to", T("2024-01-31T23:59:59Z")), nullptr);
  EXPECT_EQ(Prop("Dataset", "db:new", "previous_name")->as_string(), "db:old");
  EXPECT_EQ(Prop("Dataset", "db:new", "lifecycle_state")->as_string(), "RENAME");
  // The old name's own lineage keeps DESIGN's FEEDS rule: valid until its
  // jobs complete again without it (no run of w or r after the rename).
  EXPECT_TRUE(HasEdge("Job", "ns:w", "FEEDS", "Dataset", "db:old"));
  EXPECT_TRUE(HasEdge("Dataset", "db:old", "FEEDS", "Job", "ns:r"));
  // Datasets now: old (a redirect), new, down.
  EXPECT_EQ(CountNodes("Dataset"), 3u);
  // Loading the same events again changes nothing.
  ASSERT_EQ(LoadText("rename.ndjson", RenamePipeline()), "");
  EXPECT_EQ(last_.facts, 0u);
}

TEST_F(OpenLineageTest, ARenameOfAnUnknownNameStillLinksBothNames) {
  // The old name was never loaded: the rename alone says it existed; it
  // becomes a redirect from the rename on (so the load order never matters).
  ASSERT_EQ(LoadText("rename.ndjson", Rename("2024-02-01T00:00:00Z", "old", "new")), "");
  EXPECT_TRUE(HasEdge("Dataset", "db:old", "RENAMED_TO", "Dataset", "db:new"));
  EXPECT_FALSE(g().NodeValid(*Node("Dataset", "db:old"), T("2024-01-31T23:59:59Z")));
}

TEST_F(OpenLineageTest, RenameEndsWhenTheOldNameIsWrittenAgain) {
  // w completes writing db:old again on Mar 1st: the name is a live table
  // again, its redirect ends then (edges closed, renamed_to unset).
  std::string again =
      Event("COMPLETE", "2024-03-01T00:00:00Z", kRun3, "w", "[]", "[" + Ds("old", Schema("a")) + "]") + "\n";
  ASSERT_EQ(LoadText("all.ndjson", RenamePipeline() + again), "");
  for (const char* type : {"RENAMED_TO", "FEEDS"}) {
    SCOPED_TRACE(type);
    EXPECT_TRUE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new", T("2024-02-15T00:00:00Z")));
    EXPECT_FALSE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new", T("2024-03-01T00:00:00Z")));
    EXPECT_FALSE(HasEdge("Dataset", "db:old", type, "Dataset", "db:new"));
  }
  EXPECT_EQ(Prop("Dataset", "db:old", "renamed_to", T("2024-02-15T00:00:00Z"))->as_string(), "db:new");
  EXPECT_EQ(Prop("Dataset", "db:old", "renamed_to"), nullptr);
  EXPECT_TRUE(g().NodeValid(*Node("Dataset", "db:new"), kLatest));
  std::string one_load = SnapshotsOf(g());
  ASSERT_EQ(LoadText("all.ndjson", RenamePipeline() + again), "");
  EXPECT_EQ(last_.facts, 0u);
  // The rename arriving late, after the later write was loaded: the same graph.
  TempDir other;
  store_ = OpenOrDie(other / "store");
  WriteFile(other / "a.ndjson",
            Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("old", Schema("a")) + "]") + "\n" +
                Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "r", "[" + Ds("old") + "]", "[" + Ds("down") + "]") +
                "\n" + again);
  WriteFile(other / "b.ndjson", Rename("2024-02-01T00:00:00Z", "old", "new"));
  ASSERT_EQ(Load({other / "a.ndjson"}), "");
  ASSERT_EQ(Load({other / "b.ndjson"}), "");
  EXPECT_EQ(SnapshotsOf(g()), one_load);
  ASSERT_EQ(Load({other / "b.ndjson"}), "");
  EXPECT_EQ(last_.facts, 0u);
}

TEST_F(OpenLineageTest, ALateRenameAfterLaterReadsOfTheOldNameKeepsThem) {
  // r still reads db:old on Mar 1st (a read does not end the redirect);
  // the rename of Feb 1st comes in a later load: placed at its own time,
  // the same graph as one load of everything.
  std::string late_read =
      Event("COMPLETE", "2024-03-01T00:00:00Z", kRun3, "r", "[" + Ds("old") + "]", "[" + Ds("down") + "]") + "\n";
  ASSERT_EQ(LoadText("all.ndjson", RenamePipeline() + late_read), "");
  EXPECT_TRUE(HasEdge("Dataset", "db:old", "RENAMED_TO", "Dataset", "db:new"));
  EXPECT_TRUE(HasEdge("Dataset", "db:old", "FEEDS", "Job", "ns:r"));
  std::string one_load = SnapshotsOf(g());
  TempDir other;
  store_ = OpenOrDie(other / "store");
  WriteFile(other / "a.ndjson",
            Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("old", Schema("a")) + "]") + "\n" +
                Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "r", "[" + Ds("old") + "]", "[" + Ds("down") + "]") +
                "\n" + late_read);
  WriteFile(other / "b.ndjson", Rename("2024-02-01T00:00:00Z", "old", "new"));
  ASSERT_EQ(Load({other / "a.ndjson"}), "");
  ASSERT_EQ(Load({other / "b.ndjson"}), "");
  EXPECT_EQ(SnapshotsOf(g()), one_load);
}

TEST_F(OpenLineageTest, RenameToAnExistingNameAndASwapBack) {
  // db:a and db:b both exist (Jan 1st). Feb 1st: a renamed to b (the
  // existing b stays one node); Mar 1st: b renamed back to a. Then b
  // redirects to a, a's redirect ended on Mar 1st: no cycle at any instant.
  std::string text = Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("a") + "," + Ds("b") + "]") +
                     "\n" + Rename("2024-02-01T00:00:00Z", "a", "b") + Rename("2024-03-01T00:00:00Z", "b", "a");
  ASSERT_EQ(LoadText("swap.ndjson", text), "");
  EXPECT_EQ(CountNodes("Dataset"), 2u);
  EXPECT_TRUE(HasEdge("Dataset", "db:a", "RENAMED_TO", "Dataset", "db:b", T("2024-02-15T00:00:00Z")));
  EXPECT_FALSE(HasEdge("Dataset", "db:b", "RENAMED_TO", "Dataset", "db:a", T("2024-02-15T00:00:00Z")));
  EXPECT_FALSE(HasEdge("Dataset", "db:a", "RENAMED_TO", "Dataset", "db:b"));
  EXPECT_TRUE(HasEdge("Dataset", "db:b", "RENAMED_TO", "Dataset", "db:a"));
  EXPECT_FALSE(HasEdge("Dataset", "db:a", "FEEDS", "Dataset", "db:b"));
  EXPECT_TRUE(HasEdge("Dataset", "db:b", "FEEDS", "Dataset", "db:a"));
  EXPECT_EQ(Prop("Dataset", "db:a", "renamed_to"), nullptr);
  EXPECT_EQ(Prop("Dataset", "db:b", "renamed_to")->as_string(), "db:a");
  EXPECT_EQ(Prop("Dataset", "db:a", "renamed_to", T("2024-02-15T00:00:00Z"))->as_string(), "db:b");
  ASSERT_EQ(LoadText("swap.ndjson", text), "");
  EXPECT_EQ(last_.facts, 0u);
}

TEST_F(OpenLineageTest, ARenameWithoutAPreviousNameOnlyRecordsTheState) {
  // Nothing says which name it had: the state is kept, no edge, no error;
  // a previous name that resolves to the dataset itself links nothing.
  std::string text = DatasetEvent("2024-02-01T00:00:00Z", Ds("new", Lifecycle("RENAME"))) + "\n" +
                     Rename("2024-02-02T00:00:00Z", "self", "self");
  ASSERT_EQ(LoadText("noprev.ndjson", text), "");
  EXPECT_EQ(Prop("Dataset", "db:new", "lifecycle_state")->as_string(), "RENAME");
  EXPECT_EQ(Prop("Dataset", "db:new", "previous_name"), nullptr);
  EXPECT_EQ(CountEdges("RENAMED_TO"), 0u);
  EXPECT_EQ(CountEdges("FEEDS"), 0u);
  EXPECT_EQ(Prop("Dataset", "db:self", "renamed_to"), nullptr);
  EXPECT_EQ(CountNodes("Dataset"), 2u);
}

TEST_F(OpenLineageTest, ARenameRepeatedOnStartAndCompleteStartsOnce) {
  // A job that renames reports the facet on START and on COMPLETE: the
  // redirect starts at START's time, once.
  std::string out = "[" + Ds("new", Lifecycle("RENAME", "old")) + "]";
  std::string text = Event("START", "2024-02-01T00:00:00Z", kRun1, "mv", "[]", out) + "\n" +
                     Event("COMPLETE", "2024-02-01T00:10:00Z", kRun1, "mv", "[]", out) + "\n";
  ASSERT_EQ(LoadText("mv.ndjson", text), "");
  auto old_id = Node("Dataset", "db:old");
  ASSERT_TRUE(old_id);
  auto hist = g().PropertyHistory(EntityKind::kNode, *old_id, *g().property_keys().Find("renamed_to"));
  ASSERT_EQ(hist.size(), 1u);
  EXPECT_EQ(hist[0].valid, (Interval{T("2024-02-01T00:00:00Z").micros, kForever}));
  EXPECT_TRUE(HasEdge("Dataset", "db:old", "RENAMED_TO", "Dataset", "db:new"));
  EXPECT_TRUE(HasEdge("Job", "ns:mv", "FEEDS", "Dataset", "db:new"));
}

TEST_F(OpenLineageTest, SymlinksAreAliasesResolvedInLaterEventsAndLoads) {
  std::string sym =
      R"({"symlinks":{"_producer":"p","_schemaURL":"s","identifiers":[{"namespace":"hive","name":"default.t","type":"TABLE"}]}})";
  ASSERT_EQ(LoadText("a.ndjson",
                     Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", sym) + "]") + "\n"),
            "");
  std::string via_alias = R"({"namespace":"hive","name":"default.t"})";
  ASSERT_EQ(LoadText("b.ndjson", Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "r", "[" + via_alias + "]") + "\n"),
            "");
  EXPECT_FALSE(Node("Dataset", "hive:default.t"));
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "FEEDS", "Job", "ns:r"));
  EXPECT_EQ(CountNodes("Dataset"), 1u);
  // In one load, an alias used before its declaration resolves too.
  TempDir other;
  store_ = OpenOrDie(other / "store");
  WriteFile(other / "c.ndjson",
            Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "r", "[" + via_alias + "]") + "\n" +
                Event("COMPLETE", "2024-01-03T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", sym) + "]") + "\n");
  ASSERT_EQ(Load({other / "c.ndjson"}), "");
  EXPECT_EQ(CountNodes("Dataset"), 1u);
}

TEST_F(OpenLineageTest, ParentFacetMakesParentOfAndOwnershipMakesOwners) {
  std::string parent = R"({"parent":{"_producer":"p","_schemaURL":"s","run":{"runId":")" + std::string(kRun2) +
                       R"("},"job":{"namespace":"ns","name":"dag"}}})";
  std::string owned =
      R"({"ownership":{"_producer":"p","_schemaURL":"s","owners":[{"name":"team:data","type":"TEAM"}]},)"
      R"("datasetType":{"_producer":"p","_schemaURL":"s","datasetType":"MODEL"}})";
  ASSERT_EQ(LoadText("p.ndjson", Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "task", "[]",
                                       "[" + Ds("m", owned) + "]", parent) +
                                     "\n"),
            "");
  EXPECT_TRUE(HasEdge("Run", kRun2, "PARENT_OF", "Run", kRun1));
  EXPECT_TRUE(HasEdge("Job", "ns:dag", "HAS_RUN", "Run", kRun2));
  EXPECT_FALSE(HasEdge("Job", "ns:dag", "FEEDS", "Dataset", "db:m"));
  EXPECT_TRUE(HasEdge("Owner", "team:data", "OWNS", "Dataset", "db:m"));
  EXPECT_EQ(CountNodes("Model"), 1u);
}

// A tags facet's tags with a `field` describe that column: they land on the
// Column node, the others on the Dataset (the demo's PII tags are per field).
TEST_F(OpenLineageTest, FieldTagsLandOnTheirColumnsAndTheRestOnTheDataset) {
  std::string tags = R"({"tags":{"_producer":"p","_schemaURL":"s","tags":[{"key":"sensitivity","value":"internal"},)"
                     R"({"key":"pii","value":"true","field":"email"},{"key":"retention","value":"1y","field":"email"},)"
                     R"({"key":"pii","field":"phone"}]}})";
  ASSERT_EQ(LoadText("tags.ndjson",
                     Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("crm", tags) + "]") + "\n"),
            "");
  const ValueList& ds = Prop("Dataset", "db:crm", "tags")->as_list();
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].as_string(), "sensitivity=internal");
  const ValueList& email = Prop("Column", "db:crm#email", "tags")->as_list();
  ASSERT_EQ(email.size(), 2u);
  EXPECT_EQ(email[0].as_string(), "pii=true");
  EXPECT_EQ(email[1].as_string(), "retention=1y");
  EXPECT_EQ(Prop("Column", "db:crm#phone", "tags")->as_list().at(0).as_string(), "pii");
  EXPECT_TRUE(HasEdge("Dataset", "db:crm", "HAS_COLUMN", "Column", "db:crm#email"));
}

TEST_F(OpenLineageTest, DataQualityMetricsLandOnTheVersionReadAndOnColumns) {
  std::string metrics =
      R"({"dataQualityMetrics":{"_producer":"p","_schemaURL":"s","rowCount":10,"columnMetrics":{"a":{"nullCount":1,)"
      R"("distinctCount":4,"min":0.5,"max":9.0,"quantiles":{"0.5":3.0}}}}})";
  std::string in = R"({"namespace":"db","name":"t","inputFacets":)" + metrics + "}";
  std::string text = Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", Schema("a")) + "]") +
                     "\n" + Event("START", "2024-01-02T00:00:00Z", kRun2, "r", "[" + in + "]") + "\n";
  ASSERT_EQ(LoadText("dq.ndjson", text), "");
  std::string ver = std::string("db:t@") + kRun1;
  EXPECT_EQ(Prop("DatasetVersion", ver, "dq.row_count")->as_int(), 10);
  EXPECT_EQ(Prop("DatasetVersion", ver, "dq.a.null_count")->as_int(), 1);
  EXPECT_EQ(Prop("DatasetVersion", ver, "dq.a.quantiles")->as_string(), R"({"0.5":3.0})");
  EXPECT_EQ(Prop("Column", "db:t#a", "dq.max")->as_double(), 9.0);
  EXPECT_EQ(Prop("Dataset", "db:t", "dq.row_count")->as_int(), 10);
}

// --- repeated facets (the mapper skips identical re-applications) ---------

std::string Lineage(const std::string& out, const std::string& in_ds, const std::string& in_field) {
  return R"({"columnLineage":{"_producer":"p","_schemaURL":"s","fields":{")" + out +
         R"(":{"inputFields":[{"namespace":"db","name":")" + in_ds + R"(","field":")" + in_field + R"("}]}}}})";
}

// Derived by hand: t's schema is (a, b) at day 1 and again, identical, at
// day 3; at day 2 the lineage of u names column c of t, which makes
// t HAS_COLUMN t#c valid from day 2. The day-3 schema does not list c, so it
// closes that edge at day 3 even though the schema facet itself repeats.
TEST_F(OpenLineageTest, ARepeatedSchemaStillClosesAColumnAddedInBetween) {
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", Schema("a,b")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "x", "[" + Ds("t") + "]",
            "[" + Ds("u", Lineage("o", "t", "c")) + "]") +
      "\n" + Event("COMPLETE", "2024-01-03T00:00:00Z", kRun3, "w", "[]", "[" + Ds("t", Schema("a,b")) + "]") + "\n";
  ASSERT_EQ(LoadText("repeat_schema.ndjson", text), "");
  EXPECT_FALSE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c", T("2024-01-01T12:00:00Z")));
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c", T("2024-01-02T12:00:00Z")));
  EXPECT_FALSE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c"));
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#b"));
}

// Derived by hand: u's lineage (o from t.c) at day 1 makes t HAS_COLUMN t#c
// valid; t's schema (a) at day 2 closes it; the identical lineage again at
// day 3 reopens it.
TEST_F(OpenLineageTest, ARepeatedLineageReopensAColumnEdgeClosedInBetween) {
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "x", "[]", "[" + Ds("u", Lineage("o", "t", "c")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-02T00:00:00Z", kRun2, "w", "[]", "[" + Ds("t", Schema("a")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-03T00:00:00Z", kRun3, "x", "[]", "[" + Ds("u", Lineage("o", "t", "c")) + "]") + "\n";
  ASSERT_EQ(LoadText("repeat_lineage.ndjson", text), "");
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c", T("2024-01-01T12:00:00Z")));
  EXPECT_FALSE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c", T("2024-01-02T12:00:00Z")));
  EXPECT_TRUE(HasEdge("Dataset", "db:t", "HAS_COLUMN", "Column", "db:t#c"));
  EXPECT_TRUE(HasEdge("Column", "db:t#c", "COLUMN_FEEDS", "Column", "db:u#o"));
}

// Derived by hand: the first load sets t's schema to (a) at day 10; the
// second, late one applies (a, b) at day 1 and the same (a, b) at day 20.
// The schema property is (a, b) before day 10, (a) from day 10 (the first
// load's) and (a, b) again from day 20: the repeat must not be skipped
// because the store holds later facts of t.
TEST_F(OpenLineageTest, ARepeatedSchemaOfADatasetInTheStoreIsApplied) {
  ASSERT_EQ(
      LoadText("first.ndjson",
               Event("COMPLETE", "2024-01-10T00:00:00Z", kRun1, "w", "[]", "[" + Ds("t", Schema("a")) + "]") + "\n"),
      "");
  std::string text =
      Event("COMPLETE", "2024-01-01T00:00:00Z", kRun2, "w", "[]", "[" + Ds("t", Schema("a,b")) + "]") + "\n" +
      Event("COMPLETE", "2024-01-20T00:00:00Z", kRun3, "w", "[]", "[" + Ds("t", Schema("a,b")) + "]") + "\n";
  ASSERT_EQ(LoadText("late.ndjson", text), "");
  const char kAB[] = R"([["a","INT"],["b","INT"]])";
  EXPECT_EQ(Prop("Dataset", "db:t", "schema", T("2024-01-05T00:00:00Z"))->as_string(), kAB);
  EXPECT_EQ(Prop("Dataset", "db:t", "schema", T("2024-01-15T00:00:00Z"))->as_string(), R"([["a","INT"]])");
  EXPECT_EQ(Prop("Dataset", "db:t", "schema")->as_string(), kAB);
}

// --- validation ------------------------------------------------------------

TEST_F(OpenLineageTest, ValidationErrorsNameFileLineAndPointer) {
  const std::string good = Event("START", "2024-01-01T00:00:00Z", kRun1, "j");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string e = good;
    size_t p = e.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    return e.replace(p, from.size(), to);
  };
  struct Case {
    std::string event, error;
  };
  const std::vector<Case> cases = {
      {with(R"("runId":"11111111-1111-4111-8111-111111111111",)", ""),
       "/run/runId: required field \"runId\" is missing"},
      {with("2024-01-01T00:00:00Z", "yesterday"), "/eventTime: \"yesterday\" is not an ISO-8601 date-time"},
      {with("2024-01-01T00:00:00Z", "2024-01-01"), "/eventTime: \"2024-01-01\" is not an ISO-8601 date-time"},
      {with(kRun1, "run-1"), "/run/runId: \"run-1\" is not a UUID"},
      {with(R"("START")", R"("DONE")"),
       "/eventType: \"DONE\" is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER"},
      {with(R"("name":"j")", R"("name":7)"), "/job/name: expected a string"},
      {with(R"("producer":"https://example.com/test",)", ""), "/producer: required field \"producer\" is missing"},
      {with(R"("outputs":[])", R"("outputs":[{"name":"x"}])"),
       "/outputs/0/namespace: required field \"namespace\" is missing"},
      {R"({"eventTime":"2024-01-01T00:00:00Z"})",
       ": not a RunEvent, DatasetEvent or JobEvent: it has none of \"run\", \"dataset\", \"job\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    std::string path = dir_ / "bad.ndjson";
    WriteFile(path, good + "\n\n" + c.event + "\n");
    EXPECT_EQ(Load({path}), path + ":3" + (c.error[0] == '/' ? ":" : "") + c.error);
  }
  std::string path = dir_ / "broken.ndjson";
  WriteFile(path, good + "\n{\"eventTime\": \n");
  std::string err = Load({path});
  EXPECT_EQ(err.rfind(path + ":2: invalid JSON: ", 0), 0u) << err;
  EXPECT_EQ(store_->last_seq(), 0u);
}

TEST_F(OpenLineageTest, JsonArrayErrorsNameTheLineWhereTheEventStarts) {
  std::string bad = Event("START", "2024-01-01T00:00:00Z", "nope", "j");
  std::string path = dir_ / "events.json";
  WriteFile(path, "[\n  " + Event("START", "2024-01-01T00:00:00Z", kRun1, "j") + ",\n\n  " + bad + "\n]\n");
  EXPECT_EQ(Load({path}), path + ":4:/run/runId: \"nope\" is not a UUID");
  // A pretty-printed single event: the line of its opening brace.
  nlohmann::json e = nlohmann::json::parse(bad);
  WriteFile(path, "\n\n" + e.dump(2) + "\n");
  EXPECT_EQ(Load({path}), path + ":3:/run/runId: \"nope\" is not a UUID");
}

TEST_F(OpenLineageTest, OneBadFileAmongSeveralWritesNothing) {
  WriteFile(dir_ / "a.ndjson", Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "j", "[]", "[" + Ds("x") + "]") + "\n");
  WriteFile(dir_ / "b.jsonl", Event("COMPLETE", "2024-01-01T00:00:00Z", "bad", "j") + "\n");
  std::string err = Load({dir_ / "a.ndjson", dir_ / "b.jsonl", kData + "marquez_event_full.json"});
  EXPECT_EQ(err, (dir_ / "b.jsonl") + ":1:/run/runId: \"bad\" is not a UUID");
  EXPECT_EQ(store_->last_seq(), 0u);
  EXPECT_EQ(g().node_count(), 0u);
}

TEST_F(OpenLineageTest, SkipLoadsTheGoodEventsAndQuarantinesTheBad) {
  std::string path = dir_ / "mixed.ndjson";
  WriteFile(path, Event("COMPLETE", "2024-01-01T00:00:00Z", kRun1, "j", "[]", "[" + Ds("x") + "]") + "\n" +
                      Event("START", "2024-01-01T00:00:00Z", kRun2, "j").replace(14, 5, "BEGIN") + "\nnot json\n");
  ASSERT_EQ(Load({path}, OnError::kSkip), "");
  EXPECT_EQ(skipped_, 2u);
  EXPECT_TRUE(HasEdge("Job", "ns:j", "FEEDS", "Dataset", "db:x"));
  std::string q = ReadText(path + ".quarantine.ndjson");
  std::istringstream lines(q);
  std::string line;
  std::vector<nlohmann::json> bad;
  while (std::getline(lines, line)) bad.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0]["error"],
            path + ":2:/eventType: \"BEGIN\" is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER");
  EXPECT_EQ(bad[0]["event"]["run"]["runId"], kRun2);
  EXPECT_EQ(bad[1]["line"], 3);
  EXPECT_EQ(bad[1]["event"], "not json");
}

}  // namespace
}  // namespace provgraph::loaders
