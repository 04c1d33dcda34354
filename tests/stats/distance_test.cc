// Wasserstein-1 (plain, weighted, Evidently-normed) and energy distance
// against SciPy 1.10 reference vectors, plus edge cases.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/stats/energy.h"
#include "engine/stats/wasserstein.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

TEST(Wasserstein, MatchesScipyReference) {
  const auto ref = LoadReference("wasserstein.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    const auto x = Doubles(c["inputs"]["x"]);
    const auto y = Doubles(c["inputs"]["y"]);
    const auto& e = c["expected"];
    if (c["inputs"].contains("x_weights")) {
      const auto wx = Doubles(c["inputs"]["x_weights"]);
      const auto wy = Doubles(c["inputs"]["y_weights"]);
      auto w = WassersteinDistance(x, y, wx, wy);
      ASSERT_TRUE(w.ok()) << w.status().ToString();
      EXPECT_TRUE(NearRel(*w, e["wasserstein_distance"].get<double>(), kStatRel));
    } else {
      auto w = WassersteinDistance(x, y);
      ASSERT_TRUE(w.ok()) << w.status().ToString();
      EXPECT_TRUE(NearRel(*w, e["wasserstein_distance"].get<double>(), kStatRel, 1e-300));
      auto wn = WassersteinNormed(x, y);
      ASSERT_TRUE(wn.ok());
      EXPECT_TRUE(NearRel(*wn, e["evidently_wasserstein_normed"].get<double>(), kStatRel, 1e-300));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 11);
}

TEST(EnergyDistance, MatchesScipyReference) {
  const auto ref = LoadReference("energy_distance.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    auto d = EnergyDistance(Doubles(c["inputs"]["x"]), Doubles(c["inputs"]["y"]));
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_TRUE(NearRel(*d, c["expected"]["energy_distance"].get<double>(), kStatRel, 1e-300));
    ++checked;
  }
  EXPECT_EQ(checked, 10);
}

TEST(Wasserstein, EdgeCases) {
  const std::vector<double> empty, one{2.0}, other{5.0}, equal(4, 1.5);
  EXPECT_EQ(WassersteinDistance(empty, one).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(WassersteinDistance(one, empty).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(EnergyDistance(empty, one).status().code(), StatusCode::kInvalidInput);
  // scipy.stats.wasserstein_distance([2.0], [5.0]) == 3.0; energy_distance == sqrt(2*3) = 2.449489742783178
  EXPECT_DOUBLE_EQ(*WassersteinDistance(one, other), 3.0);
  EXPECT_DOUBLE_EQ(*EnergyDistance(one, other), 2.449489742783178);
  EXPECT_EQ(*WassersteinDistance(equal, equal), 0.0);
  // Constant reference: std 0, normed by 0.001 -> 3.0 / 0.001 = 3000
  const std::vector<double> ones(3, 2.0);
  EXPECT_DOUBLE_EQ(*WassersteinNormed(ones, other), 3000.0);
  // Bad weights.
  const std::vector<double> two{1.0, 2.0}, neg{1.0, -1.0}, zeros{0.0, 0.0}, short_w{1.0};
  EXPECT_FALSE(WassersteinDistance(two, two, neg, {}).ok());
  EXPECT_FALSE(WassersteinDistance(two, two, zeros, {}).ok());
  EXPECT_FALSE(WassersteinDistance(two, two, short_w, {}).ok());
  const std::vector<double> nan_in{1.0, std::nan("")};
  EXPECT_FALSE(WassersteinDistance(nan_in, two).ok());
}

}  // namespace
}  // namespace provgraph::stats
