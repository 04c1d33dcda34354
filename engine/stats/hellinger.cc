#include "engine/stats/hellinger.h"

#include <cmath>
#include <vector>

#include "engine/stats/binning.h"
#include "engine/stats/summation.h"

namespace provgraph::stats {

Result<double> HellingerFromFractions(std::span<const double> reference, std::span<const double> current) {
  if (reference.empty() || reference.size() != current.size()) {
    return Status::InvalidInput("hellinger: fraction vectors must be non-empty and of equal length");
  }
  for (auto h : {reference, current}) {
    for (double v : h) {
      if (!std::isfinite(v) || v < 0.0) return Status::InvalidInput("hellinger: fractions must be finite and >= 0");
    }
  }
  const double sr = StableSum(reference), sc = StableSum(current);
  if (!(sr > 0.0) || !(sc > 0.0)) return Status::InvalidInput("hellinger: zero total mass");
  NeumaierSum s;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double d = std::sqrt(reference[i] / sr) - std::sqrt(current[i] / sc);
    s.Add(d * d);
  }
  return std::sqrt(s.Value() / 2.0);
}

Result<double> HellingerDistance(std::span<const double> reference, std::span<const double> current,
                                 bool numerical) {
  auto binned = EvidentlyBinned(reference, current, numerical, /*fill_zeroes=*/false);
  if (!binned.ok()) return binned.status();
  return HellingerFromFractions(binned->reference, binned->current);
}

}  // namespace provgraph::stats
