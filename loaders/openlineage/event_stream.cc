#include "loaders/openlineage/event_stream.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <iterator>
#include <mutex>
#include <thread>

#include "engine/time.h"
#include "loaders/openlineage/fast_event_parse.h"

namespace provgraph::loaders::openlineage {
namespace {

// One event line with the guess of its mapping-order key.
struct PlannedLine {
  int64_t time = INT64_MIN;  // guessed eventTime (INT64_MIN: unknown)
  int rank = 0;              // guessed MappingRank
  uint32_t file = 0;         // index into the files
  size_t seq = 0;            // position in file order
  NdjsonLine line;
};

// Events per chunk handed from the parsing thread to the mapper.
constexpr size_t kChunkEvents = 128;

// Lines at or above which the guesses are made on two threads.
constexpr size_t kParallelGuesses = 1024;

// Mapped chunks handed to the DeferredRelease at a time while the mapping
// streams (all but the newest one, which holds the mapper's previous event).
constexpr size_t kReleaseChunks = 8;

void GuessOrder(std::vector<PlannedLine>::iterator begin, std::vector<PlannedLine>::iterator end,
                const std::vector<const char*>& readable_ends) {
  FastEventParser fast;
  FastEventParser::Peek peek;
  for (auto p = begin; p != end; ++p) {
    const char* readable_end = readable_ends[p->file];
    if (!fast.PeekOrder(p->line.text, static_cast<size_t>(readable_end - p->line.text.data()), peek)) continue;
    if (peek.has_event_time) {
      auto t = ParseTimestamp(std::string(peek.event_time));
      if (t.ok()) p->time = t->micros;
    }
    EventKind kind = peek.has_run ? EventKind::kRun : peek.has_dataset ? EventKind::kDataset : EventKind::kJob;
    p->rank = MappingRank(kind, peek.has_event_type ? peek.event_type : std::string_view("OTHER"));
  }
}

// The lines of equal guessed (time, rank) ordered by their canonical text
// (json.dump(), as SortEvents does), then file order.
void OrderTies(std::vector<PlannedLine>& plan, const std::vector<std::string>& files,
               const std::vector<const char*>& readable_ends) {
  FastEventParser fast;
  for (size_t i = 0; i < plan.size();) {
    size_t j = i + 1;
    while (j < plan.size() && plan[j].time == plan[i].time && plan[j].rank == plan[i].rank) ++j;
    if (j - i > 1) {
      std::vector<std::pair<std::string, size_t>> keys;  // canonical text, index in plan
      for (size_t k = i; k < j; ++k) {
        std::vector<Event> good;
        std::vector<BadEvent> bad;
        ParseNdjsonLines(fast, files[plan[k].file], &plan[k].line, &plan[k].line + 1, readable_ends[plan[k].file], good,
                         bad);
        keys.emplace_back(good.empty() ? std::string() : good.front().json.dump(), k);
      }
      std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<PlannedLine> group;
      for (const auto& key : keys) group.push_back(plan[key.second]);
      std::move(group.begin(), group.end(), plan.begin() + static_cast<std::ptrdiff_t>(i));
    }
    i = j;
  }
}

}  // namespace

bool CanReadAndMapPipelined(const std::vector<std::string>& files, const Batch& batch) {
  if (!batch.empty() || batch.node_ref_base() != 0 || batch.edge_ref_base() != 0 || batch.node_ref_count() != 0 ||
      batch.edge_ref_count() != 0) {
    return false;
  }
  return std::all_of(files.begin(), files.end(), [](const std::string& f) { return IsNdjsonFile(f); });
}

Status ReadAndMapPipelined(const std::vector<std::string>& files, const Graph& graph, Batch& batch,
                           std::vector<Event>& events, std::vector<BadEvent>& bad, std::optional<MapSummary>& mapped,
                           DeferredRelease* release, const MapProgress* progress) {
  // All texts first (ReadEvents' I/O errors: the first file that cannot be read).
  std::vector<std::string> texts(files.size());
  std::vector<const char*> readable_ends(files.size());
  std::vector<PlannedLine> plan;
  for (uint32_t f = 0; f < files.size(); ++f) {
    PROVGRAPH_RETURN_IF_ERROR(ReadFileText(files[f], texts[f]));
    const size_t size = texts[f].size();
    texts[f].append(kFastParsePadding, ' ');  // simdjson reads past the last line
    readable_ends[f] = texts[f].data() + texts[f].size();
    for (const NdjsonLine& line : SplitNdjsonLines(std::string_view(texts[f].data(), size))) {
      PlannedLine p;
      p.file = f;
      p.seq = plan.size();
      p.line = line;
      plan.push_back(p);
    }
  }
  if (plan.size() >= kParallelGuesses) {
    auto mid = plan.begin() + static_cast<std::ptrdiff_t>(plan.size() / 2);
    std::exception_ptr failure;
    std::thread head([&] {
      try {
        GuessOrder(plan.begin(), mid, readable_ends);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      GuessOrder(mid, plan.end(), readable_ends);
    } catch (...) {
      head.join();
      throw;
    }
    head.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    GuessOrder(plan.begin(), plan.end(), readable_ends);
  }
  std::stable_sort(plan.begin(), plan.end(), [](const PlannedLine& a, const PlannedLine& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.rank < b.rank;
  });
  OrderTies(plan, files, readable_ends);

  // Parse in that order on a second thread, map here.
  std::mutex mu;
  std::condition_variable ready;
  std::deque<std::vector<Event>> queue;  // parsed, not yet taken
  bool done = false;
  std::exception_ptr failure;
  std::vector<std::pair<size_t, BadEvent>> bad_found;  // seq, bad event
  std::thread parser([&] {
    try {
      FastEventParser fast;
      std::vector<Event> chunk;
      std::vector<BadEvent> bad_line;
      for (size_t at = 0; at < plan.size(); ++at) {
        const PlannedLine& p = plan[at];
        ParseNdjsonLines(fast, files[p.file], &p.line, &p.line + 1, readable_ends[p.file], chunk, bad_line);
        if (!bad_line.empty()) {
          bad_found.emplace_back(p.seq, std::move(bad_line.front()));
          bad_line.clear();
        } else {
          chunk.back().seq = p.seq;
        }
        if (chunk.size() == kChunkEvents || at + 1 == plan.size()) {
          std::lock_guard<std::mutex> lock(mu);
          queue.push_back(std::move(chunk));
          ready.notify_one();
          chunk = std::vector<Event>();
          chunk.reserve(kChunkEvents);
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mu);
    done = true;
    ready.notify_one();
  });
  // Chunks keep their buffers when moved, so the events the mapper took
  // stay where they are until it is done. While the mapping streams, the
  // mapper needs only the previous event: older chunks are freed in the
  // background as it goes (the parser then reuses their memory instead of
  // faulting in new pages), their events' positions kept in `released` so
  // that a fallback can parse them again.
  std::vector<std::vector<Event>> chunks;
  std::vector<size_t> released;  // seq of the events freed early
  size_t count = 0;
  std::optional<StreamingMapper> streaming(std::in_place, graph, batch);
  try {
    for (;;) {
      std::vector<Event> chunk;
      {
        std::unique_lock<std::mutex> lock(mu);
        ready.wait(lock, [&] { return !queue.empty() || done; });
        if (queue.empty()) break;
        chunk = std::move(queue.front());
        queue.pop_front();
      }
      if (streaming) {
        for (const Event& e : chunk) {
          if (!streaming->Add(e)) {
            streaming->Abandon(release);
            streaming.reset();
            break;
          }
        }
      }
      count += chunk.size();
      chunks.push_back(std::move(chunk));
      if (streaming && release && chunks.size() > kReleaseChunks) {
        std::vector<std::vector<Event>> done_chunks;
        for (size_t c = 0; c + 1 < chunks.size(); ++c) {
          for (const Event& e : chunks[c]) released.push_back(e.seq);
          done_chunks.push_back(std::move(chunks[c]));
        }
        chunks.erase(chunks.begin(), chunks.end() - 1);  // the newest one's buffer stays where it is
        release->Release(std::move(done_chunks));
      }
      if (progress) (*progress)(count, plan.size());
    }
  } catch (...) {
    parser.join();
    throw;
  }
  parser.join();
  if (failure) std::rethrow_exception(failure);
  std::sort(bad_found.begin(), bad_found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, b] : bad_found) bad.push_back(std::move(b));
  if (streaming) {
    mapped = streaming->Finish(release);
    if (release) release->Release(std::move(chunks));
    return Status::Ok();
  }
  // The usual way: the events in file order on a fresh batch; the ones
  // freed early are parsed again (the same text gives the same event).
  batch = Batch();
  if (!released.empty()) {
    std::vector<size_t> plan_at(plan.size());  // seq -> position in plan
    for (size_t i = 0; i < plan.size(); ++i) plan_at[plan[i].seq] = i;
    FastEventParser fast;
    std::vector<Event> again;
    std::vector<BadEvent> bad_again;  // none: these lines parsed and validated before
    again.reserve(released.size());
    for (size_t seq : released) {
      const PlannedLine& p = plan[plan_at[seq]];
      const size_t before = again.size();
      ParseNdjsonLines(fast, files[p.file], &p.line, &p.line + 1, readable_ends[p.file], again, bad_again);
      if (again.size() > before) again.back().seq = seq;
    }
    chunks.push_back(std::move(again));
  }
  events.reserve(count);
  for (auto& chunk : chunks) std::move(chunk.begin(), chunk.end(), std::back_inserter(events));
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.seq < b.seq; });
  for (Event& e : events) {
    e.seq = 0;
    e.canonical.clear();
  }
  return Status::Ok();
}

}  // namespace provgraph::loaders::openlineage
