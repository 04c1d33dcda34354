#include "query/lexer/lexer.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "query/common/str_cat.h"

namespace provgraph::query {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool IsIdentStart(char c) { return IsAsciiLetter(c) || c == '_' || IsNonAscii(c); }
bool IsIdentPart(char c) { return IsIdentStart(c) || IsDigit(c); }
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    unsigned b = byte(k);
    return b >= lo && b <= hi;
  };
  unsigned b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// "'#'" for a printable ASCII character, "U+0007" otherwise.
std::string DescribeChar(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c >= 0x21 && c < 0x7F) return StrCat({"'", std::string_view(&text[i], 1), "'"});
  uint32_t cp = c;
  size_t len = Utf8SequenceLength(text, i);
  if (len > 1) {
    cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    if (text_.size() > kMaxQueryBytes) {
      return QueryError(SourcePos{}, StrCat({"query text is longer than ", std::to_string(kMaxQueryBytes), " bytes"}));
    }
    PROVGRAPH_RETURN_IF_ERROR(CheckUtf8());
    std::vector<Token> tokens;
    while (true) {
      PROVGRAPH_RETURN_IF_ERROR(SkipBlanksAndComments());
      if (AtEnd()) break;
      Token token;
      token.pos = Here();
      PROVGRAPH_RETURN_IF_ERROR(LexToken(&token));
      token.length = static_cast<uint32_t>(pos_ - token.pos.offset);
      last_end_ = Here();
      tokens.push_back(std::move(token));
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.pos = last_end_;
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  bool HasAhead(size_t ahead) const { return pos_ + ahead < text_.size(); }
  SourcePos Here() const { return SourcePos{line_, column_, static_cast<uint32_t>(pos_)}; }

  // Consumes one byte, keeping line and column (in code points) current.
  void Advance() {
    char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!IsContinuation(c)) {
      ++column_;
    }
  }
  void Advance(size_t n) {
    for (size_t i = 0; i < n; ++i) Advance();
  }

  Status CheckUtf8() {
    for (size_t i = 0; i < text_.size();) {
      size_t len = Utf8SequenceLength(text_, i);
      if (len == 0) {
        // Position the error by walking up to the bad byte.
        while (pos_ < i) Advance();
        return QueryError(Here(), "invalid UTF-8 byte sequence");
      }
      i += len;
    }
    return Status::Ok();
  }

  Status SkipBlanksAndComments() {
    while (!AtEnd()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance();
      } else if (c == '/' && Peek(1) == '/') {
        while (!AtEnd() && Peek() != '\n') Advance();
      } else if (c == '/' && Peek(1) == '*') {
        SourcePos start = Here();
        Advance(2);
        while (!AtEnd() && !(Peek() == '*' && Peek(1) == '/')) Advance();
        if (AtEnd()) return QueryError(start, "unterminated comment");
        Advance(2);
      } else {
        break;
      }
    }
    return Status::Ok();
  }

  Status LexToken(Token* token) {
    char c = Peek();
    if (IsIdentStart(c)) return LexWord(token);
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber(token);
    switch (c) {
      case '\'':
      case '"':
        return LexString(token);
      case '`':
        return LexQuotedIdentifier(token);
      case '$':
        return LexParameter(token);
      default:
        return LexOperator(token);
    }
  }

  Status LexWord(Token* token) {
    size_t start = pos_;
    while (!AtEnd() && IsIdentPart(Peek())) Advance();
    token->text = std::string(text_.substr(start, pos_ - start));
    token->keyword = LookupKeyword(token->text);
    token->kind = token->keyword == Keyword::kNone ? TokenKind::kIdentifier : TokenKind::kKeyword;
    return Status::Ok();
  }

  Status LexQuotedIdentifier(Token* token) {
    SourcePos start = Here();
    Advance();  // opening backtick
    token->kind = TokenKind::kIdentifier;
    token->quoted = true;
    while (true) {
      if (AtEnd()) return QueryError(start, "unterminated quoted identifier");
      char c = Peek();
      if (c == '`') {
        if (Peek(1) != '`') break;
        token->text.push_back('`');  // `` stands for one backtick
        Advance(2);
        continue;
      }
      token->text.push_back(c);
      Advance();
    }
    Advance();  // closing backtick
    if (token->text.empty()) return QueryError(start, "empty quoted identifier");
    return Status::Ok();
  }

  Status LexParameter(Token* token) {
    SourcePos start = Here();
    Advance();  // '$'
    size_t name_start = pos_;
    while (!AtEnd() && IsIdentPart(Peek())) Advance();
    if (pos_ == name_start) return QueryError(start, "expected a parameter name after '$'");
    token->kind = TokenKind::kParameter;
    token->text = std::string(text_.substr(name_start, pos_ - name_start));
    return Status::Ok();
  }

  Status LexNumber(Token* token) {
    SourcePos start = Here();
    size_t begin = pos_;
    token->kind = TokenKind::kInteger;
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && IsHexDigit(Peek(2))) {
      Advance(2);
      while (!AtEnd() && IsHexDigit(Peek())) Advance();
    } else {
      while (!AtEnd() && IsDigit(Peek())) Advance();
      if (Peek() == '.' && IsDigit(Peek(1))) {
        token->kind = TokenKind::kFloat;
        Advance();
        while (!AtEnd() && IsDigit(Peek())) Advance();
      }
      if ((Peek() == 'e' || Peek() == 'E') &&
          (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
        token->kind = TokenKind::kFloat;
        Advance(2);
        while (!AtEnd() && IsDigit(Peek())) Advance();
      }
    }
    if (!AtEnd() && IsIdentPart(Peek())) {
      while (!AtEnd() && IsIdentPart(Peek())) Advance();
      return QueryError(start, StrCat({"invalid number literal '", text_.substr(begin, pos_ - begin), "'"}));
    }
    token->text = std::string(text_.substr(begin, pos_ - begin));
    return Status::Ok();
  }

  Status LexString(Token* token) {
    SourcePos start = Here();
    char quote = Peek();
    Advance();
    token->kind = TokenKind::kString;
    while (true) {
      if (AtEnd()) return QueryError(start, "unterminated string literal");
      char c = Peek();
      if (c == quote) break;
      if (c != '\\') {
        token->text.push_back(c);
        Advance();
        continue;
      }
      SourcePos escape = Here();
      if (!HasAhead(1)) return QueryError(start, "unterminated string literal");
      char e = Peek(1);
      switch (e) {
        case 'n': token->text.push_back('\n'); break;
        case 't': token->text.push_back('\t'); break;
        case 'r': token->text.push_back('\r'); break;
        case 'b': token->text.push_back('\b'); break;
        case 'f': token->text.push_back('\f'); break;
        case '\\': token->text.push_back('\\'); break;
        case '\'': token->text.push_back('\''); break;
        case '"': token->text.push_back('"'); break;
        case 'u':
        case 'U': {
          Advance(2);
          PROVGRAPH_RETURN_IF_ERROR(LexUnicodeEscape(escape, e == 'u' ? 4 : 8, &token->text));
          continue;
        }
        default: {
          if (e > 0x20 && e < 0x7F) {
            return QueryError(escape, StrCat({"invalid escape sequence '\\", std::string_view(&e, 1), "' in string literal"}));
          }
          return QueryError(escape, StrCat({"invalid escape sequence: '\\' followed by ", DescribeChar(text_, pos_ + 1),
                                           " in string literal"}));
        }
      }
      Advance(2);
    }
    Advance();  // closing quote
    return Status::Ok();
  }

  // Reads `digits` hex digits after "\u" / "\U" (already consumed); a
  // UTF-16 surrogate pair written as two \u escapes is combined.
  Status LexUnicodeEscape(SourcePos escape, int digits, std::string* out) {
    auto read_hex = [&](int n, uint32_t* value) {
      *value = 0;
      for (int i = 0; i < n; ++i) {
        if (!IsHexDigit(Peek())) return false;
        *value = (*value << 4) | static_cast<uint32_t>(HexValue(Peek()));
        Advance();
      }
      return true;
    };
    const std::string bad = "invalid Unicode escape in string literal";
    uint32_t cp = 0;
    if (!read_hex(digits, &cp)) return QueryError(escape, bad);
    if (cp >= 0xD800 && cp <= 0xDBFF && digits == 4 && Peek() == '\\' && Peek(1) == 'u') {
      Advance(2);
      uint32_t low = 0;
      if (!read_hex(4, &low) || low < 0xDC00 || low > 0xDFFF) return QueryError(escape, bad);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return QueryError(escape, bad);
    AppendUtf8(cp, out);
    return Status::Ok();
  }

  Status LexOperator(Token* token) {
    char c = Peek();
    char n = Peek(1);
    auto emit = [&](TokenKind kind, size_t len) {
      token->kind = kind;
      token->text = std::string(text_.substr(pos_, len));
      Advance(len);
      return Status::Ok();
    };
    switch (c) {
      case '=': return n == '~' ? emit(TokenKind::kRegexMatch, 2) : emit(TokenKind::kEq, 1);
      case '<':
        if (n == '=') return emit(TokenKind::kLe, 2);
        if (n == '>') return emit(TokenKind::kNeq, 2);
        if (n == '-') return emit(TokenKind::kArrowLeft, 2);
        return emit(TokenKind::kLt, 1);
      case '>': return n == '=' ? emit(TokenKind::kGe, 2) : emit(TokenKind::kGt, 1);
      case '-': return n == '>' ? emit(TokenKind::kArrowRight, 2) : emit(TokenKind::kMinus, 1);
      case '.': return n == '.' ? emit(TokenKind::kDotDot, 2) : emit(TokenKind::kDot, 1);
      case '+': return emit(TokenKind::kPlus, 1);
      case '*': return emit(TokenKind::kStar, 1);
      case '/': return emit(TokenKind::kSlash, 1);
      case '%': return emit(TokenKind::kPercent, 1);
      case '^': return emit(TokenKind::kCaret, 1);
      case ',': return emit(TokenKind::kComma, 1);
      case ':': return emit(TokenKind::kColon, 1);
      case ';': return emit(TokenKind::kSemicolon, 1);
      case '|': return emit(TokenKind::kPipe, 1);
      case '(': return emit(TokenKind::kLParen, 1);
      case ')': return emit(TokenKind::kRParen, 1);
      case '[': return emit(TokenKind::kLBracket, 1);
      case ']': return emit(TokenKind::kRBracket, 1);
      case '{': return emit(TokenKind::kLBrace, 1);
      case '}': return emit(TokenKind::kRBrace, 1);
      case '!':
        if (n == '=') return QueryError(Here(), "unexpected '!=', use '<>' for not equal");
        return QueryError(Here(), "unexpected character '!'");
      default: return QueryError(Here(), StrCat({"unexpected character ", DescribeChar(text_, pos_)}));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  SourcePos last_end_;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view text) { return Lexer(text).Run(); }

}  // namespace provgraph::query
