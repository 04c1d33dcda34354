// Concept drift on labelled windows: a model-quality metric (accuracy, ROC
// AUC, RMSE) on a reference and a current window, their difference, and a
// seeded bootstrap percentile interval of the difference.
#pragma once

#include <cstdint>
#include <span>

#include "engine/status.h"

namespace provgraph::stats {

// Fraction of rows where the predicted label equals the true label.
Result<double> Accuracy(std::span<const double> y_true, std::span<const double> y_pred);

// Area under the ROC curve of binary labels (0/1) and scores, equal to
// sklearn.metrics.roc_auc_score (tied scores count one half): computed as
// the Mann-Whitney U of the positives' midranks / (n_pos n_neg).
// InvalidInput when a label is not 0/1 or one class is absent.
Result<double> RocAuc(std::span<const double> y_true, std::span<const double> scores);

// sqrt(mean((y_true - y_pred)^2)).
Result<double> Rmse(std::span<const double> y_true, std::span<const double> y_pred);

enum class PerformanceMetric { kAccuracy, kRocAuc, kRmse };

struct PerformanceDriftOptions {
  int bootstrap = 1000;     // resamples; 0 skips the interval
  double level = 0.95;      // percentile interval [ (1-level)/2, (1+level)/2 ]
  std::uint64_t seed = 0;   // std::mt19937_64; same seed -> same interval everywhere
};

struct PerformanceDriftResult {
  double reference = 0.0;
  double current = 0.0;
  double delta = 0.0;     // current - reference
  double ci_lower = 0.0;  // bootstrap percentile interval of delta (NaN when skipped)
  double ci_upper = 0.0;
  int resamples_used = 0;  // resamples where the metric was defined in both windows
};

// Each window is resampled with replacement independently (rows of the
// pair (y_true, y_pred) together); the interval takes numpy's linear
// quantiles of the resampled deltas. For ROC AUC a resample with one class
// only is skipped.
Result<PerformanceDriftResult> PerformanceDrift(PerformanceMetric metric, std::span<const double> ref_true,
                                                std::span<const double> ref_pred, std::span<const double> cur_true,
                                                std::span<const double> cur_pred,
                                                const PerformanceDriftOptions& options = {});

}  // namespace provgraph::stats
