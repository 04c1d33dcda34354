// ADWIN (ADaptive WINdowing) change detector, Bifet & Gavalda (2007),
// "Learning from time-changing data with adaptive windowing", SDM 2007,
// with the exponential-histogram bucket layout and the evaluation schedule
// of River's `drift.ADWIN` (river/drift/adwin_c.pyx), so detections land on
// the same stream indices as River's. Reimplemented from the paper and
// River's documented behaviour; no code copied.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

namespace provgraph::stats {

struct AdwinOptions {
  double delta = 0.002;       // confidence
  int clock = 32;             // cuts are evaluated every `clock` updates
  int max_buckets = 5;        // buckets of one size kept before two are merged
  int min_window_length = 5;  // minimum length of each sub-window
  int grace_period = 10;      // no evaluation until the window is longer than this
};

class Adwin {
 public:
  explicit Adwin(AdwinOptions options = {});

  // Adds one value. After a detection the next Update() first resets the
  // detector (River's protocol). Returns drift_detected().
  bool Update(double x);
  bool drift_detected() const { return drift_detected_; }

  double width() const { return width_; }
  double total() const { return total_; }
  // Sum of squared deviations from the window mean (River's `variance`).
  double variance() const { return variance_; }
  double estimation() const { return width_ > 0 ? total_ / width_ : 0.0; }
  void Reset();

 private:
  // Row r holds up to max_buckets + 1 buckets of 2^r values each, oldest first.
  struct Row {
    std::vector<double> total;
    std::vector<double> variance;
  };
  void Insert(double x);
  void Compress();
  double DeleteOldestBucket();
  bool DetectChange();
  bool CutIsSignificant(double n0, double n1, double delta_mean) const;

  AdwinOptions options_;
  std::deque<Row> rows_;  // rows_[0]: single values (newest data)
  double total_ = 0.0;
  double variance_ = 0.0;
  double width_ = 0.0;
  std::int64_t tick_ = 0;
  bool drift_detected_ = false;
};

}  // namespace provgraph::stats
