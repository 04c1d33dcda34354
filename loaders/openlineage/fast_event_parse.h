// Fast parse of one OpenLineage ndjson event with simdjson (Debian's
// libsimdjson-dev), giving exactly the nlohmann::json value that
// nlohmann::json::parse gives for the same text. The reader tries it first
// and falls back to nlohmann's parser for any text it declines (invalid
// JSON, numbers or text where the two parsers could differ), so error
// messages and values stay nlohmann's.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

namespace provgraph::loaders::openlineage {

// Bytes past the end of a text the fast parser may read (simdjson's padding).
inline constexpr size_t kFastParsePadding = 64;

class FastEventParser {
 public:
  FastEventParser();
  ~FastEventParser();
  FastEventParser(const FastEventParser&) = delete;
  FastEventParser& operator=(const FastEventParser&) = delete;

  // Parses `text` into `out` and returns true, or returns false (and `out`
  // is unspecified) when the caller must use nlohmann's parser. `readable`
  // is how many bytes from text.data() may be read; with at least
  // text.size() + kFastParsePadding the text is not copied.
  bool Parse(std::string_view text, size_t readable, nlohmann::json& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace provgraph::loaders::openlineage
