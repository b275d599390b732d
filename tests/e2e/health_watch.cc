#include "health_watch.h"

#include "e2e_client.h"

namespace galley::testing {

namespace {

constexpr std::chrono::milliseconds kPollInterval{50};

}  // namespace

HealthWatch::HealthWatch(std::shared_ptr<grpc::Channel> channel) : channel_(std::move(channel)) {
  thread_ = std::thread([this] {
    while (!stopping_) {
      const std::string status = HealthOf(channel_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (changes_.empty() || changes_.back().status != status) changes_.push_back({Clock::now(), status});
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  });
}

HealthWatch::~HealthWatch() {
  stopping_ = true;
  thread_.join();
}

std::optional<HealthWatch::Clock::time_point> HealthWatch::FirstSince(const std::string& status,
                                                                      Clock::time_point since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    if (changes_[i].status != status) continue;
    // A status that began before `since` and still held then counts from `since`.
    const bool held_at_since = i + 1 == changes_.size() || changes_[i + 1].at >= since;
    if (changes_[i].at >= since) return changes_[i].at;
    if (held_at_since) return since;
  }
  return std::nullopt;
}

std::optional<HealthWatch::Clock::time_point> HealthWatch::WaitFor(const std::string& status, Clock::time_point since,
                                                                   std::chrono::seconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto at = FirstSince(status, since)) return at;
    if (Clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace galley::testing
