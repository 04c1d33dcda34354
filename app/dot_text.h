// DOT text helpers shared by `query --format dot` and the report's lineage
// picture: Graphviz string quoting, so any label or key is safe to embed.
#pragma once

#include <string>
#include <string_view>

namespace provgraph::app {

// `s` as a double-quoted DOT string: `"` and `\` are escaped (so a key
// ending in a backslash cannot swallow the closing quote, and label escapes
// such as \N or \l stay literal), newlines become \n, and other control
// characters a space.
std::string DotQuote(std::string_view s);

}  // namespace provgraph::app
