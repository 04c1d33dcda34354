// CSV bulk load in the neo4j-admin import header convention: node files
// with :ID / name:ID / :ID(Space), :LABEL and typed property columns;
// relationship files with :START_ID, :END_ID, :TYPE and typed properties.
// Every file of one call becomes one Batch (one transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/batch.h"
#include "engine/graph.h"
#include "engine/status.h"
#include "engine/store.h"

namespace provgraph::loaders {

struct CsvLoadOptions {
  std::vector<std::string> node_files;
  std::vector<std::string> edge_files;
  Timestamp at;  // valid time of everything loaded
  // Called now and then with (bytes read, total bytes) for progress bars
  // (by LoadCsv from its parsing thread).
  std::function<void(size_t, size_t)> progress;
  // LoadCsv hands the store a segment about every this many batch ops.
  // (64K: a few MB a segment; the segments waiting for the store are
  // part of the load's peak memory.)
  size_t segment_ops = size_t{1} << 16;
};

struct CsvLoadSummary {
  uint64_t node_rows = 0;
  uint64_t edge_rows = 0;
};

// Parses and checks every file into `batch`. Relationship ids are this
// call's node ids, else Label:key refs to nodes the store holds, which the
// commit checks (Batch::RefNodeByKey). Nothing is written; any error names
// FILE:LINE.
Result<CsvLoadSummary> BuildCsvBatch(const CsvLoadOptions& options, Batch& batch);

struct CsvLoadResult {
  CsvLoadSummary rows;
  CommitResult commit;
};

// The same batch, committed in one transaction: the files are parsed on a
// second thread while the store resolves what has been parsed so far.
// For files of 32 MB or more it sets glibc's mmap threshold to a fixed
// 1 MiB for the rest of the process (M_MMAP_THRESHOLD), so that freed
// blocks of a MB or more go back to the system (the load's peak memory).
Result<CsvLoadResult> LoadCsv(Store& store, const CsvLoadOptions& options, const CommitInfo& info);

}  // namespace provgraph::loaders
