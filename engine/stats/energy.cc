#include "engine/stats/energy.h"

#include <cmath>
#include <numbers>

#include "engine/stats/cdf_distance.h"

namespace provgraph::stats {

Result<double> EnergyDistance(std::span<const double> u, std::span<const double> v,
                              std::span<const double> u_weights, std::span<const double> v_weights) {
  auto d = CdfDistance(2, u, v, u_weights, v_weights);
  if (!d.ok()) return d.status();
  return std::numbers::sqrt2 * *d;
}

}  // namespace provgraph::stats
