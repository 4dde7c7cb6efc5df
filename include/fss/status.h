// Status and Result: how the core library reports failure.
//
// Exceptions (Xapian::Error, ICU, JSON, std::) never cross the core library's
// public API: every fallible call returns a Status or a Result<T>. searchd maps
// Status::code() to an HTTP status in one place; the CLI maps it to an exit code.
#ifndef FSS_STATUS_H_
#define FSS_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace fss {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad date, bad UTF-8, bad JSON line)
  kNotFound,         // a named thing does not exist (post id, file)
  kIoError,          // the file system failed us
  kCorruption,       // stored data cannot be read back
  kUnavailable,      // no index yet, or it cannot be opened
  kBusy,             // another process holds a lock (a second build)
  kInternal,         // a bug or an unexpected library failure
};

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  static Status invalid_argument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status io_error(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: from: not a date" style, for logs.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// The stable lower-case name of a code ("bad_request" for kInvalidArgument, ...), as the
// search contract's error JSON uses it.
const char* status_code_name(StatusCode code);

// A value or the Status that explains its absence.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: must not be ok

  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace fss

#endif  // FSS_STATUS_H_
