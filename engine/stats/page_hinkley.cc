// Page-Hinkley: see page_hinkley.h. With m_t the running mean,
//   U_t = alpha U_{t-1} + (x_t - m_t) - delta,   drift up   when U_t - min U > lambda
//   D_t = alpha D_{t-1} + (x_t - m_t) + delta,   drift down when max D - D_t > lambda
// River starts min U at +inf and max D at -1 (not -inf); kept for identical
// detections.
#include "engine/stats/page_hinkley.h"

#include <limits>

namespace provgraph::stats {

PageHinkley::PageHinkley(PageHinkleyOptions options) : options_(options) { Reset(); }

void PageHinkley::Reset() {
  n_ = 0;
  mean_ = 0.0;
  sum_increase_ = 0.0;
  sum_decrease_ = 0.0;
  min_increase_ = std::numeric_limits<double>::infinity();
  max_decrease_ = -1.0;
  drift_detected_ = false;
}

bool PageHinkley::Update(double x) {
  if (drift_detected_) Reset();
  ++n_;
  mean_ += (1.0 / static_cast<double>(n_)) * (x - mean_);
  const double dev = x - mean_;
  sum_increase_ = options_.alpha * sum_increase_ + dev - options_.delta;
  sum_decrease_ = options_.alpha * sum_decrease_ + dev + options_.delta;
  if (sum_increase_ < min_increase_) min_increase_ = sum_increase_;
  if (sum_decrease_ > max_decrease_) max_decrease_ = sum_decrease_;
  if (n_ >= options_.min_instances) {
    const bool up = sum_increase_ - min_increase_ > options_.threshold;
    const bool down = max_decrease_ - sum_decrease_ > options_.threshold;
    switch (options_.mode) {
      case PageHinkleyMode::kUp:
        drift_detected_ = up;
        break;
      case PageHinkleyMode::kDown:
        drift_detected_ = down;
        break;
      case PageHinkleyMode::kBoth:
        drift_detected_ = up || down;
        break;
    }
  }
  return drift_detected_;
}

}  // namespace provgraph::stats
