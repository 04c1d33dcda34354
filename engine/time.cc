#include "engine/time.h"

#include <chrono>
#include <cstdio>

namespace provgraph {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil algorithm, http://howardhinnant.github.io/date_algorithms.html).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool Digits(int n, int64_t& out) {
    if (pos_ + n > s_.size()) return false;
    out = 0;
    for (int i = 0; i < n; ++i) {
      char c = s_[pos_ + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    pos_ += n;
    return true;
  }
  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ == s_.size(); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status::InvalidInput("invalid timestamp '" + std::string(text) + "': " + why);
  };
  Cursor c(text);
  int64_t y, mo, d, h = 0, mi = 0, s = 0, micros = 0;
  if (!c.Digits(4, y) || !c.Eat('-') || !c.Digits(2, mo) || !c.Eat('-') || !c.Digits(2, d)) {
    return bad("expected YYYY-MM-DD");
  }
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(mo))) {
    return bad("no such date");
  }
  int64_t offset_minutes = 0;
  if (!c.AtEnd()) {
    if (!c.Eat('T') && !c.Eat(' ') && !c.Eat('t')) return bad("expected 'T' after the date");
    if (!c.Digits(2, h) || !c.Eat(':') || !c.Digits(2, mi)) return bad("expected hh:mm");
    if (c.Eat(':') && !c.Digits(2, s)) return bad("expected seconds");
    if (h > 23 || mi > 59 || s > 60) return bad("time out of range");
    if (c.Eat('.') || c.Eat(',')) {
      int digits = 0;
      int64_t digit;
      while (c.Digits(1, digit)) {
        if (digits < 6) micros = micros * 10 + digit;
        ++digits;
      }
      if (digits == 0 || digits > 9) return bad("expected 1 to 9 fraction digits");
      for (int i = digits; i < 6; ++i) micros *= 10;
    }
    if (c.Eat('Z') || c.Eat('z')) {
    } else if (c.Peek() == '+' || c.Peek() == '-') {
      int sign = c.Peek() == '-' ? -1 : 1;
      c.Eat(c.Peek());
      int64_t oh, om = 0;
      if (!c.Digits(2, oh)) return bad("expected an offset +hh:mm");
      if (c.Eat(':')) {
        if (!c.Digits(2, om)) return bad("expected an offset +hh:mm");
      } else {
        c.Digits(2, om);
      }
      if (oh > 23 || om > 59) return bad("offset out of range");
      offset_minutes = sign * (oh * 60 + om);
    }
    if (!c.AtEnd()) return bad("unexpected characters after the time");
  }
  if (s == 60) s = 59;  // a leap second is kept at the last representable second
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  return Timestamp{secs * 1000000 + micros};
}

std::string FormatTimestamp(Timestamp t) {
  if (t.micros >= kLatest.micros) return "infinity";
  int64_t micros = t.micros % 1000000;
  int64_t secs = t.micros / 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  // civil_from_days (Howard Hinnant, as above).
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                        static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                        static_cast<long long>(rem % 60));
  std::string out(buf, static_cast<size_t>(n));
  if (micros != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
    out += buf;
  }
  out += 'Z';
  return out;
}

Timestamp NowUtc() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(now).count()};
}

}  // namespace provgraph
