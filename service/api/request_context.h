// What every handler takes from its gRPC call besides the request: the
// deadline that bounds its database work, and the idempotency key of a
// request that carries a request_id.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "domain/request_id.h"
#include "store/connection_pool.h"

namespace galley::api {

// The call's deadline on the store's clock; Deadline::max() if it has none.
store::Deadline DeadlineOf(const grpc::ServerContextBase& context);

// Whether the client went away (cancelled the call, or its connection
// broke) before the call ended. gRPC also marks a call cancelled once its
// deadline passed; that one is DEADLINE_EXCEEDED, not this.
bool ClientCancelled(const grpc::ServerContextBase& context);

// The key under which a retry of `request` is recognized, or nullopt when the
// client sent no request id. The fingerprint covers the whole request except
// the request id, so reusing an id for a different request is detected, and
// the principal that sent it: a retry returns the first call's result, which
// must go to no one but the caller who made it (another reporter replaying
// the same request would otherwise get a draft they may not see).
std::optional<domain::IdempotencyKey> IdempotencyKeyOf(const std::string& principal, const std::string& method,
                                                       const google::protobuf::Message& request,
                                                       const std::string& request_id);

}  // namespace galley::api
