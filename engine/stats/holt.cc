// Holt / ETS(A,A,N) fitting and forecasting; see holt.h.
//
// For fixed (alpha, beta) the state x_t = (l_t, b_t) evolves linearly, so
// each one-step error is affine in the initial state: e = e^0 - A x_0,
// where e^0 are the errors from x_0 = 0 and column j of A the errors of the
// homogeneous recursion (y = 0) started from unit vector j, negated. The
// SSE-optimal x_0 is then the 2x2 least-squares solution. The outer search
// over (alpha, beta*) is a grid followed by a bounded Nelder-Mead.
#include "engine/stats/holt.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "engine/stats/quantiles.h"
#include "engine/stats/summation.h"
#include "engine/stats/validate.h"

namespace provgraph::stats {
namespace {

struct Concentrated {
  double sse = std::numeric_limits<double>::infinity();
  double level0 = 0.0;
  double trend0 = 0.0;
};

// Best initial state for fixed alpha, beta (ETS form) and the resulting SSE.
Concentrated SolveInitialState(std::span<const double> y, double alpha, double beta) {
  // Three recursions side by side: data from 0, homogeneous from (1,0), (0,1).
  double l[3] = {0.0, 1.0, 0.0};
  double b[3] = {0.0, 0.0, 1.0};
  double s00 = 0, s01 = 0, s11 = 0, s0e = 0, s1e = 0;
  for (double yt : y) {
    double e[3];
    e[0] = yt - (l[0] + b[0]);
    e[1] = -(l[1] + b[1]);
    e[2] = -(l[2] + b[2]);
    for (int k = 0; k < 3; ++k) {
      const double nl = l[k] + b[k] + alpha * e[k];
      b[k] = b[k] + beta * e[k];
      l[k] = nl;
    }
    // e_total = e0 + x0[0] * e1 + x0[1] * e2 (homogeneous errors already negated).
    s00 += e[1] * e[1];
    s01 += e[1] * e[2];
    s11 += e[2] * e[2];
    s0e += e[1] * e[0];
    s1e += e[2] * e[0];
  }
  Concentrated out;
  const double det = s00 * s11 - s01 * s01;
  if (!(std::fabs(det) > 0.0) || !std::isfinite(det)) return out;
  out.level0 = -(s11 * s0e - s01 * s1e) / det;
  out.trend0 = -(s00 * s1e - s01 * s0e) / det;
  // Evaluate the SSE directly (no cancellation from the normal equations).
  double lv = out.level0, tr = out.trend0;
  NeumaierSum sse;
  for (double yt : y) {
    const double e = yt - (lv + tr);
    sse.Add(e * e);
    lv = lv + tr + alpha * e;
    tr = tr + beta * e;
  }
  out.sse = sse.Value();
  return out;
}

}  // namespace

Result<HoltFit> HoltSmooth(std::span<const double> y, const HoltParams& params) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(y, "series"));
  for (double v : {params.alpha, params.beta, params.level0, params.trend0}) {
    if (!std::isfinite(v)) return Status::InvalidInput("Holt parameters must be finite");
  }
  HoltFit fit;
  fit.params = params;
  double l = params.level0, b = params.trend0;
  NeumaierSum sse;
  fit.fitted.reserve(y.size());
  fit.residuals.reserve(y.size());
  for (double yt : y) {
    const double yhat = l + b;
    const double e = yt - yhat;
    fit.fitted.push_back(yhat);
    fit.residuals.push_back(e);
    sse.Add(e * e);
    const double nl = l + b + params.alpha * e;
    b = b + params.beta * e;
    l = nl;
  }
  fit.level = l;
  fit.trend = b;
  fit.sse = sse.Value();
  fit.sigma2 = fit.sse / static_cast<double>(y.size());
  return fit;
}

Result<HoltFit> HoltFitLeastSquares(std::span<const double> y, const HoltFitOptions& options) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(y, "series", 3));
  const double lo = options.bound, hi = 1.0 - options.bound;
  if (!(lo > 0.0 && lo < hi)) return Status::InvalidInput("Holt fit: bound must be in (0, 0.5)");
  auto objective = [&](const std::array<double, 2>& p) {
    const double a = std::clamp(p[0], lo, hi);
    const double bs = std::clamp(p[1], lo, hi);
    // Penalise leaving the box so Nelder-Mead stays inside it.
    const double outside = std::fabs(p[0] - a) + std::fabs(p[1] - bs);
    return SolveInitialState(y, a, a * bs).sse * (1.0 + outside);
  };
  // Coarse grid.
  const int g = std::max(options.grid, 2);
  std::array<double, 2> best{lo, lo};
  double best_f = objective(best);
  for (int i = 0; i < g; ++i) {
    for (int j = 0; j < g; ++j) {
      const std::array<double, 2> p{lo + (hi - lo) * i / (g - 1), lo + (hi - lo) * j / (g - 1)};
      const double f = objective(p);
      if (f < best_f) {
        best_f = f;
        best = p;
      }
    }
  }
  // Nelder-Mead (Lagarias et al. 1998 coefficients 1, 2, 0.5, 0.5).
  const double step = (hi - lo) / (g - 1);
  std::array<std::array<double, 2>, 3> s{best, best, best};
  s[1][0] = std::clamp(best[0] + step, lo, hi) == best[0] ? best[0] - step : best[0] + step;
  s[2][1] = std::clamp(best[1] + step, lo, hi) == best[1] ? best[1] - step : best[1] + step;
  std::array<double, 3> f{};
  for (int k = 0; k < 3; ++k) f[k] = objective(s[k]);
  for (int iter = 0; iter < 2000; ++iter) {
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return f[a] < f[b]; });
    const auto sb = s;
    const auto fb = f;
    for (int k = 0; k < 3; ++k) {
      s[k] = sb[order[k]];
      f[k] = fb[order[k]];
    }
    const double spread = std::max(std::fabs(s[1][0] - s[0][0]) + std::fabs(s[1][1] - s[0][1]),
                                   std::fabs(s[2][0] - s[0][0]) + std::fabs(s[2][1] - s[0][1]));
    if (spread < 1e-12 || f[2] - f[0] <= 1e-15 * std::fabs(f[0])) break;
    const std::array<double, 2> c{(s[0][0] + s[1][0]) / 2, (s[0][1] + s[1][1]) / 2};
    auto at = [&](double t) { return std::array<double, 2>{c[0] + t * (s[2][0] - c[0]), c[1] + t * (s[2][1] - c[1])}; };
    const auto r = at(-1.0);
    const double fr = objective(r);
    if (fr < f[0]) {
      const auto e = at(-2.0);
      const double fe = objective(e);
      if (fe < fr) {
        s[2] = e;
        f[2] = fe;
      } else {
        s[2] = r;
        f[2] = fr;
      }
    } else if (fr < f[1]) {
      s[2] = r;
      f[2] = fr;
    } else {
      const auto k = fr < f[2] ? at(-0.5) : at(0.5);
      const double fk = objective(k);
      if (fk < std::min(fr, f[2])) {
        s[2] = k;
        f[2] = fk;
      } else {
        for (int m = 1; m < 3; ++m) {
          s[m] = {(s[0][0] + s[m][0]) / 2, (s[0][1] + s[m][1]) / 2};
          f[m] = objective(s[m]);
        }
      }
    }
  }
  const int arg = static_cast<int>(std::min_element(f.begin(), f.end()) - f.begin());
  if (f[arg] < best_f) best = s[arg];
  const double alpha = std::clamp(best[0], lo, hi);
  const double beta = alpha * std::clamp(best[1], lo, hi);
  const Concentrated init = SolveInitialState(y, alpha, beta);
  if (!std::isfinite(init.sse)) return Status::InvalidInput("Holt fit: the series does not determine a trend");
  return HoltSmooth(y, HoltParams{alpha, beta, init.level0, init.trend0});
}

Forecast HoltForecast(const HoltFit& fit, int horizons, double level) {
  Forecast out;
  const double z = NormalQuantile(0.5 + level / 2.0);
  const double a = fit.params.alpha, b = fit.params.beta;
  for (int h = 1; h <= horizons; ++h) {
    const double hd = h;
    const double mean = fit.level + hd * fit.trend;
    const double var = fit.sigma2 * (1.0 + (hd - 1.0) * (a * a + a * b * hd + b * b * hd * (2.0 * hd - 1.0) / 6.0));
    const double half = z * std::sqrt(var);
    out.horizon.push_back(h);
    out.mean.push_back(mean);
    out.variance.push_back(var);
    out.lower.push_back(mean - half);
    out.upper.push_back(mean + half);
  }
  return out;
}

Result<LinearTrendFit> OlsLinearTrend(std::span<const double> y) {
  PROVGRAPH_RETURN_IF_ERROR(CheckSample(y, "series", 3));
  const double n = static_cast<double>(y.size());
  const double tbar = (n - 1.0) / 2.0;
  const double ybar = StableSum(y) / n;
  NeumaierSum sxy, sxx;
  for (size_t i = 0; i < y.size(); ++i) {
    const double dt = static_cast<double>(i) - tbar;
    sxy.Add(dt * (y[i] - ybar));
    sxx.Add(dt * dt);
  }
  LinearTrendFit fit;
  fit.n = static_cast<int>(y.size());
  fit.slope = sxy.Value() / sxx.Value();
  fit.intercept = ybar - fit.slope * tbar;
  NeumaierSum sse;
  for (size_t i = 0; i < y.size(); ++i) {
    const double r = y[i] - (fit.intercept + fit.slope * static_cast<double>(i));
    sse.Add(r * r);
  }
  fit.s2 = sse.Value() / (n - 2.0);
  return fit;
}

Forecast OlsForecast(const LinearTrendFit& fit, int horizons, double level) {
  Forecast out;
  const double n = fit.n;
  const double tbar = (n - 1.0) / 2.0;
  const double sxx = n * (n * n - 1.0) / 12.0;  // sum over t = 0..n-1 of (t - tbar)^2
  const double tq = StudentTQuantile(0.5 + level / 2.0, n - 2.0);
  for (int h = 1; h <= horizons; ++h) {
    const double x0 = n - 1.0 + h;
    const double mean = fit.intercept + fit.slope * x0;
    const double var = fit.s2 * (1.0 + 1.0 / n + (x0 - tbar) * (x0 - tbar) / sxx);
    const double half = tq * std::sqrt(var);
    out.horizon.push_back(h);
    out.mean.push_back(mean);
    out.variance.push_back(var);
    out.lower.push_back(mean - half);
    out.upper.push_back(mean + half);
  }
  return out;
}

Crossing FirstCrossing(const Forecast& forecast, double threshold, CrossDirection direction) {
  auto first = [&](const std::vector<double>& v) -> std::optional<int> {
    for (size_t i = 0; i < v.size(); ++i) {
      const bool crossed = direction == CrossDirection::kAbove ? v[i] >= threshold : v[i] <= threshold;
      if (crossed) return forecast.horizon[i];
    }
    return std::nullopt;
  };
  Crossing c;
  c.mean = first(forecast.mean);
  c.upper = first(forecast.upper);
  c.lower = first(forecast.lower);
  if (direction == CrossDirection::kAbove) {
    c.earliest = c.upper;
    c.latest = c.lower;
  } else {
    c.earliest = c.lower;
    c.latest = c.upper;
  }
  return c;
}

}  // namespace provgraph::stats
