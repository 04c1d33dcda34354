#include "engine/series_resolve.h"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace provgraph {
namespace {

Result<uint64_t> NodeIdOf(const Graph& graph, const Batch& batch, Batch::NodeRef ref) {
  if (ref < batch.node_ref_base() || ref >= batch.node_ref_end()) {
    return Status::Internal("series refer to node ref " + std::to_string(ref) + ", which the batch does not have");
  }
  const Batch::NodeSpec& spec = batch.node(ref);
  if (spec.existing != UINT64_MAX) {
    if (spec.existing >= graph.node_count()) {
      return Status::NotFound("node id " + std::to_string(spec.existing) + " does not exist");
    }
    return spec.existing;
  }
  if (spec.label_count == 0) return Status::InvalidInput("a node needs a label");
  auto id = graph.FindNode(batch.symbol_names()[batch.label(ref, 0)], batch.key(ref));
  if (!id) return Status::Internal("series refer to node ref " + std::to_string(ref) + " before it was resolved");
  return *id;
}

}  // namespace

void SeriesCounts::AddTo(nlohmann::json& counts) const {
  counts["metric_points"] = metric_points;
  counts["metric_points_unchanged"] = metric_points_unchanged;
  counts["samples"] = samples;
  counts["samples_unchanged"] = samples_unchanged;
}

size_t EncodedSeries::bytes() const {
  size_t n = 0;
  for (const std::string& r : records) n += r.size();
  return n;
}

Status ResolveSeries(const Graph& graph, const Batch& batch, uint32_t seq, SeriesIndex& index, EncodedSeries& out,
                     const NodeIdOfRef& node_of) {
  // Metric points grouped by (node, metric) in order of first mention;
  // within a group the last point given for a time wins.
  struct Group {
    uint64_t node;
    const std::string* metric;
    std::map<int64_t, double> points;
  };
  std::vector<Group> groups;
  std::map<std::pair<uint64_t, std::string_view>, size_t> group_of;
  for (const Batch::MetricPointsOp& op : batch.metric_ops()) {
    auto node = node_of ? node_of(op.node) : NodeIdOf(graph, batch, op.node);
    if (!node.ok()) return node.status();
    auto [it, inserted] = group_of.try_emplace({*node, op.metric}, groups.size());
    if (inserted) groups.push_back({*node, &op.metric, {}});
    Group& g = groups[it->second];
    for (const MetricPoint& p : op.points) g.points[p.time.micros] = p.value;
  }
  for (const Group& g : groups) {
    SeriesRecord rec;
    rec.kind = SeriesKind::kMetricPoints;
    rec.node = g.node;
    rec.name = *g.metric;
    auto flush = [&] {
      if (rec.points.empty()) return;
      out.counts.metric_points += rec.points.size();
      out.records.emplace_back();
      rec.EncodeTo(out.records.back());
      std::vector<MetricPoint> next;
      std::swap(next, rec.points);
      SeriesRecord applied = rec;
      applied.points = std::move(next);
      index.Apply(std::move(applied), seq);
    };
    for (const auto& [time, value] : g.points) {
      std::optional<double> stored = index.PointAt(g.node, *g.metric, Timestamp{time});
      if (stored && SameDouble(*stored, value)) {
        ++out.counts.metric_points_unchanged;
        continue;
      }
      rec.points.push_back({Timestamp{time}, value});
      if (rec.points.size() == kMaxPointsPerRecord) flush();
    }
    flush();
  }

  // Samples: one per (node, column, at); the last given wins.
  std::vector<std::tuple<uint64_t, const Batch::SampleOp*>> samples;
  std::map<std::tuple<uint64_t, std::string_view, int64_t>, size_t> sample_of;
  for (const Batch::SampleOp& op : batch.sample_ops()) {
    auto node = node_of ? node_of(op.node) : NodeIdOf(graph, batch, op.node);
    if (!node.ok()) return node.status();
    auto [it, inserted] = sample_of.try_emplace({*node, op.column, op.at.micros}, samples.size());
    if (inserted) {
      samples.emplace_back(*node, &op);
    } else {
      std::get<1>(samples[it->second]) = &op;
    }
  }
  for (const auto& [node, op] : samples) {
    const StoredSample* stored = index.SampleAt(node, op->column, op->at);
    if (stored && stored->values.SameAs(op->values)) {
      ++out.counts.samples_unchanged;
      continue;
    }
    SeriesRecord rec;
    rec.kind = SeriesKind::kSample;
    rec.node = node;
    rec.name = op->column;
    rec.at = op->at;
    rec.sample = op->values;
    out.records.emplace_back();
    rec.EncodeTo(out.records.back());
    ++out.counts.samples;
    index.Apply(std::move(rec), seq);
  }
  return Status::Ok();
}

}  // namespace provgraph
