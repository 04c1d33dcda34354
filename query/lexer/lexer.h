// The lexer: turns query text into a vector of tokens for the parser.
// Keywords are case-insensitive; `//` and `/* */` comments and whitespace
// are skipped. See token.h for what each token kind carries.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/status.h"
#include "query/lexer/token.h"

namespace provgraph::query {

// Queries longer than this are rejected (positions are 32-bit).
inline constexpr size_t kMaxQueryBytes = 16 * 1024 * 1024;

// Splits `text` into tokens. On success the last token is TokenKind::kEnd,
// positioned just after the last token (1:1 for an empty query). On a
// lexical error (unterminated string or comment, bad escape, invalid
// UTF-8, stray character, malformed number) returns
// Status::InvalidInput(message, "query:LINE:COLUMN") pointing at the fault.
// Pure function; safe to call from any thread.
Result<std::vector<Token>> Tokenize(std::string_view text);

}  // namespace provgraph::query
