// Which drift test a column gets and when it counts as drifted: Evidently's
// default selection by column type, reference size and number of distinct
// values (evidently registry.py::_get_default_stattest), each test's default
// threshold and direction, and running a named test on two column samples
// with the definitions of DESIGN.md ("Drift and constraints").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace provgraph::stats {

enum class ColumnType { kNumerical, kCategorical };

enum class DriftWhen {
  kPBelow,         // p < threshold
  kPAtMost,        // p <= threshold (Evidently's ks)
  kValueAtLeast,   // statistic >= threshold
  kValueAbove,     // statistic > threshold (energy)
};

struct TestSpec {
  std::string name;
  double threshold = 0.05;
  DriftWhen when = DriftWhen::kPBelow;
  bool numerical = true;    // applies to numerical columns
  bool categorical = false;  // applies to categorical columns
};

// Every test `drift compare --test` accepts: ks, psi, wasserstein,
// wasserstein_norm, energy, cramervonmises, anderson, jensenshannon,
// hellinger, mmd, chi2, z.
const std::vector<TestSpec>& AllTests();
// NotFound naming the known tests when `name` is none of them.
Result<TestSpec> FindTest(std::string_view name);

// Evidently's rule. n_reference = reference rows; n_unique = distinct values
// in reference and current together.
//   n <= 1000: numerical  u <= 2 -> z, 3..5 -> chi2, > 5 -> ks;
//              categorical u > 2 -> chi2, else z.
//   n > 1000:  numerical  u <= 5 -> jensenshannon, else wasserstein_norm;
//              categorical -> jensenshannon.
TestSpec ChooseTest(ColumnType type, std::uint64_t n_reference, std::uint64_t n_unique);

bool IsDrift(const TestSpec& spec, double statistic, std::optional<double> p_value);

// One column of two samples: numbers for numerical columns, labels for
// categorical ones (missing values already removed).
struct ColumnSample {
  ColumnType type = ColumnType::kNumerical;
  std::vector<double> numbers;
  std::vector<std::string> labels;
  size_t size() const { return type == ColumnType::kNumerical ? numbers.size() : labels.size(); }
};

enum class PsiBinning { kQuantile, kEvidently };

struct DriftRunOptions {
  PsiBinning psi_bins = PsiBinning::kQuantile;
  std::uint64_t seed = 0;    // mmd permutations
  int mmd_permutations = 1000;
};

struct TestOutcome {
  std::string test;
  double statistic = 0.0;
  std::optional<double> p_value;  // none for distances
  double threshold = 0.0;
  bool drift = false;
};

// Distinct values of reference and current together.
std::uint64_t CountDistinct(const ColumnSample& reference, const ColumnSample& current);

// Runs `spec` on the pair. InvalidInput when the test does not apply to the
// column type or the statistic is undefined for the data (the message says
// why, e.g. "chi2: ...").
Result<TestOutcome> RunDriftTest(const TestSpec& spec, const ColumnSample& reference, const ColumnSample& current,
                                 const DriftRunOptions& options = {});

}  // namespace provgraph::stats
