#include "engine/rootcause/shift.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

#include "engine/drift/profile.h"
#include "engine/rootcause/number_text.h"
#include "engine/rootcause/window.h"
#include "engine/stats/psi.h"

namespace provgraph::rootcause {
namespace {

constexpr int64_t kPoolSpan = 7 * kDayMicros;
constexpr size_t kPoolMax = 7;

double Mean(const std::vector<double>& x) {
  return x.empty() ? 0 : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

// The sample variance (n - 1), 0 for fewer than two values.
double Variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0;
  const double m = Mean(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}

// How many standard errors apart the means of `a` and `b` are, the error
// from each one's spread (Welch); infinite when neither spreads and they
// differ (no history says such a change is usual), 0 when equal.
double WelchZ(const std::vector<double>& a, const std::vector<double>& b) {
  const double diff = std::fabs(Mean(b) - Mean(a));
  if (diff == 0) return 0;
  const double se =
      std::sqrt(Variance(a) / static_cast<double>(a.size()) + Variance(b) / static_cast<double>(b.size()));
  return se > 0 ? diff / se : std::numeric_limits<double>::infinity();
}

double Median(std::vector<double> x) {
  if (x.empty()) return 0;
  const size_t m = x.size() / 2;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(m), x.end());
  if (x.size() % 2) return x[m];
  const double hi = x[m];
  return (*std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(m)) + hi) / 2;
}

// A ratio r of odds or counts as a shift size: a doubling or halving is 0.5.
double RatioSize(double log_ratio) { return 0.5 * std::fabs(log_ratio) / std::log(2.0); }

std::string Percent(double rate) { return ShortNumber(100 * rate) + "%"; }

}  // namespace

double NullRateShift(const std::vector<std::pair<double, double>>& before,
                     const std::vector<std::pair<double, double>>& after, double& rate_before, double& rate_after,
                     double& z) {
  z = 0;
  double c0 = 0, n0 = 0, c1 = 0, n1 = 0;
  std::vector<double> r0, r1;
  for (const auto& [nulls, rows] : before) c0 += nulls, n0 += rows, r0.push_back(rows > 0 ? nulls / rows : 0);
  for (const auto& [nulls, rows] : after) c1 += nulls, n1 += rows, r1.push_back(rows > 0 ? nulls / rows : 0);
  if (!(n0 > 0) || !(n1 > 0)) return 0;
  rate_before = c0 / n0;
  rate_after = c1 / n1;
  const double p = (c0 + 0.5) / (n0 + 1), q = (c1 + 0.5) / (n1 + 1);
  const double pooled = (c0 + c1 + 0.5) / (n0 + n1 + 1);
  const double se =
      std::sqrt(Variance(r0) / static_cast<double>(r0.size()) + Variance(r1) / static_cast<double>(r1.size()) +
                pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  z = std::fabs(q - p) / se;
  return z >= kShiftZ ? RatioSize(std::log(q / (1 - q)) - std::log(p / (1 - p))) : 0;
}

double DistinctCountShift(const std::vector<double>& before, const std::vector<double>& after, double& mean_before,
                          double& mean_after, double& z) {
  z = 0;
  if (before.empty() || after.empty()) return 0;
  mean_before = Mean(before);
  mean_after = Mean(after);
  std::vector<double> l0, l1;
  for (double d : before) l0.push_back(std::log(d + 0.5));
  for (double d : after) l1.push_back(std::log(d + 0.5));
  const double s0 = std::accumulate(before.begin(), before.end(), 0.0);
  const double s1 = std::accumulate(after.begin(), after.end(), 0.0);
  const double se = std::sqrt(Variance(l0) / static_cast<double>(l0.size()) +
                              Variance(l1) / static_cast<double>(l1.size()) + 1 / (s0 + 0.5) + 1 / (s1 + 0.5));
  const double log_ratio = std::log((mean_after + 0.5) / (mean_before + 0.5));
  z = std::fabs(log_ratio) / se;
  return z >= kShiftZ ? RatioSize(log_ratio) : 0;
}

double CategoryShift(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  if (before.empty() || after.empty()) return 0;
  std::map<std::string, std::pair<double, double>> counts;
  for (const std::string& l : before) counts[l].first += 1;
  for (const std::string& l : after) counts[l].second += 1;
  const double k = static_cast<double>(counts.size());
  const double nb = static_cast<double>(before.size()) + 0.5 * k, na = static_cast<double>(after.size()) + 0.5 * k;
  std::vector<double> fb, fa;
  for (const auto& [label, c] : counts) {
    fb.push_back((c.first + 0.5) / nb);
    fa.push_back((c.second + 0.5) / na);
  }
  auto psi = stats::PsiFromFractions(fb, fa);
  return psi.ok() ? *psi : 0;
}

const std::map<ShiftFinder::ColumnKey, ShiftFinder::Column>& ShiftFinder::Columns(NodeId dataset) {
  auto it = cache_.find(dataset);
  if (it != cache_.end()) return it->second;
  std::map<ColumnKey, Column>& cols = cache_[dataset];
  const Graph& g = r_.graph();
  const Timestamp as_of = r_.as_of();
  // Samples on the dataset and on its versions: values or categories, and
  // the null rate from their empty cells.
  if (series_) {
    std::vector<NodeId> holders{dataset};
    for (NodeId v : r_.Next(dataset, "HAS_VERSION", true, false)) holders.push_back(v);
    for (NodeId h : holders) {
      for (const ColumnSample& cs : series_->Samples(h)) {
        const StoredSample& s = *cs.sample;
        if (s.at > as_of) continue;
        const std::string name(cs.column);
        Obs nulls{s.at,
                  {},
                  {},
                  static_cast<double>(s.values.missing),
                  static_cast<double>(s.values.missing + s.values.size())};
        if (nulls.total > 0) cols[{name, ShiftMeasure::kNullRate}].obs.push_back(std::move(nulls));
        if (s.values.categorical) {
          if (!s.values.labels.empty()) {
            cols[{name, ShiftMeasure::kCategories}].obs.push_back({s.at, {}, s.values.labels, 0, 0});
          }
          continue;
        }
        std::vector<double> finite;
        for (double x : s.values.numbers) {
          if (std::isfinite(x)) finite.push_back(x);
        }
        if (!finite.empty()) cols[{name, ShiftMeasure::kValues}].obs.push_back({s.at, std::move(finite), {}, 0, 0});
      }
    }
  }
  // dataQualityMetrics on the Column nodes, for what samples do not cover:
  // quantile profiles, null counts (of `count`, else the dataset's
  // row_count at the same time) and distinct counts.
  auto qp = r_.Prop("dq.quantiles");
  std::map<int64_t, double> row_counts;
  bool rows_read = false;
  auto sampled = [&](const std::string& name, ShiftMeasure m) {
    auto c = cols.find({name, m});
    return c != cols.end() && c->second.from_samples && !c->second.obs.empty();
  };
  for (NodeId c : r_.Next(dataset, "HAS_COLUMN", true, false)) {
    std::string name(g.Key(c));
    name = name.substr(name.rfind('#') + 1);
    if (qp && !sampled(name, ShiftMeasure::kValues)) {
      Column& col = cols[{name, ShiftMeasure::kValues}];
      col.from_samples = false;
      for (const PropertyVersion& pv : g.PropertyHistory(EntityKind::kNode, c, *qp)) {
        Timestamp at{pv.valid.from};
        if (at > as_of) continue;
        auto pseudo = drift::ProfileSample(g, c, "dq.", &pv.value, at);
        if (!pseudo.empty()) col.obs.push_back({at, std::move(pseudo), {}, 0, 0});
      }
    }
    if (!series_) continue;
    if (!sampled(name, ShiftMeasure::kNullRate)) {
      std::vector<MetricPoint> nulls = series_->MetricSeries(c, "null_count", as_of);
      if (!nulls.empty()) {
        std::map<int64_t, double> counts;
        for (const MetricPoint& p : series_->MetricSeries(c, "count", as_of)) counts[p.time.micros] = p.value;
        if (!rows_read) {
          for (const MetricPoint& p : series_->MetricSeries(dataset, "row_count", as_of)) {
            row_counts[p.time.micros] = p.value;
          }
          rows_read = true;
        }
        Column& col = cols[{name, ShiftMeasure::kNullRate}];
        col.from_samples = false;
        for (const MetricPoint& p : nulls) {
          auto n = counts.find(p.time.micros);
          if (n == counts.end()) n = row_counts.find(p.time.micros);
          if (n == counts.end() || n == row_counts.end() || !(p.value >= 0)) continue;
          // OpenLineage's `count` may or may not include the nulls: the
          // rows are at least the nulls.
          col.obs.push_back({p.time, {}, {}, p.value, std::max(n->second, p.value)});
        }
      }
    }
    std::vector<MetricPoint> distinct = series_->MetricSeries(c, "distinct_count", as_of);
    if (!distinct.empty()) {
      Column& col = cols[{name, ShiftMeasure::kDistinct}];
      col.from_samples = false;
      for (const MetricPoint& p : distinct) {
        if (p.value >= 0) col.obs.push_back({p.time, {}, {}, p.value, 0});
      }
    }
  }
  for (auto c = cols.begin(); c != cols.end();) {
    std::sort(c->second.obs.begin(), c->second.obs.end(), [](const Obs& a, const Obs& b) { return a.at < b.at; });
    c = c->second.obs.size() < 2 ? cols.erase(c) : std::next(c);
  }
  return cols;
}

const std::vector<SplitScore>& ShiftFinder::Splits(NodeId dataset) {
  auto cached = splits_.find(dataset);
  if (cached != splits_.end()) return cached->second;
  std::vector<SplitScore>& out = splits_[dataset];
  const TimeRange range = horizon_;
  for (const auto& [key, col] : Columns(dataset)) {
    const ShiftMeasure measure = key.second;
    const std::vector<Obs>& obs = col.obs;
    for (size_t i = 1; i < obs.size(); ++i) {
      if (!range.Contains(obs[i].at)) continue;
      // The pools: obs[first, i) and obs[i, last).
      size_t first = i, last = i;
      while (first > 0 && i - first < kPoolMax && obs[i].at.micros - obs[first - 1].at.micros <= kPoolSpan) --first;
      while (last < obs.size() && last - i < kPoolMax && obs[last].at.micros - obs[i].at.micros <= kPoolSpan) ++last;
      if (first == i || last == i) continue;
      SplitScore s;
      s.column = key.first;
      s.measure = measure;
      s.at = obs[i].at;
      s.from_samples = col.from_samples;
      s.n_before = i - first;
      s.n_after = last - i;
      if (measure == ShiftMeasure::kValues) {
        std::vector<double> before, after, med_before, med_after;
        for (size_t j = first; j < i; ++j) {
          before.insert(before.end(), obs[j].values.begin(), obs[j].values.end());
          med_before.push_back(Median(obs[j].values));
        }
        for (size_t j = i; j < last; ++j) {
          after.insert(after.end(), obs[j].values.begin(), obs[j].values.end());
          med_after.push_back(Median(obs[j].values));
        }
        auto psi = stats::PsiQuantile(before, after);
        if (!psi.ok()) continue;
        s.z = WelchZ(med_before, med_after);
        s.psi = s.z >= kShiftZ ? psi->value : 0;
        s.mean_before = Mean(before);
        s.mean_after = Mean(after);
      } else if (measure == ShiftMeasure::kCategories) {
        std::vector<std::string> before, after;
        for (size_t j = first; j < i; ++j) before.insert(before.end(), obs[j].labels.begin(), obs[j].labels.end());
        for (size_t j = i; j < last; ++j) after.insert(after.end(), obs[j].labels.begin(), obs[j].labels.end());
        s.psi = CategoryShift(before, after);
        std::sort(before.begin(), before.end());
        std::sort(after.begin(), after.end());
        s.mean_before = static_cast<double>(std::unique(before.begin(), before.end()) - before.begin());
        s.mean_after = static_cast<double>(std::unique(after.begin(), after.end()) - after.begin());
      } else if (measure == ShiftMeasure::kNullRate) {
        std::vector<std::pair<double, double>> before, after;
        for (size_t j = first; j < i; ++j) before.emplace_back(obs[j].count, obs[j].total);
        for (size_t j = i; j < last; ++j) after.emplace_back(obs[j].count, obs[j].total);
        s.psi = NullRateShift(before, after, s.mean_before, s.mean_after, s.z);
      } else {
        std::vector<double> before, after;
        for (size_t j = first; j < i; ++j) before.push_back(obs[j].count);
        for (size_t j = i; j < last; ++j) after.push_back(obs[j].count);
        s.psi = DistinctCountShift(before, after, s.mean_before, s.mean_after, s.z);
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<Evidence> ShiftFinder::Shifts(NodeId dataset, TimeRange range) {
  const std::vector<SplitScore>& all = Splits(dataset);
  std::map<ColumnKey, SplitScore> best;
  for (size_t i = 0; i < all.size(); ++i) {
    const SplitScore& s = all[i];
    if (s.psi < kShiftPsi || !range.Contains(s.at)) continue;
    // A peak: nothing of the same column and measure within the pooling
    // span scores higher (or the same, earlier).
    bool peak = true;
    for (size_t j = 0; j < all.size() && peak; ++j) {
      const SplitScore& o = all[j];
      if (j == i || o.column != s.column || o.measure != s.measure ||
          std::llabs(o.at.micros - s.at.micros) > kPoolSpan) {
        continue;
      }
      if (o.psi > s.psi || (o.psi == s.psi && o.at < s.at)) peak = false;
    }
    if (!peak) continue;
    auto it = best.find({s.column, s.measure});
    if (it == best.end() || s.psi > it->second.psi) best[{s.column, s.measure}] = s;
  }
  std::vector<Evidence> out;
  for (const auto& [key, s] : best) {
    Evidence e;
    e.kind = EvidenceKind::kDistributionShift;
    e.at = s.at;
    const std::string psi = "PSI " + ShortNumber(s.psi);
    switch (s.measure) {
      case ShiftMeasure::kValues:
        e.detail = key.first + ": " + psi + ", mean " + ShortNumber(s.mean_before) + " -> " + ShortNumber(s.mean_after);
        if (s.mean_before != 0 && std::isfinite(s.mean_after / s.mean_before)) {
          e.detail += " (x" + ShortNumber(s.mean_after / s.mean_before) + ")";
        }
        break;
      case ShiftMeasure::kCategories:
        e.detail = key.first + " categories: " + psi + ", " + ShortNumber(s.mean_before) + " -> " +
                   ShortNumber(s.mean_after) + " seen";
        break;
      case ShiftMeasure::kNullRate:
        e.detail = key.first + " null rate: " + Percent(s.mean_before) + " -> " + Percent(s.mean_after) + " (size " +
                   ShortNumber(s.psi) + ", " + ShortNumber(s.z) + " standard errors)";
        break;
      case ShiftMeasure::kDistinct:
        e.detail = key.first + " distinct count: " + ShortNumber(s.mean_before) + " -> " + ShortNumber(s.mean_after) +
                   " (size " + ShortNumber(s.psi) + ", " + ShortNumber(s.z) + " standard errors)";
        break;
    }
    e.detail += s.from_samples                       ? ", from samples"
                : s.measure == ShiftMeasure::kValues ? ", from dataQualityMetrics quantiles"
                                                     : ", from dataQualityMetrics";
    e.strength = 1.0 - std::exp(-s.psi / 0.5);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Evidence& a, const Evidence& b) { return a.strength > b.strength; });
  return out;
}

size_t ShiftFinder::Observations(NodeId dataset, TimeRange range) {
  auto it = times_.find(dataset);
  if (it == times_.end()) {
    std::vector<Timestamp>& times = times_[dataset];
    for (const auto& [key, col] : Columns(dataset)) {
      for (const Obs& o : col.obs) times.push_back(o.at);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    it = times_.find(dataset);
  }
  return static_cast<size_t>(
      std::count_if(it->second.begin(), it->second.end(), [&](Timestamp t) { return range.Contains(t); }));
}

bool ShiftFinder::Observed(NodeId dataset, Timestamp t) {
  for (const auto& [key, col] : Columns(dataset)) {
    bool before = false, after = false;
    for (const Obs& o : col.obs) {
      if (o.at < t && t.micros - o.at.micros <= kPoolSpan) before = true;
      if (o.at >= t && o.at.micros - t.micros <= kPoolSpan) after = true;
    }
    if (before && after) return true;
  }
  return false;
}

}  // namespace provgraph::rootcause
