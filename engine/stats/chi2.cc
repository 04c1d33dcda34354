#include "engine/stats/chi2.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/stats/special_functions.h"
#include "engine/stats/summation.h"

namespace provgraph::stats {

Result<Chi2ContingencyResult> Chi2Contingency(const std::vector<std::vector<double>>& table, bool correction,
                                              Chi2Lambda lambda) {
  const size_t rows = table.size();
  if (rows == 0 || table[0].empty()) return Status::InvalidInput("chi2: empty contingency table");
  const size_t cols = table[0].size();
  for (const auto& row : table) {
    if (row.size() != cols) return Status::InvalidInput("chi2: contingency table rows differ in length");
    for (double v : row) {
      if (!std::isfinite(v) || v < 0.0) {
        return Status::InvalidInput("chi2: contingency table entries must be finite and non-negative");
      }
    }
  }
  std::vector<double> row_sum(rows), col_sum(cols);
  NeumaierSum total_acc;
  for (size_t i = 0; i < rows; ++i) {
    NeumaierSum s;
    for (size_t j = 0; j < cols; ++j) s.Add(table[i][j]);
    row_sum[i] = s.Value();
    total_acc.Add(row_sum[i]);
  }
  for (size_t j = 0; j < cols; ++j) {
    NeumaierSum s;
    for (size_t i = 0; i < rows; ++i) s.Add(table[i][j]);
    col_sum[j] = s.Value();
  }
  const double total = total_acc.Value();
  Chi2ContingencyResult res;
  res.expected.assign(rows, std::vector<double>(cols));
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) {
      res.expected[i][j] = row_sum[i] * col_sum[j] / total;
      if (!(res.expected[i][j] > 0.0)) {
        return Status::InvalidInput("chi2: expected frequency is zero at (" + std::to_string(i) + ", " +
                                    std::to_string(j) + "): a row or category has no counts");
      }
    }
  }
  // dof = size - sum(shape) + ndim - 1 = (r - 1)(c - 1)
  res.dof = static_cast<int>(rows * cols) - static_cast<int>(rows + cols) + 1;
  if (res.dof == 0) {
    res.statistic = 0.0;
    res.pvalue = 1.0;
    return res;
  }
  NeumaierSum stat;
  for (size_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < cols; ++j) {
      double obs = table[i][j];
      const double ex = res.expected[i][j];
      if (res.dof == 1 && correction) {
        // Yates: move each observation half a unit towards its expectation
        // (no further than the expectation itself).
        const double diff = ex - obs;
        const double mag = std::min(0.5, std::fabs(diff));
        obs += diff > 0 ? mag : (diff < 0 ? -mag : 0.0);
      }
      if (lambda == Chi2Lambda::kPearson) {
        stat.Add((obs - ex) * (obs - ex) / ex);
      } else if (obs > 0.0) {
        stat.Add(2.0 * obs * std::log(obs / ex));  // 2 xlogy(O, O/E); 0 log 0 = 0
      }
    }
  }
  res.statistic = stat.Value();
  res.pvalue = ChiSquareSf(res.statistic, res.dof);
  return res;
}

}  // namespace provgraph::stats
