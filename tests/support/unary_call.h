// One unary call through a generated stub, for tests that make many kinds of
// call and look at each status: Call(*stub, &Stub::GetArticle, request, &out).
#pragma once

#include <grpcpp/grpcpp.h>

namespace galley::testing {

template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  return (stub.*method)(&context, request, response);
}

// The same, for a call whose response the test does not read.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request) {
  Response response;
  return Call(stub, method, request, &response);
}

}  // namespace galley::testing
