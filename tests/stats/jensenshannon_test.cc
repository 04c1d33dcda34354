// Jensen-Shannon distance against SciPy 1.10 reference vectors, plus edge cases.
#include "engine/stats/jensenshannon.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

TEST(JensenShannon, MatchesScipyReference) {
  const auto ref = LoadReference("jensenshannon.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    const auto p = Doubles(c["inputs"]["p"]);
    const auto q = Doubles(c["inputs"]["q"]);
    auto e = JensenShannonDistance(p, q);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_TRUE(NearRel(*e, c["expected"]["js_base_e"].get<double>(), kStatRel, 1e-300));
    auto b2 = JensenShannonDistance(p, q, 2.0);
    ASSERT_TRUE(b2.ok());
    EXPECT_TRUE(NearRel(*b2, c["expected"]["js_base_2"].get<double>(), kStatRel, 1e-300));
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(JensenShannon, EdgeCases) {
  const std::vector<double> empty, a{1.0, 2.0}, b{1.0, 2.0, 3.0}, zeros{0.0, 0.0}, neg{-1.0, 2.0};
  EXPECT_EQ(JensenShannonDistance(empty, empty).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(JensenShannonDistance(a, b).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(JensenShannonDistance(a, zeros).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(JensenShannonDistance(a, neg).status().code(), StatusCode::kInvalidInput);
  // One bin each: identical distributions.
  const std::vector<double> one{3.0}, other{5.0};
  EXPECT_EQ(*JensenShannonDistance(one, other), 0.0);
  // scipy.stats.entropy([1, 2], [2, 1]) = 0.23104906018664842
  EXPECT_TRUE(NearRel(*KlDivergence(a, std::vector<double>{2.0, 1.0}), 0.23104906018664842, 1e-12));
}

}  // namespace
}  // namespace provgraph::stats
