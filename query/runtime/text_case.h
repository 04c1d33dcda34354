// toUpper / toLower over UTF-8 text: each code point mapped by the C
// library's Unicode case tables (the C.UTF-8 locale), one code point to one
// (so "ß" stays "ß"); bytes that are not valid UTF-8 are kept as they are.
// Without a C.UTF-8 locale only ASCII letters change.
#pragma once

#include <string>
#include <string_view>

namespace provgraph::query {

std::string ToUpperText(std::string_view text);
std::string ToLowerText(std::string_view text);

}  // namespace provgraph::query
