#include "domain/error.h"

#include <utility>

namespace galley::domain {

Error::Error(ErrorCode code, std::string reason, const std::string& message)
    : std::runtime_error(message), code_(code), reason_(std::move(reason)) {}

Error& Error::AddFieldViolation(FieldViolation violation) {
  field_violations_.push_back(std::move(violation));
  return *this;
}

Error& Error::AddPreconditionViolation(PreconditionViolation violation) {
  precondition_violations_.push_back(std::move(violation));
  return *this;
}

Error InvalidField(const std::string& field, const std::string& description) {
  Error error(ErrorCode::kInvalidArgument, "INVALID_FIELD", field + ": " + description);
  error.AddFieldViolation({field, description});
  return error;
}

Error NotFound(const std::string& resource_name) {
  return Error(ErrorCode::kNotFound, "NOT_FOUND", resource_name + " does not exist");
}

Error AlreadyExists(const std::string& resource_name) {
  return Error(ErrorCode::kAlreadyExists, "ALREADY_EXISTS", resource_name + " already exists");
}

Error EtagMismatch(const std::string& resource_name) {
  return Error(ErrorCode::kAborted, "ETAG_MISMATCH",
               resource_name + " was changed by someone else: read it again and retry with its new etag");
}

Error Unavailable(const std::string& message) {
  return Error(ErrorCode::kUnavailable, "DATABASE_UNAVAILABLE", message);
}

Error DeadlineExceeded(const std::string& message) {
  return Error(ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED", message);
}

Error Cancelled(const std::string& message) { return Error(ErrorCode::kCancelled, "CANCELLED", message); }

Error Internal(const std::string& message) {
  return Error(ErrorCode::kInternal, "INTERNAL", message);
}

void FieldViolations::Add(const std::string& field, const std::string& description) {
  if (violations_.size() < kMaxFieldViolations) {
    violations_.push_back({field, description});
  } else {
    ++dropped_;
  }
}

void FieldViolations::ThrowIfAny() const {
  if (violations_.empty()) return;
  std::string message = violations_.front().field + ": " + violations_.front().description;
  if (violations_.size() + dropped_ > 1) {
    message += " (and " + std::to_string(violations_.size() + dropped_ - 1) + " more)";
  }
  Error error(ErrorCode::kInvalidArgument, "INVALID_FIELD", message);
  for (const auto& violation : violations_) error.AddFieldViolation(violation);
  throw error;
}

Error WrongState(const std::string& resource_name, const std::string& state, const std::string& why) {
  Error error(ErrorCode::kFailedPrecondition, "WRONG_STATE", resource_name + " is " + state + ": " + why);
  error.AddPreconditionViolation({"STATE", resource_name, "is " + state + ": " + why});
  return error;
}

}  // namespace galley::domain
