#include "loaders/openlineage/facet_memo.h"

namespace provgraph::loaders::openlineage {

std::string_view FacetMemo::Key(std::string_view dataset, std::string_view facet) const {
  key_.assign(dataset);
  key_ += '\x1f';
  key_ += facet;
  return key_;
}

bool FacetMemo::Unchanged(std::string_view dataset, std::string_view facet, const nlohmann::json& content,
                          std::string_view raw, uint64_t closes, uint64_t marks, int64_t t) const {
  auto it = entries_.find(Key(dataset, facet));
  if (it == entries_.end()) return false;
  const Entry& e = it->second;
  if (e.stamp.closes != closes || e.stamp.marks != marks || e.stamp.t > t) return false;
  if (!raw.empty() && raw == e.raw) return true;
  return e.content == content;
}

void FacetMemo::Remember(std::string_view dataset, std::string_view facet, const nlohmann::json& content,
                         std::string_view raw, FacetStamp stamp, bool reusable) {
  std::string_view key = Key(dataset, facet);
  auto it = entries_.find(key);
  if (!reusable) {
    if (it != entries_.end()) entries_.erase(it);
    return;
  }
  if (it == entries_.end()) it = entries_.try_emplace(std::string(key)).first;
  Entry& e = it->second;
  if (raw.empty()) {
    if (e.content != content) e.content = content;
  } else if (raw != e.raw) {
    e.content = content;  // other text: most likely other content, no compare first
  }
  e.raw = raw;
  e.stamp = stamp;
}

}  // namespace provgraph::loaders::openlineage
