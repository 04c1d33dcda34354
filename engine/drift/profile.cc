#include "engine/drift/profile.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

namespace provgraph::drift {

std::optional<double> NumberProperty(const Graph& g, NodeId n, std::string_view name, Timestamp at) {
  const Value* v = g.Property(EntityKind::kNode, n, name, at);
  if (!v) return std::nullopt;
  if (v->type() == ValueType::kDouble) return v->as_double();
  if (v->type() == ValueType::kInt) return static_cast<double>(v->as_int());
  return std::nullopt;
}

std::optional<std::vector<std::pair<double, double>>> ParseQuantiles(const Value* v) {
  if (!v || v->type() != ValueType::kString) return std::nullopt;
  auto j = nlohmann::json::parse(v->as_string(), nullptr, false);
  if (!j.is_object() || j.empty()) return std::nullopt;
  std::vector<std::pair<double, double>> out;
  for (const auto& [k, val] : j.items()) {
    char* end = nullptr;
    const double p = std::strtod(k.c_str(), &end);
    if (end == k.c_str() || *end != '\0' || !(p >= 0 && p <= 1) || !val.is_number()) return std::nullopt;
    out.emplace_back(p, val.get<double>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<double> SampleFromQuantiles(const std::vector<std::pair<double, double>>& quantiles,
                                        std::optional<double> min, std::optional<double> max, int n) {
  std::vector<std::pair<double, double>> knots;
  if (quantiles.empty()) return {};
  if (min && quantiles.front().first > 0) knots.emplace_back(0.0, std::min(*min, quantiles.front().second));
  knots.insert(knots.end(), quantiles.begin(), quantiles.end());
  if (max && quantiles.back().first < 1) knots.emplace_back(1.0, std::max(*max, quantiles.back().second));
  std::vector<double> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    const double p = (i + 0.5) / n;
    if (p <= knots.front().first) {
      out.push_back(knots.front().second);
      continue;
    }
    if (p >= knots.back().first) {
      out.push_back(knots.back().second);
      continue;
    }
    size_t k = 1;
    while (knots[k].first < p) ++k;
    const auto [p0, v0] = knots[k - 1];
    const auto [p1, v1] = knots[k];
    out.push_back(p1 > p0 ? v0 + (v1 - v0) * (p - p0) / (p1 - p0) : v1);
  }
  return out;
}

std::vector<double> ProfileSample(const Graph& g, NodeId n, std::string_view prefix, const Value* quantiles,
                                  Timestamp at) {
  auto q = ParseQuantiles(quantiles);
  if (!q) return {};
  const std::string p(prefix);
  return SampleFromQuantiles(*q, NumberProperty(g, n, p + "min", at), NumberProperty(g, n, p + "max", at));
}

}  // namespace provgraph::drift
