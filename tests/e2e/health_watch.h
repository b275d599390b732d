// Polls a server's health every few milliseconds on a thread of its own and
// remembers each change of status with its time, so that a fault test can
// say when the server noticed a fault and when it recovered.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace galley::testing {

class HealthWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit HealthWatch(std::shared_ptr<grpc::Channel> channel);
  ~HealthWatch();

  // The first time at or after `since` that the status was `status`;
  // nullopt if it has not been so far.
  std::optional<Clock::time_point> FirstSince(const std::string& status, Clock::time_point since) const;
  // Waits up to `timeout` for FirstSince to have an answer.
  std::optional<Clock::time_point> WaitFor(const std::string& status, Clock::time_point since,
                                           std::chrono::seconds timeout) const;

 private:
  struct Change {
    Clock::time_point at;
    std::string status;
  };

  std::shared_ptr<grpc::Channel> channel_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<Change> changes_;
  std::thread thread_;
};

}  // namespace galley::testing
