// ShortNumber: a number as evidence details print it (four significant
// digits, %.4g).
#pragma once

#include <cstdio>
#include <string>

namespace provgraph::rootcause {

inline std::string ShortNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace provgraph::rootcause
