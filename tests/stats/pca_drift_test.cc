// PCA reconstruction-error drift against a numpy computation of NannyML's
// method (make_drift_oracles.py, /usr/bin/python3 with numpy 1.24):
// standardise with the reference's mean and std (ddof 0), SVD of the
// centred standardised reference, k = smallest with cumulative explained
// variance ratio > 0.65, error = mean row norm of z - z V V^T, threshold =
// mean +- 3 std (ddof 0) over numpy.array_split(reference, 10).
#include <gtest/gtest.h>

#include "engine/stats/pca_drift.h"
#include "tests/stats/drift_oracles.h"

namespace provgraph::stats {
namespace {

using testing::LoadDriftOracles;
using testing::NearRel;

Eigen::MatrixXd Matrix(const nlohmann::json& rows) {
  Eigen::MatrixXd m(rows.size(), rows[0].size());
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j].get<double>();
  }
  return m;
}

TEST(PcaDriftTest, MatchesNumpyReconstruction) {
  const auto e = LoadDriftOracles()["pca"];
  auto model = FitPcaDrift(Matrix(e["reference"]));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->components_kept, e["k"].get<int>());
  const auto ratio = e["explained_variance_ratio"];
  ASSERT_EQ(model->explained_variance_ratio.size(), ratio.size());
  for (size_t i = 0; i < ratio.size(); ++i) {
    EXPECT_TRUE(NearRel(model->explained_variance_ratio[i], ratio[i].get<double>(), 1e-10));
  }
  const auto chunks = e["chunk_errors"];
  ASSERT_EQ(model->reference_chunk_errors.size(), chunks.size());
  for (size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_TRUE(NearRel(model->reference_chunk_errors[i], chunks[i].get<double>(), 1e-10));
  }
  EXPECT_TRUE(NearRel(model->lower_threshold, e["lower"].get<double>(), 1e-9, 1e-12));
  EXPECT_TRUE(NearRel(model->upper_threshold, e["upper"].get<double>(), 1e-9));
  auto same = PcaDrift(*model, Matrix(e["current_same"]));
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(NearRel(same->error, e["error_same"].get<double>(), 1e-10));
  EXPECT_FALSE(same->drift);
  auto drift = PcaDrift(*model, Matrix(e["current_drift"]));
  ASSERT_TRUE(drift.ok());
  EXPECT_TRUE(NearRel(drift->error, e["error_drift"].get<double>(), 1e-10));
  EXPECT_TRUE(drift->drift);
}

TEST(PcaDriftTest, BadInput) {
  EXPECT_FALSE(FitPcaDrift(Eigen::MatrixXd(0, 3)).ok());
  EXPECT_FALSE(FitPcaDrift(Eigen::MatrixXd::Ones(10, 3)).ok());  // fewer than 2 rows per chunk
  EXPECT_FALSE(FitPcaDrift(Eigen::MatrixXd::Ones(40, 3)).ok());  // no variance
  Eigen::MatrixXd ok = Eigen::MatrixXd::Random(40, 3);
  auto model = FitPcaDrift(ok);
  ASSERT_TRUE(model.ok());
  EXPECT_FALSE(ReconstructionError(*model, Eigen::MatrixXd::Random(5, 4)).ok());
}

}  // namespace
}  // namespace provgraph::stats
