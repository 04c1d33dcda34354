#include "loaders/samples_loader.h"

#include "engine/adjacency.h"
#include "loaders/csv_columns.h"

namespace provgraph::loaders {
namespace {

// Start of the validity interval of node `n` that contains `at`.
std::optional<int64_t> ValidSince(const Graph& graph, NodeId n, Timestamp at) {
  for (const Interval& iv : graph.Validity(EntityKind::kNode, n)) {
    if (iv.from <= at.micros && at.micros < iv.to) return iv.from;
  }
  return std::nullopt;
}

}  // namespace

Result<NodeId> SampleTarget(const Graph& graph, const std::string& dataset_key, Timestamp at) {
  auto dataset = graph.FindNode("Dataset", dataset_key);
  if (!dataset) return Status::NotFound("no dataset '" + dataset_key + "' in the store", "--dataset");
  auto has_version = graph.edge_types().Find("HAS_VERSION");
  if (!has_version) return *dataset;
  std::optional<NodeId> best;
  int64_t best_since = 0;
  const CsrGraph& out = graph.adjacency().out;
  auto [e, end] = boost::out_edges(static_cast<uint32_t>(*dataset), out);
  for (; e != end; ++e) {
    const CsrEdge& info = out[*e];
    if (info.type != *has_version || !graph.RecordValid(EntityKind::kEdge, info.edge, at)) continue;
    NodeId ver = boost::target(*e, out);
    auto since = ValidSince(graph, ver, at);
    if (!since) continue;
    if (!best || *since > best_since || (*since == best_since && graph.Key(ver) > graph.Key(*best))) {
      best = ver;
      best_since = *since;
    }
  }
  return best ? *best : *dataset;
}

Result<SamplesLoadSummary> BuildSamplesBatch(const SamplesLoadOptions& options, const Graph& graph, Batch& batch) {
  auto columns = ReadCsvColumns(options.file);
  if (!columns.ok()) return columns.status();
  auto target = SampleTarget(graph, options.dataset, options.at);
  if (!target.ok()) return target.status();
  SamplesLoadSummary summary;
  summary.target = graph.labels().Name(graph.PrimaryLabel(*target)) + ":" + std::string(graph.Key(*target));
  summary.rows = columns->rows;
  Batch::NodeRef ref = batch.RefNode(*target);
  for (CsvColumn& c : columns->columns) {
    SampleValues values;
    values.categorical = c.categorical;
    values.numbers = std::move(c.numbers);
    values.labels = std::move(c.labels);
    values.missing = c.missing;
    ++(c.categorical ? summary.categorical_columns : summary.numeric_columns);
    batch.AddSample(ref, c.name, options.at, std::move(values));
  }
  return summary;
}

Result<SamplesLoadResult> LoadSamples(Store& store, const SamplesLoadOptions& options, const CommitInfo& info) {
  PROVGRAPH_RETURN_IF_ERROR(store.Refresh());
  Batch batch;
  auto summary = BuildSamplesBatch(options, store.graph(), batch);
  if (!summary.ok()) return summary.status();
  auto committed = store.Commit(batch, info);
  if (!committed.ok()) return committed.status();
  return SamplesLoadResult{std::move(summary).value(), std::move(committed).value()};
}

}  // namespace provgraph::loaders
