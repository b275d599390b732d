#include "app/health_monitor.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "store/database_probe.h"

namespace galley::app {

// Probes one database every interval and calls `changed` with the first
// result, then with each result that differs from the one before.
class HealthMonitor::Watch {
 public:
  using Changed = std::function<void(bool answers, const std::string& error)>;

  Watch(std::string url, std::chrono::milliseconds interval, Changed changed)
      : probe_(std::move(url)), interval_(interval), changed_(std::move(changed)) {
    const bool answers = probe_.Check();
    changed_(answers, probe_.last_error());
    thread_ = std::thread([this, answers] { Loop(answers); });
  }
  ~Watch() { Stop(); }

  // Once it returns, `changed` is never called again.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop(bool answered) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      const bool answers = probe_.Check();
      if (answers != answered) changed_(answers, probe_.last_error());
      answered = answers;
      lock.lock();
    }
  }

  store::DatabaseProbe probe_;
  const std::chrono::milliseconds interval_;
  const Changed changed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

HealthMonitor::HealthMonitor(std::string database_url, grpc::HealthCheckServiceInterface* health,
                             std::chrono::milliseconds interval)
    : health_(health), interval_(interval) {
  health_->SetServingStatus(kLivenessService, true);
  bool first = true;
  primary_ = std::make_unique<Watch>(std::move(database_url), interval_,
                                     [this, first](bool answers, const std::string& error) mutable {
                                       // "": the whole server, what load balancers and probes ask.
                                       health_->SetServingStatus("", answers);
                                       if (std::exchange(first, false)) return;
                                       if (answers) {
                                         spdlog::info("database reachable again: health is SERVING");
                                       } else {
                                         spdlog::warn("database unreachable ({}): health is NOT_SERVING", error);
                                       }
                                     });
}

HealthMonitor::~HealthMonitor() { Stop(); }

void HealthMonitor::WatchReadReplica(std::string url, store::ReplicaReads& reads) {
  replica_ = std::make_unique<Watch>(std::move(url), interval_, [this, &reads](bool answers, const std::string& error) {
    reads.SetReplicaReachable(answers);
    health_->SetServingStatus(kReadReplicaService, answers);
    if (answers) {
      spdlog::info("read replica reachable: readers' reads and the feed's replay go to it");
    } else {
      spdlog::warn("read replica unreachable ({}): its reads go to the primary until it answers", error);
    }
  });
}

void HealthMonitor::Stop() {
  if (replica_) replica_->Stop();
  if (primary_) primary_->Stop();
  health_->SetServingStatus(false);
}

}  // namespace galley::app
