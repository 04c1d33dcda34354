// Binder: parsed query -> BoundQuery. Reports unknown variables, unknown
// functions and procedures, misplaced aggregates, missing parameters and a
// bad AS OF timestamp as InvalidInput at query:LINE:COLUMN.
#pragma once

#include <string>
#include <unordered_map>

#include "engine/status.h"
#include "query/binder/bound_query.h"

namespace provgraph::query {

// `params`: the names and types the query will run with (a missing one is
// an error; a WHERE that is just a parameter must be a boolean one).
Result<BoundQuery> Bind(const ast::Query& query, const std::unordered_map<std::string, QueryValue>& params);

// Whether `name` (lower case) is an aggregate function.
bool IsAggregateFunction(const std::string& lower_name);
// The known scalar functions, lower case.
bool IsScalarFunction(const std::string& lower_name);

struct ProcedureSignature {
  const char* name;          // "lineage.upstream"
  int min_args, max_args;
  std::vector<const char*> outputs;
};
const ProcedureSignature* FindProcedure(const std::string& lower_name);

}  // namespace provgraph::query
