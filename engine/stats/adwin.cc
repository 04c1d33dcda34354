// ADWIN: see adwin.h. The window is an exponential histogram (Datar et al.
// 2002) whose buckets carry a total and a sum of squared deviations
// (merged with the pairwise-variance update of Babcock et al. 2003). Every
// `clock` updates each cut between buckets, oldest first, is tested with
// the Hoeffding/Bernstein bound of Bifet & Gavalda's ADWIN2; on a
// significant cut the oldest bucket is dropped and the scan restarts.
//
// Details follow River (newest adwin_c.pyx) so that detections match it
// index for index: cuts are tried after every bucket from the oldest to the
// second-newest, and the bound uses m = 1/(1/(n0 - L + 1) + 1/(n1 - L + 1)) with L the minimum
// sub-window length and the variance of the whole window.
#include "engine/stats/adwin.h"

#include <cmath>

namespace provgraph::stats {

Adwin::Adwin(AdwinOptions options) : options_(options) { Reset(); }

void Adwin::Reset() {
  rows_.clear();
  rows_.emplace_back();
  total_ = 0.0;
  variance_ = 0.0;
  width_ = 0.0;
  tick_ = 0;
  drift_detected_ = false;
}

bool Adwin::Update(double x) {
  if (drift_detected_) Reset();
  Insert(x);
  drift_detected_ = DetectChange();
  return drift_detected_;
}

void Adwin::Insert(double x) {
  Row& first = rows_.front();
  first.total.push_back(x);
  first.variance.push_back(0.0);
  width_ += 1.0;
  if (width_ > 1.0) {
    const double prev_mean = total_ / (width_ - 1.0);
    variance_ += (width_ - 1.0) * (x - prev_mean) * (x - prev_mean) / width_;
  }
  total_ += x;
  Compress();
}

void Adwin::Compress() {
  const size_t limit = static_cast<size_t>(options_.max_buckets) + 1;
  for (size_t r = 0; r < rows_.size(); ++r) {
    if (rows_[r].total.size() != limit) break;
    if (r + 1 == rows_.size()) rows_.emplace_back();
    Row& row = rows_[r];
    const double size = std::ldexp(1.0, static_cast<int>(r));
    const double mean_a = row.total[0] / size;
    const double mean_b = row.total[1] / size;
    const double merged_total = row.total[0] + row.total[1];
    const double merged_var =
        row.variance[0] + row.variance[1] + size * size * (mean_a - mean_b) * (mean_a - mean_b) / (2.0 * size);
    row.total.erase(row.total.begin(), row.total.begin() + 2);
    row.variance.erase(row.variance.begin(), row.variance.begin() + 2);
    Row& next = rows_[r + 1];
    next.total.push_back(merged_total);
    next.variance.push_back(merged_var);
    if (next.total.size() <= static_cast<size_t>(options_.max_buckets)) break;
  }
}

double Adwin::DeleteOldestBucket() {
  Row& last = rows_.back();
  const double n = std::ldexp(1.0, static_cast<int>(rows_.size() - 1));
  const double u = last.total.front();
  const double v = last.variance.front();
  const double mu = u / n;
  width_ -= n;
  total_ -= u;
  const double mu_window = total_ / width_;
  variance_ -= v + n * width_ * (mu - mu_window) * (mu - mu_window) / (n + width_);
  last.total.erase(last.total.begin());
  last.variance.erase(last.variance.begin());
  if (last.total.empty()) rows_.pop_back();
  return n;
}

bool Adwin::CutIsSignificant(double n0, double n1, double delta_mean) const {
  const double min_len = options_.min_window_length;
  const double delta_prime = std::log(2.0 * std::log(width_) / options_.delta);
  const double m_recip = 1.0 / (n0 - min_len + 1.0) + 1.0 / (n1 - min_len + 1.0);
  const double epsilon =
      std::sqrt(2.0 * m_recip * (variance_ / width_) * delta_prime) + 2.0 / 3.0 * delta_prime * m_recip;
  return std::fabs(delta_mean) > epsilon;
}

bool Adwin::DetectChange() {
  ++tick_;
  if (tick_ % options_.clock != 0 || !(width_ > options_.grace_period)) return false;
  bool change = false;
  bool rescan = true;
  while (rescan) {
    rescan = false;
    double n0 = 0.0, n1 = width_, u0 = 0.0, u1 = total_;
    bool done = false;
    for (size_t r = rows_.size(); r-- > 0 && !done;) {
      const double size = std::ldexp(1.0, static_cast<int>(r));
      const Row& row = rows_[r];
      for (size_t k = 0; k < row.total.size(); ++k) {
        n0 += size;
        n1 -= size;
        u0 += row.total[k];
        u1 -= row.total[k];
        if (r == 0 && k + 1 == row.total.size()) {
          done = true;  // W1 would be empty
          break;
        }
        const double delta_mean = u0 / n0 - u1 / n1;
        if (n1 >= options_.min_window_length && n0 >= options_.min_window_length &&
            CutIsSignificant(n0, n1, delta_mean)) {
          change = true;
          rescan = true;
          if (width_ > 0) {
            DeleteOldestBucket();
            done = true;
            break;
          }
        }
      }
    }
  }
  return change;
}

}  // namespace provgraph::stats
