// AsciiLower: the lower-case form of keywords, function and procedure names
// (case-insensitive in the query language, as in openCypher).
#pragma once

#include <cctype>
#include <string>

namespace provgraph::query {

inline std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace provgraph::query
