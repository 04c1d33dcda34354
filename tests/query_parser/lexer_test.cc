// Lexer: token kinds, decoded text, positions, and lexical errors.
#include "query/lexer/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/query_parser/parser_test_util.h"

namespace provgraph::query {
namespace {

std::vector<Token> Lex(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
  if (!tokens.ok()) return {};
  return std::move(tokens).value();
}

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> kinds;
  for (const Token& token : Lex(text)) kinds.push_back(token.kind);
  return kinds;
}

std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> texts;
  for (const Token& token : Lex(text)) {
    if (!token.Is(TokenKind::kEnd)) texts.push_back(token.text);
  }
  return texts;
}

// "where: message" of a lexical error.
std::string LexError(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  if (tokens.ok()) return "no error";
  return tokens.status().ToString();
}

using K = TokenKind;

TEST(LexerTest, EmptyInputIsJustEndAtOneOne) {
  std::vector<Token> tokens = Lex("  \n ");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, K::kEnd);
  EXPECT_EQ(tokens[0].pos, (SourcePos{1, 1, 0}));
}

TEST(LexerTest, KeywordsAreCaseInsensitiveAndKeepTheirSpelling) {
  std::vector<Token> tokens = Lex("match MaTcH MATCH optional Return");
  ASSERT_EQ(tokens.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(tokens[i].kind, K::kKeyword);
    EXPECT_EQ(tokens[i].keyword, Keyword::kMatch);
  }
  EXPECT_EQ(tokens[1].text, "MaTcH");
  EXPECT_TRUE(tokens[3].Is(Keyword::kOptional));
  EXPECT_TRUE(tokens[4].Is(Keyword::kReturn));
}

TEST(LexerTest, SoftWordsAreIdentifiers) {
  // OF, count, shortestPath and all are recognised by the parser, not reserved.
  EXPECT_EQ(Kinds("of count shortestPath all"),
            (std::vector<K>{K::kIdentifier, K::kIdentifier, K::kIdentifier, K::kIdentifier, K::kEnd}));
}

TEST(LexerTest, IdentifiersPlainAndBacktickQuoted) {
  std::vector<Token> tokens = Lex("abc_1 _x `weird name` `a``b` `MATCH`");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].text, "abc_1");
  EXPECT_FALSE(tokens[0].quoted);
  EXPECT_EQ(tokens[1].text, "_x");
  EXPECT_EQ(tokens[2].text, "weird name");
  EXPECT_TRUE(tokens[2].quoted);
  EXPECT_EQ(tokens[3].text, "a`b");
  // A quoted reserved word is an identifier.
  EXPECT_EQ(tokens[4].kind, K::kIdentifier);
  EXPECT_EQ(tokens[4].text, "MATCH");
  EXPECT_EQ(tokens[4].length, 7u);
}

TEST(LexerTest, StringLiteralsWithBothQuotesAndEscapes) {
  EXPECT_EQ(Texts(R"('plain' "double" 'it\'s' "say \"hi\"" 'a\nb' 'tab\there' 'back\\slash' "mixed 'q'")"),
            (std::vector<std::string>{"plain", "double", "it's", "say \"hi\"", "a\nb", "tab\there", "back\\slash",
                                      "mixed 'q'"}));
}

TEST(LexerTest, UnicodeEscapes) {
  // U+00E9 is C3 A9 in UTF-8; U+1F600 (a surrogate pair in \u form) is F0 9F 98 80.
  EXPECT_EQ(Texts(R"('\u00e9' '\u00E9x' '\uD83D\uDE00' '\U0001F600')"),
            (std::vector<std::string>{"\xC3\xA9", "\xC3\xA9x", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}));
}

TEST(LexerTest, StringMayContainRawNewlineAndLinesAreCounted) {
  std::vector<Token> tokens = Lex("'a\nb' x");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "a\nb");
  EXPECT_EQ(tokens[1].pos, (SourcePos{2, 4, 6}));
}

TEST(LexerTest, IntegersAndFloats) {
  std::vector<Token> tokens = Lex("42 0x1F 1.5 1e3 .5 2E-2 3.25e+1 0");
  std::vector<K> kinds;
  for (const Token& token : tokens) kinds.push_back(token.kind);
  EXPECT_EQ(kinds, (std::vector<K>{K::kInteger, K::kInteger, K::kFloat, K::kFloat, K::kFloat, K::kFloat, K::kFloat,
                                   K::kInteger, K::kEnd}));
  EXPECT_EQ(Texts("42 0x1F 1.5 1e3 .5 2E-2 3.25e+1 0"),
            (std::vector<std::string>{"42", "0x1F", "1.5", "1e3", ".5", "2E-2", "3.25e+1", "0"}));
}

TEST(LexerTest, RangeDotsAreNotPartOfNumbers) {
  EXPECT_EQ(Kinds("1..5"), (std::vector<K>{K::kInteger, K::kDotDot, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("*..5"), (std::vector<K>{K::kStar, K::kDotDot, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("*2.."), (std::vector<K>{K::kStar, K::kInteger, K::kDotDot, K::kEnd}));
  // "1." followed by a letter is an integer then a property dot.
  EXPECT_EQ(Kinds("1.x"), (std::vector<K>{K::kInteger, K::kDot, K::kIdentifier, K::kEnd}));
}

TEST(LexerTest, Parameters) {
  std::vector<Token> tokens = Lex("$name $1 $_x2");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, K::kParameter);
  EXPECT_EQ(tokens[0].text, "name");
  EXPECT_EQ(tokens[0].length, 5u);
  EXPECT_EQ(tokens[1].text, "1");
  EXPECT_EQ(tokens[2].text, "_x2");
}

TEST(LexerTest, EveryOperator) {
  EXPECT_EQ(Kinds("= <> < <= > >= =~ + - * / % ^ . .. , : ; | ( ) [ ] { } -> <-"),
            (std::vector<K>{K::kEq,        K::kNeq,    K::kLt,     K::kLe,       K::kGt,       K::kGe,
                            K::kRegexMatch, K::kPlus,  K::kMinus,  K::kStar,     K::kSlash,    K::kPercent,
                            K::kCaret,     K::kDot,    K::kDotDot, K::kComma,    K::kColon,    K::kSemicolon,
                            K::kPipe,      K::kLParen, K::kRParen, K::kLBracket, K::kRBracket, K::kLBrace,
                            K::kRBrace,    K::kArrowRight, K::kArrowLeft, K::kEnd}));
}

TEST(LexerTest, ArrowShortForms) {
  EXPECT_EQ(Kinds("-->"), (std::vector<K>{K::kMinus, K::kArrowRight, K::kEnd}));
  EXPECT_EQ(Kinds("<--"), (std::vector<K>{K::kArrowLeft, K::kMinus, K::kEnd}));
  EXPECT_EQ(Kinds("--"), (std::vector<K>{K::kMinus, K::kMinus, K::kEnd}));
  EXPECT_EQ(Kinds("<-->"), (std::vector<K>{K::kArrowLeft, K::kArrowRight, K::kEnd}));
}

TEST(LexerTest, CommentsAreSkippedAndPositionsContinue) {
  std::vector<Token> tokens = Lex("MATCH // line comment\n(n) /* block\ncomment */ RETURN n");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_TRUE(tokens[0].Is(Keyword::kMatch));
  EXPECT_EQ(tokens[1].pos, (SourcePos{2, 1, 22}));  // (
  EXPECT_EQ(tokens[2].pos, (SourcePos{2, 2, 23}));  // n
  EXPECT_TRUE(tokens[4].Is(Keyword::kReturn));
  EXPECT_EQ(tokens[4].pos.line, 3u);
  EXPECT_EQ(tokens[4].pos.column, 12u);
}

TEST(LexerTest, PositionsOnSeveralLinesAndEndAfterLastToken) {
  std::vector<Token> tokens = Lex("MATCH (n)\n  RETURN n   \n\n");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].pos, (SourcePos{1, 1, 0}));
  EXPECT_EQ(tokens[1].pos, (SourcePos{1, 7, 6}));
  EXPECT_EQ(tokens[3].pos, (SourcePos{1, 9, 8}));
  EXPECT_EQ(tokens[4].pos, (SourcePos{2, 3, 12}));
  EXPECT_EQ(tokens[5].pos, (SourcePos{2, 10, 19}));
  // End sits just after the last real token, not after the trailing blank lines.
  EXPECT_EQ(tokens[6].kind, K::kEnd);
  EXPECT_EQ(tokens[6].pos, (SourcePos{2, 11, 20}));
}

TEST(LexerTest, ColumnsCountCodePointsNotBytes) {
  // 'é' is two bytes but one column: x is byte 13 and column 13.
  std::vector<Token> tokens = Lex("RETURN '\xC3\xA9', x");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].length, 4u);
  EXPECT_EQ(tokens[3].pos, (SourcePos{1, 13, 13}));
}

TEST(LexerTest, NonAsciiLettersFormIdentifiers) {
  std::vector<Token> tokens = Lex("caf\xC3\xA9 x");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "caf\xC3\xA9");
  EXPECT_EQ(tokens[1].pos.column, 6u);
}

TEST(LexerErrorTest, UnterminatedStringPointsAtOpeningQuote) {
  EXPECT_EQ(LexError("RETURN 'abc"), "query:1:8: unterminated string literal");
  EXPECT_EQ(LexError("RETURN \"abc\\\""), "query:1:8: unterminated string literal");
}

TEST(LexerErrorTest, InvalidEscapePointsAtBackslash) {
  EXPECT_EQ(LexError(R"(RETURN 'a\qb')"), R"(query:1:10: invalid escape sequence '\q' in string literal)");
  EXPECT_EQ(LexError("RETURN 'a\\\x01'"),
            "query:1:10: invalid escape sequence: '\\' followed by U+0001 in string literal");
}

TEST(LexerErrorTest, InvalidUnicodeEscapes) {
  EXPECT_EQ(LexError(R"(RETURN '\u12')"), "query:1:9: invalid Unicode escape in string literal");
  EXPECT_EQ(LexError(R"(RETURN '\uD800')"), "query:1:9: invalid Unicode escape in string literal");
  EXPECT_EQ(LexError(R"(RETURN '\uDE00')"), "query:1:9: invalid Unicode escape in string literal");
  EXPECT_EQ(LexError(R"(RETURN '\U00110000')"), "query:1:9: invalid Unicode escape in string literal");
}

TEST(LexerErrorTest, UnterminatedCommentAndQuotedIdentifier) {
  EXPECT_EQ(LexError("RETURN 1 /* no end"), "query:1:10: unterminated comment");
  EXPECT_EQ(LexError("MATCH (`n) RETURN 1"), "query:1:8: unterminated quoted identifier");
  EXPECT_EQ(LexError("RETURN ``"), "query:1:8: empty quoted identifier");
}

TEST(LexerErrorTest, StrayCharacters) {
  EXPECT_EQ(LexError("RETURN #"), "query:1:8: unexpected character '#'");
  EXPECT_EQ(LexError("RETURN a\n  != b"), "query:2:3: unexpected '!=', use '<>' for not equal");
  EXPECT_EQ(LexError(std::string("RETURN \0", 8)), "query:1:8: unexpected character U+0000");
  EXPECT_EQ(LexError("RETURN $ x"), "query:1:8: expected a parameter name after '$'");
}

TEST(LexerErrorTest, MalformedNumbers) {
  EXPECT_EQ(LexError("RETURN 12abc"), "query:1:8: invalid number literal '12abc'");
  EXPECT_EQ(LexError("RETURN 1.5e"), "query:1:8: invalid number literal '1.5e'");
}

TEST(LexerErrorTest, InvalidUtf8) {
  EXPECT_EQ(LexError("RETURN 'ok'\n  \xFF"), "query:2:3: invalid UTF-8 byte sequence");
  // An overlong encoding of '/' and a lone continuation byte.
  EXPECT_EQ(LexError("RETURN \xC0\xAF"), "query:1:8: invalid UTF-8 byte sequence");
  EXPECT_EQ(LexError("\x80"), "query:1:1: invalid UTF-8 byte sequence");
}

}  // namespace
}  // namespace provgraph::query
