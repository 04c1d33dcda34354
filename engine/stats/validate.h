// Input checks shared by the statistics: samples must be non-empty and
// finite, weights non-negative with a positive finite total.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "engine/status.h"

namespace provgraph::stats {

// InvalidInput unless `values` has at least `min_size` elements, all finite.
Status CheckSample(std::span<const double> values, std::string_view what, std::size_t min_size = 1);

// InvalidInput unless `weights` matches `size`, is finite, non-negative and
// sums to a positive value.
Status CheckWeights(std::span<const double> weights, std::size_t size, std::string_view what);

}  // namespace provgraph::stats
