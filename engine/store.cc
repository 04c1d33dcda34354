#include "engine/store.h"

#include <lmdb.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pwd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "engine/coding.h"
#include "engine/time.h"

namespace provgraph {
namespace {

constexpr const char* kMetaDb = "meta";
constexpr const char* kFactsDb = "facts";
constexpr const char* kAuditDb = "audit";
constexpr const char* kSeriesDb = "series";
constexpr const char* kMagic = "provgraph-store";
// A batch with at least this many bytes of facts frees each chunk once it
// was written (WriteBatch).
constexpr size_t kReleaseChunksFrom = size_t{16} << 20;

std::string LmdbError(int rc) { return mdb_strerror(rc); }

MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

// Gives the allocator's free pages back to the system when it holds many
// (glibc keeps freed memory inside its heaps; malloc_trim returns it).
void ReturnFreeMemory() {
#if defined(__GLIBC__)
  if (mallinfo2().fordblks >= (size_t{32} << 20)) malloc_trim(0);
#endif
}

bool IsDiskFull(int rc) { return rc == ENOSPC || rc == EFBIG || rc == EDQUOT; }

std::string ChunkKey(uint32_t seq, uint32_t chunk) {
  std::string k;
  coding::PutBigEndian32(k, seq);
  coding::PutBigEndian32(k, chunk);
  return k;
}

std::string AuditKey(uint32_t seq) {
  std::string k;
  coding::PutBigEndian32(k, seq);
  return k;
}

std::string OsUser() {
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return std::to_string(getuid());
}

// Aborts a transaction unless it was committed.
class TxnGuard {
 public:
  explicit TxnGuard(MDB_txn* txn) : txn_(txn) {}
  ~TxnGuard() {
    if (txn_) mdb_txn_abort(txn_);
  }
  MDB_txn* get() const { return txn_; }
  int Commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;  // a failed commit frees the transaction too
    return rc;
  }

 private:
  MDB_txn* txn_;
};

}  // namespace

struct Store::Env {
  MDB_env* env = nullptr;
  MDB_dbi meta = 0, facts = 0, audit = 0;
  MDB_dbi series = 0;
  ~Env() {
    if (env) mdb_env_close(env);
  }
};

Store::Store(std::string dir) : dir_(std::move(dir)) {}
Store::~Store() = default;

Result<std::pair<std::string, std::string>> SplitNodeRef(std::string_view ref) {
  auto colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == ref.size()) {
    return Status::InvalidInput("expected Label:key, got '" + std::string(ref) + "'");
  }
  return std::make_pair(std::string(ref.substr(0, colon)), std::string(ref.substr(colon + 1)));
}

Status Store::OpenEnv(const StoreOptions& options, bool create) {
  env_ = std::make_unique<Env>();
  int rc = mdb_env_create(&env_->env);
  if (rc) return Status::IoError("cannot create LMDB environment: " + LmdbError(rc), dir_);
  mdb_env_set_maxdbs(env_->env, 8);
  mdb_env_set_maxreaders(env_->env, 126);
  map_size_ = options.initial_map_size;
  // An existing store may already be larger than the initial map.
  std::error_code ec;
  auto existing = std::filesystem::file_size(std::filesystem::path(dir_) / "data.mdb", ec);
  if (!ec && existing > map_size_) map_size_ = existing + options.initial_map_size;
  mdb_env_set_mapsize(env_->env, map_size_);
  rc = mdb_env_open(env_->env, dir_.c_str(), MDB_NOTLS, 0644);
  if (rc) return Status::IoError("cannot open LMDB environment: " + LmdbError(rc), dir_);
  MDB_envinfo info;
  mdb_env_info(env_->env, &info);
  map_size_ = info.me_mapsize;

  MDB_txn* raw = nullptr;
  rc = mdb_txn_begin(env_->env, nullptr, create ? 0 : MDB_RDONLY, &raw);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(env_->env, 0);
    rc = mdb_txn_begin(env_->env, nullptr, create ? 0 : MDB_RDONLY, &raw);
  }
  if (rc) return Status::IoError("cannot begin transaction: " + LmdbError(rc), dir_);
  TxnGuard txn(raw);
  unsigned flags = create ? MDB_CREATE : 0;
  rc = mdb_dbi_open(raw, kMetaDb, flags, &env_->meta);
  if (rc == MDB_NOTFOUND) {
    return Status::Incompatible("not a provgraph store (it has no '" + std::string(kMetaDb) + "' database)", dir_);
  }
  if (rc) return Status::IoError("cannot open database meta: " + LmdbError(rc), dir_);
  if ((rc = mdb_dbi_open(raw, kFactsDb, flags, &env_->facts)) ||
      (rc = mdb_dbi_open(raw, kAuditDb, flags, &env_->audit))) {
    return Status::Corruption("store is missing a database: " + LmdbError(rc), dir_);
  }
  if (create && (rc = mdb_dbi_open(raw, kSeriesDb, flags, &env_->series))) {
    return Status::IoError("cannot create database series: " + LmdbError(rc), dir_);
  }
  if (create) {
    std::string version = std::to_string(kFormatVersion);
    std::string endian = "little";
    MDB_val k1 = Val("magic"), v1 = Val(kMagic), k2 = Val("format_version"), v2 = Val(version), k3 = Val("byte_order"),
            v3 = Val(endian);
    if ((rc = mdb_put(raw, env_->meta, &k1, &v1, 0)) || (rc = mdb_put(raw, env_->meta, &k2, &v2, 0)) ||
        (rc = mdb_put(raw, env_->meta, &k3, &v3, 0))) {
      return Status::IoError("cannot write store metadata: " + LmdbError(rc), dir_);
    }
    if ((rc = txn.Commit())) return Status::IoError("cannot create store: " + LmdbError(rc), dir_);
    return Status::Ok();
  }
  MDB_val k = Val("magic"), v;
  if (mdb_get(raw, env_->meta, &k, &v) || View(v) != kMagic) {
    return Status::Incompatible("not a provgraph store (no magic record in 'meta')", dir_);
  }
  k = Val("format_version");
  if (mdb_get(raw, env_->meta, &k, &v)) return Status::Incompatible("store has no format version", dir_);
  std::string version(View(v));
  if (version != std::to_string(kFormatVersion)) {
    return Status::Incompatible("store format version " + version + " is not supported: this provgraph reads version " +
                                    std::to_string(kFormatVersion),
                                dir_);
  }
  // Opened after the version check: an older store has no series database.
  if ((rc = mdb_dbi_open(raw, kSeriesDb, 0, &env_->series))) {
    return Status::Corruption("store is missing a database: " + LmdbError(rc), dir_);
  }
  // Database handles opened in a transaction survive only if it commits.
  if ((rc = txn.Commit())) return Status::IoError("cannot open store: " + LmdbError(rc), dir_);
  return Status::Ok();
}

Status Store::Create(const std::string& dir, const StoreOptions& options) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(dir) / "data.mdb", ec)) {
    return Status(StatusCode::kAlreadyExists, "a store already exists here", dir);
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory: " + ec.message(), dir);
  Store s(dir);
  return s.OpenEnv(options, /*create=*/true);
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "data.mdb", ec)) {
    if (!options.create_if_missing) {
      return Status::NotFound("no provgraph store here (create one with 'provgraph init')", dir);
    }
    PROVGRAPH_RETURN_IF_ERROR(Create(dir, options));
  }
  std::unique_ptr<Store> store(new Store(dir));
  PROVGRAPH_RETURN_IF_ERROR(store->OpenEnv(options, /*create=*/false));
  store->skip_graph_ = options.skip_graph;
  PROVGRAPH_RETURN_IF_ERROR(store->Reload());
  return store;
}

// Replays the facts and audit entries the graph has not seen, in `txn`.
Status Store::CatchUp(void* txn_ptr, bool drop_pages) {
  auto* txn = static_cast<MDB_txn*>(txn_ptr);
  MDB_cursor* cur = nullptr;
  // The last committed batch is the last audit entry.
  int rc = mdb_cursor_open(txn, env_->audit, &cur);
  if (rc) return Status::IoError("cannot read the audit log: " + LmdbError(rc), dir_);
  MDB_val k, v;
  uint32_t head = 0;
  if (mdb_cursor_get(cur, &k, &v, MDB_LAST) == 0) {
    if (k.mv_size != 4) {
      mdb_cursor_close(cur);
      return Status::Corruption("audit key has the wrong size", dir_);
    }
    head = coding::ReadBigEndian32(k.mv_data);
  }
  mdb_cursor_close(cur);
  if (head == last_seq_) return Status::Ok();
  if (skip_graph_) {
    last_seq_ = head;
    return Status::Ok();
  }
  // Pre-size the graph from the counts of the batches to replay (a hint:
  // an entry that does not parse is reported by 'audit verify', not here).
  {
    uint64_t nodes = 0, edges = 0;
    std::string from = AuditKey(last_seq_ + 1);
    k = Val(from);
    if ((rc = mdb_cursor_open(txn, env_->audit, &cur)) == 0) {
      for (int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        auto entry = AuditEntry::Parse(View(v));
        if (!entry.ok()) break;
        auto count = [&](const char* name) -> uint64_t {
          auto it = entry->counts.find(name);
          return it != entry->counts.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
        };
        nodes += count("nodes_created");
        edges += count("edges_created");
      }
      mdb_cursor_close(cur);
    }
    if (nodes > graph_->node_count() / 4 || edges > graph_->edge_count() / 4) {
      graph_->Reserve(graph_->node_count() + nodes, graph_->edge_count() + edges);
    }
  }
  rc = mdb_cursor_open(txn, env_->facts, &cur);
  if (rc) return Status::IoError("cannot read facts: " + LmdbError(rc), dir_);
  std::string start = ChunkKey(last_seq_ + 1, 0);
  k = Val(start);
  Fact fact;
  Status st;
  size_t replayed = 0, since_drop = 0;
  // The part of the map the replay read (LMDB does not report the map's
  // address unless MDB_FIXEDMAP): its pages are dropped as it goes.
  const char* lo = nullptr;
  const char* hi = nullptr;
  for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    if (k.mv_size != 8) {
      st = Status::Corruption("fact key has the wrong size", dir_);
      break;
    }
    uint32_t seq = coding::ReadBigEndian32(k.mv_data);
    if (seq > head) break;  // written by a batch whose audit entry is missing: ignored
    uint32_t chunk = coding::ReadBigEndian32(static_cast<char*>(k.mv_data) + 4);
    // A chunk is a sequence of varint-length-prefixed facts.
    std::string_view in = View(v);
    uint64_t index = 0;
    while (!in.empty()) {
      uint64_t len = 0;
      if (!coding::GetVarint(in, len) || len > in.size()) {
        st = Status::Corruption("truncated fact");
      } else {
        st = Fact::Decode(in.substr(0, len), fact);
        in.remove_prefix(len);
        if (st.ok()) st = graph_->Apply(fact, seq);
      }
      if (!st.ok()) break;
      ++index;
    }
    if (!st.ok()) {
      st = Status::Corruption("batch " + std::to_string(seq) + " chunk " + std::to_string(chunk) + " fact " +
                                  std::to_string(index) + ": " + st.message() + " (run 'provgraph audit verify')",
                              dir_);
      break;
    }
    replayed += v.mv_size;
    since_drop += v.mv_size;
    const char* p = static_cast<const char*>(v.mv_data);
    if (!lo || p < lo) lo = p;
    if (!hi || p + v.mv_size > hi) hi = p + v.mv_size;
    if (drop_pages && since_drop >= (size_t{32} << 20)) {
      DropMappedPages(lo, hi);
      since_drop = 0;
    }
  }
  mdb_cursor_close(cur);
  if (drop_pages && replayed >= (size_t{8} << 20)) DropMappedPages(lo, hi);
  PROVGRAPH_RETURN_IF_ERROR(st);
  PROVGRAPH_RETURN_IF_ERROR(CatchUpSeries(txn, last_seq_, head));
  last_seq_ = head;
  graph_->set_last_seq(head);
  return Status::Ok();
}

Status Store::CatchUpSeries(void* txn_ptr, uint32_t from_seq, uint32_t head) {
  auto* txn = static_cast<MDB_txn*>(txn_ptr);
  MDB_cursor* cur = nullptr;
  int rc = mdb_cursor_open(txn, env_->series, &cur);
  if (rc) return Status::IoError("cannot read series: " + LmdbError(rc), dir_);
  std::string start = ChunkKey(from_seq + 1, 0);
  MDB_val k = Val(start), v;
  Status st;
  SeriesRecord record;
  for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    if (k.mv_size != 8) {
      st = Status::Corruption("series key has the wrong size", dir_);
      break;
    }
    uint32_t seq = coding::ReadBigEndian32(k.mv_data);
    if (seq > head) break;  // written by a batch whose audit entry is missing: ignored
    st = SeriesRecord::Decode(View(v), record);
    if (st.ok() && record.node >= graph_->node_count()) {
      st = Status::Corruption("series record of node " + std::to_string(record.node) + ", which does not exist");
    }
    if (!st.ok()) {
      uint32_t idx = coding::ReadBigEndian32(static_cast<char*>(k.mv_data) + 4);
      st = Status::Corruption("batch " + std::to_string(seq) + " series record " + std::to_string(idx) + ": " +
                                  st.message() + " (run 'provgraph audit verify')",
                              dir_);
      break;
    }
    series_->Apply(std::move(record), seq);
  }
  mdb_cursor_close(cur);
  return st;
}

void Store::DropMappedPages(const void* begin, const void* end) {
  if (!begin || end <= begin) return;
  auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t from = reinterpret_cast<uintptr_t>(begin) & ~(page - 1);
  uintptr_t to = (reinterpret_cast<uintptr_t>(end) + page - 1) & ~(page - 1);
  // Only ever called on ranges inside LMDB's read-only file mapping: the
  // pages are read again from the page cache on the next access.
  madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

Status Store::Reload() {
  graph_ = std::make_unique<Graph>();
  series_ = std::make_unique<SeriesIndex>();
  last_seq_ = 0;
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(env_->env, 0);
    rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  }
  if (rc) return Status::IoError("cannot begin read transaction: " + LmdbError(rc), dir_);
  TxnGuard txn(raw);
  seen_txnid_ = mdb_txn_id(raw);
  return CatchUp(raw, /*drop_pages=*/true);
}

Status Store::Refresh() {
  MDB_envinfo info;
  mdb_env_info(env_->env, &info);
  if (info.me_last_txnid == seen_txnid_) return Status::Ok();
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(env_->env, 0);
    mdb_env_info(env_->env, &info);
    map_size_ = info.me_mapsize;
    rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  }
  if (rc) return Status::IoError("cannot begin read transaction: " + LmdbError(rc), dir_);
  TxnGuard txn(raw);
  seen_txnid_ = mdb_txn_id(raw);
  return CatchUp(raw, /*drop_pages=*/true);
}

uint64_t Store::size_bytes() const {
  MDB_envinfo info;
  MDB_stat st;
  mdb_env_info(env_->env, &info);
  mdb_env_stat(env_->env, &st);
  return (info.me_last_pgno + 1) * static_cast<uint64_t>(st.ms_psize);
}

Status Store::GrowMap(size_t needed) {
  size_t size = map_size_;
  while (size < needed) size *= 2;
  int rc = mdb_env_set_mapsize(env_->env, size);
  if (rc) return Status::IoError("cannot grow the LMDB map: " + LmdbError(rc), dir_);
  MDB_envinfo info;
  mdb_env_info(env_->env, &info);
  map_size_ = info.me_mapsize;
  return Status::Ok();
}

// Writes the facts and the audit entry; returns an LMDB/errno code, or -1
// with `problem` set when the audit chain itself is unreadable.
int Store::WriteBatch(void* txn_ptr, uint32_t seq, FactChunks& facts, const BatchCounts& counts, const CommitInfo& info,
                      std::string& entry_hash, Status& problem) {
  auto* txn = static_cast<MDB_txn*>(txn_ptr);
  MDB_cursor* cur = nullptr;
  int rc = mdb_cursor_open(txn, env_->facts, &cur);
  if (rc) return rc;
  const std::vector<std::string>& chunks = facts.chunks();
  // The digest of the chunk records (FORMAT.md) is computed on the other
  // core while LMDB copies them, when there is enough to hash.
  RecordDigest digest;
  std::atomic<size_t> hashed{0};  // chunks [0, hashed) are in the digest
  auto hash_all = [&] {
    for (size_t i = 0; i < chunks.size(); ++i) {
      digest.Add(ChunkKey(seq, static_cast<uint32_t>(i)), chunks[i]);
      hashed.store(i + 1, std::memory_order_release);
      hashed.notify_one();
    }
  };
  std::thread hasher;
  if (facts.bytes() >= (size_t{4} << 20)) {
    hasher = std::thread(hash_all);
  } else {
    hash_all();
  }
  // A large batch's chunks are freed once LMDB copied them and the digest
  // has them: LMDB's dirty pages then take their place instead of adding to
  // them (the load's peak memory). Should the transaction fail, the batch
  // is resolved again from its source (Commit).
  const bool release = facts.bytes() >= kReleaseChunksFrom;
  size_t freed = 0;
  for (size_t i = 0; i < chunks.size() && rc == 0; ++i) {
    if (release) {
      // The writer stays at most kHashLag chunks ahead of the digest, so
      // that freed chunks keep pace with LMDB's copies.
      constexpr size_t kHashLag = 16;
      for (size_t h = hashed.load(std::memory_order_acquire); h + kHashLag <= i;
           h = hashed.load(std::memory_order_acquire))
        hashed.wait(h, std::memory_order_acquire);
    }
    std::string key = ChunkKey(seq, static_cast<uint32_t>(i));
    MDB_val k = Val(key), v = Val(chunks[i]);
    rc = mdb_cursor_put(cur, &k, &v, MDB_APPEND);
    if (release && rc == 0) {
      size_t done = std::min(i + 1, hashed.load(std::memory_order_acquire));
      for (; freed < done; ++freed) facts.Release(freed);
    }
  }
  if (hasher.joinable()) hasher.join();
  if (release && rc == 0) {
    for (; freed < chunks.size(); ++freed) facts.Release(freed);
  }
  if (rc) {
    mdb_cursor_close(cur);
    return rc;
  }
  mdb_cursor_close(cur);
  if ((rc = WriteSeries(txn, seq, digest))) return rc;

  AuditEntry entry;
  entry.seq = seq;
  entry.time_us = NowUtc().micros;
  entry.actor = info.actor;
  entry.user = OsUser();
  entry.command = info.command;
  entry.counts = counts.ToJson();
  pending_series_.counts.AddTo(entry.counts);
  entry.data_digest = digest.HexDigest();
  entry.prev_hash = kZeroHash;
  if (seq > 1) {
    std::string pk = AuditKey(seq - 1);
    MDB_val k = Val(pk), v;
    if (mdb_get(txn, env_->audit, &k, &v)) {
      problem = Status::Corruption("audit entry " + std::to_string(seq - 1) + " is missing", dir_);
      return -1;
    }
    auto prev = AuditEntry::Parse(View(v));
    if (!prev.ok()) {
      problem = Status::Corruption("audit entry " + std::to_string(seq - 1) + ": " + prev.status().message(), dir_);
      return -1;
    }
    entry.prev_hash = prev->hash;
  }
  entry.hash = entry.ComputeHash();
  std::string key = AuditKey(seq), value = entry.Serialize();
  MDB_val k = Val(key), v = Val(value);
  if ((rc = mdb_put(txn, env_->audit, &k, &v, MDB_APPEND))) return rc;
  entry_hash = entry.hash;
  return 0;
}

int Store::WriteSeries(void* txn_ptr, uint32_t seq, RecordDigest& digest) {
  if (pending_series_.records.empty()) return 0;
  auto* txn = static_cast<MDB_txn*>(txn_ptr);
  MDB_cursor* cur = nullptr;
  int rc = mdb_cursor_open(txn, env_->series, &cur);
  if (rc) return rc;
  for (size_t i = 0; i < pending_series_.records.size(); ++i) {
    std::string key = ChunkKey(seq, static_cast<uint32_t>(i));
    MDB_val k = Val(key), v = Val(pending_series_.records[i]);
    if ((rc = mdb_cursor_put(cur, &k, &v, MDB_APPEND))) break;
    // Fed with the prefix 'S' so that a series record never digests like a
    // fact chunk with the same key (FORMAT.md).
    digest.Add("S" + key, pending_series_.records[i]);
  }
  mdb_cursor_close(cur);
  return rc;
}

Result<CommitResult> Store::Commit(const Batch& batch, const CommitInfo& info) {
  SingleBatchSource source(batch);
  return Commit(source, info);
}

Status Store::Resolve(BatchSource& source, uint32_t seq, FactChunks& facts, BatchCounts& counts) {
  BatchResolver resolver(*graph_, seq, facts, counts);
  pending_series_ = EncodedSeries();
  while (true) {
    auto segment = source.Next();
    if (!segment.ok()) return segment.status();
    if (*segment == nullptr) return Status::Ok();
    PROVGRAPH_RETURN_IF_ERROR(resolver.Feed(**segment));
    if (!(*segment)->metric_ops().empty() || !(*segment)->sample_ops().empty()) {
      PROVGRAPH_RETURN_IF_ERROR(ResolveSeries(*graph_, **segment, seq, *series_, pending_series_,
                                              [&](Batch::NodeRef ref) { return resolver.NodeIdOf(ref); }));
    }
  }
}

Result<CommitResult> Store::Commit(BatchSource& source, const CommitInfo& info) {
  if (skip_graph_) return Status::Internal("store was opened without its graph; it cannot commit");
  FactChunks facts;
  CommitResult result;
  bool resolved = false, rewind = false;
  bool hook_called = false;
  uint32_t seq = 0;
  // The batch is resolved against the graph before the write transaction
  // opens (the heavy part stays outside the writer lock), as batch
  // last_seq_ + 1. Each round is one write transaction. It ends committed,
  // or aborted because the map was full (grow and write the same facts
  // again), another process committed first (rebuild the graph and resolve
  // again), or an error.
  PROVGRAPH_RETURN_IF_ERROR(Refresh());
  // Gives up on the batch: the graph may hold some or all of its facts, so
  // it is rebuilt from the store (a failing rebuild is reported instead).
  auto abandon = [this](const Status& why) {
    Status reload = Reload();
    return reload.ok() ? why : reload;
  };
  for (int round = 0; round < 64; ++round) {
    if (!resolved) {
      if (rewind) PROVGRAPH_RETURN_IF_ERROR(source.Rewind());
      rewind = true;
      facts = FactChunks();
      result.counts = BatchCounts();
      seq = last_seq_ + 1;
      Status st = Resolve(source, seq, facts, result.counts);
      if (!st.ok()) return abandon(st);
      resolved = true;
      if (facts.bytes() >= kReleaseChunksFrom) {
        // The resolver's arrays and the loader's segments were freed: give
        // the free pages back before the write (glibc keeps them
        // otherwise), which is where a large load peaks.
        ReturnFreeMemory();
      }
      if (info.on_resolved) info.on_resolved();
      // Room for a large batch's facts up front, so that its write rarely
      // meets MDB_MAP_FULL (a small one grows the map when it does).
      size_t need =
          size_bytes() + 2 * (facts.bytes() + pending_series_.bytes()) + 64 * facts.chunks().size() + (size_t{1} << 20);
      if (facts.bytes() + pending_series_.bytes() >= (size_t{1} << 20) && need > map_size_) {
        if (Status grow = GrowMap(need); !grow.ok()) return abandon(grow);
      }
    }
    enum class Next { kDone, kGrow, kRebuild, kFail } next = Next::kFail;
    Status failure;
    {
      MDB_txn* raw = nullptr;
      int rc = mdb_txn_begin(env_->env, nullptr, 0, &raw);
      if (rc == MDB_MAP_RESIZED) {
        mdb_env_set_mapsize(env_->env, 0);
        MDB_envinfo envinfo;
        mdb_env_info(env_->env, &envinfo);
        map_size_ = envinfo.me_mapsize;
        continue;
      }
      if (rc) return abandon(Status::IoError("cannot begin write transaction: " + LmdbError(rc), dir_));
      TxnGuard txn(raw);
      if (info.on_transaction_begun && !hook_called) {
        hook_called = true;
        info.on_transaction_begun();
      }
      // A write transaction's id is the last committed one's plus one:
      // anything else means another process committed since the graph was
      // read, and the batch was resolved against a stale graph.
      if (mdb_txn_id(raw) != seen_txnid_ + 1) {
        next = Next::kRebuild;
      } else {
        rc = WriteBatch(raw, seq, facts, result.counts, info, result.entry_hash, failure);
        if (rc == 0) rc = txn.Commit();
        if (rc == 0) {
          next = Next::kDone;
        } else if (rc == MDB_MAP_FULL) {
          next = Next::kGrow;
        } else if (rc > 0) {
          // A short write (LMDB reports EIO) is what a full disk or a
          // file-size limit usually looks like.
          std::string what = IsDiskFull(rc) ? "disk full (" + LmdbError(rc) + ")"
                             : rc == EIO    ? "disk full or I/O error (" + LmdbError(rc) + ")"
                                            : "write failed (" + LmdbError(rc) + ")";
          failure = Status::IoError(what + "; nothing of this batch was written", dir_);
        }
      }
    }  // the guard aborts the transaction unless it committed
    switch (next) {
      case Next::kDone: {
        last_seq_ = seq;
        graph_->set_last_seq(seq);
        MDB_envinfo envinfo;
        mdb_env_info(env_->env, &envinfo);
        seen_txnid_ = envinfo.me_last_txnid;
        result.seq = seq;
        result.series = pending_series_.counts;
        pending_series_ = EncodedSeries();
        return result;
      }
      case Next::kGrow:
        if (Status grow = GrowMap(map_size_ + 2 * facts.bytes() + 64 * facts.chunks().size() + (size_t{1} << 20));
            !grow.ok()) {
          return abandon(grow);
        }
        if (facts.released()) {
          // WriteBatch freed the chunks it had written: resolve again (the
          // graph holds the batch's facts, so it is rebuilt first).
          PROVGRAPH_RETURN_IF_ERROR(Reload());
          resolved = false;
        }
        break;
      case Next::kRebuild:
        PROVGRAPH_RETURN_IF_ERROR(Reload());
        resolved = false;
        break;
      case Next::kFail:
        return abandon(failure);
    }
  }
  return Status(StatusCode::kInternal, "commit did not settle after 64 rounds", dir_);
}

Result<std::vector<AuditEntry>> Store::AuditEntries() {
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  if (rc) return Status::IoError("cannot begin read transaction: " + LmdbError(rc), dir_);
  TxnGuard txn(raw);
  MDB_cursor* cur = nullptr;
  if ((rc = mdb_cursor_open(raw, env_->audit, &cur))) return Status::IoError(LmdbError(rc), dir_);
  std::vector<AuditEntry> out;
  MDB_val k, v;
  Status st;
  for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    auto e = AuditEntry::Parse(View(v));
    if (!e.ok()) {
      st = Status::Corruption("audit entry " + std::to_string(k.mv_size == 4 ? coding::ReadBigEndian32(k.mv_data) : 0) +
                                  ": " + e.status().message(),
                              dir_);
      break;
    }
    out.push_back(std::move(e).value());
  }
  mdb_cursor_close(cur);
  if (!st.ok()) return st;
  return out;
}

Result<std::string> Store::AuditHead() {
  auto entries = AuditEntries();
  if (!entries.ok()) return entries.status();
  return entries->empty() ? kZeroHash : entries->back().hash;
}

Result<AuditReport> Store::VerifyAudit() {
  MDB_txn* raw = nullptr;
  int rc = mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &raw);
  if (rc) return Status::IoError("cannot begin read transaction: " + LmdbError(rc), dir_);
  TxnGuard txn(raw);
  MDB_cursor* audit = nullptr;
  MDB_cursor* facts = nullptr;
  MDB_cursor* series = nullptr;
  if ((rc = mdb_cursor_open(raw, env_->audit, &audit)) || (rc = mdb_cursor_open(raw, env_->facts, &facts)) ||
      (rc = mdb_cursor_open(raw, env_->series, &series))) {
    return Status::IoError(LmdbError(rc), dir_);
  }
  AuditReport report;
  std::string prev = kZeroHash;
  uint32_t expected_seq = 1;
  auto fail = [&](uint32_t seq, std::string why) {
    if (!report.first_bad) {
      report.first_bad = seq;
      report.problem = std::move(why);
    }
  };
  MDB_val k, v, fk, fv, sk, sv;
  int frc = mdb_cursor_get(facts, &fk, &fv, MDB_FIRST);
  int src = mdb_cursor_get(series, &sk, &sv, MDB_FIRST);
  for (rc = mdb_cursor_get(audit, &k, &v, MDB_FIRST); rc == 0 && !report.first_bad;
       rc = mdb_cursor_get(audit, &k, &v, MDB_NEXT)) {
    uint32_t seq = k.mv_size == 4 ? coding::ReadBigEndian32(k.mv_data) : 0;
    ++report.entries;
    if (seq != expected_seq) {
      fail(expected_seq, "audit entry " + std::to_string(expected_seq) + " is missing");
      break;
    }
    ++expected_seq;
    // Digest of the facts stored under this sequence number.
    RecordDigest digest;
    if (frc == 0 && fk.mv_size == 8 && coding::ReadBigEndian32(fk.mv_data) < seq) {
      fail(coding::ReadBigEndian32(fk.mv_data), "fact records without an audit entry");
      break;
    }
    while (frc == 0 && fk.mv_size == 8 && coding::ReadBigEndian32(fk.mv_data) == seq) {
      digest.Add(View(fk), View(fv));
      frc = mdb_cursor_get(facts, &fk, &fv, MDB_NEXT);
    }
    if (frc == 0 && fk.mv_size != 8) {
      fail(seq, "a fact key has the wrong size");
      break;
    }
    // Then the series records of this sequence number.
    if (src == 0 && sk.mv_size == 8 && coding::ReadBigEndian32(sk.mv_data) < seq) {
      fail(coding::ReadBigEndian32(sk.mv_data), "series records without an audit entry");
      break;
    }
    while (src == 0 && sk.mv_size == 8 && coding::ReadBigEndian32(sk.mv_data) == seq) {
      digest.Add("S" + std::string(View(sk)), View(sv));
      src = mdb_cursor_get(series, &sk, &sv, MDB_NEXT);
    }
    if (src == 0 && sk.mv_size != 8) {
      fail(seq, "a series key has the wrong size");
      break;
    }
    std::string data_digest = digest.HexDigest();
    auto entry = AuditEntry::Parse(View(v));
    if (!entry.ok()) {
      fail(seq, "entry does not parse: " + entry.status().message());
      break;
    }
    if (entry->seq != seq) {
      fail(seq, "entry records sequence " + std::to_string(entry->seq));
    } else if (entry->prev_hash != prev) {
      fail(seq, "chain broken: prev_hash does not match the hash of entry " + std::to_string(seq - 1));
    } else if (entry->ComputeHash() != entry->hash) {
      fail(seq, "entry hash mismatch: the audit entry was altered");
    } else if (entry->data_digest != data_digest) {
      fail(seq, "data digest mismatch: the records this batch wrote were altered");
    }
    prev = entry->hash;
    report.head_hash = entry->hash;
  }
  if (!report.first_bad && frc == 0) {
    fail(fk.mv_size == 8 ? coding::ReadBigEndian32(fk.mv_data) : 0, "fact records without an audit entry");
  }
  if (!report.first_bad && src == 0) {
    fail(sk.mv_size == 8 ? coding::ReadBigEndian32(sk.mv_data) : 0, "series records without an audit entry");
  }
  if (report.head_hash.empty()) report.head_hash = kZeroHash;
  mdb_cursor_close(audit);
  mdb_cursor_close(facts);
  mdb_cursor_close(series);
  return report;
}

}  // namespace provgraph
