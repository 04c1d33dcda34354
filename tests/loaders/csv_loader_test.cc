// CSV bulk load (neo4j-admin import headers): what loads, and every error
// with its FILE:LINE message.
#include "loaders/csv_loader.h"

#include "engine/store.h"
#include "loaders/csv_reader.h"
#include "tests/engine/graph_dump.h"
#include "tests/test_util.h"

namespace provgraph::loaders {
namespace {

using provgraph::testing::CommitOrDie;
using provgraph::testing::DumpGraph;
using provgraph::testing::OpenOrDie;
using provgraph::testing::T;
using provgraph::testing::TempDir;
using provgraph::testing::WriteFile;

class CsvLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenOrDie(dir_ / "store"); }
  // Loads the given files; returns the error text ("" on success).
  std::string Load(const std::vector<std::pair<std::string, std::string>>& nodes,
                   const std::vector<std::pair<std::string, std::string>>& edges) {
    CsvLoadOptions options;
    for (const auto& [name, text] : nodes) {
      WriteFile(dir_ / name, text);
      options.node_files.push_back(dir_ / name);
    }
    for (const auto& [name, text] : edges) {
      WriteFile(dir_ / name, text);
      options.edge_files.push_back(dir_ / name);
    }
    options.at = T("2024-06-01T00:00:00Z");
    CommitInfo info;
    info.actor = "test";
    auto loaded = LoadCsv(*store_, options, info);
    if (!loaded.ok()) return loaded.status().ToString();
    return "";
  }
  std::string Path(const std::string& name) { return dir_ / name; }
  const Graph& g() { return store_->graph(); }
  const Value* Prop(const char* label, const char* key, const char* prop) {
    auto id = g().FindNode(label, key);
    auto p = g().property_keys().Find(prop);
    if (!id || !p) return nullptr;
    return g().Property(EntityKind::kNode, *id, *p, kLatest);
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CsvLoaderTest, LoadsTypedNodesAndRelationships) {
  std::string err =
      Load({{"nodes.csv",
             "name:ID,:LABEL,rows:int,ratio:double,pii:boolean,tags:string[],seen:datetime,day:date,note\n"
             "orders,Dataset;Table,42,0.5,true,a;b,2024-01-02T03:04:05Z,2024-01-02,\"has, comma\"\n"
             "etl,Job,,,,,,,\"multi\nline \"\"quoted\"\"\"\n"}},
           {{"edges.csv", ":START_ID,:END_ID,:TYPE,weight:float\norders,etl,FEEDS,1.5\n"}});
  ASSERT_EQ(err, "");
  EXPECT_EQ(Prop("Dataset", "orders", "rows")->as_int(), 42);
  EXPECT_EQ(Prop("Dataset", "orders", "ratio")->as_double(), 0.5);
  EXPECT_TRUE(Prop("Dataset", "orders", "pii")->as_bool());
  EXPECT_EQ(Prop("Dataset", "orders", "tags")->as_list().size(), 2u);
  EXPECT_EQ(Prop("Dataset", "orders", "seen")->as_timestamp(), T("2024-01-02T03:04:05Z"));
  EXPECT_EQ(Prop("Dataset", "orders", "day")->as_timestamp(), T("2024-01-02"));
  EXPECT_EQ(Prop("Dataset", "orders", "note")->as_string(), "has, comma");
  EXPECT_EQ(Prop("Dataset", "orders", "name")->as_string(), "orders") << "name:ID also stores name";
  EXPECT_EQ(Prop("Job", "etl", "note")->as_string(), "multi\nline \"quoted\"");
  EXPECT_EQ(Prop("Job", "etl", "rows"), nullptr) << "an empty cell is no property";
  auto orders = *g().FindNode("Dataset", "orders");
  EXPECT_TRUE(g().HasLabel(orders, *g().labels().Find("Table"), kLatest));
  ASSERT_EQ(g().edge_count(), 1u);
  EXPECT_EQ(g().edge_types().Name(g().EdgeType(0)), "FEEDS");
  EXPECT_TRUE(g().NodeValid(orders, T("2024-06-01T00:00:00Z")));
  EXPECT_FALSE(g().NodeValid(orders, T("2024-05-31T23:59:59Z"))) << "valid from --at";
}

TEST_F(CsvLoaderTest, IdSpacesAndStoreNodesAsLabelKey) {
  ASSERT_EQ(Load({{"a.csv", ":ID(Jobs),:LABEL\nx,Job\n"}, {"b.csv", ":ID(Data),:LABEL\nx,Dataset\n"}},
                 {{"e.csv", ":START_ID(Data),:END_ID(Jobs),:TYPE\nx,x,FEEDS\n"}}),
            "");
  EXPECT_EQ(g().EdgeSource(0), *g().FindNode("Dataset", "x"));
  EXPECT_EQ(g().EdgeTarget(0), *g().FindNode("Job", "x"));
  // A later load attaches a KPI to the stored dataset by Label:key.
  ASSERT_EQ(Load({{"k.csv", ":ID,:LABEL\nauc,KPI\n"}}, {{"e2.csv", ":START_ID,:END_ID,:TYPE\nDataset:x,auc,FEEDS\n"}}),
            "");
  EXPECT_EQ(g().EdgeSource(1), *g().FindNode("Dataset", "x"));
}

// Small canonical decimal ids are looked up in a dense array, any other id
// (leading zero, 2^22 or more, not a number) by hash: "7" and "007" are two
// nodes, and each edge reaches the node its cells name, in either id space.
TEST_F(CsvLoaderTest, NumericAndOtherIdsAreDistinctNodes) {
  ASSERT_EQ(
      Load({{"n.csv", ":ID,:LABEL\n7,X\n007,X\n4194303,X\n4194304,X\nx7,X\n"},
            {"m.csv", ":ID(Other),:LABEL\n7,Y\n007,Y\n"}},
           {{"e.csv", ":START_ID,:END_ID,:TYPE\n7,007,T\n007,4194303,T\n4194303,4194304,T\n4194304,x7,T\nx7,7,T\n"},
            {"f.csv", ":START_ID(Other),:END_ID,:TYPE\n7,7,U\n007,007,U\n"}}),
      "");
  ASSERT_EQ(g().node_count(), 7u);
  ASSERT_EQ(g().edge_count(), 7u);
  std::vector<std::pair<std::string, std::string>> want{
      {"7", "007"}, {"007", "4194303"}, {"4194303", "4194304"}, {"4194304", "x7"}, {"x7", "7"}};
  for (size_t e = 0; e < want.size(); ++e) {
    EXPECT_EQ(g().Key(g().EdgeSource(e)), want[e].first) << e;
    EXPECT_EQ(g().PrimaryLabel(g().EdgeSource(e)), *g().labels().Find("X")) << e;
    EXPECT_EQ(g().Key(g().EdgeTarget(e)), want[e].second) << e;
  }
  EXPECT_EQ(g().EdgeSource(5), *g().FindNode("Y", "7"));
  EXPECT_EQ(g().EdgeTarget(5), *g().FindNode("X", "7"));
  EXPECT_EQ(g().EdgeSource(6), *g().FindNode("Y", "007"));
  EXPECT_EQ(g().EdgeTarget(6), *g().FindNode("X", "007"));
}

TEST_F(CsvLoaderTest, ReloadIsIdempotent) {
  std::vector<std::pair<std::string, std::string>> nodes{{"n.csv", ":ID,:LABEL,v:int\na,X,1\nb,X,2\n"}};
  std::vector<std::pair<std::string, std::string>> edges{{"e.csv", ":START_ID,:END_ID,:TYPE\na,b,FEEDS\n"}};
  ASSERT_EQ(Load(nodes, edges), "");
  ASSERT_EQ(Load(nodes, edges), "");
  EXPECT_EQ(g().node_count(), 2u);
  EXPECT_EQ(g().edge_count(), 1u);
}

struct ErrorCase {
  const char* name;
  const char* nodes;  // may be null
  const char* edges;  // may be null
  const char* file;   // the file the error names
  const char* expected;
};

class CsvErrorTest : public CsvLoaderTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(CsvErrorTest, NamesFileLineAndWhatIsWrong) {
  const ErrorCase& c = GetParam();
  std::vector<std::pair<std::string, std::string>> nodes, edges;
  if (c.nodes) nodes.push_back({"nodes.csv", c.nodes});
  if (c.edges) edges.push_back({"edges.csv", c.edges});
  std::string err = Load(nodes, edges);
  std::string expected = c.expected;
  if (auto at = expected.find("{dir}"); at != std::string::npos) expected.replace(at, 5, dir_.path());
  EXPECT_EQ(err, Path(c.file) + expected);
  EXPECT_EQ(g().node_count(), 0u) << "nothing is loaded";
  EXPECT_EQ(store_->last_seq(), 0u) << "nothing is written";
}

const char* const kOkNodes = ":ID,:LABEL\na,X\nb,X\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, CsvErrorTest,
    ::testing::Values(
        ErrorCase{"MissingIdColumn", ":LABEL,name\nX,a\n", nullptr, "nodes.csv",
                  ":1: bad header: a nodes file needs a :ID column"},
        ErrorCase{"MissingLabelColumn", ":ID,name\na,b\n", nullptr, "nodes.csv",
                  ":1: bad header: a nodes file needs a :LABEL column"},
        ErrorCase{"TwoIdColumns", ":ID,:ID,:LABEL\na,b,X\n", nullptr, "nodes.csv",
                  ":1: bad header: more than one :ID column"},
        ErrorCase{"UnknownType", ":ID,:LABEL,age:integer\na,X,1\n", nullptr, "nodes.csv",
                  ":1: bad header: unknown type 'integer' in column 'age:integer' (expected int, long, float, double, "
                  "boolean, string, datetime or date, optionally with [])"},
        ErrorCase{"RelationshipColumnInNodes", ":ID,:LABEL,:TYPE\na,X,T\n", nullptr, "nodes.csv",
                  ":1: bad header: column ':TYPE' belongs in a relationships file"},
        ErrorCase{"ReservedKey", ":ID,:LABEL,key\na,X,k\n", nullptr, "nodes.csv",
                  ":1: bad header: 'key' is reserved for the node's natural key (:ID)"},
        ErrorCase{"EmptyFile", "", nullptr, "nodes.csv", ":1: the file is empty: a header row is needed"},
        ErrorCase{"TooFewFields", ":ID,:LABEL,v:int\na,X,1\nb,X\n", nullptr, "nodes.csv",
                  ":3: expected 3 fields as in the header, found 2"},
        ErrorCase{"TooManyFields", ":ID,:LABEL\na,X,1\n", nullptr, "nodes.csv",
                  ":2: expected 2 fields as in the header, found 3"},
        ErrorCase{"BadInteger", ":ID,:LABEL,v:int\na,X,1\nb,X,12x\n", nullptr, "nodes.csv",
                  ":3: column 'v:int': '12x' is not an integer"},
        ErrorCase{"BadFloat", ":ID,:LABEL,v:double\na,X,1.5.2\n", nullptr, "nodes.csv",
                  ":2: column 'v:double': '1.5.2' is not a number"},
        ErrorCase{"BadBoolean", ":ID,:LABEL,v:boolean\na,X,yes\n", nullptr, "nodes.csv",
                  ":2: column 'v:boolean': 'yes' is not a boolean (true or false)"},
        ErrorCase{"BadArrayItem", ":ID,:LABEL,v:int[]\na,X,1;two\n", nullptr, "nodes.csv",
                  ":2: column 'v:int[]': 'two' is not an integer"},
        ErrorCase{"BadDatetime", ":ID,:LABEL,v:datetime\na,X,2024-02-30\n", nullptr, "nodes.csv",
                  ":2: column 'v:datetime': invalid timestamp '2024-02-30': no such date"},
        ErrorCase{"DuplicateId", ":ID,:LABEL\na,X\nb,X\na,Y\n", nullptr, "nodes.csv",
                  ":4: duplicate node id 'a' (first at {dir}/nodes.csv:2)"},
        ErrorCase{"DuplicateNumericId", ":ID,:LABEL\n7,X\n8,X\n7,Y\n", nullptr, "nodes.csv",
                  ":4: duplicate node id '7' (first at {dir}/nodes.csv:2)"},
        ErrorCase{"NoLabel", ":ID,:LABEL\na,\n", nullptr, "nodes.csv", ":2: node 'a' has no label"},
        ErrorCase{"UnterminatedQuote", ":ID,:LABEL\n\"a,X\n", nullptr, "nodes.csv", ":2: unterminated quoted field"},
        ErrorCase{"DanglingStartId", kOkNodes, ":START_ID,:END_ID,:TYPE\na,b,FEEDS\nzz,b,FEEDS\n", "edges.csv",
                  ":3: :START_ID 'zz' is neither a node id of this load nor a Label:key node in the store"},
        ErrorCase{"DanglingEndId", kOkNodes, ":START_ID,:END_ID,:TYPE\na,X:nope,FEEDS\n", "edges.csv",
                  ":2: :END_ID 'X:nope' is neither a node id of this load nor a Label:key node in the store"},
        ErrorCase{"MissingType", kOkNodes, ":START_ID,:END_ID\na,b\n", "edges.csv",
                  ":1: bad header: a relationships file needs a :TYPE column"},
        ErrorCase{"EmptyType", kOkNodes, ":START_ID,:END_ID,:TYPE\na,b,\n", "edges.csv", ":2: empty :TYPE"},
        ErrorCase{"BadEdgeNumber", kOkNodes, ":START_ID,:END_ID,:TYPE,w:long\na,b,T,NaN\n", "edges.csv",
                  ":2: column 'w:long': 'NaN' is not an integer"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

// LoadCsv parses on a second thread and hands the store segments of about
// segment_ops ops: with tiny segments, every row pattern crosses them.
TEST_F(CsvLoaderTest, TinySegmentsGiveTheSameGraphAsOneBatch) {
  std::string nodes = ":ID,:LABEL,rows:int\n", edges = ":START_ID,:END_ID,:TYPE\n";
  for (int i = 0; i < 200; ++i) nodes += "n" + std::to_string(i) + ",Dataset," + std::to_string(i) + "\n";
  for (int i = 1; i < 200; ++i) {
    edges += "n" + std::to_string(i - 1) + ",n" + std::to_string(i) + ",FEEDS\n";
    edges += "n0,n" + std::to_string(i) + ",OWNS\n";
  }
  WriteFile(Path("n.csv"), nodes);
  WriteFile(Path("e.csv"), edges);
  CsvLoadOptions options;
  options.node_files = {Path("n.csv")};
  options.edge_files = {Path("e.csv")};
  options.at = T("2024-06-01T00:00:00Z");
  options.segment_ops = 7;
  auto loaded = LoadCsv(*store_, options, CommitInfo{});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->rows.node_rows, 200u);
  EXPECT_EQ(loaded->rows.edge_rows, 398u);
  // 200 nodes, 199 rows properties (n0 has rows=0, set too), 398 edges,
  // symbols Dataset, rows, FEEDS, OWNS.
  EXPECT_EQ(loaded->commit.counts.nodes_created, 200u);
  EXPECT_EQ(loaded->commit.counts.properties_set, 200u);
  EXPECT_EQ(loaded->commit.counts.edges_created, 398u);
  EXPECT_EQ(loaded->commit.counts.facts, 200u + 200u + 398u + 4u);

  TempDir other;
  auto one = OpenOrDie(other.path());
  Batch batch;
  ASSERT_TRUE(BuildCsvBatch(options, batch).ok());
  CommitOrDie(*one, batch);
  EXPECT_EQ(DumpGraph(one->graph()), DumpGraph(g()));
}

TEST_F(CsvLoaderTest, AnErrorInALaterSegmentWritesNothing) {
  std::string nodes = ":ID,:LABEL\n", edges = ":START_ID,:END_ID,:TYPE\n";
  for (int i = 0; i < 100; ++i) nodes += "n" + std::to_string(i) + ",Dataset\n";
  for (int i = 1; i < 100; ++i) edges += "n" + std::to_string(i - 1) + ",n" + std::to_string(i) + ",FEEDS\n";
  WriteFile(Path("n.csv"), nodes);
  WriteFile(Path("bad_ref.csv"), edges + "n5,Dataset:nope,FEEDS\n");
  WriteFile(Path("bad_row.csv"), edges + "n5,n6\n");
  for (const char* file : {"bad_ref.csv", "bad_row.csv"}) {
    CsvLoadOptions options;
    options.node_files = {Path("n.csv")};
    options.edge_files = {Path(file)};
    options.at = T("2024-06-01T00:00:00Z");
    options.segment_ops = 10;
    auto loaded = LoadCsv(*store_, options, CommitInfo{});
    ASSERT_FALSE(loaded.ok());
    std::string expected = std::string(file) == "bad_ref.csv"
                               ? ":101: :END_ID 'Dataset:nope' is neither a node id of this load nor a Label:key node "
                                 "in the store"
                               : ":101: expected 3 fields as in the header, found 2";
    EXPECT_EQ(loaded.status().ToString(), Path(file) + expected);
    EXPECT_EQ(g().node_count(), 0u);
    EXPECT_EQ(store_->last_seq(), 0u);
  }
}

TEST_F(CsvLoaderTest, MissingFileIsAnIoErrorNamingIt) {
  CsvLoadOptions options;
  options.node_files = {Path("absent.csv")};
  Batch batch;
  auto r = BuildCsvBatch(options, batch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(), Path("absent.csv") + ": cannot open file: No such file or directory");
}

TEST_F(CsvLoaderTest, OneBadFileAmongSeveralWritesNothing) {
  std::string err = Load({{"good.csv", ":ID,:LABEL\na,X\n"}, {"bad.csv", ":ID,:LABEL,v:int\nb,X,oops\n"}}, {});
  EXPECT_EQ(err, Path("bad.csv") + ":2: column 'v:int': 'oops' is not an integer");
  EXPECT_EQ(g().node_count(), 0u);
  EXPECT_EQ(store_->last_seq(), 0u);
}

// The reader gives the pages of the bytes already read back to the system
// (ReleaseConsumed): the records after that must read as written. ~3.4 MB:
// 60,000 rows of 57-byte fields, released about every MB.
TEST(CsvReaderTest, RecordsReadAfterReleasingTheReadPagesAreIntact) {
  TempDir dir;
  auto field = [](int i, char c) { return std::to_string(i) + std::string(50, c); };
  std::string text = "a,b\n";
  for (int i = 0; i < 60000; ++i) text += field(i, 'x') + "," + field(i, 'y') + "\n";
  WriteFile(dir.path() + "/big.csv", text);
  auto reader = CsvReader::Open(dir.path() + "/big.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string_view> fields;
  Status error;
  ASSERT_TRUE(reader->Next(fields, error));
  for (int i = 0; i < 60000; ++i) {
    reader->ReleaseConsumed();
    ASSERT_TRUE(reader->Next(fields, error)) << "row " << i;
    ASSERT_TRUE(error.ok()) << error.ToString();
    ASSERT_EQ(fields.size(), 2u);
    ASSERT_EQ(fields[0], field(i, 'x'));
    ASSERT_EQ(fields[1], field(i, 'y'));
  }
  EXPECT_FALSE(reader->Next(fields, error));
  // The first MB was given back: its pages read as zeros now.
  EXPECT_EQ(reader->data()[size_t{1} << 20], '\0');
  EXPECT_EQ(reader->data()[text.size() - 1], '\n');
}

// A load whose files are large enough for the parser to give their read
// pages back (every 16,384 rows, once a MB was read): every node, property
// and edge arrives. Edge i links node i mod 20000 to node (i * 7919) mod
// 20000 (7919 is prime and coprime to 20000, so no edge repeats), ids
// padded to 40 characters: 20,000 node rows of ~70 bytes and 40,000 edge
// rows of ~90.
TEST_F(CsvLoaderTest, ALargeEdgesFileIsLoadedWhole) {
  auto id = [](int i) { return "node-" + std::string(35 - std::to_string(i).size(), '0') + std::to_string(i); };
  auto note = [](int i) { return "note " + std::to_string(i * 3) + std::string(16, '.'); };
  std::string nodes = ":ID,:LABEL,note\n", edges = ":START_ID,:END_ID,:TYPE\n";
  for (int i = 0; i < 20000; ++i) nodes += id(i) + ",Dataset," + note(i) + "\n";
  for (int i = 0; i < 40000; ++i) {
    int src = i % 20000, dst = static_cast<int>((int64_t{i} * 7919) % 20000);
    edges += id(src) + "," + id(dst) + (i < 20000 ? ",FEEDS\n" : ",OWNS\n");
  }
  ASSERT_GT(nodes.size(), size_t{1} << 20);
  ASSERT_GT(edges.size(), size_t{3} << 20);
  ASSERT_EQ(Load({{"n.csv", nodes}}, {{"e.csv", edges}}), "");
  ASSERT_EQ(g().node_count(), 20000u);
  ASSERT_EQ(g().edge_count(), 40000u);
  for (int i = 0; i < 20000; ++i) {
    const Value* v = Prop("Dataset", id(i).c_str(), "note");
    ASSERT_TRUE(v) << i;
    ASSERT_EQ(v->as_string(), note(i));
  }
  uint32_t feeds = *g().edge_types().Find("FEEDS"), owns = *g().edge_types().Find("OWNS");
  for (int i = 0; i < 40000; ++i) {
    auto src = g().FindNode("Dataset", id(i % 20000));
    auto dst = g().FindNode("Dataset", id(static_cast<int>((int64_t{i} * 7919) % 20000)));
    ASSERT_TRUE(src && dst) << i;
    ASSERT_TRUE(g().FindEdge(*src, i < 20000 ? feeds : owns, *dst).has_value()) << "edge " << i;
  }
}

}  // namespace
}  // namespace provgraph::loaders
