#include "query/runtime/duration.h"

#include <chrono>
#include <cstdlib>

namespace provgraph::query {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

bool MulAdd(int64_t& acc, int64_t value, int64_t factor) {
  int64_t product = 0;
  return !__builtin_mul_overflow(value, factor, &product) && !__builtin_add_overflow(acc, product, &acc);
}

Status Bad(std::string_view text, std::string_view why) {
  return Status::InvalidInput("invalid duration '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  Duration d;
  size_t i = 0;
  if (text.empty() || (text[0] != 'P' && text[0] != 'p')) return Bad(text, "expected it to start with P");
  ++i;
  bool time = false, any = false;
  std::string_view order = "YMWD";  // units still allowed, in order
  while (i < text.size()) {
    if (text[i] == 'T' || text[i] == 't') {
      if (time) return Bad(text, "T appears twice");
      time = true;
      order = "HMS";
      ++i;
      continue;
    }
    bool negative = false;
    if (text[i] == '-') {
      negative = true;
      ++i;
    }
    int64_t whole = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (__builtin_mul_overflow(whole, 10, &whole) || __builtin_add_overflow(whole, text[i] - '0', &whole)) {
        return Bad(text, "a number is too large");
      }
      ++i;
      ++digits;
    }
    if (digits == 0) return Bad(text, "expected a number");
    int64_t fraction_micros = 0;
    bool fraction = false;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      fraction = true;
      ++i;
      size_t fraction_digits = 0;
      int64_t scale = 100000;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (++fraction_digits > 9) return Bad(text, "more than 9 fraction digits");
        fraction_micros += (text[i] - '0') * scale;
        scale /= 10;
        ++i;
      }
      if (fraction_digits == 0) return Bad(text, "expected digits after the decimal point");
    }
    if (i >= text.size()) return Bad(text, "expected a unit after the number");
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    size_t at = order.find(unit);
    if (at == std::string_view::npos) {
      return Bad(text, std::string("unexpected '") + text[i] + "' (units go Y M W D, then T H M S)");
    }
    order.remove_prefix(at + 1);
    ++i;
    if (fraction && !(time && unit == 'S')) return Bad(text, "only seconds may have a fraction");
    if (negative) {
      whole = -whole;
      fraction_micros = -fraction_micros;
    }
    bool ok = true;
    if (!time) {
      switch (unit) {
        case 'Y':
          ok = MulAdd(d.months, whole, 12);
          break;
        case 'M':
          ok = MulAdd(d.months, whole, 1);
          break;
        case 'W':
          ok = MulAdd(d.days, whole, 7);
          break;
        default:
          ok = MulAdd(d.days, whole, 1);
          break;
      }
    } else {
      switch (unit) {
        case 'H':
          ok = MulAdd(d.micros, whole, kMicrosPerHour);
          break;
        case 'M':
          ok = MulAdd(d.micros, whole, kMicrosPerMinute);
          break;
        default:
          ok = MulAdd(d.micros, whole, kMicrosPerSecond) && MulAdd(d.micros, fraction_micros, 1);
          break;
      }
    }
    if (!ok) return Bad(text, "it is too large");
    any = true;
  }
  if (!any) return Bad(text, "expected at least one component");
  if (time && order == "HMS") return Bad(text, "expected a time component after T");
  return d;
}

std::optional<Duration> DurationFromUnits(const std::map<std::string, int64_t>& units, std::string* unit) {
  Duration d;
  for (const auto& [name, value] : units) {
    bool ok = true;
    if (name == "years")
      ok = MulAdd(d.months, value, 12);
    else if (name == "months")
      ok = MulAdd(d.months, value, 1);
    else if (name == "weeks")
      ok = MulAdd(d.days, value, 7);
    else if (name == "days")
      ok = MulAdd(d.days, value, 1);
    else if (name == "hours")
      ok = MulAdd(d.micros, value, kMicrosPerHour);
    else if (name == "minutes")
      ok = MulAdd(d.micros, value, kMicrosPerMinute);
    else if (name == "seconds")
      ok = MulAdd(d.micros, value, kMicrosPerSecond);
    else if (name == "milliseconds")
      ok = MulAdd(d.micros, value, 1000);
    else if (name == "microseconds")
      ok = MulAdd(d.micros, value, 1);
    else
      ok = false;
    if (!ok) {
      *unit = name;
      return std::nullopt;
    }
  }
  return d;
}

std::string FormatDuration(const Duration& d) {
  std::string out = "P";
  int64_t years = d.months / 12, months = d.months % 12;
  if (years) out += std::to_string(years) + "Y";
  if (months) out += std::to_string(months) + "M";
  if (d.days) out += std::to_string(d.days) + "D";
  if (d.micros) {
    out += "T";
    // |micros| fits: INT64_MIN is not a whole number of anything printed.
    uint64_t rest = d.micros < 0 ? 0 - static_cast<uint64_t>(d.micros) : static_cast<uint64_t>(d.micros);
    std::string sign = d.micros < 0 ? "-" : "";
    uint64_t hours = rest / kMicrosPerHour;
    rest %= kMicrosPerHour;
    uint64_t minutes = rest / kMicrosPerMinute;
    rest %= kMicrosPerMinute;
    if (hours) out += sign + std::to_string(hours) + "H";
    if (minutes) out += sign + std::to_string(minutes) + "M";
    if (rest) {
      out += sign + std::to_string(rest / kMicrosPerSecond);
      if (uint64_t frac = rest % kMicrosPerSecond) {
        std::string digits = std::to_string(frac + kMicrosPerSecond).substr(1);  // 6 digits
        while (digits.back() == '0') digits.pop_back();
        out += "." + digits;
      }
      out += "S";
    }
  }
  if (out == "P") out = "PT0S";
  return out;
}

std::optional<Timestamp> AddDuration(Timestamp t, const Duration& d, int sign) {
  using namespace std::chrono;
  // 0001-01-01 and 9999-12-31T23:59:59.999999 as microseconds since 1970.
  constexpr int64_t kMin = -62135596800LL * kMicrosPerSecond, kMax = 253402300800LL * kMicrosPerSecond - 1;
  if (t.micros < kMin || t.micros > kMax) return std::nullopt;
  int64_t months = 0, days = 0, micros = 0;
  if (__builtin_mul_overflow(d.months, sign, &months) || __builtin_mul_overflow(d.days, sign, &days) ||
      __builtin_mul_overflow(d.micros, sign, &micros)) {
    return std::nullopt;
  }
  // Bound every step to years 1..9999 (what timestamps parse and print).
  constexpr int64_t kMaxMonths = 12 * 10000, kMaxDays = 366 * 10000;
  if (std::llabs(months) > kMaxMonths || std::llabs(days) > kMaxDays) return std::nullopt;
  sys_days day = floor<std::chrono::days>(sys_time<microseconds>(microseconds(t.micros)));
  int64_t time_of_day = t.micros - duration_cast<microseconds>(day.time_since_epoch()).count();
  year_month_day ymd(day);
  if (months) {
    year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
    if (int(ym.year()) < 1 || int(ym.year()) > 9999) return std::nullopt;
    year_month_day moved = ym / ymd.day();
    ymd = moved.ok() ? moved : year_month_day(ym / last);
  }
  int64_t day_count = sys_days(ymd).time_since_epoch().count() + days;
  int64_t result = 0;
  if (__builtin_mul_overflow(day_count, kMicrosPerDay, &result) ||
      __builtin_add_overflow(result, time_of_day, &result) || __builtin_add_overflow(result, micros, &result)) {
    return std::nullopt;
  }
  if (result < kMin || result > kMax) return std::nullopt;
  return Timestamp{result};
}

std::optional<Duration> CombineDurations(const Duration& a, const Duration& b, int sign) {
  Duration out = a;
  if (!MulAdd(out.months, b.months, sign) || !MulAdd(out.days, b.days, sign) || !MulAdd(out.micros, b.micros, sign)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace provgraph::query
