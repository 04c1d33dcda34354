#include "engine/stats/cdf_distance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "engine/stats/sorting.h"
#include "engine/stats/summation.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

// Sorted values plus, for weighted samples, the cumulative weights in that
// order (cum[0] = 0, cum[i] = sum of the first i weights).
struct SortedSample {
  std::vector<double> values;
  std::vector<double> cum;  // empty when unweighted
};

SortedSample SortSample(std::span<const double> x, std::span<const double> w) {
  SortedSample s;
  if (w.empty()) {
    s.values.assign(x.begin(), x.end());
    std::sort(s.values.begin(), s.values.end());
    return s;
  }
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return x[i] < x[j]; });
  s.values.reserve(x.size());
  s.cum.assign(1, 0.0);
  NeumaierSum acc;
  for (size_t i : order) {
    s.values.push_back(x[i]);
    acc.Add(w[i]);
    s.cum.push_back(acc.Value());
  }
  return s;
}

// ECDF at t: mass of values <= t (searchsorted side='right').
double Ecdf(const SortedSample& s, double t) {
  const size_t idx = static_cast<size_t>(std::upper_bound(s.values.begin(), s.values.end(), t) - s.values.begin());
  if (s.cum.empty()) return static_cast<double>(idx) / static_cast<double>(s.values.size());
  return s.cum[idx] / s.cum.back();
}

// Unweighted samples: one merge of the two sorted samples. The terms are
// those of the weighted loop below, in the same order: after the last copy
// of a pooled value t, the counts taken are exactly the values <= t.
template <typename Term>
double MergedCdfSum(std::span<const double> u, std::span<const double> v, Term term) {
  std::vector<double> a, b;
  SortedCopies(u, v, a, b);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const size_t total = a.size() + b.size();
  const double inf = std::numeric_limits<double>::infinity();
  size_t i = 0, j = 0;
  NeumaierSum acc;
  for (size_t k = 0; k + 1 < total; ++k) {
    const double ai = i < a.size() ? a[i] : inf, bj = j < b.size() ? b[j] : inf;
    const double t = ai <= bj ? ai : bj;
    if (ai <= bj) {
      ++i;
    } else {
      ++j;
    }
    const double next = std::min(i < a.size() ? a[i] : inf, j < b.size() ? b[j] : inf);
    const double delta = next - t;
    if (delta == 0.0) continue;
    const double diff = static_cast<double>(i) / na - static_cast<double>(j) / nb;
    acc.Add(term(diff, delta));
  }
  return acc.Value();
}

double UnweightedL1(std::span<const double> u, std::span<const double> v) {
  return MergedCdfSum(u, v, [](double diff, double delta) { return std::fabs(diff) * delta; });
}

double UnweightedL2Sq(std::span<const double> u, std::span<const double> v) {
  return MergedCdfSum(u, v, [](double diff, double delta) { return diff * diff * delta; });
}

}  // namespace

Result<double> CdfDistance(int p, std::span<const double> u, std::span<const double> v,
                           std::span<const double> u_weights, std::span<const double> v_weights) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(u, "first sample"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(v, "second sample"));
  if (!u_weights.empty()) PROVGRAPH_RETURN_IF_ERROR(CheckWeights(u_weights, u.size(), "first sample"));
  if (!v_weights.empty()) PROVGRAPH_RETURN_IF_ERROR(CheckWeights(v_weights, v.size(), "second sample"));
  if (p != 1 && p != 2) return Status::InvalidInput("cdf distance order must be 1 or 2");
  if (u_weights.empty() && v_weights.empty()) return p == 1 ? UnweightedL1(u, v) : std::sqrt(UnweightedL2Sq(u, v));
  const SortedSample su = SortSample(u, u_weights);
  const SortedSample sv = SortSample(v, v_weights);
  std::vector<double> all(su.values);
  all.insert(all.end(), sv.values.begin(), sv.values.end());
  std::sort(all.begin(), all.end());
  // Between consecutive pooled values both ECDFs are constant.
  NeumaierSum acc;
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    const double delta = all[i + 1] - all[i];
    if (delta == 0.0) continue;
    const double diff = Ecdf(su, all[i]) - Ecdf(sv, all[i]);
    acc.Add(p == 1 ? std::fabs(diff) * delta : diff * diff * delta);
  }
  return p == 1 ? acc.Value() : std::sqrt(acc.Value());
}

}  // namespace provgraph::stats
