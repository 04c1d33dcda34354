// TypeName (declared in query_value.h) on its own, so that the binder's
// fuzz target (tests/fuzz/CMakeLists.txt) links without the rest of
// query_value.cc and the engine behind it.
#include "query/runtime/query_value.h"

namespace provgraph::query {

const char* TypeName(QueryValue::Type t) {
  using T = QueryValue::Type;
  switch (t) {
    case T::kNull:
      return "null";
    case T::kBool:
      return "boolean";
    case T::kInt:
      return "integer";
    case T::kFloat:
      return "float";
    case T::kString:
      return "string";
    case T::kTimestamp:
      return "datetime";
    case T::kList:
      return "list";
    case T::kMap:
      return "map";
    case T::kNode:
      return "node";
    case T::kEdge:
      return "relationship";
    case T::kPath:
      return "path";
    case T::kDuration:
      return "duration";
  }
  return "?";
}

}  // namespace provgraph::query
