// DDM, the Drift Detection Method of Gama, Medas, Castillo & Rodrigues
// (2004), "Learning with drift detection", SBIA 2004, LNCS 3171, as River's
// `drift.binary.DDM`: on a stream of errors (1) and successes (0) it tracks
// p_i + s_i, s_i = sqrt(p_i (1 - p_i) / i), and signals a warning / a drift
// when it exceeds p_min + w s_min / p_min + d s_min. Reimplemented from the
// paper and River's documented behaviour; no code copied.
#pragma once

#include <cstdint>

namespace provgraph::stats {

struct DdmOptions {
  int warm_start = 30;             // no decision until more values than this
  double warning_threshold = 2.0;  // w
  double drift_threshold = 3.0;    // d
};

class Ddm {
 public:
  explicit Ddm(DdmOptions options = {});

  // Adds one outcome (true / non-zero = error). After a drift the next
  // Update() first resets. Returns drift_detected().
  bool Update(bool error);
  bool drift_detected() const { return drift_detected_; }
  bool warning_detected() const { return warning_detected_; }
  void Reset();

 private:
  DdmOptions options_;
  std::int64_t n_ = 0;
  double p_ = 0.0;
  double p_min_ = 0.0;
  double s_min_ = 0.0;
  double ps_min_ = 0.0;
  bool drift_detected_ = false;
  bool warning_detected_ = false;
};

}  // namespace provgraph::stats
