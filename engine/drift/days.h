// Days: the drift job works in whole UTC days (the as-of day, reference
// windows, forecast crossing days).
#pragma once

#include <cstdint>
#include <string>

#include "engine/value.h"

namespace provgraph::drift {

inline constexpr int64_t kDayMicros = int64_t{86400} * 1000000;

// 00:00:00 UTC of the day holding `t`.
inline Timestamp DayStart(Timestamp t) {
  int64_t d = t.micros / kDayMicros;
  if (t.micros < 0 && t.micros % kDayMicros != 0) --d;
  return Timestamp{d * kDayMicros};
}
inline Timestamp AddDays(Timestamp t, int64_t days) { return Timestamp{t.micros + days * kDayMicros}; }
// "YYYY-MM-DD".
std::string FormatDay(Timestamp t);

}  // namespace provgraph::drift
