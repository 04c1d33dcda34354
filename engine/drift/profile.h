// Profile: reading the dataQualityMetrics column profiles that OpenLineage
// events leave on Column nodes (`dq.quantiles`, `dq.min`, `dq.max`) and on
// DatasetVersions (`dq.<column>.quantiles`, ...) as pseudo-samples, for the
// drift job (engine/drift/run.cc) and the root-cause shift finder
// (engine/rootcause/shift.cc), which must read them the same way.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/graph.h"

namespace provgraph::drift {

// A number-valued (double or int) node property at `at`, else nullopt.
std::optional<double> NumberProperty(const Graph& g, NodeId n, std::string_view name, Timestamp at);

// The (p, value) pairs of a `quantiles` property (a JSON object such as
// {"0.25": 1.5, "0.5": 2}), sorted by p; nullopt when `v` is absent, not a
// string, not such an object, empty, or a key is not a number in [0, 1] or
// a value not a number.
std::optional<std::vector<std::pair<double, double>>> ParseQuantiles(const Value* v);

// A pseudo-sample of `n` values spread as the piecewise-linear CDF through
// (0, min), (p_i, q_i), (1, max) (min or max may be absent: the outermost
// quantile is used), for drift from dataQualityMetrics profiles.
std::vector<double> SampleFromQuantiles(const std::vector<std::pair<double, double>>& quantiles,
                                        std::optional<double> min, std::optional<double> max, int n = 200);

// The pseudo-sample of the profile `quantiles` on node `n`, with the
// `<prefix>min` / `<prefix>max` properties at `at` as its ends (prefix "dq."
// on a Column node, "dq.<column>." on a DatasetVersion); empty when the
// quantiles do not parse.
std::vector<double> ProfileSample(const Graph& g, NodeId n, std::string_view prefix, const Value* quantiles,
                                  Timestamp at);

}  // namespace provgraph::drift
