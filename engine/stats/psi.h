// Population Stability Index between a reference and a current sample:
// sum (r_i - c_i) ln(r_i / c_i) over binned fractions.
#pragma once

#include <span>

#include "engine/stats/binning.h"
#include "engine/status.h"

namespace provgraph::stats {

struct PsiResult {
  double value = 0.0;
  BinnedPair bins;  // the (zero-filled) fractions the value was computed from
};

// Default: `bins` reference-quantile bins (outer edges +-inf), zero
// fractions replaced by `eps`.
Result<PsiResult> PsiQuantile(std::span<const double> reference, std::span<const double> current, int bins = 10,
                              double eps = 1e-4);

// Evidently's psi: EvidentlyBinned(..., fill_zeroes = true); drift when >= 0.1.
Result<PsiResult> PsiEvidently(std::span<const double> reference, std::span<const double> current,
                               bool numerical = true);

// PSI of two fraction vectors of equal length, all entries > 0.
Result<double> PsiFromFractions(std::span<const double> reference, std::span<const double> current);

}  // namespace provgraph::stats
