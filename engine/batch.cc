#include "engine/batch.h"

#include <algorithm>

namespace provgraph {

uint32_t Batch::Symbol(std::string_view name) {
  if (last_symbol_id_ != UINT32_MAX && name == last_symbol_) return last_symbol_id_;
  auto [it, inserted] = symbol_ids_.try_emplace(std::string(name), static_cast<uint32_t>(symbol_names_.size()));
  if (inserted) symbol_names_.emplace_back(name);
  last_symbol_.assign(name);
  last_symbol_id_ = it->second;
  return it->second;
}

namespace {
template <typename V>
void Grow(V& v, size_t more) {
  size_t want = v.size() + more;
  if (want > v.capacity()) v.reserve(std::max(want, v.capacity() + v.capacity() / 2));
}
}  // namespace

void Batch::Reserve(size_t nodes, size_t edges) {
  Grow(nodes_, nodes);
  Grow(label_pool_, nodes);
  Grow(edges_, edges);
  Grow(ops_, nodes + edges);
}

uint32_t Batch::AddValue(Value v) {
  values_.push_back(std::move(v));
  return static_cast<uint32_t>(values_.size() - 1);
}

Batch Batch::After(const Batch& previous) {
  Batch next;
  next.node_base_ = previous.node_ref_end();
  next.edge_base_ = previous.edge_ref_end();
  next.hint_nodes_ = previous.hint_nodes_;
  next.hint_edges_ = previous.hint_edges_;
  return next;
}

Batch::NodeRef Batch::UpsertNode(const std::vector<std::string>& labels, std::string_view key, Timestamp at) {
  NodeSpec spec;
  spec.label_begin = static_cast<uint32_t>(label_pool_.size());
  spec.label_count = static_cast<uint32_t>(labels.size());
  for (const std::string& l : labels) label_pool_.push_back(Symbol(l));
  spec.key_begin = key_arena_.size();
  spec.key_size = static_cast<uint32_t>(key.size());
  key_arena_.append(key);
  nodes_.push_back(spec);
  NodeRef ref = node_ref_end() - 1;
  ops_.push_back({OpKind::kUpsertNode, ref, 0, 0, at.micros});
  return ref;
}

Batch::NodeRef Batch::RefNode(uint64_t node_id) {
  NodeSpec spec;
  spec.existing = node_id;
  nodes_.push_back(spec);
  return node_ref_end() - 1;
}

Batch::NodeRef Batch::RefNodeByKey(std::string_view label, std::string_view key, std::string missing_message,
                                   std::string missing_where) {
  NodeSpec spec;
  spec.lookup = static_cast<uint32_t>(lookups_.size());
  lookups_.push_back({std::string(label), std::string(key), std::move(missing_message), std::move(missing_where)});
  nodes_.push_back(spec);
  return node_ref_end() - 1;
}

void Batch::SetProperty(NodeRef n, std::string_view name, Value v, Timestamp at) {
  ops_.push_back({OpKind::kSetProperty, n, Symbol(name), AddValue(std::move(v)), at.micros});
}

void Batch::RemoveProperty(NodeRef n, std::string_view name, Timestamp at) {
  ops_.push_back({OpKind::kRemoveProperty, n, Symbol(name), 0, at.micros});
}

void Batch::CloseNode(NodeRef n, Timestamp at) { ops_.push_back({OpKind::kCloseNode, n, 0, 0, at.micros}); }

Batch::EdgeRef Batch::UpsertEdge(std::string_view type, NodeRef src, NodeRef dst, Timestamp at) {
  edges_.push_back({Symbol(type), src, dst});
  EdgeRef ref = edge_ref_end() - 1;
  ops_.push_back({OpKind::kUpsertEdge, ref, 0, 0, at.micros});
  return ref;
}

void Batch::SetEdgeProperty(EdgeRef e, std::string_view name, Value v, Timestamp at) {
  ops_.push_back({OpKind::kSetEdgeProperty, e, Symbol(name), AddValue(std::move(v)), at.micros});
}

void Batch::RemoveEdgeProperty(EdgeRef e, std::string_view name, Timestamp at) {
  ops_.push_back({OpKind::kRemoveEdgeProperty, e, Symbol(name), 0, at.micros});
}

void Batch::CloseEdge(EdgeRef e, Timestamp at) { ops_.push_back({OpKind::kCloseEdge, e, 0, 0, at.micros}); }

void Batch::AddMetricPoints(NodeRef n, std::string_view metric, std::vector<MetricPoint> points) {
  metric_ops_.push_back({n, std::string(metric), std::move(points)});
}

void Batch::AddSample(NodeRef n, std::string_view column, Timestamp at, SampleValues values) {
  sample_ops_.push_back({n, std::string(column), at, std::move(values)});
}

}  // namespace provgraph
