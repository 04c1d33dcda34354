// Energy distance between two 1-D samples (scipy.stats.energy_distance).
#pragma once

#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// sqrt(2) * L2 distance between the ECDFs, which equals
// sqrt(2 E|X-Y| - E|X-X'| - E|Y-Y'|) (Szekely & Rizzo 2013). Optional weights.
Result<double> EnergyDistance(std::span<const double> u, std::span<const double> v,
                              std::span<const double> u_weights = {}, std::span<const double> v_weights = {});

}  // namespace provgraph::stats
