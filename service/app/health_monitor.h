// Keeps the standard gRPC health service truthful: SERVING while the database
// answers, NOT_SERVING while it does not, checked every second by a thread
// of its own, so the status recovers by itself when the database returns.
#pragma once

#include <grpcpp/health_check_service_interface.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/database_probe.h"

namespace galley::app {

class HealthMonitor {
 public:
  HealthMonitor(std::string database_url, grpc::HealthCheckServiceInterface* health,
                std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~HealthMonitor();  // stops the thread

  // Stops checking and reports NOT_SERVING from now on (shutdown begins).
  void Stop();

 private:
  void Loop(bool serving);

  store::DatabaseProbe probe_;
  grpc::HealthCheckServiceInterface* health_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace galley::app
