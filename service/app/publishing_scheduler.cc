#include "app/publishing_scheduler.h"

#include <spdlog/spdlog.h>

namespace galley::app {

namespace {

// A poll never holds its connection longer than this.
constexpr std::chrono::seconds kPollDeadline{5};

}  // namespace

PublishingScheduler::PublishingScheduler(store::Database& database)
    : publisher_(database), thread_([this] { Loop(); }) {}

PublishingScheduler::~PublishingScheduler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool PublishingScheduler::Stop(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  return ended_.wait_for(lock, wait, [this] { return stopped_; });
}

void PublishingScheduler::Loop() {
  bool failing = false;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      published_ += publisher_.PublishDue(store::Clock::now() + kPollDeadline);
      ++polls_;
      if (failing) spdlog::info("the publishing scheduler reaches the database again");
      failing = false;
    } catch (const std::exception& error) {
      // The database is away; the schedule waits in it until it is back.
      ++polls_;
      ++failed_polls_;
      if (!failing) spdlog::warn("the publishing scheduler cannot reach the database: {}", error.what());
      failing = true;
    }
    lock.lock();
    wake_.wait_for(lock, kInterval, [this] { return stopping_; });
  }
  stopped_ = true;
  ended_.notify_all();
}

}  // namespace galley::app
