// FacetMemo: remembers, per (dataset, facet name), the facet content the
// OpenLineage mapper last applied in one batch and a stamp of the mapper
// state that application left behind. When the same content comes again
// (a job's output carries the same schema and columnLineage on every START
// and COMPLETE) and the stamp still holds, every operation a re-application
// would emit is one the store discards, so the mapper skips it. Which state
// goes into the stamp, and when an application may be reused at all, is the
// mapper's call (see ApplyDatasetFacet in openlineage_mapper.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace provgraph::loaders::openlineage {

struct FacetStamp {
  uint64_t closes = 0;  // nodes and edges the batch had closed so far
  uint64_t marks = 0;   // generation of the edge marks the facet depends on
  int64_t t = 0;        // valid time of the application
};

class FacetMemo {
 public:
  // True when `facet` of `dataset` was last applied with content equal to
  // `content`, that application was reusable, no node or edge was closed
  // and the marks did not change since (`closes`, `marks` equal the
  // stamp's), and it happened at or before `t`. `raw` is the content's
  // JSON text when known (else empty): equal texts are equal contents, so
  // the values are compared only when the texts differ or are unknown.
  bool Unchanged(std::string_view dataset, std::string_view facet, const nlohmann::json& content, std::string_view raw,
                 uint64_t closes, uint64_t marks, int64_t t) const;

  // Records an application of `content` (`raw`: its text or empty); when
  // `reusable` is false the next application of the facet is done in full
  // whatever its content.
  void Remember(std::string_view dataset, std::string_view facet, const nlohmann::json& content, std::string_view raw,
                FacetStamp stamp, bool reusable);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    nlohmann::json content;
    std::string raw;  // content's text when known
    FacetStamp stamp;
  };
  // The key text of (dataset, facet), built in a buffer reused across calls.
  std::string_view Key(std::string_view dataset, std::string_view facet) const;

  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> entries_;  // reusable applications only
  mutable std::string key_;
};

}  // namespace provgraph::loaders::openlineage
