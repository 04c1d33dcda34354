// Metric series and samples in the store: the record codec, round trips
// through reopen, AS OF, idempotent reloads (an audit entry with zero
// counts), superseding with history, samples by time, the format version,
// audit tampering of a series record, and another process's commits.
#include "engine/series.h"

#include <lmdb.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/coding.h"
#include "engine/store.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CommitOrDie;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

std::vector<MetricPoint> Points(std::initializer_list<std::pair<const char*, double>> pts) {
  std::vector<MetricPoint> out;
  for (const auto& [t, v] : pts) out.push_back({T(t), v});
  return out;
}

SampleValues Numbers(std::vector<double> v, uint64_t missing = 0) {
  SampleValues s;
  s.numbers = std::move(v);
  s.missing = missing;
  return s;
}

SampleValues Labels(std::vector<std::string> v, uint64_t missing = 0) {
  SampleValues s;
  s.categorical = true;
  s.labels = std::move(v);
  s.missing = missing;
  return s;
}

// A batch that creates KPI:acc (valid from 2024-01-01) with `points` of
// "accuracy".
Batch AccuracyBatch(std::vector<MetricPoint> points) {
  Batch b;
  auto n = b.UpsertNode({"KPI"}, "acc", T("2024-01-01"));
  b.AddMetricPoints(n, "accuracy", std::move(points));
  return b;
}

// Opens the LMDB environment of a store directly (for tampering).
struct RawEnv {
  explicit RawEnv(const std::string& dir) {
    EXPECT_EQ(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 8);
    mdb_env_set_mapsize(env, size_t{1} << 30);
    EXPECT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), 0);
  }
  ~RawEnv() { mdb_env_close(env); }
  // Replaces (or with `erase`, deletes) the value under `key` in `db`.
  void Put(const char* db, const std::string& key, const std::function<void(std::string&)>& change,
           bool erase = false) {
    MDB_txn* txn;
    MDB_dbi dbi;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    ASSERT_EQ(mdb_dbi_open(txn, db, 0, &dbi), 0);
    MDB_val k{key.size(), const_cast<char*>(key.data())}, v;
    if (erase) {
      ASSERT_EQ(mdb_del(txn, dbi, &k, nullptr), 0);
    } else {
      int rc = mdb_get(txn, dbi, &k, &v);
      std::string value = rc == 0 ? std::string(static_cast<char*>(v.mv_data), v.mv_size) : std::string();
      change(value);
      MDB_val nv{value.size(), value.data()};
      ASSERT_EQ(mdb_put(txn, dbi, &k, &nv, 0), 0);
    }
    ASSERT_EQ(mdb_txn_commit(txn), 0);
  }
  MDB_env* env = nullptr;
};

std::string Key(uint32_t seq, uint32_t idx) {
  std::string k;
  coding::PutBigEndian32(k, seq);
  coding::PutBigEndian32(k, idx);
  return k;
}

TEST(SeriesRecordTest, MetricPointsAndSamplesRoundTrip) {
  SeriesRecord points;
  points.node = 300;
  points.name = "row_count";
  // Times go backwards once: deltas are zig-zag encoded.
  points.points = {{Timestamp{-5}, 1.5}, {Timestamp{1000}, -2.25}, {Timestamp{999}, 0.0}};
  std::string bytes;
  points.EncodeTo(bytes);
  // kind 1, node 300 = varint ac 02, name, count 3, deltas zz(-5)=9,
  // zz(1005)=2010 (da 0f), zz(-1)=1, then 3 doubles of 8 bytes.
  ASSERT_EQ(bytes.size(), 1 + 2 + 1 + 9 + 1 + 1 + 2 + 1 + 24u);
  EXPECT_EQ(bytes.substr(0, 3), std::string("\x01\xac\x02", 3));
  SeriesRecord back;
  ASSERT_TRUE(SeriesRecord::Decode(bytes, back).ok());
  EXPECT_EQ(back.kind, SeriesKind::kMetricPoints);
  EXPECT_EQ(back.node, 300u);
  EXPECT_EQ(back.name, "row_count");
  EXPECT_EQ(back.points, points.points);

  SeriesRecord sample;
  sample.kind = SeriesKind::kSample;
  sample.node = 7;
  sample.name = "city";
  sample.at = T("2024-03-01");
  sample.sample = Labels({"Oslo", "", "Lima"}, 2);
  bytes.clear();
  sample.EncodeTo(bytes);
  ASSERT_TRUE(SeriesRecord::Decode(bytes, back).ok());
  EXPECT_EQ(back.kind, SeriesKind::kSample);
  EXPECT_EQ(back.at, T("2024-03-01"));
  EXPECT_TRUE(back.sample.SameAs(sample.sample));
  EXPECT_EQ(back.sample.missing, 2u);

  EXPECT_EQ(SeriesRecord::Decode(bytes + "x", back).message(), "series record: trailing bytes");
  EXPECT_EQ(SeriesRecord::Decode(bytes.substr(0, bytes.size() - 2), back).code(), StatusCode::kCorruption);
  EXPECT_EQ(SeriesRecord::Decode("\x09", back).message(), "series record: unknown kind");
}

TEST(SeriesStoreTest, PointsSurviveReopenSortedByTime) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    Batch b = AccuracyBatch(Points({{"2024-01-03", 0.91}, {"2024-01-01", 0.95}, {"2024-01-02", 0.93}}));
    auto n = b.UpsertNode({"KPI"}, "acc", T("2024-01-01"));
    b.AddMetricPoints(n, "latency_ms", Points({{"2024-01-02", 120}}));
    CommitResult r = CommitOrDie(*store, b);
    EXPECT_EQ(r.series.metric_points, 4u);
    EXPECT_EQ(r.series.metric_points_unchanged, 0u);
  }
  auto store = OpenOrDie(dir.path());
  NodeId acc = *store->graph().FindNode("KPI", "acc");
  EXPECT_EQ(store->series().MetricSeries(acc, "accuracy"),
            Points({{"2024-01-01", 0.95}, {"2024-01-02", 0.93}, {"2024-01-03", 0.91}}));
  EXPECT_EQ(store->series().MetricNames(acc), (std::vector<std::string>{"accuracy", "latency_ms"}));
  EXPECT_EQ(store->series().stored_points(), 4u);
  EXPECT_EQ(store->series().metric_series(), 2u);
  EXPECT_TRUE(store->series().MetricSeries(acc, "nope").empty());
  EXPECT_TRUE(store->series().MetricNames(acc + 1).empty());
}

TEST(SeriesStoreTest, AsOfKeepsPointsAtOrBeforeTheInstant) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-01", 1}, {"2024-01-02", 2}, {"2024-01-03", 3}})));
  NodeId acc = *store->graph().FindNode("KPI", "acc");
  const SeriesIndex& s = store->series();
  EXPECT_EQ(s.MetricSeries(acc, "accuracy", T("2024-01-02")), Points({{"2024-01-01", 1}, {"2024-01-02", 2}}));
  EXPECT_EQ(s.MetricSeries(acc, "accuracy", Timestamp{T("2024-01-02").micros - 1}), Points({{"2024-01-01", 1}}));
  EXPECT_TRUE(s.MetricSeries(acc, "accuracy", T("2023-12-31")).empty());
}

TEST(SeriesStoreTest, ReloadingTheSamePointsWritesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  auto points = Points({{"2024-01-01", 0.5}, {"2024-01-02", 0.25}});
  CommitOrDie(*store, AccuracyBatch(points));
  CommitResult again = CommitOrDie(*store, AccuracyBatch(points));
  EXPECT_EQ(again.seq, 2u);
  EXPECT_EQ(again.counts.facts, 0u);
  EXPECT_EQ(again.series.metric_points, 0u);
  EXPECT_EQ(again.series.metric_points_unchanged, 2u);
  EXPECT_EQ(store->series().stored_points(), 2u);
  auto entries = store->AuditEntries();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].counts["metric_points"], 2);
  EXPECT_EQ((*entries)[1].counts["metric_points"], 0);
  EXPECT_EQ((*entries)[1].counts["facts"], 0);
  // The digest of a batch that wrote no record is SHA-256 of nothing
  // (hashlib.sha256(b"").hexdigest()).
  EXPECT_EQ((*entries)[1].data_digest, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  auto report = store->VerifyAudit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST(SeriesStoreTest, ADifferentValueSupersedesAndHistoryIsKept) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-01", 0.5}, {"2024-01-02", 0.25}})));
    CommitResult r = CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-02", 0.75}, {"2024-01-01", 0.5}})));
    EXPECT_EQ(r.series.metric_points, 1u);
    EXPECT_EQ(r.series.metric_points_unchanged, 1u);
  }
  auto store = OpenOrDie(dir.path());
  NodeId acc = *store->graph().FindNode("KPI", "acc");
  EXPECT_EQ(store->series().MetricSeries(acc, "accuracy"), Points({{"2024-01-01", 0.5}, {"2024-01-02", 0.75}}));
  std::vector<StoredPoint> history = store->series().MetricHistory(acc, "accuracy");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].time, T("2024-01-02").micros);
  EXPECT_EQ(history[1].value, 0.25);
  EXPECT_EQ(history[1].seq, 1u);
  EXPECT_EQ(history[2].value, 0.75);
  EXPECT_EQ(history[2].seq, 2u);
  // Going back to the first value is a change again.
  CommitResult back = CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-02", 0.25}})));
  EXPECT_EQ(back.series.metric_points, 1u);
  EXPECT_EQ(*store->series().PointAt(acc, "accuracy", T("2024-01-02")), 0.25);
}

TEST(SeriesStoreTest, WithinOneBatchTheLastPointForATimeWins) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch b = AccuracyBatch(Points({{"2024-01-01", 1}}));
  auto n = b.UpsertNode({"KPI"}, "acc", T("2024-01-01"));
  b.AddMetricPoints(n, "accuracy", Points({{"2024-01-01", 2}}));
  CommitResult r = CommitOrDie(*store, b);
  EXPECT_EQ(r.series.metric_points, 1u);
  EXPECT_EQ(store->series().MetricSeries(*store->graph().FindNode("KPI", "acc"), "accuracy"),
            Points({{"2024-01-01", 2}}));
}

TEST(SeriesStoreTest, ALongSeriesIsSplitOverRecordsAndReadBack) {
  TempDir dir;
  std::vector<MetricPoint> points;
  for (size_t i = 0; i < kMaxPointsPerRecord + 5; ++i) {
    points.push_back({Timestamp{static_cast<int64_t>(i) * 1000000}, static_cast<double>(i % 97)});
  }
  {
    auto store = OpenOrDie(dir.path());
    CommitOrDie(*store, AccuracyBatch(points));
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->series().MetricSeries(*store->graph().FindNode("KPI", "acc"), "accuracy"), points);
  // Two records: idx 0 with 65536 points, idx 1 with 5.
  RawEnv env(dir.path());
  MDB_txn* txn;
  MDB_dbi dbi;
  ASSERT_EQ(mdb_txn_begin(env.env, nullptr, MDB_RDONLY, &txn), 0);
  ASSERT_EQ(mdb_dbi_open(txn, "series", 0, &dbi), 0);
  MDB_stat st;
  ASSERT_EQ(mdb_stat(txn, dbi, &st), 0);
  EXPECT_EQ(st.ms_entries, 2u);
  mdb_txn_abort(txn);
}

TEST(SeriesStoreTest, SamplesAreFoundByColumnAndTime) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    Batch b;
    auto ds = b.UpsertNode({"Dataset"}, "db:t", T("2024-01-01"));
    b.AddSample(ds, "age", T("2024-01-10"), Numbers({30, 41.5}, 1));
    b.AddSample(ds, "city", T("2024-01-10"), Labels({"Oslo", "Lima"}));
    b.AddSample(ds, "age", T("2024-01-20"), Numbers({33}));
    CommitResult r = CommitOrDie(*store, b);
    EXPECT_EQ(r.series.samples, 3u);
  }
  auto store = OpenOrDie(dir.path());
  NodeId ds = *store->graph().FindNode("Dataset", "db:t");
  const SeriesIndex& s = store->series();
  EXPECT_EQ(s.SampleColumns(ds), (std::vector<std::string>{"age", "city"}));
  const StoredSample* latest = s.Sample(ds, "age");
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->at, T("2024-01-20"));
  EXPECT_EQ(latest->values.numbers, (std::vector<double>{33}));
  const StoredSample* mid = s.Sample(ds, "age", T("2024-01-15"));
  ASSERT_NE(mid, nullptr);
  EXPECT_EQ(mid->values.numbers, (std::vector<double>{30, 41.5}));
  EXPECT_EQ(mid->values.missing, 1u);
  EXPECT_EQ(s.Sample(ds, "age", T("2024-01-09")), nullptr);
  EXPECT_EQ(s.SampleAt(ds, "age", T("2024-01-15")), nullptr);
  ASSERT_NE(s.Sample(ds, "city"), nullptr);
  EXPECT_TRUE(s.Sample(ds, "city")->values.categorical);
  EXPECT_EQ(s.Sample(ds, "city")->values.labels, (std::vector<std::string>{"Oslo", "Lima"}));
  std::vector<ColumnSample> all = s.Samples(ds);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].column, "age");
  EXPECT_EQ(all[0].sample->at, T("2024-01-10"));
  EXPECT_EQ(all[2].column, "city");

  // The same sample again is skipped; other values at the same time supersede.
  Batch same;
  same.AddSample(same.RefNode(ds), "age", T("2024-01-10"), Numbers({30, 41.5}, 1));
  same.AddSample(same.RefNode(ds), "city", T("2024-01-10"), Labels({"Oslo", "Lima"}, 1));
  CommitResult r = CommitOrDie(*store, same);
  EXPECT_EQ(r.series.samples, 1u);
  EXPECT_EQ(r.series.samples_unchanged, 1u);
  EXPECT_EQ(s.Sample(ds, "city")->values.missing, 1u);
  EXPECT_EQ(s.Sample(ds, "city")->seq, 2u);
  EXPECT_EQ(s.Samples(ds).size(), 3u);
  EXPECT_EQ(s.stored_samples(), 4u);
}

TEST(SeriesStoreTest, AVersionTwoStoreIsNotSupported) {
  TempDir dir;
  { OpenOrDie(dir.path()); }
  {
    RawEnv env(dir.path());
    env.Put("meta", "format_version", [](std::string& v) { v = "2"; });
  }
  auto s = Store::Open(dir.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIncompatible);
  EXPECT_EQ(s.status().message(), "store format version 2 is not supported: this provgraph reads version 3");
}

class SeriesAuditTest : public ::testing::Test {
 protected:
  // Batch 1 creates the KPI, batch 2 writes two points, batch 3 a sample.
  void SetUp() override {
    auto store = OpenOrDie(dir_.path());
    Batch b1;
    b1.UpsertNode({"KPI"}, "acc", T("2024-01-01"));
    CommitOrDie(*store, b1);
    CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-01", 0.5}, {"2024-01-02", 0.25}})));
    Batch b3;
    b3.AddSample(b3.RefNode(0), "age", T("2024-01-02"), Numbers({1, 2}));
    CommitOrDie(*store, b3);
    auto report = store->VerifyAudit();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok()) << report->problem;
  }
  AuditReport Verify() {
    StoreOptions options;
    options.skip_graph = true;
    auto store = Store::Open(dir_.path(), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    auto report = (*store)->VerifyAudit();
    EXPECT_TRUE(report.ok());
    return *report;
  }
  TempDir dir_;
};

TEST_F(SeriesAuditTest, AFlippedByteInAPointNamesItsBatch) {
  {
    RawEnv env(dir_.path());
    env.Put("series", Key(2, 0), [](std::string& v) { v[v.size() - 1] ^= 0x01; });
  }
  AuditReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.first_bad, 2u);
  EXPECT_EQ(r.problem, "data digest mismatch: the records this batch wrote were altered");
}

TEST_F(SeriesAuditTest, ADeletedSampleNamesItsBatch) {
  {
    RawEnv env(dir_.path());
    env.Put("series", Key(3, 0), nullptr, /*erase=*/true);
  }
  AuditReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.first_bad, 3u);
}

TEST_F(SeriesAuditTest, ARecordMovedFromSeriesToFactsIsCaught) {
  // Same key and value, other database: the 'S' prefix tells them apart.
  std::string value;
  {
    RawEnv env(dir_.path());
    env.Put("series", Key(2, 0), [&](std::string& v) { value = v; });
    env.Put("series", Key(2, 0), nullptr, /*erase=*/true);
    env.Put("facts", Key(2, 0), [&](std::string& v) { v = value; });
  }
  AuditReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.first_bad, 2u);
}

TEST_F(SeriesAuditTest, ASeriesRecordWithoutAnAuditEntryIsReported) {
  {
    RawEnv env(dir_.path());
    env.Put("series", Key(9, 0), [](std::string& v) { v = "x"; });
  }
  AuditReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.first_bad, 9u);
  EXPECT_EQ(r.problem, "series records without an audit entry");
}

TEST_F(SeriesAuditTest, ACorruptRecordFailsTheOpenNamingTheBatch) {
  {
    RawEnv env(dir_.path());
    env.Put("series", Key(2, 0), [](std::string& v) { v += "zz"; });
  }
  auto s = Store::Open(dir_.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "batch 2 series record 0: series record: trailing bytes (run 'provgraph audit verify')");
}

TEST(SeriesStoreTest, AnotherProcessSeesNewPointsAfterRefresh) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-01", 1}})));
  NodeId acc = *store->graph().FindNode("KPI", "acc");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A separate process with its own environment handle.
    auto other = Store::Open(dir.path());
    bool ok = other.ok() && (*other)->Commit(AccuracyBatch(Points({{"2024-01-02", 2}})), CommitInfo{}).ok();
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(store->series().MetricSeries(acc, "accuracy").size(), 1u);
  ASSERT_TRUE(store->Refresh().ok());
  EXPECT_EQ(store->series().MetricSeries(acc, "accuracy"), Points({{"2024-01-01", 1}, {"2024-01-02", 2}}));
  // Our next commit builds on the other process's batch.
  CommitResult r = CommitOrDie(*store, AccuracyBatch(Points({{"2024-01-02", 2}, {"2024-01-03", 3}})));
  EXPECT_EQ(r.seq, 3u);
  EXPECT_EQ(r.series.metric_points, 1u);
}

}  // namespace
}  // namespace provgraph
