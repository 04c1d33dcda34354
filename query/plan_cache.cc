#include "query/plan_cache.h"

#include <algorithm>
#include <vector>

namespace provgraph::query {

PlanCache& PlanCache::Shared() {
  static PlanCache* cache = new PlanCache(512);  // never destroyed: usable until exit
  return *cache;
}

void PlanCache::KeyOf(std::string_view text, const Params& params, std::string& out) {
  out.assign(text);
  if (params.empty()) return;
  const Params::value_type* few[8];
  std::vector<const Params::value_type*> many;
  const Params::value_type** sorted = few;
  if (params.size() > std::size(few)) {
    many.resize(params.size());
    sorted = many.data();
  }
  size_t n = 0;
  for (const auto& p : params) sorted[n++] = &p;
  std::sort(sorted, sorted + n, [](auto* a, auto* b) { return a->first < b->first; });
  for (size_t i = 0; i < n; ++i) {
    // A NUL cannot appear in a parameter name, so the parts cannot run together.
    out.push_back('\0');
    out += sorted[i]->first;
    out.push_back('\0');
    out.push_back(static_cast<char>('A' + static_cast<int>(sorted[i]->second.type())));
  }
}

PlanCache::Lease::~Lease() {
  if (cache_) cache_->Release(entry_);
}

PlanCache::Lease PlanCache::Acquire(std::string_view key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end() || it->second->in_use) return Lease();
  Entries::iterator entry = it->second;
  entry->in_use = true;
  entries_.splice(entries_.begin(), entries_, entry);
  return Lease(this, entry);
}

PlanCache::Lease PlanCache::Insert(std::string_view key, std::unique_ptr<PreparedQuery>& prepared) {
  if (capacity_ == 0 || !prepared) return Lease();
  std::lock_guard lock(mu_);
  if (index_.count(key)) return Lease();  // another run of the same statement was first
  entries_.push_front(Entry{std::string(key), std::move(prepared), true});
  index_.emplace(entries_.front().key, entries_.begin());
  // Over capacity: the least recently used entries not in use go.
  for (auto it = std::prev(entries_.end()); entries_.size() > capacity_ && it != entries_.begin();) {
    auto victim = it--;
    if (victim->in_use) continue;
    index_.erase(victim->key);
    entries_.erase(victim);
  }
  return Lease(this, entries_.begin());
}

void PlanCache::Release(Entries::iterator entry) {
  std::lock_guard lock(mu_);
  entry->in_use = false;
}

size_t PlanCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void PlanCache::Clear() {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->in_use) {
      ++it;
      continue;
    }
    index_.erase(it->key);
    it = entries_.erase(it);
  }
}

}  // namespace provgraph::query
