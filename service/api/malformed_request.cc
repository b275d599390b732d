#include "api/malformed_request.h"

#include <grpcpp/server_context.h>

#include <string>

#include "api/status.h"
#include "domain/error.h"

namespace galley::api {

namespace {

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(grpc::experimental::ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      undecodable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) && undecodable_ &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(NeverArrived(methods->GetSendStatus()) ? CancelledStatus()
                                                                       : ToStatus(domain::Error(
                                                                             domain::ErrorCode::kInvalidArgument,
                                                                             "MALFORMED_REQUEST",
                                                                             "the request could not be decoded; text "
                                                                             "fields must be valid UTF-8")));
    }
    methods->Proceed();
  }

 private:
  // The request message never came: the client cancelled (gRPC may not
  // have marked the call cancelled yet when the status goes out) or went
  // away. gRPC 1.51 words a request with no message so, and one whose
  // bytes do not parse otherwise.
  bool NeverArrived(const grpc::Status& status) const {
    static const std::string kNoMessage = "Couldn't initialize byte buffer reader";
    const auto* context = info_->server_context();
    return status.error_message() == kNoMessage || (context != nullptr && context->IsCancelled());
  }

  grpc::experimental::ServerRpcInfo* info_;
  bool undecodable_ = false;
};

}  // namespace

grpc::experimental::Interceptor* MalformedRequestFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MalformedRequestInterceptor(info);
}

}  // namespace galley::api
