// Hellinger distance between two binned distributions, on Evidently's
// binning (no zero fill); in [0, 1], drift when >= 0.1 by Evidently's default.
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// H(r, c) = sqrt( sum_i (sqrt(r_i) - sqrt(c_i))^2 / 2 ) for fraction vectors
// (each normalised to sum 1 first). InvalidInput for mismatched/empty/
// negative inputs or zero totals.
Result<double> HellingerFromFractions(std::span<const double> reference, std::span<const double> current);

// Bins reference and current with EvidentlyBinned(numerical, fill_zeroes =
// false), then HellingerFromFractions.
Result<double> HellingerDistance(std::span<const double> reference, std::span<const double> current,
                                 bool numerical = true);

}  // namespace provgraph::stats
