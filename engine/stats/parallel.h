// Two-way parallelism for the large-sample statistics: run two independent
// pieces of work on two threads (the second on the calling thread), and
// the switch that keeps a statistic on its calling thread when the caller
// already runs statistics in parallel (the drift run's pool). Results
// never depend on whether a second thread was used.
#pragma once

#include <functional>

namespace provgraph::stats {

// While alive, statistics called on this thread do not start threads.
class SerialStatsScope {
 public:
  SerialStatsScope();
  ~SerialStatsScope();
  SerialStatsScope(const SerialStatsScope&) = delete;
  SerialStatsScope& operator=(const SerialStatsScope&) = delete;

 private:
  bool previous_;
};

// True unless a SerialStatsScope is alive on this thread.
bool StatsMayUseThreads();

// Runs `first` on a new thread and `second` on this one when `parallel`
// and StatsMayUseThreads() (and a thread can be started), else both here,
// first then second. The functions must not throw.
void RunBoth(bool parallel, const std::function<void()>& first, const std::function<void()>& second);

}  // namespace provgraph::stats
