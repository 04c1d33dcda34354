// PlanCache: queries parsed, bound and planned once and run again by later
// statements with the same text and the same parameter names and types
// (the values may differ: `MATCH (d {key: $k})` for every k). Neither the
// binder nor the planner looks at the graph, so a plan stays valid when
// the graph changes; the cache holds plans only, never results. A plan is
// leased to one run at a time, so two threads never share one.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "query/ast/clause.h"
#include "query/binder/bound_query.h"
#include "query/planner/plan.h"

namespace provgraph::query {

using Params = std::unordered_map<std::string, QueryValue>;

// A query ready to run: its tree, the bound form (which points into the
// tree) and the plan (which points into both). Not copyable: the pointers
// stay valid as long as it lives.
struct PreparedQuery {
  PreparedQuery() = default;
  PreparedQuery(const PreparedQuery&) = delete;
  PreparedQuery& operator=(const PreparedQuery&) = delete;
  ast::Query parsed;
  BoundQuery bound;
  Plan plan;
};

class PlanCache {
  struct Entry {
    std::string key;
    std::unique_ptr<PreparedQuery> prepared;
    bool in_use = false;
  };
  using Entries = std::list<Entry>;

 public:
  explicit PlanCache(size_t capacity) : capacity_(capacity) {}
  PlanCache(const PlanCache&) = delete;
  PlanCache& operator=(const PlanCache&) = delete;

  // The process's cache, which RunQuery uses.
  static PlanCache& Shared();

  // The key of `text` run with `params`, written to `out`: the text, then
  // each parameter's name and type in name order (the binder checks both).
  static void KeyOf(std::string_view text, const Params& params, std::string& out);

  // One run's use of a cached prepared query; gives it back when it goes.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept : cache_(std::exchange(other.cache_, nullptr)), entry_(other.entry_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    explicit operator bool() const { return cache_ != nullptr; }
    PreparedQuery& operator*() const { return *entry_->prepared; }
    PreparedQuery* operator->() const { return entry_->prepared.get(); }

   private:
    friend class PlanCache;
    Lease(PlanCache* cache, Entries::iterator entry) : cache_(cache), entry_(entry) {}
    PlanCache* cache_ = nullptr;
    Entries::iterator entry_;
  };

  // The prepared query under `key`, now the most recently used; an empty
  // lease when there is none or another run holds it.
  Lease Acquire(std::string_view key);
  // Keeps `prepared` under `key` and leases it (empty lease, `prepared`
  // dropped, when the key is there already); the least recently used
  // entry not in use goes when the cache is full.
  Lease Insert(std::string_view key, std::unique_ptr<PreparedQuery>& prepared);

  size_t size() const;
  // Drops every entry not in use.
  void Clear();

 private:
  void Release(Entries::iterator entry);

  const size_t capacity_;
  mutable std::mutex mu_;
  Entries entries_;                                             // front: most recently used
  std::unordered_map<std::string_view, Entries::iterator> index_;  // views of the entries' keys
};

}  // namespace provgraph::query
