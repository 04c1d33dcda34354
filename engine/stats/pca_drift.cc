// PCA reconstruction-error drift; see pca_drift.h. The number of components
// is sklearn's rule for a fractional n_components: the smallest k whose
// cumulative explained-variance ratio exceeds the fraction.
#include "engine/stats/pca_drift.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/SVD>

namespace provgraph::stats {
namespace {

Status CheckMatrix(const Eigen::MatrixXd& m, const char* what) {
  if (m.rows() == 0 || m.cols() == 0) return Status::InvalidInput(std::string(what) + " is empty");
  if (!m.allFinite()) return Status::InvalidInput(std::string(what) + " has non-finite values");
  return Status::Ok();
}

double MeanRowError(const PcaDriftModel& model, const Eigen::MatrixXd& data) {
  Eigen::MatrixXd z = (data.rowwise() - model.mean.transpose()).array().rowwise() / model.scale.transpose().array();
  z.rowwise() -= model.center.transpose();
  const Eigen::MatrixXd projected = z * model.components;
  const Eigen::MatrixXd residual = z - projected * model.components.transpose();
  return residual.rowwise().norm().mean();
}

}  // namespace

Result<PcaDriftModel> FitPcaDrift(const Eigen::MatrixXd& reference, const PcaDriftOptions& options) {
  PROVGRAPH_RETURN_IF_ERROR(CheckMatrix(reference, "reference"));
  if (!(options.variance_kept > 0.0 && options.variance_kept < 1.0)) {
    return Status::InvalidInput("variance_kept must be in (0, 1)");
  }
  if (options.reference_chunks < 2 || reference.rows() < 2 * options.reference_chunks) {
    return Status::InvalidInput("reference needs at least 2 chunks of 2 rows");
  }
  const double n = static_cast<double>(reference.rows());
  PcaDriftModel model;
  model.mean = reference.colwise().mean().transpose();
  const Eigen::MatrixXd centered = reference.rowwise() - model.mean.transpose();
  model.scale = (centered.array().square().colwise().sum() / n).sqrt().transpose();
  for (Eigen::Index j = 0; j < model.scale.size(); ++j) {
    if (model.scale[j] == 0.0) model.scale[j] = 1.0;
  }
  const Eigen::MatrixXd z = centered.array().rowwise() / model.scale.transpose().array();
  model.center = z.colwise().mean().transpose();
  const Eigen::MatrixXd zc = z.rowwise() - model.center.transpose();
  Eigen::BDCSVD<Eigen::MatrixXd> svd(zc, Eigen::ComputeThinV);
  const Eigen::VectorXd s2 = svd.singularValues().array().square();
  const double total = s2.sum();
  if (!(total > 0.0)) return Status::InvalidInput("reference has no variance");
  double cumulative = 0.0;
  int k = 0;
  for (Eigen::Index i = 0; i < s2.size(); ++i) {
    model.explained_variance_ratio.push_back(s2[i] / total);
  }
  for (double r : model.explained_variance_ratio) {
    cumulative += r;
    ++k;
    if (cumulative > options.variance_kept) break;
  }
  model.components_kept = k;
  model.components = svd.matrixV().leftCols(k);
  // Reference chunks as numpy.array_split: the first rows % chunks get one more row.
  const Eigen::Index chunks = options.reference_chunks;
  const Eigen::Index base = reference.rows() / chunks, extra = reference.rows() % chunks;
  Eigen::Index start = 0;
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const Eigen::Index len = base + (c < extra ? 1 : 0);
    model.reference_chunk_errors.push_back(MeanRowError(model, reference.middleRows(start, len)));
    start += len;
  }
  double mean = 0.0;
  for (double e : model.reference_chunk_errors) mean += e;
  mean /= static_cast<double>(chunks);
  double var = 0.0;
  for (double e : model.reference_chunk_errors) var += (e - mean) * (e - mean);
  const double sd = std::sqrt(var / static_cast<double>(chunks));
  model.upper_threshold = mean + options.std_multiplier * sd;
  model.lower_threshold = std::max(0.0, mean - options.std_multiplier * sd);
  return model;
}

Result<double> ReconstructionError(const PcaDriftModel& model, const Eigen::MatrixXd& data) {
  PROVGRAPH_RETURN_IF_ERROR(CheckMatrix(data, "data"));
  if (data.cols() != model.mean.size()) return Status::InvalidInput("data has a different number of columns");
  return MeanRowError(model, data);
}

Result<PcaDriftResult> PcaDrift(const PcaDriftModel& model, const Eigen::MatrixXd& current) {
  auto e = ReconstructionError(model, current);
  if (!e.ok()) return e.status();
  PcaDriftResult r;
  r.error = *e;
  r.lower_threshold = model.lower_threshold;
  r.upper_threshold = model.upper_threshold;
  r.drift = r.error > r.upper_threshold || r.error < r.lower_threshold;
  return r;
}

}  // namespace provgraph::stats
