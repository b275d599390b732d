// A second gRPC port, always plaintext, that serves the standard
// grpc.health.v1 service and nothing of Galley's API (--health-listen).
// Kubernetes' built-in grpc probes, like other probes that cannot speak TLS
// or present a client certificate, cannot check a serving port that
// requires TLS; this one reports the same statuses, set through
// HealthStatusFanOut by the one HealthMonitor. It carries no token and no
// content, only SERVING or NOT_SERVING (and, through the reflection plugin
// every server of the process gets, the API's public descriptors).
#pragma once

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

namespace galley::app {

class HealthPort {
 public:
  // Listens on `listen` ("0.0.0.0:8081"; port 0 picks a free one). Throws
  // std::runtime_error if it cannot. Call after EnableHealthAndReflection.
  explicit HealthPort(const std::string& listen);
  ~HealthPort();  // stops serving
  HealthPort(const HealthPort&) = delete;
  HealthPort& operator=(const HealthPort&) = delete;

  int port() const { return port_; }
  grpc::HealthCheckServiceInterface* health() { return server_->GetHealthCheckService(); }

 private:
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Sets each status on every health service it was given: the serving
// port's and the health port's say the same thing at all times.
class HealthStatusFanOut final : public grpc::HealthCheckServiceInterface {
 public:
  explicit HealthStatusFanOut(std::vector<grpc::HealthCheckServiceInterface*> targets) : targets_(std::move(targets)) {}

  void SetServingStatus(const std::string& service_name, bool serving) override {
    for (auto* target : targets_) target->SetServingStatus(service_name, serving);
  }
  void SetServingStatus(bool serving) override {
    for (auto* target : targets_) target->SetServingStatus(serving);
  }
  void Shutdown() override {
    for (auto* target : targets_) target->Shutdown();
  }

 private:
  std::vector<grpc::HealthCheckServiceInterface*> targets_;
};

}  // namespace galley::app
