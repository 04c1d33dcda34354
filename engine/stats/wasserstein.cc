#include "engine/stats/wasserstein.h"

#include <algorithm>
#include <cmath>

#include "engine/stats/cdf_distance.h"
#include "engine/stats/summation.h"

namespace provgraph::stats {

Result<double> WassersteinDistance(std::span<const double> u, std::span<const double> v,
                                   std::span<const double> u_weights, std::span<const double> v_weights) {
  return CdfDistance(1, u, v, u_weights, v_weights);
}

double PopulationStd(std::span<const double> x) {
  if (x.empty()) return 0.0;
  const double mean = StableSum(x) / static_cast<double>(x.size());
  NeumaierSum ss;
  for (double v : x) ss.Add((v - mean) * (v - mean));
  return std::sqrt(ss.Value() / static_cast<double>(x.size()));
}

Result<double> WassersteinNormed(std::span<const double> reference, std::span<const double> current) {
  auto w = WassersteinDistance(reference, current);
  if (!w.ok()) return w.status();
  return *w / std::max(PopulationStd(reference), 0.001);
}

}  // namespace provgraph::stats
