// Graph pattern parsing: (n:L {k: v}), -[r:T*1..5]->, named paths,
// shortestPath / allShortestPaths, and the lookahead that tells a pattern
// predicate from a parenthesised expression.
#include "query/common/str_cat.h"
#include "query/parser/parser_internal.h"

namespace provgraph::query::internal {

Status Parser::ParsePathPattern(ast::PathPattern* path) {
  path->pos = Peek().pos;
  if (Peek(1).Is(TokenKind::kEq) && (Peek().Is(TokenKind::kIdentifier) || Peek().Is(TokenKind::kKeyword))) {
    PROVGRAPH_RETURN_IF_ERROR(ParseName("a path variable", &path->path_variable));
    Advance();  // '='
  }
  bool shortest = IsWord(Peek(), "shortestPath");
  bool all_shortest = IsWord(Peek(), "allShortestPaths");
  if ((shortest || all_shortest) && Peek(1).Is(TokenKind::kLParen)) {
    path->kind = shortest ? ast::PathKind::kShortest : ast::PathKind::kAllShortest;
    Advance();
    Advance();  // '('
    PROVGRAPH_RETURN_IF_ERROR(ParseChain(&path->chain));
    return Expect(TokenKind::kRParen);
  }
  return ParseChain(&path->chain);
}

Status Parser::ParseChain(ast::PatternChain* chain) {
  chain->nodes.emplace_back();
  PROVGRAPH_RETURN_IF_ERROR(ParseNodePattern(&chain->nodes.back()));
  while (Peek().Is(TokenKind::kMinus) || Peek().Is(TokenKind::kArrowLeft)) {
    chain->relationships.emplace_back();
    PROVGRAPH_RETURN_IF_ERROR(ParseRelationshipPattern(&chain->relationships.back()));
    chain->nodes.emplace_back();
    PROVGRAPH_RETURN_IF_ERROR(ParseNodePattern(&chain->nodes.back()));
  }
  return Status::Ok();
}

Status Parser::ParsePatternProperties(ast::ExprPtr* out) {
  if (Peek().Is(TokenKind::kLBrace)) {
    if (depth_ >= kMaxNestingDepth) return ErrorAt(Peek().pos, "query is nested too deeply");
    ++depth_;
    Status status = ParseMap(out);
    --depth_;
    return status;
  }
  if (Peek().Is(TokenKind::kParameter)) {
    const Token& token = Advance();
    *out = std::make_unique<ast::ParameterExpr>(token.pos, token.text);
  }
  return Status::Ok();
}

Status Parser::ParseNodePattern(ast::NodePattern* node) {
  node->pos = Peek().pos;
  if (!Match(TokenKind::kLParen)) return Unexpected(Peek(), "'(' to start a node pattern");
  if (Peek().Is(TokenKind::kIdentifier) || Peek().Is(TokenKind::kKeyword)) {
    PROVGRAPH_RETURN_IF_ERROR(ParseName("a node variable", &node->variable));
  }
  while (Match(TokenKind::kColon)) {
    node->labels.emplace_back();
    PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a label name after ':'", &node->labels.back()));
  }
  PROVGRAPH_RETURN_IF_ERROR(ParsePatternProperties(&node->properties));
  if (!Match(TokenKind::kRParen)) return Unexpected(Peek(), "')' to close the node pattern");
  return Status::Ok();
}

Status Parser::ParseRelationshipPattern(ast::RelationshipPattern* rel) {
  rel->pos = Peek().pos;
  bool left = Match(TokenKind::kArrowLeft);
  if (!left) Advance();  // '-'
  if (Match(TokenKind::kLBracket)) {
    if (Peek().Is(TokenKind::kIdentifier) || Peek().Is(TokenKind::kKeyword)) {
      PROVGRAPH_RETURN_IF_ERROR(ParseName("a relationship variable", &rel->variable));
    }
    if (Match(TokenKind::kColon)) {
      do {
        Match(TokenKind::kColon);  // the older spelling :A|:B
        rel->types.emplace_back();
        PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a relationship type", &rel->types.back()));
      } while (Match(TokenKind::kPipe));
    }
    if (Match(TokenKind::kStar)) {
      rel->var_length.emplace();
      PROVGRAPH_RETURN_IF_ERROR(ParseVarLength(&*rel->var_length));
    }
    PROVGRAPH_RETURN_IF_ERROR(ParsePatternProperties(&rel->properties));
    if (!Match(TokenKind::kRBracket)) return Unexpected(Peek(), "']' to close the relationship pattern");
  }
  bool right = false;
  if (Match(TokenKind::kArrowRight)) {
    right = true;
  } else if (!Match(TokenKind::kMinus)) {
    return Unexpected(Peek(), "'-' or '->' to finish the relationship pattern");
  }
  if (left && !right) {
    rel->direction = ast::RelDirection::kIncoming;
  } else if (right && !left) {
    rel->direction = ast::RelDirection::kOutgoing;
  } else {
    rel->direction = ast::RelDirection::kUndirected;
  }
  return Status::Ok();
}

// After '*': nothing, N, N.., ..M or N..M.
Status Parser::ParseVarLength(ast::VarLength* range) {
  SourcePos start = Peek().pos;
  int64_t value = 0;
  if (Peek().Is(TokenKind::kInteger)) {
    PROVGRAPH_RETURN_IF_ERROR(ParseInteger(Peek(), &value));
    Advance();
    range->min_hops = value;
    if (!Peek().Is(TokenKind::kDotDot)) {
      range->max_hops = value;  // *N is exactly N hops
      return Status::Ok();
    }
  }
  if (Match(TokenKind::kDotDot) && Peek().Is(TokenKind::kInteger)) {
    PROVGRAPH_RETURN_IF_ERROR(ParseInteger(Peek(), &value));
    Advance();
    range->max_hops = value;
  }
  if (range->min_hops && range->max_hops && *range->min_hops > *range->max_hops) {
    return ErrorAt(start, StrCat({"variable-length lower bound ", std::to_string(*range->min_hops),
                                     " is greater than upper bound ", std::to_string(*range->max_hops)}));
  }
  return Status::Ok();
}

bool Parser::IsPatternPredicateStart(size_t index) const {
  auto at = [&](size_t i) -> const Token& { return i < tokens_.size() ? tokens_[i] : tokens_.back(); };
  if (!at(index).Is(TokenKind::kLParen)) return false;
  size_t i = index + 1;
  if (at(i).Is(TokenKind::kIdentifier)) ++i;
  while (at(i).Is(TokenKind::kColon) && (at(i + 1).Is(TokenKind::kIdentifier) || at(i + 1).Is(TokenKind::kKeyword))) {
    i += 2;
  }
  if (at(i).Is(TokenKind::kLBrace)) {
    if (i >= partner_.size() || partner_[i] < 0) return false;
    i = static_cast<size_t>(partner_[i]) + 1;
  } else if (at(i).Is(TokenKind::kParameter)) {
    ++i;
  }
  if (!at(i).Is(TokenKind::kRParen)) return false;
  const Token& dash = at(i + 1);
  const Token& next = at(i + 2);
  if (!dash.Is(TokenKind::kMinus) && !dash.Is(TokenKind::kArrowLeft)) return false;
  return next.Is(TokenKind::kLBracket) || next.Is(TokenKind::kMinus) || next.Is(TokenKind::kArrowRight);
}

Status Parser::ParsePatternPredicate(ast::ExprPtr* out) {
  auto predicate = std::make_unique<ast::PatternPredicateExpr>(Peek().pos);
  PROVGRAPH_RETURN_IF_ERROR(ParseChain(&predicate->chain));
  PROVGRAPH_RETURN_IF_ERROR(Finish(predicate.get()));
  *out = std::move(predicate);
  return Status::Ok();
}

}  // namespace provgraph::query::internal
