#include "app/server.h"

#include <absl/synchronization/mutex.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <thread>

#include "app/exit_codes.h"
#include "app/galley_services.h"
#include "app/health_monitor.h"
#include "app/health_port.h"
#include "app/metrics_endpoint.h"
#include "app/publishing_scheduler.h"
#include "app/server_metrics.h"
#include "app/shutdown_signals.h"
#include "store/connection_pool.h"
#include "store/connection_url.h"
#include "store/database.h"
#include "store/database_probe.h"
#include "store/schema_check.h"
#include "store/service_secrets.h"

namespace galley::app {

namespace {

// How long past the grace period a call stuck in the database may hold up
// the exit before the process leaves without it.
constexpr std::chrono::seconds kForcedExitMargin{2};

// The server's half of the handshake: TLS with the configured key pair, and
// with client certificates required and verified when a client CA is set.
std::shared_ptr<grpc::ServerCredentials> CredentialsFor(const ServerConfig& config) {
  if (!config.tls) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(config.tls_client_ca_pem.empty()
                                            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = config.tls_client_ca_pem;
  ssl.pem_key_cert_pairs.push_back({config.tls->private_key_pem, config.tls->certificate_chain_pem});
  return grpc::SslServerCredentials(ssl);
}

const char* TransportOf(const ServerConfig& config) {
  if (!config.tls) return "plaintext";
  return config.tls_client_ca_pem.empty() ? "TLS" : "TLS with client certificates";
}

int DefaultThreads() { return static_cast<int>(std::clamp(4u * std::thread::hardware_concurrency(), 8u, 256u)); }

// Refuses to serve a database whose schema this binary does not expect.
// Returns an exit code, or kExitOk to go on.
int CheckSchema(const std::string& database_url) {
  const store::SchemaCheck check = store::InspectSchema(database_url);
  if (!check.pending.empty()) {
    std::cerr << "galley serve: the database has " << check.pending.size()
              << " pending migration(s), first " << check.pending.front()
              << "; run `galley migrate up` first\n";
    return kExitSchemaNotReady;
  }
  if (!check.unknown.empty()) {
    spdlog::warn("the database schema is newer than this binary (applied migrations it does not know: {}); "
                 "serving, as during a rolling upgrade",
                 check.unknown.front());
  }
  return kExitOk;
}

}  // namespace

std::vector<OptionSpec> ServerOptionSpecs() {
  return {
      {"listen", "GALLEY_LISTEN", "127.0.0.1:50051", "address and port to serve gRPC on"},
      {"threads", "GALLEY_THREADS", "0", "gRPC handler threads; 0 sizes from the machine"},
      {"pool-size", "GALLEY_POOL_SIZE", "0", "PostgreSQL connections; 0 sizes from the machine"},
      {"shutdown-grace", "GALLEY_SHUTDOWN_GRACE", "10", "seconds in-flight calls get to finish on SIGTERM"},
      {"max-photo-mib", "GALLEY_MAX_PHOTO_MIB", "25", "largest photo upload accepted, in MiB"},
      {"max-streams", "GALLEY_MAX_STREAMS", "500", "change streams served at once (each holds a thread)"},
      {"max-requests-per-second", "GALLEY_MAX_REQUESTS_PER_SECOND", "1000",
       "requests a second one principal may send, in bursts of twice as many; 0: no limit"},
      {"max-streams-per-principal", "GALLEY_MAX_STREAMS_PER_PRINCIPAL", "100",
       "change streams one principal may have open at once; 0: no limit"},
      {"max-request-kib", "GALLEY_MAX_REQUEST_KIB", "2048",
       "largest request (photo bytes aside) an editorial principal may send; readers may send 64 KiB"},
      {"log-format", "GALLEY_LOG_FORMAT", "text", "text or json (one JSON object per line)"},
      {"log-level", "GALLEY_LOG_LEVEL", "info", "trace, debug, info, warn, error"},
      {"tls-cert", "GALLEY_TLS_CERT", "", "PEM certificate chain: serve TLS (needs --tls-key)"},
      {"tls-key", "GALLEY_TLS_KEY", "", "PEM private key of --tls-cert"},
      {"tls-client-ca", "GALLEY_TLS_CLIENT_CA", "", "PEM CA certificates: require client certificates they signed"},
      {"metrics-listen", "GALLEY_METRICS_LISTEN", "", "host:port to serve Prometheus metrics on (GET /metrics); empty: none"},
      {"health-listen", "GALLEY_HEALTH_LISTEN", "",
       std::string("host:port for plaintext gRPC health checks only, for probes that cannot speak TLS:\n"
                   "service \"\" (NOT_SERVING without the database) and ") +
           HealthMonitor::kLivenessService + " (SERVING until shutdown);\nempty: none"},
  };
}

ServerConfig ServerConfigFrom(const Options& options) {
  ServerConfig config;
  config.listen = options.Get("listen");
  if (config.listen.empty()) throw UsageError("--listen must not be empty");
  config.threads = options.GetInt("threads", 0, 1024);
  config.pool_size = options.GetInt("pool-size", 0, 1000);
  config.shutdown_grace = std::chrono::seconds(options.GetInt("shutdown-grace", 0, 3600));
  config.max_photo_bytes = static_cast<std::int64_t>(options.GetInt("max-photo-mib", 1, 1024)) * 1024 * 1024;
  config.max_streams = options.GetInt("max-streams", 1, 10000);
  config.per_principal.requests_per_second = options.GetInt("max-requests-per-second", 0, 1000000);
  config.per_principal.streams = options.GetInt("max-streams-per-principal", 0, 10000);
  config.per_principal.request_bytes =
      static_cast<std::size_t>(options.GetInt("max-request-kib", 64, 16 * 1024)) * 1024;
  const std::string format = options.Get("log-format");
  if (format != "text" && format != "json") throw UsageError("--log-format must be text or json, got '" + format + "'");
  config.json_logs = format == "json";
  config.log_level = options.Get("log-level");
  config.metrics_listen = options.Get("metrics-listen");
  config.health_listen = options.Get("health-listen");
  config.tls = ReadKeyPair(options, "tls-cert", "tls-key");
  config.tls_client_ca_pem = ReadCertificates(options, "tls-client-ca");
  if (!config.tls_client_ca_pem.empty() && !config.tls) {
    throw UsageError("galley " + options.command() + ": --tls-client-ca needs --tls-cert and --tls-key");
  }
  return config;
}

int RunServer(const ServerConfig& config) {
  const sigset_t shutdown_signals = BlockShutdownSignals();
  // Debian builds Abseil without NDEBUG, so every mutex gRPC takes would
  // also record the order of the locks held, a debugging aid that cost the
  // server several per cent of its CPU on each call. Release builds of
  // Abseil leave it off; so does Galley.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  try {
    store::CheckConnectionUrl(config.database_url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("--database-url: ") + error.what());
  }
  if (!config.read_database_url.empty()) {
    try {
      store::CheckConnectionUrl(config.read_database_url);
    } catch (const std::invalid_argument& error) {
      throw UsageError(std::string("--read-database-url: ") + error.what());
    }
  }
  if (store::DatabaseProbe probe(config.database_url); !probe.Check()) {
    std::cerr << "galley: cannot reach the database: " << probe.last_error() << '\n';
    return kExitDatabaseUnavailable;
  }
  if (const int code = CheckSchema(config.database_url); code != kExitOk) return code;

  const std::size_t pool_size = config.pool_size > 0 ? config.pool_size : store::DefaultPoolSize();
  const int threads = config.threads > 0 ? config.threads : DefaultThreads();
  store::ConnectionPool pool(config.database_url, pool_size);
  store::Database database(pool);
  // A replica that does not answer yet is no reason to refuse to start: its
  // reads go to the primary until it does (store/replica_reads.h).
  std::unique_ptr<store::ConnectionPool> read_pool;
  std::unique_ptr<store::Database> read_database;
  if (!config.read_database_url.empty()) {
    read_pool = std::make_unique<store::ConnectionPool>(
        config.read_database_url, config.read_pool_size > 0 ? static_cast<std::size_t>(config.read_pool_size) : pool_size);
    read_database = std::make_unique<store::Database>(*read_pool);
  }
  GalleyServices services(database, read_database.get(),
                          store::LoadPageTokenSecret(database, store::Clock::now() + std::chrono::seconds(10)),
                          {config.max_photo_bytes, config.max_streams, config.per_principal});

  EnableHealthAndReflection();

  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen, CredentialsFor(config), &bound_port);
  services.RegisterWith(builder, config.json_logs);
  grpc::ResourceQuota quota("galley");
  // Each change stream holds a thread while it lasts: they get threads of
  // their own, so that followers never starve the other calls.
  quota.SetMaxThreads(threads + config.max_streams);
  builder.SetResourceQuota(quota);
  // gRPC's synchronous server keeps at most two idle threads polling by
  // default: under load each handler that finishes exits and the next call
  // starts a thread, a clone and a fresh malloc arena per call. Letting as
  // many threads as handle calls wait for the next one keeps them.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, threads);
  // gRPC sets SO_REUSEPORT by default, which would let a second server
  // silently share a port that is already taken.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    std::cerr << "galley: cannot listen on " << config.listen << " (address in use or invalid)\n";
    return kExitListenFailed;
  }
  if (!config.tls && !IsLoopbackAddress(config.listen)) {
    spdlog::warn("serving without TLS on {}, which other machines can reach: traffic and bearer tokens travel in "
                 "clear text; give --tls-cert and --tls-key",
                 config.listen);
  }
  spdlog::info("galley serving on {} (port {}), {}, {} threads, {} database connections, up to {} change streams",
               config.listen, bound_port, TransportOf(config), threads, pool_size, config.max_streams);

  std::unique_ptr<HealthPort> health_port;
  if (!config.health_listen.empty()) {
    try {
      health_port = std::make_unique<HealthPort>(config.health_listen);
    } catch (const std::exception& error) {
      std::cerr << "galley: " << error.what() << '\n';
      server->Shutdown();
      return kExitListenFailed;
    }
    spdlog::info("health checks on {} (port {}), plaintext", config.health_listen, health_port->port());
  }
  std::vector<grpc::HealthCheckServiceInterface*> health_services{server->GetHealthCheckService()};
  if (health_port) health_services.push_back(health_port->health());
  HealthStatusFanOut health_statuses(std::move(health_services));
  HealthMonitor health(config.database_url, &health_statuses);
  if (read_database) {
    spdlog::info("readers' reads and the feed's replay from the read replica, {} connections", read_pool->size());
    health.WatchReadReplica(config.read_database_url, services.replica_reads());
  }
  PublishingScheduler scheduler(database);
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!config.metrics_listen.empty()) {
    try {
      metrics = std::make_unique<MetricsEndpoint>(
          config.metrics_listen, [&] { return RenderServerMetrics(services, pool, read_pool.get(), scheduler); });
    } catch (const std::exception& error) {
      std::cerr << "galley: " << error.what() << '\n';
      server->Shutdown();
      return kExitListenFailed;
    }
    spdlog::info("metrics on http://{}/metrics (port {})", metrics->address(), metrics->port());
  }
  std::future<void> first_calls;
  if (config.when_serving) {
    first_calls = std::async(std::launch::async, config.when_serving, server->InProcessChannel(grpc::ChannelArguments()));
  }
  const int signal_number = WaitForShutdownSignal(shutdown_signals);
  spdlog::info("received {}: refusing new calls, giving in-flight calls {}s", strsignal(signal_number),
               config.shutdown_grace.count());
  health.Stop();
  services.EndStreams();
  // gRPC refuses new calls at once and cancels those still running when the
  // grace period ends, but a handler blocked in the database returns only
  // when its statement does. Past the grace period (and a margin) the
  // process leaves without it: PostgreSQL rolls its transaction back.
  auto stopped = std::async(std::launch::async, [&] {
    server->Shutdown(std::chrono::system_clock::now() + config.shutdown_grace);
    server->Wait();
  });
  const bool drained = stopped.wait_for(config.shutdown_grace + kForcedExitMargin) != std::future_status::timeout;
  // A poll stuck in a frozen database must not hold the process either.
  const bool scheduler_stopped = drained && scheduler.Stop(kForcedExitMargin);
  if (!scheduler_stopped) {
    spdlog::error(drained ? "the publishing scheduler is stuck in the database; exiting without it"
                          : "calls still in flight after the grace period; exiting without them");
    if (config.before_forced_exit) config.before_forced_exit();
    spdlog::default_logger()->flush();
    std::_Exit(kExitOk);
  }
  stopped.get();
  if (first_calls.valid()) first_calls.wait();  // its calls fail fast once the server is down
  spdlog::info("galley stopped");
  return kExitOk;
}

}  // namespace galley::app
