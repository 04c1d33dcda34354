#include "query/query_engine.h"

#include <nlohmann/json.hpp>

#include "query/binder/binder.h"
#include "query/parser/parser.h"
#include "query/plan_cache.h"
#include "query/planner/planner.h"

namespace provgraph::query {

namespace {
// Parses, binds and plans `text`.
Result<std::unique_ptr<PreparedQuery>> Prepare(std::string_view text, const Params& params) {
  auto prepared = std::make_unique<PreparedQuery>();
  Result<ast::Query> parsed = ParseQuery(text);
  if (!parsed.ok()) return parsed.status();
  prepared->parsed = std::move(*parsed);
  Result<BoundQuery> bound = Bind(prepared->parsed, params);
  if (!bound.ok()) return bound.status();
  prepared->bound = std::move(*bound);
  prepared->plan = BuildPlan(prepared->bound);
  return prepared;
}

// The plan of `text` (from the cache when an earlier statement had the
// same text and parameter types), executed with these parameter values;
// rows go to `sink` when there is one. EXPLAIN and PROFILE are planned
// afresh: PROFILE reads the plan's own counters.
Result<QueryResult> ParseBindAndExecute(std::string_view text, const Graph& graph, const Params& params, RowSink* sink,
                                        const SeriesIndex* series) {
  PlanCache& cache = PlanCache::Shared();
  thread_local std::string key;
  PlanCache::KeyOf(text, params, key);
  PlanCache::Lease cached = cache.Acquire(key);
  if (cached) return Execute(cached->bound, cached->plan, graph, params, series, sink);
  Result<std::unique_ptr<PreparedQuery>> fresh = Prepare(text, params);
  if (!fresh.ok()) return fresh.status();
  std::unique_ptr<PreparedQuery> prepared = std::move(*fresh);
  if (prepared->parsed.mode == ast::ExplainMode::kNone) {
    PlanCache::Lease kept = cache.Insert(key, prepared);
    if (kept) return Execute(kept->bound, kept->plan, graph, params, series, sink);
  }
  return Execute(prepared->bound, prepared->plan, graph, params, series, sink);
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
