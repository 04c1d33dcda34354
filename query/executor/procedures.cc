#include "query/executor/procedures.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/store.h"
#include "query/common/str_cat.h"
#include "query/executor/evaluator.h"

#ifdef PROVGRAPH_HAVE_ROOTCAUSE
#include "engine/rootcause/changes.h"
#include "engine/rootcause/rootcause.h"
#include "engine/time.h"
#endif

namespace provgraph::query {
namespace {

NodeId NodeArgument(const ast::CallClause& call, Row& row, ExecContext& ctx) {
  QueryValue v = Evaluate(*call.args[0], row, ctx);
  if (v.type() == QueryValue::Type::kNode) return v.as_node().id;
  if (v.type() == QueryValue::Type::kString) {
    auto ref = SplitNodeRef(v.as_string());
    if (!ref.ok()) Fail(call.args[0]->pos, ref.status().message());
    auto id = ctx.graph.FindNodeByRef(ref->first, ref->second);
    if (!id || !ctx.graph.NodeValid(*id, ctx.at)) Fail(call.args[0]->pos, StrCat({"no node ", v.as_string()}));
    return *id;
  }
  Fail(call.args[0]->pos, StrCat({call.QualifiedName(), " needs a node or a 'Label:key' string, got ",
                                  TypeName(v.type())}));
}

// drift.history(node, metric): the metric's points up to the query's
// valid-time instant (AS OF), oldest first.
std::vector<std::vector<QueryValue>> DriftHistory(const ast::CallClause& call, Row& row, ExecContext& ctx) {
  NodeId node = NodeArgument(call, row, ctx);
  QueryValue metric = Evaluate(*call.args[1], row, ctx);
  if (metric.type() != QueryValue::Type::kString) {
    Fail(call.args[1]->pos, StrCat({"drift.history needs the metric name as a string, got ", TypeName(metric.type())}));
  }
  std::vector<std::vector<QueryValue>> out;
  if (!ctx.series) return out;
  for (const MetricPoint& p : ctx.series->MetricSeries(node, metric.as_string(), ctx.at)) {
    out.push_back({QueryValue(p.time), QueryValue(p.value)});
  }
  return out;
}

#ifdef PROVGRAPH_HAVE_ROOTCAUSE
// A timestamp argument: a datetime() value or an ISO-8601 string.
Timestamp TimeArgument(const ast::CallClause& call, size_t i, Row& row, ExecContext& ctx) {
  QueryValue v = Evaluate(*call.args[i], row, ctx);
  if (v.type() == QueryValue::Type::kTimestamp) return v.as_timestamp();
  if (v.type() == QueryValue::Type::kString) {
    auto t = ParseTimestamp(v.as_string());
    if (!t.ok()) Fail(call.args[i]->pos, t.status().message());
    return *t;
  }
  Fail(call.args[i]->pos, StrCat({call.QualifiedName(), " needs a timestamp or an ISO-8601 string, got ",
                                  TypeName(v.type())}));
}

QueryList EvidenceList(const std::vector<rootcause::Evidence>& evidence) {
  QueryList out;
  for (const rootcause::Evidence& e : evidence) {
    out.emplace_back(QueryMap{{"kind", QueryValue(std::string(rootcause::EvidenceKindName(e.kind)))},
                              {"at", QueryValue(e.at)},
                              {"detail", QueryValue(e.detail)}});
  }
  return out;
}

// lineage.rootcause(node[, window]): the ranked causes (engine/rootcause),
// as of the query's valid-time instant; window a duration string ('7d').
std::vector<std::vector<QueryValue>> RootCause(const ast::CallClause& call, Row& row, ExecContext& ctx) {
  NodeId node = NodeArgument(call, row, ctx);
  rootcause::RootCauseOptions options;
  options.as_of = ctx.at;
  if (call.args.size() == 2) {
    QueryValue w = Evaluate(*call.args[1], row, ctx);
    if (w.type() != QueryValue::Type::kString) {
      Fail(call.args[1]->pos, StrCat({"lineage.rootcause needs the window as a duration string such as '7d', got ",
                                      TypeName(w.type())}));
    }
    auto parsed = rootcause::ParseWindow(w.as_string());
    if (!parsed.ok()) Fail(call.args[1]->pos, parsed.status().message());
    options.window = *parsed;
  }
  auto report = rootcause::FindRootCauses(ctx.graph, ctx.series, node, options);
  if (!report.ok()) Fail(call.args[0]->pos, report.status().message());
  std::vector<std::vector<QueryValue>> out;
  int64_t rank = 0;
  for (const rootcause::Candidate& c : report->candidates) {
    out.push_back({QueryValue(++rank), QueryValue(NodeRef{c.node}), QueryValue(std::round(c.score * 10000) / 10000),
                   QueryValue(EvidenceList(c.evidence)), QueryValue(PathValue{c.path, c.path_edges})});
  }
  return out;
}

// lineage.changes(node, from, to): code, schema, version and run changes
// upstream of the node (and on it) in [from, to], newest first.
std::vector<std::vector<QueryValue>> Changes(const ast::CallClause& call, Row& row, ExecContext& ctx) {
  NodeId node = NodeArgument(call, row, ctx);
  Timestamp from = TimeArgument(call, 1, row, ctx), to = TimeArgument(call, 2, row, ctx);
  auto changes = rootcause::UpstreamChanges(ctx.graph, node, from, std::min(to, ctx.at));
  if (!changes.ok()) Fail(call.args[1]->pos, changes.status().message());
  std::vector<std::vector<QueryValue>> out;
  for (const rootcause::Change& c : *changes) {
    out.push_back({QueryValue(c.evidence.at), QueryValue(NodeRef{c.node}),
                   QueryValue(std::string(rootcause::EvidenceKindName(c.evidence.kind))),
                   QueryValue(c.evidence.detail)});
  }
  return out;
}
#endif

}  // namespace

std::vector<std::vector<QueryValue>> RunProcedure(const ast::CallClause& call, Row& row, ExecContext& ctx) {
  std::string name = call.QualifiedName();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "drift.history") return DriftHistory(call, row, ctx);
#ifdef PROVGRAPH_HAVE_ROOTCAUSE
  if (name == "lineage.rootcause") return RootCause(call, row, ctx);
  if (name == "lineage.changes") return Changes(call, row, ctx);
#else
  if (name == "lineage.rootcause" || name == "lineage.changes") {
    Fail(call.procedure_pos, name + " needs provgraph built with the drift statistics");
  }
#endif
  std::vector<std::vector<QueryValue>> out;
  NodeId start = NodeArgument(call, row, ctx);
  WalkSpec spec;
  spec.at = ctx.at;
  if (auto feeds = ctx.graph.edge_types().Find("FEEDS")) {
    spec.edge_types = {*feeds};
  } else {
    return out;
  }
  spec.direction = name == "lineage.upstream" ? Direction::kUpstream : Direction::kDownstream;
  if (call.args.size() == 2) {
    QueryValue d = Evaluate(*call.args[1], row, ctx);
    if (d.type() != QueryValue::Type::kInt || d.as_int() < 0) Fail(call.args[1]->pos, "maxDepth must be a non-negative integer");
    spec.max_depth = static_cast<uint32_t>(std::min<int64_t>(d.as_int(), UINT32_MAX));
  }
  std::vector<Reached> reached = ctx.walker.Closure(start, spec);
  std::optional<uint32_t> owns = ctx.graph.edge_types().Find("OWNS");
  for (const Reached& r : reached) {
    std::vector<QueryValue> values{QueryValue(NodeRef{r.node}), QueryValue(static_cast<int64_t>(r.depth))};
    if (name == "lineage.impact") {
      QueryList owners;
      if (owns) {
        WalkSpec own;
        own.at = ctx.at;
        own.direction = Direction::kUpstream;
        own.edge_types = {*owns};
        own.max_depth = 1;
        Walker w(ctx.graph);
        for (const Reached& o : w.Closure(r.node, own)) owners.emplace_back(std::string(ctx.graph.Key(o.node)));
      }
      values.emplace_back(std::move(owners));
    }
    out.push_back(std::move(values));
  }
  return out;
}

}  // namespace provgraph::query
