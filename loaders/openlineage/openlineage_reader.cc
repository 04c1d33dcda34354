#include "loaders/openlineage/openlineage_reader.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "engine/time.h"
#include "loaders/openlineage/fast_event_parse.h"

namespace provgraph::loaders::openlineage {
namespace {

namespace fs = std::filesystem;

bool HasExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".json" || ext == ".ndjson" || ext == ".jsonl";
}

bool IsLineDelimited(const std::string& file) {
  std::string ext = fs::path(file).extension().string();
  return ext == ".ndjson" || ext == ".jsonl";
}

int LineOf(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The 1-based lines of ascending byte offsets, in one pass over the text
// (a JSON array of many events would be quadratic with LineOf each).
std::vector<int> LinesOf(const std::string& text, const std::vector<size_t>& offsets) {
  std::vector<int> lines;
  lines.reserve(offsets.size());
  size_t pos = 0;
  int line = 1;
  for (size_t offset : offsets) {
    offset = std::max(pos, std::min(offset, text.size()));
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                        text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    pos = offset;
    lines.push_back(line);
  }
  return lines;
}

// Byte offsets where the top-level value starts (a single event) or where
// each element of a top-level array starts. Strings are skipped so braces
// inside them do not count.
std::vector<size_t> ElementOffsets(const std::string& text) {
  std::vector<size_t> out;
  int depth = 0;
  bool in_string = false, escape = false, top_array = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ':') continue;
    if (depth == 0) {
      if (c == '[')
        top_array = true;
      else
        out.push_back(i);
    } else if (depth == 1 && top_array && c != ']' && c != '}') {
      out.push_back(i);
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (depth == (top_array ? 1 : 0)) {
      // a scalar element: skip to its end
      while (i + 1 < text.size() && std::string_view(",]} \n\r\t").find(text[i + 1]) == std::string_view::npos) ++i;
    }
  }
  return out;
}

std::string TypeMessage(const char* kind) {
  std::string_view k(kind);
  if (k == "object") return "expected an object";
  if (k == "array") return "expected an array";
  return "expected a string";
}

bool Require(const nlohmann::json& parent, const std::string& at, const char* name, const char* kind, bool required,
             std::string& pointer, std::string& message) {
  std::string p = at + "/" + name;
  auto it = parent.find(name);
  if (it == parent.end()) {
    if (!required) return true;
    pointer = p;
    message = std::string("required field \"") + name + "\" is missing";
    return false;
  }
  std::string_view k(kind);
  bool ok =
      (k == "string" && it->is_string()) || (k == "object" && it->is_object()) || (k == "array" && it->is_array());
  if (!ok) {
    pointer = p;
    message = TypeMessage(kind);
    return false;
  }
  return true;
}

bool CheckDataset(const nlohmann::json& d, const std::string& at, std::string& pointer, std::string& message) {
  if (!d.is_object()) {
    pointer = at;
    message = "expected an object";
    return false;
  }
  return Require(d, at, "namespace", "string", true, pointer, message) &&
         Require(d, at, "name", "string", true, pointer, message) &&
         Require(d, at, "facets", "object", false, pointer, message) &&
         Require(d, at, "inputFacets", "object", false, pointer, message) &&
         Require(d, at, "outputFacets", "object", false, pointer, message);
}

bool CheckDatasets(const nlohmann::json& e, const char* name, std::string& pointer, std::string& message) {
  if (!Require(e, "", name, "array", false, pointer, message)) return false;
  auto it = e.find(name);
  if (it == e.end()) return true;
  for (size_t i = 0; i < it->size(); ++i) {
    if (!CheckDataset((*it)[i], std::string("/") + name + "/" + std::to_string(i), pointer, message)) return false;
  }
  return true;
}

bool CheckJob(const nlohmann::json& e, std::string& pointer, std::string& message) {
  if (!Require(e, "", "job", "object", true, pointer, message)) return false;
  const auto& job = e["job"];
  return Require(job, "/job", "namespace", "string", true, pointer, message) &&
         Require(job, "/job", "name", "string", true, pointer, message) &&
         Require(job, "/job", "facets", "object", false, pointer, message);
}

}  // namespace

std::string BadEvent::Where() const {
  std::string w = file + ":" + std::to_string(line);
  if (!pointer.empty()) w += ":" + pointer;
  return w;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool ValidateEvent(const nlohmann::json& j, Event& event, std::string& pointer, std::string& message) {
  if (!j.is_object()) {
    pointer.clear();
    message = "an event must be a JSON object";
    return false;
  }
  if (j.contains("run")) {
    event.kind = EventKind::kRun;
  } else if (j.contains("dataset")) {
    event.kind = EventKind::kDataset;
  } else if (j.contains("job")) {
    event.kind = EventKind::kJob;
  } else {
    pointer.clear();
    message = "not a RunEvent, DatasetEvent or JobEvent: it has none of \"run\", \"dataset\", \"job\"";
    return false;
  }
  if (!Require(j, "", "eventTime", "string", true, pointer, message)) return false;
  const std::string& time_text = j["eventTime"].get_ref<const std::string&>();
  auto t = ParseTimestamp(time_text);
  if (time_text.find('T') == std::string::npos || !t.ok()) {
    pointer = "/eventTime";
    message = "\"" + time_text + "\" is not an ISO-8601 date-time";
    return false;
  }
  event.time = *t;
  if (!Require(j, "", "producer", "string", true, pointer, message)) return false;
  if (!Require(j, "", "schemaURL", "string", true, pointer, message)) return false;
  if (event.kind == EventKind::kRun) {
    event.event_type = "OTHER";
    if (!Require(j, "", "eventType", "string", false, pointer, message)) return false;
    if (j.contains("eventType")) {
      static const char* kTypes[] = {"START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"};
      const std::string& type = j["eventType"].get_ref<const std::string&>();
      if (std::find_if(std::begin(kTypes), std::end(kTypes), [&](const char* k) { return type == k; }) ==
          std::end(kTypes)) {
        pointer = "/eventType";
        message = "\"" + type + "\" is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER";
        return false;
      }
      event.event_type = type;
    }
    if (!Require(j, "", "run", "object", true, pointer, message)) return false;
    const auto& run = j["run"];
    if (!Require(run, "/run", "runId", "string", true, pointer, message)) return false;
    const std::string& run_id = run["runId"].get_ref<const std::string&>();
    if (!IsUuid(run_id)) {
      pointer = "/run/runId";
      message = "\"" + run_id + "\" is not a UUID";
      return false;
    }
    if (!Require(run, "/run", "facets", "object", false, pointer, message)) return false;
    if (!CheckJob(j, pointer, message)) return false;
    return CheckDatasets(j, "inputs", pointer, message) && CheckDatasets(j, "outputs", pointer, message);
  }
  if (event.kind == EventKind::kDataset) {
    if (j.contains("job")) {
      pointer = "/job";
      message = "a DatasetEvent must not have \"job\"";
      return false;
    }
    return CheckDataset(j["dataset"], "/dataset", pointer, message);
  }
  if (!CheckJob(j, pointer, message)) return false;
  return CheckDatasets(j, "inputs", pointer, message) && CheckDatasets(j, "outputs", pointer, message);
}

Result<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && HasExtension(it->path())) found.push_back(it->path().string());
      }
      if (ec) return Status::IoError(ec.message(), in);
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(in, ec)) {
      files.push_back(in);
    } else {
      return Status::NotFound("no such file or directory", in);
    }
  }
  return files;
}

namespace {

// Appends one event: parsed and valid to `good`, else to `bad`.
void AddEvent(const std::string& file, int line, std::string raw, nlohmann::json* parsed, std::string parse_error,
              std::vector<Event>& good, std::vector<BadEvent>& bad) {
  if (!parsed) {
    bad.push_back({file, line, "", "invalid JSON: " + parse_error, std::move(raw)});
    return;
  }
  Event e;
  std::string pointer, message;
  if (!ValidateEvent(*parsed, e, pointer, message)) {
    bad.push_back({file, line, pointer, message, parsed->dump()});
    return;
  }
  e.file = file;
  e.line = line;
  e.json = std::move(*parsed);
  good.push_back(std::move(e));
}

// Parses and validates `lines` in order into `good` / `bad`: simdjson
// first (FastEventParser), nlohmann's parser for any line it declines, so
// parse errors are nlohmann's. The lines lie in a text readable up to
// `readable_end` (padded for simdjson).
void ParseLines(FastEventParser& fast, const std::string& file, const NdjsonLine* begin, const NdjsonLine* end,
                const char* readable_end, std::vector<Event>& good, std::vector<BadEvent>& bad) {
  std::vector<RawFacet> raw_facets;
  for (const NdjsonLine* l = begin; l != end; ++l) {
    nlohmann::json j;
    raw_facets.clear();
    if (fast.Parse(l->text, static_cast<size_t>(readable_end - l->text.data()), j, &raw_facets)) {
      const size_t before = good.size();
      AddEvent(file, l->number, "", &j, "", good, bad);
      if (good.size() > before) good.back().raw_facets = std::move(raw_facets);
      continue;
    }
    try {
      j = nlohmann::json::parse(l->text.begin(), l->text.end());
      AddEvent(file, l->number, "", &j, "", good, bad);  // the raw text is kept only for parse errors
    } catch (const nlohmann::json::parse_error& e) {
      AddEvent(file, l->number, std::string(l->text), nullptr, e.what(), good, bad);
    }
  }
}

// The non-blank lines of an .ndjson text with their 1-based numbers (as
// std::getline splits them).
std::vector<NdjsonLine> SplitLines(std::string_view text) {
  std::vector<NdjsonLine> lines;
  int number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    ++number;
    std::string_view line(text.data() + pos, end - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.push_back({number, line});
    pos = end + 1;
  }
  return lines;
}

// Files with at least this many events are parsed on two threads.
constexpr size_t kParallelLines = 256;

// The whole file, or false when it cannot be opened.
// Room is left for simdjson's padding, so appending it does not copy.
bool ReadFile(const std::string& file, std::string& text) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return false;
  const std::streamoff size = in.tellg();
  if (size >= 0 && in.seekg(0)) {
    text.reserve(static_cast<size_t>(size) + kFastParsePadding);
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
    if (in.gcount() == size && in.peek() == std::char_traits<char>::eof()) return true;
  }
  // Not a plain file (or it changed while read): read it as a stream.
  in.clear();
  in.seekg(0);
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return true;
}

// A `.json` file (one event or an array of them): nlohmann's parser.
void ReadJsonFile(const std::string& file, const std::string& text, std::vector<Event>& good,
                  std::vector<BadEvent>& bad) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    AddEvent(file, LineOf(text, e.byte == 0 ? 0 : e.byte - 1), text, nullptr, e.what(), good, bad);
    return;
  }
  const std::vector<int> lines = LinesOf(text, ElementOffsets(text));
  if (doc.is_array()) {
    for (size_t i = 0; i < doc.size(); ++i) AddEvent(file, i < lines.size() ? lines[i] : 1, "", &doc[i], "", good, bad);
  } else {
    AddEvent(file, lines.empty() ? 1 : lines[0], "", &doc, "", good, bad);
  }
}

}  // namespace

Status ReadEvents(const std::vector<std::string>& files, std::vector<Event>& good, std::vector<BadEvent>& bad) {
  FastEventParser fast;
  for (const std::string& file : files) {
    std::string text;
    if (!ReadFile(file, text)) return Status::IoError("cannot open", file);
    if (!IsLineDelimited(file)) {
      ReadJsonFile(file, text, good, bad);
      continue;
    }
    const size_t size = text.size();
    text.append(kFastParsePadding, ' ');  // simdjson reads past the last line
    const char* readable_end = text.data() + text.size();
    std::vector<NdjsonLine> lines = SplitLines(std::string_view(text.data(), size));
    const NdjsonLine* first = lines.data();
    const NdjsonLine* last = lines.data() + lines.size();
    if (lines.size() < kParallelLines) {
      ParseLines(fast, file, first, last, readable_end, good, bad);
      continue;
    }
    // The first half on a second thread, the second half here; the
    // results are appended in line order.
    const NdjsonLine* mid = first + lines.size() / 2;
    std::vector<Event> good_head;
    std::vector<BadEvent> bad_head;
    std::exception_ptr failure;
    std::thread head([&] {
      try {
        FastEventParser head_fast;
        ParseLines(head_fast, file, first, mid, readable_end, good_head, bad_head);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    std::vector<Event> good_tail;
    std::vector<BadEvent> bad_tail;
    try {
      ParseLines(fast, file, mid, last, readable_end, good_tail, bad_tail);
    } catch (...) {
      head.join();
      throw;
    }
    head.join();
    if (failure) std::rethrow_exception(failure);
    good.reserve(good.size() + good_head.size() + good_tail.size());
    for (auto* part : {&good_head, &good_tail}) std::move(part->begin(), part->end(), std::back_inserter(good));
    for (auto* part : {&bad_head, &bad_tail}) std::move(part->begin(), part->end(), std::back_inserter(bad));
  }
  return Status::Ok();
}

Status ReadFileText(const std::string& file, std::string& text) {
  if (!ReadFile(file, text)) return Status::IoError("cannot open", file);
  return Status::Ok();
}

bool IsNdjsonFile(const std::string& file) { return IsLineDelimited(file); }

std::vector<NdjsonLine> SplitNdjsonLines(std::string_view text) { return SplitLines(text); }

void ParseNdjsonLines(FastEventParser& fast, const std::string& file, const NdjsonLine* begin, const NdjsonLine* end,
                      const char* readable_end, std::vector<Event>& good, std::vector<BadEvent>& bad) {
  ParseLines(fast, file, begin, end, readable_end, good, bad);
}

}  // namespace provgraph::loaders::openlineage
