// Query-level and clause-level parsing, token helpers, and the public API.
#include "query/parser/parser.h"

#include <charconv>

#include "query/common/str_cat.h"
#include "query/lexer/lexer.h"
#include "query/parser/parser_internal.h"

namespace provgraph::query {

namespace internal {

namespace {

constexpr std::string_view kClauseList = "a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN)";
constexpr size_t kMaxShownTokenBytes = 40;

bool IsOpener(TokenKind kind) {
  return kind == TokenKind::kLParen || kind == TokenKind::kLBracket || kind == TokenKind::kLBrace;
}

TokenKind CloserOf(TokenKind opener) {
  if (opener == TokenKind::kLParen) return TokenKind::kRParen;
  if (opener == TokenKind::kLBracket) return TokenKind::kRBracket;
  return TokenKind::kRBrace;
}

bool IsCloser(TokenKind kind) {
  return kind == TokenKind::kRParen || kind == TokenKind::kRBracket || kind == TokenKind::kRBrace;
}

}  // namespace

Parser::Parser(std::string_view text, std::vector<Token> tokens)
    : text_(text), tokens_(std::move(tokens)), partner_(tokens_.size(), -1) {
  // Pair up brackets once so that lookahead can skip over a {...} map.
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    TokenKind kind = tokens_[i].kind;
    if (IsOpener(kind)) {
      open.push_back(i);
    } else if (IsCloser(kind) && !open.empty() && CloserOf(tokens_[open.back()].kind) == kind) {
      partner_[open.back()] = static_cast<int32_t>(i);
      partner_[i] = static_cast<int32_t>(open.back());
      open.pop_back();
    }
  }
}

// ---------------------------------------------------------------- tokens

const Token& Parser::Peek(size_t ahead) const {
  size_t index = pos_ + ahead;
  return index < tokens_.size() ? tokens_[index] : tokens_.back();
}

const Token& Parser::Advance() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;  // never move past kEnd
  return token;
}

bool Parser::Match(TokenKind kind) {
  if (!Peek().Is(kind)) return false;
  Advance();
  return true;
}

bool Parser::Match(Keyword keyword) {
  if (!Peek().Is(keyword)) return false;
  Advance();
  return true;
}

uint32_t Parser::PreviousEnd() const {
  if (pos_ == 0) return 0;
  const Token& previous = tokens_[pos_ - 1];
  return previous.pos.offset + previous.length;
}

Status Parser::Expect(TokenKind kind) {
  if (Match(kind)) return Status::Ok();
  return Unexpected(Peek(), TokenKindName(kind));
}

Status Parser::Expect(Keyword keyword) {
  if (Match(keyword)) return Status::Ok();
  return Unexpected(Peek(), KeywordName(keyword));
}

Status Parser::ErrorAt(SourcePos pos, std::string message) const { return QueryError(pos, std::move(message)); }

Status Parser::Unexpected(const Token& found, std::string_view what) const {
  return ErrorAt(found.pos, StrCat({"expected ", what, ", found ", Describe(found)}));
}

std::string Parser::Describe(const Token& token) const {
  if (token.Is(TokenKind::kEnd)) return "end of input";
  std::string_view source = text_.substr(token.pos.offset, token.length);
  bool cut = false;
  if (size_t newline = source.find('\n'); newline != std::string_view::npos) {
    source = source.substr(0, newline);
    cut = true;
  }
  if (source.size() > kMaxShownTokenBytes) {
    size_t end = kMaxShownTokenBytes;
    while (end > 0 && (static_cast<unsigned char>(source[end]) & 0xC0) == 0x80) --end;  // whole code points
    source = source.substr(0, end);
    cut = true;
  }
  if (token.Is(TokenKind::kString)) return StrCat({source, cut ? "..." : ""});  // already quoted
  return StrCat({"'", source, cut ? "...'" : "'"});
}

bool Parser::IsWord(const Token& token, std::string_view word) {
  if (!token.Is(TokenKind::kIdentifier) || token.quoted || token.text.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char a = token.text[i];
    char b = word[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

Status Parser::ParseName(std::string_view what, std::string* name, SourcePos* pos) {
  const Token& token = Peek();
  if (token.Is(TokenKind::kKeyword)) {
    return ErrorAt(token.pos, StrCat({"expected ", what, ", found reserved word ", Describe(token),
                                          " (quote it with backticks to use it as a name)"}));
  }
  if (!token.Is(TokenKind::kIdentifier)) return Unexpected(token, what);
  if (pos) *pos = token.pos;
  *name = Advance().text;
  return Status::Ok();
}

Status Parser::ParseSymbolicName(std::string_view what, std::string* name, SourcePos* pos) {
  const Token& token = Peek();
  if (!token.Is(TokenKind::kIdentifier) && !token.Is(TokenKind::kKeyword)) return Unexpected(token, what);
  if (pos) *pos = token.pos;
  *name = Advance().text;
  return Status::Ok();
}

Status Parser::ParseInteger(const Token& token, int64_t* value) const {
  std::string_view digits = token.text;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return ErrorAt(token.pos, StrCat({"integer literal ", Describe(token), " is out of range"}));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- query

Status Parser::ParseQuery(ast::Query* query) {
  if (Match(Keyword::kExplain)) {
    query->mode = ast::ExplainMode::kExplain;
  } else if (Match(Keyword::kProfile)) {
    query->mode = ast::ExplainMode::kProfile;
  }
  if (Match(Keyword::kAs)) {
    if (!IsWord(Peek(), "OF")) return Unexpected(Peek(), "OF after AS");
    Advance();
    if (!Peek().Is(TokenKind::kString)) return Unexpected(Peek(), "a timestamp string after AS OF");
    query->as_of = ast::AsOf{Peek().pos, Advance().text};
  }
  do {
    ast::ClausePtr clause;
    PROVGRAPH_RETURN_IF_ERROR(ParseClause(&clause));
    bool is_return = clause->kind == ast::ClauseKind::kReturn;
    query->clauses.push_back(std::move(clause));
    if (is_return && !Peek().Is(TokenKind::kEnd) && !Peek().Is(TokenKind::kSemicolon)) {
      if (AtClauseStart()) {
        return ErrorAt(Peek().pos, StrCat({"RETURN must be the last clause, found ", Describe(Peek())}));
      }
      return Unexpected(Peek(), "end of input");
    }
  } while (!Peek().Is(TokenKind::kEnd) && !Peek().Is(TokenKind::kSemicolon));
  if (Match(TokenKind::kSemicolon) && !Peek().Is(TokenKind::kEnd)) {
    return Unexpected(Peek(), "end of input after ';'");
  }

  const ast::Clause& last = *query->clauses.back();
  bool lone_call = query->clauses.size() == 1 && last.kind == ast::ClauseKind::kCall;
  if (last.kind != ast::ClauseKind::kReturn && !lone_call) {
    return ErrorAt(Peek().pos, "query must end with RETURN (only a lone CALL may stand without one)");
  }
  return Status::Ok();
}

Status Parser::ParseStandaloneExpression(ast::ExprPtr* out) {
  PROVGRAPH_RETURN_IF_ERROR(ParseExpr(out));
  if (!Peek().Is(TokenKind::kEnd)) return Unexpected(Peek(), "end of input");
  return Status::Ok();
}

// ---------------------------------------------------------------- clauses

bool Parser::AtClauseStart() const {
  const Token& token = Peek();
  return token.Is(Keyword::kMatch) || token.Is(Keyword::kOptional) || token.Is(Keyword::kWith) ||
         token.Is(Keyword::kUnwind) || token.Is(Keyword::kCall) || token.Is(Keyword::kReturn);
}

Status Parser::ParseClause(ast::ClausePtr* out) {
  const Token& token = Peek();
  if (token.Is(Keyword::kMatch) || token.Is(Keyword::kOptional)) return ParseMatch(out);
  if (token.Is(Keyword::kWith)) return ParseWith(out);
  if (token.Is(Keyword::kUnwind)) return ParseUnwind(out);
  if (token.Is(Keyword::kCall)) return ParseCall(out);
  if (token.Is(Keyword::kReturn)) return ParseReturn(out);
  return Unexpected(token, kClauseList);
}

Status Parser::ParseWhere(ast::ExprPtr* out) {
  if (!Match(Keyword::kWhere)) return Status::Ok();
  return ParseExpr(out);
}

Status Parser::ParseMatch(ast::ClausePtr* out) {
  auto clause = std::make_unique<ast::MatchClause>(Peek().pos);
  if (Match(Keyword::kOptional)) {
    clause->optional = true;
    if (!Match(Keyword::kMatch)) return Unexpected(Peek(), "MATCH after OPTIONAL");
  } else {
    Advance();  // MATCH
  }
  do {
    clause->patterns.emplace_back();
    PROVGRAPH_RETURN_IF_ERROR(ParsePathPattern(&clause->patterns.back()));
  } while (Match(TokenKind::kComma));
  PROVGRAPH_RETURN_IF_ERROR(ParseWhere(&clause->where));
  *out = std::move(clause);
  return Status::Ok();
}

Status Parser::ParseWith(ast::ClausePtr* out) {
  auto clause = std::make_unique<ast::WithClause>(Advance().pos);
  PROVGRAPH_RETURN_IF_ERROR(ParseProjection(&clause->projection));
  PROVGRAPH_RETURN_IF_ERROR(ParseWhere(&clause->where));
  *out = std::move(clause);
  return Status::Ok();
}

Status Parser::ParseReturn(ast::ClausePtr* out) {
  auto clause = std::make_unique<ast::ReturnClause>(Advance().pos);
  PROVGRAPH_RETURN_IF_ERROR(ParseProjection(&clause->projection));
  *out = std::move(clause);
  return Status::Ok();
}

Status Parser::ParseProjection(ast::Projection* projection) {
  projection->distinct = Match(Keyword::kDistinct);
  bool need_item = true;
  if (Match(TokenKind::kStar)) {
    projection->star = true;
    need_item = Match(TokenKind::kComma);
  }
  while (need_item) {
    ast::ProjectionItem item;
    item.pos = Peek().pos;
    PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&item.expr));
    item.text = std::string(text_.substr(item.pos.offset, PreviousEnd() - item.pos.offset));
    if (Match(Keyword::kAs)) PROVGRAPH_RETURN_IF_ERROR(ParseName("a name after AS", &item.alias));
    projection->items.push_back(std::move(item));
    need_item = Match(TokenKind::kComma);
  }
  if (Match(Keyword::kOrder)) {
    PROVGRAPH_RETURN_IF_ERROR(Expect(Keyword::kBy));
    do {
      ast::SortItem sort;
      PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&sort.expr));
      if (Match(Keyword::kDesc) || Match(Keyword::kDescending)) {
        sort.descending = true;
      } else if (!Match(Keyword::kAsc)) {
        Match(Keyword::kAscending);
      }
      projection->order_by.push_back(std::move(sort));
    } while (Match(TokenKind::kComma));
  }
  if (Match(Keyword::kSkip)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&projection->skip));
  if (Match(Keyword::kLimit)) PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&projection->limit));
  return Status::Ok();
}

Status Parser::ParseUnwind(ast::ClausePtr* out) {
  auto clause = std::make_unique<ast::UnwindClause>(Advance().pos);
  PROVGRAPH_RETURN_IF_ERROR(ParseExpr(&clause->list));
  PROVGRAPH_RETURN_IF_ERROR(Expect(Keyword::kAs));
  PROVGRAPH_RETURN_IF_ERROR(ParseName("a variable name after AS", &clause->alias, &clause->alias_pos));
  *out = std::move(clause);
  return Status::Ok();
}

Status Parser::ParseCall(ast::ClausePtr* out) {
  auto clause = std::make_unique<ast::CallClause>(Advance().pos);
  clause->procedure_pos = Peek().pos;
  do {
    clause->procedure.emplace_back();
    PROVGRAPH_RETURN_IF_ERROR(ParseSymbolicName("a procedure name", &clause->procedure.back()));
  } while (Match(TokenKind::kDot));
  if (!Match(TokenKind::kLParen)) return Unexpected(Peek(), "'(' after the procedure name");
  PROVGRAPH_RETURN_IF_ERROR(ParseArguments(&clause->args));
  if (Match(Keyword::kYield)) {
    if (Match(TokenKind::kStar)) {
      clause->yield_star = true;
    } else {
      do {
        ast::YieldItem item;
        PROVGRAPH_RETURN_IF_ERROR(ParseName("a result name after YIELD", &item.name, &item.pos));
        if (Match(Keyword::kAs)) PROVGRAPH_RETURN_IF_ERROR(ParseName("a name after AS", &item.alias));
        clause->yields.push_back(std::move(item));
      } while (Match(TokenKind::kComma));
    }
    PROVGRAPH_RETURN_IF_ERROR(ParseWhere(&clause->where));
  } else if (Peek().Is(Keyword::kWhere)) {
    return ErrorAt(Peek().pos, "WHERE after CALL needs a YIELD first");
  }
  *out = std::move(clause);
  return Status::Ok();
}

}  // namespace internal

// ---------------------------------------------------------------- public API

Result<ast::Query> ParseQuery(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  internal::Parser parser(text, std::move(tokens).value());
  ast::Query query;
  PROVGRAPH_RETURN_IF_ERROR(parser.ParseQuery(&query));
  return query;
}

Result<ast::ExprPtr> ParseExpression(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  internal::Parser parser(text, std::move(tokens).value());
  ast::ExprPtr expr;
  PROVGRAPH_RETURN_IF_ERROR(parser.ParseStandaloneExpression(&expr));
  return expr;
}

}  // namespace provgraph::query
