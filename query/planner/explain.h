// Plan text for EXPLAIN (operators in pipeline order, each MATCH pattern's
// start, steps and pushed-down filters beneath it) and PROFILE (the same
// with rows and own time per operator, rows per pattern step).
#pragma once

#include <string>
#include <vector>

#include "engine/time.h"
#include "query/planner/plan.h"

namespace provgraph::query {

std::string PlanText(const Plan& plan, Timestamp at, bool profile);

// One line per start, step, filter and named path of a pattern.
std::vector<std::string> DescribePattern(const PatternPlan& pp);
std::string DescribeOp(const PlanOp& op);

}  // namespace provgraph::query
