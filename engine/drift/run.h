// DriftRun: the nightly drift job of `provgraph drift run`. Evaluates every
// constraint for one as-of day (drift statistics from samples, or from
// dataQualityMetrics quantile profiles as approximations, or a stored
// metric series value), forecasts each constrained series with Holt's
// linear trend, then writes everything in one batch: the Constraint nodes
// and CONSTRAINS edges, a `drift.<metric>` point per statistic computed,
// Violation episodes (VIOLATED, AT_RISK) and forecast properties.
//
// Contract: all computation happens before the batch is built; a second
// run for the same day writes nothing. Not thread-safe (uses the Store);
// the statistics themselves are computed on a small pool of threads that
// only read the samples.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/drift/config.h"
#include "engine/store.h"

namespace provgraph::drift {

struct ForecastSummary {
  int points = 0;  // daily values the model was fitted on
  int horizon_days = 0;
  double level = 0.95;
  std::optional<std::string> crossing_day;  // first day the mean forecast fails the constraint
  std::optional<std::string> earliest_day;  // ... the interval bound that crosses first
  std::optional<std::string> latest_day;    // ... the other bound (none within the horizon: unset)
  std::optional<double> mean_at_crossing, lower_at_crossing, upper_at_crossing;
};

struct ConstraintResult {
  const ConstraintSpec* spec = nullptr;
  enum class State { kPass, kFail, kNoData } state = State::kNoData;
  std::string reason;  // kNoData: why
  std::optional<double> value;
  bool approximate = false;  // computed from quantile profiles, not samples
  std::optional<size_t> n_reference, n_current;
  std::optional<ForecastSummary> forecast;
  std::string forecast_note;  // why there is no forecast
  // A constraint that checks an OpenLineage assertion (a `check.<a>` metric,
  // or a dbt constraint with ConstraintSpec::assertion): its latest result
  // up to the as-of day, and whether that result is recent enough to count
  // (within AssertionWindowDays of the as-of day).
  struct Assertion {
    std::string property;                    // check.[<column>.]<assertion>
    std::optional<std::string> latest_day;   // day of the latest result, if any
    std::optional<bool> success;             // that result
    bool counted = false;                    // within the window
  };
  std::optional<Assertion> assertion;
  // No evidence within the window any more (only a stale assertion result):
  // an open violation expires (closes) instead of staying open forever.
  bool expired = false;
  // The episode after the run.
  std::string violation;         // key, empty when none
  std::string violation_action;  // opened, extended, unchanged, closed, expired
  std::string first_failing_day, last_failing_day;
  bool violation_open = false;
  std::vector<std::string> at_risk;  // Label:key
};

struct DriftRunOptions {
  Timestamp as_of = kLatest;      // the as-of day is the UTC day of this instant
  bool write_constraints = true;  // upsert the config's Constraint nodes
  // Threads computing the drift statistics (the calling one included);
  // 0: the hardware's, at most 2. The results do not depend on it.
  size_t threads = 0;
  std::function<void(size_t done, size_t total)> progress;  // called on the calling thread
  CommitInfo commit;
};

struct DriftRunReport {
  std::string as_of_day;
  std::vector<ConstraintResult> results;
  size_t open_error = 0, open_warn = 0;  // violations open after the run
  std::vector<std::string> retired;      // derived constraints closed by the run
  CommitResult commit;
  nlohmann::ordered_json ToJson() const;
  std::string ToText() const;
};

// Runs the job. InvalidInput (naming the config location) when an asset or
// a reference version does not exist; nothing is written then.
Result<DriftRunReport> RunDrift(Store& store, const DriftConfig& config, const DriftRunOptions& options);

}  // namespace provgraph::drift
