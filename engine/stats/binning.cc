#include "engine/stats/binning.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/stats/parallel.h"
#include "engine/stats/sorting.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

void FillZeroes(std::vector<double>& fractions) {
  double mn = std::numeric_limits<double>::infinity();
  for (double v : fractions) {
    if (v != 0.0) mn = std::min(mn, v);
  }
  if (std::isinf(mn)) return;  // all zero: nothing to scale from
  const double fill = mn <= 0.0001 ? mn / 1e6 : 0.0001;
  for (double& v : fractions) {
    if (v == 0.0) v = fill;
  }
}

// numpy's 'linear' quantile of n sorted values, reading the values it
// needs through at(rank).
template <typename At>
double LinearQuantileAt(size_t n, double q, At at) {
  const double virtual_index = static_cast<double>(n - 1) * q;
  if (virtual_index >= static_cast<double>(n - 1)) return at(n - 1);
  if (virtual_index < 0) return at(0);
  const double prev = std::floor(virtual_index);
  const size_t i = static_cast<size_t>(prev);
  const double gamma = virtual_index - prev;
  const double a = at(i), b = at(i + 1);
  const double diff = b - a;
  // numpy's _lerp: interpolate from the nearer end.
  return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

// Counts per bin of `data` for ascending interior edges e_1..e_{k}: bin j
// holds e_j <= v < e_{j+1} (e_0 = -inf, e_{k+1} = +inf), as numpy.histogram
// over [-inf, e_1, ..., e_k, +inf] counts finite values. Up to 15 edges
// (16 bins) the edges are padded with +inf to a fixed 16 and searched in
// four branch-free steps, and four count arrays take turns so that runs of
// one bin do not wait on each other's increments.
std::vector<double> CountBetweenEdges(std::span<const double> data, const std::vector<double>& interior) {
  constexpr size_t kFixed = 16;
  if (interior.size() >= kFixed) {
    std::vector<uint64_t> counts(interior.size() + 1, 0);
    for (double v : data) {
      size_t k = 0;
      for (double e : interior) k += (v >= e) ? 1 : 0;
      ++counts[k];
    }
    return std::vector<double>(counts.begin(), counts.end());
  }
  double edges[kFixed];
  for (size_t m = 0; m < kFixed; ++m) {
    edges[m] = m < interior.size() ? interior[m] : std::numeric_limits<double>::infinity();
  }
  // Branch-free binary search: the number of (ascending) edges <= v; at
  // most 15, since edges[15] is +inf and v finite.
  auto bin = [&edges](double v) {
    size_t k = (v >= edges[7]) ? 8 : 0;
    k += (v >= edges[k + 3]) ? 4 : 0;
    k += (v >= edges[k + 1]) ? 2 : 0;
    k += (v >= edges[k]) ? 1 : 0;
    return k;
  };
  uint64_t counts[4][kFixed + 1] = {};
  size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    ++counts[0][bin(data[i])];
    ++counts[1][bin(data[i + 1])];
    ++counts[2][bin(data[i + 2])];
    ++counts[3][bin(data[i + 3])];
  }
  for (; i < data.size(); ++i) ++counts[0][bin(data[i])];
  std::vector<double> out(interior.size() + 1);
  for (size_t j = 0; j < out.size(); ++j) {
    out[j] = static_cast<double>(counts[0][j] + counts[1][j] + counts[2][j] + counts[3][j]);
  }
  return out;
}

}  // namespace

double LinearQuantile(const std::vector<double>& sorted, double q) {
  return LinearQuantileAt(sorted.size(), q, [&](size_t i) { return sorted[i]; });
}

std::vector<double> SturgesBinEdges(std::span<const double> data) {
  const auto [mn_it, mx_it] = std::minmax_element(data.begin(), data.end());
  double first = *mn_it, last = *mx_it;
  const double ptp = last - first;
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  const double width = ptp / (std::log2(static_cast<double>(data.size())) + 1.0);
  long nbins = 1;
  if (width != 0.0) nbins = static_cast<long>(std::ceil((last - first) / width));
  // np.linspace(first, last, nbins + 1): i * step + first, last forced.
  std::vector<double> edges(static_cast<size_t>(nbins) + 1);
  const double step = (last - first) / static_cast<double>(nbins);
  for (long i = 0; i <= nbins; ++i) edges[i] = static_cast<double>(i) * step + first;
  edges.back() = last;
  return edges;
}

std::vector<double> HistogramCounts(const std::vector<double>& sorted, const std::vector<double>& edges) {
  std::vector<double> counts(edges.size() - 1);
  auto cum = [&](size_t e) {
    const bool last = (e + 1 == edges.size());
    const auto it = last ? std::upper_bound(sorted.begin(), sorted.end(), edges[e])
                         : std::lower_bound(sorted.begin(), sorted.end(), edges[e]);
    return static_cast<double>(it - sorted.begin());
  };
  double prev = cum(0);
  for (size_t i = 0; i + 1 < edges.size(); ++i) {
    const double c = cum(i + 1);
    counts[i] = c - prev;
    prev = c;
  }
  return counts;
}

Result<BinnedPair> EvidentlyBinned(std::span<const double> reference, std::span<const double> current, bool numerical,
                                   bool fill_zeroes) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(reference, "binning: reference sample"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(current, "binning: current sample"));
  std::vector<double> ref(reference.begin(), reference.end()), cur(current.begin(), current.end());
  std::sort(ref.begin(), ref.end());
  std::sort(cur.begin(), cur.end());
  std::vector<double> uniq(ref);
  uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
  BinnedPair out;
  const double nr = static_cast<double>(ref.size()), nc = static_cast<double>(cur.size());
  if (numerical && uniq.size() > 20) {
    std::vector<double> combined(ref);
    combined.insert(combined.end(), cur.begin(), cur.end());
    out.edges_or_keys = SturgesBinEdges(combined);
    out.reference = HistogramCounts(ref, out.edges_or_keys);
    out.current = HistogramCounts(cur, out.edges_or_keys);
  } else {
    std::vector<double> keys(uniq);
    keys.insert(keys.end(), cur.begin(), cur.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    out.edges_or_keys = keys;
    for (double k : keys) {
      const auto [r0, r1] = std::equal_range(ref.begin(), ref.end(), k);
      const auto [c0, c1] = std::equal_range(cur.begin(), cur.end(), k);
      out.reference.push_back(static_cast<double>(r1 - r0));
      out.current.push_back(static_cast<double>(c1 - c0));
    }
  }
  for (double& v : out.reference) v /= nr;
  for (double& v : out.current) v /= nc;
  if (fill_zeroes) {
    FillZeroes(out.reference);
    FillZeroes(out.current);
  }
  return out;
}

Result<BinnedPair> QuantileBinned(std::span<const double> reference, std::span<const double> current, int bins,
                                  double eps) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(reference, "binning: reference sample"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(current, "binning: current sample"));
  if (bins < 1) return Status::InvalidInput("binning: need at least one bin");
  // Only the order statistics the quantiles interpolate between are
  // selected (no full sort); the same arithmetic as LinearQuantile.
  const size_t n = reference.size();
  std::vector<size_t> ranks;
  auto record = [&](size_t r) {
    ranks.push_back(r);
    return 0.0;
  };
  const double step = 1.0 / static_cast<double>(bins);  // np.linspace(0, 1, bins + 1)
  auto q_of = [&](int i) { return (i == bins) ? 1.0 : static_cast<double>(i) * step; };
  for (int i = 1; i < bins; ++i) LinearQuantileAt(n, q_of(i), record);
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  const std::vector<double> picked = OrderStatistics(reference, ranks);
  auto at = [&](size_t r) {
    return picked[static_cast<size_t>(std::lower_bound(ranks.begin(), ranks.end(), r) - ranks.begin())];
  };
  BinnedPair out;
  out.edges_or_keys.resize(static_cast<size_t>(bins) + 1);
  for (int i = 1; i < bins; ++i) out.edges_or_keys[i] = LinearQuantileAt(n, q_of(i), at);
  out.edges_or_keys.front() = -std::numeric_limits<double>::infinity();
  out.edges_or_keys.back() = std::numeric_limits<double>::infinity();
  const std::vector<double> interior(out.edges_or_keys.begin() + 1, out.edges_or_keys.end() - 1);
  RunBoth(
      reference.size() + current.size() >= (1 << 17), [&] { out.current = CountBetweenEdges(current, interior); },
      [&] { out.reference = CountBetweenEdges(reference, interior); });
  for (double& v : out.reference) v = v / static_cast<double>(reference.size());
  for (double& v : out.current) v = v / static_cast<double>(current.size());
  for (auto* h : {&out.reference, &out.current}) {
    for (double& v : *h) {
      if (v == 0.0) v = eps;
    }
  }
  return out;
}

}  // namespace provgraph::stats
