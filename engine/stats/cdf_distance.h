// L1 and L2 distances between two (optionally weighted) empirical CDFs:
// scipy.stats._stats_py._cdf_distance, the core of the Wasserstein-1 and
// energy distances.
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// p = 1: integral |U - V| dx; p = 2: sqrt(integral (U - V)^2 dx), where U
// and V are the (weighted) ECDFs of u and v. Empty weight spans mean equal
// weights. InvalidInput for empty/non-finite samples or bad weights.
Result<double> CdfDistance(int p, std::span<const double> u, std::span<const double> v,
                           std::span<const double> u_weights = {}, std::span<const double> v_weights = {});

}  // namespace provgraph::stats
