// Client channels that send `authorization: Bearer <secret>` on every call,
// as Galley requires, so tests call with a token the way real clients do.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <string>
#include <vector>

namespace galley::testing {

using ClientInterceptors = std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>;

// Interceptors adding the token; empty for an empty secret (no header at all).
ClientInterceptors BearerToken(const std::string& secret);

// An insecure channel to `address` that carries the token. `arguments` can
// give it a connection of its own (GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL),
// where channels to one address otherwise share one.
std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address, const std::string& secret,
                                                const grpc::ChannelArguments& arguments = grpc::ChannelArguments());

}  // namespace galley::testing
