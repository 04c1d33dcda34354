// Aggregation: the grouping and aggregate functions of a WITH / RETURN
// that aggregates (Cypher's implicit grouping by the non-aggregate items).
// Add() takes each input row, Finish() emits one row per group (one row
// for an empty input without grouping keys). Also the DISTINCT key set the
// executor's Distinct operator uses.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/binder/bound_query.h"
#include "query/executor/exec_context.h"

namespace provgraph::query {

class Aggregation {
 public:
  Aggregation(const BoundProjection& bp, ExecContext& ctx);
  ~Aggregation();
  void Add(Row& row);
  void Finish(const std::function<void(Row&)>& emit);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The set of rows already seen by DISTINCT, keyed on `slots`: a bitmap of
// ids when the key is one node (or relationship) value, else a hash set.
class DistinctSet {
 public:
  explicit DistinctSet(std::vector<int> slots) : slots_(std::move(slots)) {}
  // True the first time the row's key is seen.
  bool Insert(const Row& row);

 private:
  struct Hash {
    size_t operator()(const std::vector<QueryValue>& k) const;
  };
  struct Eq {
    bool operator()(const std::vector<QueryValue>& a, const std::vector<QueryValue>& b) const;
  };
  std::vector<int> slots_;
  std::vector<uint64_t> node_bits_, edge_bits_;
  std::unordered_set<std::vector<QueryValue>, Hash, Eq> seen_;
};

}  // namespace provgraph::query
