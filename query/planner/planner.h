// Planner: BoundQuery -> Plan (plan.h). Each MATCH pattern starts where an
// index fixes a node (a bound variable, then label + key from the property
// map or a WHERE equality, then key alone, then a label scan, then all
// nodes), walking the chain backwards when the fixed node is at its end;
// WHERE conjuncts move to the first pattern position where their
// variables are bound; variable-length relationships with no relationship
// or path variable become reachability steps (the engine's closure), and
// a count of the reached nodes right after such a MATCH becomes
// CountReachable (closure sizes, no rows).
#pragma once

#include "query/binder/bound_query.h"
#include "query/planner/plan.h"

namespace provgraph::query {

Plan BuildPlan(const BoundQuery& bound);

}  // namespace provgraph::query
