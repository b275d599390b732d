#include "support/bearer_token.h"

namespace galley::testing {

namespace {

class BearerTokenInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(std::string header) : header_(std::move(header)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  const std::string header_;
};

class BearerTokenFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenFactory(const std::string& secret) : header_("Bearer " + secret) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new BearerTokenInterceptor(header_);
  }

 private:
  const std::string header_;
};

}  // namespace

ClientInterceptors BearerToken(const std::string& secret) {
  ClientInterceptors interceptors;
  if (!secret.empty()) interceptors.push_back(std::make_unique<BearerTokenFactory>(secret));
  return interceptors;
}

std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address, const std::string& secret,
                                                const grpc::ChannelArguments& arguments) {
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, grpc::InsecureChannelCredentials(),
                                                                 arguments, BearerToken(secret));
}

}  // namespace galley::testing
