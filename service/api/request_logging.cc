#include "api/request_logging.h"

#include <fmt/format.h>
#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "domain/json_text.h"

namespace galley::api {

namespace {

const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

class RequestLoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  RequestLoggingInterceptor(grpc::experimental::ServerRpcInfo* info, bool json, spdlog::logger& logger)
      : info_(info), json_(json), logger_(logger), start_(std::chrono::steady_clock::now()) {}

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
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

RequestLoggingFactory::RequestLoggingFactory(bool json)
    : json_(json), logger_(spdlog::get(kRpcLoggerName) ? spdlog::get(kRpcLoggerName) : spdlog::default_logger()) {}

grpc::experimental::Interceptor* RequestLoggingFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestLoggingInterceptor(info, json_, *logger_);
}

}  // namespace galley::api
