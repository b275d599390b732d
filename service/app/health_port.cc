#include "app/health_port.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <stdexcept>

namespace galley::app {

HealthPort::HealthPort(const std::string& listen) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port_);
  // As on the serving port: never share a port another process holds.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // No service registered: gRPC adds its default health service, which is
  // what this port is for.
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0 || server_->GetHealthCheckService() == nullptr) {
    throw std::runtime_error("cannot listen for health checks on " + listen + " (address in use or invalid)");
  }
}

HealthPort::~HealthPort() {
  // A Watch call open on it must not hold the process's exit.
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  server_->Wait();
}

}  // namespace galley::app
