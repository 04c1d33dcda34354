// Performance metrics and their bootstrap drift interval; see
// performance_drift.h. ROC AUC by ranks: Mann & Whitney (1947); Hanley &
// McNeil (1982) show AUC = U / (n_pos n_neg), ties contributing one half,
// which is what the trapezoidal ROC of sklearn integrates to.
#include "engine/stats/performance_drift.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "engine/stats/binning.h"
#include "engine/stats/ranks.h"
#include "engine/stats/summation.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

Status CheckPair(std::span<const double> a, std::span<const double> b) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(a, "y_true"));
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(b, "y_pred"));
  if (a.size() != b.size()) return Status::InvalidInput("y_true and y_pred differ in length");
  return Status::Ok();
}

// Uniform index in [0, n) by rejection sampling (no modulo bias).
size_t UniformIndex(std::mt19937_64& rng, size_t n) {
  const std::uint64_t range = n;
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t v;
  do {
    v = rng();
  } while (v >= limit);
  return static_cast<size_t>(v % range);
}

Result<double> Metric(PerformanceMetric m, std::span<const double> t, std::span<const double> p) {
  switch (m) {
    case PerformanceMetric::kAccuracy:
      return Accuracy(t, p);
    case PerformanceMetric::kRocAuc:
      return RocAuc(t, p);
    case PerformanceMetric::kRmse:
      return Rmse(t, p);
  }
  return Status::Internal("unknown metric");
}

}  // namespace

Result<double> Accuracy(std::span<const double> y_true, std::span<const double> y_pred) {
  PROVGRAPH_RETURN_IF_ERROR(CheckPair(y_true, y_pred));
  size_t hits = 0;
  for (size_t i = 0; i < y_true.size(); ++i) hits += y_true[i] == y_pred[i];
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

Result<double> RocAuc(std::span<const double> y_true, std::span<const double> scores) {
  PROVGRAPH_RETURN_IF_ERROR(CheckPair(y_true, scores));
  double n_pos = 0, n_neg = 0;
  for (double y : y_true) {
    if (y == 1.0) {
      ++n_pos;
    } else if (y == 0.0) {
      ++n_neg;
    } else {
      return Status::InvalidInput("ROC AUC needs labels 0 and 1");
    }
  }
  if (n_pos == 0 || n_neg == 0) return Status::InvalidInput("ROC AUC needs both classes in y_true");
  const std::vector<double> ranks = AverageRanks(scores);
  NeumaierSum pos_ranks;
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (y_true[i] == 1.0) pos_ranks.Add(ranks[i]);
  }
  const double u = pos_ranks.Value() - n_pos * (n_pos + 1.0) / 2.0;
  return u / (n_pos * n_neg);
}

Result<double> Rmse(std::span<const double> y_true, std::span<const double> y_pred) {
  PROVGRAPH_RETURN_IF_ERROR(CheckPair(y_true, y_pred));
  NeumaierSum s;
  for (size_t i = 0; i < y_true.size(); ++i) {
    const double d = y_true[i] - y_pred[i];
    s.Add(d * d);
  }
  return std::sqrt(s.Value() / static_cast<double>(y_true.size()));
}

Result<PerformanceDriftResult> PerformanceDrift(PerformanceMetric metric, std::span<const double> ref_true,
                                                std::span<const double> ref_pred, std::span<const double> cur_true,
                                                std::span<const double> cur_pred,
                                                const PerformanceDriftOptions& options) {
  auto ref = Metric(metric, ref_true, ref_pred);
  if (!ref.ok()) return Status::InvalidInput("reference window: " + ref.status().message());
  auto cur = Metric(metric, cur_true, cur_pred);
  if (!cur.ok()) return Status::InvalidInput("current window: " + cur.status().message());
  if (options.bootstrap < 0 || !(options.level > 0.0 && options.level < 1.0)) {
    return Status::InvalidInput("bootstrap must be >= 0 and level in (0, 1)");
  }
  PerformanceDriftResult out;
  out.reference = *ref;
  out.current = *cur;
  out.delta = *cur - *ref;
  out.ci_lower = out.ci_upper = std::numeric_limits<double>::quiet_NaN();
  if (options.bootstrap == 0) return out;
  std::mt19937_64 rng(options.seed);
  std::vector<double> deltas;
  deltas.reserve(static_cast<size_t>(options.bootstrap));
  std::vector<double> rt(ref_true.size()), rp(ref_true.size()), ct(cur_true.size()), cp(cur_true.size());
  for (int b = 0; b < options.bootstrap; ++b) {
    for (size_t i = 0; i < rt.size(); ++i) {
      const size_t j = UniformIndex(rng, rt.size());
      rt[i] = ref_true[j];
      rp[i] = ref_pred[j];
    }
    for (size_t i = 0; i < ct.size(); ++i) {
      const size_t j = UniformIndex(rng, ct.size());
      ct[i] = cur_true[j];
      cp[i] = cur_pred[j];
    }
    auto r = Metric(metric, rt, rp);
    auto c = Metric(metric, ct, cp);
    if (r.ok() && c.ok()) deltas.push_back(*c - *r);
  }
  out.resamples_used = static_cast<int>(deltas.size());
  if (deltas.empty()) return out;
  std::sort(deltas.begin(), deltas.end());
  out.ci_lower = LinearQuantile(deltas, (1.0 - options.level) / 2.0);
  out.ci_upper = LinearQuantile(deltas, (1.0 + options.level) / 2.0);
  return out;
}

}  // namespace provgraph::stats
