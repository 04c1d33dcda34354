// Time: parsing and formatting of ISO-8601 instants and the special instants
// used for valid-time intervals.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "engine/status.h"
#include "engine/value.h"

namespace provgraph {

// Open end of a valid-time interval, and "as of now" (sees the latest state).
inline constexpr int64_t kForever = std::numeric_limits<int64_t>::max();
inline constexpr Timestamp kLatest{kForever - 1};

// Parses "2024-01-31", "2024-01-31T12:00:00", "...Z", "...+02:00", with an
// optional fraction of up to 9 digits (kept to the microsecond). A time
// without an offset is UTC.
Result<Timestamp> ParseTimestamp(std::string_view text);

// "2024-01-31T12:00:00Z", or "...:00.123456Z" when there are microseconds.
std::string FormatTimestamp(Timestamp t);

// The current wall-clock time.
Timestamp NowUtc();

}  // namespace provgraph
