#include "loaders/openlineage/facet_memo.h"

namespace provgraph::loaders::openlineage {

std::string FacetMemo::Key(std::string_view dataset, std::string_view facet) {
  std::string key(dataset);
  key += '\x1f';
  key += facet;
  return key;
}

bool FacetMemo::Unchanged(std::string_view dataset, std::string_view facet, const nlohmann::json& content,
                          uint64_t closes, uint64_t marks, int64_t t) const {
  auto it = entries_.find(Key(dataset, facet));
  if (it == entries_.end()) return false;
  const Entry& e = it->second;
  return e.stamp.closes == closes && e.stamp.marks == marks && e.stamp.t <= t && e.content == content;
}

void FacetMemo::Remember(std::string_view dataset, std::string_view facet, const nlohmann::json& content,
                         FacetStamp stamp, bool reusable) {
  std::string key = Key(dataset, facet);
  if (!reusable) {
    entries_.erase(key);
    return;
  }
  Entry& e = entries_[key];
  if (e.content != content) e.content = content;
  e.stamp = stamp;
}

}  // namespace provgraph::loaders::openlineage
