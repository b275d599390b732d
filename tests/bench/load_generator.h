// How load is applied. Closed loop, for throughput: many callers over
// several channels, each sending its next request as soon as its last one
// is answered, for a fixed time. Open loop, for latency: a Pacer releases
// requests at a fixed rate whatever the answers take, so a slow server
// shows as latency instead of quietly lowering the load.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "latency_recorder.h"
#include "process_sampler.h"

namespace galley::bench {

// One caller's request; called again and again from that caller's thread.
using Call = std::function<grpc::Status()>;
// Makes a caller's Call from its channel, so that each caller holds its own
// stub and request and shares nothing with the others while it runs.
using CallFactory = std::function<Call(const std::shared_ptr<grpc::Channel>&)>;
using ChannelFactory = std::function<std::shared_ptr<grpc::Channel>()>;

struct ClosedLoopOptions {
  int channels = 4;
  int callers_per_channel = 4;  // requests in flight per channel
  // Run but not counted: connections, server threads and caches settle.
  std::chrono::milliseconds warmup{500};
  std::chrono::milliseconds duration{std::chrono::seconds(10)};
  // If set, sampled over the counted part only.
  UsageSampler* usage = nullptr;
};

struct LoadResult {
  std::int64_t calls = 0;     // started in the counted part and answered OK
  std::int64_t failures = 0;  // started in the counted part and failed
  std::string first_failure;  // "CODE: message" of the first failure
  double seconds = 0;         // length of the counted part
  LatencyRecorder latencies;  // of the OK calls
  Usage usage;                // when options.usage was set

  double rate() const { return seconds > 0 ? static_cast<double>(calls) / seconds : 0; }
};

LoadResult RunClosedLoop(const ChannelFactory& new_channel, const CallFactory& make_call,
                         const ClosedLoopOptions& options);

struct OpenLoopOptions {
  double rate = 10;  // requests per second, released on schedule
  // Callers that take the released requests: a request waits for a free
  // one, and that wait counts as latency.
  int channels = 4;
  int callers_per_channel = 4;
  std::chrono::milliseconds warmup{500};
  std::chrono::milliseconds duration{std::chrono::seconds(10)};
  UsageSampler* usage = nullptr;
};

// Latency is from when each request was due to its answer, so a server
// that falls behind shows it rather than slowing the schedule down.
LoadResult RunOpenLoop(const ChannelFactory& new_channel, const CallFactory& make_call,
                       const OpenLoopOptions& options);

// "CODE: message", for reports.
std::string Describe(const grpc::Status& status);

class Pacer {
 public:
  explicit Pacer(double per_second);

  // Sleeps until the next request is due. When behind, returns at once: an
  // open loop does not skip requests, so lateness lowers the achieved rate.
  void WaitForNext();
  // Requests per second as released, from the first to the last: the
  // intended rate unless requests took longer than the interval.
  double AchievedRate() const;

 private:
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  std::int64_t released_ = 0;
};

}  // namespace galley::bench
