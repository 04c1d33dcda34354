// Window: the length of the look-back window of a root-cause search,
// written as a duration string ("7d", "36h", "2w", "90m", "30s", or the
// ISO-8601 forms "P7D", "PT36H").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace provgraph::rootcause {

inline constexpr int64_t kSecondMicros = 1000000;
inline constexpr int64_t kHourMicros = 3600 * kSecondMicros;
inline constexpr int64_t kDayMicros = 24 * kHourMicros;

// The window in microseconds (zero for "0d": well-formed, but an empty
// window, which FindRootCauses refuses). InvalidInput naming the text when
// it is not a duration.
Result<int64_t> ParseWindow(std::string_view text);

// The largest of "Nd", "Nh", "Nm", "Ns" that is exact.
std::string FormatWindow(int64_t micros);

}  // namespace provgraph::rootcause
