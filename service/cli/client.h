// What every client command of the `galley` tool shares: the --server flag,
// the channel, a deadline per call, and printing a response as JSON or a
// failed call as one readable error (with the fields it names) on stderr.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <vector>

#include "app/options.h"

namespace galley::cli {

// Client exit codes (README "Exit codes"): 0 ok, 1 the call failed,
// 2 usage, 3 the server could not be reached.
int ExitCodeFor(const grpc::Status& status);

// The flags every client command takes.
std::vector<app::OptionSpec> ClientOptionSpecs();

std::shared_ptr<grpc::Channel> Connect(const app::Options& options);
// The --token, or else the admin token `galley dev` stored in --data-dir;
// empty if there is neither.
std::string TokenOf(const app::Options& options);
// A context with the --timeout deadline and the caller's token.
std::unique_ptr<grpc::ClientContext> NewContext(const app::Options& options);

// Prints `response` as JSON on stdout (field names as in the .proto).
void PrintJson(const google::protobuf::Message& response);
// Prints a failed call as "galley: CODE: message" and one line per field
// violation; returns its exit code.
int ReportFailure(const grpc::Status& status);

}  // namespace galley::cli
