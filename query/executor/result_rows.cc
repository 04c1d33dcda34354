#include "query/executor/result_rows.h"

#include <algorithm>
#include <cassert>

namespace provgraph::query {

ResultRows::Iterator ResultRows::end() const {
  Iterator it(values_.data() + values_.size(), width_);
  it.row_ = rows_;
  return it;
}

void ResultRows::reserve(size_t rows) {
  size_t need = rows * width_;
  if (need > values_.capacity()) values_.reserve(std::max(need, 2 * values_.capacity()));
}

void ResultRows::Append(std::initializer_list<QueryValue> row) { Append(RowView(row.begin(), row.size())); }

void ResultRows::Append(RowView row) {
  assert(row.size() == width_);
  values_.insert(values_.end(), row.begin(), row.end());
  ++rows_;
}

void ResultRows::AppendMoving(std::span<QueryValue> row) {
  assert(row.size() == width_);
  for (QueryValue& v : row) values_.push_back(std::move(v));
  ++rows_;
}

void ResultRows::AppendOne(QueryValue value) {
  assert(width_ == 1);
  values_.push_back(std::move(value));
  ++rows_;
}

}  // namespace provgraph::query
