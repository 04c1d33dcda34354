// ResultRows: a query's collected result rows, stored flat (one vector of
// values, row after row, `width()` values each) so that collecting a row
// costs no allocation of its own. A row is read as a view
// (`std::span<const QueryValue>`), valid until the next append.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <span>
#include <vector>

#include "query/runtime/query_value.h"

namespace provgraph::query {

class ResultRows {
 public:
  using RowView = std::span<const QueryValue>;

  // Reads rows in order; dereferences to a RowView.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = RowView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = RowView;

    Iterator() = default;
    Iterator(const QueryValue* at, size_t width) : at_(at), width_(width) {}
    RowView operator*() const { return RowView(at_, width_); }
    Iterator& operator++() {
      at_ += width_;
      ++row_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    // Rows of width 0 all start at the same place: the row number tells them apart.
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.at_ == b.at_ && a.row_ == b.row_; }

   private:
    friend class ResultRows;
    const QueryValue* at_ = nullptr;
    size_t width_ = 0;
    size_t row_ = 0;
  };

  ResultRows() = default;
  explicit ResultRows(size_t width) : width_(width) {}

  size_t width() const { return width_; }
  size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  RowView operator[](size_t row) const { return RowView(values_.data() + row * width_, width_); }
  Iterator begin() const { return Iterator(values_.data(), width_); }
  Iterator end() const;
  // All values, row after row.
  const std::vector<QueryValue>& values() const { return values_; }

  // Room for `rows` rows in all (growing geometrically, so that reserving
  // a little more many times stays linear).
  void reserve(size_t rows);
  // Appends one row of exactly width() values: copied, or moved from `row`.
  void Append(std::initializer_list<QueryValue> row);
  void Append(RowView row);
  void AppendMoving(std::span<QueryValue> row);
  // Appends one row of one column (width() must be 1).
  void AppendOne(QueryValue value);

 private:
  std::vector<QueryValue> values_;
  size_t width_ = 0;
  size_t rows_ = 0;
};

}  // namespace provgraph::query
