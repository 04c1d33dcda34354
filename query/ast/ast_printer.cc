#include "query/ast/ast_printer.h"

#include <charconv>
#include <cstdio>

#include "query/lexer/token.h"

namespace provgraph::query::ast {

namespace {

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(letter || (digit && i > 0))) return false;
  }
  return true;
}

std::string PrintFloat(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string text = ec == std::errc() ? std::string(buf, end) : "0.0";
  // Keep it a float when read back: 1 -> 1.0 (1e+300, inf, nan are kept).
  if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
  return text;
}

// Appends canonical text to one string; every Print* below is a thin
// wrapper. Appending (rather than building with operator+) keeps it cheap.
class Printer {
 public:
  std::string Take() { return std::move(out_); }

  void Name(std::string_view name) { out_ += QuoteName(name); }

  void Names(const std::vector<std::string>& parts, std::string_view separator) {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out_ += separator;
      Name(parts[i]);
    }
  }

  void Literal(const LiteralValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
      out_ += "null";
    } else if (const bool* b = std::get_if<bool>(&value)) {
      out_ += *b ? "true" : "false";
    } else if (const int64_t* i = std::get_if<int64_t>(&value)) {
      out_ += std::to_string(*i);
    } else if (const double* d = std::get_if<double>(&value)) {
      out_ += PrintFloat(*d);
    } else {
      out_ += QuoteString(std::get<std::string>(value));
    }
  }

  void Exprs(const std::vector<ExprPtr>& exprs) {
    for (size_t i = 0; i < exprs.size(); ++i) {
      if (i > 0) out_ += ", ";
      Expression(*exprs[i]);
    }
  }

  void Where(const ExprPtr& where) {
    if (!where) return;
    out_ += " WHERE ";
    Expression(*where);
  }

  void Expression(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kLiteral:
        return Literal(expr.As<LiteralExpr>().value);
      case ExprKind::kParameter:
        out_ += '$';
        out_ += expr.As<ParameterExpr>().name;
        return;
      case ExprKind::kVariable:
        return Name(expr.As<VariableExpr>().name);
      case ExprKind::kProperty: {
        const auto& e = expr.As<PropertyExpr>();
        Expression(*e.object);
        out_ += '.';
        return Name(e.key);
      }
      case ExprKind::kSubscript: {
        const auto& e = expr.As<SubscriptExpr>();
        Expression(*e.object);
        out_ += '[';
        Expression(*e.index);
        out_ += ']';
        return;
      }
      case ExprKind::kSlice: {
        const auto& e = expr.As<SliceExpr>();
        Expression(*e.object);
        out_ += '[';
        if (e.from) Expression(*e.from);
        out_ += "..";
        if (e.to) Expression(*e.to);
        out_ += ']';
        return;
      }
      case ExprKind::kLabelPredicate: {
        const auto& e = expr.As<LabelPredicateExpr>();
        Expression(*e.object);
        for (const std::string& label : e.labels) {
          out_ += ':';
          Name(label);
        }
        return;
      }
      case ExprKind::kUnary: {
        const auto& e = expr.As<UnaryExpr>();
        out_ += e.op == UnaryOp::kNot ? "(NOT " : e.op == UnaryOp::kMinus ? "(-" : "(+";
        Expression(*e.operand);
        out_ += ')';
        return;
      }
      case ExprKind::kBinary: {
        const auto& e = expr.As<BinaryExpr>();
        out_ += '(';
        Expression(*e.lhs);
        out_ += ' ';
        out_ += BinaryOpName(e.op);
        out_ += ' ';
        Expression(*e.rhs);
        out_ += ')';
        return;
      }
      case ExprKind::kComparisonChain: {
        const auto& e = expr.As<ComparisonChainExpr>();
        out_ += '(';
        Expression(*e.operands[0]);
        for (size_t i = 0; i < e.ops.size(); ++i) {
          out_ += ' ';
          out_ += BinaryOpName(e.ops[i]);
          out_ += ' ';
          Expression(*e.operands[i + 1]);
        }
        out_ += ')';
        return;
      }
      case ExprKind::kIsNull: {
        const auto& e = expr.As<IsNullExpr>();
        out_ += '(';
        Expression(*e.operand);
        out_ += e.negated ? " IS NOT NULL)" : " IS NULL)";
        return;
      }
      case ExprKind::kList:
        out_ += '[';
        Exprs(expr.As<ListExpr>().items);
        out_ += ']';
        return;
      case ExprKind::kMap: {
        out_ += '{';
        const auto& entries = expr.As<MapExpr>().entries;
        for (size_t i = 0; i < entries.size(); ++i) {
          if (i > 0) out_ += ", ";
          Name(entries[i].key);
          out_ += ": ";
          Expression(*entries[i].value);
        }
        out_ += '}';
        return;
      }
      case ExprKind::kFunctionCall: {
        const auto& e = expr.As<FunctionCallExpr>();
        Names(e.name, ".");
        out_ += e.distinct ? "(DISTINCT " : "(";
        if (e.star) {
          out_ += '*';
        } else {
          Exprs(e.args);
        }
        out_ += ')';
        return;
      }
      case ExprKind::kCase: {
        const auto& e = expr.As<CaseExpr>();
        out_ += "CASE";
        if (e.subject) {
          out_ += ' ';
          Expression(*e.subject);
        }
        for (const CaseAlternative& alt : e.alternatives) {
          out_ += " WHEN ";
          Expression(*alt.when);
          out_ += " THEN ";
          Expression(*alt.then);
        }
        if (e.otherwise) {
          out_ += " ELSE ";
          Expression(*e.otherwise);
        }
        out_ += " END";
        return;
      }
      case ExprKind::kListComprehension: {
        const auto& e = expr.As<ListComprehensionExpr>();
        out_ += '[';
        Name(e.variable);
        out_ += " IN ";
        Expression(*e.list);
        Where(e.where);
        if (e.projection) {
          out_ += " | ";
          Expression(*e.projection);
        }
        out_ += ']';
        return;
      }
      case ExprKind::kQuantifier: {
        const auto& e = expr.As<QuantifierExpr>();
        out_ += QuantifierName(e.quantifier);
        out_ += '(';
        Name(e.variable);
        out_ += " IN ";
        Expression(*e.list);
        Where(e.where);
        out_ += ')';
        return;
      }
      case ExprKind::kPatternPredicate:
        return Chain(expr.As<PatternPredicateExpr>().chain);
    }
  }

  void Node(const NodePattern& node) {
    out_ += '(';
    if (!node.variable.empty()) Name(node.variable);
    for (const std::string& label : node.labels) {
      out_ += ':';
      Name(label);
    }
    if (node.properties) {
      if (!node.variable.empty() || !node.labels.empty()) out_ += ' ';
      Expression(*node.properties);
    }
    out_ += ')';
  }

  void Relationship(const RelationshipPattern& rel) {
    out_ += rel.direction == RelDirection::kIncoming ? "<-" : "-";
    bool detail = !rel.variable.empty() || !rel.types.empty() || rel.var_length || rel.properties;
    if (detail) {
      out_ += '[';
      if (!rel.variable.empty()) Name(rel.variable);
      if (!rel.types.empty()) {
        out_ += ':';
        Names(rel.types, "|");
      }
      if (rel.var_length) VarLengthRange(*rel.var_length);
      if (rel.properties) {
        if (!rel.variable.empty() || !rel.types.empty() || rel.var_length) out_ += ' ';
        Expression(*rel.properties);
      }
      out_ += ']';
    }
    out_ += rel.direction == RelDirection::kOutgoing ? "->" : "-";
  }

  void VarLengthRange(const VarLength& range) {
    out_ += '*';
    if (range.min_hops && range.max_hops && *range.min_hops == *range.max_hops) {
      out_ += std::to_string(*range.min_hops);
    } else if (range.min_hops || range.max_hops) {
      if (range.min_hops) out_ += std::to_string(*range.min_hops);
      out_ += "..";
      if (range.max_hops) out_ += std::to_string(*range.max_hops);
    }
  }

  void Chain(const PatternChain& chain) {
    for (size_t i = 0; i < chain.nodes.size(); ++i) {
      Node(chain.nodes[i]);
      if (i < chain.relationships.size()) Relationship(chain.relationships[i]);
    }
  }

  void Path(const PathPattern& path) {
    if (!path.path_variable.empty()) {
      Name(path.path_variable);
      out_ += " = ";
    }
    switch (path.kind) {
      case PathKind::kPlain:
        return Chain(path.chain);
      case PathKind::kShortest:
      case PathKind::kAllShortest:
        out_ += path.kind == PathKind::kShortest ? "shortestPath(" : "allShortestPaths(";
        Chain(path.chain);
        out_ += ')';
        return;
    }
  }

  void ProjectionBody(const Projection& projection) {
    if (projection.distinct) out_ += "DISTINCT ";
    bool first = true;
    if (projection.star) {
      out_ += '*';
      first = false;
    }
    for (const ProjectionItem& item : projection.items) {
      if (!first) out_ += ", ";
      first = false;
      Expression(*item.expr);
      if (!item.alias.empty()) {
        out_ += " AS ";
        Name(item.alias);
      }
    }
    if (!projection.order_by.empty()) {
      out_ += " ORDER BY ";
      for (size_t i = 0; i < projection.order_by.size(); ++i) {
        if (i > 0) out_ += ", ";
        Expression(*projection.order_by[i].expr);
        if (projection.order_by[i].descending) out_ += " DESC";
      }
    }
    if (projection.skip) {
      out_ += " SKIP ";
      Expression(*projection.skip);
    }
    if (projection.limit) {
      out_ += " LIMIT ";
      Expression(*projection.limit);
    }
  }

  void ClauseText(const Clause& clause) {
    switch (clause.kind) {
      case ClauseKind::kMatch: {
        const auto& c = clause.As<MatchClause>();
        out_ += c.optional ? "OPTIONAL MATCH " : "MATCH ";
        for (size_t i = 0; i < c.patterns.size(); ++i) {
          if (i > 0) out_ += ", ";
          Path(c.patterns[i]);
        }
        return Where(c.where);
      }
      case ClauseKind::kWith: {
        const auto& c = clause.As<WithClause>();
        out_ += "WITH ";
        ProjectionBody(c.projection);
        return Where(c.where);
      }
      case ClauseKind::kUnwind: {
        const auto& c = clause.As<UnwindClause>();
        out_ += "UNWIND ";
        Expression(*c.list);
        out_ += " AS ";
        return Name(c.alias);
      }
      case ClauseKind::kCall: {
        const auto& c = clause.As<CallClause>();
        out_ += "CALL ";
        Names(c.procedure, ".");
        out_ += '(';
        Exprs(c.args);
        out_ += ')';
        if (c.yield_star) out_ += " YIELD *";
        for (size_t i = 0; i < c.yields.size(); ++i) {
          out_ += i == 0 ? " YIELD " : ", ";
          Name(c.yields[i].name);
          if (!c.yields[i].alias.empty()) {
            out_ += " AS ";
            Name(c.yields[i].alias);
          }
        }
        return Where(c.where);
      }
      case ClauseKind::kReturn:
        out_ += "RETURN ";
        return ProjectionBody(clause.As<ReturnClause>().projection);
    }
  }

  void QueryText(const Query& query) {
    if (query.mode == ExplainMode::kExplain) out_ += "EXPLAIN ";
    if (query.mode == ExplainMode::kProfile) out_ += "PROFILE ";
    if (query.as_of) {
      out_ += "AS OF ";
      out_ += QuoteString(query.as_of->timestamp);
      out_ += ' ';
    }
    for (size_t i = 0; i < query.clauses.size(); ++i) {
      if (i > 0) out_ += ' ';
      ClauseText(*query.clauses[i]);
    }
  }

 private:
  std::string out_;
};

}  // namespace

std::string QuoteName(std::string_view name) {
  if (name.empty()) return std::string();
  if (IsPlainIdentifier(name) && LookupKeyword(name) == Keyword::kNone) return std::string(name);
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

std::string QuoteString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if ((c >= 0 && c < 0x20) || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '\'';
  return out;
}

std::string PrintExpr(const Expr& expr) {
  Printer printer;
  printer.Expression(expr);
  return printer.Take();
}

std::string PrintChain(const PatternChain& chain) {
  Printer printer;
  printer.Chain(chain);
  return printer.Take();
}

std::string PrintPathPattern(const PathPattern& path) {
  Printer printer;
  printer.Path(path);
  return printer.Take();
}

std::string PrintClause(const Clause& clause) {
  Printer printer;
  printer.ClauseText(clause);
  return printer.Take();
}

std::string PrintQuery(const Query& query) {
  Printer printer;
  printer.QueryText(query);
  return printer.Take();
}

}  // namespace provgraph::query::ast
