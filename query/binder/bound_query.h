// BoundQuery: the parsed tree with names resolved: each variable has a
// slot in the row, each clause knows which slots it introduces, every
// aggregate is found, parameters and the AS OF instant are checked. It
// refers to the parsed tree (which must outlive it) for expressions. It
// holds no parameter values: any with the same names and types run it.
#pragma once

#include <boost/container/flat_map.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/value.h"
#include "query/ast/clause.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

struct BoundProjection {
  const ast::Projection* projection = nullptr;
  std::vector<int> item_slots;     // where each item's value goes
  std::vector<std::string> names;  // column / variable names
  std::vector<bool> is_aggregate;  // item contains an aggregate call
  bool aggregating = false;
  // Slots copied through by `*` (WITH *): from -> to.
  std::vector<std::pair<int, int>> star_slots;
};

struct BoundClause {
  const ast::Clause* clause = nullptr;
  BoundProjection projection;    // WITH / RETURN
  std::vector<int> new_slots;    // slots this clause binds (MATCH, UNWIND, CALL)
  std::vector<int> yield_slots;  // CALL: slot per procedure output (-1 = not yielded)
  std::vector<std::string> yield_names;
};

struct BoundQuery {
  const ast::Query* query = nullptr;
  Timestamp at = Timestamp{INT64_MAX - 1};
  std::vector<BoundClause> clauses;
  int num_slots = 0;
  std::vector<std::string> columns;
  // Variable expressions and pattern variables -> slot (a sorted vector:
  // looked up for every variable the executor reads).
  boost::container::flat_map<const void*, int> slot_of;
  // Relationship patterns whose variable an earlier clause bound (`MATCH
  // ()-[r]->() WITH r MATCH (a)-[r]->(b)`), and those of pattern
  // predicates: they match only the relationship already bound.
  std::unordered_set<const void*> bound_relationships;
  int SlotOf(const void* node) const {
    auto it = slot_of.find(node);
    return it == slot_of.end() ? -1 : it->second;
  }
};

}  // namespace provgraph::query
