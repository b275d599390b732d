#include "api/malformed_request.h"

#include "api/status.h"
#include "domain/error.h"

namespace galley::api {

namespace {

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      undecodable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) && undecodable_ &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(ToStatus(domain::Error(
          domain::ErrorCode::kInvalidArgument, "MALFORMED_REQUEST",
          "the request could not be decoded; text fields must be valid UTF-8")));
    }
    methods->Proceed();
  }

 private:
  bool undecodable_ = false;
};

}  // namespace

grpc::experimental::Interceptor* MalformedRequestFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* /*info*/) {
  return new MalformedRequestInterceptor();
}

}  // namespace galley::api
