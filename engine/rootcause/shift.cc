#include "engine/rootcause/shift.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <numeric>

#include "engine/drift/run.h"
#include "engine/rootcause/number_text.h"
#include "engine/rootcause/window.h"
#include "engine/stats/psi.h"

namespace provgraph::rootcause {
namespace {

constexpr int64_t kPoolSpan = 7 * kDayMicros;
constexpr size_t kPoolMax = 7;

std::optional<double> NumberAt(const Graph& g, NodeId n, std::optional<uint32_t> p, Timestamp at) {
  const Value* v = p ? g.Property(EntityKind::kNode, n, *p, at) : nullptr;
  if (!v) return std::nullopt;
  if (v->type() == ValueType::kDouble) return v->as_double();
  if (v->type() == ValueType::kInt) return static_cast<double>(v->as_int());
  return std::nullopt;
}

std::optional<std::vector<std::pair<double, double>>> ParseQuantiles(const Value& v) {
  if (v.type() != ValueType::kString) return std::nullopt;
  auto j = nlohmann::json::parse(v.as_string(), nullptr, false);
  if (!j.is_object() || j.empty()) return std::nullopt;
  std::vector<std::pair<double, double>> out;
  for (const auto& [k, val] : j.items()) {
    char* end = nullptr;
    double p = std::strtod(k.c_str(), &end);
    if (end == k.c_str() || *end || !val.is_number() || p < 0 || p > 1) return std::nullopt;
    out.emplace_back(p, val.get<double>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

double Mean(const std::vector<double>& x) {
  return x.empty() ? 0 : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

}  // namespace

const std::map<std::string, ShiftFinder::Column>& ShiftFinder::Columns(NodeId dataset) {
  auto it = cache_.find(dataset);
  if (it != cache_.end()) return it->second;
  std::map<std::string, Column>& cols = cache_[dataset];
  const Graph& g = r_.graph();
  // Samples on the dataset and on its versions.
  if (series_) {
    std::vector<NodeId> holders{dataset};
    for (NodeId v : r_.Next(dataset, "HAS_VERSION", true, false)) holders.push_back(v);
    for (NodeId h : holders) {
      for (const ColumnSample& cs : series_->Samples(h)) {
        const StoredSample& s = *cs.sample;
        if (s.at > r_.as_of() || s.values.categorical || s.values.numbers.empty()) continue;
        std::vector<double> finite;
        for (double x : s.values.numbers) {
          if (std::isfinite(x)) finite.push_back(x);
        }
        if (!finite.empty()) cols[std::string(cs.column)].obs.push_back({s.at, std::move(finite)});
      }
    }
  }
  // Quantile profiles on the Column nodes, for columns without samples.
  auto qp = r_.Prop("dq.quantiles");
  auto minp = r_.Prop("dq.min"), maxp = r_.Prop("dq.max");
  if (qp) {
    for (NodeId c : r_.Next(dataset, "HAS_COLUMN", true, false)) {
      std::string name(g.Key(c));
      name = name.substr(name.rfind('#') + 1);
      if (cols.count(name) && cols[name].from_samples && !cols[name].obs.empty()) continue;
      Column& col = cols[name];
      col.from_samples = false;
      for (const PropertyVersion& pv : g.PropertyHistory(EntityKind::kNode, c, *qp)) {
        Timestamp at{pv.valid.from};
        if (at > r_.as_of()) continue;
        auto q = ParseQuantiles(pv.value);
        if (!q) continue;
        auto pseudo = drift::SampleFromQuantiles(*q, NumberAt(g, c, minp, at), NumberAt(g, c, maxp, at));
        if (!pseudo.empty()) col.obs.push_back({at, std::move(pseudo)});
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
  for (const auto& [name, col] : Columns(dataset)) {
    const std::vector<Obs>& obs = col.obs;
    for (size_t i = 1; i < obs.size(); ++i) {
      if (!range.Contains(obs[i].at)) continue;
      std::vector<double> before, after;
      size_t nb = 0, na = 0;
      for (size_t j = i; j-- > 0 && nb < kPoolMax && obs[i].at.micros - obs[j].at.micros <= kPoolSpan; ++nb) {
        before.insert(before.end(), obs[j].values.begin(), obs[j].values.end());
      }
      for (size_t j = i; j < obs.size() && na < kPoolMax && obs[j].at.micros - obs[i].at.micros <= kPoolSpan;
           ++j, ++na) {
        after.insert(after.end(), obs[j].values.begin(), obs[j].values.end());
      }
      if (before.empty() || after.empty()) continue;
      auto psi = stats::PsiQuantile(before, after);
      if (!psi.ok()) continue;
      SplitScore s;
      s.column = name;
      s.at = obs[i].at;
      s.psi = psi->value;
      s.mean_before = Mean(before);
      s.mean_after = Mean(after);
      s.from_samples = col.from_samples;
      s.n_before = nb;
      s.n_after = na;
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<Evidence> ShiftFinder::Shifts(NodeId dataset, TimeRange range) {
  const std::vector<SplitScore>& all = Splits(dataset);
  std::map<std::string, SplitScore> best;
  for (size_t i = 0; i < all.size(); ++i) {
    const SplitScore& s = all[i];
    if (s.psi < kShiftPsi || !range.Contains(s.at)) continue;
    // A peak: nothing of the same column within the pooling span scores
    // higher (or the same, earlier).
    bool peak = true;
    for (size_t j = 0; j < all.size() && peak; ++j) {
      const SplitScore& o = all[j];
      if (j == i || o.column != s.column || std::llabs(o.at.micros - s.at.micros) > kPoolSpan) continue;
      if (o.psi > s.psi || (o.psi == s.psi && o.at < s.at)) peak = false;
    }
    if (!peak) continue;
    auto it = best.find(s.column);
    if (it == best.end() || s.psi > it->second.psi) best[s.column] = s;
  }
  std::vector<Evidence> out;
  for (const auto& [name, s] : best) {
    Evidence e;
    e.kind = EvidenceKind::kDistributionShift;
    e.at = s.at;
    e.detail = name + ": PSI " + ShortNumber(s.psi) + ", mean " + ShortNumber(s.mean_before) + " -> " + ShortNumber(s.mean_after);
    if (s.mean_before != 0 && std::isfinite(s.mean_after / s.mean_before)) {
      e.detail += " (x" + ShortNumber(s.mean_after / s.mean_before) + ")";
    }
    e.detail += s.from_samples ? ", from samples" : ", from dataQualityMetrics quantiles";
    e.strength = 1.0 - std::exp(-s.psi / 0.5);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Evidence& a, const Evidence& b) { return a.strength > b.strength; });
  return out;
}

bool ShiftFinder::Observed(NodeId dataset, Timestamp t) {
  for (const auto& [name, col] : Columns(dataset)) {
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
