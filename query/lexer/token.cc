#include "query/lexer/token.h"

#include <array>
#include <utility>

namespace provgraph::query {

namespace {

constexpr std::array<std::pair<std::string_view, Keyword>, 37> kKeywords = {{
    {"AND", Keyword::kAnd},         {"AS", Keyword::kAs},
    {"ASC", Keyword::kAsc},         {"ASCENDING", Keyword::kAscending},
    {"BY", Keyword::kBy},           {"CALL", Keyword::kCall},
    {"CASE", Keyword::kCase},       {"CONTAINS", Keyword::kContains},
    {"DESC", Keyword::kDesc},       {"DESCENDING", Keyword::kDescending},
    {"DISTINCT", Keyword::kDistinct}, {"ELSE", Keyword::kElse},
    {"END", Keyword::kEnd},         {"ENDS", Keyword::kEnds},
    {"EXPLAIN", Keyword::kExplain}, {"FALSE", Keyword::kFalse},
    {"IN", Keyword::kIn},           {"IS", Keyword::kIs},
    {"LIMIT", Keyword::kLimit},     {"MATCH", Keyword::kMatch},
    {"NOT", Keyword::kNot},         {"NULL", Keyword::kNull},
    {"OPTIONAL", Keyword::kOptional}, {"OR", Keyword::kOr},
    {"ORDER", Keyword::kOrder},     {"PROFILE", Keyword::kProfile},
    {"RETURN", Keyword::kReturn},   {"SKIP", Keyword::kSkip},
    {"STARTS", Keyword::kStarts},   {"THEN", Keyword::kThen},
    {"TRUE", Keyword::kTrue},       {"UNWIND", Keyword::kUnwind},
    {"WHEN", Keyword::kWhen},       {"WHERE", Keyword::kWhere},
    {"WITH", Keyword::kWith},       {"XOR", Keyword::kXor},
    {"YIELD", Keyword::kYield},
}};

bool EqualsIgnoreCase(std::string_view upper, std::string_view word) {
  if (upper.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

}  // namespace

Keyword LookupKeyword(std::string_view word) {
  if (word.empty()) return Keyword::kNone;
  for (const auto& [name, keyword] : kKeywords) {
    if (EqualsIgnoreCase(name, word)) return keyword;
  }
  return Keyword::kNone;
}

std::string_view KeywordName(Keyword keyword) {
  for (const auto& [name, k] : kKeywords) {
    if (k == keyword) return name;
  }
  return "";
}

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "end of input";
    case TokenKind::kIdentifier: return "identifier";
    case TokenKind::kKeyword: return "keyword";
    case TokenKind::kInteger: return "integer";
    case TokenKind::kFloat: return "float";
    case TokenKind::kString: return "string";
    case TokenKind::kParameter: return "parameter";
    case TokenKind::kEq: return "'='";
    case TokenKind::kNeq: return "'<>'";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kLe: return "'<='";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kGe: return "'>='";
    case TokenKind::kRegexMatch: return "'=~'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kPercent: return "'%'";
    case TokenKind::kCaret: return "'^'";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kDotDot: return "'..'";
    case TokenKind::kComma: return "','";
    case TokenKind::kColon: return "':'";
    case TokenKind::kSemicolon: return "';'";
    case TokenKind::kPipe: return "'|'";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kArrowRight: return "'->'";
    case TokenKind::kArrowLeft: return "'<-'";
  }
  return "token";
}

}  // namespace provgraph::query
