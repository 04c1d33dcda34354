// Compensated (Neumaier) summation: the one place sums of many doubles are
// accumulated in the stats module, so long sums do not drift.
#pragma once

#include <cmath>
#include <span>

namespace provgraph::stats {

// Kahan-Babuska-Neumaier accumulator (Neumaier 1974, "Rundungsfehleranalyse
// einiger Verfahren zur Summation endlicher Summen").
class NeumaierSum {
 public:
  void Add(double x) {
    const double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      comp_ += (sum_ - t) + x;
    } else {
      comp_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double Value() const { return sum_ + comp_; }

 private:
  double sum_ = 0.0;
  double comp_ = 0.0;
};

// Compensated sum of a span.
double StableSum(std::span<const double> values);

}  // namespace provgraph::stats
