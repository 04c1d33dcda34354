#include "query/query_engine.h"

#include <nlohmann/json.hpp>

#include "query/binder/binder.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"

namespace provgraph::query {

namespace {
// Parse, bind, plan and execute; rows go to `sink` when there is one.
Result<QueryResult> ParseBindAndExecute(std::string_view text, const Graph& graph, const Params& params, RowSink* sink,
                                        const SeriesIndex* series) {
  Result<ast::Query> parsed = ParseQuery(text);
  if (!parsed.ok()) return parsed.status();
  Result<BoundQuery> bound = Bind(*parsed, params);
  if (!bound.ok()) return bound.status();
  Plan plan = BuildPlan(*bound);
  return Execute(*bound, plan, graph, series, sink);
}
}  // namespace

Result<QueryResult> RunQuery(std::string_view text, const Graph& graph, const Params& params,
                             const SeriesIndex* series) {
  return ParseBindAndExecute(text, graph, params, nullptr, series);
}

Result<QueryResult> RunQuery(std::string_view text, const Graph& graph, const Params& params, RowSink& sink,
                             const SeriesIndex* series) {
  return ParseBindAndExecute(text, graph, params, &sink, series);
}

namespace {
QueryValue FromJson(const nlohmann::json& j) {
  if (j.is_null()) return QueryValue();
  if (j.is_boolean()) return QueryValue(j.get<bool>());
  if (j.is_number_integer()) return QueryValue(j.get<int64_t>());
  if (j.is_number()) return QueryValue(j.get<double>());
  if (j.is_string()) return QueryValue(j.get<std::string>());
  if (j.is_array()) {
    QueryList out;
    for (const auto& x : j) out.push_back(FromJson(x));
    return QueryValue(std::move(out));
  }
  QueryMap out;
  for (const auto& [k, v] : j.items()) out[k] = FromJson(v);
  return QueryValue(std::move(out));
}
}  // namespace

QueryValue ParseParamValue(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return QueryValue(std::string(text));
  return FromJson(j);
}

}  // namespace provgraph::query
