// Counts and latencies of every RPC, by method and status code, for the
// Prometheus endpoint (app/metrics_endpoint.h). The request-logging
// interceptor records each call as it logs it.
#pragma once

#include <grpcpp/support/status.h>

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace galley::api {

class RpcMetrics {
 public:
  // Upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 13> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                  0.25,  0.5,    1,     2.5,  5,     10};

  void Record(const std::string& method, grpc::StatusCode code, double seconds);

  // galley_rpc_requests_total and galley_rpc_duration_seconds in the
  // Prometheus text format, with their HELP and TYPE lines.
  void AppendText(std::string& out) const;

 private:
  struct Method {
    std::map<std::string, std::uint64_t> by_code;
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed when written
    std::uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Method> methods_;
};

}  // namespace galley::api
