// PSI (Evidently binning and 10 reference-quantile bins), the Evidently
// binning itself, and JS / KL on Evidently-binned data, against the
// reference vectors in psi_evidently.json; plus edge cases.
#include "engine/stats/psi.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/stats/binning.h"
#include "engine/stats/jensenshannon.h"
#include "tests/stats/stats_test_util.h"

namespace provgraph::stats {
namespace {

using testing::Doubles;
using testing::kStatRel;
using testing::LoadReference;
using testing::NearRel;

void ExpectVectorsNear(const std::vector<double>& actual, const std::vector<double>& expected, double rel) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    if (std::isinf(expected[i])) {
      EXPECT_EQ(actual[i], expected[i]) << i;
    } else {
      EXPECT_TRUE(NearRel(actual[i], expected[i], rel, 1e-300)) << i;
    }
  }
}

TEST(Psi, MatchesEvidentlyReference) {
  const auto ref = LoadReference("psi_evidently.json");
  int checked = 0;
  for (const auto& c : ref["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    const auto r = Doubles(c["inputs"]["reference"]);
    const auto cur = Doubles(c["inputs"]["current"]);
    const bool numerical = c["inputs"]["numerical"];
    const auto& e = c["expected"];

    auto psi = PsiEvidently(r, cur, numerical);
    ASSERT_TRUE(psi.ok()) << psi.status().ToString();
    EXPECT_TRUE(NearRel(psi->value, e["evidently_psi"].get<double>(), kStatRel, 1e-300));
    EXPECT_EQ(psi->value >= 0.1, e["evidently_psi_drift(>=0.1)"].get<bool>());
    ExpectVectorsNear(psi->bins.edges_or_keys, Doubles(e["evidently_bin_edges_or_keys"]), 1e-12);
    ExpectVectorsNear(psi->bins.reference, Doubles(e["evidently_ref_percents_filled"]), 1e-12);
    ExpectVectorsNear(psi->bins.current, Doubles(e["evidently_cur_percents_filled"]), 1e-12);

    auto kl = KlDivergence(psi->bins.reference, psi->bins.current);
    ASSERT_TRUE(kl.ok());
    EXPECT_TRUE(NearRel(*kl, e["evidently_kl_div(filled)"].get<double>(), kStatRel, 1e-300));

    auto raw = EvidentlyBinned(r, cur, numerical, /*fill_zeroes=*/false);
    ASSERT_TRUE(raw.ok());
    auto js = JensenShannonDistance(raw->reference, raw->current);
    ASSERT_TRUE(js.ok());
    EXPECT_TRUE(NearRel(*js, e["evidently_jensenshannon(no fill, base e)"].get<double>(), kStatRel, 1e-300));

    auto q = PsiQuantile(r, cur);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    EXPECT_TRUE(NearRel(q->value, e["quantile10_psi_eps1e-4"].get<double>(), kStatRel, 1e-300));
    ExpectVectorsNear(q->bins.edges_or_keys, Doubles(e["quantile10_edges"]), 1e-12);
    ExpectVectorsNear(q->bins.reference, Doubles(e["quantile10_ref_frac"]), 1e-12);
    ExpectVectorsNear(q->bins.current, Doubles(e["quantile10_cur_frac"]), 1e-12);
    ++checked;
  }
  EXPECT_EQ(checked, 12);
}

TEST(Psi, EdgeCases) {
  const std::vector<double> empty, one{1.0}, same(10, 4.0);
  EXPECT_EQ(PsiQuantile(empty, one).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(PsiEvidently(one, empty).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(PsiQuantile(one, one, 0).status().code(), StatusCode::kInvalidInput);
  // Single value and all-equal samples: no shift, PSI 0.
  EXPECT_EQ(PsiEvidently(one, one)->value, 0.0);
  EXPECT_EQ(PsiQuantile(one, one)->value, 0.0);
  EXPECT_EQ(PsiEvidently(same, same)->value, 0.0);
  EXPECT_EQ(PsiQuantile(same, same)->value, 0.0);
}

TEST(Binning, NumpyCompatibleHelpers) {
  // np.histogram_bin_edges([0, 1, 2, 3], 'sturges') -> [0, 1, 2, 3] (3 bins)
  const std::vector<double> d{0, 1, 2, 3};
  const auto edges = SturgesBinEdges(d);
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_EQ(edges[0], 0.0);
  EXPECT_EQ(edges[3], 3.0);
  // np.histogram([0, 1, 2, 3], [0, 1, 2, 3]) -> [1, 1, 2]: last bin closed.
  const auto counts = HistogramCounts(d, edges);
  EXPECT_EQ(counts, (std::vector<double>{1, 1, 2}));
  // All equal -> one bin [x - 0.5, x + 0.5] (np.histogram_bin_edges([5, 5], 'sturges')).
  const std::vector<double> five{5, 5};
  EXPECT_EQ(SturgesBinEdges(five), (std::vector<double>{4.5, 5.5}));
  // np.quantile([1, 2, 3, 4], 0.3) = 1.9
  const std::vector<double> s{1, 2, 3, 4};
  EXPECT_TRUE(NearRel(LinearQuantile(s, 0.3), 1.9, 1e-15));
}

}  // namespace
}  // namespace provgraph::stats
