// Turning two samples into comparable histograms: numpy-compatible quantiles,
// Sturges bin edges and histogram counts, and the two binnings the drift
// scores use (Evidently's get_binned_data, and reference-quantile bins).
#pragma once

#include <span>
#include <vector>

#include "engine/status.h"

namespace provgraph::stats {

// numpy.quantile(sorted, q) with the default 'linear' method; `sorted` must
// be ascending and non-empty.
double LinearQuantile(const std::vector<double>& sorted, double q);

// numpy.histogram_bin_edges(data, bins='sturges'): ceil(range / width)
// equal-width bins, width = range / (log2(n) + 1); one bin [x-0.5, x+0.5]
// when all values are equal. `data` must be non-empty.
std::vector<double> SturgesBinEdges(std::span<const double> data);

// numpy.histogram(data, edges) counts: bins [e_i, e_{i+1}), the last one
// closed; values outside [e_0, e_last] are not counted. `sorted` ascending.
std::vector<double> HistogramCounts(const std::vector<double>& sorted, const std::vector<double>& edges);

struct BinnedPair {
  std::vector<double> edges_or_keys;  // bin edges (numerical) or category values
  std::vector<double> reference;      // fractions per bin / category
  std::vector<double> current;
};

// Evidently's get_binned_data: numerical with more than 20 distinct
// reference values -> Sturges bins over reference + current; otherwise one
// bin per distinct value of either sample (ascending). With fill_zeroes a
// zero fraction becomes min_nonzero / 1e6 when min_nonzero <= 1e-4, else
// 1e-4 (per sample). InvalidInput for empty/non-finite samples.
Result<BinnedPair> EvidentlyBinned(std::span<const double> reference, std::span<const double> current,
                                   bool numerical, bool fill_zeroes);

// `bins` reference-quantile bins (np.quantile of the reference at
// 0, 1/bins, ..., 1; outer edges -inf/+inf); zero fractions become `eps`.
Result<BinnedPair> QuantileBinned(std::span<const double> reference, std::span<const double> current, int bins,
                                  double eps);

}  // namespace provgraph::stats
