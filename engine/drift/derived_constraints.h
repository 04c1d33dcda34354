// Derived constraints: the Constraint specs the drift job creates from what
// the loaders stored, next to those of the config file — dbt tests (the
// `dbt_tests` / `dbt_test_config` properties of a Dataset, loaders/dbt) and
// OpenLineage dataQualityAssertions (the `check.*` properties of a Dataset,
// with `severity` from the versions' `dq.assertions`, loaders/openlineage).
// Also the two series such constraints check that no loader stores as a
// metric: `duplicate_count` and `check.<assertion>`. The rules are in
// engine/drift/README.md ("Derived constraints").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/batch.h"
#include "engine/drift/config.h"
#include "engine/graph.h"
#include "engine/series.h"
#include "engine/traversal.h"

namespace provgraph::drift {

// The constraints derived from the graph as of `at`, sorted by name: those
// of dbt tests when `dbt_tests`, of OpenLineage assertions when
// `openlineage_assertions`.
std::vector<ConstraintSpec> DeriveConstraints(const Graph& graph, Timestamp at, bool dbt_tests,
                                              bool openlineage_assertions);

// `config` with the derived constraints of its `derive` switches added after
// its own (a derived one whose name a config constraint already has is
// dropped: the config wins). Derived constraints read back from the graph
// (ConstraintsFromGraph) are replaced by the fresh derivation; Constraint
// nodes of an enabled origin that the derivation no longer yields are
// listed in `retired`.
DriftConfig WithDerivedConstraints(const Graph& graph, Timestamp at, DriftConfig config);

// What the nightly job checks for the UTC day of `as_of` (`provgraph drift
// run` and `provgraph demo` alike): `config` with the constraints derived
// as of the end of that day (WithDerivedConstraints).
DriftConfig NightlyConstraints(const Graph& graph, Timestamp as_of, DriftConfig config);

// True for the metrics computed here rather than read as a stored series:
// `duplicate_count` and `check.<assertion>`.
bool IsComputedMetric(std::string_view metric);

// The daily series of a computed metric as of `at` for the constraint on
// `dataset` (and `column`, whose Column node is `column_node` if any):
// - duplicate_count: per day with a `row_count` point on the dataset and a
//   `distinct_count` point on the column, row_count - null_count (0 when
//   none that day) - distinct_count, the last point of each day;
// - check.<assertion>: AssertionResults of `check.[<column>.]<assertion>`.
std::vector<MetricPoint> ComputedSeries(const Graph& graph, const SeriesIndex& series, std::string_view metric,
                                        NodeId dataset, const std::string& column, std::optional<NodeId> column_node,
                                        Timestamp at);

// The Dataset property (and series) a `check.<assertion>` metric reads:
// `check.[<column>.]<assertion>`.
std::string AssertionProperty(std::string_view metric, const std::string& column);

// The results of an OpenLineage assertion on `dataset` up to `at`, one
// point per day that received one (the day's last: 1 pass, 0 fail), from
// the series of that name the loader writes per result. A store without
// that series (loaded by an older provgraph) gives the days the property
// `property` changed.
std::vector<MetricPoint> AssertionResults(const Graph& graph, const SeriesIndex& series, NodeId dataset,
                                          const std::string& property, Timestamp at);

// How many days before the as-of day an assertion's latest result still
// counts: the reference's `previous_days` (7 unless configured), 0 for a
// range or version reference (the as-of day only).
int AssertionWindowDays(const ReferenceWindow& reference);

// Adds to `batch` the closing, at `day`, of the retired Constraint nodes
// valid at `at`, their open Violation and its AT_RISK edges.
void RetireConstraints(const Graph& graph, Walker& walker, const std::vector<std::string>& retired, Batch& batch,
                       Timestamp day, Timestamp at);

}  // namespace provgraph::drift
