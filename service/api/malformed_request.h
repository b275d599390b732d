// Turns a request that gRPC could not even decode into INVALID_ARGUMENT.
// gRPC reports a request that fails to parse (a proto3 string that is not
// valid UTF-8, say) as INTERNAL, which wrongly blames the server; DESIGN.md
// §2 says bad input is INVALID_ARGUMENT, naming the field where protobuf
// says which it was (api/undecodable_field.h). A request that never arrived
// because its client cancelled the call is neither: it is CANCELLED, so
// that a storm of cancelled calls does not read as bad input in the logs
// and metrics.
#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace galley::api {

class MalformedRequestFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  MalformedRequestFactory();
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace galley::api
