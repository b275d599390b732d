// gRPC clients of a running galley process for end-to-end tests.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "galley/v1/publication_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace galley::testing {

// A channel whose calls carry `token` (none when empty).
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address, const std::string& token = "");

// Creates a token with `galley token create` on the database at `url`;
// fails the test and returns "" if it cannot.
std::string CreateToken(const std::string& url, const std::string& name, const std::string& role);

// The health status of the whole server ("") or of the named `service`
// ("SERVICE_UNKNOWN" if the server reports no such name), or "UNREACHABLE"
// when no answer comes by `deadline`. A fresh channel connects on its first
// call, which a sanitizer build on a busy machine can take seconds over: a
// shorter deadline is for callers that ask again soon anyway.
std::string HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service = "",
                     std::chrono::seconds deadline = std::chrono::seconds(10));

// Polls until the health status is `expected`; false if it never is. Each
// poll waits 2 s at most for its answer, so that the wait ends close to
// `timeout` (a channel still connecting goes on connecting between polls).
bool WaitForHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& expected, std::chrono::seconds timeout,
                   const std::string& service = "");

grpc::Status CreatePublication(const std::shared_ptr<grpc::Channel>& channel, const std::string& id, const std::string& display_name,
                               v1::Publication* out = nullptr);
grpc::Status GetPublication(const std::shared_ptr<grpc::Channel>& channel, const std::string& name, v1::Publication* out = nullptr);

}  // namespace galley::testing
