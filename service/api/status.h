// The one place where errors become gRPC statuses (DESIGN.md §2): the code
// from the table, the message, and a google.rpc.Status with ErrorInfo,
// BadRequest and PreconditionFailure details in `grpc-status-details-bin`.
#pragma once

#include <grpcpp/support/status.h>

#include <exception>
#include <utility>

#include "domain/error.h"

namespace galley::api {

grpc::StatusCode ToStatusCode(domain::ErrorCode code);
grpc::Status ToStatus(const domain::Error& error);
// "NOT_FOUND", as logs and the audit log spell a code.
const char* StatusCodeName(grpc::StatusCode code);

// CANCELLED: the client cancelled the call (or went away) before it ended.
grpc::Status CancelledStatus();

// INTERNAL for an unexpected exception: logged with its detail, which the
// client never sees.
grpc::Status InternalStatus(const char* method, const std::exception& error);

// Runs a handler's body and turns whatever it throws into a status.
template <typename Body>
grpc::Status Handle(const char* method, Body&& body) {
  try {
    std::forward<Body>(body)();
    return grpc::Status::OK;
  } catch (const domain::Error& error) {
    return ToStatus(error);
  } catch (const std::exception& error) {
    return InternalStatus(method, error);
  }
}

}  // namespace galley::api
