#include "engine/stats/psi.h"

#include <cmath>

#include "engine/stats/summation.h"

namespace provgraph::stats {

Result<double> PsiFromFractions(std::span<const double> reference, std::span<const double> current) {
  if (reference.empty() || reference.size() != current.size()) {
    return Status::InvalidInput("psi: fraction vectors must be non-empty and of equal length");
  }
  NeumaierSum s;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double r = reference[i], c = current[i];
    if (!(r > 0.0) || !(c > 0.0) || !std::isfinite(r) || !std::isfinite(c)) {
      return Status::InvalidInput("psi: fractions must be positive and finite");
    }
    s.Add((r - c) * std::log(r / c));
  }
  return s.Value();
}

namespace {
Result<PsiResult> Finish(Result<BinnedPair> binned) {
  if (!binned.ok()) return binned.status();
  PsiResult out;
  out.bins = std::move(*binned);
  auto v = PsiFromFractions(out.bins.reference, out.bins.current);
  if (!v.ok()) return v.status();
  out.value = *v;
  return out;
}
}  // namespace

Result<PsiResult> PsiQuantile(std::span<const double> reference, std::span<const double> current, int bins,
                              double eps) {
  if (!(eps > 0.0)) return Status::InvalidInput("psi: eps must be positive");
  return Finish(QuantileBinned(reference, current, bins, eps));
}

Result<PsiResult> PsiEvidently(std::span<const double> reference, std::span<const double> current,
                               bool numerical) {
  return Finish(EvidentlyBinned(reference, current, numerical, /*fill_zeroes=*/true));
}

}  // namespace provgraph::stats
