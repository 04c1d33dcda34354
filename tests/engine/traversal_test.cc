// Traversal API on small hand-drawn graphs; expected sets derived by hand.
#include <algorithm>
#include <set>

#include "engine/store.h"
#include "engine/traversal.h"
#include "tests/test_util.h"

namespace provgraph {
namespace {

using testing::CommitOrDie;
using testing::OpenOrDie;
using testing::T;
using testing::TempDir;

// s1 -> j1 -> d1 -> j2 -> d2 -> m -> k        (FEEDS)
// s2 -> j1                                     (FEEDS)
// d1 -> j3 -> d3                               (FEEDS, a side branch)
// o -> m                                       (OWNS)
// c1 -> c2 -> c3 -> c1                         (FEEDS, a cycle)
class TraversalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(dir_.path());
    Batch b;
    auto at = T("2024-01-01T00:00:00Z");
    auto node = [&](const char* label, const char* key) { return b.UpsertNode({label}, key, at); };
    auto s1 = node("Source", "s1"), s2 = node("Source", "s2"), j1 = node("Job", "j1"), d1 = node("Dataset", "d1"),
         j2 = node("Job", "j2"), d2 = node("Dataset", "d2"), m = node("Model", "m"), k = node("KPI", "k"),
         j3 = node("Job", "j3"), d3 = node("Dataset", "d3"), o = node("Owner", "o"), c1 = node("Dataset", "c1"),
         c2 = node("Dataset", "c2"), c3 = node("Dataset", "c3");
    for (auto [x, y] : std::vector<std::pair<uint32_t, uint32_t>>{
             {s1, j1}, {s2, j1}, {j1, d1}, {d1, j2}, {j2, d2}, {d2, m}, {m, k}, {d1, j3}, {j3, d3}, {c1, c2}, {c2, c3}, {c3, c1}}) {
      b.UpsertEdge("FEEDS", x, y, at);
    }
    b.UpsertEdge("OWNS", o, m, at);
    CommitOrDie(*store_, b);
    feeds_ = *g().edge_types().Find("FEEDS");
  }
  const Graph& g() { return store_->graph(); }
  NodeId Id(const char* label, const char* key) { return *g().FindNode(label, key); }
  std::set<std::string> Keys(const std::vector<Reached>& r) {
    std::set<std::string> out;
    for (const Reached& x : r) out.insert(std::string(g().Key(x.node)));
    return out;
  }
  WalkSpec Spec(Direction d, uint32_t min_depth = 1, uint32_t max_depth = UINT32_MAX) {
    WalkSpec s;
    s.direction = d;
    s.edge_types = {feeds_};
    s.min_depth = min_depth;
    s.max_depth = max_depth;
    return s;
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  uint32_t feeds_ = 0;
};

TEST_F(TraversalTest, UpstreamClosureFollowsOnlyChosenTypes) {
  Walker w(g());
  auto up = w.Closure(Id("KPI", "k"), Spec(Direction::kUpstream));
  EXPECT_EQ(Keys(up), (std::set<std::string>{"m", "d2", "j2", "d1", "j1", "s1", "s2"}));
  WalkSpec all;  // every type: the owner joins
  EXPECT_EQ(Keys(w.Closure(Id("KPI", "k"), all)).count("o"), 1u);
  for (const Reached& r : up) {
    if (g().Key(r.node) == "m") {
      EXPECT_EQ(r.depth, 1u);
    }
    if (g().Key(r.node) == "s1") {
      EXPECT_EQ(r.depth, 6u);
    }
  }
  EXPECT_EQ(w.ClosureSize(Id("KPI", "k"), Spec(Direction::kUpstream)), 7u);
}

TEST_F(TraversalTest, DownstreamAndBothDirections) {
  Walker w(g());
  EXPECT_EQ(Keys(w.Closure(Id("Dataset", "d1"), Spec(Direction::kDownstream))),
            (std::set<std::string>{"j2", "d2", "m", "k", "j3", "d3"}));
  EXPECT_EQ(Keys(w.Closure(Id("Job", "j3"), Spec(Direction::kBoth, 1, 2))),
            (std::set<std::string>{"d1", "d3", "j1", "j2"}));
}

TEST_F(TraversalTest, DepthBounds) {
  Walker w(g());
  auto k = Id("KPI", "k");
  EXPECT_EQ(Keys(w.Closure(k, Spec(Direction::kUpstream, 1, 2))), (std::set<std::string>{"m", "d2"}));
  EXPECT_EQ(Keys(w.Closure(k, Spec(Direction::kUpstream, 3, 4))), (std::set<std::string>{"j2", "d1"}));
  EXPECT_EQ(Keys(w.Closure(k, Spec(Direction::kUpstream, 0, 1))), (std::set<std::string>{"k", "m"}));
  EXPECT_EQ(Keys(w.Closure(k, Spec(Direction::kUpstream, 6, 6))), (std::set<std::string>{"s1", "s2"}));
  EXPECT_TRUE(w.Closure(k, Spec(Direction::kUpstream, 7)).empty());
}

TEST_F(TraversalTest, CyclesTerminate) {
  Walker w(g());
  auto c1 = Id("Dataset", "c1");
  // Unbounded: the fixed point, including the start (reached through the cycle).
  EXPECT_EQ(Keys(w.Closure(c1, Spec(Direction::kUpstream))), (std::set<std::string>{"c1", "c2", "c3"}));
  // Trails never repeat an edge: the longest from c1 is c1-c2-c3-c1 (3
  // edges), so nothing lies 4..5 edges away (walks would end at c2, c3),
  // exactly 3 away is c1, and 2.. away are c3 (2) and c1 (3).
  EXPECT_TRUE(w.Closure(c1, Spec(Direction::kDownstream, 4, 5)).empty());
  EXPECT_TRUE(w.Closure(c1, Spec(Direction::kDownstream, 10)).empty());
  EXPECT_EQ(Keys(w.Closure(c1, Spec(Direction::kDownstream, 3, 3))), (std::set<std::string>{"c1"}));
  EXPECT_EQ(Keys(w.Closure(c1, Spec(Direction::kDownstream, 2))), (std::set<std::string>{"c1", "c3"}));
  EXPECT_EQ(w.ClosureSize(c1, Spec(Direction::kDownstream, 2)), 2u);
}

TEST_F(TraversalTest, BothWaysTheStartComesBackOnlyRoundACycle) {
  Walker w(g());
  auto c1 = Id("Dataset", "c1");
  // The 3-cycle ignoring directions: c1 comes back after 3 edges.
  EXPECT_EQ(Keys(w.Closure(c1, Spec(Direction::kBoth))), (std::set<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(Keys(w.Closure(c1, Spec(Direction::kBoth, 1, 2))), (std::set<std::string>{"c2", "c3"}));
  for (const Reached& r : w.Closure(c1, Spec(Direction::kBoth, 1, 3))) {
    if (r.node == c1) {
      EXPECT_EQ(r.depth, 3u);
    }
  }
  // The FEEDS lineage s1 -> j1 <- s2, j1 -> d1 -> ... is a tree ignoring
  // directions: j1 never comes back.
  EXPECT_EQ(Keys(w.Closure(Id("Job", "j1"), Spec(Direction::kBoth))).count("j1"), 0u);
  // Trails of exactly 2 edges from j2 both ways: j2-d1-j1, j2-d1-j3,
  // j2-d2-m (never j2-d1-j2: that would repeat the edge).
  EXPECT_EQ(Keys(w.Closure(Id("Job", "j2"), Spec(Direction::kBoth, 2, 2))), (std::set<std::string>{"j1", "j3", "m"}));
  // Of 2..3 edges from c2 both ways: c2-c1-c3, c2-c3-c1 (2); c2-c1-c3-c2,
  // c2-c3-c1-c2 (3).
  EXPECT_EQ(Keys(w.Closure(Id("Dataset", "c2"), Spec(Direction::kBoth, 2, 3))),
            (std::set<std::string>{"c1", "c2", "c3"}));
}

// Self-loops and opposite edges: p -> p, p -> q, q -> p (T).
TEST(TraversalLoops, SelfLoopAndOppositeEdgesAreCycles) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Batch b;
  auto at = T("2024-01-01T00:00:00Z");
  auto p = b.UpsertNode({"N"}, "p", at), q = b.UpsertNode({"N"}, "q", at), r = b.UpsertNode({"N"}, "r", at);
  b.UpsertEdge("T", p, p, at);
  b.UpsertEdge("T", p, q, at);
  b.UpsertEdge("T", q, p, at);
  b.UpsertEdge("T", q, r, at);
  CommitOrDie(*store, b);
  const Graph& g = store->graph();
  Walker w(g);
  NodeId np = *g.FindNode("N", "p"), nq = *g.FindNode("N", "q"), nr = *g.FindNode("N", "r");
  WalkSpec both;
  both.direction = Direction::kBoth;
  auto depth_of = [&](NodeId start, NodeId node, WalkSpec spec) -> int64_t {
    for (const Reached& x : w.Closure(start, spec)) {
      if (x.node == node) return x.depth;
    }
    return -1;
  };
  EXPECT_EQ(depth_of(np, np, both), 1);   // the self-loop
  EXPECT_EQ(depth_of(nq, nq, both), 2);   // q-p-q over the two opposite edges
  EXPECT_EQ(depth_of(nr, nr, both), -1);  // one edge: no way back
  both.max_depth = 1;
  EXPECT_EQ(depth_of(nq, nq, both), -1);
  EXPECT_EQ(w.ClosureSize(nr, both), 1u);
  // Exactly 2 edges from r both ways: r-q-p twice over (either edge), never
  // r-q-r.
  both.min_depth = 2;
  both.max_depth = 2;
  EXPECT_EQ(w.ClosureSize(nr, both), 1u);
  EXPECT_EQ(depth_of(nr, np, both), 2);
  // 3 edges: r-q-p-p (the loop), r-q-p-q (the other edge back).
  both.min_depth = 3;
  both.max_depth = 3;
  EXPECT_EQ(w.ClosureSize(nr, both), 2u);
  EXPECT_EQ(depth_of(nr, nr, both), -1);
}

TEST_F(TraversalTest, ShortestPathAndNeighbours) {
  Walker w(g());
  auto path = w.ShortestPath(Id("Source", "s2"), Id("KPI", "k"), Spec(Direction::kDownstream));
  std::vector<std::string> keys;
  for (NodeId n : path.nodes) keys.emplace_back(g().Key(n));
  EXPECT_EQ(keys, (std::vector<std::string>{"s2", "j1", "d1", "j2", "d2", "m", "k"}));
  ASSERT_EQ(path.edges.size(), 6u);
  EXPECT_EQ(g().EdgeSource(path.edges[0]), Id("Source", "s2"));
  EXPECT_EQ(g().EdgeTarget(path.edges[5]), Id("KPI", "k"));
  EXPECT_TRUE(w.ShortestPath(Id("KPI", "k"), Id("Source", "s2"), Spec(Direction::kDownstream)).nodes.empty());
  EXPECT_TRUE(w.ShortestPath(Id("Source", "s2"), Id("KPI", "k"), Spec(Direction::kDownstream, 1, 5)).nodes.empty());
  auto both = w.ShortestPath(Id("Source", "s1"), Id("Source", "s2"), Spec(Direction::kBoth));
  EXPECT_EQ(both.nodes.size(), 3u);

  WalkSpec any;
  any.direction = Direction::kBoth;
  auto n = w.Neighbours(Id("Model", "m"), any);
  std::set<std::pair<std::string, bool>> got;
  for (auto& x : n) got.insert({std::string(g().Key(x.node)), x.outgoing});
  EXPECT_EQ(got, (std::set<std::pair<std::string, bool>>{{"d2", false}, {"o", false}, {"k", true}}));
}

TEST_F(TraversalTest, TopologicalOrderAndCycleError) {
  auto order = TopologicalOrder(g(), {}, {feeds_});
  ASSERT_FALSE(order.ok()) << "c1 -> c2 -> c3 -> c1 is a cycle";
  EXPECT_NE(order.status().message().find("cycle"), std::string::npos);
  Walker w(g());
  std::vector<NodeId> lineage{Id("KPI", "k")};
  for (const Reached& r : w.Closure(Id("KPI", "k"), Spec(Direction::kUpstream))) lineage.push_back(r.node);
  auto ok = TopologicalOrder(g(), lineage, {feeds_});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), lineage.size());
  std::vector<size_t> pos(g().node_count());
  for (size_t i = 0; i < ok->size(); ++i) pos[(*ok)[i]] = i;
  for (EdgeId e = 0; e < g().edge_count(); ++e) {
    NodeId s = g().EdgeSource(e), t = g().EdgeTarget(e);
    bool in = std::count(lineage.begin(), lineage.end(), s) && std::count(lineage.begin(), lineage.end(), t);
    if (in && g().EdgeType(e) == feeds_) {
      EXPECT_LT(pos[s], pos[t]) << g().Key(s) << " -> " << g().Key(t);
    }
  }
}

// Walks as of an instant between two loads, and after both: the walker
// skips the per-edge validity check only when every edge is valid then
// (Adjacency::newest_simple), never earlier. a -> b loaded at t1;
// c and b -> c at t2 (a later batch).
TEST(TraversalAsOf, EdgesCreatedLaterAreNotWalkedEarlier) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Timestamp t1 = T("2024-01-01T00:00:00Z"), t2 = T("2024-03-01T00:00:00Z");
  Batch first;
  auto a = first.UpsertNode({"N"}, "a", t1), b = first.UpsertNode({"N"}, "b", t1);
  first.UpsertEdge("FEEDS", a, b, t1);
  CommitOrDie(*store, first);
  Batch second;
  auto b2 = second.UpsertNode({"N"}, "b", t1), c = second.UpsertNode({"N"}, "c", t2);
  second.UpsertEdge("FEEDS", b2, c, t2);
  CommitOrDie(*store, second);
  const Graph& g = store->graph();
  Walker w(g);
  WalkSpec spec;
  spec.direction = Direction::kDownstream;
  NodeId start = *g.FindNode("N", "a");
  auto count_at = [&](const char* iso) {
    spec.at = T(iso);
    return w.Closure(start, spec).size();
  };
  EXPECT_EQ(count_at("2023-12-31T00:00:00Z"), 0u);  // a itself not yet valid
  EXPECT_EQ(count_at("2024-02-01T00:00:00Z"), 1u);  // b only
  EXPECT_EQ(count_at("2024-03-01T00:00:00Z"), 2u);  // b and c (t2 itself included)
  EXPECT_EQ(count_at("2100-01-01T00:00:00Z"), 2u);
  spec.at = T("2024-02-01T00:00:00Z");
  EXPECT_EQ(w.Neighbours(*g.FindNode("N", "b"), spec).size(), 0u);
  spec.direction = Direction::kUpstream;
  EXPECT_EQ(w.Neighbours(*g.FindNode("N", "b"), spec).size(), 1u);
}

// Walks as of instants inside a long history. A chain n0 -> n1 -> ... ->
// nK (K = 70,000 FEEDS edges: more distinct creation instants than CsrEdge
// can rank one by one -- Adjacency keeps 32,768 of them -- and than
// Graph::adjacency collects before its first compaction): every node
// at t0, edge i (n_i -> n_i+1) at t0 + i + 1 seconds. As of t0 + s seconds
// exactly the edges 0..s-1 exist, so the downstream closure of n0 is
// n1..ns: s nodes (K from s = K on), whichever ranks the edges share.
TEST(TraversalAsOf, LongHistoryOfDistinctInstants) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  constexpr int64_t kEdges = 70000;
  const Timestamp t0 = T("2024-01-01T00:00:00Z");
  auto plus = [&](int64_t seconds) { return Timestamp{t0.micros + seconds * 1000000}; };
  Batch b;
  std::vector<Batch::NodeRef> nodes;
  for (int64_t i = 0; i <= kEdges; ++i) nodes.push_back(b.UpsertNode({"N"}, "n" + std::to_string(i), t0));
  for (int64_t i = 0; i < kEdges; ++i) b.UpsertEdge("FEEDS", nodes[i], nodes[i + 1], plus(i + 1));
  CommitOrDie(*store, b);
  const Graph& g = store->graph();
  Walker w(g);
  WalkSpec spec;
  spec.direction = Direction::kDownstream;
  const NodeId start = *g.FindNode("N", "n0");
  for (int64_t s : {int64_t{0}, int64_t{1}, int64_t{2}, int64_t{3}, int64_t{1000}, int64_t{12345}, int64_t{32767},
                    int64_t{32768}, int64_t{32769}, int64_t{65536}, kEdges - 1, kEdges, kEdges + 1}) {
    spec.at = plus(s);
    EXPECT_EQ(w.ClosureSize(start, spec), static_cast<size_t>(std::min(s, kEdges))) << "s = " << s;
    // Half a second before: the edge of second s is not there yet.
    spec.at = Timestamp{plus(s).micros - 500000};
    EXPECT_EQ(w.ClosureSize(start, spec), static_cast<size_t>(std::max<int64_t>(0, std::min(s, kEdges + 1) - 1)))
        << "s = " << s << " - 0.5";
  }
  // One hop, both ways, from n5 as of t0 + 5 s: n4 (edge 4 exists from
  // t0 + 5 s), not n6 (edge 5 from t0 + 6 s).
  spec.at = plus(5);
  spec.direction = Direction::kBoth;
  auto nb = w.Neighbours(*g.FindNode("N", "n5"), spec);
  ASSERT_EQ(nb.size(), 1u);
  EXPECT_EQ(g.Key(nb[0].node), "n4");
}

// Closed and reopened edges and nodes are checked one by one whatever the
// instant. a -> b -> c -> d at t1; the edge b -> c is closed at t2 and the
// node d at t3; a late edge x -> y at t4 keeps every instant before t4
// inside the history. Downstream of a: t1..t2: b, c, d; t2..t4: b only.
TEST(TraversalAsOf, ClosedEdgesAndNodesInsideTheHistory) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Timestamp t1 = T("2024-01-01T00:00:00Z"), t2 = T("2024-02-01T00:00:00Z"), t3 = T("2024-03-01T00:00:00Z"),
            t4 = T("2024-04-01T00:00:00Z");
  Batch first;
  auto a = first.UpsertNode({"N"}, "a", t1), b = first.UpsertNode({"N"}, "b", t1), c = first.UpsertNode({"N"}, "c", t1),
       d = first.UpsertNode({"N"}, "d", t1);
  first.UpsertEdge("FEEDS", a, b, t1);
  auto bc = first.UpsertEdge("FEEDS", b, c, t1);
  first.UpsertEdge("FEEDS", c, d, t1);
  first.CloseEdge(bc, t2);
  first.CloseNode(d, t3);
  auto x = first.UpsertNode({"N"}, "x", t4), y = first.UpsertNode({"N"}, "y", t4);
  first.UpsertEdge("FEEDS", x, y, t4);
  CommitOrDie(*store, first);
  const Graph& g = store->graph();
  Walker w(g);
  WalkSpec spec;
  spec.direction = Direction::kDownstream;
  auto count_at = [&](const char* label, const char* key, const char* iso) {
    spec.at = T(iso);
    return w.ClosureSize(*g.FindNode(label, key), spec);
  };
  EXPECT_EQ(count_at("N", "a", "2024-01-15T00:00:00Z"), 3u);
  EXPECT_EQ(count_at("N", "a", "2024-02-15T00:00:00Z"), 1u);
  EXPECT_EQ(count_at("N", "c", "2024-02-15T00:00:00Z"), 1u);  // d, not yet closed
  EXPECT_EQ(count_at("N", "c", "2024-03-15T00:00:00Z"), 0u);  // d closed at t3
  EXPECT_EQ(count_at("N", "x", "2024-03-15T00:00:00Z"), 0u);  // x not yet valid
  EXPECT_EQ(count_at("N", "x", "2024-04-15T00:00:00Z"), 1u);
  EXPECT_EQ(count_at("N", "a", "2024-04-15T00:00:00Z"), 1u);
}

}  // namespace
}  // namespace provgraph
