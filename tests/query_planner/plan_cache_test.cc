// The plan cache: a statement run again with other parameter values reuses
// its plan and answers for those values; other parameter names or types,
// EXPLAIN / PROFILE and a changed graph are handled as if nothing were
// cached. Expected rows derived by hand from the small graph's picture.
#include "query/plan_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "query/query_engine.h"
#include "tests/query_planner/small_graph_test.h"
#include "tests/test_util.h"

namespace provgraph::query {
namespace {

std::string KeyFor(std::string_view text, const Params& params) {
  std::string key;
  PlanCache::KeyOf(text, params, key);
  return key;
}

std::unique_ptr<PreparedQuery> Prepared() { return std::make_unique<PreparedQuery>(); }

TEST(PlanCacheKey, SameForOtherValuesOfTheSameTypes) {
  EXPECT_EQ(KeyFor("RETURN $a, $b", {{"a", QueryValue(int64_t{1})}, {"b", QueryValue(std::string("x"))}}),
            KeyFor("RETURN $a, $b", {{"b", QueryValue(std::string("y"))}, {"a", QueryValue(int64_t{2})}}));
}

TEST(PlanCacheKey, DiffersByTextParameterNameAndType) {
  const std::string base = KeyFor("RETURN $a", {{"a", QueryValue(int64_t{1})}});
  EXPECT_NE(base, KeyFor("RETURN $a ", {{"a", QueryValue(int64_t{1})}}));
  EXPECT_NE(base, KeyFor("RETURN $a", {{"b", QueryValue(int64_t{1})}}));
  EXPECT_NE(base, KeyFor("RETURN $a", {{"a", QueryValue(1.0)}}));
  EXPECT_NE(base, KeyFor("RETURN $a", {{"a", QueryValue()}}));
  EXPECT_NE(base, KeyFor("RETURN $a", {}));
  EXPECT_NE(base, KeyFor("RETURN $a", {{"a", QueryValue(int64_t{1})}, {"c", QueryValue(int64_t{1})}}));
}

TEST(PlanCacheLeases, AnEntryIsLeasedToOneRunAtATime) {
  PlanCache cache(4);
  EXPECT_FALSE(cache.Acquire("q"));
  auto p = Prepared();
  PreparedQuery* raw = p.get();
  {
    PlanCache::Lease first = cache.Insert("q", p);
    ASSERT_TRUE(first);
    EXPECT_EQ(&*first, raw);
    EXPECT_EQ(p, nullptr);                // the cache owns it now
    EXPECT_FALSE(cache.Acquire("q"));     // in use by `first`
    auto again = Prepared();
    EXPECT_FALSE(cache.Insert("q", again));  // the key is taken: the caller keeps its own
    EXPECT_NE(again, nullptr);
  }
  PlanCache::Lease second = cache.Acquire("q");
  ASSERT_TRUE(second);
  EXPECT_EQ(&*second, raw);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(PlanCacheLeases, TheLeastRecentlyUsedEntryNotInUseGoesWhenFull) {
  PlanCache cache(2);
  for (const char* key : {"a", "b"}) {
    auto p = Prepared();
    ASSERT_TRUE(cache.Insert(key, p));
  }
  EXPECT_TRUE(cache.Acquire("a"));  // a is now more recent than b
  auto c = Prepared();
  ASSERT_TRUE(cache.Insert("c", c));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Acquire("b"));
  EXPECT_TRUE(cache.Acquire("a"));
  EXPECT_TRUE(cache.Acquire("c"));

  // Entries in use stay, even over capacity; Clear drops only the others.
  PlanCache::Lease held = cache.Acquire("a");
  auto d = Prepared();
  PlanCache::Lease d_lease = cache.Insert("d", d);
  ASSERT_TRUE(d_lease);
  EXPECT_EQ(cache.size(), 2u);  // c went; a (held) and d stay
  EXPECT_FALSE(cache.Acquire("c"));
  cache.Clear();
  EXPECT_EQ(cache.size(), 2u);  // both in use
}

// FEEDS: a -> b -> c -> a (a cycle), c -> d, e -> d; OTHER: d -> y;
// x stands alone. Labels: a..e are N, x and y are M.
class PlanCacheRuns : public SmallGraphTest {
 protected:
  void SetUp() override {
    SmallGraphTest::SetUp();
    PlanCache::Shared().Clear();
  }
  // The rows' cells joined by " | ", or the error.
  std::vector<std::string> Rows(const std::string& text, const Params& params = {}) {
    auto r = RunQuery(text, store_->graph(), params);
    if (!r.ok()) return {"error: " + r.status().ToString()};
    std::vector<std::string> out;
    for (const auto& row : r->rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i ? " | " : "") + ToCellText(row[i], store_->graph(), r->at);
      out.push_back(line);
    }
    return out;
  }
  static Params K(const std::string& k) { return {{"k", QueryValue(k)}}; }
};

using Lines = std::vector<std::string>;

TEST_F(PlanCacheRuns, OtherParameterValuesGetTheirOwnAnswers) {
  const std::string q = "MATCH (n:N {key: $k})-[:FEEDS]->(m) RETURN m.key ORDER BY m.key";
  size_t before = PlanCache::Shared().size();
  EXPECT_EQ(Rows(q, K("a")), (Lines{"b"}));
  EXPECT_EQ(PlanCache::Shared().size(), before + 1);
  EXPECT_EQ(Rows(q, K("c")), (Lines{"a", "d"}));
  EXPECT_EQ(Rows(q, K("d")), (Lines{}));
  EXPECT_EQ(Rows(q, K("e")), (Lines{"d"}));
  EXPECT_EQ(Rows(q, K("zz")), (Lines{}));
  EXPECT_EQ(Rows(q, K("a")), (Lines{"b"}));
  EXPECT_EQ(PlanCache::Shared().size(), before + 1);  // one plan served all six
}

TEST_F(PlanCacheRuns, ANodeColumnResultReadsTheSameAsValues) {
  // `RETURN m` one node a row (kept as ids), both ways from c: b->c gives
  // b, c->a gives a, c->d gives d (in the walk's order: sorted here).
  const std::string q = "MATCH (n:N {key: $k})-[:FEEDS]-(m) RETURN m";
  auto r = RunQuery(q, store_->graph(), K("c"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 3u);
  std::vector<std::string> keys;
  for (const auto& row : r->rows) keys.push_back(std::string(store_->graph().Key(row[0].as_node().id)));
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (Lines{"a", "b", "d"}));
}

TEST_F(PlanCacheRuns, ThreadsRunningTheSameStatementEachGetTheirOwnAnswers) {
  // One statement from four threads at once: a thread finding the cached
  // plan leased plans its own; every answer is that thread's key's.
  const std::string q = "MATCH (n:N {key: $k})-[:FEEDS]->(m) RETURN m.key ORDER BY m.key";
  const std::vector<std::pair<std::string, Lines>> cases = {
      {"a", {"b"}}, {"b", {"c"}}, {"c", {"a", "d"}}, {"d", {}}, {"e", {"d"}}};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto& [key, expected] = cases[(t + i) % cases.size()];
        auto r = RunQuery(q, store_->graph(), K(key));
        Lines got;
        if (r.ok()) {
          for (const auto& row : r->rows) got.push_back(ToCellText(row[0], store_->graph(), r->at));
        }
        if (!r.ok() || got != expected) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(PlanCacheRuns, ParameterTypesAndNamesAreCheckedForEachRun) {
  const std::string q = "MATCH (n:N) WHERE $p RETURN count(*)";
  EXPECT_EQ(Rows(q, {{"p", QueryValue(true)}}), (Lines{"5"}));
  EXPECT_EQ(Rows(q, {{"p", QueryValue(int64_t{1})}}), (Lines{"error: query:1:19: WHERE needs a boolean, got integer"}));
  EXPECT_EQ(Rows(q, {{"p", QueryValue(false)}}), (Lines{"0"}));
  EXPECT_EQ(Rows(q, {}), (Lines{"error: query:1:19: parameter $p is not given"}));
  EXPECT_EQ(Rows(q, {{"p", QueryValue(true)}}), (Lines{"5"}));
}

TEST_F(PlanCacheRuns, ProfileCountsOneRunOnly) {
  const std::string q = "PROFILE MATCH (n:N {key: 'c'})-[:FEEDS]->(m) RETURN m.key";
  auto first = RunQuery(q, store_->graph());
  auto second = RunQuery(q, store_->graph());
  ASSERT_TRUE(first.ok() && second.ok());
  // c has two FEEDS successors (a, d): the result operator saw 2 rows,
  // the second time too (not 4).
  auto result_rows = [](const std::string& plan) {
    size_t at = plan.find("ProduceResults");
    size_t rows = plan.find("rows=", at);
    return plan.substr(rows, plan.find(' ', rows) - rows);
  };
  EXPECT_EQ(result_rows(first->plan), "rows=2");
  EXPECT_EQ(result_rows(second->plan), "rows=2");
}

TEST_F(PlanCacheRuns, ACachedPlanSeesTheGraphAsItIsNow) {
  const std::string q = "MATCH (n:N {key: $k})-[:FEEDS]->(m:N) RETURN m.key ORDER BY m.key";
  EXPECT_EQ(Rows(q, K("d")), (Lines{}));
  // A later batch: f (N), and d -> f over FEEDS.
  LoadBatch("later", ":ID,:LABEL,w:int\nf,N,8\n", ":START_ID,:END_ID,:TYPE\nN:d,f,FEEDS\n", "2024-02-01T00:00:00Z");
  if (HasFatalFailure()) return;
  EXPECT_EQ(Rows(q, K("d")), (Lines{"f"}));
  EXPECT_EQ(Rows(q, K("c")), (Lines{"a", "d"}));
}

}  // namespace
}  // namespace provgraph::query
