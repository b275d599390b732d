// The one error type every layer below the API throws. It carries what a
// caller needs to fix the request (which field, which precondition) but no
// transport: api/status.cc turns it into a gRPC status, once, at the edge.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace galley::domain {

// The canonical conditions of DESIGN.md §2, named by what went wrong.
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kAborted,             // stale etag, or a conflict that outlasted the retries
  kFailedPrecondition,  // the resource's state does not allow the change
  kUnavailable,         // the database cannot be reached; retry the call
  kDeadlineExceeded,
  kCancelled,           // the client went away before the call ended
  kResourceExhausted,
  kUnauthenticated,     // no token, or one that is unknown, revoked or expired
  kPermissionDenied,    // the caller's role does not allow the call
  kInternal,
};

struct FieldViolation {
  std::string field;        // e.g. "publication.display_name"
  std::string description;  // what is wrong and what is expected
};

struct PreconditionViolation {
  std::string type;     // e.g. "STATE"
  std::string subject;  // e.g. a resource name
  std::string description;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string reason, const std::string& message);

  ErrorCode code() const { return code_; }
  // A short UPPER_SNAKE_CASE word clients can switch on (google.rpc.ErrorInfo).
  const std::string& reason() const { return reason_; }
  const std::vector<FieldViolation>& field_violations() const { return field_violations_; }
  const std::vector<PreconditionViolation>& precondition_violations() const {
    return precondition_violations_;
  }

  Error& AddFieldViolation(FieldViolation violation);
  Error& AddPreconditionViolation(PreconditionViolation violation);

 private:
  ErrorCode code_;
  std::string reason_;
  std::vector<FieldViolation> field_violations_;
  std::vector<PreconditionViolation> precondition_violations_;
};

// Builders for the common cases, so every layer words them the same way.
Error InvalidField(const std::string& field, const std::string& description);
Error NotFound(const std::string& resource_name);
Error AlreadyExists(const std::string& resource_name);
Error EtagMismatch(const std::string& resource_name);
Error Unavailable(const std::string& message);
Error DeadlineExceeded(const std::string& message);
Error Cancelled(const std::string& message);
Error Internal(const std::string& message);
// FAILED_PRECONDITION naming the resource and the state that forbids the change.
Error WrongState(const std::string& resource_name, const std::string& state, const std::string& why);

// Gathers every field violation of a request, so the caller learns all of
// them at once rather than one per round trip: the first kMaxFieldViolations
// of them, which is plenty to fix a request with. The rest are counted, not
// kept, so that a request of 100 000 bad elements is not answered with a
// trailer of 100 000 violations (more than gRPC's metadata limits carry).
class FieldViolations {
 public:
  static constexpr std::size_t kMaxFieldViolations = 100;

  void Add(const std::string& field, const std::string& description);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& list() const { return violations_; }
  // Throws INVALID_ARGUMENT listing the violations kept, and counting all of
  // them in its message, if there is any.
  void ThrowIfAny() const;

 private:
  std::vector<FieldViolation> violations_;
  std::size_t dropped_ = 0;
};

}  // namespace galley::domain
