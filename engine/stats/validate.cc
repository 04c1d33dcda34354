#include "engine/stats/validate.h"

#include <cmath>
#include <string>

namespace provgraph::stats {

Status CheckSample(std::span<const double> values, std::string_view what, std::size_t min_size) {
  if (values.size() < min_size) {
    return Status::InvalidInput(std::string(what) + " needs at least " + std::to_string(min_size) +
                                " value(s), got " + std::to_string(values.size()));
  }
  for (double v : values) {
    if (!std::isfinite(v)) return Status::InvalidInput(std::string(what) + " contains a NaN or infinite value");
  }
  return Status::Ok();
}

Status CheckWeights(std::span<const double> weights, std::size_t size, std::string_view what) {
  if (weights.size() != size) {
    return Status::InvalidInput(std::string(what) + " has " + std::to_string(weights.size()) +
                                " weights for " + std::to_string(size) + " values");
  }
  double total = 0.0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0.0) {
      return Status::InvalidInput(std::string(what) + " weights must be finite and non-negative");
    }
    total += w;
  }
  if (!(total > 0.0) || !std::isfinite(total)) {
    return Status::InvalidInput(std::string(what) + " weights must sum to a positive finite value");
  }
  return Status::Ok();
}

}  // namespace provgraph::stats
