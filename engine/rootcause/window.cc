#include "engine/rootcause/window.h"

#include <cctype>
#include <limits>

namespace provgraph::rootcause {
namespace {

int64_t UnitMicros(char unit) {
  switch (std::tolower(static_cast<unsigned char>(unit))) {
    case 'w':
      return 7 * kDayMicros;
    case 'd':
      return kDayMicros;
    case 'h':
      return kHourMicros;
    case 'm':
      return 60 * kSecondMicros;
    case 's':
      return kSecondMicros;
    default:
      return 0;
  }
}

}  // namespace

Result<int64_t> ParseWindow(std::string_view text) {
  auto bad = [&] {
    // Appended piece by piece: GCC 12 at -O3 raises a bogus -Wrestrict on
    // "lit" + std::string.
    std::string message = "'";
    message.append(text);
    message.append("' is not a window: give a number and a unit, as in 7d, 36h, 2w, 90m or P7D");
    return Status::InvalidInput(message);
  };
  std::string_view s = text;
  bool iso = false, in_time = false;
  if (!s.empty() && (s[0] == 'P' || s[0] == 'p')) {
    iso = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return bad();
  int64_t total = 0;
  while (!s.empty()) {
    if (iso && (s[0] == 'T' || s[0] == 't')) {
      in_time = true;
      s.remove_prefix(1);
      continue;
    }
    size_t digits = 0;
    int64_t n = 0;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) {
      if (n > std::numeric_limits<int64_t>::max() / 10 - 10) return bad();
      n = n * 10 + (s[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits == s.size()) return bad();
    char unit = s[digits];
    // ISO: M is months before T (not supported: months have no fixed length).
    if (iso && !in_time && (unit == 'M' || unit == 'm' || unit == 'H' || unit == 'h' || unit == 'S' || unit == 's')) {
      return bad();
    }
    int64_t u = UnitMicros(unit);
    if (u == 0 || n > std::numeric_limits<int64_t>::max() / u) return bad();
    total += n * u;
    s.remove_prefix(digits + 1);
    if (!iso && !s.empty()) return bad();
  }
  return total;
}

std::string FormatWindow(int64_t micros) {
  static const std::pair<int64_t, char> kUnits[] = {
      {kDayMicros, 'd'}, {kHourMicros, 'h'}, {60 * kSecondMicros, 'm'}, {kSecondMicros, 's'}};
  for (const auto& [u, c] : kUnits) {
    if (micros % u == 0) {
      std::string out = std::to_string(micros / u);
      out.push_back(c);
      return out;
    }
  }
  std::string out = std::to_string(micros);
  out.append("us");
  return out;
}

}  // namespace provgraph::rootcause
