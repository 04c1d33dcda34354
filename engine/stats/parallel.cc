#include "engine/stats/parallel.h"

#include <system_error>
#include <thread>

namespace provgraph::stats {
namespace {
thread_local bool serial_stats_scope_active = false;
}  // namespace

SerialStatsScope::SerialStatsScope() : previous_(serial_stats_scope_active) { serial_stats_scope_active = true; }
SerialStatsScope::~SerialStatsScope() { serial_stats_scope_active = previous_; }

bool StatsMayUseThreads() { return !serial_stats_scope_active; }

void RunBoth(bool parallel, const std::function<void()>& first, const std::function<void()>& second) {
  if (parallel && StatsMayUseThreads()) {
    std::thread other;
    try {
      other = std::thread(first);
    } catch (const std::system_error&) {
      first();  // no thread to be had
    }
    second();
    if (other.joinable()) other.join();
    return;
  }
  first();
  second();
}

}  // namespace provgraph::stats
