// json_floor: what nlohmann_json (the JSON library DESIGN.md chooses) costs
// by itself on the OpenLineage ingest benchmark's events, single-threaded:
// a SAX pass with a handler that does nothing (the lexer's floor), a DOM
// parse, and a DOM parse plus freeing the DOM. It bounds what any loader
// built on nlohmann can reach: ol_ingest's target is 50k events/s of
// ~2.2 KB each, i.e. ~110 MB/s of JSON on 2 cores.
//
//   PROVGRAPH_OL_EVENTS=/tmp/olbench-ev20 json_floor   # the events' directory
//                                                       # (bench/gen_openlineage_events)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Json = nlohmann::json;

// One .ndjson line per event, from every file of the directory.
struct EventLines {
  std::string text;
  std::vector<std::string_view> lines;
};

const EventLines& Events() {
  static const EventLines events = [] {
    EventLines e;
    const char* dir = std::getenv("PROVGRAPH_OL_EVENTS");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir ? dir : "/tmp/olbench-ev20")) {
      if (entry.path().extension() == ".ndjson") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      e.text += buffer.str();
    }
    for (size_t pos = 0; pos < e.text.size();) {
      size_t end = e.text.find('\n', pos);
      if (end == std::string::npos) end = e.text.size();
      if (end > pos) e.lines.emplace_back(e.text.data() + pos, end - pos);
      pos = end + 1;
    }
    return e;
  }();
  return events;
}

// Accepts every event and keeps nothing (strings are counted so the lexer's
// work cannot be optimised away).
struct DiscardingHandler : nlohmann::json_sax<Json> {
  size_t chars = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t& s) override { return chars += s.size(), true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t& s) override { return chars += s.size(), true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

void Report(benchmark::State& state) {
  const EventLines& events = Events();
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(events.lines.size()));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(events.text.size()));
  state.counters["events"] = double(events.lines.size());
}

void BM_SaxDiscard(benchmark::State& state) {
  const EventLines& events = Events();
  for (auto _ : state) {
    DiscardingHandler handler;
    for (std::string_view line : events.lines) Json::sax_parse(line.begin(), line.end(), &handler);
    benchmark::DoNotOptimize(handler.chars);
  }
  Report(state);
}

void BM_DomParse(benchmark::State& state) {
  const EventLines& events = Events();
  std::vector<Json> doms;
  doms.reserve(events.lines.size());
  for (auto _ : state) {
    for (std::string_view line : events.lines) doms.push_back(Json::parse(line.begin(), line.end()));
    state.PauseTiming();
    doms.clear();
    state.ResumeTiming();
  }
  Report(state);
}

void BM_DomParseAndFree(benchmark::State& state) {
  const EventLines& events = Events();
  std::vector<Json> doms;
  doms.reserve(events.lines.size());
  for (auto _ : state) {
    for (std::string_view line : events.lines) doms.push_back(Json::parse(line.begin(), line.end()));
    doms.clear();
  }
  Report(state);
}

BENCHMARK(BM_SaxDiscard)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DomParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DomParseAndFree)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
