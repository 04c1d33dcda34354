// Drift config: the constraints `provgraph drift run` checks, read from a
// JSON file (schema: engine/drift/drift_config.schema.json) or back from
// the Constraint nodes of the graph. Errors name the file and the JSON
// pointer of the faulty value.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/graph.h"
#include "engine/status.h"
#include "engine/time.h"

namespace provgraph::drift {

enum class Comparator { kLt, kLe, kGt, kGe };
const char* ComparatorName(Comparator c);
// True when `value <comparator> threshold` holds (the constraint passes).
bool Holds(Comparator c, double value, double threshold);

// The reference a drift statistic compares the as-of day against.
struct ReferenceWindow {
  enum class Kind { kPreviousDays, kRange, kVersion };
  Kind kind = Kind::kPreviousDays;
  int previous_days = 7;
  Timestamp from, to;   // kRange: days, both included
  std::string version;  // kVersion: a DatasetVersion key
  nlohmann::json ToJson() const;
};

struct ConstraintSpec {
  std::string name;                    // the Constraint node's key
  std::string asset_label, asset_key;  // the constrained asset (`Label:key`)
  std::string column;                  // optional
  std::string metric;                  // a drift statistic or a stored metric series
  Comparator comparator = Comparator::kLt;
  double threshold = 0;
  ReferenceWindow reference;
  bool error = false;  // severity: error (else warn)
  std::string where;   // "file:/constraints/i" (for run-time errors)
  // Where the constraint came from: empty for the config file (or a
  // constraint stored from one), "dbt" or "openlineage" for one derived
  // from a dbt test or an OpenLineage assertion (derived_constraints.h),
  // with the test or assertion in `derived_from`.
  std::string origin;
  std::string derived_from;
  // A derived dbt constraint whose test also reaches us as an OpenLineage
  // assertion (dbt's OpenLineage integration reports test results as
  // dataQualityAssertions): that assertion's Dataset property
  // (`check.<column>.<test>`), checked as a second piece of evidence by the
  // same constraint instead of by a constraint of its own.
  std::string assertion;
  std::string asset_ref() const { return asset_label + ":" + asset_key; }
};

struct DriftConfig {
  std::vector<ConstraintSpec> constraints;
  int forecast_days = 30;  // Holt forecast horizon
  // Constraints derived from dbt tests / OpenLineage assertions
  // (`derive` in the config; both on by default).
  bool derive_dbt_tests = true;
  bool derive_openlineage_assertions = true;
  // Derived Constraint nodes whose test or assertion is gone: the run
  // closes them and their open violations (set by WithDerivedConstraints).
  std::vector<std::string> retired;
};

// Drift statistics a constraint can name: every stats test by its DESIGN.md
// name (its statistic) and `<test>_pvalue` for the tests with a p-value.
bool IsDriftMetric(std::string_view metric);

// Parses the config text; `file` names it in error locations.
Result<DriftConfig> ParseDriftConfig(std::string_view text, const std::string& file);
Result<DriftConfig> LoadDriftConfig(const std::string& path);

// The Constraint nodes valid at `at` with their CONSTRAINS asset, sorted by
// key (a constraint whose properties do not parse is an error naming it).
Result<DriftConfig> ConstraintsFromGraph(const Graph& graph, Timestamp at);

}  // namespace provgraph::drift
