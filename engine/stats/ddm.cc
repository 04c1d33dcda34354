// DDM: see ddm.h. The minimum (p_min, s_min) is updated when p_i + s_i is
// at most the recorded p_min + s_min, and only after the warm start, as in
// River.
#include "engine/stats/ddm.h"

#include <cmath>
#include <limits>

namespace provgraph::stats {

Ddm::Ddm(DdmOptions options) : options_(options) { Reset(); }

void Ddm::Reset() {
  n_ = 0;
  p_ = 0.0;
  p_min_ = s_min_ = ps_min_ = std::numeric_limits<double>::infinity();
  drift_detected_ = false;
  warning_detected_ = false;
}

bool Ddm::Update(bool error) {
  if (drift_detected_) Reset();
  ++n_;
  const double x = error ? 1.0 : 0.0;
  p_ += (1.0 / static_cast<double>(n_)) * (x - p_);
  const double s = std::sqrt(p_ * (1.0 - p_) / static_cast<double>(n_));
  if (n_ > options_.warm_start) {
    if (p_ + s <= ps_min_) {
      p_min_ = p_;
      s_min_ = s;
      ps_min_ = p_min_ + s_min_;
    }
    warning_detected_ = p_ + s > p_min_ + options_.warning_threshold * s_min_;
    if (p_ + s > p_min_ + options_.drift_threshold * s_min_) {
      drift_detected_ = true;
      warning_detected_ = false;
    }
  }
  return drift_detected_;
}

}  // namespace provgraph::stats
