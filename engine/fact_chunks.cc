#include "engine/fact_chunks.h"

#include "engine/coding.h"

namespace provgraph {

void FactChunks::Add(const Fact& fact) {
  scratch_.clear();
  fact.EncodeTo(scratch_);
  if (chunks_.empty() || chunks_.back().size() >= kChunkTarget) {
    chunks_.emplace_back();
    chunks_.back().reserve(kChunkTarget + 256);
  }
  std::string& chunk = chunks_.back();
  size_t before = chunk.size();
  coding::PutVarint(chunk, scratch_.size());
  chunk.append(scratch_);
  bytes_ += chunk.size() - before;
  ++facts_;
}

void FactChunks::Release(size_t i) {
  std::string().swap(chunks_[i]);
  released_ = true;
}

}  // namespace provgraph
