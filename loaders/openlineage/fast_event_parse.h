// Fast parse of one OpenLineage ndjson event with simdjson (Debian's
// libsimdjson-dev), giving exactly the nlohmann::json value that
// nlohmann::json::parse gives for the same text. The reader tries it first
// and falls back to nlohmann's parser for any text it declines (invalid
// JSON, numbers or text where the two parsers could differ), so error
// messages and values stay nlohmann's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace provgraph::loaders::openlineage {

// The JSON text of one dataset facet the mapper may skip when repeated
// (FacetMemo: `schema`, `columnLineage`), minified from simdjson's value.
// Equal texts are equal values, so the mapper compares these bytes before
// it compares values.
struct RawFacet {
  enum Side : uint8_t { kDataset, kInputs, kOutputs };
  Side side = kDataset;   // the event's `dataset`, or `inputs[index]` / `outputs[index]`
  uint32_t index = 0;     // position in inputs / outputs
  std::string_view name;  // the facet's name (a static string)
  std::string text;       // its JSON text
};

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
  //
  // With `raw_facets`, the texts of the `facets.schema` and
  // `facets.columnLineage` objects of the event's `dataset`, `inputs[i]`
  // and `outputs[i]` are appended there (the last of duplicate keys, as
  // nlohmann keeps; none when the shapes are not those).
  bool Parse(std::string_view text, size_t readable, nlohmann::json& out, std::vector<RawFacet>* raw_facets = nullptr);

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
