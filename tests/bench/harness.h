// The world a benchmark run measures, all started here: a throwaway
// PostgreSQL cluster under /tmp, migrated with `galley migrate up`, an admin
// token from `galley token create`, and the real `galley serve` as a child
// process on a free 127.0.0.1 port. The harness tears it all down when it
// goes away, also when a scenario throws; TearDownOnInterrupt() covers
// Ctrl-C and SIGTERM.
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "process_sampler.h"
#include "store/local_cluster.h"
#include "support/child_process.h"

namespace galley::bench {

class HarnessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HarnessOptions {
  std::string galley_binary;
  // Keep PostgreSQL's fsync: publishing commits one at a time through the
  // change log's lock, so its WAL flush is part of what the feed costs.
  bool durable = true;
  // Leave PostgreSQL running with its data at the end (not on Ctrl-C), so
  // that the loaded corpus can be examined with psql (EXPLAIN, profiles).
  bool keep_database = false;
};

class Harness {
 public:
  explicit Harness(const HarnessOptions& options);  // throws HarnessError
  ~Harness();                                       // stops the server, then PostgreSQL

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  const std::string& address() const { return address_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::string& database_url() const { return database_url_; }
  pid_t server_pid() const { return server_->pid(); }
  // The postmaster: its backends are its children.
  pid_t postgres_pid() const { return postgres_pid_; }
  // Samples the server's and PostgreSQL's use of the machine.
  UsageSampler NewUsageSampler() const { return UsageSampler(server_pid(), postgres_pid_); }
  // The server's own account of its sizing (threads, connections, streams).
  const std::string& server_banner() const { return banner_; }

  // Creates database `name` in the same cluster unless it exists; returns
  // its URL (for tools that measure PostgreSQL beside the server).
  std::string CreateDatabase(const std::string& name);

  // A channel with a connection of its own (channels to one address share
  // one unless told otherwise), calling with the admin token.
  std::shared_ptr<grpc::Channel> NewChannel() const;

  // The last `lines` lines the server logged, to show why a scenario failed.
  std::string ServerLogTail(std::size_t lines) const;
  // Whether the server is still running (a scenario's failure may be its death).
  bool ServerRunning() const { return server_->running(); }

 private:
  void Start(const HarnessOptions& options);
  void TearDown() noexcept;
  std::string RunGalley(const std::vector<std::string>& args) const;

  std::string galley_binary_;
  std::filesystem::path dir_;
  std::unique_ptr<store::LocalCluster> cluster_;
  std::unique_ptr<testing::ChildProcess> server_;
  std::string database_url_;
  std::string admin_token_;
  std::string address_;
  std::string banner_;
  pid_t postgres_pid_ = -1;
  bool keep_database_ = false;
};

// Call first in main, before any thread exists: blocks SIGINT and SIGTERM
// in every thread and waits for them on one of its own, which then
// kills the server, stops PostgreSQL, removes the cluster's directory and
// exits 128 + signal. Without it an interrupted run would leave PostgreSQL
// running (pg_ctl starts it detached from us).
void TearDownOnInterrupt();

}  // namespace galley::bench
