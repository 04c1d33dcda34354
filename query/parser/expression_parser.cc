// Expression parsing by precedence climbing, lowest first:
//   OR < XOR < AND < NOT < comparison (= <> < <= > >=, chained)
//   < STARTS WITH / ENDS WITH / CONTAINS / IN / =~ / IS [NOT] NULL
//   < + - < * / % < ^ (left-associative) < unary - +
//   < postfix .key [i] [a..b] :Label < atoms.
#include <algorithm>
#include <charconv>
#include <limits>

#include "query/common/str_cat.h"
#include "query/parser/parser_internal.h"

namespace provgraph::query::internal {

namespace {

using ast::BinaryOp;
using ast::ExprPtr;

// 2^63 written in decimal: valid only right after a unary minus.
constexpr std::string_view kMinInt64Magnitude = "9223372036854775808";

// Binding levels, loosest first. NOT is a prefix operator between AND
// and comparison; unary +/- bind tighter than every binary operator.
constexpr int kOrLevel = 0;
constexpr int kXorLevel = 1;
constexpr int kAndLevel = 2;
constexpr int kNotLevel = 3;
constexpr int kComparisonLevel = 4;
constexpr int kPredicateLevel = 5;  // STARTS WITH, ENDS WITH, CONTAINS, IN, =~, IS [NOT] NULL
constexpr int kAdditiveLevel = 6;
constexpr int kMultiplicativeLevel = 7;
constexpr int kPowerLevel = 8;
constexpr int kUnaryLevel = 9;

struct Infix {
  int level;
  BinaryOp op;
  Keyword second_word = Keyword::kNone;  // STARTS *WITH*, ENDS *WITH*
  bool is_null = false;                  // IS [NOT] NULL (postfix)
};

// The infix (or postfix) operator `token` starts, if any.
std::optional<Infix> InfixAt(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEq: return Infix{kComparisonLevel, BinaryOp::kEq};
    case TokenKind::kNeq: return Infix{kComparisonLevel, BinaryOp::kNeq};
    case TokenKind::kLt: return Infix{kComparisonLevel, BinaryOp::kLt};
    case TokenKind::kLe: return Infix{kComparisonLevel, BinaryOp::kLe};
    case TokenKind::kGt: return Infix{kComparisonLevel, BinaryOp::kGt};
    case TokenKind::kGe: return Infix{kComparisonLevel, BinaryOp::kGe};
    case TokenKind::kArrowLeft: return Infix{kComparisonLevel, BinaryOp::kLt};  // a <-1 is a < -1
    case TokenKind::kRegexMatch: return Infix{kPredicateLevel, BinaryOp::kRegexMatch};
    case TokenKind::kPlus: return Infix{kAdditiveLevel, BinaryOp::kAdd};
    case TokenKind::kMinus: return Infix{kAdditiveLevel, BinaryOp::kSub};
    case TokenKind::kStar: return Infix{kMultiplicativeLevel, BinaryOp::kMul};
    case TokenKind::kSlash: return Infix{kMultiplicativeLevel, BinaryOp::kDiv};
    case TokenKind::kPercent: return Infix{kMultiplicativeLevel, BinaryOp::kMod};
    case TokenKind::kCaret: return Infix{kPowerLevel, BinaryOp::kPow};
    case TokenKind::kKeyword:
      switch (token.keyword) {
        case Keyword::kOr: return Infix{kOrLevel, BinaryOp::kOr};
        case Keyword::kXor: return Infix{kXorLevel, BinaryOp::kXor};
        case Keyword::kAnd: return Infix{kAndLevel, BinaryOp::kAnd};
        case Keyword::kStarts: return Infix{kPredicateLevel, BinaryOp::kStartsWith, Keyword::kWith};
        case Keyword::kEnds: return Infix{kPredicateLevel, BinaryOp::kEndsWith, Keyword::kWith};
        case Keyword::kContains: return Infix{kPredicateLevel, BinaryOp::kContains};
        case Keyword::kIn: return Infix{kPredicateLevel, BinaryOp::kIn};
        case Keyword::kIs: return Infix{kPredicateLevel, BinaryOp::kEq, Keyword::kNone, true};
        default: return std::nullopt;
      }
    default:
      return std::nullopt;
  }
}

// One step right: the position of the '-' inside a '<-' token.
SourcePos NextColumn(SourcePos pos) {
  ++pos.column;
  ++pos.offset;
  return pos;
}

std::optional<ast::QuantifierKind> QuantifierOf(const Token& token) {
  if (!token.Is(TokenKind::kIdentifier) || token.quoted) return std::nullopt;
  std::string lower = token.text;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "all") return ast::QuantifierKind::kAll;
  if (lower == "any") return ast::QuantifierKind::kAny;
  if (lower == "none") return ast::QuantifierKind::kNone;
  if (lower == "single") return ast::QuantifierKind::kSingle;
  return std::nullopt;
}

}  // namespace

Status Parser::Finish(ast::Expr* expr) const {
  int height = 0;
  ast::ForEachChild(*expr, [&](const ast::Expr& child) { height = std::max(height, child.height); });
  expr->height = height + 1;
  if (expr->height > ast::kMaxExpressionHeight) {
    return ErrorAt(expr->pos, StrCat({"expression is nested too deeply (more than ",
                                          std::to_string(ast::kMaxExpressionHeight), " levels)"}));
  }
  return Status::Ok();
}

Status Parser::Combine(BinaryOp op, SourcePos op_pos, ExprPtr* lhs, ExprPtr rhs) const {
  auto node = std::make_unique<ast::BinaryExpr>(op_pos, op, std::move(*lhs), std::move(rhs));
  PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
  *lhs = std::move(node);
  return Status::Ok();
}

Status Parser::ParseExpr(ExprPtr* out) {
  if (depth_ >= kMaxNestingDepth) return ErrorAt(Peek().pos, "query is nested too deeply");
  ++depth_;
  Status status = ParseBinary(kOrLevel, out);
  --depth_;
  return status;
}

Status Parser::ParseBinary(int min_level, ExprPtr* out) {
  // The first operand; NOT is a prefix operator below comparison.
  if (min_level <= kNotLevel && Peek().Is(Keyword::kNot)) {
    std::vector<SourcePos> nots;
    while (Peek().Is(Keyword::kNot)) nots.push_back(Advance().pos);
    PROVGRAPH_RETURN_IF_ERROR(ParseBinary(kComparisonLevel, out));
    for (auto it = nots.rbegin(); it != nots.rend(); ++it) {
      auto node = std::make_unique<ast::UnaryExpr>(*it, ast::UnaryOp::kNot, std::move(*out));
      PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
      *out = std::move(node);
    }
  } else {
    PROVGRAPH_RETURN_IF_ERROR(ParseUnary(out));
  }
  // Then every operator of this level or tighter, left-associatively.
  while (true) {
    std::optional<Infix> infix = InfixAt(Peek());
    if (!infix || infix->level < min_level) return Status::Ok();
    if (infix->level == kComparisonLevel) {
      PROVGRAPH_RETURN_IF_ERROR(ParseComparisonChain(out));
      continue;
    }
    SourcePos op_pos = Advance().pos;
    if (infix->is_null) {
      bool negated = Match(Keyword::kNot);
      PROVGRAPH_RETURN_IF_ERROR(Expect(Keyword::kNull));
      auto node = std::make_unique<ast::IsNullExpr>(op_pos, std::move(*out), negated);
      PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
      *out = std::move(node);
      continue;
    }
    if (infix->second_word != Keyword::kNone) PROVGRAPH_RETURN_IF_ERROR(Expect(infix->second_word));
    ExprPtr rhs;
    if (infix->level + 1 >= kUnaryLevel) {
      PROVGRAPH_RETURN_IF_ERROR(ParseUnary(&rhs));
    } else {
      PROVGRAPH_RETURN_IF_ERROR(ParseBinary(infix->level + 1, &rhs));
    }
    PROVGRAPH_RETURN_IF_ERROR(Combine(infix->op, op_pos, out, std::move(rhs)));
  }
}

// a < b <= c is one ComparisonChainExpr; a single comparison a BinaryExpr.
Status Parser::ParseComparisonChain(ExprPtr* out) {
  std::vector<ExprPtr> operands;
  std::vector<BinaryOp> ops;
  SourcePos first_op_pos = Peek().pos;
  operands.push_back(std::move(*out));
  while (true) {
    std::optional<Infix> infix = InfixAt(Peek());
    if (!infix || infix->level != kComparisonLevel) break;
    const Token& token = Advance();
    if (token.Is(TokenKind::kArrowLeft)) pending_minus_ = NextColumn(token.pos);
    ExprPtr rhs;
    PROVGRAPH_RETURN_IF_ERROR(ParseBinary(kComparisonLevel + 1, &rhs));
    ops.push_back(infix->op);
    operands.push_back(std::move(rhs));
  }
  if (ops.size() == 1) {
    *out = std::move(operands[0]);
    PROVGRAPH_RETURN_IF_ERROR(Combine(ops[0], first_op_pos, out, std::move(operands[1])));
    return Status::Ok();
  }
  auto chain = std::make_unique<ast::ComparisonChainExpr>(first_op_pos);
  chain->operands = std::move(operands);
  chain->ops = std::move(ops);
  PROVGRAPH_RETURN_IF_ERROR(Finish(chain.get()));
  *out = std::move(chain);
  return Status::Ok();
}

Status Parser::ParseUnary(ExprPtr* out) {
  struct Prefix {
    ast::UnaryOp op;
    SourcePos pos;
  };
  std::vector<Prefix> prefixes;
  if (pending_minus_) {
    prefixes.push_back({ast::UnaryOp::kMinus, *pending_minus_});
    pending_minus_.reset();
  }
  while (Peek().Is(TokenKind::kMinus) || Peek().Is(TokenKind::kPlus)) {
    ast::UnaryOp op = Peek().Is(TokenKind::kMinus) ? ast::UnaryOp::kMinus : ast::UnaryOp::kPlus;
    prefixes.push_back({op, Advance().pos});
  }
  // -9223372036854775808 is the one integer literal that needs its sign.
  if (!prefixes.empty() && prefixes.back().op == ast::UnaryOp::kMinus && Peek().Is(TokenKind::kInteger) &&
      Peek().text == kMinInt64Magnitude) {
    Advance();
    *out = std::make_unique<ast::LiteralExpr>(prefixes.back().pos, std::numeric_limits<int64_t>::min());
    prefixes.pop_back();
  } else {
    PROVGRAPH_RETURN_IF_ERROR(ParsePostfix(out));
  }
  for (auto it = prefixes.rbegin(); it != prefixes.rend(); ++it) {
    auto node = std::make_unique<ast::UnaryExpr>(it->pos, it->op, std::move(*out));
    PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
    *out = std::move(node);
  }
  return Status::Ok();
}

Status Parser::ParsePostfix(ExprPtr* out) {
  PROVGRAPH_RETURN_IF_ERROR(ParseAtom(out));
  while (true) {
    ExprPtr node;
    if (Match(TokenKind::kDot)) {
      std::string key;
      SourcePos key_pos;
      PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a property name after '.'", &key, &key_pos));
      node = std::make_unique<ast::PropertyExpr>(key_pos, std::move(*out), std::move(key));
    } else if (Peek().Is(TokenKind::kLBracket)) {
      SourcePos bracket = Advance().pos;
      ExprPtr from;
      ExprPtr to;
      bool slice = false;
      if (!Peek().Is(TokenKind::kDotDot)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&from));
      if (Match(TokenKind::kDotDot)) {
        slice = true;
        if (!Peek().Is(TokenKind::kRBracket)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&to));
      }
      if (!Match(TokenKind::kRBracket)) return Unexpected(Peek(), "']' to close the subscript");
      if (slice) {
        node = std::make_unique<ast::SliceExpr>(bracket, std::move(*out), std::move(from), std::move(to));
      } else {
        node = std::make_unique<ast::SubscriptExpr>(bracket, std::move(*out), std::move(from));
      }
    } else if (Peek().Is(TokenKind::kColon)) {
      SourcePos colon = Peek().pos;
      std::vector<std::string> labels;
      while (Match(TokenKind::kColon)) {
        labels.emplace_back();
        PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a label name after ':'", &labels.back()));
      }
      node = std::make_unique<ast::LabelPredicateExpr>(colon, std::move(*out), std::move(labels));
    } else {
      return Status::Ok();
    }
    PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
    *out = std::move(node);
  }
}

Status Parser::ParseAtom(ExprPtr* out) {
  const Token& token = Peek();
  switch (token.kind) {
    case TokenKind::kInteger:
    case TokenKind::kFloat:
    case TokenKind::kString:
      return ParseLiteral(out);
    case TokenKind::kParameter:
      Advance();
      *out = std::make_unique<ast::ParameterExpr>(token.pos, token.text);
      return Status::Ok();
    case TokenKind::kLBracket:
      return ParseListOrComprehension(out);
    case TokenKind::kLBrace:
      return ParseMap(out);
    case TokenKind::kLParen:
      if (IsPatternPredicateStart(pos_)) return ParsePatternPredicate(out);
      Advance();
      PROVGRAPH_RETURN_IF_ERROR(ParseExpr(out));
      if (!Match(TokenKind::kRParen)) return Unexpected(Peek(), "')'");
      return Status::Ok();
    case TokenKind::kKeyword:
      if (token.Is(Keyword::kTrue) || token.Is(Keyword::kFalse) || token.Is(Keyword::kNull)) return ParseLiteral(out);
      if (token.Is(Keyword::kCase)) return ParseCase(out);
      return Unexpected(token, "an expression");
    case TokenKind::kIdentifier: {
      std::optional<ast::QuantifierKind> quantifier = QuantifierOf(token);
      if (quantifier && Peek(1).Is(TokenKind::kLParen) && Peek(2).Is(TokenKind::kIdentifier) &&
          Peek(3).Is(Keyword::kIn)) {
        return ParseQuantifier(*quantifier, out);
      }
      // name(  or  ns.sub.name(  is a call; anything else a variable.
      size_t parts = 1;
      while (Peek(2 * parts - 1).Is(TokenKind::kDot) &&
             (Peek(2 * parts).Is(TokenKind::kIdentifier) || Peek(2 * parts).Is(TokenKind::kKeyword))) {
        ++parts;
      }
      if (Peek(2 * parts - 1).Is(TokenKind::kLParen)) return ParseFunctionCall(parts, out);
      Advance();
      *out = std::make_unique<ast::VariableExpr>(token.pos, token.text);
      return Status::Ok();
    }
    default:
      return Unexpected(token, "an expression");
  }
}

Status Parser::ParseLiteral(ExprPtr* out) {
  const Token& token = Advance();
  ast::LiteralValue value;
  switch (token.kind) {
    case TokenKind::kInteger: {
      int64_t number = 0;
      PROVGRAPH_RETURN_IF_ERROR(ParseInteger(token, &number));
      value = number;
      break;
    }
    case TokenKind::kFloat: {
      double number = 0;
      const char* end = token.text.data() + token.text.size();
      auto [ptr, ec] = std::from_chars(token.text.data(), end, number);
      if (ec == std::errc::result_out_of_range && token.text.find_first_of("eE") != std::string::npos &&
          token.text.find('-') != std::string::npos) {
        number = 0.0;  // underflow: 1e-400 reads as 0.0
      } else if (ec != std::errc() || ptr != end) {
        return ErrorAt(token.pos, StrCat({"float literal ", Describe(token), " is out of range"}));
      }
      value = number;
      break;
    }
    case TokenKind::kString:
      value = token.text;
      break;
    default:
      if (token.Is(Keyword::kTrue)) value = true;
      if (token.Is(Keyword::kFalse)) value = false;
      break;  // NULL stays std::monostate
  }
  *out = std::make_unique<ast::LiteralExpr>(token.pos, std::move(value));
  return Status::Ok();
}

Status Parser::ParseListOrComprehension(ExprPtr* out) {
  SourcePos bracket = Advance().pos;
  if (Peek().Is(TokenKind::kIdentifier) && Peek(1).Is(Keyword::kIn)) {
    auto comprehension = std::make_unique<ast::ListComprehensionExpr>(bracket);
    comprehension->variable = Advance().text;
    Advance();  // IN
    PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&comprehension->list));
    if (Match(Keyword::kWhere)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&comprehension->where));
    if (Match(TokenKind::kPipe)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&comprehension->projection));
    if (!Match(TokenKind::kRBracket)) return Unexpected(Peek(), "']' to close the list comprehension");
    PROVGRAPH_RETURN_IF_ERROR(Finish(comprehension.get()));
    *out = std::move(comprehension);
    return Status::Ok();
  }
  auto list = std::make_unique<ast::ListExpr>(bracket);
  if (!Peek().Is(TokenKind::kRBracket)) {
    do {
      list->items.emplace_back();
      PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&list->items.back()));
    } while (Match(TokenKind::kComma));
  }
  if (!Match(TokenKind::kRBracket)) return Unexpected(Peek(), "',' or ']' in the list");
  PROVGRAPH_RETURN_IF_ERROR(Finish(list.get()));
  *out = std::move(list);
  return Status::Ok();
}

Status Parser::ParseMap(ExprPtr* out) {
  auto map = std::make_unique<ast::MapExpr>(Advance().pos);
  if (!Peek().Is(TokenKind::kRBrace)) {
    do {
      ast::MapEntry entry;
      PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a map key", &entry.key, &entry.key_pos));
      if (!Match(TokenKind::kColon)) return Unexpected(Peek(), "':' after the map key");
      PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&entry.value));
      map->entries.push_back(std::move(entry));
    } while (Match(TokenKind::kComma));
  }
  if (!Match(TokenKind::kRBrace)) return Unexpected(Peek(), "',' or '}' in the map");
  PROVGRAPH_RETURN_IF_ERROR(Finish(map.get()));
  *out = std::move(map);
  return Status::Ok();
}

Status Parser::ParseCase(ExprPtr* out) {
  auto node = std::make_unique<ast::CaseExpr>(Advance().pos);
  bool misplaced = Peek().Is(Keyword::kEnd) || Peek().Is(Keyword::kElse) || Peek().Is(Keyword::kThen);
  if (!Peek().Is(Keyword::kWhen) && !misplaced) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&node->subject));
  if (!Peek().Is(Keyword::kWhen)) return Unexpected(Peek(), "WHEN");
  while (Match(Keyword::kWhen)) {
    ast::CaseAlternative alternative;
    PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&alternative.when));
    PROVGRAPH_RETURN_IF_ERROR(Expect(Keyword::kThen));
    PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&alternative.then));
    node->alternatives.push_back(std::move(alternative));
  }
  if (Match(Keyword::kElse)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&node->otherwise));
  if (!Match(Keyword::kEnd)) return Unexpected(Peek(), "WHEN, ELSE or END");
  PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
  *out = std::move(node);
  return Status::Ok();
}

Status Parser::ParseArguments(std::vector<ExprPtr>* args) {
  if (!Peek().Is(TokenKind::kRParen)) {
    do {
      args->emplace_back();
      PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&args->back()));
    } while (Match(TokenKind::kComma));
  }
  if (!Match(TokenKind::kRParen)) return Unexpected(Peek(), "',' or ')' after the argument");
  return Status::Ok();
}

Status Parser::ParseFunctionCall(size_t name_parts, ExprPtr* out) {
  const Token& first_name = Peek();
  auto call = std::make_unique<ast::FunctionCallExpr>(first_name.pos);
  for (size_t i = 0; i < name_parts; ++i) {
    if (i > 0) Advance();  // '.'
    call->name.push_back(Advance().text);
  }
  Advance();  // '('
  call->distinct = Match(Keyword::kDistinct);
  if (Peek().Is(TokenKind::kStar)) {
    bool is_count = name_parts == 1 && IsWord(first_name, "count");
    if (!is_count || call->distinct) return ErrorAt(Peek().pos, "'*' is only allowed in count(*)");
    Advance();
    call->star = true;
    if (!Match(TokenKind::kRParen)) return Unexpected(Peek(), "')' after count(*");
  } else {
    PROVGRAPH_RETURN_IF_ERROR(ParseArguments(&call->args));
  }
  PROVGRAPH_RETURN_IF_ERROR(Finish(call.get()));
  *out = std::move(call);
  return Status::Ok();
}

Status Parser::ParseQuantifier(ast::QuantifierKind kind, ExprPtr* out) {
  auto node = std::make_unique<ast::QuantifierExpr>(Advance().pos, kind);
  Advance();  // '('
  node->variable = Advance().text;
  Advance();  // IN
  PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&node->list));
  if (Match(Keyword::kWhere)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&node->where));
  if (!Match(TokenKind::kRParen)) return Unexpected(Peek(), StrCat({"')' to close ", QuantifierName(kind), "(...)"}));
  PROVGRAPH_RETURN_IF_ERROR(Finish(node.get()));
  *out = std::move(node);
  return Status::Ok();
}

}  // namespace provgraph::query::internal
