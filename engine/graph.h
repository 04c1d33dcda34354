// Graph: the in-memory temporal property graph, built by replaying the
// store's fact log (engine/fact.h). Every node, edge and property value has
// a valid-time history; every read takes the valid-time instant it is made
// "as of" (kLatest for the current state).
//
// Thread-safety: not thread-safe. One thread reads or applies at a time;
// the lazily built adjacency (Adjacency()) is rebuilt inside const reads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/dense_hash_index.h"
#include "engine/fact.h"
#include "engine/status.h"
#include "engine/symbol_table.h"
#include "engine/time.h"
#include "engine/value.h"

namespace provgraph {

using NodeId = uint64_t;
using EdgeId = uint64_t;

struct Adjacency;  // engine/adjacency.h

// A half-open valid-time interval [from, to); to == kForever when open.
struct Interval {
  int64_t from = 0;
  int64_t to = kForever;
  friend bool operator==(const Interval&, const Interval&) = default;
};

// One value of a property over its interval, with the batch that wrote it.
struct PropertyVersion {
  Interval valid;
  uint32_t seq = 0;
  Value value;
};

class Graph {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  Graph();
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // --- symbols ---------------------------------------------------------
  const SymbolTable& labels() const { return labels_; }
  const SymbolTable& edge_types() const { return types_; }
  const SymbolTable& property_keys() const { return props_; }
  const SymbolTable& symbols(SymbolKind k) const;

  // --- nodes -----------------------------------------------------------
  // Number of node ids ever assigned (valid now or not); ids are 0..n-1.
  size_t node_count() const { return nodes_.size(); }
  // Inline fast path: a node never closed or reopened is valid from its
  // creation on.
  bool NodeValid(NodeId n, Timestamp at) const {
    if (n >= nodes_.size()) return false;
    const NodeCore& c = nodes_[n];
    if (c.hist == kNone) return c.created <= at.micros;
    return EventsValid(c.created, c.hist, at);
  }
  // The record's own validity at `at` (for an edge, regardless of endpoints).
  bool RecordValid(EntityKind kind, uint64_t id, Timestamp at) const;
  // The node with primary label `label` and natural key `key`, whatever its
  // validity (check NodeValid for a time).
  std::optional<NodeId> FindNode(uint32_t label, std::string_view key) const;
  std::optional<NodeId> FindNode(std::string_view label, std::string_view key) const;
  // A `Label:key` reference: the node with primary label `label`, else the
  // node with that key that carries `label` as an extra label (a Model that
  // is also a Dataset is `Model:<its dataset key>`); the first by primary
  // label id when several do.
  std::optional<NodeId> FindNodeByRef(std::string_view label, std::string_view key) const;
  uint32_t PrimaryLabel(NodeId n) const { return nodes_[n].label; }
  // Primary label first, then extra labels valid at `at`.
  std::vector<uint32_t> Labels(NodeId n, Timestamp at) const;
  bool HasLabel(NodeId n, uint32_t label, Timestamp at) const;
  std::string_view Key(NodeId n) const;

  // --- edges -----------------------------------------------------------
  size_t edge_count() const { return edges_.size(); }
  // True when the edge and both of its endpoints are valid at `at`.
  bool EdgeValid(EdgeId e, Timestamp at) const;
  uint32_t EdgeType(EdgeId e) const { return edges_[e].type; }
  NodeId EdgeSource(EdgeId e) const { return edges_[e].src; }
  NodeId EdgeTarget(EdgeId e) const { return edges_[e].dst; }
  // The edge index behind FindEdge is built on the first call (queries and
  // replay never need it).
  std::optional<EdgeId> FindEdge(NodeId src, uint32_t type, NodeId dst) const;

  // --- properties (nodes and edges alike) -------------------------------
  // The value valid at `at`, or nullptr when the property is absent then.
  const Value* Property(EntityKind kind, uint64_t id, uint32_t prop, Timestamp at) const;
  // The same by property name (nullptr also when no entity has the name).
  const Value* Property(EntityKind kind, uint64_t id, std::string_view name, Timestamp at) const;
  std::vector<std::pair<uint32_t, const Value*>> Properties(EntityKind kind, uint64_t id, Timestamp at) const;
  std::vector<PropertyVersion> PropertyHistory(EntityKind kind, uint64_t id, uint32_t prop) const;
  // The intervals during which the entity itself is valid.
  std::vector<Interval> Validity(EntityKind kind, uint64_t id) const;
  // The batch that created the entity.
  uint32_t CreatedSeq(EntityKind kind, uint64_t id) const;
  // Every change of the entity's validity with the batch that made it, in
  // valid-time order: its creation (`on`), then each close and reopen.
  struct ValidityChange {
    int64_t t;
    uint32_t seq;
    bool on;
  };
  std::vector<ValidityChange> ValidityChanges(EntityKind kind, uint64_t id) const;

  // --- adjacency ---------------------------------------------------------
  // CSR adjacency of every edge ever created (filter by validity and type
  // when walking it). Rebuilt on first use after edges were added.
  const Adjacency& adjacency() const;

  // --- mutation ------------------------------------------------------------
  // Applies one fact of batch `seq`. Facts must arrive in log order.
  // Returns Corruption when the fact contradicts the graph (a replay of a
  // damaged log).
  // Replay trusts the log: a create is not checked for an existing key or
  // edge (the resolver looked it up before emitting it; `audit verify`
  // checks the stored records).
  Status Apply(const Fact& f, uint32_t seq);
  // Reserves room for `nodes` nodes and `edges` edges in all (a hint).
  void Reserve(size_t nodes, size_t edges);
  uint32_t last_seq() const { return last_seq_; }
  void set_last_seq(uint32_t seq) { last_seq_ = seq; }

  // Checks the structural invariants: edge endpoints exist, the key and
  // edge indexes agree with the data, histories are sorted.
  Status CheckInvariants() const;

 private:
  struct TimeEvent {
    int64_t t;
    uint32_t seq;
    bool on;
  };
  struct LabelEvent {
    uint32_t label;
    uint32_t seq;
    int64_t t;
  };
  struct PropEntry {
    uint32_t prop;
    uint32_t seq;
    int64_t t;
    bool unset;
    Value value;
  };
  struct NodeCore {
    int64_t created;
    uint32_t label;
    uint32_t created_seq;
    uint32_t hist = kNone;   // index into hist_ when the node was ever closed/reopened
    uint32_t props = kNone;  // index into prop_lists_
  };
  // 24 bytes an edge (the bulk of a large graph's memory): the creating
  // batch is kept per run of edge ids (edge_seq_runs_), and the validity
  // history and property list, which most edges never have, in an
  // EdgeMore record of their own.
  struct EdgeCore {
    int64_t created;
    uint32_t src, dst, type;
    uint32_t more = kNone;  // index into edge_more_
  };
  static_assert(sizeof(EdgeCore) == 24);
  struct EdgeMore {
    uint32_t hist = kNone;   // index into hist_ when the edge was ever closed/reopened
    uint32_t props = kNone;  // index into prop_lists_
  };
  // Edges [first, next run's first) were created by batch `seq`.
  struct SeqRun {
    uint32_t first;
    uint32_t seq;
  };

  bool EventsValid(int64_t created, uint32_t hist, Timestamp at) const;
  std::vector<Interval> Intervals(int64_t created, uint32_t created_seq, uint32_t hist) const;
  Status AddEvent(uint32_t& hist, int64_t created, uint32_t created_seq, int64_t t, uint32_t seq, bool on);
  const std::vector<PropEntry>* PropList(EntityKind kind, uint64_t id) const;
  uint64_t NodeKeyHash(uint32_t label, std::string_view key) const;
  uint64_t EdgeKeyHash(uint64_t src, uint32_t type, uint64_t dst) const;
  void BuildEdgeIndex() const;
  uint32_t EdgeHist(const EdgeCore& c) const { return c.more == kNone ? kNone : edge_more_[c.more].hist; }
  uint32_t EdgeCreatedSeq(EdgeId e) const;
  // The edge's EdgeMore, added on first use.
  EdgeMore& MoreOf(EdgeId e);

  SymbolTable labels_, types_, props_;
  std::vector<NodeCore> nodes_;
  std::string key_arena_;
  std::vector<uint64_t> key_start_{0};
  std::vector<EdgeCore> edges_;
  std::vector<EdgeMore> edge_more_;
  std::vector<SeqRun> edge_seq_runs_;  // by first, one per batch that created edges
  std::vector<std::vector<TimeEvent>> hist_;
  std::vector<std::vector<PropEntry>> prop_lists_;
  std::unordered_map<uint32_t, std::vector<LabelEvent>> extra_labels_;
  DenseHashIndex node_index_;
  mutable DenseHashIndex edge_index_;
  mutable bool edge_index_built_ = false;
  uint32_t last_seq_ = 0;

  mutable std::unique_ptr<Adjacency> adjacency_;
  mutable bool adjacency_stale_ = true;
};

}  // namespace provgraph
