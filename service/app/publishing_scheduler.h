// Makes scheduled articles and issues go live on time: a thread of its own
// polls the schedule in the database a few times a second. Every replica
// runs one; the store sees to it that each publication happens once
// (store/publishing.h). A replica that starts after the time passed
// publishes at once what is overdue.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/database.h"
#include "store/publishing.h"

namespace galley::app {

class PublishingScheduler {
 public:
  static constexpr std::chrono::milliseconds kInterval{250};

  explicit PublishingScheduler(store::Database& database);
  ~PublishingScheduler();  // stops the thread and waits for it

  // Stops polling and waits up to `wait` for a poll in progress to end;
  // false if it did not (a frozen database never answers): the process must
  // then exit without destroying the scheduler.
  bool Stop(std::chrono::milliseconds wait);

  // For /metrics: polls made, articles and issues they published, polls that failed.
  std::uint64_t polls() const { return polls_.load(); }
  std::uint64_t published() const { return published_.load(); }
  std::uint64_t failed_polls() const { return failed_polls_.load(); }

 private:
  void Loop();

  store::Publisher publisher_;
  std::atomic<std::uint64_t> polls_{0};
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> failed_polls_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool stopped_ = false;  // the loop has ended
  std::condition_variable ended_;
  std::thread thread_;
};

}  // namespace galley::app
