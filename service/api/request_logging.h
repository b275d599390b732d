// One log line per RPC: method, status code, latency, peer; and the same
// call counted in the RPC metrics. A server interceptor, so no handler can
// forget it. With JSON logs the line carries
// these as fields of its own rather than inside a message string.
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <spdlog/logger.h>

#include <memory>

#include "api/rpc_metrics.h"

namespace galley::api {

// The logger the per-RPC lines go to. With JSON logs its messages are JSON
// object members (`"rpc":…,"status":…`) for the formatter to embed.
inline constexpr const char* kRpcLoggerName = "rpc";

class RequestLoggingFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Logs to the "rpc" logger if one is registered, else the default one;
  // records into `metrics` unless it is null.
  RequestLoggingFactory(bool json, RpcMetrics* metrics);
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;

 private:
  bool json_;
  RpcMetrics* metrics_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace galley::api
