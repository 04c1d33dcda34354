// Page-Hinkley change detector (Page 1954, "Continuous inspection schemes",
// Biometrika 41), in the form of River's `drift.PageHinkley`: cumulative
// deviations from the running mean with a forgetting factor, tested for an
// increase, a decrease or both. Reimplemented from the published test and
// River's documented behaviour; no code copied.
#pragma once

#include <cstdint>

namespace provgraph::stats {

enum class PageHinkleyMode { kUp, kDown, kBoth };

struct PageHinkleyOptions {
  int min_instances = 30;   // no detection before this many values
  double delta = 0.005;     // magnitude of changes that are tolerated
  double threshold = 50.0;  // lambda
  double alpha = 1 - 0.0001;  // forgetting factor on the cumulative sums
  PageHinkleyMode mode = PageHinkleyMode::kBoth;
};

class PageHinkley {
 public:
  explicit PageHinkley(PageHinkleyOptions options = {});

  // Adds one value; after a detection the next Update() first resets.
  bool Update(double x);
  bool drift_detected() const { return drift_detected_; }
  void Reset();

 private:
  PageHinkleyOptions options_;
  std::int64_t n_ = 0;
  double mean_ = 0.0;
  double sum_increase_ = 0.0;
  double sum_decrease_ = 0.0;
  double min_increase_ = 0.0;
  double max_decrease_ = 0.0;
  bool drift_detected_ = false;
};

}  // namespace provgraph::stats
