#include "engine/resolve_batch.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace provgraph {

nlohmann::json BatchCounts::ToJson() const {
  return nlohmann::json{{"facts", facts},
                        {"nodes_created", nodes_created},
                        {"nodes_reopened", nodes_reopened},
                        {"nodes_closed", nodes_closed},
                        {"labels_added", labels_added},
                        {"edges_created", edges_created},
                        {"edges_reopened", edges_reopened},
                        {"edges_closed", edges_closed},
                        {"properties_set", properties_set},
                        {"properties_removed", properties_removed},
                        {"symbols", symbols}};
}

class BatchResolver::Impl {
 public:
  friend class BatchResolver;
  Impl(Graph& g, uint32_t seq, FactChunks& out, BatchCounts& counts) : g_(g), seq_(seq), out_(out), counts_(counts) {}

  Status Feed(const Batch& b) {
    b_ = &b;
    for (auto& v : global_) v.assign(b.symbol_names().size(), Graph::kNone);
    if (b.node_ref_base() != node_ids_.size() || b.edge_ref_base() != edge_refs_) {
      return Status::Internal("batch segments out of order");
    }
    if (!sized_) {
      sized_ = true;
      // Room for every node and edge the batch could create.
      size_t new_nodes = std::max(b.hint_nodes(), b.node_ref_count());
      size_t new_edges = std::max(b.hint_edges(), b.edge_ref_count());
      if (new_nodes > g_.node_count() / 4 || new_edges > g_.edge_count() / 4) {
        g_.Reserve(g_.node_count() + new_nodes, g_.edge_count() + new_edges);
      }
      head_.assign(new_nodes, kNoEdge);
      next_.reserve(new_edges);
      node_ids_.reserve(new_nodes);
    }
    node_ids_.resize(b.node_ref_end(), kUnset);
    edge_refs_ = b.edge_ref_end();
    for (Batch::NodeRef n = b.node_ref_base(); n < b.node_ref_end(); ++n) {
      const Batch::NodeSpec& spec = b.node(n);
      if (spec.lookup != UINT32_MAX) {
        const Batch::Lookup& l = b.lookups()[spec.lookup];
        auto found = g_.FindNodeByRef(l.label, l.key);
        // Only nodes the store held before this batch.
        if (!found || *found >= nodes_before_) return Status::InvalidInput(l.missing_message, l.missing_where);
        node_ids_[n] = static_cast<uint32_t>(*found);
        continue;
      }
      uint64_t existing = spec.existing;
      if (existing == UINT64_MAX) continue;
      if (existing >= g_.node_count())
        return Status::NotFound("node id " + std::to_string(existing) + " does not exist");
      node_ids_[n] = static_cast<uint32_t>(existing);
    }
    for (const Batch::Op& op : b.ops()) PROVGRAPH_RETURN_IF_ERROR(Do(op));
    return Status::Ok();
  }

 private:
  Status Emit(const Fact& f) {
    out_.Add(f);
    ++counts_.facts;
    return g_.Apply(f, seq_);
  }

  Result<uint32_t> Global(SymbolKind kind, uint32_t local) {
    uint32_t& slot = global_[static_cast<int>(kind)][local];
    if (slot != Graph::kNone) return slot;
    const std::string& name = b_->symbol_names()[local];
    if (auto id = g_.symbols(kind).Find(name)) {
      slot = *id;
      return slot;
    }
    Fact f;
    f.kind = FactKind::kSymbol;
    f.sub = static_cast<uint8_t>(kind);
    f.id = g_.symbols(kind).next_id();
    f.text = name;
    PROVGRAPH_RETURN_IF_ERROR(Emit(f));
    ++counts_.symbols;
    slot = static_cast<uint32_t>(f.id);
    return slot;
  }

  Result<uint64_t> NodeOf(uint32_t ref) const {
    if (ref >= node_ids_.size() || node_ids_[ref] == kUnset) {
      return Status::Internal("batch refers to node ref " + std::to_string(ref) + " before it was upserted");
    }
    return node_ids_[ref];
  }

  Status UpsertNode(const Batch::Op& op) {
    const Batch::NodeSpec& spec = b_->node(op.ref);
    if (spec.label_count == 0) return Status::InvalidInput("a node needs a label");
    std::vector<uint32_t>& labels = labels_;  // reused: no allocation per node
    labels.clear();
    for (uint32_t i = 0; i < spec.label_count; ++i) {
      auto l = Global(SymbolKind::kLabel, b_->label(op.ref, i));
      if (!l.ok()) return l.status();
      if (std::find(labels.begin(), labels.end(), *l) == labels.end()) labels.push_back(*l);
    }
    std::string_view key = b_->key(op.ref);
    Timestamp at{op.at};
    auto found = g_.FindNode(labels[0], key);
    if (!found) {
      Fact& f = node_fact_;  // reused: keeps its label vector's capacity
      f.kind = FactKind::kNodeCreate;
      f.id = g_.node_count();
      f.t = op.at;
      f.labels.assign(labels.begin(), labels.end());
      f.text = key;
      PROVGRAPH_RETURN_IF_ERROR(Emit(f));
      ++counts_.nodes_created;
      node_ids_[op.ref] = static_cast<uint32_t>(f.id);
      return Status::Ok();
    }
    uint64_t id = *found;
    node_ids_[op.ref] = static_cast<uint32_t>(id);
    if (!g_.NodeValid(id, at)) {
      Fact f;
      f.kind = FactKind::kNodeOn;
      f.id = id;
      f.t = op.at;
      PROVGRAPH_RETURN_IF_ERROR(Emit(f));
      ++counts_.nodes_reopened;
    }
    for (size_t i = 1; i < labels.size(); ++i) {
      if (g_.HasLabel(id, labels[i], at)) continue;
      Fact f;
      f.kind = FactKind::kLabelAdd;
      f.id = id;
      f.t = op.at;
      f.labels = {labels[i]};
      PROVGRAPH_RETURN_IF_ERROR(Emit(f));
      ++counts_.labels_added;
    }
    return Status::Ok();
  }

  Status UpsertEdge(const Batch::Op& op) {
    const Batch::EdgeSpec& spec = b_->edge(op.ref);
    auto type = Global(SymbolKind::kEdgeType, spec.type);
    if (!type.ok()) return type.status();
    auto src = NodeOf(spec.src);
    if (!src.ok()) return src.status();
    auto dst = NodeOf(spec.dst);
    if (!dst.ok()) return dst.status();
    auto found = FindEdge(*src, *type, *dst);
    if (!found) {
      Fact f;
      f.kind = FactKind::kEdgeCreate;
      f.id = g_.edge_count();
      f.t = op.at;
      f.a = *type;
      f.b = *src;
      f.c = *dst;
      PROVGRAPH_RETURN_IF_ERROR(Emit(f));
      ++counts_.edges_created;
      SetEdgeId(op.ref, f.id);
      LinkNewEdge(f.id, *src, *dst);
      return Status::Ok();
    }
    SetEdgeId(op.ref, *found);
    if (!g_.RecordValid(EntityKind::kEdge, *found, Timestamp{op.at})) {
      Fact f;
      f.kind = FactKind::kEdgeOn;
      f.id = *found;
      f.t = op.at;
      PROVGRAPH_RETURN_IF_ERROR(Emit(f));
      ++counts_.edges_reopened;
    }
    return Status::Ok();
  }

  void SetEdgeId(uint32_t ref, uint64_t id) {
    if (!identity_ended_ && ref == identity_edges_ && id == edges_before_ + ref) {
      ++identity_edges_;
      return;
    }
    identity_ended_ = true;
    if (ref < identity_edges_) return;  // upserted twice: resolved the first time (not reached)
    size_t i = ref - identity_edges_;
    if (i >= edge_ids_.size()) edge_ids_.resize(std::max<size_t>(i + 1, edge_refs_ - identity_edges_), kUnset);
    edge_ids_[i] = static_cast<uint32_t>(id);
  }

  // Edges of nodes created by this batch can only be edges of this batch:
  // they are found on per-node chains of this batch's new edges (which the
  // bulk loads' row order keeps in cache) instead of the graph's edge index,
  // which is then never built. Edges between older nodes use the index.
  // Each new edge is on one chain only: its target's when the target is
  // new, else its source's (one head per new node, one link per new edge).
  std::optional<uint64_t> FindEdge(uint64_t src, uint32_t type, uint64_t dst) {
    uint64_t owner = dst >= nodes_before_ ? dst : src;
    if (owner < nodes_before_) {
      auto e = g_.FindEdge(src, type, dst);
      if (e) return *e;
      return std::nullopt;
    }
    size_t slot = owner - nodes_before_;
    for (uint32_t e = slot < head_.size() ? head_[slot] : kNoEdge; e != kNoEdge; e = next_[e]) {
      uint64_t id = edges_before_ + e;
      if (g_.EdgeSource(id) == src && g_.EdgeTarget(id) == dst && g_.EdgeType(id) == type) return id;
    }
    return std::nullopt;
  }

  void LinkNewEdge(uint64_t id, uint64_t src, uint64_t dst) {
    auto e = static_cast<uint32_t>(id - edges_before_);
    uint64_t owner = dst >= nodes_before_ ? dst : src;
    if (owner < nodes_before_) {
      next_.push_back(kNoEdge);  // between older nodes: on no chain
      return;
    }
    size_t slot = owner - nodes_before_;
    if (slot >= head_.size()) head_.resize(std::max(slot + 1, head_.size() * 2), kNoEdge);
    next_.push_back(head_[slot]);
    head_[slot] = e;
  }

  Status SetOrRemove(EntityKind kind, uint64_t id, const Batch::Op& op, bool set) {
    auto prop = Global(SymbolKind::kProperty, op.symbol);
    if (!prop.ok()) return prop.status();
    const Value* current = g_.Property(kind, id, *prop, Timestamp{op.at});
    const Value* wanted = set ? &b_->value(op.value) : nullptr;
    if (set && current && *current == *wanted) return Status::Ok();
    if (!set && !current) return Status::Ok();
    Fact f;
    f.kind = set ? FactKind::kPropSet : FactKind::kPropUnset;
    f.sub = static_cast<uint8_t>(kind);
    f.id = id;
    f.a = *prop;
    f.t = op.at;
    if (set) f.value = *wanted;
    PROVGRAPH_RETURN_IF_ERROR(Emit(f));
    ++(set ? counts_.properties_set : counts_.properties_removed);
    return Status::Ok();
  }

  Status Close(EntityKind kind, uint64_t id, int64_t at) {
    if (!g_.RecordValid(kind, id, Timestamp{at})) return Status::Ok();
    Fact f;
    f.kind = kind == EntityKind::kNode ? FactKind::kNodeOff : FactKind::kEdgeOff;
    f.id = id;
    f.t = at;
    PROVGRAPH_RETURN_IF_ERROR(Emit(f));
    ++(kind == EntityKind::kNode ? counts_.nodes_closed : counts_.edges_closed);
    return Status::Ok();
  }

  Result<uint64_t> EdgeOf(uint32_t ref) {
    if (ref < identity_edges_) return edges_before_ + ref;
    if (ref - identity_edges_ >= edge_ids_.size() || edge_ids_[ref - identity_edges_] == kUnset) {
      return Status::Internal("batch refers to edge ref " + std::to_string(ref) + " before it was upserted");
    }
    return edge_ids_[ref - identity_edges_];
  }

  Status Do(const Batch::Op& op) {
    using K = Batch::OpKind;
    switch (op.kind) {
      case K::kUpsertNode:
        return UpsertNode(op);
      case K::kUpsertEdge:
        return UpsertEdge(op);
      case K::kSetProperty:
      case K::kRemoveProperty:
      case K::kCloseNode: {
        auto id = NodeOf(op.ref);
        if (!id.ok()) return id.status();
        if (op.kind == K::kCloseNode) return Close(EntityKind::kNode, *id, op.at);
        return SetOrRemove(EntityKind::kNode, *id, op, op.kind == K::kSetProperty);
      }
      case K::kSetEdgeProperty:
      case K::kRemoveEdgeProperty:
      case K::kCloseEdge: {
        auto id = EdgeOf(op.ref);
        if (!id.ok()) return id.status();
        if (op.kind == K::kCloseEdge) return Close(EntityKind::kEdge, *id, op.at);
        return SetOrRemove(EntityKind::kEdge, *id, op, op.kind == K::kSetEdgeProperty);
      }
    }
    return Status::Internal("unknown batch op");
  }

  Graph& g_;
  const Batch* b_ = nullptr;
  uint32_t seq_;
  FactChunks& out_;
  bool sized_ = false;
  BatchCounts& counts_;
  std::vector<uint32_t> global_[3];
  // Per batch ref: the node / edge id it resolved to (ids are below
  // UINT32_MAX - 1: Graph::Apply refuses more).
  static constexpr uint32_t kUnset = UINT32_MAX;
  std::vector<uint32_t> node_ids_;
  // Edge refs [0, identity_edges_) resolved to the new edges edges_before_
  // + ref (all of a load of new edges: no array); edge_ids_[i] is the edge
  // of ref identity_edges_ + i, from the first ref that did not.
  uint32_t identity_edges_ = 0;
  bool identity_ended_ = false;
  std::vector<uint32_t> edge_ids_;
  uint32_t edge_refs_ = 0;  // refs of the segments fed so far
  std::vector<uint32_t> labels_;
  Fact node_fact_;
  static constexpr uint32_t kNoEdge = UINT32_MAX;
  uint64_t nodes_before_ = g_.node_count();  // ids from here on are this batch's
  uint64_t edges_before_ = g_.edge_count();
  std::vector<uint32_t> head_;  // per new node: the newest new edge on its chain
  std::vector<uint32_t> next_;  // per new edge: the next older one on its chain
};

BatchResolver::BatchResolver(Graph& graph, uint32_t seq, FactChunks& out, BatchCounts& counts)
    : impl_(std::make_unique<Impl>(graph, seq, out, counts)) {}
BatchResolver::~BatchResolver() = default;
Status BatchResolver::Feed(const Batch& segment) { return impl_->Feed(segment); }
Result<uint64_t> BatchResolver::NodeIdOf(Batch::NodeRef ref) const { return impl_->NodeOf(ref); }

Status ResolveBatch(Graph& graph, const Batch& batch, uint32_t seq, FactChunks& out, BatchCounts& counts) {
  return BatchResolver(graph, seq, out, counts).Feed(batch);
}

}  // namespace provgraph
