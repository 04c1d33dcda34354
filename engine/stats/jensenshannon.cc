#include "engine/stats/jensenshannon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/stats/summation.h"

namespace provgraph::stats {
namespace {

Status CheckHistograms(std::span<const double> p, std::span<const double> q) {
  if (p.empty() || p.size() != q.size()) {
    return Status::InvalidInput("histograms must be non-empty and of equal length");
  }
  for (auto h : {p, q}) {
    for (double v : h) {
      if (!std::isfinite(v) || v < 0.0) return Status::InvalidInput("histogram entries must be finite and >= 0");
    }
    if (!(StableSum(h) > 0.0)) return Status::InvalidInput("histogram has zero total mass");
  }
  return Status::Ok();
}

std::vector<double> Normalised(std::span<const double> h) {
  const double s = StableSum(h);
  std::vector<double> out(h.begin(), h.end());
  for (double& v : out) v /= s;
  return out;
}

// x log(x / y) with 0 log(0 / y) = 0 (scipy.special.rel_entr).
double RelEntr(double x, double y) {
  if (x == 0.0) return 0.0;
  if (y == 0.0) return std::numeric_limits<double>::infinity();
  return x * std::log(x / y);
}

}  // namespace

Result<double> JensenShannonDistance(std::span<const double> p, std::span<const double> q,
                                     std::optional<double> base) {
  PROVGRAPH_RETURN_IF_ERROR(CheckHistograms(p, q));
  if (base && !(*base > 0.0 && *base != 1.0)) return Status::InvalidInput("jensenshannon: bad logarithm base");
  const auto pn = Normalised(p);
  const auto qn = Normalised(q);
  NeumaierSum left, right;
  for (size_t i = 0; i < pn.size(); ++i) {
    const double m = (pn[i] + qn[i]) / 2.0;
    left.Add(RelEntr(pn[i], m));
    right.Add(RelEntr(qn[i], m));
  }
  double js = left.Value() + right.Value();
  if (base) js /= std::log(*base);
  return std::sqrt(std::max(js, 0.0) / 2.0);
}

Result<double> KlDivergence(std::span<const double> p, std::span<const double> q) {
  PROVGRAPH_RETURN_IF_ERROR(CheckHistograms(p, q));
  const auto pn = Normalised(p);
  const auto qn = Normalised(q);
  NeumaierSum s;
  for (size_t i = 0; i < pn.size(); ++i) {
    const double t = RelEntr(pn[i], qn[i]);
    if (std::isinf(t)) return t;
    s.Add(t);
  }
  return s.Value();
}

}  // namespace provgraph::stats
