#include "engine/graph.h"

#include <algorithm>
#include <functional>

#include "engine/adjacency.h"

namespace provgraph {

Graph::Graph() = default;
Graph::~Graph() = default;

const SymbolTable& Graph::symbols(SymbolKind k) const {
  switch (k) {
    case SymbolKind::kLabel:
      return labels_;
    case SymbolKind::kEdgeType:
      return types_;
    case SymbolKind::kProperty:
      return props_;
  }
  return props_;
}

uint64_t Graph::NodeKeyHash(uint32_t label, std::string_view key) const {
  return MixHash(std::hash<std::string_view>{}(key) ^ (uint64_t{label} * 0x9e3779b97f4a7c15ULL));
}

uint64_t Graph::EdgeKeyHash(uint64_t src, uint32_t type, uint64_t dst) const {
  return MixHash((src * 0x9e3779b97f4a7c15ULL) ^ (dst << 17) ^ (dst >> 47) ^ (uint64_t{type} << 40));
}

// --- validity --------------------------------------------------------------

bool Graph::EventsValid(int64_t created, uint32_t hist, Timestamp at) const {
  if (hist == kNone) return created <= at.micros;
  const auto& ev = hist_[hist];
  // Last event with t <= at; events are sorted by (t, seq).
  auto it = std::upper_bound(ev.begin(), ev.end(), at.micros, [](int64_t t, const TimeEvent& e) { return t < e.t; });
  if (it == ev.begin()) return false;
  return std::prev(it)->on;
}

bool Graph::RecordValid(EntityKind kind, uint64_t id, Timestamp at) const {
  if (kind == EntityKind::kNode) return NodeValid(id, at);
  if (id >= edges_.size()) return false;
  return EventsValid(edges_[id].created, EdgeHist(edges_[id]), at);
}

bool Graph::EdgeValid(EdgeId e, Timestamp at) const {
  if (e >= edges_.size()) return false;
  const EdgeCore& c = edges_[e];
  return EventsValid(c.created, EdgeHist(c), at) && NodeValid(c.src, at) && NodeValid(c.dst, at);
}

std::vector<Interval> Graph::Intervals(int64_t created, uint32_t created_seq, uint32_t hist) const {
  (void)created_seq;
  std::vector<Interval> out;
  if (hist == kNone) {
    out.push_back({created, kForever});
    return out;
  }
  bool open = false;
  for (const TimeEvent& e : hist_[hist]) {
    if (e.on && !open) {
      out.push_back({e.t, kForever});
      open = true;
    } else if (!e.on && open) {
      out.back().to = e.t;
      open = false;
    }
  }
  return out;
}

std::vector<Interval> Graph::Validity(EntityKind kind, uint64_t id) const {
  if (kind == EntityKind::kNode) {
    const NodeCore& c = nodes_[id];
    return Intervals(c.created, c.created_seq, c.hist);
  }
  const EdgeCore& c = edges_[id];
  return Intervals(c.created, EdgeCreatedSeq(id), EdgeHist(c));
}

uint32_t Graph::CreatedSeq(EntityKind kind, uint64_t id) const {
  return kind == EntityKind::kNode ? nodes_[id].created_seq : EdgeCreatedSeq(id);
}

uint32_t Graph::EdgeCreatedSeq(EdgeId e) const {
  // The last run that starts at or before e (the first starts at edge 0).
  auto it = std::upper_bound(edge_seq_runs_.begin(), edge_seq_runs_.end(), e,
                             [](EdgeId id, const SeqRun& r) { return id < r.first; });
  return it == edge_seq_runs_.begin() ? 0 : std::prev(it)->seq;
}

Graph::EdgeMore& Graph::MoreOf(EdgeId e) {
  uint32_t& more = edges_[e].more;
  if (more == kNone) {
    more = static_cast<uint32_t>(edge_more_.size());
    edge_more_.emplace_back();
  }
  return edge_more_[more];
}

std::vector<Graph::ValidityChange> Graph::ValidityChanges(EntityKind kind, uint64_t id) const {
  const bool node = kind == EntityKind::kNode;
  const int64_t created = node ? nodes_[id].created : edges_[id].created;
  const uint32_t created_seq = node ? nodes_[id].created_seq : EdgeCreatedSeq(id);
  const uint32_t hist = node ? nodes_[id].hist : EdgeHist(edges_[id]);
  if (hist == kNone) return {{created, created_seq, true}};
  std::vector<ValidityChange> out;
  out.reserve(hist_[hist].size());
  for (const TimeEvent& e : hist_[hist]) out.push_back({e.t, e.seq, e.on});
  return out;
}

Status Graph::AddEvent(uint32_t& hist, int64_t created, uint32_t created_seq, int64_t t, uint32_t seq, bool on) {
  if (hist == kNone) {
    hist = static_cast<uint32_t>(hist_.size());
    hist_.push_back({TimeEvent{created, created_seq, true}});
  }
  auto& ev = hist_[hist];
  TimeEvent e{t, seq, on};
  auto it = std::upper_bound(ev.begin(), ev.end(), e, [](const TimeEvent& a, const TimeEvent& b) {
    return a.t != b.t ? a.t < b.t : a.seq < b.seq;
  });
  ev.insert(it, e);
  return Status::Ok();
}

// --- nodes -------------------------------------------------------------------

std::optional<NodeId> Graph::FindNode(uint32_t label, std::string_view key) const {
  uint32_t id =
      node_index_.Find(NodeKeyHash(label, key), [&](uint32_t n) { return nodes_[n].label == label && Key(n) == key; });
  if (id == DenseHashIndex::kEmpty) return std::nullopt;
  return id;
}

std::optional<NodeId> Graph::FindNode(std::string_view label, std::string_view key) const {
  auto l = labels_.Find(label);
  if (!l) return std::nullopt;
  return FindNode(*l, key);
}

std::optional<NodeId> Graph::FindNodeByRef(std::string_view label, std::string_view key) const {
  auto l = labels_.Find(label);
  if (!l) return std::nullopt;
  if (auto n = FindNode(*l, key)) return n;
  for (uint32_t primary = 0; primary < labels_.size(); ++primary) {
    if (primary == *l) continue;
    auto n = FindNode(primary, key);
    if (n && HasLabel(*n, *l, kLatest)) return n;
  }
  return std::nullopt;
}

std::string_view Graph::Key(NodeId n) const {
  return std::string_view(key_arena_).substr(key_start_[n], key_start_[n + 1] - key_start_[n]);
}

std::vector<uint32_t> Graph::Labels(NodeId n, Timestamp at) const {
  std::vector<uint32_t> out{nodes_[n].label};
  auto it = extra_labels_.find(static_cast<uint32_t>(n));
  if (it != extra_labels_.end()) {
    for (const LabelEvent& e : it->second) {
      if (e.t <= at.micros && std::find(out.begin(), out.end(), e.label) == out.end()) out.push_back(e.label);
    }
  }
  return out;
}

bool Graph::HasLabel(NodeId n, uint32_t label, Timestamp at) const {
  if (nodes_[n].label == label) return true;
  auto it = extra_labels_.find(static_cast<uint32_t>(n));
  if (it == extra_labels_.end()) return false;
  for (const LabelEvent& e : it->second) {
    if (e.label == label && e.t <= at.micros) return true;
  }
  return false;
}

// --- edges -------------------------------------------------------------------

void Graph::BuildEdgeIndex() const {
  edge_index_.Clear();
  auto hash_of = [&](uint32_t e) {
    const EdgeCore& c = edges_[e];
    return EdgeKeyHash(c.src, c.type, c.dst);
  };
  edge_index_.Reserve(edges_.size(), hash_of);
  for (size_t e = 0; e < edges_.size(); ++e)
    edge_index_.Insert(hash_of(static_cast<uint32_t>(e)), static_cast<uint32_t>(e), hash_of);
  edge_index_built_ = true;
}

void Graph::Reserve(size_t nodes, size_t edges) {
  if (nodes > nodes_.capacity()) {
    nodes_.reserve(nodes);
    key_start_.reserve(nodes + 1);
  }
  node_index_.Reserve(nodes, [&](uint32_t n) { return NodeKeyHash(nodes_[n].label, Key(n)); });
  if (edges > edges_.capacity()) edges_.reserve(edges);
  if (edge_index_built_) {
    edge_index_.Reserve(edges, [&](uint32_t e) {
      const EdgeCore& c = edges_[e];
      return EdgeKeyHash(c.src, c.type, c.dst);
    });
  }
}

std::optional<EdgeId> Graph::FindEdge(NodeId src, uint32_t type, NodeId dst) const {
  if (!edge_index_built_) BuildEdgeIndex();
  uint32_t id = edge_index_.Find(EdgeKeyHash(src, type, dst), [&](uint32_t e) {
    const EdgeCore& c = edges_[e];
    return c.src == src && c.dst == dst && c.type == type;
  });
  if (id == DenseHashIndex::kEmpty) return std::nullopt;
  return id;
}

const Adjacency& Graph::adjacency() const {
  if (adjacency_stale_ || !adjacency_) {
    adjacency_.reset();  // free the old arrays before building the new ones
    // kSimple: the edge and both of its ends are valid from creation on
    // (never closed or reopened), so a walk at kLatest needs no check, nor
    // one as of any instant at or after the latest of the three creations
    // (`since`).
    auto simple_since = [&](const EdgeCore& c, int64_t& since) {
      if (EdgeHist(c) != kNone || nodes_[c.src].hist != kNone || nodes_[c.dst].hist != kNone) return false;
      since = std::max({c.created, nodes_[c.src].created, nodes_[c.dst].created});
      return true;
    };
    // The distinct `since` instants, ascending (runs of equal ones are
    // skipped cheaply: a batch's edges share theirs).
    // Compacted whenever it doubles (amortised O(n log n) however many
    // there are).
    std::vector<int64_t> since_all;
    size_t compact_at = size_t{1} << 16;
    for (const EdgeCore& c : edges_) {
      int64_t since;
      if (!simple_since(c, since) || (!since_all.empty() && since_all.back() == since)) continue;
      since_all.push_back(since);
      if (since_all.size() >= compact_at) {
        std::sort(since_all.begin(), since_all.end());
        since_all.erase(std::unique(since_all.begin(), since_all.end()), since_all.end());
        compact_at = std::max(compact_at, 2 * since_all.size());
      }
    }
    std::sort(since_all.begin(), since_all.end());
    since_all.erase(std::unique(since_all.begin(), since_all.end()), since_all.end());
    // Too many to rank each: keep kMaxRanks of them, evenly spaced, the
    // largest included; an edge takes the rank of the first kept one not
    // before its own (it is valid from then on too).
    std::vector<int64_t> ranks;
    if (since_all.size() <= CsrEdge::kMaxRanks) {
      ranks = std::move(since_all);
    } else {
      ranks.reserve(CsrEdge::kMaxRanks);
      for (size_t j = 1; j <= CsrEdge::kMaxRanks; ++j) {
        ranks.push_back(since_all[j * since_all.size() / CsrEdge::kMaxRanks - 1]);
      }
      since_all = {};
    }
    int64_t memo_since = INT64_MIN;
    uint16_t memo_rank = 0;
    adjacency_ = Adjacency::Build(static_cast<uint32_t>(nodes_.size()), edges_.size(), [&](size_t i) {
      const EdgeCore& c = edges_[i];
      int64_t since;
      uint16_t flags = 0;
      if (simple_since(c, since)) {
        if (since != memo_since) {
          memo_since = since;
          memo_rank = static_cast<uint16_t>(std::lower_bound(ranks.begin(), ranks.end(), since) - ranks.begin());
        }
        flags = static_cast<uint16_t>(CsrEdge::kSimple | (memo_rank << CsrEdge::kRankShift));
      }
      return EdgeEnds{c.src, c.dst, CsrEdge{static_cast<uint32_t>(i), static_cast<uint16_t>(c.type), flags}};
    });
    adjacency_->newest_simple = ranks.empty() ? INT64_MIN : ranks.back();
    adjacency_->simple_since = std::move(ranks);
    adjacency_stale_ = false;
  }
  return *adjacency_;
}

// --- properties ----------------------------------------------------------------

const std::vector<Graph::PropEntry>* Graph::PropList(EntityKind kind, uint64_t id) const {
  uint32_t idx = kind == EntityKind::kNode  ? nodes_[id].props
                 : edges_[id].more == kNone ? kNone
                                            : edge_more_[edges_[id].more].props;
  return idx == kNone ? nullptr : &prop_lists_[idx];
}

const Value* Graph::Property(EntityKind kind, uint64_t id, uint32_t prop, Timestamp at) const {
  const auto* list = PropList(kind, id);
  if (!list) return nullptr;
  const PropEntry* found = nullptr;
  for (const PropEntry& e : *list) {
    if (e.prop < prop) continue;
    if (e.prop > prop || e.t > at.micros) break;
    found = &e;
  }
  return found && !found->unset ? &found->value : nullptr;
}

const Value* Graph::Property(EntityKind kind, uint64_t id, std::string_view name, Timestamp at) const {
  auto prop = props_.Find(name);
  return prop ? Property(kind, id, *prop, at) : nullptr;
}

std::vector<std::pair<uint32_t, const Value*>> Graph::Properties(EntityKind kind, uint64_t id, Timestamp at) const {
  std::vector<std::pair<uint32_t, const Value*>> out;
  const auto* list = PropList(kind, id);
  if (!list) return out;
  const PropEntry* cur = nullptr;
  auto flush = [&] {
    if (cur && !cur->unset) out.emplace_back(cur->prop, &cur->value);
    cur = nullptr;
  };
  for (const PropEntry& e : *list) {
    if (cur && cur->prop != e.prop) flush();
    if (e.t <= at.micros) cur = &e;
  }
  flush();
  return out;
}

std::vector<PropertyVersion> Graph::PropertyHistory(EntityKind kind, uint64_t id, uint32_t prop) const {
  std::vector<PropertyVersion> out;
  const auto* list = PropList(kind, id);
  if (!list) return out;
  std::vector<const PropEntry*> entries;
  for (const PropEntry& e : *list) {
    if (e.prop == prop) entries.push_back(&e);
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i]->unset) continue;
    int64_t to = i + 1 < entries.size() ? entries[i + 1]->t : kForever;
    out.push_back({{entries[i]->t, to}, entries[i]->seq, entries[i]->value});
  }
  return out;
}

// --- mutation --------------------------------------------------------------------

Status Graph::Apply(const Fact& f, uint32_t seq) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption(std::string(FactKindName(f.kind)) + " fact of batch " + std::to_string(seq) + ": " + why);
  };
  switch (f.kind) {
    case FactKind::kSymbol: {
      auto kind = static_cast<SymbolKind>(f.sub);
      SymbolTable& table = kind == SymbolKind::kLabel ? labels_ : kind == SymbolKind::kEdgeType ? types_ : props_;
      if (kind == SymbolKind::kEdgeType && f.id > UINT16_MAX) return corrupt("too many edge types");
      if (f.id > UINT32_MAX - 1 || !table.Define(static_cast<uint32_t>(f.id), f.text)) {
        return corrupt("symbol id " + std::to_string(f.id) + " out of order");
      }
      break;
    }
    case FactKind::kNodeCreate: {
      if (f.id != nodes_.size() || f.id >= UINT32_MAX - 1) return corrupt("node id out of order");
      for (uint32_t l : f.labels) {
        if (l >= labels_.size()) return corrupt("unknown label id");
      }
      NodeCore c{f.t, f.labels[0], seq};
      nodes_.push_back(c);
      key_arena_.append(f.text);
      key_start_.push_back(key_arena_.size());
      auto id = static_cast<uint32_t>(f.id);
      for (size_t i = 1; i < f.labels.size(); ++i) extra_labels_[id].push_back({f.labels[i], seq, f.t});
      node_index_.Insert(NodeKeyHash(c.label, f.text), id,
                         [&](uint32_t n) { return NodeKeyHash(nodes_[n].label, Key(n)); });
      adjacency_stale_ = true;
      break;
    }
    case FactKind::kNodeOn:
    case FactKind::kNodeOff: {
      if (f.id >= nodes_.size()) return corrupt("unknown node");
      NodeCore& c = nodes_[f.id];
      PROVGRAPH_RETURN_IF_ERROR(AddEvent(c.hist, c.created, c.created_seq, f.t, seq, f.kind == FactKind::kNodeOn));
      adjacency_stale_ = true;  // its edges are no longer kSimple
      break;
    }
    case FactKind::kLabelAdd: {
      if (f.id >= nodes_.size()) return corrupt("unknown node");
      if (f.labels.empty() || f.labels[0] >= labels_.size()) return corrupt("unknown label id");
      extra_labels_[static_cast<uint32_t>(f.id)].push_back({f.labels[0], seq, f.t});
      break;
    }
    case FactKind::kEdgeCreate: {
      if (f.id != edges_.size() || f.id >= UINT32_MAX - 1) return corrupt("edge id out of order");
      if (f.a >= types_.size()) return corrupt("unknown edge type id");
      if (f.b >= nodes_.size() || f.c >= nodes_.size()) return corrupt("edge endpoint does not exist");
      auto type = static_cast<uint32_t>(f.a);
      edges_.push_back(EdgeCore{f.t, static_cast<uint32_t>(f.b), static_cast<uint32_t>(f.c), type});
      if (edge_seq_runs_.empty() || edge_seq_runs_.back().seq != seq)
        edge_seq_runs_.push_back({static_cast<uint32_t>(f.id), seq});
      if (edge_index_built_)
        edge_index_.Insert(EdgeKeyHash(f.b, type, f.c), static_cast<uint32_t>(f.id), [&](uint32_t e) {
          const EdgeCore& c = edges_[e];
          return EdgeKeyHash(c.src, c.type, c.dst);
        });
      adjacency_stale_ = true;
      break;
    }
    case FactKind::kEdgeOn:
    case FactKind::kEdgeOff: {
      if (f.id >= edges_.size()) return corrupt("unknown edge");
      const int64_t created = edges_[f.id].created;
      const uint32_t created_seq = EdgeCreatedSeq(f.id);
      // (AddEvent grows hist_, never edge_more_: the reference stays valid)
      PROVGRAPH_RETURN_IF_ERROR(
          AddEvent(MoreOf(f.id).hist, created, created_seq, f.t, seq, f.kind == FactKind::kEdgeOn));
      adjacency_stale_ = true;
      break;
    }
    case FactKind::kPropSet:
    case FactKind::kPropUnset: {
      bool node = f.sub == static_cast<uint8_t>(EntityKind::kNode);
      if (node ? f.id >= nodes_.size() : f.id >= edges_.size()) return corrupt("unknown entity");
      if (f.a >= props_.size()) return corrupt("unknown property id");
      uint32_t& idx = node ? nodes_[f.id].props : MoreOf(f.id).props;
      if (idx == kNone) {
        idx = static_cast<uint32_t>(prop_lists_.size());
        prop_lists_.emplace_back();
      }
      auto& list = prop_lists_[idx];
      PropEntry e{static_cast<uint32_t>(f.a), seq, f.t, f.kind == FactKind::kPropUnset, f.value};
      auto it = std::upper_bound(list.begin(), list.end(), e, [](const PropEntry& a, const PropEntry& b) {
        if (a.prop != b.prop) return a.prop < b.prop;
        if (a.t != b.t) return a.t < b.t;
        return a.seq < b.seq;
      });
      list.insert(it, std::move(e));
      break;
    }
    default:
      return corrupt("unknown fact kind");
  }
  return Status::Ok();
}

Status Graph::CheckInvariants() const {
  if (key_start_.size() != nodes_.size() + 1) return Status::Corruption("key arena out of step with nodes");
  if (node_index_.size() != nodes_.size()) return Status::Corruption("node index size differs from node count");
  if (!edge_index_built_) BuildEdgeIndex();
  if (edge_index_.size() != edges_.size()) return Status::Corruption("edge index size differs from edge count");
  for (NodeId n = 0; n < nodes_.size(); ++n) {
    auto found = FindNode(nodes_[n].label, Key(n));
    if (!found || *found != n) return Status::Corruption("node index disagrees for node " + std::to_string(n));
  }
  for (EdgeId e = 0; e < edges_.size(); ++e) {
    const EdgeCore& c = edges_[e];
    if (c.src >= nodes_.size() || c.dst >= nodes_.size()) {
      return Status::Corruption("edge " + std::to_string(e) + " has a missing endpoint");
    }
    auto found = FindEdge(c.src, c.type, c.dst);
    if (!found || *found != e) return Status::Corruption("edge index disagrees for edge " + std::to_string(e));
  }
  for (const auto& ev : hist_) {
    for (size_t i = 1; i < ev.size(); ++i) {
      if (ev[i - 1].t > ev[i].t) return Status::Corruption("validity history out of order");
    }
  }
  return Status::Ok();
}

}  // namespace provgraph
