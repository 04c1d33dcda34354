// Forecasting a drift-metric series: Holt's linear trend as the state-space
// model ETS(A,A,N) (Hyndman, Koehler, Ord & Snyder 2008, "Forecasting with
// exponential smoothing", ch. 2 and 6), fitted by least squares on the
// one-step errors, with the closed-form prediction interval; an OLS linear
// trend with its t prediction interval; and the first horizon at which a
// forecast crosses a threshold, with the interval of horizons around it.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/status.h"

namespace provgraph::stats {

// Error-correction form: e_t = y_t - (l_{t-1} + b_{t-1});
// l_t = l_{t-1} + b_{t-1} + alpha e_t; b_t = b_{t-1} + beta e_t.
// `beta` is statsmodels ETSModel's smoothing_trend = alpha * beta* of the
// component form (0 < beta < alpha).
struct HoltParams {
  double alpha = 0.3;
  double beta = 0.05;
  double level0 = 0.0;  // l_0, the state before the first observation
  double trend0 = 0.0;  // b_0
};

struct HoltFit {
  HoltParams params;
  double level = 0.0;  // l_n after the last observation
  double trend = 0.0;  // b_n
  double sse = 0.0;    // sum of squared one-step errors
  double sigma2 = 0.0;  // SSE / n (statsmodels' mse)
  std::vector<double> fitted;     // one-step predictions l_{t-1} + b_{t-1}
  std::vector<double> residuals;  // e_t
};

// Runs the recursions with fixed parameters. InvalidInput: empty or
// non-finite series, non-finite parameters.
Result<HoltFit> HoltSmooth(std::span<const double> y, const HoltParams& params);

struct HoltFitOptions {
  // alpha and beta* = beta / alpha are searched in [bound, 1 - bound]
  // (statsmodels' default bounds are [1e-4, 1 - 1e-4]).
  double bound = 1e-4;
  int grid = 40;  // coarse grid per axis before the Nelder-Mead refinement
};

// Least-squares fit: minimises the SSE of the one-step errors over alpha,
// beta* in (0, 1) and the initial level and trend (which the SSE depends on
// quadratically, so they are solved exactly for each alpha, beta; this is
// what statsmodels' ETSModel fit with initialization 'estimated' maximises,
// the Gaussian likelihood being monotone in the SSE). Needs >= 3 values.
Result<HoltFit> HoltFitLeastSquares(std::span<const double> y, const HoltFitOptions& options = {});

struct Forecast {
  std::vector<int> horizon;  // 1..H
  std::vector<double> mean;
  std::vector<double> variance;  // forecast variance sigma_h^2 (ETS) or of the prediction (OLS)
  std::vector<double> lower;
  std::vector<double> upper;
};

// yhat(n+h) = l_n + h b_n; sigma_h^2 = sigma2 [1 + (h-1)(alpha^2 + alpha beta h
// + beta^2 h (2h-1) / 6)]; interval yhat +- z sigma_h, z = Phi^{-1}((1+level)/2).
Forecast HoltForecast(const HoltFit& fit, int horizons, double level = 0.95);

struct LinearTrendFit {
  double intercept = 0.0;  // at t = 0 (the first observation)
  double slope = 0.0;
  double s2 = 0.0;         // residual variance, SSE / (n - 2)
  int n = 0;
};

// OLS of y on t = 0..n-1. Needs >= 3 values (InvalidInput otherwise).
Result<LinearTrendFit> OlsLinearTrend(std::span<const double> y);

// x0 = n - 1 + h; yhat +- t_{(1+level)/2, n-2} sqrt(s2 (1 + 1/n + (x0 - tbar)^2 / Sxx)).
Forecast OlsForecast(const LinearTrendFit& fit, int horizons, double level = 0.95);

enum class CrossDirection {
  kAbove,  // crossing means value >= threshold
  kBelow,  // crossing means value <= threshold
};

struct Crossing {
  std::optional<int> mean;   // first horizon where the mean forecast crosses
  std::optional<int> upper;  // ... where the upper bound crosses
  std::optional<int> lower;  // ... where the lower bound crosses
  // The interval of horizons around `mean`: for kAbove the upper bound
  // crosses first (earliest) and the lower bound last (latest); for kBelow
  // the other way round. Empty latest: the bound never crosses within the
  // forecast horizon.
  std::optional<int> earliest;
  std::optional<int> latest;
};

Crossing FirstCrossing(const Forecast& forecast, double threshold, CrossDirection direction);

}  // namespace provgraph::stats
