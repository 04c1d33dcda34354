// DenseHashIndex: an open-addressing hash set of dense uint32 ids whose keys
// live elsewhere (in the graph's arrays). Four bytes a slot, so the 1M-node
// / 3M-edge indexes cost tens of megabytes, not hundreds.
#pragma once

#include <cstdint>
#include <vector>

namespace provgraph {

class DenseHashIndex {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  void Clear() { slots_.clear(); size_ = 0; }
  size_t size() const { return size_; }

  // Finds the id whose key has hash `h` and for which `eq(id)` holds.
  template <typename Eq>
  uint32_t Find(uint64_t h, Eq&& eq) const {
    if (slots_.empty()) return kEmpty;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kEmpty) return kEmpty;
      if (eq(id)) return id;
    }
  }

  // Inserts `id` (whose key hashes to `h`); `hash_of(id)` rehashes on growth.
  template <typename HashOf>
  void Insert(uint64_t h, uint32_t id, HashOf&& hash_of) {
    if ((size_ + 1) * 2 > slots_.size()) Grow(hash_of);
    Place(h, id);
    ++size_;
  }

 private:
  void Place(uint64_t h, uint32_t id) {
    size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = id;
  }
  template <typename HashOf>
  void Grow(HashOf&& hash_of) {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kEmpty);
    for (uint32_t id : old) {
      if (id != kEmpty) Place(hash_of(id), id);
    }
  }

  std::vector<uint32_t> slots_;
  size_t size_ = 0;
};

inline uint64_t MixHash(uint64_t x) {
  // splitmix64 finaliser (Steele, Lea, Flood 2014).
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace provgraph
