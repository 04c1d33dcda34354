// Batch: the changes of one load or job run, staged in memory before the
// store turns them into facts inside one write transaction. Building a
// batch never touches the store; refs are only valid within their batch.
// A large batch may come in segments (engine/batch_source.h): a segment
// continues the ref numbering of the one before it, and its ops may name
// the node and edge refs of earlier segments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/series_types.h"
#include "engine/value.h"

namespace provgraph {

class Batch {
 public:
  using NodeRef = uint32_t;
  using EdgeRef = uint32_t;

  enum class OpKind : uint8_t {
    kUpsertNode,
    kSetProperty,
    kRemoveProperty,
    kCloseNode,
    kUpsertEdge,
    kSetEdgeProperty,
    kRemoveEdgeProperty,
    kCloseEdge,
  };
  struct Op {
    OpKind kind;
    uint32_t ref;     // node spec / node ref / edge spec / edge ref
    uint32_t symbol;  // batch-local property name id
    uint32_t value;   // index into values()
    int64_t at;       // valid time
  };
  struct NodeSpec {
    uint64_t existing = UINT64_MAX;             // a node id given by RefNode
    uint32_t lookup = UINT32_MAX;               // RefNodeByKey: index into lookups()
    uint32_t label_begin = 0, label_count = 0;  // into label_pool()
    uint64_t key_begin = 0;
    uint32_t key_size = 0;
  };
  struct EdgeSpec {
    uint32_t type;  // batch-local symbol
    NodeRef src, dst;
  };
  // A node named by label and key that must exist before this batch.
  struct Lookup {
    std::string label, key;
    std::string missing_message, missing_where;  // the error if it does not
  };

  Batch() = default;
  // Starts the segment after `previous`: refs continue its numbering.
  static Batch After(const Batch& previous);

  // Series staged for the store's `series` database (engine/series.h).
  struct MetricPointsOp {
    NodeRef node;
    std::string metric;
    std::vector<MetricPoint> points;
  };
  struct SampleOp {
    NodeRef node;
    std::string column;
    Timestamp at;
    SampleValues values;
  };

  // Upserts the node with primary label labels[0] and natural key `key`,
  // valid from `at` (extra labels are added, never removed).
  NodeRef UpsertNode(const std::vector<std::string>& labels, std::string_view key, Timestamp at);
  // Refers to a node already in the store by id.
  NodeRef RefNode(uint64_t node_id);
  // Refers to the node with primary label `label` and key `key` that the
  // store held before this batch; if there is none the commit fails with
  // InvalidInput(missing_message, missing_where).
  NodeRef RefNodeByKey(std::string_view label, std::string_view key, std::string missing_message,
                       std::string missing_where);
  void SetProperty(NodeRef n, std::string_view name, Value v, Timestamp at);
  void RemoveProperty(NodeRef n, std::string_view name, Timestamp at);
  // Closes the node's validity at `at` (nothing is physically deleted).
  void CloseNode(NodeRef n, Timestamp at);

  // Upserts the edge (type, src, dst): at most one per triple.
  EdgeRef UpsertEdge(std::string_view type, NodeRef src, NodeRef dst, Timestamp at);
  void SetEdgeProperty(EdgeRef e, std::string_view name, Value v, Timestamp at);
  void RemoveEdgeProperty(EdgeRef e, std::string_view name, Timestamp at);
  void CloseEdge(EdgeRef e, Timestamp at);

  // Adds points to the series `metric` of node `n` (kept as compact
  // records, not properties). A point whose (node, metric, time) already
  // holds the same value is not written again; a different value
  // supersedes it (the later batch wins, the old value stays in history).
  // Within one batch the last point given for a time wins.
  void AddMetricPoints(NodeRef n, std::string_view metric, std::vector<MetricPoint> points);
  // Keeps a sample of the values of `column`, describing node `n` (a
  // dataset or one of its versions) at valid time `at`. The same node,
  // column, time and values again is skipped; different values supersede.
  void AddSample(NodeRef n, std::string_view column, Timestamp at, SampleValues values);

  // A capacity hint: about `nodes` more UpsertNode and `edges` more
  // UpsertEdge calls are coming (bulk loaders know their row counts).
  void Reserve(size_t nodes, size_t edges);
  // The whole batch (all segments) is expected to upsert about this many
  // nodes and edges: the store sizes the graph for it once.
  void HintTotal(size_t nodes, size_t edges) {
    hint_nodes_ = nodes;
    hint_edges_ = edges;
  }
  size_t hint_nodes() const { return hint_nodes_; }
  size_t hint_edges() const { return hint_edges_; }

  const std::vector<Op>& ops() const { return ops_; }
  // Refs of this segment are [node_ref_base(), node_ref_end()).
  const NodeSpec& node(NodeRef n) const { return nodes_[n - node_base_]; }
  NodeRef node_ref_base() const { return node_base_; }
  NodeRef node_ref_end() const { return node_base_ + static_cast<NodeRef>(nodes_.size()); }
  size_t node_ref_count() const { return nodes_.size(); }
  const EdgeSpec& edge(EdgeRef e) const { return edges_[e - edge_base_]; }
  EdgeRef edge_ref_base() const { return edge_base_; }
  EdgeRef edge_ref_end() const { return edge_base_ + static_cast<EdgeRef>(edges_.size()); }
  size_t edge_ref_count() const { return edges_.size(); }
  std::string_view key(NodeRef n) const {
    const NodeSpec& spec = node(n);
    return std::string_view(key_arena_).substr(spec.key_begin, spec.key_size);
  }
  uint32_t label(NodeRef n, uint32_t i) const { return label_pool_[node(n).label_begin + i]; }
  const std::vector<Lookup>& lookups() const { return lookups_; }
  const std::vector<std::string>& symbol_names() const { return symbol_names_; }
  const Value& value(uint32_t i) const { return values_[i]; }
  const std::vector<MetricPointsOp>& metric_ops() const { return metric_ops_; }
  const std::vector<SampleOp>& sample_ops() const { return sample_ops_; }
  bool empty() const { return ops_.empty() && nodes_.empty() && metric_ops_.empty() && sample_ops_.empty(); }

 private:
  uint32_t Symbol(std::string_view name);
  uint32_t AddValue(Value v);

  NodeRef node_base_ = 0;
  EdgeRef edge_base_ = 0;
  size_t hint_nodes_ = 0, hint_edges_ = 0;
  std::vector<Op> ops_;
  std::vector<NodeSpec> nodes_;
  std::vector<Lookup> lookups_;
  std::vector<EdgeSpec> edges_;
  std::vector<uint32_t> label_pool_;
  std::string key_arena_;
  std::vector<Value> values_;
  std::vector<std::string> symbol_names_;
  std::vector<MetricPointsOp> metric_ops_;
  std::vector<SampleOp> sample_ops_;
  std::unordered_map<std::string, uint32_t> symbol_ids_;
  // The last symbol looked up: loaders name the same label or type row
  // after row.
  std::string last_symbol_;
  uint32_t last_symbol_id_ = UINT32_MAX;
};

}  // namespace provgraph
