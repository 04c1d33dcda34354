#include "engine/drift/days.h"

#include "engine/time.h"

namespace provgraph::drift {

std::string FormatDay(Timestamp t) { return FormatTimestamp(DayStart(t)).substr(0, 10); }

}  // namespace provgraph::drift
