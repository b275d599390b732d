// Reads the google.rpc details that Galley puts in a failed call's status.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

namespace galley::testing {

// The `field` of every BadRequest field violation in `status`.
std::vector<std::string> ViolatedFields(const grpc::Status& status);
// "TYPE subject" of every PreconditionFailure violation in `status`.
std::vector<std::string> PreconditionSubjects(const grpc::Status& status);
// The ErrorInfo reason, or "" if there is none.
std::string ErrorReason(const grpc::Status& status);

}  // namespace galley::testing
