// ProgressBar: a one-line progress bar on stderr when stderr is a terminal;
// silent otherwise (pipes, CI logs).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace provgraph::app {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  // Redraws at most ten times a second.
  void Update(size_t done, size_t total);
  void Finish();
  bool enabled() const { return enabled_; }

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace provgraph::app
