#include "engine/rootcause/symptom.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/rootcause/number_text.h"
#include "engine/time.h"

namespace provgraph::rootcause {
namespace {

struct Moments {
  double mean = 0, var = 0;  // var with ddof 1
};

Moments MomentsOf(const std::vector<MetricPoint>& p, size_t b, size_t e) {
  Moments m;
  const double n = static_cast<double>(e - b);
  for (size_t i = b; i < e; ++i) m.mean += p[i].value;
  m.mean /= n;
  for (size_t i = b; i < e; ++i) m.var += (p[i].value - m.mean) * (p[i].value - m.mean);
  m.var = n > 1 ? m.var / (n - 1) : 0;
  return m;
}

// A point has moved when it is beyond the before-level by this many robust
// standard deviations (or half the move, when that is less). Three, not
// two: the median absolute deviation of a dozen points often comes out
// below the noise's spread, and one noisy point just before a step, 2 - 3
// of those deviations out, would date the move a day or two early (before
// its cause, whose evidence then counts little or not at all). A slide's
// first point that is only 2 - 3 out is missed: the move is dated a day
// late, which the time weight forgives (1 - 0.6 * lead / window).
constexpr double kOnsetSpreads = 3;

// 1.4826 * the median absolute deviation of p[b, e).
double RobustStd(const std::vector<MetricPoint>& p, size_t b, size_t e) {
  std::vector<double> x;
  for (size_t i = b; i < e; ++i) x.push_back(p[i].value);
  std::nth_element(x.begin(), x.begin() + x.size() / 2, x.end());
  const double med = x[x.size() / 2];
  for (double& v : x) v = std::fabs(v - med);
  std::nth_element(x.begin(), x.begin() + x.size() / 2, x.end());
  return 1.4826 * x[x.size() / 2];
}

// check.<assertion> / check.<column>.<assertion>: a test's result, 1 pass, 0 fail.
constexpr std::string_view kCheckMetricPrefix = "check.";

bool IsCheckMetric(std::string_view metric) { return metric.starts_with(kCheckMetricPrefix); }

// The first failure of the latest run of failures, if any failed.
std::optional<Timestamp> CheckFailingSince(const std::vector<MetricPoint>& points) {
  size_t end = points.size();
  while (end > 0 && points[end - 1].value >= 0.5) --end;  // passes after the latest failure
  if (end == 0) return std::nullopt;
  size_t begin = end - 1;
  while (begin > 0 && points[begin - 1].value < 0.5) --begin;
  return points[begin].time;
}

}  // namespace

std::optional<ChangePoint> FindChangePoint(const std::vector<MetricPoint>& p) {
  constexpr size_t kMinRun = 3;
  const size_t n = p.size();
  if (n < 2 * kMinRun) return std::nullopt;
  // Prefix sums for the split's squared-error reduction n1 n2 / n (m1 - m2)^2.
  std::vector<double> sum(n + 1, 0.0);
  for (size_t i = 0; i < n; ++i) sum[i + 1] = sum[i] + p[i].value;
  size_t best = 0;
  double best_gain = -1;
  for (size_t k = kMinRun; k + kMinRun <= n; ++k) {
    const double n1 = static_cast<double>(k), n2 = static_cast<double>(n - k);
    const double d = sum[k] / n1 - (sum[n] - sum[k]) / n2;
    const double gain = n1 * n2 / static_cast<double>(n) * d * d;
    if (gain > best_gain) best_gain = gain, best = k;
  }
  Moments a = MomentsOf(p, 0, best), b = MomentsOf(p, best, n);
  const double delta = b.mean - a.mean;
  const double pooled = std::sqrt(((best - 1) * a.var + (n - best - 1) * b.var) / static_cast<double>(n - 2));
  const double se = std::sqrt(a.var / best + b.var / (n - best));
  if (!(std::fabs(delta) > 1.5 * pooled) || !(se == 0 ? delta != 0 : std::fabs(delta) / se > 5)) return std::nullopt;
  ChangePoint cp;
  cp.split = best;
  cp.mean_before = a.mean;
  cp.mean_after = b.mean;
  // Onset: walk back from the split over points already beyond the
  // before-level (its robust spread, from the points before the split).
  const double spread = std::max(RobustStd(p, 0, best), 1e-12);
  const double sign = delta > 0 ? 1 : -1;
  const double threshold = a.mean + sign * std::min(kOnsetSpreads * spread, std::fabs(delta) / 2);
  size_t onset = best;
  while (onset > 0 && sign * (p[onset - 1].value - threshold) > 0) --onset;
  // The before-level itself includes the slide's first points: re-estimate
  // it from the points before the onset when there are enough.
  if (onset >= kMinRun && onset < best) {
    Moments pre = MomentsOf(p, 0, onset);
    const double spread2 = std::max(RobustStd(p, 0, onset), 1e-12);
    const double t2 = pre.mean + sign * std::min(kOnsetSpreads * spread2, std::fabs(b.mean - pre.mean) / 2);
    size_t o2 = best;
    while (o2 > 0 && sign * (p[o2 - 1].value - t2) > 0) --o2;
    onset = o2;
    cp.mean_before = pre.mean;
  }
  cp.onset = onset;
  return cp;
}

SymptomMove FindSymptomMove(const EvidenceReader& reader, const SeriesIndex* series, NodeId symptom,
                            Timestamp fallback) {
  SymptomMove m;
  m.at = fallback;
  // The change point of `value`, else the earliest onset among the other
  // metric series; check.* series are pass/fail results, violations below.
  std::vector<std::string> checks;
  if (series) {
    std::vector<std::string> metrics = series->MetricNames(symptom);
    auto value = std::find(metrics.begin(), metrics.end(), "value");
    if (value != metrics.end()) std::rotate(metrics.begin(), value, value + 1);
    for (const std::string& metric : metrics) {
      if (IsCheckMetric(metric)) {
        checks.push_back(metric);
        continue;
      }
      std::vector<MetricPoint> points = series->MetricSeries(symptom, metric, reader.as_of());
      auto cp = FindChangePoint(points);
      if (!cp || (m.found && points[cp->onset].time >= m.at)) continue;
      m.at = points[cp->onset].time;
      m.found = true;
      m.how = metric + (cp->mean_after < cp->mean_before ? " fell " : " rose ") + ShortNumber(cp->mean_before) +
              " -> " + ShortNumber(cp->mean_after) + " from " + FormatTimestamp(m.at) + " (change point of its series)";
      if (metric == "value") break;
    }
    if (m.found) return m;
  }
  // The first violation at risk for the symptom or of a constraint on it.
  std::optional<Timestamp> first;
  std::string what;
  auto consider = [&](NodeId v) {
    std::vector<Interval> valid = reader.graph().Validity(EntityKind::kNode, v);
    if (valid.empty() || Timestamp{valid.front().from} > reader.as_of()) return;
    Timestamp t{valid.front().from};
    if (!first || t < *first) first = t, what = std::string(reader.graph().Key(v));
  };
  for (NodeId v : reader.Next(symptom, "AT_RISK", false, false)) consider(v);
  for (NodeId c : reader.Next(symptom, "CONSTRAINS", false, false)) {
    for (NodeId v : reader.Next(c, "VIOLATED", true, false)) consider(v);
  }
  for (const std::string& check : checks) {
    auto since = CheckFailingSince(series->MetricSeries(symptom, check, reader.as_of()));
    if (since && (!first || *since < *first)) {
      first = *since;
      what.clear();
      m.how = "check " + check.substr(kCheckMetricPrefix.size()) + " failing since " + FormatTimestamp(*since) +
              " (a violation)";
    }
  }
  if (first) {
    m.at = *first;
    m.found = true;
    if (what.empty()) return m;  // a failing check
    m.how = "violation " + what + " opened " + FormatTimestamp(*first);
    return m;
  }
  m.how = "no change point or violation found: the window ends at " + FormatTimestamp(fallback);
  return m;
}

}  // namespace provgraph::rootcause
