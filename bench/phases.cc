// phases: where the time of a CSV load and of a store open goes, by timing
// the engine's public steps one by one (a diagnostic for bench/RESULTS.md,
// not a benchmark of its own).
//
//   phases load DATA_DIR SCRATCH_STORE_DIR   # SCRATCH_STORE_DIR is deleted and recreated
//   phases open STORE_DIR
//
// load: BuildCsvBatch (read + parse + check) | ResolveBatch into a fresh
//       graph (facts encoded and applied) | SHA-256 record digest of the
//       facts | Store::Commit of the same batch into a new store (resolve +
//       write + digest + audit entry + fsync).
// open: LMDB cursor scan of the fact log (chunk records, FORMAT.md
//       version 2) | scan + Fact::Decode | scan +
//       decode + Graph::Apply into a fresh graph (what Store::Open does) |
//       the CSR adjacency build of the first query | Store::Open itself.
#include <lmdb.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "bench/bench_common.h"
#include "engine/audit.h"
#include "engine/coding.h"
#include "engine/fact.h"
#include "engine/resolve_batch.h"

namespace {

// Wall and CPU time of each phase: the machine may be shared, and CPU time
// is what a phase would take on an idle core.
double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}
struct Stamp {
  std::chrono::steady_clock::time_point wall;
  double cpu;
};
struct Clock {
  static Stamp now() { return {std::chrono::steady_clock::now(), CpuNow()}; }
};
struct Span {
  double wall = 0, cpu = 0;
};
Span Since(const Stamp& t) {
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t.wall).count(), CpuNow() - t.cpu};
}
void Put(const char* name, Span s) { std::printf("%s_s=%.3f\n%s_cpu_s=%.3f\n", name, s.wall, name, s.cpu); }

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "phases: %s\n", what.c_str());
  std::exit(1);
}

int Load(const std::string& data, const std::string& scratch) {
  using namespace provgraph;
  loaders::CsvLoadOptions options;
  options.node_files = {data + "/nodes.csv"};
  options.edge_files = {data + "/edges.csv"};
  options.at = NowUtc();
  Batch batch;
  auto t = Clock::now();
  auto summary = loaders::BuildCsvBatch(options, batch);
  if (!summary.ok()) Die(summary.status().ToString());
  Span parse = Since(t);

  Span resolve, digest_s;
  size_t facts_n = 0, fact_bytes = 0;
  {
    Graph g;
    FactChunks facts;
    BatchCounts counts;
    t = Clock::now();
    Status st = ResolveBatch(g, batch, 1, facts, counts);
    if (!st.ok()) Die(st.ToString());
    resolve = Since(t);
    facts_n = facts.fact_count();
    fact_bytes = facts.bytes();
    t = Clock::now();
    // As Store::WriteBatch does: one digest update per chunk record.
    RecordDigest digest;
    std::string key(8, '\0');
    for (size_t i = 0; i < facts.chunks().size(); ++i) {
      auto chunk_no = static_cast<uint32_t>(i);
      std::memcpy(key.data() + 4, &chunk_no, 4);  // the digest's cost does not depend on the key's value
      digest.Add(key, facts.chunks()[i]);
    }
    std::string hex = digest.HexDigest();
    digest_s = Since(t);
    if (hex.empty()) Die("empty digest");
  }

  std::filesystem::remove_all(scratch);
  StoreOptions so;
  so.create_if_missing = true;
  auto store = Store::Open(scratch, so);
  if (!store.ok()) Die(store.status().ToString());
  t = Clock::now();
  CommitInfo info;
  info.actor = "bench";
  info.command = "phases load";
  auto committed = (*store)->Commit(batch, info);
  if (!committed.ok()) Die(committed.status().ToString());
  Span commit = Since(t);
  std::printf("edges=%llu\nfacts=%zu\nfact_bytes=%zu\nstore_bytes=%llu\n",
              static_cast<unsigned long long>(summary->edge_rows), facts_n, fact_bytes,
              static_cast<unsigned long long>((*store)->size_bytes()));
  Put("parse", parse);
  Put("resolve", resolve);
  Put("digest", digest_s);
  Put("commit", commit);
  Put("write_fsync_est", {commit.wall - resolve.wall - digest_s.wall, commit.cpu - resolve.cpu - digest_s.cpu});
  std::fflush(stdout);
  std::_Exit(0);
}

int Open(const std::string& dir) {
  using namespace provgraph;
  MDB_env* env = nullptr;
  if (mdb_env_create(&env) || mdb_env_set_maxdbs(env, 8) ||
      mdb_env_set_mapsize(env, std::filesystem::file_size(dir + "/data.mdb") + (size_t{1} << 30)) ||
      mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOTLS, 0644)) {
    Die("cannot open LMDB environment " + dir);
  }
  MDB_txn* txn = nullptr;
  MDB_dbi facts = 0;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) || mdb_dbi_open(txn, "facts", 0, &facts)) Die("no facts db");
  auto scan = [&](auto&& each) {
    MDB_cursor* cur = nullptr;
    mdb_cursor_open(txn, facts, &cur);
    MDB_val k, v;
    size_t n = 0;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
      each(k, v);
      ++n;
    }
    mdb_cursor_close(cur);
    return n;
  };
  auto t = Clock::now();
  size_t bytes = 0;
  size_t n = scan([&](const MDB_val&, const MDB_val& v) { bytes += v.mv_size; });
  Span scan_s = Since(t);

  Fact fact;
  // Each record is a chunk of varint-length-prefixed facts (format 2).
  auto each_fact = [&](const MDB_val& v, auto&& fn) {
    std::string_view in(static_cast<const char*>(v.mv_data), v.mv_size);
    while (!in.empty()) {
      uint64_t len = 0;
      if (!coding::GetVarint(in, len) || len > in.size()) Die("truncated fact");
      fn(in.substr(0, len));
      in.remove_prefix(len);
    }
  };
  size_t nfacts = 0;
  t = Clock::now();
  scan([&](const MDB_val&, const MDB_val& v) {
    each_fact(v, [&](std::string_view f) {
      Status st = Fact::Decode(f, fact);
      if (!st.ok()) Die(st.ToString());
      ++nfacts;
    });
  });
  Span decode_s = Since(t);

  Span apply_s, adjacency_s;
  {
    Graph g;
    t = Clock::now();
    scan([&](const MDB_val& k, const MDB_val& v) {
      uint32_t seq = coding::ReadBigEndian32(k.mv_data);
      each_fact(v, [&](std::string_view f) {
        Status st = Fact::Decode(f, fact);
        if (st.ok()) st = g.Apply(fact, seq);
        if (!st.ok()) Die(st.ToString());
      });
    });
    apply_s = Since(t);
    t = Clock::now();
    (void)g.adjacency();
    adjacency_s = Since(t);
  }
  mdb_txn_abort(txn);
  mdb_env_close(env);

  t = Clock::now();
  auto store = Store::Open(dir);
  if (!store.ok()) Die(store.status().ToString());
  Span open_s = Since(t);
  std::printf("records=%zu\nfacts=%zu\nrecord_bytes=%zu\n", n, nfacts, bytes);
  Put("scan", scan_s);
  Put("scan_decode", decode_s);
  Put("scan_decode_apply", apply_s);
  Put("adjacency", adjacency_s);
  Put("store_open", open_s);
  std::fflush(stdout);
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "load") == 0) return Load(argv[2], argv[3]);
  if (argc == 3 && std::strcmp(argv[1], "open") == 0) return Open(argv[2]);
  std::fprintf(stderr, "usage: phases load DATA_DIR SCRATCH_STORE_DIR | phases open STORE_DIR\n");
  return 2;
}
