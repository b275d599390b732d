#include "app/health_monitor.h"

#include <spdlog/spdlog.h>

namespace galley::app {

HealthMonitor::HealthMonitor(std::string database_url, grpc::HealthCheckServiceInterface* health,
                             std::chrono::milliseconds interval)
    : probe_(std::move(database_url)), health_(health), interval_(interval) {
  const bool serving = probe_.Check();
  health_->SetServingStatus(serving);
  thread_ = std::thread([this, serving] { Loop(serving); });
}

HealthMonitor::~HealthMonitor() { Stop(); }

void HealthMonitor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  health_->SetServingStatus(false);
}

void HealthMonitor::Loop(bool serving) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    const bool ok = probe_.Check();
    if (ok != serving) {
      if (ok) {
        spdlog::info("database reachable again: health is SERVING");
      } else {
        spdlog::warn("database unreachable ({}): health is NOT_SERVING", probe_.last_error());
      }
      serving = ok;
    }
    lock.lock();
    // Set under the lock so Stop's final NOT_SERVING cannot be overwritten.
    if (!stopping_) health_->SetServingStatus(ok);
  }
}

}  // namespace galley::app
