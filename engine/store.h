// Store: a directory holding one LMDB environment with the fact log, the
// audit chain and the format metadata (engine/FORMAT.md), plus the
// in-memory Graph replayed from it.
//
// Contract: one Commit() is one LMDB write transaction: the batch's facts
// and its audit entry are all durable or none are. The map grows by itself.
// Reads see other processes' commits after Refresh(). A Store object is
// used by one thread at a time; several processes may open one directory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/audit.h"
#include "engine/batch.h"
#include "engine/batch_source.h"
#include "engine/fact_chunks.h"
#include "engine/graph.h"
#include "engine/resolve_batch.h"
#include "engine/series.h"
#include "engine/series_resolve.h"
#include "engine/status.h"

namespace provgraph {

inline constexpr uint32_t kFormatVersion = 3;

struct StoreOptions {
  bool create_if_missing = false;
  // Initial LMDB map size; doubled whenever a batch does not fit.
  size_t initial_map_size = size_t{256} << 20;
  // Open without replaying the graph (audit verification of a store whose
  // records may not decode).
  bool skip_graph = false;
};

struct CommitInfo {
  std::string actor;    // --actor
  std::string command;  // the command line
  // Test hook: called once the write transaction has begun, before writing.
  std::function<void()> on_transaction_begun;
  // Test hook: called each time the batch has been resolved, before the
  // write transaction begins.
  std::function<void()> on_resolved;
};

struct CommitResult {
  uint32_t seq = 0;
  BatchCounts counts;
  SeriesCounts series;  // metric points and samples written or skipped
  std::string entry_hash;
};

class Store {
 public:
  // Creates a new empty store; fails if `dir` already holds one.
  static Status Create(const std::string& dir, const StoreOptions& options = {});
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Catches up with batches other processes committed since the last read.
  Status Refresh();
  // The graph as of the last Refresh() or Commit().
  const Graph& graph() const { return *graph_; }
  // The metric series and samples, as of the same moment as graph().
  const SeriesIndex& series() const { return *series_; }

  // Writes `batch` as one transaction with its audit entry.
  Result<CommitResult> Commit(const Batch& batch, const CommitInfo& info);
  // The same for a batch delivered in segments: each is resolved as it
  // arrives (the source may be producing the next one meanwhile).
  Result<CommitResult> Commit(BatchSource& source, const CommitInfo& info);

  // Recomputes every entry's data digest and the hash chain.
  Result<AuditReport> VerifyAudit();
  Result<std::vector<AuditEntry>> AuditEntries();
  Result<std::string> AuditHead();

  const std::string& dir() const { return dir_; }
  uint64_t size_bytes() const;
  size_t map_size() const { return map_size_; }
  uint32_t last_seq() const { return last_seq_; }

 private:
  struct Env;
  explicit Store(std::string dir);
  Status OpenEnv(const StoreOptions& options, bool create);
  Status Reload();
  // drop_pages: only in a read-only transaction, whose values all point
  // into LMDB's file mapping.
  Status CatchUp(void* txn, bool drop_pages);
  Status Resolve(BatchSource& source, uint32_t seq, FactChunks& facts, BatchCounts& counts);
  int WriteBatch(void* txn, uint32_t seq, FactChunks& facts, const BatchCounts& counts, const CommitInfo& info,
                 std::string& entry_hash, Status& problem);
  Status GrowMap(size_t needed);
  // Replays the series records of batches (from_seq, head] into series_.
  Status CatchUpSeries(void* txn, uint32_t from_seq, uint32_t head);
  // Writes pending_series_ as batch `seq`'s series records, adding them to
  // `digest` after the fact chunks (FORMAT.md).
  int WriteSeries(void* txn, uint32_t seq, RecordDigest& digest);
  // Drops this process's mappings of the data file's pages in [begin, end)
  // (inside LMDB's map; they are read again from the page cache on the next
  // access), so that a replay does not leave the whole log resident.
  void DropMappedPages(const void* begin, const void* end);

  std::string dir_;
  std::unique_ptr<Env> env_;
  std::unique_ptr<Graph> graph_;
  std::unique_ptr<SeriesIndex> series_;
  EncodedSeries pending_series_;  // the series records of the batch being committed
  bool skip_graph_ = false;
  size_t map_size_ = 0;
  uint32_t last_seq_ = 0;
  uint64_t seen_txnid_ = 0;
};

// Splits "Label:key" at the first colon.
Result<std::pair<std::string, std::string>> SplitNodeRef(std::string_view ref);

}  // namespace provgraph
