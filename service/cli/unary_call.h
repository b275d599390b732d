// One unary call of any method of the API, with messages built by reflection
// from the descriptors compiled into the binary: what `galley call` and the
// resource commands (resource_command.h) share.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "app/options.h"

namespace galley::cli {

// "galley.v1.IssueService/GetIssue" -> its descriptor; nullptr if this
// binary's API has no such method.
const google::protobuf::MethodDescriptor* FindMethod(const std::string& full_name);

// An empty message of `type` (the generated class, so it can be copied to
// and from generated messages of the same type).
std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor* type);

// Calls `method` on the --server of `options` with its --timeout and token;
// `response` must be of the method's output type. A response that does not
// parse is INTERNAL.
grpc::Status CallUnary(const app::Options& options, const google::protobuf::MethodDescriptor& method,
                       const google::protobuf::Message& request, google::protobuf::Message& response);

}  // namespace galley::cli
