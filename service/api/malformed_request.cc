#include "api/malformed_request.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "api/request_context.h"
#include "api/status.h"
#include "api/undecodable_field.h"
#include "domain/error.h"

namespace galley::api {

namespace {

// The request message of `method` ("/galley.v1.ArticleService/CreateArticle").
const google::protobuf::Descriptor* RequestOf(const std::string& method) {
  std::string name = method.substr(method.empty() || method[0] != '/' ? 0 : 1);
  const std::size_t slash = name.find('/');
  if (slash == std::string::npos) return nullptr;
  name[slash] = '.';
  const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  return descriptor == nullptr ? nullptr : descriptor->input_type();
}

domain::Error Undecodable(const std::string& method, const std::optional<std::string>& field) {
  domain::Error error(domain::ErrorCode::kInvalidArgument, "MALFORMED_REQUEST",
                      "the request could not be decoded; text fields must be valid UTF-8");
  if (field) {
    for (const auto& path : FieldPathsTo(RequestOf(method), *field)) {
      error.AddFieldViolation({path, "is not valid UTF-8"});
    }
  }
  return error;
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), method_(info->method() != nullptr ? info->method() : "") {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Right after the parse, on its thread: what it noted is this request's.
      const auto field = TakeUndecodableField();
      if (methods->GetRecvMessage() == nullptr) {
        no_message_ = true;
        if (field) field_ = field;
      }
    }
    // A unary call whose request does not decode fails as INTERNAL before its
    // handler runs. A stream's messages also end in no message, so for a
    // streaming handler, which sees its stream end early and fails on that,
    // only a field protobuf named tells a message that did not decode.
    const bool failed = methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
                        !methods->GetSendStatus().ok();
    if (failed && no_message_ && field_) {
      methods->ModifySendStatus(ToStatus(Undecodable(method_, field_)));
    } else if (failed && no_message_ && methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(NeverArrived(methods->GetSendStatus()) ? CancelledStatus()
                                                                       : ToStatus(Undecodable(method_, field_)));
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
    return status.error_message() == kNoMessage || (context != nullptr && ClientCancelled(*context));
  }

  grpc::experimental::ServerRpcInfo* info_;
  std::string method_;
  bool no_message_ = false;  // a message did not decode, or a stream ended
  std::optional<std::string> field_;
};

}  // namespace

MalformedRequestFactory::MalformedRequestFactory() { NoteUndecodableFields(); }

grpc::experimental::Interceptor* MalformedRequestFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MalformedRequestInterceptor(info);
}

}  // namespace galley::api
