#include "query/executor/result_rows.h"

#include <algorithm>
#include <cassert>

namespace provgraph::query {

namespace {
// Room for 16 rows at first: a small result costs one allocation.
constexpr size_t kFirstRows = 16;

template <class T>
void Grow(std::vector<T>& v, size_t need) {
  if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
}
}  // namespace

void ResultRows::reserve(size_t rows) {
  if (node_column_ || (rows_ == 0 && width_ == 1)) {
    Grow(nodes_, rows);
  } else {
    Grow(values_, rows * width_);
  }
}

void ResultRows::Unpack() {
  if (!node_column_) return;
  values_.reserve(nodes_.size());
  for (NodeId n : nodes_) values_.push_back(QueryValue(NodeRef{n}));
  nodes_ = {};
  node_column_ = false;
}

void ResultRows::Append(std::initializer_list<QueryValue> row) {
  Append(std::span<const QueryValue>(row.begin(), row.size()));
}

void ResultRows::Append(std::span<const QueryValue> row) {
  assert(row.size() == width_);
  Unpack();
  values_.insert(values_.end(), row.begin(), row.end());
  ++rows_;
}

void ResultRows::AppendMoving(std::span<QueryValue> row) {
  assert(row.size() == width_);
  Unpack();
  if (values_.capacity() == 0) values_.reserve(kFirstRows * width_);
  for (QueryValue& v : row) values_.push_back(std::move(v));
  ++rows_;
}

void ResultRows::AppendOne(QueryValue value) {
  assert(width_ == 1);
  Unpack();
  values_.push_back(std::move(value));
  ++rows_;
}

}  // namespace provgraph::query
