// FactChunks: the encoded facts of one batch, packed as the store keeps
// them (engine/FORMAT.md): chunk records of about kChunkTarget bytes, each
// a sequence of varint-length-prefixed facts, a fact never split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/fact.h"

namespace provgraph {

class FactChunks {
 public:
  // A chunk is closed once it holds this many bytes (plus at most one fact).
  static constexpr size_t kChunkTarget = size_t{128} << 10;

  void Add(const Fact& fact);
  const std::vector<std::string>& chunks() const { return chunks_; }
  uint64_t fact_count() const { return facts_; }
  // Bytes in all chunks (as added: Release does not change it).
  size_t bytes() const { return bytes_; }
  // Frees chunk `i` once it was written out (it reads as empty then);
  // released() tells that the chunks no longer hold all the facts.
  void Release(size_t i);
  bool released() const { return released_; }

 private:
  std::vector<std::string> chunks_;
  std::string scratch_;
  uint64_t facts_ = 0;
  size_t bytes_ = 0;
  bool released_ = false;
};

}  // namespace provgraph
