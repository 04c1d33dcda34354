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

// True for the metrics computed here rather than read as a stored series:
// `duplicate_count` and `check.<assertion>`.
bool IsComputedMetric(std::string_view metric);

// The daily series of a computed metric as of `at` for the constraint on
// `dataset` (and `column`, whose Column node is `column_node` if any):
// - duplicate_count: per day with a `row_count` point on the dataset and a
//   `distinct_count` point on the column, row_count - null_count (0 when
//   none that day) - distinct_count, the last point of each day;
// - check.<assertion>: one point on the day of `at`, 1 when the Dataset
//   property `check.[<column>.]<assertion>` holds true then, 0 when false;
//   none when it is absent.
std::vector<MetricPoint> ComputedSeries(const Graph& graph, const SeriesIndex& series, std::string_view metric,
                                        NodeId dataset, const std::string& column, std::optional<NodeId> column_node,
                                        Timestamp at);

// Adds to `batch` the closing, at `day`, of the retired Constraint nodes
// valid at `at`, their open Violation and its AT_RISK edges.
void RetireConstraints(const Graph& graph, Walker& walker, const std::vector<std::string>& retired, Batch& batch,
                       Timestamp day, Timestamp at);

}  // namespace provgraph::drift
