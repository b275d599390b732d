#include "support/grpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace galley::testing {

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) fields.push_back(violation.field());
  }
  return fields;
}

std::vector<std::string> PreconditionSubjects(const grpc::Status& status) {
  std::vector<std::string> subjects;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return subjects;
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (!any.UnpackTo(&failure)) continue;
    for (const auto& violation : failure.violations()) subjects.push_back(violation.type() + " " + violation.subject());
  }
  return subjects;
}

std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace galley::testing
