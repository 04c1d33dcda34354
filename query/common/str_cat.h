// StrCat: joins string pieces into one std::string with a single
// allocation. Used for messages instead of chains of operator+, which are
// slower and trip GCC 12's bogus -Wrestrict warning at -O2/-O3.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace provgraph::query {

inline std::string StrCat(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) out.append(piece.data(), piece.size());
  return out;
}

}  // namespace provgraph::query
