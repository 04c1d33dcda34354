// Helpers for the stats tests: load a reference JSON written by
// tests/data/stats/make_refs.py and compare doubles to a relative tolerance.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace provgraph::stats::testing {

inline std::string StatsDataPath(const std::string& file) {
  return std::string(PROVGRAPH_TEST_DATA_DIR) + "/stats/" + file;
}

// Python's json.dump(allow_nan=True) writes bare NaN / Infinity / -Infinity,
// which is not JSON: quote those tokens (outside strings) before parsing.
inline std::string QuoteNonFiniteTokens(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 64);
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      out += ch;
      if (ch == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    if (ch == '"') {
      in_string = true;
      out += ch;
      continue;
    }
    bool replaced = false;
    for (const char* tok : {"-Infinity", "Infinity", "NaN"}) {
      const std::string t(tok);
      if (text.compare(i, t.size(), t) == 0) {
        out += '"' + t + '"';
        i += t.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += ch;
  }
  return out;
}

inline nlohmann::json LoadReference(const std::string& file) {
  std::ifstream in(StatsDataPath(file));
  EXPECT_TRUE(in.good()) << "cannot open " << StatsDataPath(file);
  if (!in.good()) return nlohmann::json::object({{"cases", nlohmann::json::array()}});
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return nlohmann::json::parse(QuoteNonFiniteTokens(text));
}

inline double Double(const nlohmann::json& j) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  return j.get<double>();
}

inline std::vector<double> Doubles(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& v : j) out.push_back(Double(v));
  return out;
}

// |actual - expected| <= rel * |expected|, or <= abs_floor when expected is 0.
inline ::testing::AssertionResult NearRel(double actual, double expected, double rel, double abs_floor = 0.0) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  const double diff = std::fabs(actual - expected);
  const double tol = std::max(rel * std::fabs(expected), abs_floor);
  if (diff <= tol) return ::testing::AssertionSuccess();
  char buf[256];
  std::snprintf(buf, sizeof buf, "actual %.17g expected %.17g (rel diff %.3g, tol %.3g)", actual, expected,
                expected != 0.0 ? diff / std::fabs(expected) : diff, tol);
  return ::testing::AssertionFailure() << buf;
}

constexpr double kStatRel = 1e-9;  // statistics
constexpr double kPRel = 1e-6;     // p-values

}  // namespace provgraph::stats::testing
