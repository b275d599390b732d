#include "api/request_logging.h"

#include <fmt/format.h>
#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/status.h"
#include "domain/json_text.h"

namespace galley::api {

namespace {

class RequestLoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  RequestLoggingInterceptor(grpc::experimental::ServerRpcInfo* info, bool json, spdlog::logger& logger,
                            RpcMetrics* metrics)
      : info_(info), json_(json), logger_(logger), metrics_(metrics), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Log(const grpc::Status& status) const {
    const double latency_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    const std::string method = info_->method() != nullptr ? info_->method() : "";
    if (metrics_ != nullptr) metrics_->Record(method, status.error_code(), latency_ms / 1000);
    const std::string peer = info_->server_context() != nullptr ? info_->server_context()->peer() : "";
    const char* code = StatusCodeName(status.error_code());
    const auto level = status.ok() ? spdlog::level::info : spdlog::level::warn;
    if (json_) {
      logger_.log(level, "\"rpc\":{},\"status\":\"{}\",\"latency_ms\":{:.3f},\"peer\":{}",
                  domain::JsonQuote(method), code, latency_ms, domain::JsonQuote(peer));
    } else {
      logger_.log(level, "rpc {} {} {:.3f}ms peer={}", method, code, latency_ms, peer);
    }
  }

  grpc::experimental::ServerRpcInfo* info_;
  bool json_;
  spdlog::logger& logger_;
  RpcMetrics* metrics_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

RequestLoggingFactory::RequestLoggingFactory(bool json, RpcMetrics* metrics)
    : json_(json), metrics_(metrics), logger_(spdlog::get(kRpcLoggerName) ? spdlog::get(kRpcLoggerName) : spdlog::default_logger()) {}

grpc::experimental::Interceptor* RequestLoggingFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestLoggingInterceptor(info, json_, *logger_, metrics_);
}

}  // namespace galley::api
