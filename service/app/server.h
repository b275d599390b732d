// Runs the gRPC server: every service, health and reflection, on a bounded
// thread pool and a bounded PostgreSQL connection pool, until SIGTERM or
// SIGINT, then shuts down gracefully. Shared by `galley serve` and `galley dev`.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include <memory>

#include "app/options.h"
#include "app/transport_security.h"
#include "auth/principal_limits.h"

namespace galley::app {

struct ServerConfig {
  std::string listen = "127.0.0.1:50051";
  std::string database_url;
  // A streaming replica of it for the reads that tolerate lag
  // (store/replica_reads.h); empty: everything reads `database_url`.
  std::string read_database_url;
  int threads = 0;       // gRPC handler threads; 0: sized from the machine
  int pool_size = 0;     // PostgreSQL connections; 0: sized from the machine
  int read_pool_size = 0;  // connections to the read replica; 0: as many as pool_size
  std::chrono::seconds shutdown_grace{10};
  std::int64_t max_photo_bytes = 25LL * 1024 * 1024;
  int max_streams = 500;  // concurrent StreamChanges calls
  auth::PrincipalLimitSettings per_principal;  // what one principal may ask of this server
  bool json_logs = false;
  std::string log_level = "info";
  // TLS when set; plaintext (as on a developer's machine) when not.
  std::optional<KeyPair> tls;
  // With TLS: CA certificates that must have signed every client's
  // certificate; "" accepts clients without one.
  std::string tls_client_ca_pem;
  // host:port for GET /metrics (Prometheus); empty: no metrics endpoint.
  std::string metrics_listen;
  // host:port for a plaintext gRPC port serving only grpc.health.v1
  // (app/health_port.h); empty: none.
  std::string health_listen;
  // Runs when calls stuck past the grace period make the server exit
  // without them (`galley dev` stops its PostgreSQL here).
  std::function<void()> before_forced_exit;
  // Runs once the server is serving, on a thread of its own, with a channel
  // into the server that needs no network or TLS (`galley dev` imports its
  // sample edition here). The server waits for it before it exits.
  std::function<void(const std::shared_ptr<grpc::Channel>& channel)> when_serving;
};

// The flags `serve` and `dev` share, and the config they describe.
std::vector<OptionSpec> ServerOptionSpecs();
ServerConfig ServerConfigFrom(const Options& options);  // throws UsageError

// Serves until a signal; returns an ExitCode. Refuses to start (with one
// line on stderr) when the database is unreachable, migrations are pending
// or the listen address cannot be bound.
int RunServer(const ServerConfig& config);

}  // namespace galley::app
