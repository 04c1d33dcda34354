#include "query/planner/explain.h"

#include <cstdio>
#include <sstream>

#include "query/ast/ast_printer.h"
#include "query/common/str_cat.h"

namespace provgraph::query {
namespace {

std::string NodeText(const ast::NodePattern& n) {
  std::string out = "(";
  if (!n.variable.empty()) out += ast::QuoteName(n.variable);
  for (const auto& l : n.labels) out += StrCat({":", ast::QuoteName(l)});
  if (n.properties) out += StrCat({" ", ast::PrintExpr(*n.properties)});
  out += ")";
  return out;
}

// The relationship as seen walking from `from` (flipped when reversed).
std::string RelText(const ast::RelationshipPattern& r, bool reversed) {
  std::string inner = r.variable.empty() ? std::string() : ast::QuoteName(r.variable);
  for (size_t i = 0; i < r.types.size(); ++i) inner += StrCat({i ? "|" : ":", ast::QuoteName(r.types[i])});
  if (r.var_length) {
    inner += "*";
    const auto& v = *r.var_length;
    if (v.min_hops && v.max_hops && *v.min_hops == *v.max_hops) {
      inner += std::to_string(*v.min_hops);
    } else if (v.min_hops || v.max_hops) {
      if (v.min_hops) inner += std::to_string(*v.min_hops);
      inner += "..";
      if (v.max_hops) inner += std::to_string(*v.max_hops);
    }
  }
  if (r.properties) inner += StrCat({" ", ast::PrintExpr(*r.properties)});
  ast::RelDirection d = r.direction;
  if (reversed && d == ast::RelDirection::kOutgoing) {
    d = ast::RelDirection::kIncoming;
  } else if (reversed && d == ast::RelDirection::kIncoming) {
    d = ast::RelDirection::kOutgoing;
  }
  switch (d) {
    case ast::RelDirection::kOutgoing:
      return StrCat({"-[", inner, "]->"});
    case ast::RelDirection::kIncoming:
      return StrCat({"<-[", inner, "]-"});
    case ast::RelDirection::kUndirected:
      break;
  }
  return StrCat({"-[", inner, "]-"});
}

const char* StartName(StartKind k) {
  switch (k) {
    case StartKind::kBound:
      return "Argument";
    case StartKind::kNodeByKey:
      return "NodeByKey";
    case StartKind::kNodeByKeyAnyLabel:
      return "NodeByKeyAnyLabel";
    case StartKind::kNodeByLabelScan:
      return "NodeByLabelScan";
    case StartKind::kAllNodesScan:
      return "AllNodesScan";
  }
  return "?";
}

const char* StepName(StepKind k) {
  switch (k) {
    case StepKind::kExpand:
      return "Expand";
    case StepKind::kVarLengthExpand:
      return "VarLengthExpand";
    case StepKind::kReachability:
      return "Reachability";
    case StepKind::kShortestPath:
      return "ShortestPath";
  }
  return "?";
}

std::string Items(const BoundProjection& bp) {
  std::string out(bp.projection->star ? 1 : 0, '*');
  for (size_t i = 0; i < bp.projection->items.size(); ++i) {
    if (!out.empty()) out += ", ";
    const auto& item = bp.projection->items[i];
    out += ast::PrintExpr(*item.expr);
    if (!item.alias.empty()) out += StrCat({" AS ", ast::QuoteName(item.alias)});
  }
  return out;
}

std::string Filters(const std::vector<const ast::Expr*>& filters) {
  std::string out;
  for (const ast::Expr* f : filters) out += StrCat({out.empty() ? "" : " AND ", ast::PrintExpr(*f)});
  return out;
}

}  // namespace

std::vector<std::string> DescribePattern(const PatternPlan& pp) {
  std::vector<std::string> lines;
  const auto& chain = pp.pattern->chain;
  const size_t n = chain.nodes.size();
  auto node = [&](size_t i) -> const ast::NodePattern& { return chain.nodes[pp.reversed ? n - 1 - i : i]; };
  auto rel = [&](size_t i) -> const ast::RelationshipPattern& {
    return chain.relationships[pp.reversed ? n - 2 - i : i];
  };
  std::string start = StrCat({StartName(pp.start), NodeText(node(0))});
  if (pp.key && (pp.start == StartKind::kNodeByKey || pp.start == StartKind::kNodeByKeyAnyLabel)) {
    start += StrCat({" key = ", ast::PrintExpr(*pp.key)});
  }
  lines.push_back(start);
  auto filter_line = [&](size_t pos) {
    if (!pp.filters[pos].empty()) lines.push_back(StrCat({"Filter(", Filters(pp.filters[pos]), ")"}));
  };
  if (!pp.steps.empty() && pp.steps[0] == StepKind::kShortestPath) {
    std::string kind = pp.pattern->kind == ast::PathKind::kAllShortest ? "AllShortestPaths" : "ShortestPath";
    lines.push_back(StrCat({kind, NodeText(node(0)), RelText(rel(0), false), NodeText(node(1))}));
  } else {
    filter_line(0);
    for (size_t i = 0; i < pp.steps.size(); ++i) {
      lines.push_back(
          StrCat({StepName(pp.steps[i]), "(", node(i).variable.empty() ? "" : ast::QuoteName(node(i).variable), ")",
                  RelText(rel(i), pp.reversed), NodeText(node(i + 1))}));
      filter_line(i + 1);
    }
  }
  if (!pp.pattern->path_variable.empty())
    lines.push_back(StrCat({"NamedPath(", ast::QuoteName(pp.pattern->path_variable), ")"}));
  if (!pp.filters[n].empty()) lines.push_back(StrCat({"Filter(", Filters(pp.filters[n]), ")"}));
  return lines;
}

std::string DescribeOp(const PlanOp& op) {
  const BoundClause& bc = *op.clause;
  switch (op.kind) {
    case OpKind::kMatch: {
      std::string out = op.optional ? "OptionalMatch" : "Match";
      if (!op.filters.empty()) out += StrCat({" Filter(", Filters(op.filters), ")"});
      return out;
    }
    case OpKind::kCountReachable:
      return StrCat({"CountReachable(", Items(*op.projection), ")"});
    case OpKind::kUnwind: {
      const auto& u = bc.clause->As<ast::UnwindClause>();
      return StrCat({"Unwind(", ast::PrintExpr(*u.list), " AS ", ast::QuoteName(u.alias), ")"});
    }
    case OpKind::kProcedureCall:
      return StrCat({"ProcedureCall(", bc.clause->As<ast::CallClause>().QualifiedName(), ")"});
    case OpKind::kProjection:
      return StrCat({"Projection(", Items(bc.projection), ")"});
    case OpKind::kAggregate:
      return StrCat({"Aggregate(", Items(bc.projection), ")"});
    case OpKind::kDistinct:
      return "Distinct";
    case OpKind::kSort: {
      std::string keys;
      for (const auto& s : bc.projection.projection->order_by) {
        keys += StrCat({keys.empty() ? "" : ", ", ast::PrintExpr(*s.expr), s.descending ? " DESC" : ""});
      }
      return StrCat({"Sort(", keys, ")"});
    }
    case OpKind::kSkip:
      return StrCat({"Skip(", ast::PrintExpr(*bc.projection.projection->skip), ")"});
    case OpKind::kLimit:
      return StrCat({"Limit(", ast::PrintExpr(*bc.projection.projection->limit), ")"});
    case OpKind::kFilter:
      return StrCat({"Filter(", Filters(op.filters), ")"});
    case OpKind::kProduceResults:
      return "ProduceResults";
  }
  return "?";
}

std::string PlanText(const Plan& plan, Timestamp at, bool profile) {
  std::ostringstream out;
  out << "plan (as of " << (at.micros >= kLatest.micros ? std::string("now") : FormatTimestamp(at)) << ")\n";
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    const PlanOp& op = plan.ops[i];
    out << "  " << i + 1 << ". " << DescribeOp(op);
    if (profile) {
      // Operators push into the next one: an operator's own time is its
      // inclusive time less the next operator's.
      double self = op.ms - (i + 1 < plan.ops.size() ? plan.ops[i + 1].ms : 0.0);
      char buf[80];
      std::snprintf(buf, sizeof buf, "  rows=%zu time=%.3f ms", op.rows, self < 0 ? 0.0 : self);
      out << buf;
    }
    out << "\n";
    for (const PatternPlan& pp : op.patterns) {
      std::vector<std::string> lines = DescribePattern(pp);
      // rows per node position: the start line, then each step line.
      size_t pos = 0;
      for (const std::string& line : lines) {
        out << "       " << line;
        bool is_position = pos < pp.rows.size() && line.rfind("Filter(", 0) != 0 && line.rfind("NamedPath(", 0) != 0;
        if (profile && is_position) out << "  rows=" << pp.rows[pos];
        if (is_position) ++pos;
        out << "\n";
      }
    }
  }
  return out.str();
}

}  // namespace provgraph::query
