// provgraph's side of bench/compare/run.sh: opens the bench store and asks
// the comparison's three questions through the query engine (query text to
// last row, no cache across statements) for each start key, printing one
// line per answer in the format every peer script prints:
//
//   RESULT provgraph <question> <key> <count> <milliseconds>
//
// and, for reference, the same answer from the traversal API directly (key
// lookup, a fresh Walker, ClosureSize / Neighbours: what the query costs
// without the executor's rows), as peer "provgraph-walker".
//
//   compare_provgraph STORE_DIR closure|near30|hop KEY...
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/store.h"
#include "engine/traversal.h"
#include "query/query_engine.h"

int main(int argc, char** argv) {
  using namespace provgraph;
  if (argc < 4) {
    std::fprintf(stderr, "usage: compare_provgraph STORE_DIR closure|near30|hop KEY...\n");
    return 2;
  }
  std::string question = argv[2];
  const char* text = nullptr;
  if (question == "closure") {
    text = "MATCH (d:Dataset {key: $k})<-[:FEEDS*]-(u) RETURN count(DISTINCT u)";
  } else if (question == "near30") {
    text = "MATCH (d:Dataset {key: $k})<-[:FEEDS*1..30]-(u) RETURN count(DISTINCT u)";
  } else if (question == "hop") {
    text = "MATCH (d:Dataset {key: $k})-[:FEEDS]-(n) RETURN count(n)";
  } else {
    std::fprintf(stderr, "compare_provgraph: unknown question '%s'\n", question.c_str());
    return 2;
  }
  auto store = Store::Open(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "compare_provgraph: %s\n", store.status().ToString().c_str());
    return 1;
  }
  const Graph& g = (*store)->graph();
  (void)g.adjacency();  // built at open by the CLI too; not part of a query
  for (int i = 3; i < argc; ++i) {
    query::Params params;
    params.emplace("k", query::QueryValue(std::string(argv[i])));
    auto t0 = std::chrono::steady_clock::now();
    auto r = query::RunQuery(text, g, params);
    auto t1 = std::chrono::steady_clock::now();
    if (!r.ok() || r->rows.size() != 1 || r->rows[0].size() != 1 ||
        r->rows[0][0].type() != query::QueryValue::Type::kInt) {
      std::fprintf(stderr, "compare_provgraph: query for key %s failed: %s\n", argv[i],
                   r.ok() ? "not one count" : r.status().ToString().c_str());
      return 1;
    }
    std::printf("RESULT provgraph %s %s %lld %.4f\n", question.c_str(), argv[i],
                static_cast<long long>(r->rows[0][0].as_int()),
                std::chrono::duration<double, std::milli>(t1 - t0).count());
    // The traversal API directly (no query text, no rows).
    auto t2 = std::chrono::steady_clock::now();
    WalkSpec spec;
    spec.direction = question == "hop" ? Direction::kBoth : Direction::kUpstream;
    if (auto feeds = g.edge_types().Find("FEEDS")) spec.edge_types = {*feeds};
    if (question == "near30") spec.max_depth = 30;
    Walker walker(g);
    size_t n = 0;
    if (auto id = g.FindNode("Dataset", argv[i])) {
      n = question == "hop" ? walker.Neighbours(*id, spec).size() : walker.ClosureSize(*id, spec);
    }
    auto t3 = std::chrono::steady_clock::now();
    std::printf("RESULT provgraph-walker %s %s %zu %.4f\n", question.c_str(), argv[i], n,
                std::chrono::duration<double, std::milli>(t3 - t2).count());
  }
  return 0;
}
