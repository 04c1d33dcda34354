// The base of every parsed-tree node that has subclasses (expressions,
// clauses): a kind tag, a source position and a checked downcast.
#pragma once

#include <cassert>

#include "query/common/source_location.h"

namespace provgraph::query::ast {

template <typename Kind>
struct Node {
  Node(Kind kind, SourcePos pos) : kind(kind), pos(pos) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Checked downcast: T::kKind must equal kind.
  template <typename T>
  const T& As() const {
    assert(kind == T::kKind);
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    assert(kind == T::kKind);
    return static_cast<T&>(*this);
  }

  const Kind kind;
  SourcePos pos;
};

}  // namespace provgraph::query::ast
