#include "query/runtime/text_case.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

namespace provgraph::query {
namespace {

locale_t Utf8Locale() {
  static const locale_t kLocale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return kLocale;
}

// Decodes the code point at text[i] (advancing i); -1 for an invalid
// sequence (i advanced by one byte).
int32_t Decode(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int n = (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
  if (n < 0) {
    ++i;
    return -1;
  }
  int32_t cp = b & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static const int32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += n + 1;
  return cp;
}

void Encode(int32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string ChangeCase(std::string_view text, bool upper) {
  locale_t loc = Utf8Locale();
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int32_t cp = Decode(text, i);
    if (cp < 0) {
      out += text[start];
      continue;
    }
    int32_t mapped = cp;
    if (loc) {
      wint_t w = upper ? towupper_l(static_cast<wint_t>(cp), loc) : towlower_l(static_cast<wint_t>(cp), loc);
      mapped = static_cast<int32_t>(w);
    } else if (cp < 0x80) {
      mapped = upper ? (cp >= 'a' && cp <= 'z' ? cp - 32 : cp) : (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    }
    if (mapped < 0 || mapped > 0x10FFFF || (mapped >= 0xD800 && mapped <= 0xDFFF)) mapped = cp;
    Encode(mapped, out);
  }
  return out;
}

}  // namespace

std::string ToUpperText(std::string_view text) { return ChangeCase(text, true); }
std::string ToLowerText(std::string_view text) { return ChangeCase(text, false); }

}  // namespace provgraph::query
