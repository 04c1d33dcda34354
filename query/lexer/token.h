// Tokens of the query language: what the lexer produces and the parser
// consumes. Every token carries the position of its first character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "query/common/source_location.h"

namespace provgraph::query {

enum class TokenKind : uint8_t {
  kEnd,         // end of input; always the last token
  kIdentifier,  // name, `quoted name`
  kKeyword,     // a reserved word, see Keyword
  kInteger,     // 42, 0x2A (text is the literal as written)
  kFloat,       // 1.5, 1e3, .5 (text is the literal as written)
  kString,      // 'x' or "x" (text is the decoded value)
  kParameter,   // $name or $1 (text is the name without '$')
  // Operators and punctuation.
  kEq,          // =
  kNeq,         // <>
  kLt,          // <
  kLe,          // <=
  kGt,          // >
  kGe,          // >=
  kRegexMatch,  // =~
  kPlus,        // +
  kMinus,       // -
  kStar,        // *
  kSlash,       // /
  kPercent,     // %
  kCaret,       // ^
  kDot,         // .
  kDotDot,      // ..
  kComma,       // ,
  kColon,       // :
  kSemicolon,   // ;
  kPipe,        // |
  kLParen,      // (
  kRParen,      // )
  kLBracket,    // [
  kRBracket,    // ]
  kLBrace,      // {
  kRBrace,      // }
  kArrowRight,  // ->
  kArrowLeft,   // <-
};

// Reserved words. They are matched case-insensitively and cannot be used
// as a variable name unless quoted with backticks; they can be used as
// labels, relationship types, property keys and map keys.
enum class Keyword : uint8_t {
  kNone,
  kAnd, kAs, kAsc, kAscending, kBy, kCall, kCase, kContains, kDesc,
  kDescending, kDistinct, kElse, kEnd, kEnds, kExplain, kFalse, kIn, kIs,
  kLimit, kMatch, kNot, kNull, kOptional, kOr, kOrder, kProfile, kReturn,
  kSkip, kStarts, kThen, kTrue, kUnwind, kWhen, kWhere, kWith, kXor, kYield,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Keyword keyword = Keyword::kNone;  // set when kind == kKeyword
  bool quoted = false;               // a `backtick-quoted` identifier
  std::string text;                  // see TokenKind
  SourcePos pos;                     // first character
  uint32_t length = 0;               // bytes of source text covered

  bool Is(TokenKind k) const { return kind == k; }
  bool Is(Keyword k) const { return kind == TokenKind::kKeyword && keyword == k; }
};

// The keyword spelled by `word` (any case), or Keyword::kNone.
Keyword LookupKeyword(std::string_view word);

// The canonical upper-case spelling of a keyword ("MATCH").
std::string_view KeywordName(Keyword keyword);

// How a token kind is shown in messages: "')'", "identifier", ...
std::string_view TokenKindName(TokenKind kind);

}  // namespace provgraph::query
