#include "loaders/openlineage/openlineage_loader.h"

#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <stdexcept>

#include "loaders/openlineage/event_stream.h"

namespace provgraph::loaders {

std::string QuarantinePath(const OpenLineageLoadOptions& options) {
  if (!options.quarantine.empty()) return options.quarantine;
  std::string first = options.inputs.empty() ? std::string("openlineage") : options.inputs.front();
  while (first.size() > 1 && first.back() == '/') first.pop_back();
  return first + ".quarantine.ndjson";
}

namespace {

Result<OpenLineageLoadSummary> ReadValidateAndMap(const OpenLineageLoadOptions& options, const Graph& graph,
                                                  Batch& batch, openlineage::DeferredRelease* release) {
  auto files = openlineage::ExpandInputs(options.inputs);
  if (!files.ok()) return files.status();
  std::vector<openlineage::Event> events;
  std::vector<openlineage::BadEvent> bad;
  std::optional<openlineage::MapSummary> streamed;
  const openlineage::MapProgress* progress = options.progress ? &options.progress : nullptr;
  if (openlineage::CanReadAndMapPipelined(*files, batch)) {
    PROVGRAPH_RETURN_IF_ERROR(
        openlineage::ReadAndMapPipelined(*files, graph, batch, events, bad, streamed, release, progress));
  } else {
    PROVGRAPH_RETURN_IF_ERROR(openlineage::ReadEvents(*files, events, bad));
  }
  if (!bad.empty() && options.on_error == OnError::kFail) {
    if (streamed) batch = Batch();  // as when nothing was mapped
    return bad.front().ToStatus();
  }
  OpenLineageLoadSummary summary;
  if (streamed) {
    summary.mapped = *streamed;
  } else {
    openlineage::SortEvents(events);
    auto mapped = openlineage::MapEvents(events, graph, batch, release, progress);
    if (!mapped.ok()) return mapped.status();
    summary.mapped = *mapped;
  }
  if (release) release->Release(std::move(events));
  summary.bad = std::move(bad);
  return summary;
}

}  // namespace

Result<OpenLineageLoadSummary> BuildOpenLineageBatch(const OpenLineageLoadOptions& options, const Graph& graph,
                                                     Batch& batch, openlineage::DeferredRelease* release) {
  // Bad input comes back as a Status already; what may still throw is an
  // allocation (on the parser threads too: they hand it over once joined)
  // or the caller's progress callback. Either leaves an empty batch.
  try {
    return ReadValidateAndMap(options, graph, batch, release);
  } catch (const std::bad_alloc&) {
    batch = Batch();
    return Status::Internal("out of memory while reading the OpenLineage events");
  } catch (const std::exception& e) {
    batch = Batch();
    return Status::Internal(std::string("reading the OpenLineage events failed: ") + e.what());
  }
}

Status WriteQuarantine(const std::string& path, const std::vector<openlineage::BadEvent>& bad) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IoError("cannot write the quarantine file", path);
  for (const openlineage::BadEvent& b : bad) {
    nlohmann::json line{
        {"file", b.file}, {"line", b.line}, {"pointer", b.pointer}, {"error", b.Where() + ": " + b.message}};
    try {
      line["event"] = nlohmann::json::parse(b.raw);
    } catch (const nlohmann::json::parse_error&) {
      line["event"] = b.raw;
    }
    out << line.dump() << "\n";
  }
  out.flush();
  if (!out) return Status::IoError("cannot write the quarantine file", path);
  return Status::Ok();
}

Result<OpenLineageLoadResult> LoadOpenLineage(Store& store, const OpenLineageLoadOptions& options,
                                              const CommitInfo& info) {
  Batch batch;
  // The events and the mapper's state are freed while the batch commits.
  openlineage::DeferredRelease release;
  auto summary = BuildOpenLineageBatch(options, store.graph(), batch, &release);
  if (!summary.ok()) return summary.status();
  auto commit = store.Commit(batch, info);
  release.Join();
  if (!commit.ok()) return commit.status();
  OpenLineageLoadResult result{std::move(summary).value(), std::move(commit).value()};
  if (!result.summary.bad.empty()) {
    result.summary.quarantine_path = QuarantinePath(options);
    PROVGRAPH_RETURN_IF_ERROR(WriteQuarantine(result.summary.quarantine_path, result.summary.bad));
  }
  return result;
}

}  // namespace provgraph::loaders
