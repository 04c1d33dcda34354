// Multivariate drift by PCA reconstruction error, NannyML's "data
// reconstruction" method: standardise with the reference's mean and
// population std, keep the principal components that explain the
// requested share of the reference's variance, and measure how far rows
// lie from their reconstruction. The threshold is the mean +- 3 std of the
// error over chunks of the reference.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "engine/status.h"

namespace provgraph::stats {

struct PcaDriftOptions {
  double variance_kept = 0.65;  // sklearn PCA(n_components=0.65)
  int reference_chunks = 10;    // reference split into this many consecutive chunks (numpy.array_split)
  double std_multiplier = 3.0;  // threshold = mean +- k std of the chunk errors (std with ddof 0)
};

struct PcaDriftModel {
  Eigen::VectorXd mean;   // per feature, of the reference
  Eigen::VectorXd scale;  // population std per feature (1 where it is 0, as StandardScaler)
  Eigen::VectorXd center;  // mean of the standardised reference (PCA centring)
  Eigen::MatrixXd components;  // features x k, orthonormal columns
  std::vector<double> explained_variance_ratio;  // of every component
  int components_kept = 0;
  std::vector<double> reference_chunk_errors;
  double lower_threshold = 0.0;  // clipped at 0
  double upper_threshold = 0.0;
};

// Rows are observations, columns features; the reference needs at least 2
// rows per chunk and finite values (InvalidInput otherwise).
Result<PcaDriftModel> FitPcaDrift(const Eigen::MatrixXd& reference, const PcaDriftOptions& options = {});

// Mean over rows of || z - reconstruct(z) ||_2, z the standardised row.
Result<double> ReconstructionError(const PcaDriftModel& model, const Eigen::MatrixXd& data);

struct PcaDriftResult {
  double error = 0.0;
  double lower_threshold = 0.0;
  double upper_threshold = 0.0;
  bool drift = false;  // error outside [lower, upper]
};

Result<PcaDriftResult> PcaDrift(const PcaDriftModel& model, const Eigen::MatrixXd& current);

}  // namespace provgraph::stats
