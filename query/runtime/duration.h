// Durations of the query language (openCypher's duration): months, days and
// microseconds are kept apart, because a month is not a fixed number of days
// and calendar arithmetic needs to know which was meant ("P1M" added to
// January 31st is the last day of February). Parsing and printing use
// ISO-8601 ("P1Y2M3DT4H5M6.5S").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "engine/value.h"

namespace provgraph::query {

struct Duration {
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;
  friend bool operator==(const Duration&, const Duration&) = default;
};

// "P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]", components optionally negative,
// a fraction (up to 9 digits, kept to the microsecond) only on seconds.
Result<Duration> ParseDuration(std::string_view text);

// From duration({years, months, weeks, days, hours, minutes, seconds,
// milliseconds, microseconds}) units; nullopt when a value overflows.
// `unit` names the offending key on error.
std::optional<Duration> DurationFromUnits(const std::map<std::string, int64_t>& units, std::string* unit);

// ISO-8601 text: years and months, days, then hours, minutes and seconds
// (the fraction without trailing zeros); "PT0S" for zero.
std::string FormatDuration(const Duration& d);

// t + sign * d: months first (the day clamped to the month's last), then
// days, then microseconds. nullopt when the result leaves years 1..9999 or
// an intermediate overflows.
std::optional<Timestamp> AddDuration(Timestamp t, const Duration& d, int sign);

// a + sign * b component-wise; nullopt on overflow.
std::optional<Duration> CombineDurations(const Duration& a, const Duration& b, int sign);

}  // namespace provgraph::query
