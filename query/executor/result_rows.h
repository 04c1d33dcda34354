// ResultRows: a query's collected result rows, stored flat so that
// collecting a row costs no allocation of its own: one vector of values,
// row after row, `width()` values each; and a result that is one column of
// nodes (`MATCH ... RETURN u` after a reachability step) as its node ids
// only (8 bytes a row instead of a QueryValue). A row is read as a RowView.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <span>
#include <vector>

#include "engine/graph.h"
#include "query/runtime/query_value.h"

namespace provgraph::query {

class ResultRows {
 public:
  // One row: its values, in column order. References into it (operator[],
  // values(), iteration) are valid while both the view and the rows live
  // unchanged: for a node column the view holds the value itself.
  class RowView {
   public:
    RowView(const QueryValue* at, size_t width) : at_(at), width_(width) {}
    explicit RowView(NodeId node) : node_(NodeRef{node}), width_(1) {}
    size_t size() const { return width_; }
    const QueryValue& operator[](size_t col) const { return at_ ? at_[col] : node_; }
    std::span<const QueryValue> values() const {
      return at_ ? std::span<const QueryValue>(at_, width_) : std::span<const QueryValue>(&node_, 1);
    }
    auto begin() const { return values().begin(); }
    auto end() const { return values().end(); }

   private:
    const QueryValue* at_ = nullptr;  // null: the row is node_
    QueryValue node_;
    size_t width_ = 0;
  };

  // Reads rows in order; dereferences to a RowView.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = RowView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = RowView;

    Iterator() = default;
    Iterator(const ResultRows* rows, size_t row) : rows_(rows), row_(row) {}
    RowView operator*() const { return (*rows_)[row_]; }
    Iterator& operator++() {
      ++row_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++row_;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.row_ == b.row_; }

   private:
    const ResultRows* rows_ = nullptr;
    size_t row_ = 0;
  };

  ResultRows() = default;
  explicit ResultRows(size_t width) : width_(width) {}

  size_t width() const { return width_; }
  size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  RowView operator[](size_t row) const {
    return node_column_ ? RowView(nodes_[row]) : RowView(values_.data() + row * width_, width_);
  }
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, rows_); }

  // Room for `rows` rows in all (growing geometrically, so that reserving
  // a little more many times stays linear).
  void reserve(size_t rows);
  // Appends one row of exactly width() values: copied, or moved from `row`.
  void Append(std::initializer_list<QueryValue> row);
  void Append(std::span<const QueryValue> row);
  void AppendMoving(std::span<QueryValue> row);
  // Appends one row of one column (width() must be 1).
  void AppendOne(QueryValue value);
  // Appends a row of one node (width() must be 1): kept as the id alone
  // while every row of the result is such a node.
  void AppendNode(NodeId node) {
    if (node_column_ || (rows_ == 0 && width_ == 1)) {
      node_column_ = true;
      if (nodes_.capacity() == 0) nodes_.reserve(16);
      nodes_.push_back(node);
      ++rows_;
      return;
    }
    AppendOne(QueryValue(NodeRef{node}));
  }

 private:
  // Turns a node column into values (before a row of another kind).
  void Unpack();

  std::vector<QueryValue> values_;
  std::vector<NodeId> nodes_;  // the rows, while node_column_
  bool node_column_ = false;
  size_t width_ = 0;
  size_t rows_ = 0;
};

}  // namespace provgraph::query
