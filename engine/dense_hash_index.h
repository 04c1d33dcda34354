// DenseHashIndex: an open-addressing hash set of dense uint32 ids whose keys
// live elsewhere (in the graph's arrays). Each slot holds the id and 32 bits
// of its key's hash (a tag), so a probe compares the key itself — a random
// access into the graph's arrays — only when the tags agree. Eight bytes a
// slot: the 1M-node / 3M-edge indexes cost tens of megabytes, not hundreds.
#pragma once

#include <cstdint>
#include <vector>

namespace provgraph {

class DenseHashIndex {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  void Clear() { slots_.clear(); size_ = 0; }
  size_t size() const { return size_; }
  // Makes room for `n` ids in all without growing (keeps the load <= 1/2).
  template <typename HashOf>
  void Reserve(size_t n, HashOf&& hash_of) {
    size_t want = 1024;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) Rehash(want, hash_of);
  }

  // Finds the id whose key has hash `h` and for which `eq(id)` holds.
  template <typename Eq>
  uint32_t Find(uint64_t h, Eq&& eq) const {
    if (slots_.empty()) return kEmpty;
    size_t mask = slots_.size() - 1;
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      auto id = static_cast<uint32_t>(slot);
      if (id == kEmpty) return kEmpty;
      if (static_cast<uint32_t>(slot >> 32) == tag && eq(id)) return id;
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
  static constexpr uint64_t kEmptySlot = UINT64_MAX;

  void Place(uint64_t h, uint32_t id) {
    size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    while (static_cast<uint32_t>(slots_[i]) != kEmpty) i = (i + 1) & mask;
    slots_[i] = (h & 0xffffffff00000000ULL) | id;
  }
  template <typename HashOf>
  void Grow(HashOf&& hash_of) { Rehash(slots_.empty() ? 1024 : slots_.size() * 2, hash_of); }
  template <typename HashOf>
  void Rehash(size_t slots, HashOf&& hash_of) {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(slots, kEmptySlot);
    for (uint64_t slot : old) {
      auto id = static_cast<uint32_t>(slot);
      if (id != kEmpty) Place(hash_of(id), id);
    }
  }

  std::vector<uint64_t> slots_;
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
