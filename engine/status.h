// Status and Result<T>: how errors cross module boundaries in provgraph.
// A Status is an enum code plus a human message; no exception leaves a
// public API. `where` carries the DESIGN.md location prefix (FILE:LINE,
// FILE:LINE:/json/pointer, query:LINE:COLUMN) when the error has one.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace provgraph {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,     // bad user data: CSV, JSON, query text, arguments
  kNotFound,         // a named node, file or store does not exist
  kAlreadyExists,
  kCorruption,       // stored bytes do not decode or do not verify
  kIncompatible,     // store format version we cannot read
  kIoError,          // the OS refused: disk full, permissions, ...
  kConflict,         // another writer committed first
  kInternal,         // a bug in provgraph
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg, std::string where = {}) {
    return Status(StatusCode::kInvalidInput, std::move(msg), std::move(where));
  }
  static Status NotFound(std::string msg, std::string where = {}) {
    return Status(StatusCode::kNotFound, std::move(msg), std::move(where));
  }
  static Status Corruption(std::string msg, std::string where = {}) {
    return Status(StatusCode::kCorruption, std::move(msg), std::move(where));
  }
  static Status Incompatible(std::string msg, std::string where = {}) {
    return Status(StatusCode::kIncompatible, std::move(msg), std::move(where));
  }
  static Status IoError(std::string msg, std::string where = {}) {
    return Status(StatusCode::kIoError, std::move(msg), std::move(where));
  }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg), {}); }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg), {}); }

  Status(StatusCode code, std::string msg, std::string where)
      : code_(code), message_(std::move(msg)), where_(std::move(where)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& where() const { return where_; }
  // "where: message", or just the message when there is no location.
  std::string ToString() const { return where_.empty() ? message_ : where_ + ": " + message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string where_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define PROVGRAPH_RETURN_IF_ERROR(expr)      \
  do {                                       \
    ::provgraph::Status _st = (expr);        \
    if (!_st.ok()) return _st;               \
  } while (0)

}  // namespace provgraph
