// Wasserstein-1 distance between two 1-D samples (scipy.stats.wasserstein_distance)
// and Evidently's normed form used as its default numerical drift score.
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// W1 = integral |U - V| over the real line; optional non-negative weights.
Result<double> WassersteinDistance(std::span<const double> u, std::span<const double> v,
                                   std::span<const double> u_weights = {},
                                   std::span<const double> v_weights = {});

// Evidently's wasserstein_distance_norm: W1(ref, cur) / max(std(ref), 0.001),
// std with ddof = 0 (np.std default).
Result<double> WassersteinNormed(std::span<const double> reference, std::span<const double> current);

// Population standard deviation (ddof = 0), two-pass with compensated sums.
double PopulationStd(std::span<const double> x);

}  // namespace provgraph::stats
