#include "engine/rootcause/rootcause.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "engine/rootcause/shift.h"
#include "engine/store.h"
#include "engine/time.h"
#include "engine/traversal.h"

namespace provgraph::rootcause {
namespace {

constexpr int64_t kAfterMove = kDayMicros;        // evidence up to a day after the move still counts (less)
constexpr int64_t kOutputLag = 3 * kDayMicros;    // how long a change may take to show in its outputs
constexpr int64_t kSameTime = 12 * kHourMicros;   // "no later than" slack between a cause and its effect
constexpr int64_t kPropagation = 2 * kDayMicros;  // how long a move takes to reach the next observed dataset
constexpr double kBenign = 0.15, kUnobserved = 0.6, kInputsMovedToo = 0.5;
constexpr double kEffectShare = 0.25, kExplainDoubt = 0.85;
constexpr double kOrigin = 0.3;  // an item this strong (before timing) can explain moves below it

double TimeWeight(Timestamp moved, Timestamp at, int64_t window) {
  const double after = static_cast<double>(std::min(kAfterMove, window));
  const double lead = static_cast<double>(moved.micros - at.micros);
  if (lead < 0) return -lead >= after ? 0 : 0.6 * (1 + lead / after);
  if (lead > static_cast<double>(window)) return 0;
  return 1 - 0.6 * lead / static_cast<double>(window);
}

bool IsEffectKind(EvidenceKind k) {
  return k == EvidenceKind::kSchemaChange || k == EvidenceKind::kDistributionShift || k == EvidenceKind::kStale ||
         k == EvidenceKind::kViolation || k == EvidenceKind::kNewVersion;
}

struct Item {
  Evidence e;
  double weight = 0;  // time weight
  double factor = 1;  // benign / unobserved / explained
  double Effective() const { return e.strength * factor * weight; }
  double Intrinsic() const { return e.strength * factor; }
};

class Ranker {
 public:
  Ranker(const Graph& g, const SeriesIndex* series, NodeId symptom, const RootCauseOptions& o)
      : g_(g), series_(series), symptom_(symptom), opt_(o), reader_(g, o.as_of), walker_(g) {
    feeds_ = g.edge_types().Find("FEEDS");
    job_ = g.labels().Find("Job");
  }

  Result<RootCauseReport> Run() {
    RootCauseReport rep;
    rep.symptom = symptom_;
    rep.as_of = opt_.as_of;
    rep.window = opt_.window;
    if (opt_.window <= 0) return Status::InvalidInput("the window is empty: give a length above zero, as in 7d");
    WalkUpstream();
    if (order_.empty()) {
      return Status::InvalidInput(reader_.Ref(symptom_) + " has nothing upstream along FEEDS" +
                                  (opt_.as_of == kLatest ? "" : " as of " + FormatTimestamp(opt_.as_of)));
    }
    const Timestamp now = opt_.as_of == kLatest ? LatestActivity() : opt_.as_of;
    reader_.set_now(now);
    rep.moved = FindSymptomMove(reader_, series_, symptom_, now);
    moved_ = rep.moved.at;
    rep.range = {Timestamp{moved_.micros - opt_.window}, Timestamp{moved_.micros + std::min(kAfterMove, opt_.window)}};
    range_ = rep.range;
    // Shifts are looked for in the window, and up to kOutputLag after it to
    // confirm changes; a week either side feeds the pools and the peaks.
    shifts_.emplace(reader_, series_,
                    TimeRange{Timestamp{range_.from.micros - 8 * kDayMicros},
                              Timestamp{range_.to.micros + kOutputLag + 8 * kDayMicros}});
    std::map<NodeId, std::vector<Item>> items;
    for (NodeId n : order_) items[n] = Collect(n);
    Explain(items);
    for (NodeId n : order_) {
      Candidate c;
      c.node = n;
      c.depth = depth_[n];
      std::map<EvidenceKind, double> best;
      for (const Item& it : items[n]) {
        double& b = best[it.e.kind];
        b = std::max(b, it.Effective());
      }
      double doubt = 1;
      for (const auto& [k, v] : best) doubt *= 1 - v;
      auto ex = explains_.find(n);
      if (ex != explains_.end()) {
        c.explains = ex->second;
        doubt *= std::pow(kExplainDoubt, static_cast<double>(ex->second.size()));
      }
      auto by = explained_by_.find(n);
      if (by != explained_by_.end()) c.explained_by = by->second;
      c.score = 1 - doubt;
      if (c.score < 5e-5) continue;  // would print as 0.0000
      for (Item& it : items[n]) {
        if (it.weight > 0) c.evidence.push_back(std::move(it.e));
      }
      std::stable_sort(c.evidence.begin(), c.evidence.end(),
                       [](const Evidence& a, const Evidence& b) { return a.at < b.at; });
      for (NodeId at = n; at != symptom_; at = parent_node_[at]) {
        c.path.push_back(at);
        c.path_edges.push_back(parent_edge_[at]);
      }
      c.path.push_back(symptom_);
      rep.candidates.push_back(std::move(c));
    }
    std::sort(rep.candidates.begin(), rep.candidates.end(), [&](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.depth != b.depth) return a.depth > b.depth;
      return reader_.Ref(a.node) < reader_.Ref(b.node);
    });
    return rep;
  }

 private:
  bool IsJob(NodeId n) const { return job_ && g_.HasLabel(n, *job_, opt_.as_of); }

  // BFS upstream from the symptom, remembering each node's edge towards it.
  void WalkUpstream() {
    if (!feeds_) return;
    WalkSpec step;
    step.direction = Direction::kUpstream;
    step.edge_types = {*feeds_};
    step.at = opt_.as_of;
    std::deque<NodeId> queue{symptom_};
    depth_[symptom_] = 0;
    while (!queue.empty()) {
      NodeId v = queue.front();
      queue.pop_front();
      for (const Walker::Neighbour& nb : walker_.Neighbours(v, step)) {
        if (depth_.count(nb.node)) continue;
        depth_[nb.node] = depth_[v] + 1;
        parent_node_[nb.node] = v;
        parent_edge_[nb.node] = nb.edge;
        order_.push_back(nb.node);
        queue.push_back(nb.node);
      }
    }
  }

  // The newest valid time among the upstream nodes, their runs and versions
  // and the symptom's series: "now" for a report as of the latest state.
  Timestamp LatestActivity() {
    int64_t latest = 0;
    auto see = [&](NodeId n) {
      for (const Interval& i : g_.Validity(EntityKind::kNode, n)) latest = std::max(latest, i.from);
    };
    for (NodeId n : order_) {
      see(n);
      for (NodeId r : reader_.Next(n, IsJob(n) ? "HAS_RUN" : "HAS_VERSION", true, false)) see(r);
    }
    if (series_) {
      for (const std::string& m : series_->MetricNames(symptom_)) {
        auto pts = series_->MetricSeries(symptom_, m);
        if (!pts.empty()) latest = std::max(latest, pts.back().time.micros);
      }
    }
    return Timestamp{latest};
  }

  // Observed datasets nearest to `from` (itself included when asked) along
  // FEEDS in `dir`; downstream stays within the symptom's lineage.
  std::vector<NodeId> NearestObserved(NodeId from, Direction dir, Timestamp t, bool include_self) {
    std::vector<NodeId> out;
    if (!feeds_) return out;
    if (include_self && shifts_->Observed(from, t)) return {from};
    WalkSpec step;
    step.direction = dir;
    step.edge_types = {*feeds_};
    step.at = opt_.as_of;
    std::set<NodeId> seen{from};
    std::deque<std::pair<NodeId, int>> queue{{from, 0}};
    while (!queue.empty()) {
      auto [v, d] = queue.front();
      queue.pop_front();
      if (d >= 6) continue;
      for (const Walker::Neighbour& nb : walker_.Neighbours(v, step)) {
        if (!seen.insert(nb.node).second) continue;
        if (dir == Direction::kDownstream && !depth_.count(nb.node)) continue;
        if (nb.node != symptom_ && !IsJob(nb.node) && shifts_->Observed(nb.node, t)) {
          out.push_back(nb.node);
        } else {
          queue.push_back({nb.node, d + 1});
        }
      }
    }
    return out;
  }

  // Did any of `nodes` shift in [t - before, t + kOutputLag]? With
  // `first_seen`, only a shift at the node's first or second observation
  // from t - before counts: a node observed twice after t without moving
  // showed what t did (the second allows for a peak a run late), and its
  // later move has a later cause.
  bool AnyMoved(const std::vector<NodeId>& nodes, Timestamp t, int64_t before, bool first_seen) {
    const Timestamp from{t.micros - before};
    for (NodeId n : nodes) {
      for (const Evidence& e : shifts_->Shifts(n, {from, Timestamp{t.micros + kOutputLag}})) {
        if (!first_seen || shifts_->Observations(n, {from, Timestamp{e.at.micros - 1}}) <= 1) return true;
      }
    }
    return false;
  }

  std::string Names(const std::vector<NodeId>& nodes) {
    std::string s;
    for (size_t i = 0; i < nodes.size() && i < 3; ++i) s += (i ? ", " : "") + reader_.Ref(nodes[i]);
    if (nodes.size() > 3) s += " and " + std::to_string(nodes.size() - 3) + " more";
    return s;
  }

  // Is the change at `t` on `n` seen downstream, and not already upstream
  // (inputs that moved up to a day before feed the next run)? Sets the
  // factor and says why.
  void Confirm(NodeId n, Item& it, bool job) {
    std::vector<NodeId> outs = NearestObserved(n, Direction::kDownstream, it.e.at, !job);
    if (outs.empty()) {
      it.factor = kUnobserved;
      it.e.detail += "; no observed output downstream to confirm it";
      return;
    }
    if (!AnyMoved(outs, it.e.at, kHourMicros, true)) {
      it.factor = kBenign;
      it.e.detail += "; " + Names(outs) + " did not move (benign)";
      return;
    }
    // A job's outputs further down whose own schema changed then: their
    // move has a nearer explanation.
    if (job) {
      std::vector<NodeId> direct = reader_.Next(n, "FEEDS", true);
      for (NodeId o : outs) {
        if (std::find(direct.begin(), direct.end(), o) != direct.end()) continue;
        for (const Evidence& sc : reader_.SchemaChanges(
                 o, {Timestamp{it.e.at.micros - kDayMicros}, Timestamp{it.e.at.micros + kOutputLag}})) {
          if (!sc.breaking || it.factor == kInputsMovedToo) continue;
          it.factor = kInputsMovedToo;
          it.e.detail += "; " + reader_.Ref(o) + " moved, but its own schema changed then too";
        }
      }
      if (it.factor == kInputsMovedToo) return;
    }
    if (AnyMoved(NearestObserved(n, Direction::kUpstream, it.e.at, false), it.e.at, kDayMicros, false)) {
      it.factor = kInputsMovedToo;
      it.e.detail += "; " + Names(outs) + " moved, but so did what feeds it";
      return;
    }
    it.e.detail +=
        outs.size() == 1 && outs[0] == n ? "; its own data moved with it" : "; " + Names(outs) + " moved after it";
  }

  std::vector<Item> Collect(NodeId n) {
    std::vector<Evidence> ev;
    auto add = [&](std::vector<Evidence> more) {
      for (Evidence& e : more) ev.push_back(std::move(e));
    };
    const bool job = IsJob(n);
    if (job) {
      add(reader_.CodeChanges(n, range_));
      add(reader_.FailedRuns(n, range_));
    } else {
      add(reader_.SchemaChanges(n, range_));
      add(shifts_->Shifts(n, range_));
      add(reader_.Stale(n, range_));
      std::vector<Evidence> versions = reader_.NewVersions(n, range_);
      if (!versions.empty()) {
        Evidence last = versions.back();
        if (versions.size() > 1) last.detail += " (" + std::to_string(versions.size()) + " new versions in the window)";
        ev.push_back(std::move(last));
      }
    }
    add(reader_.Violations(n, range_));
    std::vector<Item> items;
    for (Evidence& e : ev) {
      Item it;
      it.e = std::move(e);
      it.weight = TimeWeight(moved_, it.e.at, opt_.window);
      if (it.weight <= 0) continue;
      if (it.e.kind == EvidenceKind::kCodeChange) Confirm(n, it, true);
      if (it.e.kind == EvidenceKind::kSchemaChange) {
        Confirm(n, it, false);
        if (it.factor == kBenign && it.e.breaking) it.factor = 2 * kBenign;
      }
      items.push_back(std::move(it));
    }
    return items;
  }

  // Which upstream cause explains which downstream effect (see the header):
  // an effect item is explained by the most upstream ancestor with an
  // origin item no later than it (within kSameTime) and not too long before.
  void Explain(std::map<NodeId, std::vector<Item>>& items) {
    std::map<NodeId, std::vector<Timestamp>> origins;
    for (auto& [n, list] : items) {
      for (const Item& it : list) {
        if (it.e.kind == EvidenceKind::kNewVersion || it.Intrinsic() < kOrigin) continue;
        if (it.e.kind == EvidenceKind::kFailedRuns && it.e.recovered) continue;
        // An unconfirmed code or schema change explains nothing.
        if ((it.e.kind == EvidenceKind::kCodeChange || it.e.kind == EvidenceKind::kSchemaChange) && it.factor < 1) {
          continue;
        }
        origins[n].push_back(it.e.at);
      }
    }
    WalkSpec up;
    up.direction = Direction::kUpstream;
    if (feeds_) up.edge_types = {*feeds_};
    up.at = opt_.as_of;
    for (auto& [n, list] : items) {
      bool any_effect = false;
      for (const Item& it : list) any_effect |= IsEffectKind(it.e.kind);
      if (!any_effect) continue;
      std::vector<Reached> ancestors = walker_.Closure(n, up);
      for (Item& it : list) {
        if (!IsEffectKind(it.e.kind)) continue;
        std::optional<NodeId> best;
        uint32_t best_depth = 0;
        for (const Reached& r : ancestors) {
          auto o = origins.find(r.node);
          if (o == origins.end()) continue;
          bool fits = false;
          for (Timestamp t : o->second) {
            fits |= t.micros <= it.e.at.micros + kSameTime && t.micros >= it.e.at.micros - kPropagation;
          }
          if (fits && (!best || depth_[r.node] > best_depth)) best = r.node, best_depth = depth_[r.node];
        }
        if (!best) continue;
        it.factor *= kEffectShare;
        auto by = explained_by_.find(n);
        if (by == explained_by_.end() || depth_[*best] > depth_[by->second]) explained_by_[n] = *best;
      }
    }
    for (const auto& [n, by] : explained_by_) {
      if (!explained_by_.count(by)) explains_[by].push_back(n);
    }
  }

  const Graph& g_;
  const SeriesIndex* series_;
  NodeId symptom_;
  RootCauseOptions opt_;
  EvidenceReader reader_;
  std::optional<ShiftFinder> shifts_;
  Walker walker_;
  std::optional<uint32_t> feeds_, job_;
  std::vector<NodeId> order_;  // upstream nodes in BFS order
  std::map<NodeId, uint32_t> depth_;
  std::map<NodeId, NodeId> parent_node_;
  std::map<NodeId, EdgeId> parent_edge_;
  std::map<NodeId, NodeId> explained_by_;
  std::map<NodeId, std::vector<NodeId>> explains_;
  Timestamp moved_;
  TimeRange range_;
};

}  // namespace

Result<NodeId> ResolveNode(const Graph& graph, std::string_view ref, Timestamp as_of) {
  auto parts = SplitNodeRef(ref);
  if (!parts.ok()) return parts.status();
  auto id = graph.FindNodeByRef(parts->first, parts->second);
  if (!id || !graph.NodeValid(*id, as_of)) {
    return Status::NotFound("no node " + std::string(ref) +
                            (as_of == kLatest ? "" : " as of " + FormatTimestamp(as_of)));
  }
  return *id;
}

Result<RootCauseReport> FindRootCauses(const Graph& graph, const SeriesIndex* series, NodeId symptom,
                                       const RootCauseOptions& options) {
  Ranker ranker(graph, series, symptom, options);
  return ranker.Run();
}

}  // namespace provgraph::rootcause
