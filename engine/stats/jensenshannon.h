// Jensen-Shannon distance between two histograms
// (scipy.spatial.distance.jensenshannon) and the Kullback-Leibler
// divergence of normalised histograms (scipy.stats.entropy(p, q)).
#pragma once

#include <optional>
#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// sqrt((KL(p||m) + KL(q||m)) / 2), m = (p + q)/2, after normalising p and q
// to sum 1; natural log unless `base` is given (then divided by log(base)).
// InvalidInput: different lengths, empty, negative/non-finite entries, a
// zero total.
Result<double> JensenShannonDistance(std::span<const double> p, std::span<const double> q,
                                     std::optional<double> base = std::nullopt);

// sum p_i log(p_i / q_i) of the normalised inputs; +inf when some q_i = 0 < p_i.
Result<double> KlDivergence(std::span<const double> p, std::span<const double> q);

}  // namespace provgraph::stats
