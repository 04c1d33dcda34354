// DeferredRelease: destroys large objects (the parsed events, the mapper's
// state) on background threads so that freeing them overlaps the work that
// follows (the commit) instead of preceding it. Everything handed over is
// destroyed by the time Join() or the destructor returns.
#pragma once

#include <memory>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace provgraph::loaders::openlineage {

class DeferredRelease {
 public:
  DeferredRelease() = default;
  DeferredRelease(const DeferredRelease&) = delete;
  DeferredRelease& operator=(const DeferredRelease&) = delete;
  ~DeferredRelease() { Join(); }

  // Takes `value` and destroys it on a new thread (here when no thread
  // can be started).
  template <class T>
  void Release(T&& value) {
    auto owned = std::make_unique<std::decay_t<T>>(std::forward<T>(value));
    try {
      threads_.emplace_back([p = std::move(owned)]() mutable { p.reset(); });
    } catch (const std::system_error&) {
      // No thread: the lambda holding the object was destroyed here.
    }
  }

  void Join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  std::vector<std::thread> threads_;
};

}  // namespace provgraph::loaders::openlineage
