// OpenLineage event reading and validation: files (.json holding one event
// or an array of events, .ndjson / .jsonl one event per line) and
// directories (their files in sorted path order), each event checked
// against the 2-0-2 schema's required fields, with its FILE:LINE origin.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/status.h"
#include "engine/value.h"
#include "loaders/openlineage/fast_event_parse.h"

namespace provgraph::loaders::openlineage {

enum class EventKind { kRun, kDataset, kJob };

// One valid event.
struct Event {
  std::string file;
  int line = 0;  // line of the event (ndjson: its line; json: where its object starts)
  nlohmann::json json;
  EventKind kind = EventKind::kRun;
  Timestamp time;
  std::string event_type;  // RunEvent eventType ("OTHER" when absent); empty otherwise
  // json.dump(): the tie-breaker that makes the order deterministic; filled
  // by SortEvents only for events that tie on (eventTime, type rank).
  std::string canonical;
  // Position among the events read (file order), for readers that parse
  // out of order (event_stream.h); 0 otherwise.
  size_t seq = 0;
  // The texts of its repeatable dataset facets when simdjson parsed it
  // (FastEventParser::Parse), for the mapper's FacetMemo; else empty.
  std::vector<RawFacet> raw_facets;
};

// One event that failed to parse or validate.
struct BadEvent {
  std::string file;
  int line = 0;
  std::string pointer;  // JSON pointer inside the event, empty for the event itself
  std::string message;
  std::string raw;  // the event's text (or the unparseable text)
  // DESIGN.md's "FILE:LINE:/json/pointer" (without ":/pointer" when empty).
  std::string Where() const;
  Status ToStatus() const { return Status::InvalidInput(message, Where()); }
};

// Expands directories (recursively; *.json, *.ndjson, *.jsonl in sorted
// order) and keeps files in the order given. A missing path is NotFound.
Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs);

// Reads and validates every event of `files`, appending to `good` / `bad`
// in file order. Only I/O failures are returned as errors.
Status ReadEvents(const std::vector<std::string>& files, std::vector<Event>& good, std::vector<BadEvent>& bad);

// Pieces of ReadEvents for readers that parse lines in another order
// (event_stream.h): a file's text, whether it is line-delimited, its
// non-blank lines, and the parse + validation of lines into `good` / `bad`
// (simdjson first, nlohmann for the lines it declines; `readable_end`:
// the text is readable, padded for simdjson, up to there).
struct NdjsonLine {
  int number;  // 1-based line number
  std::string_view text;
};
Status ReadFileText(const std::string& file, std::string& text);
bool IsNdjsonFile(const std::string& file);
std::vector<NdjsonLine> SplitNdjsonLines(std::string_view text);
void ParseNdjsonLines(FastEventParser& fast, const std::string& file, const NdjsonLine* begin, const NdjsonLine* end,
                      const char* readable_end, std::vector<Event>& good, std::vector<BadEvent>& bad);

// Checks one parsed event; on failure sets `pointer` and `message`.
bool ValidateEvent(const nlohmann::json& j, Event& event, std::string& pointer, std::string& message);

bool IsUuid(std::string_view s);

}  // namespace provgraph::loaders::openlineage
