#include "api/status.h"

#include <spdlog/spdlog.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace galley::api {

namespace {
constexpr const char* kErrorDomain = "galley";
}

grpc::StatusCode ToStatusCode(domain::ErrorCode code) {
  using domain::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument: return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorCode::kNotFound: return grpc::StatusCode::NOT_FOUND;
    case ErrorCode::kAlreadyExists: return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorCode::kAborted: return grpc::StatusCode::ABORTED;
    case ErrorCode::kFailedPrecondition: return grpc::StatusCode::FAILED_PRECONDITION;
    case ErrorCode::kUnavailable: return grpc::StatusCode::UNAVAILABLE;
    case ErrorCode::kDeadlineExceeded: return grpc::StatusCode::DEADLINE_EXCEEDED;
    case ErrorCode::kCancelled: return grpc::StatusCode::CANCELLED;
    case ErrorCode::kResourceExhausted: return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ErrorCode::kUnauthenticated: return grpc::StatusCode::UNAUTHENTICATED;
    case ErrorCode::kPermissionDenied: return grpc::StatusCode::PERMISSION_DENIED;
    case ErrorCode::kInternal: return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;
}

grpc::Status ToStatus(const domain::Error& error) {
  const grpc::StatusCode code = ToStatusCode(error.code());
  google::rpc::Status status;
  status.set_code(static_cast<int>(code));
  status.set_message(error.what());

  google::rpc::ErrorInfo info;
  info.set_reason(error.reason());
  info.set_domain(kErrorDomain);
  status.add_details()->PackFrom(info);

  if (!error.field_violations().empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& violation : error.field_violations()) {
      auto* out = bad_request.add_field_violations();
      out->set_field(violation.field);
      out->set_description(violation.description);
    }
    status.add_details()->PackFrom(bad_request);
  }
  if (!error.precondition_violations().empty()) {
    google::rpc::PreconditionFailure failure;
    for (const auto& violation : error.precondition_violations()) {
      auto* out = failure.add_violations();
      out->set_type(violation.type);
      out->set_subject(violation.subject);
      out->set_description(violation.description);
    }
    status.add_details()->PackFrom(failure);
  }
  return grpc::Status(code, error.what(), status.SerializeAsString());
}

grpc::Status CancelledStatus() { return ToStatus(domain::Cancelled("the client cancelled the call")); }

grpc::Status InternalStatus(const char* method, const std::exception& error) {
  spdlog::error("{} failed unexpectedly: {}", method, error.what());
  return ToStatus(domain::Internal("internal error; it has been logged"));
}

const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

}  // namespace galley::api
