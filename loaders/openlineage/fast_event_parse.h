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

  // The top-level fields that decide an event's mapping order, read
  // without building a value (the last of duplicate keys, as nlohmann
  // keeps; texts valid until the next call). False when simdjson does not
  // parse the text or it is not an object: then nothing is known.
  struct Peek {
    std::string_view event_time, event_type;  // when they are strings
    bool has_event_time = false, has_event_type = false;
    bool has_run = false, has_dataset = false, has_job = false;
  };
  bool PeekOrder(std::string_view text, size_t readable, Peek& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace provgraph::loaders::openlineage
