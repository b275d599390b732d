#include "api/rpc_metrics.h"

#include <fmt/format.h>

#include "api/status.h"

namespace galley::api {

void RpcMetrics::Record(const std::string& method, grpc::StatusCode code, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  Method& entry = methods_[method];
  ++entry.by_code[StatusCodeName(code)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++entry.buckets[i];
      break;
    }
  }
  ++entry.count;
  entry.sum += seconds;
}

void RpcMetrics::AppendText(std::string& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  out += "# HELP galley_rpc_requests_total RPCs answered, by method and status code.\n"
         "# TYPE galley_rpc_requests_total counter\n";
  for (const auto& [method, entry] : methods_) {
    for (const auto& [code, count] : entry.by_code) {
      out += fmt::format("galley_rpc_requests_total{{method=\"{}\",code=\"{}\"}} {}\n", method, code, count);
    }
  }
  out += "# HELP galley_rpc_duration_seconds Time from a call's arrival to its status, by method.\n"
         "# TYPE galley_rpc_duration_seconds histogram\n";
  for (const auto& [method, entry] : methods_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += entry.buckets[i];
      out += fmt::format("galley_rpc_duration_seconds_bucket{{method=\"{}\",le=\"{}\"}} {}\n", method, kBuckets[i],
                         cumulative);
    }
    out += fmt::format("galley_rpc_duration_seconds_bucket{{method=\"{}\",le=\"+Inf\"}} {}\n", method, entry.count);
    out += fmt::format("galley_rpc_duration_seconds_sum{{method=\"{}\"}} {}\n", method, entry.sum);
    out += fmt::format("galley_rpc_duration_seconds_count{{method=\"{}\"}} {}\n", method, entry.count);
  }
}

}  // namespace galley::api
