#include "loaders/metrics_loader.h"

#include <array>
#include <map>
#include <tuple>

#include "loaders/csv_columns.h"
#include "loaders/csv_reader.h"

namespace provgraph::loaders {
namespace {

constexpr std::array<const char*, 4> kColumns{"node", "metric", "time", "value"};

}  // namespace

Result<MetricsLoadSummary> BuildMetricsBatch(const std::string& path, const Graph& graph, Batch& batch) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::vector<std::string_view> fields;
  Status error;
  if (!reader->Next(fields, error)) {
    if (!error.ok()) return error;
    return Status::InvalidInput("no header row", path + ":1");
  }
  PROVGRAPH_RETURN_IF_ERROR(error);
  const std::string header_where = path + ":" + std::to_string(reader->line());
  std::array<size_t, 4> pos;
  pos.fill(SIZE_MAX);
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string_view name = TrimCell(fields[i]);
    size_t which = 0;
    while (which < kColumns.size() && name != kColumns[which]) ++which;
    if (which == kColumns.size()) {
      return Status::InvalidInput("unknown column '" + std::string(name) + "' (expected node, metric, time, value)",
                                  header_where);
    }
    if (pos[which] != SIZE_MAX) {
      return Status::InvalidInput("duplicate column '" + std::string(name) + "' in the header", header_where);
    }
    pos[which] = i;
  }
  for (size_t which = 0; which < kColumns.size(); ++which) {
    if (pos[which] == SIZE_MAX) {
      return Status::InvalidInput(
          std::string("missing column '") + kColumns[which] + "' (the header needs node, metric, time, value)",
          header_where);
    }
  }

  // Every point given, with its line, to find two values for one point.
  struct Given {
    double value;
    uint64_t line;
  };
  std::map<std::tuple<std::string, std::string, int64_t>, Given> given;
  // Nodes the store does not have: created valid from their first point.
  struct Missing {
    std::string label, key;
    int64_t first = 0;
  };
  std::map<std::string, Missing, std::less<>> missing;
  struct Row {
    std::string node, metric;
    MetricPoint point;
  };
  std::vector<Row> rows;
  MetricsLoadSummary summary;
  while (reader->Next(fields, error)) {
    PROVGRAPH_RETURN_IF_ERROR(error);  // a malformed record
    const std::string where = path + ":" + std::to_string(reader->line());
    if (fields.size() == 1 && TrimCell(fields[0]).empty()) continue;  // blank line
    if (fields.size() != kColumns.size()) {
      return Status::InvalidInput(
          "row has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(kColumns.size()),
          where);
    }
    std::string node(TrimCell(fields[pos[0]]));
    auto ref = SplitNodeRef(node);
    if (!ref.ok()) return Status::InvalidInput("bad node: " + ref.status().message(), where);
    std::string metric(TrimCell(fields[pos[1]]));
    if (metric.empty()) return Status::InvalidInput("empty metric name", where);
    auto time = ParseTimestamp(TrimCell(fields[pos[2]]));
    if (!time.ok()) return Status::InvalidInput("bad time: " + time.status().message(), where);
    double value = 0;
    if (!ParseFiniteNumber(fields[pos[3]], value)) {
      return Status::InvalidInput("bad value '" + std::string(TrimCell(fields[pos[3]])) + "': not a finite number", where);
    }
    // The same point twice with one value is harmless; with two it is an error.
    auto [it, inserted] = given.try_emplace({node, metric, time->micros}, Given{value, reader->line()});
    if (!inserted && it->second.value != value) {
      return Status::InvalidInput("another value for " + node + " " + metric + " at " + FormatTimestamp(*time) +
                                      " was given on line " + std::to_string(it->second.line),
                                  where);
    }
    if (!graph.FindNode(ref->first, ref->second)) {
      auto [m, fresh] = missing.try_emplace(node, Missing{ref->first, ref->second, time->micros});
      if (!fresh) m->second.first = std::min(m->second.first, time->micros);
    }
    rows.push_back({std::move(node), std::move(metric), {*time, value}});
    ++summary.rows;
  }
  if (!error.ok()) return error;

  // Existing nodes are referred to by id (their validity is left alone);
  // the others are created from their first point on.
  std::map<std::string_view, Batch::NodeRef> refs;
  std::map<std::pair<std::string_view, std::string_view>, size_t> series_of;
  std::vector<std::pair<Batch::NodeRef, std::string_view>> series;
  std::vector<std::vector<MetricPoint>> points;
  for (const Row& row : rows) {
    auto [r, inserted] = refs.try_emplace(row.node);
    if (inserted) {
      if (auto m = missing.find(row.node); m != missing.end()) {
        r->second = batch.UpsertNode({m->second.label}, m->second.key, Timestamp{m->second.first});
        ++summary.new_nodes;
      } else {
        auto ref = *SplitNodeRef(row.node);
        r->second = batch.RefNode(*graph.FindNode(ref.first, ref.second));
      }
    }
    auto [s, fresh] = series_of.try_emplace({row.node, row.metric}, series.size());
    if (fresh) {
      series.emplace_back(r->second, row.metric);
      points.emplace_back();
    }
    points[s->second].push_back(row.point);
  }
  for (size_t i = 0; i < series.size(); ++i)
    batch.AddMetricPoints(series[i].first, series[i].second, std::move(points[i]));
  summary.series = series.size();
  return summary;
}

Result<MetricsLoadResult> LoadMetrics(Store& store, const std::string& path, const CommitInfo& info) {
  PROVGRAPH_RETURN_IF_ERROR(store.Refresh());
  Batch batch;
  auto summary = BuildMetricsBatch(path, store.graph(), batch);
  if (!summary.ok()) return summary.status();
  auto committed = store.Commit(batch, info);
  if (!committed.ok()) return committed.status();
  return MetricsLoadResult{std::move(summary).value(), std::move(committed).value()};
}

}  // namespace provgraph::loaders
