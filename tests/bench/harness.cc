#include "harness.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "app/shutdown_signals.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "support/bearer_token.h"

namespace galley::bench {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDatabase = "galley_bench";
constexpr auto kCommandTimeout = std::chrono::seconds(120);
constexpr auto kServeTimeout = std::chrono::seconds(60);
constexpr auto kHealthTimeout = std::chrono::seconds(30);
// Streams end at once on SIGTERM; in-flight unary calls get this long.
constexpr const char* kShutdownGrace = "5";
constexpr auto kServerExitWait = std::chrono::seconds(15);

// What an interrupted run must stop, kept apart from the Harness so that the
// signal thread never touches objects the main thread may be using: the
// server's pid and log, the cluster's options (LocalCluster::StopLeftover
// needs only those) and a directory, guarded by one mutex that teardown
// also takes.
struct Leftovers {
  std::mutex mutex;
  pid_t server = -1;
  std::string server_log;
  std::optional<store::LocalClusterOptions> cluster;
  fs::path dir;
};

Leftovers& CurrentLeftovers() {
  static Leftovers leftovers;
  return leftovers;
}

void RemoveDirectory(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

[[noreturn]] void StopLeftoversAndExit(int signal_number) {
  Leftovers& leftovers = CurrentLeftovers();
  std::lock_guard<std::mutex> lock(leftovers.mutex);
  std::cerr << "galley_bench: " << strsignal(signal_number) << ": stopping the server and PostgreSQL\n";
  if (leftovers.server > 0) kill(leftovers.server, SIGKILL);
  if (!leftovers.server_log.empty()) std::remove(leftovers.server_log.c_str());
  if (leftovers.cluster) {
    try {
      store::LocalCluster::StopLeftover(*leftovers.cluster);
    } catch (const std::exception& error) {
      std::cerr << "galley_bench: could not stop PostgreSQL in " << leftovers.dir << ": " << error.what() << '\n';
    }
  }
  RemoveDirectory(leftovers.dir);
  std::_Exit(128 + signal_number);
}

std::string MakeTempDir() {
  char dir[] = "/tmp/galley-bench-XXXXXX";
  if (mkdtemp(dir) == nullptr) throw HarnessError(std::string("mkdtemp: ") + std::strerror(errno));
  // PostgreSQL, run as `postgres` when the bench runs as root, must reach it.
  chmod(dir, 0755);
  return dir;
}

bool Serving(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

// The rest of the first line of `text` from `needle` on, "" if there is none.
std::string LineFrom(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find('\n', at) - at);
}

// Asks a backend for its pid: its parent is the postmaster, wherever the
// cluster keeps its files.
pid_t PostmasterOf(const std::string& url) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    return ParentOf(tx.exec("SELECT pg_backend_pid()").at(0)[0].as<int>());
  } catch (const std::exception& error) {
    throw HarnessError(std::string("cannot find PostgreSQL's postmaster: ") + error.what());
  }
}

}  // namespace

Harness::Harness(const HarnessOptions& options) : galley_binary_(options.galley_binary) {
  // A constructor that throws runs no destructor: tear down what was started.
  try {
    Start(options);
  } catch (...) {
    TearDown();
    throw;
  }
  keep_database_ = options.keep_database;  // a failed start removes everything
}

Harness::~Harness() { TearDown(); }

void Harness::Start(const HarnessOptions& options) {
  Leftovers& leftovers = CurrentLeftovers();
  dir_ = MakeTempDir();
  store::LocalClusterOptions cluster_options;
  cluster_options.data_dir = dir_;
  cluster_options.fast_unsafe = !options.durable;
  {
    std::lock_guard<std::mutex> lock(leftovers.mutex);
    leftovers.dir = dir_;
    leftovers.cluster = cluster_options;
  }
  try {
    cluster_ = std::make_unique<store::LocalCluster>(cluster_options);
    cluster_->EnsureDatabase(kDatabase);
  } catch (const std::exception& error) {
    throw HarnessError(std::string("cannot start PostgreSQL: ") + error.what());
  }
  database_url_ = cluster_->Url(kDatabase);
  postgres_pid_ = PostmasterOf(database_url_);

  RunGalley({"migrate", "up", "--database-url", database_url_});
  admin_token_ = testing::TokenSecretIn(
      RunGalley({"token", "create", "--database-url", database_url_, "--name", "bench", "--role", "admin"}));
  if (admin_token_.empty()) throw HarnessError("`galley token create` printed no token");

  server_ = std::make_unique<testing::ChildProcess>(
      galley_binary_, std::vector<std::string>{"serve", "--database-url", database_url_, "--listen", "127.0.0.1:0",
                                               "--shutdown-grace", kShutdownGrace,
                                               // The benchmark measures what the server can do, with one
                                               // principal calling as fast as it can.
                                               "--max-requests-per-second", "0"});
  if (!server_->started()) throw HarnessError(server_->start_error());
  {
    std::lock_guard<std::mutex> lock(leftovers.mutex);
    leftovers.server = server_->pid();
    leftovers.server_log = server_->log_path();
  }
  address_ = server_->WaitForServingAddress(kServeTimeout);
  if (address_.empty()) throw HarnessError("galley serve did not start serving; its log:\n" + server_->Log());
  banner_ = LineFrom(server_->Log(), "galley serving on");

  const auto channel = NewChannel();
  const auto deadline = std::chrono::steady_clock::now() + kHealthTimeout;
  while (!Serving(channel)) {
    if (std::chrono::steady_clock::now() >= deadline || !server_->running()) {
      throw HarnessError("galley serve never reported SERVING; its log:\n" + ServerLogTail(40));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void Harness::TearDown() noexcept {
  Leftovers& leftovers = CurrentLeftovers();
  std::lock_guard<std::mutex> lock(leftovers.mutex);
  if (server_) {
    // SIGTERM first: the server ends its streams and exits cleanly, so a
    // crash at exit would show (as a non-zero status) rather than be hidden.
    server_->Signal(SIGTERM);
    if (!server_->WaitForExit(kServerExitWait)) {
      std::cerr << "galley_bench: galley serve did not exit on SIGTERM; killing it\n";
    }
    server_.reset();  // SIGKILLs it if it still runs
  }
  leftovers.server = -1;
  leftovers.server_log.clear();
  if (cluster_ && keep_database_) {
    cluster_->Detach();
    cluster_.reset();
    leftovers.cluster.reset();
    leftovers.dir.clear();
    std::cerr << "galley_bench: PostgreSQL keeps running with the corpus: psql '" << database_url_
              << "'\n  when done: kill $(head -1 " << (dir_ / "pgdata" / "postmaster.pid").string() << ") && rm -rf "
              << dir_ << '\n';
    return;
  }
  if (cluster_) {
    try {
      cluster_->Stop();
    } catch (const std::exception& error) {
      std::cerr << "galley_bench: could not stop PostgreSQL in " << dir_ << ": " << error.what() << '\n';
    }
    cluster_.reset();
  }
  leftovers.cluster.reset();
  RemoveDirectory(dir_);
  leftovers.dir.clear();
}

std::string Harness::RunGalley(const std::vector<std::string>& args) const {
  const testing::RunResult result = testing::RunToCompletion(galley_binary_, args, {}, kCommandTimeout);
  if (!result.error.empty() || result.exit_code != 0) {
    throw HarnessError("`galley " + args.front() + " " + args.at(1) + "` failed (" +
                       (result.error.empty() ? "exit " + std::to_string(result.exit_code) : result.error) +
                       "):\n" + result.output);
  }
  return result.output;
}

std::string Harness::CreateDatabase(const std::string& name) {
  cluster_->EnsureDatabase(name);
  return cluster_->Url(name);
}

std::shared_ptr<grpc::Channel> Harness::NewChannel() const {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return testing::ChannelWithToken(address_, admin_token_, arguments);
}

std::string Harness::ServerLogTail(std::size_t lines) const {
  const std::string log = server_ ? server_->Log() : "";
  std::size_t start = log.size();
  for (std::size_t seen = 0; start > 0 && seen <= lines;) {
    if (log[--start] == '\n') ++seen;
  }
  return log.substr(start == 0 ? 0 : start + 1);
}

void TearDownOnInterrupt() {
  // The signals `galley serve` shuts down on, handled the same way.
  const sigset_t signals = app::BlockShutdownSignals();
  std::thread([signals] { StopLeftoversAndExit(app::WaitForShutdownSignal(signals)); }).detach();
}

}  // namespace galley::bench
