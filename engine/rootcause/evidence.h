// Evidence: what the root-cause search reads off the graph about one node
// in a time range: code changes of jobs, schema changes and new versions of
// datasets, failed and missing runs, stale outputs and open violations.
// Distribution shifts are in engine/rootcause/shift.h. Each item says when
// it happened, what happened and how strongly (before any weighting by time
// or by what moved downstream, which engine/rootcause/rootcause.cc does).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/graph.h"
#include "engine/series.h"

namespace provgraph::rootcause {

enum class EvidenceKind {
  kCodeChange,
  kSchemaChange,
  kDistributionShift,
  kFailedRuns,
  kStale,
  kNewVersion,
  kViolation
};

// "code_change", "schema_change", "distribution_shift", "failed_runs",
// "stale", "new_version", "violation" (DESIGN.md's evidence kinds).
const char* EvidenceKindName(EvidenceKind kind);

struct Evidence {
  EvidenceKind kind = EvidenceKind::kCodeChange;
  Timestamp at;
  std::string detail;
  double strength = 0;  // in [0, 1]: how much it says "this node changed"
  // kFailedRuns: a retry (or the next run) completed soon after: not a cause.
  bool recovered = false;
  // kSchemaChange: a type changed or a column left (not only additions).
  bool breaking = false;
};

// A closed time range [from, to].
struct TimeRange {
  Timestamp from, to;
  bool Contains(Timestamp t) const { return from <= t && t <= to; }
};

// Reads evidence as of `as_of` (valid time). Cheap to construct; not
// thread-safe (as Graph).
class EvidenceReader {
 public:
  EvidenceReader(const Graph& graph, Timestamp as_of);

  // A new value of a job's sourceCodeLocation version, sourceCode or sql,
  // one item per instant (several properties changing together are one).
  std::vector<Evidence> CodeChanges(NodeId job, TimeRange range) const;
  // A new `schema` of a dataset that differs from the one before it.
  std::vector<Evidence> SchemaChanges(NodeId dataset, TimeRange range) const;
  // The DatasetVersions created in the range, one item each.
  std::vector<Evidence> NewVersions(NodeId dataset, TimeRange range) const;
  // Runs of the job that ended FAIL or ABORT in the range (one item each),
  // and one item, dated when the first missed run was due (in the range),
  // when no run completed for more than twice the job's usual interval by
  // the "now" set with set_now (else by range.to): a gap is known from the
  // whole history, not only up to the range's end, since its first missed
  // run may fall just before a move that the gap itself shows only later.
  std::vector<Evidence> FailedRuns(NodeId job, TimeRange range) const;
  // One item when a producer of the dataset (a FEEDS-upstream job) had not
  // completed for more than twice its usual interval by the "now" set with
  // set_now (else by range.to), dated when its first missed run was due (in
  // the range).
  std::vector<Evidence> Stale(NodeId dataset, TimeRange range) const;
  // Violations opened in the range of constraints on the node or its columns.
  std::vector<Evidence> Violations(NodeId asset, TimeRange range) const;

  // The completion times of a job's runs (state COMPLETE as of as_of), sorted.
  std::vector<Timestamp> Completions(NodeId job) const;
  // The median interval between completions (needs three), else nullopt.
  static std::optional<int64_t> Cadence(const std::vector<Timestamp>& completions);

  const Graph& graph() const { return g_; }
  Timestamp as_of() const { return as_of_; }
  // The newest instant with data, up to which a gap in a job's runs is
  // judged (a job "stopped" only when the data goes on without it).
  void set_now(Timestamp now) { now_ = now; }
  // A property id, if the store has ever used that name.
  std::optional<uint32_t> Prop(std::string_view name) const { return g_.property_keys().Find(name); }
  // The nodes one `type` edge away (valid as of as_of when `valid_only`).
  std::vector<NodeId> Next(NodeId n, std::string_view type, bool outgoing, bool valid_only = true) const;
  // The label:key form.
  std::string Ref(NodeId n) const;
  // The value of a string property at `at`, or "".
  std::string Text(NodeId n, std::string_view prop, Timestamp at) const;

 private:
  const Graph& g_;
  Timestamp as_of_;
  std::optional<Timestamp> now_;
};

// A short form of a long identifier (git hashes: the first 12 characters).
std::string Shorten(std::string_view s, size_t n = 12);

}  // namespace provgraph::rootcause
