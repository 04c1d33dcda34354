#include "loaders/openlineage/openlineage_mapper.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "engine/adjacency.h"
#include "engine/time.h"
#include "loaders/openlineage/facet_memo.h"

namespace provgraph::loaders::openlineage {

int MappingRank(EventKind kind, std::string_view event_type) {
  if (kind != EventKind::kRun) return 2;
  if (event_type == "START") return 0;
  if (event_type == "RUNNING") return 1;
  if (event_type == "OTHER") return 2;
  return 3;
}

namespace {

using nlohmann::json;

constexpr char kDataset[] = "Dataset";
constexpr char kJob[] = "Job";
constexpr char kRun[] = "Run";
constexpr char kVersion[] = "DatasetVersion";
constexpr char kColumn[] = "Column";
constexpr char kOwner[] = "Owner";
constexpr char kRenamedToProp[] = "renamed_to";
// Label lists of one label, built once (Node takes a list).
const std::vector<std::string> kDatasetLabels{kDataset}, kJobLabels{kJob}, kRunLabels{kRun}, kVersionLabels{kVersion},
    kColumnLabels{kColumn}, kOwnerLabels{kOwner};
constexpr char kRenamedToEdge[] = "RENAMED_TO";

int TypeRank(const Event& e) { return MappingRank(e.kind, e.event_type); }

// The output facets a run remembers until it ends (see Complete).
constexpr const char* kRunOutputFacets[] = {"version", "lifecycleStateChange", "outputStatistics", "dataQualityMetrics",
                                            "dataQualityAssertions"};

bool IsTerminal(const std::string& state) { return state == "COMPLETE" || state == "FAIL" || state == "ABORT"; }

// A facet without its _producer / _schemaURL bookkeeping, as canonical text.
std::string FacetText(const json& facet) {
  if (!facet.is_object()) return facet.dump();
  json copy = facet;
  copy.erase("_producer");
  copy.erase("_schemaURL");
  return copy.dump();
}

std::optional<std::string> String(const json& obj, const char* name) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(name);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// A JSON scalar as a Value: integers as int64, other numbers as double,
// strings, booleans; anything else as its JSON text.
Value ScalarValue(const json& v) {
  if (v.is_number_integer()) return Value(v.get<int64_t>());
  if (v.is_number_unsigned()) return Value(static_cast<int64_t>(v.get<uint64_t>()));
  if (v.is_number_float()) return Value(v.get<double>());
  if (v.is_boolean()) return Value(v.get<bool>());
  if (v.is_string()) return Value(v.get<std::string>());
  if (v.is_null()) return Value();
  return Value(v.dump());
}

const json& EmptyObject() {
  static const json kEmpty = json::object();
  return kEmpty;
}

const json& EmptyArray() {
  static const json kEmpty = json::array();
  return kEmpty;
}

const json& Null() {
  static const json kNull;
  return kNull;
}

// obj.value(name, fallback) without copying the member: a reference to it,
// or to `fallback` (a static) when absent. Like value(), throws
// type_error 306 when `obj` is not an object.
const json& ValueRef(const json& obj, const char* name, const json& fallback) {
  if (!obj.is_object()) (void)obj.value(name, fallback);  // throws
  auto it = obj.find(name);
  return it == obj.end() ? fallback : *it;
}

const json& Facets(const json& obj, const char* name = "facets") {
  if (!obj.is_object()) return EmptyObject();
  auto it = obj.find(name);
  return it != obj.end() && it->is_object() ? *it : EmptyObject();
}

std::string Id(std::string_view label, std::string_view key) {
  std::string id(label);
  id += '\x1f';
  id += key;
  return id;
}

std::pair<std::string, std::string> SplitId(const std::string& id) {
  size_t p = id.find('\x1f');
  return {id.substr(0, p), id.substr(p + 1)};
}

class Mapper {
 public:
  Mapper(const Graph& g, Batch& b) : g_(g), b_(b), renamed_to_prop_(g.property_keys().Find(kRenamedToProp)) {}

  void Prepare(const std::vector<Event>& events) {
    LoadGraphAliases();
    std::vector<std::pair<std::string, std::string>> declared;  // alias -> canonical, in event order
    for (const Event& e : events) DeclaredAliases(e, declared);
    for (const auto& [alias, canonical] : declared) AddAlias(alias, canonical);
  }

  // The aliases `e` declares (symlinks facets), appended in event order.
  static void DeclaredAliases(const Event& e, std::vector<std::pair<std::string, std::string>>& declared) {
    auto scan = [&](const json& d) {
      const json& sym = ValueRef(Facets(d), "symlinks", EmptyObject());
      if (!sym.is_object() || !sym.contains("identifiers") || !sym["identifiers"].is_array()) return;
      std::string own = RawKey(d);
      for (const json& ident : sym["identifiers"]) {
        auto ns = String(ident, "namespace");
        auto name = String(ident, "name");
        if (ns && name) declared.emplace_back(*ns + ":" + *name, own);
      }
    };
    const json& j = e.json;
    if (e.kind == EventKind::kDataset) scan(j["dataset"]);
    for (const char* side : {"inputs", "outputs"}) {
      if (j.contains(side)) {
        for (const json& d : j[side]) scan(d);
      }
    }
  }

  void Map(const Event& e) {
    event_ = &e;
    switch (e.kind) {
      case EventKind::kRun:
        MapRun(e);
        break;
      case EventKind::kJob:
        MapJobEvent(e);
        break;
      case EventKind::kDataset:
        ApplyDataset(e.json["dataset"], e.time, nullptr, Place{RawFacet::kDataset, 0});
        break;
    }
  }

  MapSummary summary() const {
    MapSummary s;
    s.runs = run_ids_.size();
    s.jobs = jobs_.size();
    s.datasets = datasets_.size();
    return s;
  }

 private:
  struct VersionInfo {
    std::string key;
    int64_t created = 0;
    std::string version, schema, stats;
  };
  struct RunState {
    std::string state;
    bool started = false;
    std::set<std::string> inputs, outputs;   // dataset keys
    std::map<std::string, json> out_facets;  // per output: merged facets and outputFacets
  };
  struct Mark {
    bool valid = false;
    int64_t since = 0;  // when the edge last became valid in this batch
  };
  // The marks of one (type, direction, node): neighbour id -> mark, and a
  // generation that grows whenever one of them is set or flips.
  struct Marks {
    uint64_t gen = 0;
    std::unordered_map<uint32_t, Mark> to;  // interned neighbour node id -> mark
    Mark& Touch(uint32_t other, Mark m) {
      Mark& slot = to[other];
      slot = m;
      ++gen;
      return slot;
    }
  };
  struct ColumnSpec {
    std::string name, type, description;
  };
  // Where a dataset stands in the event being mapped (for its raw facet texts).
  struct Place {
    RawFacet::Side side;
    uint32_t index;
  };

  // The raw text of facet `name` of the dataset at `place` in the event
  // being mapped, or empty when not known.
  std::string_view RawFacetText(const std::optional<Place>& place, std::string_view name) const {
    if (!place || !event_) return {};
    for (const RawFacet& r : event_->raw_facets) {
      if (r.side == place->side && r.index == place->index && r.name == name) return r.text;
    }
    return {};
  }

  // --- nodes and edges ---------------------------------------------------

  Batch::NodeRef Node(const std::vector<std::string>& labels, const std::string& key, Timestamp t) {
    Batch::NodeRef ref = b_.UpsertNode(labels, key, t);
    id_scratch_.assign(labels[0]);
    id_scratch_ += '\x1f';
    id_scratch_ += key;
    uint32_t id = Intern(std::string_view(id_scratch_));
    if (seen_at_.size() <= id) seen_at_.resize(id + 1, kUnseen);
    if (t.micros < seen_at_[id]) seen_at_[id] = t.micros;
    CacheNodeId(ref, id);
    return ref;
  }

  // A ref to an existing node (in the store or earlier in this batch)
  // without making it valid anywhere it is not.
  std::optional<Batch::NodeRef> Existing(const std::string& label, const std::string& key) {
    if (auto id = g_.FindNode(label, key)) return b_.RefNode(*id);
    auto it = intern_.find(Id(label, key));
    if (it == intern_.end() || it->second >= seen_at_.size() || seen_at_[it->second] == kUnseen) return std::nullopt;
    return b_.UpsertNode({label}, key, Timestamp{seen_at_[it->second]});
  }

  // Property writes are buffered: the last value written for a (node,
  // property, time) wins, so an event that names one dataset twice (as
  // input and output) maps the same way on every load. Flush emits them
  // ordered by (node id text, property name, time).
  void Set(Batch::NodeRef n, std::string_view name, Value v, Timestamp t) {
    props_.push_back({NodeIdIndex(n), Intern(name), t.micros, n, std::move(v)});
  }
  void Unset(Batch::NodeRef n, std::string_view name, Timestamp t) {
    props_.push_back({NodeIdIndex(n), Intern(name), t.micros, n, Value(), true});
  }
  void SetEdge(Batch::EdgeRef e, std::string_view name, Value v, Timestamp t) {
    const EdgeIds& ids = edge_ids_.at(e - b_.edge_ref_base());
    std::string text = *texts_[ids.type];
    text += '>';
    text += *texts_[ids.src];
    text += '\x1e';
    text += *texts_[ids.dst];
    edge_props_.push_back({Intern(std::move(text)), Intern(name), t.micros, e, std::move(v)});
  }
  std::string NodeIdOf(Batch::NodeRef n) const {
    const Batch::NodeSpec& spec = b_.node(n);
    if (spec.existing != UINT64_MAX) return Id(g_.labels().Name(g_.PrimaryLabel(spec.existing)), g_.Key(spec.existing));
    return Id(b_.symbol_names()[b_.label(n, 0)], b_.key(n));
  }

  // --- interned texts (node ids, edge ids, property names) ---------------

  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  uint32_t Intern(std::string_view text) {
    auto it = intern_.find(text);
    if (it != intern_.end()) return it->second;
    return Intern(std::string(text));
  }
  uint32_t Intern(std::string&& text) {
    auto [it, inserted] = intern_.try_emplace(std::move(text), static_cast<uint32_t>(texts_.size()));
    if (inserted) texts_.push_back(&it->first);
    return it->second;
  }
  uint32_t Intern(const std::string& text) { return Intern(std::string_view(text)); }
  uint32_t Intern(const char* text) { return Intern(std::string_view(text)); }

  void CacheNodeId(Batch::NodeRef n, uint32_t id) {
    size_t i = n - b_.node_ref_base();
    if (node_ids_.size() <= i) node_ids_.resize(std::max<size_t>(i + 1, node_ids_.size() * 2), UINT32_MAX);
    node_ids_[i] = id;
  }
  uint32_t NodeIdIndex(Batch::NodeRef n) {
    size_t i = n - b_.node_ref_base();
    if (i < node_ids_.size() && node_ids_[i] != UINT32_MAX) return node_ids_[i];
    uint32_t id = Intern(NodeIdOf(n));
    CacheNodeId(n, id);
    return id;
  }

  struct PropWrite {
    uint32_t id, name;
    int64_t t;
    uint32_t ref;
    Value value;
    bool unset = false;  // removes the property at t instead
  };

  // Orders `writes` by (id text, name text, time), keeping the last write
  // of each (id, name, time) as the ordered map of texts did. Sorts small
  // keys (ranks, time, position), not the writes themselves.
  template <typename Emit>
  void EmitWrites(std::vector<PropWrite>& writes, const std::vector<uint32_t>& rank, Emit emit) {
    struct Key {
      uint32_t id, name;
      int64_t t;
      uint32_t at;
    };
    std::vector<Key> keys(writes.size());
    for (uint32_t i = 0; i < keys.size(); ++i) keys[i] = {rank[writes[i].id], rank[writes[i].name], writes[i].t, i};
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
      if (a.id != b.id) return a.id < b.id;
      if (a.name != b.name) return a.name < b.name;
      if (a.t != b.t) return a.t < b.t;
      return a.at < b.at;
    });
    for (size_t i = 0; i < keys.size(); ++i) {
      const Key& k = keys[i];
      if (i + 1 < keys.size() && keys[i + 1].id == k.id && keys[i + 1].name == k.name && keys[i + 1].t == k.t) continue;
      emit(writes[k.at]);
    }
  }

 public:
  // Emits the buffered property writes (after every node and edge op).
  void Flush() {
    std::vector<uint32_t> order(texts_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return *texts_[a] < *texts_[b]; });
    std::vector<uint32_t> rank(texts_.size());
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    EmitWrites(props_, rank, [&](PropWrite& w) {
      if (w.unset) {
        b_.RemoveProperty(w.ref, *texts_[w.name], Timestamp{w.t});
      } else {
        b_.SetProperty(w.ref, *texts_[w.name], std::move(w.value), Timestamp{w.t});
      }
    });
    EmitWrites(edge_props_, rank,
               [&](PropWrite& w) { b_.SetEdgeProperty(w.ref, *texts_[w.name], std::move(w.value), Timestamp{w.t}); });
    props_.clear();
    edge_props_.clear();
  }

 private:
  // The key of the marks of `type` edges out of (`outgoing`) or into node `node`.
  uint64_t MarksKey(std::string_view type, bool outgoing, uint32_t node) {
    return (static_cast<uint64_t>(node) << 32) | (static_cast<uint64_t>(Intern(type)) << 1) | (outgoing ? 1 : 0);
  }
  std::optional<uint64_t> FindMarksKey(std::string_view type, bool outgoing, std::string_view node) const {
    auto t = intern_.find(type);
    auto n = intern_.find(node);
    if (t == intern_.end() || n == intern_.end()) return std::nullopt;
    return (static_cast<uint64_t>(n->second) << 32) | (static_cast<uint64_t>(t->second) << 1) | (outgoing ? 1 : 0);
  }

  // An edge between nodes upserted by Node() (their interned ids are known).
  Batch::EdgeRef Edge(std::string_view type, Batch::NodeRef src, Batch::NodeRef dst, Timestamp t) {
    uint32_t type_id = Intern(type), src_n = NodeIdIndex(src), dst_n = NodeIdIndex(dst);
    Marks& outs = touched_[MarksKey(type, true, src_n)];
    if (auto it = outs.to.find(dst_n); it == outs.to.end() || !it->second.valid)
      outs.Touch(dst_n, Mark{true, t.micros});
    Marks& ins = touched_[MarksKey(type, false, dst_n)];
    if (auto it = ins.to.find(src_n); it == ins.to.end() || !it->second.valid) ins.Touch(src_n, Mark{true, t.micros});
    Batch::EdgeRef e = b_.UpsertEdge(type, src, dst, t);
    size_t i = e - b_.edge_ref_base();
    if (edge_ids_.size() <= i) edge_ids_.resize(std::max<size_t>(i + 1, edge_ids_.size() * 2));
    edge_ids_[i] = EdgeIds{type_id, src_n, dst_n};
    return e;
  }

  // Neighbours over `type` edges of node `id` whose edge record is valid at
  // `t`, each with the start of its current validity: the store's,
  // overridden by what this batch did to them.
  std::map<std::string, int64_t> Neighbours(const std::string& id, std::string_view type, bool outgoing, Timestamp t) {
    std::map<std::string, int64_t> out;
    auto [label, key] = SplitId(id);
    auto node = g_.FindNode(label, key);
    auto type_id = g_.edge_types().Find(type);
    const Marks* touched = nullptr;
    if (auto k = FindMarksKey(type, outgoing, id)) touched = Find(touched_, *k);
    if (node && type_id) {
      const Adjacency& adj = g_.adjacency();
      const CsrGraph& csr = outgoing ? adj.out : adj.in;
      auto [it, end] = boost::out_edges(static_cast<uint32_t>(*node), csr);
      for (; it != end; ++it) {
        const CsrEdge& info = csr[*it];
        if (info.type != *type_id || !g_.RecordValid(EntityKind::kEdge, info.edge, t)) continue;
        uint32_t other = boost::target(*it, csr);
        std::string other_id = Id(g_.labels().Name(g_.PrimaryLabel(other)), g_.Key(other));
        if (touched) {
          auto o = intern_.find(other_id);
          if (o != intern_.end() && touched->to.count(o->second)) continue;
        }
        int64_t since = t.micros;
        for (const Interval& i : g_.Validity(EntityKind::kEdge, info.edge)) {
          if (i.from <= t.micros && t.micros < i.to) since = i.from;
        }
        out[other_id] = since;
      }
    }
    if (touched) {
      for (const auto& [other, mark] : touched->to) {
        if (mark.valid) out[*texts_[other]] = mark.since;
      }
    }
    return out;
  }

  template <typename M>
  static const typename M::mapped_type* Find(const M& m, const typename M::key_type& k) {
    auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
  }

  // Makes the `type` edges of `node` (outgoing or incoming) exactly
  // `wanted` at `t`: upserts the wanted ones, closes the others.
  void SyncEdges(const std::string& node_id, Batch::NodeRef node, std::string_view type, bool outgoing,
                 const std::set<std::string>& wanted, Timestamp t) {
    // An edge that became valid at `t` itself stays: closing it at once
    // would leave an empty interval that a reload reopens.
    for (const auto& [other, since] : Neighbours(node_id, type, outgoing, t)) {
      if (wanted.count(other) || since == t.micros) continue;
      auto [label, key] = SplitId(other);
      auto ref = Existing(label, key);
      if (!ref) continue;
      Batch::EdgeRef e = outgoing ? b_.UpsertEdge(type, node, *ref, t) : b_.UpsertEdge(type, *ref, node, t);
      b_.CloseEdge(e, t);
      ++closes_;
      uint32_t node_n = Intern(node_id), other_n = Intern(other);
      touched_[MarksKey(type, outgoing, node_n)].Touch(other_n, Mark{false, t.micros});
      touched_[MarksKey(type, !outgoing, other_n)].Touch(node_n, Mark{false, t.micros});
    }
  }

  // --- aliases -------------------------------------------------------------

  void LoadGraphAliases() {
    auto label = g_.labels().Find(kDataset);
    auto prop = g_.property_keys().Find("aliases");
    if (!label || !prop) return;
    for (NodeId n = 0; n < g_.node_count(); ++n) {
      if (g_.PrimaryLabel(n) != *label) continue;
      for (const PropertyVersion& v : g_.PropertyHistory(EntityKind::kNode, n, *prop)) {
        if (v.value.type() != ValueType::kList) continue;
        for (const Value& a : v.value.as_list()) {
          if (a.type() == ValueType::kString) AddAlias(a.as_string(), std::string(g_.Key(n)));
        }
      }
    }
  }

  void AddAlias(const std::string& alias, const std::string& canonical) {
    if (alias == canonical || aliases_.count(alias)) return;
    if (Resolve(canonical) == alias) return;  // would make a cycle
    aliases_[alias] = canonical;
  }

  std::string Resolve(std::string key) const {
    for (int hops = 0; hops < 16; ++hops) {
      auto it = aliases_.find(key);
      if (it == aliases_.end()) break;
      key = it->second;
    }
    return key;
  }

  static std::string RawKey(const json& d) {
    return d["namespace"].get<std::string>() + ":" + d["name"].get<std::string>();
  }

  std::vector<Value> AliasesOf(const std::string& key) const {
    std::vector<Value> out;
    for (const auto& [alias, canonical] : aliases_) {
      if (Resolve(canonical) == key) out.emplace_back(alias);
    }
    return out;
  }

  // --- datasets -------------------------------------------------------------

  // Applies a dataset reference and its dataset facets at `t`. Returns the
  // (alias-resolved) dataset key, or nullopt when the event drops it.
  std::optional<std::string> ApplyDataset(const json& d, Timestamp t, const json* extra_facets,
                                          std::optional<Place> place = std::nullopt) {
    std::string raw = RawKey(d);
    std::string key = Resolve(raw);
    const json& facets = Facets(d);
    std::string lifecycle;
    if (auto s = String(ValueRef(facets, "lifecycleStateChange", Null()), "lifecycleStateChange")) lifecycle = *s;
    if (lifecycle == "DROP") {
      if (auto ref = Existing(kDataset, key)) {
        b_.CloseNode(*ref, t);
        ++closes_;
      }
      return std::nullopt;
    }
    static const std::vector<std::string> kModelLabels{kDataset, "Model"};
    const json& type_facet = ValueRef(facets, "datasetType", Null());
    bool model = String(type_facet, "datasetType").value_or("") == "MODEL";
    Batch::NodeRef ref = Node(model ? kModelLabels : kDatasetLabels, key, t);
    datasets_.insert(key);
    if (key == raw) {
      Set(ref, "namespace", d["namespace"].get<std::string>(), t);
      Set(ref, "name", d["name"].get<std::string>(), t);
    }
    std::string id = Id(kDataset, key);
    for (const auto& [name, facet] : facets.items()) {
      ApplyDatasetFacet(key, id, ref, name, facet, t, RawFacetText(place, name));
    }
    // Any other lifecycle change (CREATE, OVERWRITE, TRUNCATE, ALTER, or
    // being a RENAME's new name) says the name is a live dataset at t.
    if (!lifecycle.empty()) NoteWrite(key, t);
    if (lifecycle == "RENAME") {
      const json& prev = ValueRef(facets["lifecycleStateChange"], "previousIdentifier", Null());
      auto ns = String(prev, "namespace");
      auto name = String(prev, "name");
      if (ns && name) {
        std::string old_key = Resolve(*ns + ":" + *name);
        Set(ref, "previous_name", *ns + ":" + *name, t);
        if (old_key != key) StartRedirect(old_key, key, ref, t);
      }
    }
    if (extra_facets) {
      for (const auto& [name, facet] : extra_facets->items()) {
        if (name == "dataQualityMetrics" || name == "dataQualityAssertions") {
          ApplyDatasetFacet(key, id, ref, name, facet, t);
        } else if (name != "inputStatistics" && name != "outputStatistics") {
          Set(ref, "facet." + name, FacetText(facet), t);
        }
      }
    }
    return key;
  }

  // --- renames -------------------------------------------------------------
  //
  // A RENAME of `old` to `new` at t keeps `old` valid as a redirect:
  // `renamed_to` = new, and RENAMED_TO and FEEDS old -> new, from t until
  // `old` is written again (NoteWrite). Closing `old` instead would hide the
  // edge at every instant: an edge is visible only while both ends are.

  // The redirect timeline of dataset `key`: valid time -> target ("": none
  // from then on), the store's (from `renamed_to`) with this batch's changes.
  std::map<int64_t, std::string>& Redirects(const std::string& key) {
    auto [it, inserted] = redirects_.try_emplace(key);
    if (!inserted || !renamed_to_prop_) return it->second;
    auto node = g_.FindNode(kDataset, key);
    if (!node) return it->second;
    for (const PropertyVersion& v : g_.PropertyHistory(EntityKind::kNode, *node, *renamed_to_prop_)) {
      it->second[v.valid.from] = v.value.type() == ValueType::kString ? v.value.as_string() : "";
      if (v.valid.to != kForever) it->second.try_emplace(v.valid.to, "");
    }
    return it->second;
  }

  // The redirect of `key` valid at `t`: (its start, its target).
  std::optional<std::pair<int64_t, std::string>> RedirectAt(const std::string& key, Timestamp t) {
    if (!renamed_to_prop_ && redirects_.empty()) return std::nullopt;  // no rename anywhere
    const std::map<int64_t, std::string>& line = Redirects(key);
    auto it = line.upper_bound(t.micros);
    if (it == line.begin() || std::prev(it)->second.empty()) return std::nullopt;
    --it;
    return std::pair{it->first, it->second};
  }

  // `key` is written at t (a completed run's output, a lifecycle change):
  // a redirect it had since before t ends at t.
  void NoteWrite(const std::string& key, Timestamp t) {
    auto r = RedirectAt(key, t);
    if (!r || r->first >= t.micros) return;
    Redirects(key)[t.micros] = "";
    if (auto ref = Existing(kDataset, key)) Unset(*ref, kRenamedToProp, t);
    CloseRedirectEdges(key, r->second, t);
  }

  void CloseRedirectEdges(const std::string& from, const std::string& to, Timestamp t) {
    auto src = Existing(kDataset, from);
    auto dst = Existing(kDataset, to);
    if (!src || !dst) return;
    std::string from_id = Id(kDataset, from), to_id = Id(kDataset, to);
    for (const char* type : {kRenamedToEdge, "FEEDS"}) {
      b_.CloseEdge(b_.UpsertEdge(type, *src, *dst, t), t);
      ++closes_;
      uint32_t from_n = Intern(from_id), to_n = Intern(to_id);
      touched_[MarksKey(type, true, from_n)].Touch(to_n, Mark{false, t.micros});
      touched_[MarksKey(type, false, to_n)].Touch(from_n, Mark{false, t.micros});
    }
  }

  void StartRedirect(const std::string& old_key, const std::string& new_key, Batch::NodeRef new_ref, Timestamp t) {
    auto cur = RedirectAt(old_key, t);
    if (cur && cur->second == new_key) return;  // already (a reload, or START and COMPLETE both say so)
    if (cur && cur->first < t.micros) CloseRedirectEdges(old_key, cur->second, t);
    std::map<int64_t, std::string>& line = Redirects(old_key);
    line[t.micros] = new_key;
    Batch::NodeRef old_ref = Node(kDatasetLabels, old_key, t);
    datasets_.insert(old_key);
    Set(old_ref, kRenamedToProp, new_key, t);
    Edge(kRenamedToEdge, old_ref, new_ref, t);
    Edge("FEEDS", old_ref, new_ref, t);
    // A late rename: the store may already hold a later write of the old name.
    auto end = NextWrite(old_key, line, t);
    if (!end) return;
    auto at = line.find(*end);
    if (at != line.end() && at->second == new_key) return;  // renamed to the same name again then
    if (at == line.end()) {
      line[*end] = "";
      Unset(old_ref, kRenamedToProp, Timestamp{*end});
    }
    CloseRedirectEdges(old_key, new_key, Timestamp{*end});
  }

  // The first time after `t` at which the store says `key` was written:
  // a change of its redirect, a `lifecycle_state` set, or a run that
  // PRODUCED one of its versions.
  std::optional<int64_t> NextWrite(const std::string& key, const std::map<int64_t, std::string>& line, Timestamp t) {
    std::optional<int64_t> first;
    auto consider = [&](int64_t at) {
      if (at > t.micros && (!first || at < *first)) first = at;
    };
    if (auto it = line.upper_bound(t.micros); it != line.end()) consider(it->first);
    auto node = g_.FindNode(kDataset, key);
    if (!node) return first;
    if (auto p = g_.property_keys().Find("lifecycle_state")) {
      for (const PropertyVersion& v : g_.PropertyHistory(EntityKind::kNode, *node, *p)) consider(v.valid.from);
    }
    auto has_version = g_.edge_types().Find("HAS_VERSION");
    auto produced = g_.edge_types().Find("PRODUCED");
    if (!has_version || !produced) return first;
    const Adjacency& adj = g_.adjacency();
    auto [e, end] = boost::out_edges(static_cast<uint32_t>(*node), adj.out);
    for (; e != end; ++e) {
      if (adj.out[*e].type != *has_version) continue;
      auto [p, pend] = boost::out_edges(boost::target(*e, adj.out), adj.in);
      for (; p != pend; ++p) {
        if (adj.in[*p].type != *produced) continue;
        for (const Interval& i : g_.Validity(EntityKind::kEdge, adj.in[*p].edge)) consider(i.from);
      }
    }
    return first;
  }

  Batch::NodeRef ColumnNode(const std::string& ds_key, Batch::NodeRef ds_ref, const std::string& column, Timestamp t) {
    std::string key = ds_key + "#" + column;
    Batch::NodeRef col = Node(kColumnLabels, key, t);
    Set(col, "name", column, t);
    Set(col, "dataset", ds_key, t);
    Edge("HAS_COLUMN", ds_ref, col, t);
    return col;
  }

  static void FlattenFields(const json& fields, const std::string& prefix, std::vector<ColumnSpec>& out) {
    if (!fields.is_array()) return;
    for (const json& f : fields) {
      auto name = String(f, "name");
      if (!name) continue;
      std::string full = prefix + *name;
      out.push_back({full, String(f, "type").value_or(""), String(f, "description").value_or("")});
      if (f.contains("fields")) FlattenFields(f["fields"], full + ".", out);
    }
  }

  // `raw`: the facet's JSON text when known (FacetMemo compares it first).
  void ApplyDatasetFacet(const std::string& key, const std::string& id, Batch::NodeRef ref, const std::string& name,
                         const json& facet, Timestamp t, std::string_view raw = {}) {
    if (name == "schema") {
      // Skipped when this dataset's last schema application had the same
      // content, and since then no node or edge was closed and no
      // HAS_COLUMN edge of the dataset was made valid: every op would be a
      // no-op (see ReusableColumns and AllColumnsWanted).
      std::optional<uint64_t> marks_key = FindMarksKey("HAS_COLUMN", true, id);
      if (memo_.Unchanged(key, name, facet, raw, closes_, MarksGen(marks_key), t.micros)) return;
      std::vector<ColumnSpec> cols;
      FlattenFields(ValueRef(facet, "fields", Null()), "", cols);
      json schema = json::array();
      std::set<std::string> wanted;
      for (const ColumnSpec& c : cols) {
        schema.push_back(json::array({c.name, c.type}));
        Batch::NodeRef col = ColumnNode(key, ref, c.name, t);
        if (!c.type.empty()) Set(col, "type", c.type, t);
        if (!c.description.empty()) Set(col, "description", c.description, t);
        wanted.insert(Id(kColumn, key + "#" + c.name));
      }
      SyncEdges(id, ref, "HAS_COLUMN", true, wanted, t);
      schema_[key] = schema.dump();
      Set(ref, "schema", schema.dump(), t);
      marks_key = FindMarksKey("HAS_COLUMN", true, id);
      bool reusable = ReusableColumns(key, cols) && AllColumnsWanted(marks_key, wanted.size());
      memo_.Remember(key, name, facet, raw, FacetStamp{closes_, MarksGen(marks_key), t.micros}, reusable);
    } else if (name == "documentation") {
      if (auto s = String(facet, "description")) Set(ref, "description", *s, t);
    } else if (name == "dataSource") {
      if (auto s = String(facet, "name")) Set(ref, "datasource_name", *s, t);
      if (auto s = String(facet, "uri")) Set(ref, "datasource_uri", *s, t);
    } else if (name == "storage") {
      if (auto s = String(facet, "storageLayer")) Set(ref, "storage_layer", *s, t);
      if (auto s = String(facet, "fileFormat")) Set(ref, "file_format", *s, t);
    } else if (name == "ownership") {
      ApplyOwnership(ref, facet, t);
    } else if (name == "tags") {
      ApplyDatasetTags(key, ref, facet, t);
    } else if (name == "datasetType") {
      if (auto s = String(facet, "datasetType")) Set(ref, "dataset_type", *s, t);
      if (auto s = String(facet, "subType")) Set(ref, "dataset_subtype", *s, t);
    } else if (name == "lifecycleStateChange") {
      if (auto s = String(facet, "lifecycleStateChange")) Set(ref, "lifecycle_state", *s, t);
    } else if (name == "symlinks") {
      std::vector<Value> aliases = AliasesOf(key);
      if (!aliases.empty()) Set(ref, "aliases", ValueList(aliases), t);
    } else if (name == "columnLineage") {
      // Skipped when this dataset's last columnLineage application had the
      // same content and nothing was closed since (its nodes and edges are
      // all still valid; see ApplyColumnLineage).
      if (memo_.Unchanged(key, name, facet, raw, closes_, 0, t.micros)) return;
      bool reusable = ApplyColumnLineage(key, ref, facet, t);
      memo_.Remember(key, name, facet, raw, FacetStamp{closes_, 0, t.micros}, reusable);
    } else if (name == "dataQualityMetrics") {
      ApplyMetrics(key, ref, facet, t, /*on_version=*/false);
    } else if (name == "dataQualityAssertions") {
      ApplyAssertions(ref, facet, t, /*on_version=*/false);
    } else if (name == "version") {
      if (auto s = String(facet, "datasetVersion")) Set(ref, "version", *s, t);
    } else {
      Set(ref, "facet." + name, FacetText(facet), t);
    }
  }

  // A dataset's tags facet: the tags without `field` on the Dataset, each
  // field's tags on its Column node (`tags`, the same `key=value` list).
  void ApplyDatasetTags(const std::string& key, Batch::NodeRef ref, const json& facet, Timestamp t) {
    Set(ref, "tags", TagList(facet, ""), t);
    const json& tags = ValueRef(facet, "tags", EmptyArray());
    if (!tags.is_array()) return;
    std::set<std::string> fields;
    for (const json& tag : tags) {
      if (auto f = String(tag, "field"); f && !f->empty()) fields.insert(*f);
    }
    for (const std::string& field : fields) Set(ColumnNode(key, ref, field, t), "tags", TagList(facet, field), t);
  }

  // The `key=value` strings of the tags whose `field` is `field` (absent: "").
  static ValueList TagList(const json& facet, const std::string& field = "") {
    ValueList out;
    const json& tags = ValueRef(facet, "tags", EmptyArray());
    if (!tags.is_array()) return out;
    for (const json& tag : tags) {
      auto k = String(tag, "key");
      if (!k) continue;
      if (String(tag, "field").value_or("") != field) continue;
      auto v = String(tag, "value");
      out.emplace_back(v ? *k + "=" + *v : *k);
    }
    return out;
  }

  void ApplyOwnership(Batch::NodeRef asset, const json& facet, Timestamp t) {
    const json& owners = ValueRef(facet, "owners", EmptyArray());
    if (!owners.is_array()) return;
    for (const json& o : owners) {
      auto name = String(o, "name");
      if (!name) continue;
      Batch::NodeRef owner = Node(kOwnerLabels, *name, t);
      Set(owner, "name", *name, t);
      Batch::EdgeRef e = Edge("OWNS", owner, asset, t);
      if (auto type = String(o, "type")) SetEdge(e, "type", *type, t);
    }
  }

  // Returns whether the application may be reused (FacetMemo): every node
  // it names is new in this batch and every column key is unambiguous.
  bool ApplyColumnLineage(const std::string& key, Batch::NodeRef ref, const json& facet, Timestamp t) {
    bool reusable = NewNode(kDataset, key) && PlainKey(key);
    const json& fields = ValueRef(facet, "fields", EmptyObject());
    if (!fields.is_object()) return reusable;
    for (const auto& [out_field, spec] : fields.items()) {
      reusable = reusable && PlainKey(out_field) && NewNode(kColumn, key + "#" + out_field);
      Batch::NodeRef out_col = ColumnNode(key, ref, out_field, t);
      const json& inputs = ValueRef(spec, "inputFields", EmptyArray());
      if (!inputs.is_array()) continue;
      for (const json& in : inputs) {
        auto ns = String(in, "namespace");
        auto name = String(in, "name");
        auto field = String(in, "field");
        if (!ns || !name || !field) continue;
        std::string in_key = Resolve(*ns + ":" + *name);
        reusable = reusable && PlainKey(in_key) && PlainKey(*field) && NewNode(kDataset, in_key) &&
                   NewNode(kColumn, in_key + "#" + *field);
        Batch::NodeRef in_ds = Node(kDatasetLabels, in_key, t);
        datasets_.insert(in_key);
        Batch::NodeRef in_col = ColumnNode(in_key, in_ds, *field, t);
        Batch::EdgeRef e = Edge("COLUMN_FEEDS", in_col, out_col, t);
        // Spec 1-1+: per input field transformations; pick DIRECT over INDIRECT.
        const json& trans = ValueRef(in, "transformations", EmptyArray());
        const json* chosen = nullptr;
        if (trans.is_array()) {
          for (const json& tr : trans) {
            if (!chosen ||
                (String(tr, "type").value_or("") == "DIRECT" && String(*chosen, "type").value_or("") != "DIRECT")) {
              chosen = &tr;
            }
          }
          if (!trans.empty()) SetEdge(e, "transformations", trans.dump(), t);
        }
        if (chosen) {
          if (auto s = String(*chosen, "type")) SetEdge(e, "transformation_type", *s, t);
          if (auto s = String(*chosen, "subtype")) SetEdge(e, "transformation_subtype", *s, t);
        } else {
          // Spec 1-0: transformationType / transformationDescription per output field.
          if (auto s = String(spec, "transformationType")) SetEdge(e, "transformation_type", *s, t);
          if (auto s = String(spec, "transformationDescription")) {
            SetEdge(e, "transformation_description", *s, t);
          }
        }
      }
    }
    return reusable;
  }

  // --- skipping repeated facets (FacetMemo) --------------------------------
  //
  // Re-applying a facet at t emits ops the store discards when (1) every
  // node and edge it upserts is still valid at t: they were upserted at or
  // before t, ops come in time order, and nothing was closed since
  // (closes_); (2) every property it writes still holds the value it would
  // write: only applications of the same (dataset, facet) write those
  // properties, given unambiguous column keys (PlainKey); (3) nothing of it
  // comes from the store, whose later facts could differ (NewNode). For
  // `schema` also (4): SyncEdges would close nothing, i.e. the dataset's
  // valid HAS_COLUMN edges were exactly the wanted ones after the last
  // application and none was made valid since (the marks' generation).

  // Whether (label, key) is absent from the store: all its facts are this batch's.
  bool NewNode(const char* label, const std::string& key) const { return !g_.FindNode(label, key); }

  // A dataset key or column name without '#': then a column key
  // "dataset#column" names one (dataset, column) pair only.
  static bool PlainKey(std::string_view s) { return s.find('#') == std::string_view::npos; }

  uint64_t MarksGen(std::optional<uint64_t> touched_key) const {
    if (!touched_key) return 0;
    auto it = touched_.find(*touched_key);
    return it == touched_.end() ? 0 : it->second.gen;
  }

  bool ReusableColumns(const std::string& key, const std::vector<ColumnSpec>& cols) const {
    if (!PlainKey(key) || !NewNode(kDataset, key)) return false;
    for (const ColumnSpec& c : cols) {
      if (!PlainKey(c.name) || !NewNode(kColumn, key + "#" + c.name)) return false;
    }
    return true;
  }

  // Whether the valid marks under `touched_key` are just the `wanted` ones
  // (each wanted column's edge was upserted, so it has a valid mark).
  bool AllColumnsWanted(std::optional<uint64_t> touched_key, size_t wanted) const {
    size_t valid = 0;
    auto it = touched_key ? touched_.find(*touched_key) : touched_.end();
    if (it != touched_.end()) {
      for (const auto& [other, mark] : it->second.to) valid += mark.valid ? 1 : 0;
    }
    return valid == wanted;
  }

  // dataQualityMetrics: dataset-level numbers and per-column metrics on the
  // Dataset and Column nodes (time series), everything on a version. The
  // Dataset and Column numbers are also metric points at the event time
  // (row_count, bytes, file_count; null_count, distinct_count, sum, count,
  // min, max), where the drift job reads its series.
  void ApplyMetrics(const std::string& key, Batch::NodeRef ref, const json& facet, Timestamp t, bool on_version) {
    static const std::pair<const char*, const char*> kTop[] = {
        {"rowCount", "dq.row_count"}, {"bytes", "dq.bytes"}, {"fileCount", "dq.file_count"}};
    static const std::pair<const char*, const char*> kColumnMetrics[] = {{"nullCount", "null_count"},
                                                                         {"distinctCount", "distinct_count"},
                                                                         {"sum", "sum"},
                                                                         {"count", "count"},
                                                                         {"min", "min"},
                                                                         {"max", "max"}};
    auto point = [&](Batch::NodeRef node, const char* metric, const json& v) {
      if (!on_version && v.is_number()) b_.AddMetricPoints(node, metric, {MetricPoint{t, v.get<double>()}});
    };
    for (const auto& [field, prop] : kTop) {
      if (!facet.contains(field)) continue;
      Set(ref, prop, ScalarValue(facet[field]), t);
      point(ref, prop + 3, facet[field]);  // without "dq."
    }
    const json& cols = ValueRef(facet, "columnMetrics", EmptyObject());
    if (!cols.is_object()) return;
    if (on_version) Set(ref, "dq.column_metrics", cols.dump(), t);
    for (const auto& [column, metrics] : cols.items()) {
      if (!metrics.is_object()) continue;
      Batch::NodeRef target = ref;
      std::string prefix = "dq." + column + ".";
      if (!on_version) {
        target = ColumnNode(key, ref, column, t);
        prefix = "dq.";
      }
      for (const auto& [field, prop] : kColumnMetrics) {
        if (!metrics.contains(field)) continue;
        Set(target, prefix + prop, ScalarValue(metrics[field]), t);
        point(target, prop, metrics[field]);
      }
      if (metrics.contains("quantiles")) Set(target, prefix + "quantiles", metrics["quantiles"].dump(), t);
    }
  }

  void ApplyAssertions(Batch::NodeRef ref, const json& facet, Timestamp t, bool on_version) {
    const json& list = ValueRef(facet, "assertions", EmptyArray());
    if (!list.is_array()) return;
    if (on_version) Set(ref, "dq.assertions", list.dump(), t);
    for (const json& a : list) {
      auto name = String(a, "assertion");
      if (!name || !a.contains("success") || !a["success"].is_boolean()) continue;
      auto column = String(a, "column");
      const std::string check = "check." + (column ? *column + "." : std::string()) + *name;
      const bool success = a["success"].get<bool>();
      Set(ref, check, success, t);
      // Each result is also a point (1 pass, 0 fail) at the event time: the
      // property only changes with the result, the drift job needs to know
      // when the latest one arrived (engine/drift/README.md).
      if (!on_version) b_.AddMetricPoints(ref, check, {MetricPoint{t, success ? 1.0 : 0.0}});
    }
  }

  // --- versions ----------------------------------------------------------

  std::vector<VersionInfo>& Versions(const std::string& ds_key) {
    auto [it, inserted] = versions_.try_emplace(ds_key);
    if (!inserted) return it->second;
    auto node = g_.FindNode(kDataset, ds_key);
    auto type = g_.edge_types().Find("HAS_VERSION");
    if (!node || !type) return it->second;
    auto text = [&](NodeId n, const char* prop) -> std::string {
      auto p = g_.property_keys().Find(prop);
      const Value* v = p ? g_.Property(EntityKind::kNode, n, *p, kLatest) : nullptr;
      return v && v->type() == ValueType::kString ? v->as_string() : std::string();
    };
    const CsrGraph& csr = g_.adjacency().out;
    auto [e, end] = boost::out_edges(static_cast<uint32_t>(*node), csr);
    for (; e != end; ++e) {
      if (csr[*e].type != *type) continue;
      NodeId v = boost::target(*e, csr);
      VersionInfo info;
      info.key = std::string(g_.Key(v));
      auto p = g_.property_keys().Find("created_at");
      const Value* created = p ? g_.Property(EntityKind::kNode, v, *p, kLatest) : nullptr;
      info.created = created && created->type() == ValueType::kTimestamp ? created->as_timestamp().micros : 0;
      info.version = text(v, "version");
      info.schema = text(v, "schema");
      info.stats = text(v, "statistics");
      it->second.push_back(std::move(info));
    }
    return it->second;
  }

  // The latest version created at or before `t` (strictly before when
  // `strict`: a read at t does not see what a run writes at that same t,
  // whichever order the two were loaded in).
  const VersionInfo* LatestVersion(const std::string& ds_key, Timestamp t, bool strict = false) {
    const VersionInfo* best = nullptr;
    for (const VersionInfo& v : Versions(ds_key)) {
      if (v.created > t.micros || (strict && v.created == t.micros)) continue;
      if (!best || v.created > best->created || (v.created == best->created && v.key > best->key)) best = &v;
    }
    return best;
  }

  std::string SchemaOf(const std::string& ds_key, Timestamp t) {
    if (auto it = schema_.find(ds_key); it != schema_.end()) return it->second;
    auto node = g_.FindNode(kDataset, ds_key);
    auto p = g_.property_keys().Find("schema");
    if (!node || !p) return "";
    const Value* v = g_.Property(EntityKind::kNode, *node, *p, t);
    return v && v->type() == ValueType::kString ? v->as_string() : "";
  }

  // The DatasetVersion node `vkey` of `ds_key`, created at `t` when new.
  Batch::NodeRef VersionNode(const std::string& ds_key, const std::string& vkey, const std::string& version,
                             const std::string& schema, const std::string& stats, Timestamp t) {
    std::vector<VersionInfo>& all = Versions(ds_key);
    auto it = std::find_if(all.begin(), all.end(), [&](const VersionInfo& v) { return v.key == vkey; });
    if (it != all.end()) return Node(kVersionLabels, vkey, Timestamp{std::min(it->created, t.micros)});
    all.push_back({vkey, t.micros, version, schema, stats});
    Batch::NodeRef ver = Node(kVersionLabels, vkey, t);
    Set(ver, "dataset", ds_key, t);
    Set(ver, "version", version, t);
    Set(ver, "created_at", t, t);
    if (!schema.empty()) Set(ver, "schema", schema, t);
    if (!stats.empty()) Set(ver, "statistics", stats, t);
    Batch::NodeRef ds = Node(kDatasetLabels, ds_key, t);
    Edge("HAS_VERSION", ds, ver, t);
    return ver;
  }

  void SetStatistics(Batch::EdgeRef e, const json& facet, Timestamp t) {
    static const std::pair<const char*, const char*> kStats[] = {
        {"rowCount", "row_count"}, {"size", "bytes"}, {"fileCount", "file_count"}};
    for (const auto& [field, prop] : kStats) {
      if (facet.contains(field)) SetEdge(e, prop, ScalarValue(facet[field]), t);
    }
  }

  // --- jobs and runs ------------------------------------------------------

  Batch::NodeRef ApplyJob(const json& job, Timestamp t, std::string& key) {
    std::string ns = job["namespace"].get<std::string>();
    std::string name = job["name"].get<std::string>();
    key = ns + ":" + name;
    Batch::NodeRef ref = Node(kJobLabels, key, t);
    jobs_.insert(key);
    Set(ref, "namespace", ns, t);
    Set(ref, "name", name, t);
    std::string id = Id(kJob, key);
    for (const auto& [fname, facet] : Facets(job).items()) {
      if (fname == "documentation") {
        if (auto s = String(facet, "description")) Set(ref, "description", *s, t);
      } else if (fname == "sql") {
        if (auto s = String(facet, "query")) Set(ref, "sql", *s, t);
        if (auto s = String(facet, "dialect")) Set(ref, "sql_dialect", *s, t);
      } else if (fname == "sourceCodeLocation") {
        static const std::pair<const char*, const char*> kFields[] = {
            {"type", "source_code_type"},    {"url", "source_code_url"},         {"repoUrl", "source_code_repo_url"},
            {"path", "source_code_path"},    {"version", "source_code_version"}, {"tag", "source_code_tag"},
            {"branch", "source_code_branch"}};
        for (const auto& [field, prop] : kFields) {
          if (auto s = String(facet, field)) Set(ref, prop, *s, t);
        }
      } else if (fname == "sourceCode") {
        if (auto s = String(facet, "sourceCode")) Set(ref, "source_code", *s, t);
        if (auto s = String(facet, "language")) Set(ref, "source_code_language", *s, t);
      } else if (fname == "jobType") {
        if (auto s = String(facet, "jobType")) Set(ref, "job_type", *s, t);
        if (auto s = String(facet, "processingType")) Set(ref, "processing_type", *s, t);
        if (auto s = String(facet, "integration")) Set(ref, "integration", *s, t);
      } else if (fname == "ownership") {
        ApplyOwnership(ref, facet, t);
      } else if (fname == "tags") {
        Set(ref, "tags", TagList(facet), t);
      } else {
        Set(ref, "facet." + fname, FacetText(facet), t);
      }
    }
    return ref;
  }

  RunState& Run(const std::string& run_id, Timestamp t) {
    run_ids_.insert(run_id);
    auto [it, inserted] = runs_.try_emplace(run_id);
    if (!inserted) return it->second;
    RunState& rs = it->second;
    auto node = g_.FindNode(kRun, run_id);
    if (!node) return rs;
    auto prop = [&](const char* name) -> const Value* {
      auto p = g_.property_keys().Find(name);
      return p ? g_.Property(EntityKind::kNode, *node, *p, t) : nullptr;
    };
    if (const Value* v = prop("state"); v && v->type() == ValueType::kString) rs.state = v->as_string();
    rs.started = prop("started_at") != nullptr;
    for (auto [name, set] : {std::pair{"inputs", &rs.inputs}, std::pair{"outputs", &rs.outputs}}) {
      const Value* v = prop(name);
      if (!v || v->type() != ValueType::kList) continue;
      for (const Value& k : v->as_list()) {
        if (k.type() == ValueType::kString) set->insert(k.as_string());
      }
    }
    return rs;
  }

  static ValueList ToList(const std::set<std::string>& s) {
    ValueList out;
    for (const std::string& k : s) out.emplace_back(k);
    return out;
  }

  void ApplyRunFacets(Batch::NodeRef run, const std::string& run_id, const json& facets, Timestamp t) {
    for (const auto& [name, facet] : facets.items()) {
      if (name == "nominalTime") {
        for (auto [field, prop] :
             {std::pair{"nominalStartTime", "nominal_start_time"}, std::pair{"nominalEndTime", "nominal_end_time"}}) {
          auto s = String(facet, field);
          if (!s) continue;
          auto ts = ParseTimestamp(*s);
          if (ts.ok())
            Set(run, prop, *ts, t);
          else
            Set(run, prop, *s, t);
        }
      } else if (name == "errorMessage") {
        if (auto s = String(facet, "message")) Set(run, "error_message", *s, t);
        if (auto s = String(facet, "programmingLanguage")) Set(run, "error_language", *s, t);
        if (auto s = String(facet, "stackTrace")) Set(run, "error_stacktrace", *s, t);
      } else if (name == "processing_engine") {
        if (auto s = String(facet, "name")) Set(run, "processing_engine", *s, t);
        if (auto s = String(facet, "version")) Set(run, "processing_engine_version", *s, t);
        if (auto s = String(facet, "openlineageAdapterVersion")) Set(run, "openlineage_adapter_version", *s, t);
      } else if (name == "tags") {
        Set(run, "tags", TagList(facet), t);
      } else if (name == "parent") {
        auto parent_run = String(ValueRef(facet, "run", Null()), "runId");
        auto ns = String(ValueRef(facet, "job", Null()), "namespace");
        auto job_name = String(ValueRef(facet, "job", Null()), "name");
        if (!parent_run || !ns || !job_name || *parent_run == run_id) {
          Set(run, "facet.parent", FacetText(facet), t);
          continue;
        }
        std::string job_key = *ns + ":" + *job_name;
        Batch::NodeRef pjob = Node(kJobLabels, job_key, t);
        jobs_.insert(job_key);
        Set(pjob, "namespace", *ns, t);
        Set(pjob, "name", *job_name, t);
        Batch::NodeRef prun = Node(kRunLabels, *parent_run, t);
        run_ids_.insert(*parent_run);
        Set(prun, "job", job_key, t);
        Edge("HAS_RUN", pjob, prun, t);
        Edge("PARENT_OF", prun, run, t);
        if (facet.contains("root")) Set(run, "facet.parent", FacetText(facet), t);
      } else {
        Set(run, "facet." + name, FacetText(facet), t);
      }
    }
  }

  void MapRun(const Event& e) {
    const json& j = e.json;
    Timestamp t = e.time;
    const std::string& type = e.event_type;
    std::string job_key;
    Batch::NodeRef job = ApplyJob(j["job"], t, job_key);
    std::string run_id = j["run"]["runId"].get<std::string>();
    Batch::NodeRef run = Node(kRunLabels, run_id, t);
    Set(run, "job", job_key, t);
    Edge("HAS_RUN", job, run, t);
    RunState& rs = Run(run_id, t);
    bool was_terminal = IsTerminal(rs.state);
    if (!was_terminal) {
      std::string next = rs.state;
      if (type == "START") {
        if (next.empty() || next == "OTHER") next = "START";
      } else if (type == "RUNNING" || IsTerminal(type)) {
        next = type;
      } else if (next.empty()) {
        next = "OTHER";
      }
      if (next != rs.state) {
        rs.state = next;
        Set(run, "state", next, t);
      }
      if (IsTerminal(type)) Set(run, "ended_at", t, t);
    }
    if (type == "START" && !rs.started) {
      rs.started = true;
      Set(run, "started_at", t, t);
    }
    ApplyRunFacets(run, run_id, Facets(j["run"]), t);

    if (j.contains("inputs")) {
      uint32_t index = 0;
      for (const json& in : j["inputs"]) {
        const json& in_facets = Facets(in, "inputFacets");
        auto key = ApplyDataset(in, t, &in_facets, Place{RawFacet::kInputs, index++});
        if (!key) continue;
        rs.inputs.insert(*key);
        ReadBy(*key, in, in_facets, run, t);
      }
    }
    if (j.contains("outputs")) {
      uint32_t index = 0;
      for (const json& out : j["outputs"]) {
        const json& out_facets = Facets(out, "outputFacets");
        auto key = ApplyDataset(out, t, &out_facets, Place{RawFacet::kOutputs, index++});
        if (!key) continue;
        rs.outputs.insert(*key);
        json& merged = rs.out_facets[*key];
        if (!merged.is_object()) merged = json::object();
        // Only the facets Complete and the terminal states read are kept.
        for (const json* facets : {&Facets(out), &out_facets}) {
          for (const char* name : kRunOutputFacets) {
            auto it = facets->find(name);
            if (it != facets->end()) merged[name] = *it;
          }
        }
      }
    }
    if (!rs.inputs.empty()) Set(run, "inputs", ToList(rs.inputs), t);
    if (!rs.outputs.empty()) Set(run, "outputs", ToList(rs.outputs), t);

    if (!was_terminal && type == "COMPLETE") {
      Complete(rs, run_id, run, job_key, job, t);
    } else if (!was_terminal && IsTerminal(type)) {
      for (const auto& [key, facets] : rs.out_facets) {
        if (facets.contains("outputStatistics")) {
          Set(run, "output_statistics." + key, FacetText(facets["outputStatistics"]), t);
        }
      }
    }
  }

  void ReadBy(const std::string& key, const json& d, const json& in_facets, Batch::NodeRef run, Timestamp t) {
    Batch::NodeRef ver;
    std::string ver_key;
    auto declared = String(ValueRef(Facets(d), "version", Null()), "datasetVersion");
    if (declared) {
      ver_key = key + "@" + *declared;
      ver = VersionNode(key, ver_key, *declared, SchemaOf(key, t), "", t);
    } else if (const VersionInfo* cur = LatestVersion(key, t, /*strict=*/true)) {
      ver_key = cur->key;
      ver = Node(kVersionLabels, cur->key, Timestamp{cur->created});
    } else {
      if (in_facets.contains("inputStatistics")) {
        Set(run, "input_statistics." + key, FacetText(in_facets["inputStatistics"]), t);
      }
      return;
    }
    Batch::EdgeRef e = Edge("READ_BY", ver, run, t);
    if (in_facets.contains("inputStatistics")) SetStatistics(e, in_facets["inputStatistics"], t);
    for (const json* facets : {&Facets(d), &in_facets}) {
      if (facets->contains("dataQualityMetrics")) ApplyMetrics(key, ver, (*facets)["dataQualityMetrics"], t, true);
      if (facets->contains("dataQualityAssertions")) ApplyAssertions(ver, (*facets)["dataQualityAssertions"], t, true);
    }
  }

  void Complete(RunState& rs, const std::string& run_id, Batch::NodeRef run, const std::string& job_key,
                Batch::NodeRef job, Timestamp t) {
    static const std::set<std::string> kNewVersion{"CREATE", "OVERWRITE", "TRUNCATE", "ALTER"};
    std::set<std::string> feeds_in, feeds_out;
    for (const std::string& key : rs.inputs) feeds_in.insert(Id(kDataset, key));
    for (const std::string& key : rs.outputs) {
      feeds_out.insert(Id(kDataset, key));
      NoteWrite(key, t);
      const json& facets = rs.out_facets.count(key) ? rs.out_facets[key] : EmptyObject();
      auto declared = String(ValueRef(facets, "version", Null()), "datasetVersion");
      std::string lifecycle =
          String(ValueRef(facets, "lifecycleStateChange", Null()), "lifecycleStateChange").value_or("");
      std::string stats = facets.contains("outputStatistics") ? FacetText(facets["outputStatistics"]) : "";
      std::string schema = SchemaOf(key, t);
      const VersionInfo* cur = LatestVersion(key, t);
      bool fresh = !cur || (declared && *declared != cur->version) || schema != cur->schema ||
                   kNewVersion.count(lifecycle) || (!stats.empty() && stats != cur->stats);
      Batch::NodeRef ver;
      std::string ver_key;
      if (fresh) {
        std::string version = declared.value_or(run_id);
        ver_key = key + "@" + version;
        ver = VersionNode(key, ver_key, version, schema, stats, t);
        if (!lifecycle.empty()) Set(ver, "lifecycle_state", lifecycle, t);
      } else {
        ver_key = cur->key;
        ver = Node(kVersionLabels, cur->key, Timestamp{cur->created});
      }
      Batch::EdgeRef e = Edge("PRODUCED", run, ver, t);
      if (facets.contains("outputStatistics")) SetStatistics(e, facets["outputStatistics"], t);
      if (facets.contains("dataQualityMetrics")) ApplyMetrics(key, ver, facets["dataQualityMetrics"], t, true);
      if (facets.contains("dataQualityAssertions")) ApplyAssertions(ver, facets["dataQualityAssertions"], t, true);
    }
    std::string job_id = Id(kJob, job_key);
    for (const std::string& id : feeds_in) {
      Batch::NodeRef ds = Node(kDatasetLabels, SplitId(id).second, t);
      Edge("FEEDS", ds, job, t);
    }
    for (const std::string& id : feeds_out) {
      Batch::NodeRef ds = Node(kDatasetLabels, SplitId(id).second, t);
      Edge("FEEDS", job, ds, t);
    }
    SyncEdges(job_id, job, "FEEDS", false, feeds_in, t);
    SyncEdges(job_id, job, "FEEDS", true, feeds_out, t);
  }

  void MapJobEvent(const Event& e) {
    const json& j = e.json;
    std::string job_key;
    Batch::NodeRef job = ApplyJob(j["job"], e.time, job_key);
    for (auto [side, prop] : {std::pair{"inputs", "declared_inputs"}, std::pair{"outputs", "declared_outputs"}}) {
      if (!j.contains(side)) continue;
      std::set<std::string> keys;
      const bool inputs = side == std::string("inputs");
      uint32_t index = 0;
      for (const json& d : j[side]) {
        const json& extra = Facets(d, inputs ? "inputFacets" : "outputFacets");
        Place place{inputs ? RawFacet::kInputs : RawFacet::kOutputs, index++};
        if (auto key = ApplyDataset(d, e.time, &extra, place)) keys.insert(*key);
      }
      Set(job, prop, ToList(keys), e.time);
    }
  }

  const Graph& g_;
  Batch& b_;
  const Event* event_ = nullptr;  // the event being mapped
  std::map<std::string, std::string> aliases_;
  std::optional<uint32_t> renamed_to_prop_;  // the store's `renamed_to` property id, if any
  std::unordered_map<std::string, std::map<int64_t, std::string>> redirects_;  // see Redirects
  static constexpr int64_t kUnseen = INT64_MAX;
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> intern_;
  std::vector<const std::string*> texts_;  // interned index -> text
  std::string id_scratch_;                 // Node's id text, reused
  std::vector<int64_t> seen_at_;           // interned node id -> earliest upsert time in this batch (kUnseen: none)
  std::vector<uint32_t> node_ids_;         // node ref - base -> interned node id (UINT32_MAX: not yet known)
  // type + direction + node -> neighbour
  std::unordered_map<uint64_t, Marks> touched_;  // MarksKey -> marks
  uint64_t closes_ = 0;                          // CloseNode and CloseEdge ops issued so far
  FacetMemo memo_;                               // reusable schema and columnLineage applications
  std::unordered_map<std::string, std::vector<VersionInfo>> versions_;
  std::unordered_map<std::string, std::string> schema_;
  std::unordered_map<std::string, RunState> runs_;
  std::unordered_set<std::string> jobs_, datasets_, run_ids_;
  std::vector<PropWrite> props_, edge_props_;
  struct EdgeIds {
    uint32_t type = 0, src = 0, dst = 0;  // interned type and node ids
  };
  std::vector<EdgeIds> edge_ids_;  // edge ref - base -> its ids (text: type>src\x1edst)
};

}  // namespace

namespace {

// Whether `a` may come before `b` in mapping order (SortEvents' key,
// a <= b). `a_text` caches a's canonical text, `b_text` receives b's when
// it was needed.
bool InMappingOrder(const Event& a, std::string& a_text, const Event& b, std::string& b_text) {
  b_text.clear();
  if (a.time != b.time) return a.time < b.time;
  if (TypeRank(a) != TypeRank(b)) return TypeRank(a) < TypeRank(b);
  if (a_text.empty()) a_text = a.json.dump();
  b_text = b.json.dump();
  return a_text <= b_text;
}

}  // namespace

struct StreamingMapper::Impl {
  // A Mapper, held untyped: its type is local to this file, and a field of
  // that type in this (externally visible) class is -Wsubobject-linkage.
  std::shared_ptr<void> mapper;
  const Event* previous = nullptr;
  std::string previous_text;  // previous->json.dump() when known, else empty
  uint64_t events = 0;
};

namespace {

Mapper& MapperOf(const std::shared_ptr<void>& p) { return *static_cast<Mapper*>(p.get()); }

}  // namespace

StreamingMapper::StreamingMapper(const Graph& graph, Batch& batch) : impl_(std::make_unique<Impl>()) {
  impl_->mapper = std::make_shared<Mapper>(graph, batch);
  MapperOf(impl_->mapper).Prepare({});  // the store's aliases; events declaring any are refused
}

StreamingMapper::~StreamingMapper() = default;

bool StreamingMapper::Add(const Event& e) {
  Impl& s = *impl_;
  std::string text;
  if (s.previous && !InMappingOrder(*s.previous, s.previous_text, e, text)) return false;
  std::vector<std::pair<std::string, std::string>> declared;
  Mapper::DeclaredAliases(e, declared);
  if (!declared.empty()) return false;
  try {
    MapperOf(s.mapper).Map(e);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  s.previous = &e;
  s.previous_text = std::move(text);
  ++s.events;
  return true;
}

MapSummary StreamingMapper::Finish(DeferredRelease* release) {
  Mapper& mapper = MapperOf(impl_->mapper);
  mapper.Flush();
  MapSummary s = mapper.summary();
  s.events = impl_->events;
  Abandon(release);
  return s;
}

void StreamingMapper::Abandon(DeferredRelease* release) {
  if (release && impl_->mapper) release->Release(std::move(impl_->mapper));
  impl_->mapper.reset();
}

void SortEvents(std::vector<Event>& events) {
  // Stable by (time, rank), then each run of equal (time, rank) stable by
  // the canonical text: the same order as one stable sort by all three,
  // with the text computed only for events that need it.
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    return TypeRank(a) < TypeRank(b);
  });
  for (size_t i = 0; i < events.size();) {
    size_t j = i + 1;
    while (j < events.size() && events[j].time == events[i].time && TypeRank(events[j]) == TypeRank(events[i])) ++j;
    if (j - i > 1) {
      for (size_t k = i; k < j; ++k) {
        if (events[k].canonical.empty()) events[k].canonical = events[k].json.dump();
      }
      std::stable_sort(events.begin() + static_cast<std::ptrdiff_t>(i), events.begin() + static_cast<std::ptrdiff_t>(j),
                       [](const Event& a, const Event& b) { return a.canonical < b.canonical; });
    }
    i = j;
  }
}

Result<MapSummary> MapEvents(const std::vector<Event>& events, const Graph& graph, Batch& batch,
                             DeferredRelease* release, const MapProgress* progress) {
  auto owned = std::make_unique<Mapper>(graph, batch);
  Mapper& mapper = *owned;
  mapper.Prepare(events);
  size_t done = 0;
  for (const Event& e : events) {
    if (progress && done++ % 256 == 0) (*progress)(done - 1, events.size());
    try {
      mapper.Map(e);
    } catch (const nlohmann::json::exception& ex) {
      // A facet of an unexpected shape (the schema leaves facets open).
      return Status::InvalidInput(std::string("a facet has an unexpected shape: ") + ex.what(),
                                  e.file + ":" + std::to_string(e.line));
    }
  }
  mapper.Flush();
  if (progress) (*progress)(events.size(), events.size());
  MapSummary s = mapper.summary();
  s.events = events.size();
  if (release) release->Release(std::move(owned));
  return s;
}

}  // namespace provgraph::loaders::openlineage
